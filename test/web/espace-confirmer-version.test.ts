import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import type { Navigateur, TestWeb } from '../auth/web.helpers.ts';
import { texte } from '../auth/web.helpers.ts';
import {
  creerParFormulaire,
  espaceAvecReferentiels,
  ficheComplete,
  sessionAjouteeParApi,
  sessionForm,
  versionDe,
  versionLue,
} from './espace.helpers.ts';

// A fresh user's report (05/12, MEDIUM): « Confirmer la publication » carried no version. Tab 1
// opens « Relire avant publication » (Objectif : Obj A); tab 2 saves the formation with another
// objectif; tab 1 confirms: 303 « envoyee », and what went to validation was tab 2's objectif,
// never re-read. The confirmation now carries the version the re-read page showed, as the space's
// forms do (espace-version.ts): a stale one is refused (409 FORMATION_MODIFIEE), nothing sent, the
// page shown again as it now stands; a confirmation without it is malformed (400 VERSION_MANQUANTE).

let t: TestWeb;
let org: Navigateur;
let auth: { authorization: string };

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('cfa@confirmer.test', '10.48.0.1'));
  const cle = await createApiKey(t.ctx, { name: 'SI du CFA', scope: 'write', siren: SIREN_A });
  auth = { authorization: `Bearer ${cle.key}` };
}, 120_000);
afterAll(() => t?.close());

const stockee = (id: string) =>
  t.ctx.db
    .selectFrom('formation')
    .select(['objectif', 'statut'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** A complete draft with one session, created through the pages, « Publier » clicked: its id. */
async function pretAConfirmer(intitule: string, objectif: string): Promise<string> {
  const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule, objectif }));
  const s = await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
  expect(s.statusCode, texte(s.body).slice(0, 400)).toBe(303);
  const p = await org.post(`/espace/formations/${id}/publier`, {});
  expect(p.statusCode, texte(p.body).slice(0, 400)).toBe(303);
  expect(p.headers.location).toBe(`/espace/formations/${id}/relire`);
  return id;
}

/** The hidden fields of the confirmation form, as the re-read page `html` posts them. */
const confirmation = (html: string) => ({
  version: versionDe(html),
  historique: /name="historique" value="([^"]*)"/.exec(html)?.[1] ?? '',
});

/** The text of the version alert of a page (its `div`, nothing after it). */
const alerteDe = (html: string) => {
  const debut = html.indexOf('id="conflit"');
  return debut < 0 ? '' : texte(html.slice(debut, html.indexOf('</div>', debut)));
};

