import type { Executor } from '../db/executor.ts';
import { selectFormationsPubliques } from '../db/recherche.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { getFormation } from './formation.service.ts';

// What the public pages show: diffused formations (the anonymous view) that montreeAuPublic keeps;
// the search itself is recherche.service.ts.

const ANONYME: Acteur = { kind: 'anonyme' };

/** A formation as the public sees it, or null (not diffused, or recruitment closed everywhere). */
export async function formationPublique(db: Executor, id: string): Promise<Formation | null> {
  const f = await getFormation(db, ANONYME, id);
  return f && montreeAuPublic(f) ? f : null;
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
