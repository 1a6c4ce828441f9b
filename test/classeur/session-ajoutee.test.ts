import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { bearer } from '../api/helpers.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, NOW, offreDeTest, ouvrir, peindre } from './classeur.helpers.ts';

// A fresh user (07/12/2026): a blue row carrying only an existing formation's id, at a new place
// (69003), was previewed « Modifiée — Colonnes modifiées : Adresse du lieu, Code postal, Commune… »
// with « traitée comme une formation existante »: read as « one of my sessions moves to Lyon ».
// Applying added a session and left the others alone. The report now says what happens: the row
// adds a session (`session_ajoutee`), and its warning says so. And an old workbook sent again after
// a 2027 session was added at one of its places quoted ISO dates and « aucune valeur » for the
// capacity without saying the row now stands for that other session.

const BLEU = { font: { color: { argb: 'FF0070C0' } } };

describe('a row adding a session to an existing formation', () => {
  const offre = offreDeTest();
  const envoyer = (fichier: Buffer, dryRun: boolean) =>
    offre.api.app.inject({
      method: 'POST',
      url: `/api/v1/imports/classeur${dryRun ? '?dry_run=true' : ''}`,
      headers: { ...bearer(offre.api.keys.writeA), 'content-type': 'application/octet-stream' },
      payload: fichier,
    });

  it('is reported as a session added at a new place, preview and application (API)', async () => {
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws: ExcelJS.Worksheet = wb.getWorksheet('Offre')!;
    const f1 = ligneDe(ws, offre.ids[0]!);
    const n = ws.rowCount + 1;
    for (const [cle, i] of Object.entries(COL)) {
      if (cle !== 'reference') ws.getRow(n).getCell(i).value = ws.getRow(f1).getCell(i).value;
      peindre(ws.getRow(n).getCell(i), BLEU);
    }
    ws.getRow(n).getCell(COL.reference!).value = offre.ids[0]!;
    ws.getRow(n).getCell(COL.adresse!).value = '12 rue Paul Bert';
    ws.getRow(n).getCell(COL.codePostal!).value = '69003';
    ws.getRow(n).getCell(COL.commune!).value = 'Lyon 3e Arrondissement';
    ws.getRow(n).getCell(COL.debut!).value = '01/09/2027';
    ws.getRow(n).getCell(COL.fin!).value = '30/06/2029';
    const fichier = await enBuffer(wb);

    for (const dryRun of [true, false]) {
      const r = await envoyer(fichier, dryRun);
      expect(r.statusCode).toBe(200);
      const ligne = r.json().lignes.find((l: { ligne: number }) => l.ligne === n);
      // The verdict stays: the formation is changed (a session added).
      expect(ligne).toMatchObject({ verdict: 'modifiee', erreurs: [] });
      expect(ligne.session_ajoutee).toEqual({
        nouveau_lieu: true,
        adresse: '12 rue Paul Bert',
        code_postal: '69003',
        commune: 'Lyon 3e Arrondissement',
        debut: '2027-09-01',
        fin: '2029-06-30',
      });
      const bleu = ligne.avertissements.find(
        (a: { code: string }) => a.code === 'CLASSEUR_BLEU_AVEC_REFERENCE',
      );
      expect(bleu.message).toBe(
        `Ligne ${n}, colonne « Référence formation » : ligne en bleu avec la référence d’une formation existante (${offre.ids[0]}, « BTS Management commercial opérationnel ») : ${dryRun ? 'elle y ajoutera' : 'elle y a ajouté'} une session (nouveau lieu : Lyon 3e Arrondissement, du 1er septembre 2027 au 30 juin 2029) ; ses autres sessions ne changent pas.`,
      );
      // Nothing of the formation is overwritten: no « la modification sera appliquée » without version.
      expect(ligne.avertissements.map((a: { code: string }) => a.code)).not.toContain(
        'CLASSEUR_SANS_VERSION',
      );
    }
    const f = (await getFormation(offre.api.ctx.db, SYSTEME('test'), offre.ids[0]!))!;
    expect(f.sessions.map((s) => [s.lieu?.code_postal, s.debut]).sort()).toEqual([
      ['69001', '2026-09-01'],
      ['69003', '2027-09-01'],
    ]);
  });

  it('an old workbook sent again after a 2027 session was added at its place says the row now stands for it, dates in French', async () => {
    const w1 = await exportClasseur(offre.api);
    // Meanwhile, in Offre: a session of the 2027 campaign at F2's place, without capacity.
    const id = offre.ids[1]!;
    const avant = (await getFormation(offre.api.ctx.db, SYSTEME('test'), id))!;
    const s = avant.sessions[0]!;
    await offre.api.ctx.db.transaction().execute((trx) =>
      saveFormationTx(
        trx,
        SYSTEME('test'),
        {
          ...avant,
          sessions: [
            ...avant.sessions,
            {
              ...s,
              id: undefined,
              cle_externe: 'S2027',
              debut: '2027-09-02',
              fin: '2029-06-30',
              capacite: null,
            },
          ],
        } as never,
        { id, now: NOW },
      ),
    );
    const r = await envoyer(w1, true);
    expect(r.statusCode).toBe(200);
    const ws = (await ouvrir(w1)).getWorksheet('Offre')!;
    const n = ligneDe(ws, id);
    const ligne = r.json().lignes.find((l: { ligne: number }) => l.ligne === n);
    expect(ligne.verdict).toBe('inchangee');
    const message = (col: string) =>
      ligne.avertissements.find((a: { colonne: string }) => a.colonne === col)?.message as string;
    const designe =
      'inchangé dans le classeur, mais la ligne désigne désormais la session 2027 de ce lieu (du 2 septembre 2027 au 30 juin 2029), ajoutée ou re-datée dans Offre depuis le 24 novembre 2026 ; la session du 7 septembre 2026 au 5 juillet 2028 que le classeur décrit ne change pas. La valeur de la session 2027 est gardée';
    expect(message('Capacité')).toBe(
      `Ligne ${n}, colonne « Capacité » : ${designe} (aucune valeur ; le classeur porte encore « 12 »).`,
    );
    expect(message('Date de début 2027')).toBe(
      `Ligne ${n}, colonne « Date de début 2027 » : ${designe} (« 2 septembre 2027 » ; le classeur porte encore aucune valeur).`,
    );
    expect(JSON.stringify(ligne.avertissements)).not.toMatch(/\d{4}-\d\d-\d\d/);
  });
});