describe('« Confirmer la publication » after the formation changed in another tab', () => {
  it('is refused (409), nothing sent; the re-read page comes back as it now stands, and confirms then', async () => {
    const id = await pretAConfirmer('Coiffure (relecture)', 'Obj A');
    // Tab 1: the re-read page.
    const relire = await org.get(`/espace/formations/${id}/relire`);
    expect(relire.statusCode).toBe(200);
    expect(texte(relire.body)).toContain('Obj A');
    const lue = versionDe(relire.body);
    expect(lue).not.toBe('');
    const form = confirmation(relire.body);
    expect(form.historique).toMatch(/^\d+$/);
    // Tab 2: the formation form saved with another objectif.
    const url = `/espace/formations/${id}`;
    const sauve = await org.post(
      url,
      ficheComplete(SIRET_A, {
        intitule: 'Coiffure (relecture)',
        objectif: 'Obj B',
        version: await versionLue(org, url),
      }),
    );
    expect(sauve.statusCode, texte(sauve.body).slice(0, 400)).toBe(303);

    // Tab 1 confirms what it showed.
    const r = await org.post(`${url}/confirmer`, form);
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    expect(r.headers.location).toBeUndefined();
    expect(await stockee(id)).toEqual({ objectif: 'Obj B', statut: 'brouillon' });
    const alerte = alerteDe(r.body);
    expect(r.body).toMatch(/class="fr-alert fr-alert--error[^"]*"[^>]*id="conflit"/);
    expect(alerte).toContain(
      'Cette formation a été modifiée depuis l’ouverture de la page de relecture (dernière modification par',
    );
    expect(alerte).toContain('rien n’a été envoyé pour validation');
    // What changed since, with its value now, as the forms' conflict lists it.
    expect(alerte).toContain('Objectif (actuellement « Obj B »)');
    expect(alerte).not.toContain('Intitulé (actuellement');
    expect(alerte).not.toContain('Vos saisies');
    expect(r.body.slice(r.body.indexOf('id="conflit"'))).toContain(`href="${url}/relire"`);
    // The page below is the offer as it now stands, and its form carries the current version.
    expect(texte(r.body)).toContain('Relire avant publication');
    expect(texte(r.body)).toContain('Obj B');
    expect(texte(r.body)).not.toContain('Obj A');
    const actuelle = versionDe(r.body);
    expect(actuelle).not.toBe(lue);
    expect(actuelle).toBe(versionDe((await org.get(`${url}/relire`)).body));

    // Confirmed again, knowingly: sent.
    const ok = await org.post(`${url}/confirmer`, confirmation(r.body));
    expect(ok.statusCode, texte(ok.body).slice(0, 400)).toBe(303);
    expect(ok.headers.location).toBe(`${url}?info=envoyee`);
    expect(await stockee(id)).toEqual({ objectif: 'Obj B', statut: 'en_attente_validation' });
  });

  it('a change through the API (a session added) refuses it the same', async () => {
    const id = await pretAConfirmer('Coiffure (API)', 'Obj API');
    const form = confirmation((await org.get(`/espace/formations/${id}/relire`)).body);
    await sessionAjouteeParApi(t, auth, id);
    const r = await org.post(`/espace/formations/${id}/confirmer`, form);
    expect(r.statusCode).toBe(409);
    expect(alerteDe(r.body)).toContain('par l’API (clé « SI du CFA »)');
    expect(alerteDe(r.body)).toContain('Session du 4 octobre 2027 au 30 juin 2029 ajoutée');
    expect((await stockee(id)).statut).toBe('brouillon');
  });

  it('without its `version` field: 400 VERSION_MANQUANTE, the field named, nothing sent', async () => {
    const id = await pretAConfirmer('Coiffure (sans version)', 'Obj');
    const r = await org.post(`/espace/formations/${id}/confirmer`, {});
    expect(r.statusCode).toBe(400);
    const alerte = alerteDe(r.body);
    expect(alerte).toContain('« version »');
    expect(alerte).toContain('rien n’a été envoyé pour validation');
    expect(texte(r.body)).toContain('Relire avant publication');
    expect((await stockee(id)).statut).toBe('brouillon');
  });

  it('clicked twice on the same page: the second says it was already sent (no 409)', async () => {
    const id = await pretAConfirmer('Coiffure (double clic)', 'Obj');
    const lue = versionDe((await org.get(`/espace/formations/${id}/relire`)).body);
    const une = await org.post(`/espace/formations/${id}/confirmer`, { version: lue });
    expect(une.headers.location).toBe(`/espace/formations/${id}?info=envoyee`);
    const deux = await org.post(`/espace/formations/${id}/confirmer`, { version: lue });
    expect(deux.statusCode).toBe(303);
    expect(deux.headers.location).toBe(`/espace/formations/${id}?info=deja_envoyee`);
  });
});

describe('POST /api/v1/formations/{id}/publier with If-Match', () => {
  const publier = (id: string, ifMatch?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/publier`,
      headers: { ...auth, ...(ifMatch !== undefined ? { 'if-match': ifMatch } : {}) },
    });
  const etag = async (id: string) =>
    String(
      (await t.app.inject({ method: 'GET', url: `/api/v1/formations/${id}`, headers: auth })).headers.etag,
    );

  it('a stale ETag: 412 PRECONDITION_ECHOUEE, not published; the current one publishes', async () => {
    const id = await pretAConfirmer('Coiffure (If-Match)', 'Obj lu');
    const lu = await etag(id);
    expect(lu).toMatch(/^"/);
    const url = `/espace/formations/${id}`;
    const sauve = await org.post(
      url,
      ficheComplete(SIRET_A, {
        intitule: 'Coiffure (If-Match)',
        objectif: 'Obj changé',
        version: await versionLue(org, url),
      }),
    );
    expect(sauve.statusCode).toBe(303);
    const r = await publier(id, lu);
    expect(r.statusCode, r.body).toBe(412);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'PRECONDITION_ECHOUEE' });
    expect((await stockee(id)).statut).toBe('brouillon');
    const ok = await publier(id, await etag(id));
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await stockee(id)).statut).toBe('en_attente_validation');
  });

  it('without If-Match: published as it stands (the header stays optional)', async () => {
    const id = await pretAConfirmer('Coiffure (sans If-Match)', 'Obj');
    expect((await publier(id)).statusCode).toBe(200);
    expect((await stockee(id)).statut).toBe('en_attente_validation');
  });
});
