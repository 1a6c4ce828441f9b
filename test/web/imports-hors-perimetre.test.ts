import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIREN_B, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, loadOffre, NOW, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { attendre, COL, envoyer, texte } from './imports.helpers.ts';

// A fresh user (05/12/2026), on the Imports pages:
// 1. a gestionnaire of another région previewed an organisme's workbook: the top said « Rien ne
//    peut être appliqué en l’état » while each row said « les autres lignes seront appliquées »,
//    and the région error sat on the « Code postal » column. A row now speaks of itself only, on
//    the row as a whole, naming the offer's région and the gestionnaire's; the summary says the
//    rows are outside his perimeter, not to be corrected.
// 2. a CFA uploading another organisme's workbook got one error per row: the import fails once,
//    naming both organismes, nothing stored; the page then says to download one's own workbook,
//    not to correct this one.

let t: TestWeb;
let bretagne: Navigateur;
let b: Navigateur;
const GESTION = { base: '/gestion/imports' };

/** The organisme A's workbook with every row's objectif changed (red). */
async function classeurA(): Promise<Buffer> {
  const wb = await ouvrir(await exportClasseur({ ctx: t.ctx }));
  wb.getWorksheet('Offre')!.eachRow((row: ExcelJS.Row, r) => {
    if (r === 1) return;
    const cell = row.getCell(COL.objectif!);
    cell.value = 'Objectif revu pour la campagne.';
    peindre(cell, { font: { color: { argb: 'FFFF0000' } } });
  });
  return enBuffer(wb);
}

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadOffre(t, 2);
  bretagne = await connecte(
    t,
    { email: 'g@carif-bretagne.test', role: 'gestionnaire', region: '53' },
    '10.8.9.1',
  );
  b = await connecte(t, { email: 'imports@cfa-b.test', role: 'organisme', siren: SIREN_B }, '10.8.9.2');
});
afterAll(() => t?.close());

describe('the preview of a workbook of another région', () => {
  it('every row refused: the summary and the rows agree, the région named on the row as a whole', async () => {
    const post = await envoyer(bretagne, 'classeur', 'cfa-lyon.xlsx', await classeurA(), GESTION);
    expect(post.statusCode).toBe(303);
    const page = await attendre(bretagne, post.headers.location as string);
    const p = texte(page.body);
    expect(p).toContain('0 nouvelle, 0 modifiée, 0 fermée, 0 inchangée, 2 en erreur');
    expect(p).toContain(
      'Rien ne peut être appliqué en l’état : les 2 lignes en erreur portent sur des formations hors de votre périmètre ; elles ne sont pas à corriger : faites-les importer par l’organisme de ces formations ou par un gestionnaire de sa région.',
    );
    expect(p).toContain(
      ': cette formation relève de la région Auvergne-Rhône-Alpes (84) ; vous gérez Bretagne (53) : elle est hors de votre périmètre. La ligne est laissée de côté : faites-la importer par l’organisme ou par un gestionnaire de cette région.',
    );
    expect(p).not.toContain('autres lignes');
    expect(p).not.toContain('Code postal »');
    expect(p).not.toContain('Appliquer l’import');
  });

  // A fresh user (07/12/2026): the unchanged workbook of another région said « 2 inchangées, rien
  // à appliquer » and nothing of the région; the rows are now listed, each saying it is outside.
  it('unchanged: the rows are listed and say they are outside his région', async () => {
    const post = await envoyer(
      bretagne,
      'classeur',
      'cfa-lyon-inchange.xlsx',
      await exportClasseur({ ctx: t.ctx }),
      GESTION,
    );
    expect(post.statusCode).toBe(303);
    const page = await attendre(bretagne, post.headers.location as string);
    const p = texte(page.body);
    expect(p).toContain('0 nouvelle, 0 modifiée, 0 fermée, 2 inchangées, 0 en erreur');
    expect(p).toContain(
      'Avertissement : Ligne 2 : cette formation relève de la région Auvergne-Rhône-Alpes (84) ; vous gérez Bretagne (53) : elle est hors de votre périmètre. La ligne est identique dans le classeur et dans Offre : rien n’y est à appliquer ; modifiée, elle serait laissée de côté : faites importer ses changements par l’organisme ou par un gestionnaire de cette région.',
    );
    expect(p).not.toContain('lignes inchangées ne sont pas listées');
  });
});

describe('another organisme’s workbook sent from an organisme’s space', () => {
  it('fails once, naming both organismes; nothing stored', async () => {
    const avant = await compterLignes(t.ctx.db, 'historique');
    const post = await envoyer(b, 'classeur', 'classeur-de-a.xlsx', await classeurA());
    expect(post.statusCode).toBe(303);
    const page = await attendre(b, post.headers.location as string);
    const p = texte(page.body);
    expect(p).toContain('L’import n’a pas pu être fait');
    expect(p).toContain(
      `« classeur-de-a.xlsx » a été exporté pour l’organisme « CFA Exemple » (SIRET ${SIRET_A}), pas pour le vôtre`,
    );
    expect(p).toContain(`(SIREN ${SIREN_B}) : vous ne pouvez importer que l’offre de votre organisme.`);
    expect(p).not.toContain('aucune formation');
    // The closing advice fits the refusal (a fresh user's report, 05/12: it said « Corrigez le
    // fichier » under a message saying to download one's own workbook): nothing to correct here.
    expect(p).toContain(
      'Aucune formation n’a été modifiée. Ce classeur n’est pas à corriger : téléchargez celui de votre organisme, reportez-y vos modifications, puis envoyez-le.',
    );
    expect(p).not.toContain('Corrigez le fichier');
    expect(page.body).toContain(
      '<a href="/espace/imports#telecharger">Télécharger le classeur de votre organisme</a>',
    );
    expect(await compterLignes(t.ctx.db, 'historique')).toBe(avant);
    expect(SIREN_A).not.toBe(SIREN_B);
  });
});
