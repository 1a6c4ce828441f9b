import { describe, expect, it } from 'vitest';
import { API_PREFIX, routes } from '../../src/contract/index.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { registerRegle } from '../../src/services/plateforme.service.ts';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// A user pass on the API's If-Match (05/12): a malformed value (a version without its quotes,
// garbage, a weak tag) was answered 412 « La ressource a changé… », sending the client to re-read
// for nothing; the 412 texts spoke of « la page »; the scope rules' PUT had no If-Match, and a
// resource's GET did not always carry the ETag its writes compare. Now: one parser (400
// IF_MATCH_INVALIDE naming the header and its shape) on every route that reads the header, 412 texts
// that name the version sent and the current one (also in the answer's ETag), an ETag on every GET
// of a resource that takes If-Match. Real HTTP stack (inject), both engines.

const t = useTestApi();

const json = (h: Record<string, string>) => ({ ...h, 'content-type': 'application/json' });

async function creer(cle: string) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: json(bearer(t.keys.writeA)),
    payload: formationFixture({ cle_externe: cle, intitule: 'Version 1' }),
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json().id as string;
}

describe('a malformed If-Match: 400 IF_MATCH_INVALIDE, never 412', () => {
  it('on every route that takes the header, before anything is read', async () => {
    const avecIfMatch = routes.filter((r) => r.ifMatch);
    // Formation writes, transitions, decisions, calendar, scope rules.
    expect(avecIfMatch.length).toBeGreaterThanOrEqual(10);
    for (const r of avecIfMatch) {
      const url =
        API_PREFIX +
        r.url
          .replace(':id', r.url.includes('regles') ? '1' : 'F-INCONNUE')
          .replace(':annee', '2027')
          .replace(':plateforme', 'parcoursup');
      const res = await t.app.inject({
        method: r.method,
        url,
        headers: { ...json(bearer(t.keys.admin)), 'if-match': '12' },
        payload: '{}',
      });
      expect(res.statusCode, `${r.method} ${r.url}: ${res.body}`).toBe(400);
      expect(res.json(), `${r.method} ${r.url}`).toMatchObject({
        code: 'IF_MATCH_INVALIDE',
        title: 'En-tête If-Match mal formé',
      });
      expect(res.json().detail).toContain('L’en-tête If-Match « 12 » n’est pas une version entre guillemets');
      expect(res.json().detail).toContain('If-Match: "v12"');
    }
  });

  it('RFC 9110: `*` or a list of strong tags, one current is enough; anything else is malformed', async () => {
    const id = await creer('IF-FORME-1');
    const url = `/api/v1/formations/${id}`;
    const etag = async () =>
      (await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.writeA) })).headers.etag as string;
    const e1 = await etag();
    const put = (ifMatch: string) =>
      t.app.inject({
        method: 'PUT',
        url,
        headers: { ...json(bearer(t.keys.writeA)), 'if-match': ifMatch },
        payload: formationFixture({ cle_externe: 'IF-FORME-1', intitule: 'Version 1' }),
      });
    for (const [ifMatch, raison] of [
      [e1.slice(1, -1), 'n’est pas une version entre guillemets'],
      ['n’importe quoi', 'n’est pas une version entre guillemets'],
      ['', 'est vide'],
      ['"', 'n’est pas une version entre guillemets'],
      [`${e1} ${e1}`, 'n’est pas une version entre guillemets'],
      [`${e1}, abc`, '(« abc » n’est pas une version entre guillemets)'],
      [`W/${e1}`, 'porte un ETag faible'],
      [`"autre", W/${e1}`, 'porte un ETag faible'],
      [`*, ${e1}`, 'mêle « * » à des versions'],
    ] as const) {
      const r = await put(ifMatch);
      expect(r.statusCode, `If-Match: ${ifMatch} → ${r.body}`).toBe(400);
      expect(r.json().code).toBe('IF_MATCH_INVALIDE');
      expect(r.json().detail, `If-Match: ${ifMatch}`).toContain(raison);
      expect(r.json().entete).toBe('If-Match');
      expect(await etag()).toBe(e1); // nothing written
    }
    // A list where one tag is current passes (any of them), `*` too.
    const liste = await put(`"perimee", ${e1}`);
    expect(liste.statusCode, liste.body).toBe(200);
    expect((await put('*')).statusCode).toBe(200);
  });
});

