import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { getFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { compter, enBuffer, exportClasseur, NOW, offreDeTest, ouvrir } from './classeur.helpers.ts';

// A fresh user (07/12/2026, MEDIUM): the workbook is downloaded while a formation is a draft
// without any session (its row: reference `fo_…` alone, place and dates empty); before the upload,
// the draft gets its first session through the form. The workbook sent back with that row
// untouched came back CLASSEUR_DATE_MANQUANTE « obligatoire pour un nouveau lieu ». The workbook
// carries what was downloaded (sheet `Versions`): the row was the draft's row without a session,
// left as it was. It is « inchangée » and says the formation got a session in Offre since; its
// formation-wide changes still apply, and it adds no session.

const o = offreDeTest();
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const CFA = organismeDe(SIREN_A);

const SESSION = {
  debut: '2027-09-06',
  fin: '2029-06-29',
  etat_recrutement: 'ouvert' as const,
  capacite: 12,
  lieu: { adresse: '4 rue Mercière', code_postal: '69002', commune: 'Lyon' },
  reunions_information: [],
  bilans: [],
};

async function brouillon(cle: string, intitule: string): Promise<string> {
  return o.api.ctx.db
    .transaction()
    .execute(
      async (trx) =>
        (
          await saveFormationTx(
            trx,
            SYSTEME('test'),
            formationFixture({ cle_externe: cle, intitule, sessions: [] }),
            { now: NOW },
          )
        ).id,
    );
}

/** The draft gets its first session, as the session form saves it. */
async function premiereSession(id: string): Promise<void> {
  const f = (await getFormation(o.api.ctx.db, SYSTEME('test'), id))!;
  await o.api.ctx.db
    .transaction()
    .execute((trx) =>
      saveFormationTx(trx, SYSTEME('test'), { ...f, sessions: [SESSION] } as never, { id, now: NOW }),
    );
}

describe('a draft row downloaded without a session, the draft given one in Offre before the upload', () => {
  it('untouched: « inchangée », with a warning that the formation changed in Offre since; nothing written', async () => {
    const id = await brouillon('DEPUIS-1', 'CAP Pâtissier');
    const w = await exportClasseur(o.api);
    await premiereSession(id);
    const ws = (await ouvrir(w)).getWorksheet('Offre')!;
    let r = 0;
    for (let i = 2; i <= ws.actualRowCount; i++)
      if (String(ws.getRow(i).getCell(COL.reference!).value) === id) r = i;
    expect(r).toBeGreaterThan(0);
    const avant = await compter(o.api);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(o.api.ctx, CFA, w, { dryRun });
      const ligne = rapport.lignes.find((l) => l.ligne === r)!;
      expect(ligne).toMatchObject({ verdict: 'inchangee', champs: [], erreurs: [] });
      expect(ligne.avertissements.map((a) => [a.code, a.colonne, a.message])).toEqual([
        [
          'CLASSEUR_VERSION_ANCIENNE',
          '',
          `Ligne ${r} : au téléchargement du classeur (24 novembre 2026), la formation ${id} « CAP Pâtissier » n’avait aucune session ; elle en a reçu une dans Offre depuis (du 6 septembre 2027 au 29 juin 2029, Lyon). La ligne, laissée sans lieu ni dates, ${dryRun ? 'n’y change rien' : 'n’y a rien changé'} : ses sessions sont gardées. Pour les voir dans le classeur, téléchargez-en un à jour.`,
        ],
      ]);
      expect(rapport.totaux.erreur).toBe(0);
    }
    expect(await compter(o.api)).toEqual(avant);
  });

  it('with its title changed: the title is applied, no session added, the same warning', async () => {
    const id = await brouillon('DEPUIS-2', 'BP Boulanger');
    const wb = await ouvrir(await exportClasseur(o.api));
    await premiereSession(id);
    const ws = wb.getWorksheet('Offre')!;
    let r = 0;
    for (let i = 2; i <= ws.actualRowCount; i++)
      if (String(ws.getRow(i).getCell(COL.reference!).value) === id) r = i;
    const cell = ws.getRow(r).getCell(COL.intitule!);
    cell.value = 'BP Boulanger (nouvelle version)';
    cell.style = { ...cell.style, font: { color: { argb: 'FFFF0000' } } };
    const fichier = await enBuffer(wb);
    const avant = await compter(o.api);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(o.api.ctx, CFA, fichier, { dryRun });
      const ligne = rapport.lignes.find((l) => l.ligne === r)!;
      expect(ligne).toMatchObject({ verdict: 'modifiee', champs: ['Intitulé'], erreurs: [] });
      expect(ligne.session_ajoutee).toBeUndefined();
      expect(ligne.avertissements.map((a) => a.code)).toEqual(['CLASSEUR_VERSION_ANCIENNE']);
    }
    expect((await compter(o.api)).sessions).toBe(avant.sessions);
    const f = (await getFormation(o.api.ctx.db, SYSTEME('test'), id))!;
    expect(f.intitule).toBe('BP Boulanger (nouvelle version)');
    expect(f.sessions.map((s) => [s.debut, s.lieu?.commune])).toEqual([['2027-09-06', 'Lyon']]);
  });
});
