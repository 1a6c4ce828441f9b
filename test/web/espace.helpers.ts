import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, decider, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';

// Shared by the space's tests: the real reference files of test/fixtures (communes, RNCP) loaded
// through the importer, and the form of a complete formation as a person fills it.

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/referentiels/${p}`, import.meta.url));

/** Loads the communes (75001 → Paris 1er; 01300 → two communes) and RNCP fixtures (RNCP34825). */
export async function loadReferentiels(ctx: AppContext): Promise<void> {
  await importReferentiel(ctx, {
    kind: 'communes',
    fichier: fixture('communes/communes.csv'),
    force: true,
  });
  await importReferentiel(ctx, { kind: 'rncp', fichier: fixture('rncp/fiches-v4.1.xml'), force: true });
}

/** The formation form filled completely (field names as the page posts them). */
export function ficheComplete(siret: string, over: Record<string, string> = {}): Record<string, string> {
  return {
    action: 'enregistrer',
    intitule: 'Titre d’ingénieur manager par apprentissage',
    objectif: 'Former des ingénieurs managers.',
    contenu: '',
    url: '',
    'certification.rncp': 'RNCP34825',
    'certification.cfd': '',
    'responsable.siret': siret,
    'formateur.siret': siret,
    'modalites.formation_continue': 'non',
    'modalites.contrat_professionnalisation': 'oui',
    'modalites.contrat_apprentissage': 'oui',
    'modalites.annees_apprentissage.1': 'oui',
    'modalites.annees_apprentissage.2': 'oui',
    'modalites.duree_annees': '2',
    'contacts.0.type': 'referent_handicap',
    'contacts.0.nom': 'Camille Martin',
    'contacts.0.telephone': '',
    'contacts.0.courriel': 'handicap@cfa.example',
    ...over,
  };
}

/** A session form: dates and place by postal code and name (75001 alone is Paris or its 1st arrondissement). */
export function sessionForm(over: Record<string, string> = {}): Record<string, string> {
  return {
    debut: '2027-09-06',
    fin: '2029-06-30',
    'lieu.adresse': '1 rue de Rivoli',
    'lieu.code_postal': '75001',
    'lieu.commune': 'Paris 1er arrondissement',
    etat_recrutement: 'ouvert',
    capacite: '24',
    ...over,
  };
}

/** The formation id in a space address (`/espace/formations/<id>…`, e.g. a redirection's location). */
export const idDe = (location: unknown) =>
  String(/\/espace\/formations\/([^/?#]+)/.exec(String(location))?.[1]);

/**
 * Creates a formation through the space's form as `nav` (a likely duplicate confirmed), as a
 * person does; its id. The test fails, showing the page, unless the form redirects (303).
 */
export async function creerParFormulaire(nav: Navigateur, form: Record<string, string>): Promise<string> {
  await nav.get('/espace/formations/nouvelle');
  const r = await nav.post('/espace/formations/nouvelle', { ...form, confirmer_doublon: 'oui' });
  expect(r.statusCode, texte(r.body).slice(0, 500)).toBe(303);
  return idDe(r.headers.location);
}

/**
 * « Confirmer la publication » of `id` as `nav` does it: the re-read page opened, its form posted
 * with the hidden fields it carries (the version shown, the last history entry read). The response.
 */
export async function confirmer(nav: Navigateur, id: string) {
  const page = await nav.get(`/espace/formations/${id}/relire`);
  expect(page.statusCode, texte(page.body).slice(0, 400)).toBe(200);
  const historique = /name="historique" value="([^"]*)"/.exec(page.body)?.[1];
  return nav.post(`/espace/formations/${id}/confirmer`, {
    version: versionDe(page.body),
    ...(historique ? { historique } : {}),
  });
}

/** `gestionnaire` validates the offer (or its revision) of `id` through its review page. */
export async function validerParRevue(gestionnaire: Navigateur, id: string) {
  await gestionnaire.get(`/gestion/formations/${id}`);
  const r = await decider(gestionnaire, id, 'valider', { confirmer_retrait: 'oui' });
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
}

/**
 * A formation of `siret` in Paris (région 11) with two sessions, created and published by `org`,
 * validated by `gestionnaire` (of région 11), all through the pages: its id.
 */
export async function publieeParPages(
  org: Navigateur,
  gestionnaire: Navigateur,
  siret: string,
  intitule: string,
): Promise<string> {
  const id = await creerParFormulaire(org, ficheComplete(siret, { intitule }));
  for (const s of [sessionForm(), sessionForm({ debut: '2027-09-01', fin: '2028-06-30' })])
    expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, s)).statusCode).toBe(303);
  expect((await org.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
  expect((await confirmer(org, id)).statusCode).toBe(303);
  await validerParRevue(gestionnaire, id);
  return id;
}

/**
 * An app on the test database without SMTP, the reference fixtures loaded (loadReferentiels), and
 * the organisme `email` (SIREN of SIRET_A) signed in from `ip`: the set-up of the space's tests.
 */
export async function espaceAvecReferentiels(
  email: string,
  ip: string,
): Promise<{ t: TestWeb; nav: Navigateur }> {
  const t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  const nav = await connecte(t, { email, role: 'organisme', siren: SIRET_A.slice(0, 9) }, ip);
  return { t, nav };
}

/** The statut of formation `id` as stored. */
export async function statutDe(ctx: AppContext, id: string): Promise<string> {
  return (
    await ctx.db.selectFrom('formation').select('statut').where('id', '=', id).executeTakeFirstOrThrow()
  ).statut;
}

/**
 * « Archiver » or « Supprimer le brouillon » of `id` as `nav` does it: the confirmation page opened,
 * its form posted with the statut confirmed and the version the page shows. Both responses.
 */
export async function retirerParPages(
  nav: Navigateur,
  id: string,
  retrait: 'archiver' | 'supprimer',
  statut: string,
) {
  const url = `/espace/formations/${id}/${retrait}`;
  const confirmation = await nav.get(url);
  expect(confirmation.statusCode, texte(confirmation.body).slice(0, 400)).toBe(200);
  const r = await nav.post(url, { statut, version: versionDe(confirmation.body) });
  return { confirmation, r };
}

/** The entries of a formation page's history as `nav` sees them, newest first, each as its visible text. */
export async function entreesHistorique(nav: Navigateur, id: string): Promise<string[]> {
  const page = await nav.get(`/espace/formations/${id}`);
  expect(page.statusCode).toBe(200);
  return page.body
    .slice(page.body.indexOf('id="historique"'))
    .split('<li class="fr-mb-2w">')
    .slice(1)
    .map((li) => texte(li).trim());
}

/** The hidden `version` field of a space form (the formation's, a session's): '' when absent. */
export const versionDe = (html: string) => /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';

/** The `version` the form of `url` carries now (read as a person opens the page before saving). */
export async function versionLue(nav: Navigateur, url: string): Promise<string> {
  const page = await nav.get(url);
  expect(page.statusCode).toBe(200);
  return versionDe(page.body);
}

/**
 * The CFA's software, as a second tab would: adds a session (4 October 2027 → 30 June 2029, Paris
 * 1er) to formation `id` through the API with the write key `auth` (its `authorization` header);
 * expects 201. The page open before it is then stale.
 */
export async function sessionAjouteeParApi(t: TestWeb, auth: { authorization: string }, id: string) {
  const ajout = await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${id}/sessions`,
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify({
      debut: '2027-10-04',
      fin: '2029-06-30',
      lieu: { adresse: '2 rue de Rivoli', code_postal: '75001', commune: 'Paris 1er arrondissement' },
    }),
  });
  expect(ajout.statusCode, ajout.body).toBe(201);
}

/** The fields the error summary of `html` links to (`#<id>`), in its order; [] without a summary. */
export function liensDuResume(html: string): string[] {
  const resume = /<div[^>]*id="resume-erreurs"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...resume.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
}

/** Those of `champs` a form field of `html` is named after (`name="…"`), in the order they first appear. */
export function champsDeLaPage(html: string, champs: readonly string[]): string[] {
  return champs
    .map((c) => ({ c, i: html.indexOf(`name="${c}"`) }))
    .filter((x) => x.i >= 0)
    .sort((a, b) => a.i - b.i)
    .map((x) => x.c);
}