describe('a stale If-Match: 412 naming the version sent and the current one', () => {
  it('formation: the text speaks of If-Match, the answer carries the current ETag', async () => {
    const id = await creer('IF-FORME-2');
    const url = `/api/v1/formations/${id}`;
    const e1 = (await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.writeA) })).headers
      .etag as string;
    const ecrire = (ifMatch: string, intitule: string) =>
      t.app.inject({
        method: 'PUT',
        url,
        headers: { ...json(bearer(t.keys.writeA)), 'if-match': ifMatch },
        payload: formationFixture({ cle_externe: 'IF-FORME-2', intitule }),
      });
    const e2 = (await ecrire(e1, 'Version A')).headers.etag as string;
    const b = await ecrire(e1, 'Version B');
    expect(b.statusCode).toBe(412);
    expect(b.headers.etag).toBe(e2);
    expect(b.json()).toMatchObject({
      code: 'PRECONDITION_ECHOUEE',
      etag_actuel: e2,
      version_actuelle: e2.slice(1, -1),
    });
    expect(b.json().detail).toContain(
      `La version ${e1} envoyée dans If-Match n’est plus la version courante ${e2} de la formation ${id}`,
    );
    expect(b.json().detail).not.toContain('page');
    // Several stale versions: none of them is the current one.
    const deux = await ecrire(`"x", ${e1}`, 'Version C');
    expect(deux.statusCode).toBe(412);
    expect(deux.json().detail).toContain(
      `Aucune des versions "x", ${e1} envoyées dans If-Match n’est la version courante ${e2}`,
    );
    // A transition says the same.
    const pub = await t.app.inject({
      method: 'POST',
      url: `${url}/publier`,
      headers: { ...bearer(t.keys.writeA), 'if-match': e1 },
    });
    expect(pub.statusCode).toBe(412);
    expect(pub.headers.etag).toBe(e2);
    expect(pub.json().detail).toContain(
      `La version ${e1} envoyée dans If-Match n’est plus la version courante ${e2}`,
    );
  });
});

describe('the campaign calendar: GET carries the ETag its PUT compares', () => {
  it('ETag = "version"; a stale one 412 with the current version', async () => {
    const annee = (
      await t.app.inject({ method: 'GET', url: '/api/v1/campagnes', headers: bearer(t.keys.admin) })
    ).json().data[0].annee as number;
    const lu = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campagnes/${annee}`,
      headers: bearer(t.keys.admin),
    });
    expect(lu.statusCode).toBe(200);
    expect(lu.headers.etag).toBe(`"${lu.json().version}"`);
    const { fenetre_debut, fenetre_fin } = lu.json();
    const put = (ifMatch: string, ouverture: string) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/campagnes/${annee}/calendrier`,
        headers: { ...json(bearer(t.keys.admin)), 'if-match': ifMatch },
        payload: { fenetre_debut, fenetre_fin, ouverture_collecte: ouverture },
      });
    // A date other than the stored one (15 September): the save changes the calendar, so its version.
    const ok = await put(lu.headers.etag as string, `${annee - 1}-09-10`);
    expect(ok.json().calendrier.ouverture_collecte).not.toBe(lu.json().ouverture_collecte);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe(`"${ok.json().calendrier.version}"`);
    const perime = await put(lu.headers.etag as string, `${annee - 1}-09-16`);
    expect(perime.statusCode).toBe(412);
    expect(perime.headers.etag).toBe(ok.headers.etag);
    expect(perime.json().detail).toContain(
      `La version ${lu.headers.etag} envoyée dans If-Match n’est plus la version courante ${ok.headers.etag} du calendrier national`,
    );
    const malforme = await put(lu.json().version, `${annee - 1}-09-16`);
    expect(malforme.statusCode).toBe(400);
    expect(malforme.json().code).toBe('IF_MATCH_INVALIDE');
  });
});

