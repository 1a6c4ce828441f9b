import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { texte } from './imports.helpers.ts';

// The defect: `/campagnes/:annee` read the year as a number (`z.coerce.number()`), so `2026.0`,
// `02026` or `1e3` were taken for 2026 or 1000; the pages' `/gestion/campagnes/:annee/…` answered
// them « introuvable » (404). Every door now takes four digits only and refuses the rest 400
// CAMPAGNE_INVALIDE in the words of the other campaign refusals.

let t: TestWeb;
let admin: Navigateur;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await ensureCampagne(t.ctx.db, 2026);
  admin = await connecte(t, { email: 'admin-annee@offre.test', role: 'admin' }, '10.8.3.1');
});
afterAll(() => t?.close());

const FORGEES = ['2026.0', '02026', '1e3', '2026e0', '+2026', 'abc'];
const api = (n: Navigateur | null, url: string) =>
  t.app.inject({ url: `/api/v1${url}`, ...(n ? { cookies: Object.fromEntries(n.cookies) } : {}) });

describe('a campaign year is four digits, at every door', () => {
  it('API: GET /campagnes/{annee} and …/historique refuse anything else 400 CAMPAGNE_INVALIDE', async () => {
    expect((await api(null, '/campagnes/2026')).statusCode).toBe(200);
    for (const annee of FORGEES) {
      for (const [n, url] of [
        [null, `/campagnes/${encodeURIComponent(annee)}`],
        [admin, `/campagnes/${encodeURIComponent(annee)}/historique`],
      ] as const) {
        const r = await api(n, url);
        expect(r.statusCode, `${url} ${r.body}`).toBe(400);
        expect(r.json()).toMatchObject({ code: 'CAMPAGNE_INVALIDE', erreurs: [{ champ: 'annee' }] });
        expect(r.json().detail).toBe(
          `Le paramètre annee est invalide : année de campagne AAAA attendue (ex. 2026) ; reçu : le texte « ${annee} ».`,
        );
      }
    }
  });

  it('pages: /gestion/campagnes/{annee}/… and ?annee= refuse it 400 CAMPAGNE_INVALIDE, not « introuvable »', async () => {
    expect((await admin.get('/gestion/campagnes/2026/reconduction')).statusCode).toBe(200);
    for (const annee of FORGEES)
      for (const url of [
        `/gestion/campagnes/${encodeURIComponent(annee)}/reconduction`,
        `/gestion/campagnes/${encodeURIComponent(annee)}/classeurs.zip`,
        `/gestion/campagnes?annee=${encodeURIComponent(annee)}`,
      ]) {
        const x = await admin.get(url);
        expect(x.statusCode, url).toBe(400);
        expect(x.headers['content-type']).toMatch(/text\/html/);
        expect(x.body).toContain('<code>CAMPAGNE_INVALIDE</code>');
        expect(texte(x.body)).toContain(
          `année de campagne AAAA attendue (ex. 2026) ; reçu : le texte « ${annee} »`,
        );
        expect(x.body).not.toContain('introuvable');
        expect(x.body).toContain('href="/gestion/campagnes">Retour aux campagnes');
      }
  });

  it('changing the current campaign outside 2000–2100: the same words', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/campagnes/courante',
      cookies: Object.fromEntries(admin.cookies),
      headers: admin.csrf ? { 'x-csrf-token': admin.csrf } : {},
      payload: { annee: 1999 },
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'CAMPAGNE_INVALIDE',
      detail: 'Campagne « 1999 » : année de campagne AAAA attendue (ex. 2026), de 2000 à 2100.',
    });
  });
});
