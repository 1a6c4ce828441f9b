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
let organisme: Navigateur;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await ensureCampagne(t.ctx.db, 2026);
  admin = await connecte(t, { email: 'admin-annee@offre.test', role: 'admin' }, '10.8.3.1');
  organisme = await connecte(
    t,
    { email: 'cfa-annee@offre.test', role: 'organisme', siren: '732829320' },
    '10.8.3.2',
  );
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
          `Le paramètre annee est invalide : année de campagne AAAA attendue (ex. 2026) ; reçu : ${/^[+-]?\d+(\.\d+)?$/.test(annee) ? annee : `le texte « ${annee} »`}.`,
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
        // A sentence, not the parameter's raw name (« Le paramètre annee est invalide », 04/12).
        expect(texte(x.body)).toContain(
          `L’année de campagne « ${annee} » n’est pas une année : quatre chiffres attendus (AAAA, ex. 2026).`,
        );
        expect(texte(x.body)).not.toContain('Le paramètre');
        expect(x.body).not.toContain('introuvable');
        expect(x.body).toContain('href="/gestion/campagnes">Retour aux campagnes');
      }
  });

  it('pages: another région than the gestionnaire’s is named, not given by its code', async () => {
    const g52 = await connecte(
      t,
      { email: 'g52-annee@offre.test', role: 'gestionnaire', region: '52' },
      '10.8.3.3',
    );
    const x = await g52.get('/gestion/campagnes?region=53');
    expect(x.statusCode).toBe(403);
    expect(x.body).toContain('<code>ACCES_REFUSE</code>');
    expect(texte(x.body)).toContain('La région Bretagne n’est pas l’une des vôtres (Pays de la Loire).');
    const zip = await g52.get('/gestion/campagnes/2026/classeurs.zip?region=53');
    expect(zip.statusCode).toBe(403);
    expect(texte(zip.body)).toContain(
      'Les classeurs de la région Bretagne sont réservés à ses gestionnaires.',
    );
  });

  it('pages: a repeated ?annee= (or ?campagne=) is refused 400 PARAMETRE_REPETE, not one of them taken', async () => {
    for (const [n, url, champ] of [
      [admin, '/gestion/campagnes?annee=2026&annee=2027', 'annee'],
      [admin, '/gestion/campagnes?annee=2026&annee=2026', 'annee'],
      [organisme, '/espace/imports/classeur?siret=73282932000074&campagne=2026&campagne=2027', 'campagne'],
    ] as const) {
      const x = await n.get(url);
      expect(x.statusCode, `${url} ${x.body.slice(0, 200)}`).toBe(400);
      expect(x.body).toContain('<code>PARAMETRE_REPETE</code>');
      expect(texte(x.body)).toContain(
        `Le paramètre « ${champ} » est donné plusieurs fois : donnez-le une seule fois.`,
      );
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
