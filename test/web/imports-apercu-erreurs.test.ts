import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, NOW, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// A preview whose rows are in error read « Aperçu prêt, non appliqué » with no « Appliquer »
// button and no word on why: its state now says how many rows are in error and whether anything
// can be applied, and a sentence says where to fix them (the annotated workbook) and to send the
// file again. The list of imports shows the same state.

let t: TestWeb;
let ids: string[];
let a: Navigateur;
const RED = { font: { color: { argb: 'FFFF0000' } } };

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  ids = [];
  await t.ctx.db.transaction().execute(async (trx) => {
    for (const f of OFFRE.slice(0, 2))
      ids.push((await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW })).id);
  });
  const u = await compte(t, { email: 'apercu@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.1');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

/** The user's workbook with the second formation's capacity unreadable, and `titre` as the first one's title (in red). */
async function classeur(titre?: string): Promise<Buffer> {
  const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=2027`);
  expect(x.statusCode).toBe(200);
  const wb = await ouvrir(x.rawPayload);
  const ws = wb.getWorksheet('Offre')!;
  const capacite = ws.getRow(ligneDe(ws, ids[1]!)).getCell(COL.capacite!);
  capacite.value = 'douze';
  peindre(capacite, RED);
  if (titre) {
    const cell = ws.getRow(ligneDe(ws, ids[0]!)).getCell(COL.intitule!);
    cell.value = titre;
    peindre(cell, RED);
  }
  return enBuffer(wb);
}

/** Sends the workbook through the page and waits for its preview: the page, and its text. */
async function apercu(nom: string, contenu: Buffer) {
  const post = await envoyer(a, 'classeur', nom, contenu);
  const url = post.headers.location as string;
  const page = await attendre(a, url);
  return { url, page, p: texte(page.body) };
}

describe('the preview of a workbook with rows in error', () => {
  it('with nothing else to apply: « à corriger avant d’appliquer », how to, and no « Appliquer »', async () => {
    const { page, p } = await apercu('erreurs.xlsx', await classeur());
    expect(p).toContain('0 nouvelle, 0 modifiée, 0 fermée, 1 inchangée, 1 en erreur');
    expect(page.body).toContain(
      '<span class="fr-badge fr-badge--error">Aperçu : 1 ligne en erreur, à corriger avant d’appliquer</span>',
    );
    expect(p).not.toContain('Aperçu prêt, non appliqué');
    expect(p).toContain(
      'Rien ne peut être appliqué en l’état : corrigez la ligne en erreur dans le classeur annoté (lien « Télécharger le classeur annoté » ci-dessous, colonne « Erreurs »), puis envoyez le classeur à nouveau.',
    );
    expect(p).toContain('Télécharger le classeur annoté');
    expect(p).not.toContain('Appliquer l’import');
    // The row's error carries its stable code, as every error shown on a page (« Code de l’erreur »).
    expect(p).toContain('Code de l’erreur : CLASSEUR_NOMBRE_INVALIDE');
    const liste = await a.get('/espace/imports');
    expect(liste.body).toContain(
      '<p class="fr-badge fr-badge--sm fr-badge--error">Aperçu : 1 ligne en erreur, à corriger avant d’appliquer</p>',
    );
  });

  it('with valid changes too: the rows in error left out if applied now, « Appliquer » offered', async () => {
    const { url, page, p } = await apercu('mixte.xlsx', await classeur('BTS MCO (apprentissage)'));
    expect(p).toContain('0 nouvelle, 1 modifiée, 0 fermée, 0 inchangée, 1 en erreur');
    expect(page.body).toContain(
      '<span class="fr-badge fr-badge--warning">Aperçu : 1 ligne en erreur, laissée de côté à l’application</span>',
    );
    expect(p).toContain(
      'Appliquer maintenant laisserait la ligne en erreur de côté ; pour la prendre en compte, corrigez-la dans le classeur annoté',
    );
    expect(p).not.toContain('la ou les');
    expect(p).toContain('Appliquer l’import');
    // Applied: the page says the row in error was not applied and the others were (as the CLI does).
    expect((await a.post(`${url}/appliquer`, {})).statusCode).toBe(303);
    const fin = texte((await attendre(a, url)).body);
    expect(fin).toContain('Import appliqué');
    expect(fin).toContain(
      '1 ligne en erreur n’a pas été appliquée (les autres sont enregistrées) : corrigez-la dans le classeur annoté',
    );
    // The applied import's report gives the row's error with its code too.
    expect(fin).toContain('Code de l’erreur : CLASSEUR_NOMBRE_INVALIDE');
  });
});

describe('the preview of an LHEO file with formations refused', () => {
  it('says how many are in error', async () => {
    const xml = readFileSync(new URL('../fixtures/lheo/avec-erreurs.xml', import.meta.url));
    const post = await envoyer(a, 'lheo', 'avec-erreurs.xml', xml);
    const p = texte((await attendre(a, post.headers.location as string)).body);
    expect(p).toMatch(/Aperçu : \d+ formations? en erreur, (à corriger avant d’appliquer|laissées? de côté)/);
    expect(p).toMatch(/corrigez(-les| la ou les formations en erreur) dans le fichier/);
  });
});
