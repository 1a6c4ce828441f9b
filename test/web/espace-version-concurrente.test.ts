import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import type { Navigateur, TestWeb } from '../auth/web.helpers.ts';
import { texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete, versionDe } from './espace.helpers.ts';

// A tester's report (05/12, MEDIUM): the formation form of the space carried no version. A change
// made through the API (PUT /api/v1/formations/{id}) while the page was open was silently
// overwritten by the next « Enregistrer » (or « Enregistrer et publier »). The form now carries the
// version it shows (hidden `version`), as the gestionnaire's review does: a stale one is refused
// (409 FORMATION_MODIFIEE), nothing stored, what was typed kept; the session form the same.

let t: TestWeb;
let org: Navigateur;
let auth: { authorization: string };

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('cfa@version.test', '10.47.0.1'));
  const cle = await createApiKey(t.ctx, { name: 'SI du CFA', scope: 'write', siren: SIREN_A });
  auth = { authorization: `Bearer ${cle.key}` };
}, 120_000);
afterAll(() => t?.close());

/** A draft of SIREN_A written through the API's service: its id and input. */
async function brouillon(cle: string, intitule: string) {
  const input = formationFixture({ cle_externe: cle, intitule });
  const { id } = await saveFormation(t.ctx, organismeDe(SIREN_A), input);
  return { id, input };
}

