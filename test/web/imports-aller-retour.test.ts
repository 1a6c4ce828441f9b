import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, NOW, ouvrir } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// The organisme's workbook, downloaded from its Imports page and sent back with nothing changed
// but the writing of a telephone (typed as a number: Excel dropped its leading zero), with a draft
// that has no session yet: « inchangée » row by row, nothing in error, on the organisme's
// /espace/imports and on the gestionnaire's /gestion/imports alike (one service: a tester's
// report, 04/12, read « 3 en erreur » and « Rien ne peut être appliqué en l’état »).

let t: TestWeb;
let a: Navigateur;
let g: Navigateur;
let ids: { lyon: string; brouillon: string };

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  ids = await t.ctx.db.transaction().execute(async (trx) => {
    const save = async (f: ReturnType<typeof formationFixture>) =>
      (await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW })).id;
    return {
      lyon: await save(
        formationFixture({
          cle_externe: 'LYON',
          contacts: [
            { type: 'accueil', nom: 'Accueil', telephone: '04 72 00 00 00', courriel: 'accueil@cfa.example' },
            { type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' },
          ],
        }),
      ),
      brouillon: await save(
        formationFixture({ cle_externe: 'BROUILLON', intitule: 'CAP Pâtissier', sessions: [] }),
      ),
    };
  });
  a = await connecte(t, { email: 'retour@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.8.4.1');
  g = await connecte(t, { email: 'retour@carif-ara.test', role: 'gestionnaire', region: '84' }, '10.8.4.2');
});
afterAll(() => t?.close());

describe('a workbook sent back unchanged, on both Imports pages', () => {
  let fichier: Buffer;
  const rapports = new Map<string, string>();

  it('is downloaded from the organisme’s page, the draft’s row and the telephone retyped as a number', async () => {
    const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=2027`);
    expect(x.statusCode).toBe(200);
    const wb = await ouvrir(x.rawPayload);
    const ws = wb.getWorksheet('Offre')!;
    expect(ws.actualRowCount).toBe(3);
    const lyon = ws.getRow(ligneDe(ws, ids.lyon)).getCell(COL.contactTelephone!);
    expect(lyon.value).toBe('04 72 00 00 00');
    lyon.value = 472_000_000;
    expect([2, 3].some((r) => ws.getRow(r).getCell(COL.reference!).value === ids.brouillon)).toBe(true);
    fichier = await enBuffer(wb);
  });

  it.each([
    ['the organisme', () => a, '/espace/imports'],
    ['the gestionnaire', () => g, '/gestion/imports'],
  ])('%s’s preview: every row « Inchangée », none in error', async (_, nav, base) => {
    const post = await envoyer(nav(), 'classeur', 'retour.xlsx', fichier, { base });
    expect(post.statusCode, texte(post.body).slice(0, 300)).toBe(303);
    const p = texte((await attendre(nav(), post.headers.location as string)).body);
    expect(p).toContain('0 nouvelle, 0 modifiée, 0 fermée, 2 inchangées, 0 en erreur.');
    expect(p).not.toContain('Rien ne peut être appliqué');
    // The draft's row has nothing to say (not listed); the telephone's says its zero was put back.
    expect(p).toContain('1 ligne inchangée n’est pas listée.');
    expect(p).toMatch(
      /BTS Management commercial opérationnel \S+ Inchangée Avertissement : Ligne \d, colonne « Contact téléphone » : nombre 472000000 saisi comme un nombre/,
    );
    // A warning's code is labelled as a warning's, not as an error's (a fresh user, 07/12/2026).
    expect(p).toMatch(/saisi comme un nombre[\s\S]*?Code de l’avertissement : CLASSEUR_ZERO_RESTAURE/);
    expect(p).not.toContain('Code de l’erreur');
    // The same report on both pages.
    const rapport = p.slice(p.indexOf('Aperçu : rien à appliquer'), p.indexOf('Retour aux imports'));
    rapports.set(base, rapport);
    if (rapports.size === 2) expect(rapports.get('/gestion/imports')).toBe(rapports.get('/espace/imports'));
  });
});
