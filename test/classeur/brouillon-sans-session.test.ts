import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { compter, enBuffer, exportClasseur, NOW, offreDeTest, ouvrir } from './classeur.helpers.ts';

// A tester's report (04/12): the workbook of an organisme with drafts that have no session yet,
// downloaded and sent back untouched, came back « 15 inchangées, 3 en erreur »: each draft's row
// (reference `fo_…`, no session, place and dates empty) failed CLASSEUR_DATE_MANQUANTE « obligatoire
// pour un nouveau lieu », and nothing could be applied. The row stays in the workbook (a CFA fills
// in its draft's first session there): untouched, it is « inchangée »; with session data typed in,
// it creates the session as a new place's row does; with only formation-wide values changed, it
// changes those and creates no session.

const o = offreDeTest();
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const CFA = organismeDe(SIREN_A);

/** Two drafts of SIRET_A without any session, saved as the espace saves a draft. */
async function brouillons(): Promise<string[]> {
  return o.api.ctx.db.transaction().execute(async (trx) => {
    const ids: string[] = [];
    for (const [cle, intitule] of [
      ['BROUILLON-1', 'CAP Pâtissier'],
      ['BROUILLON-2', 'BP Boulanger'],
    ] as const)
      ids.push(
        (
          await saveFormationTx(
            trx,
            SYSTEME('test'),
            formationFixture({ cle_externe: cle, intitule, sessions: [] }),
            {
              now: NOW,
            },
          )
        ).id,
      );
    return ids;
  });
}

/** The workbook as exported, and the sheet row of each draft (by formation id). */
async function classeur(ids: readonly string[]) {
  const wb = await ouvrir(await exportClasseur(o.api));
  const ws = wb.getWorksheet('Offre')!;
  const lignes = new Map<string, number>();
  for (let r = 2; r <= ws.actualRowCount; r++) {
    const ref = String(ws.getRow(r).getCell(COL.reference!).value);
    if (ids.includes(ref)) lignes.set(ref, r);
  }
  return { wb, ws, lignes };
}