/** PUT /api/v1/formations/{id} with the key of the organisme's information system. */
async function putApi(id: string, input: FormationInput) {
  const r = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/formations/${id}`,
    headers: { ...auth, 'content-type': 'application/json' },
    payload: JSON.stringify(input),
  });
  expect(r.statusCode, r.body).toBe(200);
}

const stockee = (id: string) =>
  t.ctx.db
    .selectFrom('formation')
    .select(['intitule', 'objectif', 'statut'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The form's fields as the page posts them, the SIRET of SIREN_A's establishment. */
const saisie = (over: Record<string, string>) => ficheComplete(SIRET_A, over);

/** The text of the version alert of a page (its `div`, nothing after it). */
const alerteDe = (html: string) => {
  const debut = html.indexOf('id="conflit"');
  return debut < 0 ? '' : texte(html.slice(debut, html.indexOf('</div>', debut)));
};

describe('the formation form saved over a change made through the API', () => {
  it('« Enregistrer » with the version read is refused (409), nothing stored, what was typed kept', async () => {
    const { id, input } = await brouillon('VER-1', 'Intitulé lu');
    const page = await org.get(`/espace/formations/${id}`);
    const lue = versionDe(page.body);
    expect(lue).not.toBe('');
    // The organisme's information system changes the offer while the page is open.
    await putApi(id, { ...input, intitule: 'Intitulé de l’API', objectif: 'Objectif de l’API.' });

    const r = await org.post(
      `/espace/formations/${id}`,
      saisie({ version: lue, intitule: 'Intitulé saisi', objectif: 'Objectif saisi.' }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    // Nothing stored: the API's change stays.
    expect(await stockee(id)).toMatchObject({
      intitule: 'Intitulé de l’API',
      objectif: 'Objectif de l’API.',
    });
    // A DSFR alert in French: modified meanwhile, by whom, nothing saved; a link to the current version.
    const alerte = r.body.slice(r.body.indexOf('id="conflit"'));
    expect(r.body).toContain('id="conflit"');
    expect(r.body).toMatch(/class="fr-alert fr-alert--error[^"]*"[^>]*id="conflit"/);
    expect(texte(alerte)).toContain('Cette formation a été modifiée depuis l’ouverture du formulaire');
    expect(texte(alerte)).toContain('l’API (clé « SI du CFA »)');
    expect(texte(alerte)).toContain('vos modifications n’ont pas été enregistrées');
    expect(alerte).toContain(`href="/espace/formations/${id}"`);
    // The conflict's stable code, as every error shown on a page.
    expect(alerteDe(r.body)).toContain('Code de l’erreur : FORMATION_MODIFIEE');
    // What was typed is in the form again.
    expect(r.body).toMatch(/name="intitule"[^>]*value="Intitulé saisi"/);
    expect(r.body).toMatch(/name="objectif"[^>]*>Objectif saisi\.<\/textarea>/);
    // The form now carries the current version: saving again, knowingly, goes through.
    const actuelle = versionDe(r.body);
    expect(actuelle).not.toBe(lue);
    const ok = await org.post(
      `/espace/formations/${id}`,
      saisie({ version: actuelle, intitule: 'Intitulé saisi' }),
    );
    expect(ok.statusCode, texte(ok.body).slice(0, 400)).toBe(303);
    expect((await stockee(id)).intitule).toBe('Intitulé saisi');
  });

  it('« Enregistrer et publier » with a stale version: refused the same, neither saved nor published', async () => {
    const { id, input } = await brouillon('VER-2', 'À publier');
    const lue = versionDe((await org.get(`/espace/formations/${id}`)).body);
    await putApi(id, { ...input, intitule: 'À publier (API)' });
    const r = await org.post(
      `/espace/formations/${id}`,
      saisie({ version: lue, action: 'publier', intitule: 'À publier (saisi)' }),
    );
    expect(r.statusCode).toBe(409);
    expect(r.headers.location).toBeUndefined();
    expect(texte(r.body)).toContain('Cette formation a été modifiée depuis l’ouverture du formulaire');
    expect(r.body).toMatch(/name="intitule"[^>]*value="À publier \(saisi\)"/);
    expect(await stockee(id)).toMatchObject({ intitule: 'À publier (API)', statut: 'brouillon' });
  });

  it('with the current version: saved as before; the certification search keeps the version read', async () => {
    const { id, input } = await brouillon('VER-3', 'Version courante');
    const lue = versionDe((await org.get(`/espace/formations/${id}`)).body);
    // « Chercher la certification » re-displays the form: with the version read, not a newer one.
    await putApi(id, { ...input, objectif: 'Changé pendant la recherche.' });
    const cherche = await org.post(
      `/espace/formations/${id}`,
      saisie({ version: lue, action: 'chercher', 'certification.recherche': 'RNCP34825' }),
    );
    expect(cherche.statusCode).toBe(200);
    expect(versionDe(cherche.body)).toBe(lue);
    expect((await org.post(`/espace/formations/${id}`, saisie({ version: lue }))).statusCode).toBe(409);

    const courante = versionDe((await org.get(`/espace/formations/${id}`)).body);
    const r = await org.post(
      `/espace/formations/${id}`,
      saisie({ version: courante, intitule: 'Enregistrée' }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    expect((await stockee(id)).intitule).toBe('Enregistrée');
  });

  it('a form without its `version` field is refused (400), the field named, nothing stored', async () => {
    const { id } = await brouillon('VER-4', 'Sans version');
    const r = await org.post(`/espace/formations/${id}`, saisie({ intitule: 'Saisi sans version' }));
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('« version »');
    expect(r.body).toMatch(/name="intitule"[^>]*value="Saisi sans version"/);
    expect((await stockee(id)).intitule).toBe('Sans version');
  });
});

// A tester's report (05/12): tab A changes « Objectif » and saves; tab B, opened before, changes
// « Intitulé » only and is refused (409); saving B again silently took back A's objectif, the
// alert never saying which fields would be replaced. It now lists them, with their current value.
describe('the refused save lists the fields that saving again would replace', () => {
  it('tab A changed « Objectif », tab B « Intitulé »: the alert of B names both, with the current values', async () => {
    const id = await creerParFormulaire(org, saisie({ intitule: 'Coiffure (onglets)' }));
    const lue = versionDe((await org.get(`/espace/formations/${id}`)).body);
    const objectifA = `Former des coiffeurs ${'et des coiffeuses '.repeat(8)}à la gestion d’un salon.`;
    // Tab A.
    const a = await org.post(
      `/espace/formations/${id}`,
      saisie({ version: lue, intitule: 'Coiffure (onglets)', objectif: objectifA }),
    );
    expect(a.statusCode, texte(a.body).slice(0, 400)).toBe(303);
    // Tab B, opened before A saved: its objectif is the old one.
    const b = await org.post(`/espace/formations/${id}`, saisie({ version: lue, intitule: 'Intitulé de B' }));
    expect(b.statusCode).toBe(409);
    const alerte = alerteDe(b.body);
    expect(alerte).toContain('Si vous enregistrez de nouveau, ces champs remplaceront la version actuelle');
    expect(alerte).toContain(`Objectif (actuellement « ${objectifA.slice(0, 80)}… »)`);
    expect(alerte).toContain('Intitulé (actuellement « Coiffure (onglets) »)');
    // The fields both tabs hold alike are not listed.
    expect(alerte).not.toContain('Durée du cursus');
    expect(alerte).not.toContain('Organisme responsable');
    expect(alerte).not.toContain('Contact');
    expect((await stockee(id)).objectif).toBe(objectifA);
  });

  it('the session form: a capacity changed meanwhile is listed with its current value', async () => {
    const { id, input } = await brouillon('VER-S2', 'Sessions (champs)');
    const sid = (
      await t.ctx.db
        .selectFrom('session')
        .select('id')
        .where('formation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    const url = `/espace/formations/${id}/sessions/${sid}`;
    const page = await org.get(url);
    const lue = versionDe(page.body);
    await putApi(id, { ...input, sessions: [{ ...input.sessions[0]!, capacite: 12 }] });
    // The form as the page showed it, the capacity untouched.
    const champ = (nom: string) =>
      new RegExp(`name="${nom.replace('.', '\\.')}"[^>]*value="([^"]*)"`).exec(page.body)?.[1] ?? '';
    const form: Record<string, string> = { version: lue, etat_recrutement: 'ouvert' };
    for (const nom of ['debut', 'fin', 'capacite', 'lieu.adresse', 'lieu.code_postal', 'lieu.commune'])
      form[nom] = champ(nom);
    const r = await org.post(url, form);
    expect(r.statusCode).toBe(409);
    const alerte = alerteDe(r.body);
    expect(alerte).toContain('Capacité (actuellement « 12 »)');
    expect(alerte).not.toContain('Date de début');
  });
});