describe('PUT /plateformes/regles/{id}: If-Match, checked in the save’s transaction', () => {
  const regle = { plateforme: 'affelnet', niveau: '3', statut: 'a_publier', priorite: 7, actif: true };
  const ajouter = () =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/plateformes/regles',
      headers: json(bearer(t.keys.admin)),
      payload: regle,
    });

  it('GET gives the rule with its ETag; a stale If-Match is 412, nothing saved; the current one saves', async () => {
    const cree = await ajouter();
    expect(cree.statusCode, cree.body).toBe(200);
    const id = cree.json().regle.id as number;
    expect(cree.headers.etag).toBe(`"${cree.json().regle.version}"`);
    const url = `/api/v1/plateformes/regles/${id}`;
    const lu = await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.read) });
    expect(lu.statusCode, lu.body).toBe(200);
    expect(lu.json()).toMatchObject({ id, niveau: '3', priorite: 7 });
    expect(lu.headers.etag).toBe(`"${lu.json().version}"`);
    const put = (ifMatch: string | undefined, priorite: number) =>
      t.app.inject({
        method: 'PUT',
        url,
        headers: { ...json(bearer(t.keys.admin)), ...(ifMatch ? { 'if-match': ifMatch } : {}) },
        payload: { ...regle, priorite },
      });
    const ok = await put(lu.headers.etag as string, 8);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.headers.etag).toBe(`"${ok.json().regle.version}"`);
    expect(ok.headers.etag).not.toBe(lu.headers.etag);
    const perime = await put(lu.headers.etag as string, 9);
    expect(perime.statusCode, perime.body).toBe(412);
    expect(perime.headers.etag).toBe(ok.headers.etag);
    expect(perime.json().detail).toContain(
      `La version ${lu.headers.etag} envoyée dans If-Match n’est plus la version courante ${ok.headers.etag} de la règle de périmètre n° ${id}`,
    );
    const apres = await t.app.inject({ method: 'GET', url, headers: bearer(t.keys.read) });
    expect(apres.json().priorite).toBe(8);
    // Without If-Match: the rule as it is, as before.
    expect((await put(undefined, 10)).statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/plateformes/regles/999999',
          headers: bearer(t.keys.read),
        })
      ).statusCode,
    ).toBe(404);
  });

  it('two saves with the same If-Match at once: one passes, the other is 412', async () => {
    const cree = await ajouter();
    const id = cree.json().regle.id as number;
    const etag = cree.headers.etag as string;
    const put = (priorite: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/plateformes/regles/${id}`,
        headers: { ...json(bearer(t.keys.admin)), 'if-match': etag },
        payload: { ...regle, priorite },
      });
    const statuts = (await Promise.all([put(20), put(21)])).map((r) => r.statusCode).sort();
    expect(statuts).toEqual([200, 412]);
    const h = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plateformes/regles/${id}/historique`,
      headers: bearer(t.keys.read),
    });
    expect(h.json().data).toHaveLength(2); // the creation and one change
  });

  it('the page’s save: its version is checked in the transaction too (REGLE_MODIFIEE, nothing saved)', async () => {
    const cree = await ajouter();
    const id = cree.json().regle.id as number;
    const admin = SYSTEME('test');
    const v = { ...regle, priorite: 30 } as Parameters<typeof registerRegle>[3];
    await expect(registerRegle(t.ctx, admin, id, v, { version: 0 })).rejects.toMatchObject({
      code: 'REGLE_MODIFIEE',
      status: 409,
    });
    const lu = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plateformes/regles/${id}`,
      headers: bearer(t.keys.read),
    });
    expect(lu.json()).toMatchObject({ priorite: 7, version: 1 });
    expect((await registerRegle(t.ctx, admin, id, v, { version: 1 })).regle).toMatchObject({ version: 2 });
  });
});
