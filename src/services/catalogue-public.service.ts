import type { Executor } from '../db/executor.ts';
import { selectFormationRows } from '../db/formation.repository.ts';
import { selectFormationsPubliques } from '../db/recherche.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import { formationVue, seesVueProfessionnelle } from '../domain/champs-professionnels.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { renderFormations } from './formation.view.ts';

// What the public pages show: diffused formations (published, Catalogue général) — to everyone
// those that montreeAuPublic keeps, in the public view; to signed-in professionals (prescripteur,
// gestionnaire, admin) every diffused one, in the professional view. The search itself is
// recherche.service.ts.

const DIFFUSEE = { kind: 'diffusee', siren: null, regions: [] } as const;

/** A formation as the public sees it, or null (not diffused, or recruitment closed everywhere). */
export async function formationPublique(db: Executor, id: string): Promise<Formation | null> {
  return (await formationDiffusee(db, { kind: 'anonyme' }, id))?.f ?? null;
}

/**
 * The diffused formation `id` as `acteur` sees it on the formation page: `professionnelle` for
 * signed-in prescripteurs, gestionnaires and administrators (closed sessions, bilans, session
 * contacts), else the public view; null when not diffused, or, for the public, closed everywhere.
 */
export async function formationDiffusee(
  db: Executor,
  acteur: Acteur,
  id: string,
): Promise<{ f: Formation; professionnelle: boolean } | null> {
  const f = (await renderFormations(db, await selectFormationRows(db, [id], DIFFUSEE)))[0];
  if (!f) return null;
  if (seesVueProfessionnelle(acteur)) return { f: formationVue(f, 'professionnel'), professionnelle: true };
  return montreeAuPublic(f) ? { f: formationVue(f, 'public'), professionnelle: false } : null;
}

/** The sitemaps protocol's limit of addresses per file (https://www.sitemaps.org/protocol.html). */
const PLAN_MAX = 50_000;

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** sitemap.xml of the public site at `base` (absolute, no trailing slash): home and every public formation page. */
export async function planDuSite(db: Executor, base: string): Promise<string> {
  const fs = await selectFormationsPubliques(db, PLAN_MAX - 1);
  const url = (loc: string, lastmod?: Date) =>
    `<url><loc>${xml(loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString().slice(0, 10)}</lastmod>` : ''}</url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(`${base}/`),
    ...fs.map((f) => url(`${base}/formations/${encodeURIComponent(f.id)}`, f.updated_at)),
    '</urlset>',
    '',
  ].join('\n');
}

/** robots.txt: the public pages may be crawled; the API, the accounts and the spaces not. */
export const robotsTxt = (base: string) =>
  [
    'User-agent: *',
    'Allow: /',
    'Disallow: /api/',
    'Disallow: /connexion',
    'Disallow: /compte',
    'Disallow: /espace',
    'Disallow: /gestion',
    'Disallow: /admin',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