describe('campaign workbook: a draft formation without any session', () => {
  let ids: string[] = [];

  it('is exported as one row (its reference, place and dates empty), and comes back « inchangée » untouched', async () => {
    ids = await brouillons();
    const { wb, ws, lignes } = await classeur(ids);
    // The drafts are in the workbook: one row each, the formation's id alone as its reference.
    expect([...lignes.keys()].sort()).toEqual([...ids].sort());
    for (const r of lignes.values())
      for (const cle of ['adresse', 'codePostal', 'commune', 'capacite', 'debut', 'fin'])
        expect(ws.getRow(r).getCell(COL[cle]!).value).toBeNull();
    const fichier = await enBuffer(wb);
    const avant = await compter(o.api);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(o.api.ctx, CFA, fichier, { dryRun });
      expect(rapport.lignes.filter((l) => l.verdict !== 'inchangee' || l.erreurs.length > 0)).toEqual([]);
      expect(rapport.totaux).toEqual({
        nouvelle: 0,
        modifiee: 0,
        fermee: 0,
        inchangee: ws.actualRowCount - 1,
        erreur: 0,
      });
      for (const r of lignes.values())
        expect(rapport.lignes.find((l) => l.ligne === r)).toMatchObject({ verdict: 'inchangee', champs: [] });
    }
    expect(await compter(o.api)).toEqual(avant);
  });

  it('a row where the session is typed in creates it; a title changed alone creates none; a place without dates is refused', async () => {
    const [avecSession, titreSeul] = ids as [string, string];
    const { wb, ws, lignes } = await classeur(ids);
    const set = (id: string, cle: string, v: unknown) => {
      ws.getRow(lignes.get(id)!).getCell(COL[cle]!).value = v as never;
    };
    set(avecSession, 'adresse', '4 rue Mercière');
    set(avecSession, 'codePostal', '69002');
    set(avecSession, 'commune', 'Lyon');
    set(avecSession, 'capacite', 10);
    set(avecSession, 'debut', '07/09/2027');
    set(avecSession, 'fin', '30/06/2029');
    set(titreSeul, 'intitule', 'BP Boulanger (nouvelle version)');
    // A third row of the first draft: a place without its dates (a new place needs them).
    const sansDates = ws.actualRowCount + 1;
    ws.getRow(sansDates).values = ws.getRow(lignes.get(avecSession)!).values as never;
    ws.getRow(sansDates).getCell(COL.adresse!).value = '9 rue Mercière';
    ws.getRow(sansDates).getCell(COL.debut!).value = null;
    ws.getRow(sansDates).getCell(COL.fin!).value = null;
    const fichier = await enBuffer(wb);
    const avant = await compter(o.api);

    const { rapport } = await importClasseur(o.api.ctx, CFA, fichier, { dryRun: false });
    const ligne = (r: number) => rapport.lignes.find((l) => l.ligne === r)!;
    expect(ligne(lignes.get(avecSession)!)).toMatchObject({
      verdict: 'modifiee',
      champs: [
        'Adresse du lieu',
        'Code postal',
        'Commune',
        'Capacité',
        'Date de début 2027',
        'Date de fin 2027',
      ],
      erreurs: [],
    });
    expect(ligne(lignes.get(titreSeul)!)).toMatchObject({
      verdict: 'modifiee',
      champs: ['Intitulé'],
      erreurs: [],
    });
    expect(ligne(sansDates).erreurs.map((e) => [e.code, e.colonne])).toEqual([
      ['CLASSEUR_DATE_MANQUANTE', 'Date de début 2027'],
      ['CLASSEUR_DATE_MANQUANTE', 'Date de fin 2027'],
    ]);
    // One session made (the first draft's), none for the title alone.
    expect((await compter(o.api)).sessions).toBe(avant.sessions + 1);
    const lire = async (id: string) =>
      (
        await o.api.app.inject({
          method: 'GET',
          url: `/api/v1/formations/${id}`,
          headers: { authorization: `Bearer ${o.api.keys.admin}` },
        })
      ).json();
    const premier = await lire(avecSession);
    expect(premier.sessions).toHaveLength(1);
    expect(premier.sessions[0]).toMatchObject({
      debut: '2027-09-07',
      fin: '2029-06-30',
      capacite: 10,
      etat_recrutement: 'ouvert',
      lieu: { adresse: '4 rue Mercière', code_postal: '69002', commune: 'Lyon' },
    });
    const second = await lire(titreSeul);
    expect(second).toMatchObject({ intitule: 'BP Boulanger (nouvelle version)', sessions: [] });

    // Exported again, the first draft's row names its new session, and everything comes back unchanged.
    const { wb: wb2 } = await classeur(ids);
    const { rapport: retour } = await importClasseur(o.api.ctx, CFA, await enBuffer(wb2), { dryRun: true });
    expect(retour.lignes.filter((l) => l.verdict !== 'inchangee' || l.erreurs.length > 0)).toEqual([]);
  });

  // A yellow row closes a place's sessions; a draft without any has none: the yellow row archives
  // the draft itself. Kept, but said as such at the preview, not « plus diffusée » of a formation
  // never diffused.
  it('in yellow: the preview says the draft itself will be archived, and it is', async () => {
    const id = await o.api.ctx.db
      .transaction()
      .execute(
        async (trx) =>
          (
            await saveFormationTx(
              trx,
              SYSTEME('test'),
              formationFixture({ cle_externe: 'BROUILLON-3', intitule: 'CAP Chocolatier', sessions: [] }),
              { now: NOW },
            )
          ).id,
      );
    const { wb, ws, lignes } = await classeur([id]);
    const r = lignes.get(id)!;
    for (let c = 1; c <= colonnesClasseur(2027).length; c++)
      ws.getRow(r).getCell(c).style = {
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } },
      };
    const fichier = await enBuffer(wb);
    const archivage = (rapport: {
      lignes: readonly { ligne: number; avertissements: readonly { code: string; message: string }[] }[];
    }) =>
      rapport.lignes
        .find((l) => l.ligne === r)!
        .avertissements.filter((a) => a.code === 'CLASSEUR_FORMATION_ARCHIVEE')
        .map((a) => a.message);
    const apercu = await importClasseur(o.api.ctx, CFA, fichier, { dryRun: true });
    expect(archivage(apercu.rapport)).toEqual([
      `Ligne ${r} : le brouillon ${id} « CAP Chocolatier » n’a aucune session à fermer : la ligne jaune archivera le brouillon lui-même (il n’a jamais été diffusé) ; pour le garder, enlevez le jaune de la ligne.`,
    ]);
    const applique = await importClasseur(o.api.ctx, CFA, fichier, { dryRun: false });
    expect(archivage(applique.rapport)).toEqual([
      `Ligne ${r} : le brouillon ${id} « CAP Chocolatier » n’avait aucune session à fermer : la ligne jaune a archivé le brouillon lui-même (il n’a jamais été diffusé).`,
    ]);
    const { statut } = await o.api.ctx.db
      .selectFrom('formation')
      .select('statut')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(statut).toBe('archivee');
  });
});
