import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { canoniser } from '../../src/formats/classeur/classeur.values.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, type TestApi, testApi } from './helpers.ts';

// A fresh tester's findings (05/12): the API stored an intitulé of 2,000 characters, one with a
// line break, one with U+202E (right-to-left override, which makes a title read otherwise than it
// is stored); and a body with a `__proto__` key was said not to be JSON at all.

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t?.close());

const post = (payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: payload as Record<string, unknown>,
  });
const postBrut = (body: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: { ...bearer(t.keys.writeA), 'content-type': 'application/json' },
    payload: body,
  });
const nbFormations = async () => (await t.ctx.db.selectFrom('formation').select('id').execute()).length;

describe('one-line texts of a write', () => {
  it('an intitulé over 300 characters is refused, naming the field and the bound; 300 is stored', async () => {
    const avant = await nbFormations();
    const r = await post({ ...formationFixture({ cle_externe: 'LONG-2000' }), intitule: 'x'.repeat(2000) });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'REQUETE_INVALIDE',
      erreurs: [{ champ: 'intitule', message: expect.stringContaining('300 caractères') }],
    });
    expect(await nbFormations()).toBe(avant);
    const ok = await post({ ...formationFixture({ cle_externe: 'LONG-300' }), intitule: 'x'.repeat(300) });
    expect(ok.statusCode, ok.body).toBeLessThan(300);
  });

  it.each([
    ['a line break', 'BTS\nMCO', /retour à la ligne/],
    ['U+202E', 'BTS \u202Eeganam', /U\+202E/],
    ['U+2066', 'BTS \u2066MCO\u2069', /U\+2066/],
    ['a control character', 'BTS\u0007MCO', /U\+0007/],
  ])('an intitulé with %s is refused (CARACTERE_INTERDIT, the field named)', async (_, intitule, motif) => {
    const avant = await nbFormations();
    const r = await post({ ...formationFixture({ cle_externe: `CAR-${intitule.length}` }), intitule });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.code).toBe('CARACTERE_INTERDIT');
    expect(p.erreurs).toHaveLength(1);
    expect(p.erreurs[0].champ).toBe('intitule');
    expect(p.erreurs[0].message).toMatch(/^Le champ « intitule » /);
    expect(p.erreurs[0].message).toMatch(motif);
    expect(await nbFormations()).toBe(avant);
  });

  it('other one-line fields too (a contact’s name, a place’s commune), each named', async () => {
    const f = formationFixture({ cle_externe: 'CAR-AUTRES' });
    f.contacts = [{ type: 'accueil', nom: 'Accueil\u202E', courriel: 'accueil@cfa.example' }];
    f.sessions[0]!.lieu = { ...f.sessions[0]!.lieu, commune: 'Lyon\n3e' };
    const r = await post(f);
    expect(r.statusCode).toBe(400);
    expect(
      r
        .json()
        .erreurs.map((e: { champ: string }) => e.champ)
        .sort(),
    ).toEqual(['contacts.0.nom', 'sessions.0.lieu.commune']);
  });

  it('a description keeps its line breaks, but not a bidirectional control', async () => {
    const ok = await post({
      ...formationFixture({ cle_externe: 'DESC-OK' }),
      objectif: 'Former :\n- au commerce ;\n\t- à la gestion.',
    });
    expect(ok.statusCode, ok.body).toBeLessThan(300);
    const r = await post({
      ...formationFixture({ cle_externe: 'DESC-KO' }),
      contenu: 'Contenu \u202Eesrever',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'CARACTERE_INTERDIT', erreurs: [{ champ: 'contenu' }] });
  });

  it('an LHEO record with such an intitulé is rejected, the others kept', async () => {
    const xml = `<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>
      <formation numero="BIDI"><intitule-formation>BTS \u202EOCM</intitule-formation>
        <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation></organisme-formation-responsable></formation>
    </offres></lheo>`;
    const report = await importLheo(t.ctx, SYSTEME('test-bidi'), [xml]);
    expect(report.rejets).toHaveLength(1);
    expect(report.rejets[0]!.message).toMatch(/U\+202E/);
  });

  it('a workbook cell: an intitulé over 300 characters or with a bidi control is refused; a line break reads as a space', () => {
    const col = colonnesClasseur(2027).find((c) => c.cle === 'intitule')!;
    expect(canoniser(col, 'x'.repeat(301))).toMatchObject({ ok: false, code: 'CLASSEUR_VALEUR_TROP_LONGUE' });
    expect(canoniser(col, 'BTS\u202EMCO')).toMatchObject({ ok: false, code: 'CLASSEUR_CARACTERE_INTERDIT' });
    // A cell typed with Alt+Entrée: layout, read on one line (classeur.values.ts, surUneLigne).
    expect(canoniser(col, 'BTS\nMCO')).toEqual({ ok: true, valeur: 'BTS MCO' });
    const objectif = colonnesClasseur(2027).find((c) => c.cle === 'objectif')!;
    expect(canoniser(objectif, 'Former\nà la gestion')).toMatchObject({ ok: true });
  });
});

describe('a JSON body with a prototype key', () => {
  it.each([
    ['{"__proto__":{"admin":true},"intitule":"Proto"}', '__proto__', ''],
    ['{"intitule":"Proto","contacts":[{"constructor":{"prototype":{"x":1}}}]}', 'constructor', 'contacts.0'],
  ])('%s: refused naming the key, never « not valid JSON »', async (body, cle, dans) => {
    const r = await postBrut(body);
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.code).toBe('CLE_JSON_INTERDITE');
    expect(p.detail).toContain(`La clé « ${cle} »`);
    if (dans) expect(p.detail).toContain(`dans « ${dans} »`);
    expect(p.detail).not.toContain('n’est pas un JSON valide');
  });

  it('a body that is not JSON is still JSON_INVALIDE', async () => {
    const r = await postBrut('{"intitule": "x",');
    expect(r.json().code).toBe('JSON_INVALIDE');
  });
});
