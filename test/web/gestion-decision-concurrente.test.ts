import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { avecSessionFinAvantDebut } from '../helpers/formations.ts';

// A fresh tester's report on the gestionnaire's decisions (03/12): a « Valider » clicked on a
// review page opened before the organisme changed its revision validated the unseen version; the
// e-mail named the title from before the validation, and said « diffusée » of an offer the
// validation took out of diffusion; a stale « Retourner » (decided in another tab) was a silent 400
// without its comment; the RETRAIT_A_CONFIRMER message sat at the bottom of the page.

let t: TestWeb;
let g84: Navigateur;
let g84b: Navigateur;
let org: Navigateur;
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');

beforeAll(async () => {
  t = await testWeb();
  org = await connecte(t, { email: 'cfa@dec.test', role: 'organisme', siren: SIREN_A }, '10.51.0.1');
  g84 = await connecte(
    t,
    { email: 'g84@dec.test', role: 'gestionnaire', region: '84', nom: 'Gaëlle Carif' },
    '10.51.0.2',
  );
  g84b = await connecte(t, { email: 'g84b@dec.test', role: 'gestionnaire', region: '84' }, '10.51.0.3');
});
afterAll(() => t?.close());

/** Published and validated, then a revision proposing `revision` (the organisme's write): the id. */
async function revisee(cle: string, intitule: string, revision: Partial<FormationInput>) {
  const input = formationFixture({ cle_externe: cle, intitule });
  const { id } = await saveFormation(t.ctx, organisme, input);
  await transition(t.ctx, organisme, id, 'publier');
  await transition(t.ctx, gestionnaire, id, 'valider');
  expect((await saveFormation(t.ctx, organisme, { ...input, ...revision }, { id })).revision).toBe(true);
  return { id, input };
}

/** The hidden `version` field of the review page's forms. */
const versionDe = (html: string) => /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';

const statutRevision = async (id: string) =>
  (
    await t.ctx.db
      .selectFrom('formation_revision')
      .select('statut')
      .where('formation_id', '=', id)
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow()
  ).statut;

