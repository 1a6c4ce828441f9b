import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { NOW } from '../classeur/classeur.helpers.ts';
import { texte } from './imports.helpers.ts';

// A fresh user's report: /espace/imports/classeur?campagne=2030 sent a workbook of a campaign that
// does not exist (every row then failed CLASSEUR_DATE_MANQUANTE), and ?campagne=abc said « « NaN » ».
// The page door refuses both in a DSFR error page, in the API's words.

let t: TestWeb;
let a: Navigateur;
beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await t.ctx.db.transaction().execute(async (trx) => {
    await saveFormationTx(trx, SYSTEME('test'), formationFixture({ cle_externe: 'CAMP-1' }), { now: NOW });
  });
  a = await connecte(t, { email: 'campagne@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.8.2.1');
});
afterAll(() => t?.close());

describe('the Imports page’s workbook download and the campaign', () => {
  it('offers the current campaign, which exists, and downloads its workbook', async () => {
    const page = await a.get('/espace/imports');
    const annee = /name="campagne" value="(\d{4})"/.exec(page.body)![1];
    const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=${annee}`);
    expect(x.statusCode, texte(x.body).slice(0, 300)).toBe(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
  });

  it('without siret (a bookmark): the single establishment’s workbook; with several, the Imports page', async () => {
    const x = await a.get('/espace/imports/classeur');
    expect(x.statusCode, texte(x.body).slice(0, 300)).toBe(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    expect(x.headers['content-disposition']).toContain(SIRET_A);
    // A second establishment of the same SIREN (Luhn-valid): which one is not guessed.
    await t.ctx.db.transaction().execute(async (trx) => {
      await saveFormationTx(
        trx,
        SYSTEME('test'),
        formationFixture({ cle_externe: 'CAMP-2', siret: '13002526500021' }),
        { now: NOW },
      );
    });
    const plusieurs = await a.get('/espace/imports/classeur?campagne=2027');
    expect(plusieurs.statusCode).toBe(303);
    expect(plusieurs.headers.location).toBe('/espace/imports#telecharger');
    expect((await a.get('/espace/imports')).body).toContain('id="telecharger"');
  });

  it('campagne=2030: a 404 DSFR page saying the campaign does not exist and which do', async () => {
    const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=2030`);
    expect(x.statusCode).toBe(404);
    expect(x.headers['content-type']).toMatch(/text\/html/);
    expect(x.body).toContain('fr-container');
    expect(texte(x.body)).toMatch(
      /La campagne 2030 \(rentrée 2030\) n’existe pas : campagnes existantes \d{4}/,
    );
  });

  it('campagne=abc: a 400 page naming the year asked for in a sentence, never « NaN »', async () => {
    const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=abc`);
    expect(x.statusCode).toBe(400);
    expect(x.headers['content-type']).toMatch(/text\/html/);
    expect(texte(x.body)).toContain(
      'L’année de campagne « abc » n’est pas une année : quatre chiffres attendus (AAAA, ex. 2026).',
    );
    expect(x.body).not.toContain('NaN');
  });

  // A fresh user's report (02/12): both refusals were titled « Page introuvable » / « Demande
  // invalide », without their code, and led only home.
  it.each([
    ['2030', 404, 'Campagne inconnue', 'CAMPAGNE_INCONNUE'],
    ['abc', 400, 'Année de campagne invalide', 'CAMPAGNE_INVALIDE'],
  ])(
    'campagne=%s: titled by the refusal, shows its code, leads back to the Imports page',
    async (annee, status, titre, code) => {
      const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=${annee}`);
      expect(x.statusCode).toBe(status);
      expect(x.body).toContain(`<h1>${titre}</h1>`);
      expect(x.body).not.toContain('Page introuvable');
      expect(x.body).toContain(`<code>${code}</code>`);
      expect(x.body).toMatch(/<a class="fr-btn" href="\/espace\/imports">Retour aux imports<\/a>/);
    },
  );
});