describe('the session form saved over a change made through the API', () => {
  /** The session form of the fixture's only session, with `over`. */
  const formSession = (over: Record<string, string>) => ({
    debut: '2026-09-01',
    fin: '2028-06-30',
    'lieu.adresse': '1 rue de la Paix',
    'lieu.code_postal': '69001',
    'lieu.commune': 'Lyon',
    etat_recrutement: 'ouvert',
    ...over,
  });
  const capacite = async (id: string) =>
    (
      await t.ctx.db
        .selectFrom('session')
        .select('capacite')
        .where('formation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).capacite;

  it('a stale version is refused (409), the session unchanged, what was typed kept; the current one saves', async () => {
    const { id, input } = await brouillon('VER-S1', 'Sessions');
    const sid = (
      await t.ctx.db
        .selectFrom('session')
        .select('id')
        .where('formation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;
    const url = `/espace/formations/${id}/sessions/${sid}`;
    const lue = versionDe((await org.get(url)).body);
    expect(lue).not.toBe('');
    await putApi(id, { ...input, sessions: [{ ...input.sessions[0]!, capacite: 12 }] });

    const r = await org.post(url, formSession({ version: lue, capacite: '30' }));
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    expect(await capacite(id)).toBe(12);
    expect(texte(r.body)).toContain('Cette formation a été modifiée depuis l’ouverture du formulaire');
    expect(r.body).toMatch(/name="capacite"[^>]*value="30"/);
    expect(r.body).toContain(`href="${url}"`);

    const ok = await org.post(url, formSession({ version: versionDe(r.body), capacite: '30' }));
    expect(ok.statusCode, texte(ok.body).slice(0, 400)).toBe(303);
    expect(await capacite(id)).toBe(30);

    // Without its version: 400, the field named, nothing stored.
    const sans = await org.post(url, formSession({ capacite: '40' }));
    expect(sans.statusCode).toBe(400);
    expect(texte(sans.body)).toContain('« version »');
    expect(await capacite(id)).toBe(30);
  });

  // Fresh user (06/12): the new-session form has no `version`, the README said session forms carry
  // it. A new session overwrites nothing: saved over a change made meanwhile, which stays.
  it('a new session added over a change made meanwhile through the API: saved, the change kept', async () => {
    const { id, input } = await brouillon('VER-S2', 'Nouvelle session');
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    const page = await org.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/name="version"/);
    await putApi(id, {
      ...input,
      intitule: 'Changée entre-temps',
      sessions: [{ ...input.sessions[0]!, capacite: 12 }],
    });
    const r = await org.post(url, formSession({ debut: '2027-09-01', fin: '2029-06-30', capacite: '8' }));
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    const sessions = await t.ctx.db
      .selectFrom('session')
      .select(['debut', 'capacite'])
      .where('formation_id', '=', id)
      .orderBy('debut')
      .execute();
    expect(sessions.map((x) => x.capacite)).toEqual([12, 8]);
    expect((await stockee(id)).intitule).toBe('Changée entre-temps');
  });
});