describe('a decision on a version the gestionnaire did not read', () => {
  it('« Valider » from a page opened before the revision changed is refused, the page shows the new version', async () => {
    const { id, input } = await revisee('DEC-1', 'Sommellerie', { intitule: 'Sommellerie v2' });
    const page = await g84.get(`/gestion/formations/${id}`);
    expect(page.body).toContain('Sommellerie v2');
    const version = versionDe(page.body);
    expect(version).not.toBe('');
    // The organisme changes its revision while the page is open.
    await saveFormation(t.ctx, organisme, { ...input, intitule: 'Sommellerie v3' }, { id });

    const r = await g84.post(`/gestion/formations/${id}/valider`, { version });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain('La révision a changé depuis votre lecture : relisez-la avant de décider.');
    expect(r.body).toContain('id="refus-decision"');
    expect(r.body).toContain('Sommellerie v3');
    expect(await statutRevision(id)).toBe('en_attente_validation');

    // Same for a return; the comment stays in its field.
    const ret = await g84.post(`/gestion/formations/${id}/retourner`, { version, commentaire: 'Le prix ?' });
    expect(ret.statusCode).toBe(409);
    expect(ret.body).toContain('La révision a changé depuis votre lecture');
    expect(ret.body).toMatch(/<textarea[^>]*name="commentaire"[^>]*>Le prix \?<\/textarea>/);
    expect(await statutRevision(id)).toBe('en_attente_validation');

    // With the version now shown, the decision goes through, and names what it validated.
    const ok = await g84.post(`/gestion/formations/${id}/valider`, { version: versionDe(r.body) });
    expect(ok.statusCode).toBe(303);
    expect(await statutRevision(id)).toBe('validee');
  });

  it('through the API: If-Match with the ETag of GET …/revision, 412 once the revision changed', async () => {
    const { id, input } = await revisee('DEC-API', 'Oenologie', { intitule: 'Oenologie v2' });
    const cle = await createApiKey(t.ctx, { name: 'gestion 84', scope: 'admin' });
    const auth = { authorization: `Bearer ${cle.key}` };
    const lue = await t.app.inject({ url: `/api/v1/formations/${id}/revision`, headers: auth });
    const etag = lue.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    await saveFormation(t.ctx, organisme, { ...input, intitule: 'Oenologie v3' }, { id });
    const perime = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/valider`,
      headers: { ...auth, 'if-match': etag },
    });
    expect(perime.statusCode).toBe(412);
    expect(perime.json().code).toBe('PRECONDITION_ECHOUEE');
    expect(await statutRevision(id)).toBe('en_attente_validation');
    const relue = await t.app.inject({ url: `/api/v1/formations/${id}/revision`, headers: auth });
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/valider`,
      headers: { ...auth, 'if-match': relue.headers.etag as string },
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('a decision already taken in another tab', () => {
  it('« Retourner » after a validation says who validated it, at the top, with the comment kept', async () => {
    const { id } = await revisee('DEC-2', 'Cuisine', { intitule: 'Cuisine v2' });
    const a = await g84.get(`/gestion/formations/${id}`);
    const b = await g84b.get(`/gestion/formations/${id}`);
    expect(
      (await g84.post(`/gestion/formations/${id}/valider`, { version: versionDe(a.body) })).statusCode,
    ).toBe(303);
    const r = await g84b.post(`/gestion/formations/${id}/retourner`, {
      version: versionDe(b.body),
      commentaire: 'Précisez les tarifs.',
    });
    expect(r.statusCode).toBe(409);
    const haut = r.body.slice(0, r.body.indexOf('id="modifications"'));
    expect(texte(haut)).toMatch(
      /Cette offre n’attend plus de décision : sa révision a été validée par Gaëlle Carif \(g84@dec\.test\) le /,
    );
    expect(texte(haut)).toContain('Précisez les tarifs.');
  });
});

describe('the e-mail and notification of a validation', () => {
  it('name the validated version’s title', async () => {
    const { id } = await revisee('DEC-3', 'Brevet professionnel Coiffure', {
      intitule: 'BP Coiffure <b>gras</b>',
    });
    const page = await g84.get(`/gestion/formations/${id}`);
    expect(
      (await g84.post(`/gestion/formations/${id}/valider`, { version: versionDe(page.body) })).statusCode,
    ).toBe(303);
    const mail = await t.smtp.attendre('cfa@dec.test', /Offre validée : BP Coiffure <b>gras<\/b>/);
    expect(mail.text).toContain('« BP Coiffure <b>gras</b> » a été validée');
    const notifs = (await org.get('/notifications')).body;
    expect(notifs).toContain('« BP Coiffure &lt;b>gras&lt;/b> » a été validée');
    expect(notifs).not.toContain('Brevet professionnel Coiffure');
  });

  it('validated « malgré tout » say the offer is « Publiée — hors diffusion » and which rules to fix', async () => {
    // A revision adding a session that ends before it starts (SESSION_DATES, bloquant).
    const base = formationFixture({ cle_externe: 'DEC-4', intitule: 'CAP Pâtisserie' });
    const { id } = await revisee('DEC-4', 'CAP Pâtisserie', avecSessionFinAvantDebut(base));
    const page = await g84.get(`/gestion/formations/${id}`);
    const version = versionDe(page.body);
    // Without the confirmation: the summary at the top of the page links to the box.
    const sans = await g84.post(`/gestion/formations/${id}/valider`, { version });
    expect(sans.statusCode).toBe(409);
    const haut = sans.body.slice(0, sans.body.indexOf('id="modifications"'));
    expect(haut).toContain('id="resume-erreurs"');
    expect(haut).toContain('href="#confirmer_retrait"');
    expect(texte(haut)).toContain('Validée, cette révision retirerait l’offre de la diffusion');
    expect(sans.body.match(/id="resume-erreurs"/g)).toHaveLength(1);

    const r = await g84.post(`/gestion/formations/${id}/valider`, { version, confirmer_retrait: 'oui' });
    expect(r.statusCode).toBe(303);
    const mail = await t.smtp.attendre('cfa@dec.test', /Offre validée, hors diffusion : CAP Pâtisserie/);
    expect(mail.text).toContain('« Publiée — hors diffusion »');
    expect(mail.text).toContain('SESSION_DATES');
    expect(mail.text).not.toContain('elle est diffusée dès qu’elle satisfait');
    const notifs = texte((await org.get('/notifications')).body);
    expect(notifs).toContain('« CAP Pâtisserie » a été validée mais n’est plus diffusée');

    // A new revision of this offer out of diffusion: the review does not call it « diffusée ».
    const input = formationFixture({ cle_externe: 'DEC-4', intitule: 'CAP Pâtisserie' });
    expect((await saveFormation(t.ctx, organisme, input, { id })).revision).toBe(true);
    const revue = texte((await g84.get(`/gestion/formations/${id}`)).body);
    expect(revue).toContain('toute modification directe de l’offre publiée (hors diffusion)');
    expect(revue).not.toContain('modification directe de l’offre diffusée');
  });
});

describe('a revision resubmitted after a return', () => {
  it('no longer shows the old return’s comment to the organisme as if it were current', async () => {
    const { id, input } = await revisee('DEC-5', 'Boulangerie', { intitule: 'Boulangerie v2' });
    const page = await g84.get(`/gestion/formations/${id}`);
    const r = await g84.post(`/gestion/formations/${id}/retourner`, {
      version: versionDe(page.body),
      commentaire: 'Ancien retour : précisez le lieu.',
    });
    expect(r.statusCode).toBe(303);
    expect((await org.get(`/espace/formations/${id}`)).body).toContain('Ancien retour : précisez le lieu.');
    // Saving the returned revision resubmits it.
    await saveFormation(t.ctx, organisme, { ...input, intitule: 'Boulangerie v3' }, { id });
    const fiche = await org.get(`/espace/formations/${id}`);
    expect(fiche.body).toContain('Révision en attente de validation');
    // The history keeps it, dated; the notice of the pending revision no longer does.
    const avis = fiche.body.slice(fiche.body.indexOf('Révision en attente de validation'));
    expect(avis.slice(0, avis.indexOf('</div>'))).not.toContain('Ancien retour');
  });
});

describe('a decision form without its version (tester 05/12)', () => {
  it('« Valider » and « Retourner » without `version` are refused 400 VERSION_MANQUANTE, nothing decided', async () => {
    const { id } = await revisee('DEC-6', 'Ébénisterie', { intitule: 'Ébénisterie v2' });
    const valider = await g84.post(`/gestion/formations/${id}/valider`, { confirmer_retrait: 'oui' });
    expect(valider.statusCode).toBe(400);
    expect(texte(valider.body)).toContain('ne porte pas le champ « version »');
    expect(texte(valider.body)).toContain('rien n’a été décidé');
    // The page again, carrying the version to decide on.
    expect(versionDe(valider.body)).not.toBe('');
    expect(await statutRevision(id)).toBe('en_attente_validation');

    const retour = await g84.post(`/gestion/formations/${id}/retourner`, { commentaire: 'Le lieu ?' });
    expect(retour.statusCode).toBe(400);
    expect(texte(retour.body)).toContain('ne porte pas le champ « version »');
    expect(retour.body).toContain('Le lieu ?');
    expect(await statutRevision(id)).toBe('en_attente_validation');
    // A blank version is no version.
    expect((await g84.post(`/gestion/formations/${id}/valider`, { version: '  ' })).statusCode).toBe(400);
    expect(await statutRevision(id)).toBe('en_attente_validation');
    // Out of the gestionnaire's région: still the 403, not the form's fault.
    const g11 = await connecte(t, { email: 'g11@dec.test', role: 'gestionnaire', region: '11' }, '10.51.0.4');
    expect((await g11.post(`/gestion/formations/${id}/valider`, {})).statusCode).toBe(403);
  });
});
