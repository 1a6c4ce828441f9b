import type { Executor } from '../db/executor.ts';
import { selectFormationRows, selectTypeDiplome } from '../db/formation.repository.ts';
import { selectOrganismePublic } from '../db/organisme.repository.ts';
import { selectFormationsPubliques, selectOrganismesPublics } from '../db/recherche.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import { formationVue, seesVueProfessionnelle } from '../domain/champs-professionnels.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { isValidSiret } from '../domain/identifiants.ts';
import { premierUaiConnu } from '../domain/organisme-uai.ts';
import type { OrganismeFaits } from '../domain/schema-org.ts';
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
 * `type_diplome`: its certification's type in the reference (the page's entry requirements,
 * domain/conditions-acces.ts), null when the reference does not tell.
 */
export async function formationDiffusee(
  db: Executor,
  acteur: Acteur,
  id: string,
): Promise<{ f: Formation; professionnelle: boolean; type_diplome: string | null } | null> {
  const f = (await renderFormations(db, await selectFormationRows(db, [id], DIFFUSEE)))[0];
  if (!f) return null;
  const professionnelle = seesVueProfessionnelle(acteur);
  if (!professionnelle && !montreeAuPublic(f)) return null;
  const type_diplome = await selectTypeDiplome(db, f.certification);
  return { f: formationVue(f, professionnelle ? 'professionnel' : 'public'), professionnelle, type_diplome };
}

type Contact = Formation['contacts'][number];

/** What the public sees of an organisme (its page /organismes/{siret}). */
export interface OrganismePublic extends OrganismeFaits {
  /** Its formations the public is shown (public view), by intitulé; never empty. */
  readonly formations: readonly Formation[];
  /** The référents handicap its formations name, without repeats (may be empty). */
  readonly referentsHandicap: readonly Contact[];
}

/**
 * Organisme `siret` as the public sees it: its facts and the formations where it is responsable
 * or formateur that the public is shown (diffused, recruitment open somewhere: montreeAuPublic),
 * in the public view. Null when it has none: an organisme without a public formation has no page.
 */
export async function organismePublic(db: Executor, siret: string): Promise<OrganismePublic | null> {
  if (!isValidSiret(siret)) return null;
  const { organisme: o, ids } = await selectOrganismePublic(db, siret);
  const formations = (await renderFormations(db, await selectFormationRows(db, ids, DIFFUSEE)))
    .filter(montreeAuPublic)
    .map((f) => formationVue(f, 'public'));
  if (!formations.length) return null;
  const roles = formations.flatMap((f) => [f.responsable, f.formateur]).filter((r) => r?.siret === siret);
  const vus = new Set<string>();
  const referentsHandicap = formations
    .flatMap((f) => f.contacts)
    .filter((c) => c.type === 'referent_handicap')
    .filter((c) => {
      const k = JSON.stringify([c.nom, c.telephone, c.courriel]);
      return !vus.has(k) && !!vus.add(k);
    });
  return {
    siret,
    nom: o?.raison_sociale ?? o?.enseigne ?? roles.find((r) => r?.raison_sociale)?.raison_sociale ?? null,
    // The establishment's first known UAI, else one its roles name (domain/organisme-uai.ts).
    uai: premierUaiConnu(o?.uai, ...roles.map((r) => r?.uai)),
    adresse: o?.adresse ?? null,
    code_postal: o?.code_postal ?? null,
    commune: o?.commune ?? null,
    formations,
    referentsHandicap,
  };
}

/** The sitemaps protocol's limit of addresses per file (https://www.sitemaps.org/protocol.html). */
const PLAN_MAX = 50_000;

const xml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/**
 * sitemap.xml of the public site at `base` (absolute, no trailing slash): home, every public
 * formation page, then the pages of their organismes (within the protocol's 50 000 addresses).
 */
export async function planDuSite(db: Executor, base: string): Promise<string> {
  const fs = await selectFormationsPubliques(db, PLAN_MAX - 1);
  const os = await selectOrganismesPublics(db, PLAN_MAX - 1 - fs.length);
  const url = (loc: string, lastmod?: Date) =>
    `<url><loc>${xml(loc)}</loc>${lastmod ? `<lastmod>${new Date(lastmod).toISOString().slice(0, 10)}</lastmod>` : ''}</url>`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    url(`${base}/`),
    ...fs.map((f) => url(`${base}/formations/${encodeURIComponent(f.id)}`, f.updated_at)),
    ...os.map((siret) => url(`${base}/organismes/${siret}`)),
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
