import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { refreshDocuments } from '../../src/services/formation-document.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { contenu, differences } from '../faults/moteur.ts';
import { type Cote, coteDemo, fluxEnOrdre, originesEcrites } from '../helpers/flux.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { exportClasseur } from './classeur.helpers.ts';

// The bulk write path of the campaign workbook import (issue 13) against the one-by-one path:
// the same workbook imported into two copies of one offer, one each way; after every import the
// two databases hold the same rows in every table (generated ids and time stamps aside), the
// same reports, and the same change feed in the same order.

const systeme = SYSTEME('test-lot');
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));

let unitaire: Cote;
let lot: Cote;
let siret = '';
let export0: Buffer;

async function cote(): Promise<Cote> {
  const { d, ctx } = await coteDemo();
  // One network owns the whole offer (responsable, and mandataire of the conventionnées): one
  // workbook names every formation.
  const premier = await d.db
    .selectFrom('organisme')
    .select('siret')
    .orderBy('siret')
    .limit(1)
    .executeTakeFirstOrThrow();
  siret = premier.siret;
  await d.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ id: string }>`update formation set responsable_siret = ${siret},
      siren_proprietaire = ${siret.slice(0, 9)},
      mandataire_siret = case when mandataire_siret is null then null else ${siret} end
      returning id`.execute(trx);
    await refreshDocuments(
      trx,
      rows.map((r) => r.id),
    );
  });
  return { d, ctx };
}

/** The workbook as an organisme returns it: `f(row, r)` on every data row, `nouvelles` rows added. */
async function modifier(
  f: (row: ExcelJS.Row, r: number) => void,
  nouvelles: (ws: ExcelJS.Worksheet) => void = () => {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(export0 as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Offre')!;
  ws.eachRow((row, r) => {
    if (r > 1) f(row, r);
  });
  nouvelles(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const JAUNE = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } } as const;
const dater = (row: ExcelJS.Row) => {
  if (row.getCell(COL.debut!).value) return;
  row.getCell(COL.debut!).value = new Date(Date.UTC(ANNEE, 8, 1));
  row.getCell(COL.fin!).value = new Date(Date.UTC(ANNEE + 2, 5, 30));
};

beforeAll(async () => {
  unitaire = await cote();
  lot = await cote();
  export0 = await exportClasseur(unitaire, ANNEE, siret);
  await exportClasseur(lot, ANNEE, siret); // the two clocks in step
}, 120_000);
afterAll(async () => {
  await unitaire?.d.close();
  await lot?.d.close();
});

/**
 * A report with the ids of the formations it created (each database's own) masked, where a row
 * names them: created now (formation_creee) or by an earlier sending (formation_existante, and its
 * CLASSEUR_NOUVELLE_DEJA_CREEE warning).
 */
const masque = (s: string) => s.replace(/fo_[0-9a-z]+/g, 'fo_…');
const sansIdsCrees = (r: RapportClasseur) => ({
  ...r,
  lignes: r.lignes.map((l) => ({
    ...l,
    ...(l.formation_creee ? { formation_creee: masque(l.formation_creee) } : {}),
    ...(l.formation_existante ? { formation_existante: masque(l.formation_existante) } : {}),
    avertissements: l.avertissements.map((a) => ({ ...a, message: masque(a.message) })),
  })),
});

async function importDesDeuxFacons(fichier: Buffer, acteur: Acteur = systeme, dryRun = false) {
  const origines = await originesEcrites(lot.d.db);
  const a = await importClasseur(unitaire.ctx, acteur, fichier, { dryRun, writePath: 'single' });
  const b = await importClasseur(lot.ctx, acteur, fichier, { dryRun, writePath: 'bulk' });
  expect(sansIdsCrees(b.rapport)).toEqual(sansIdsCrees(a.rapport));
  // Every history entry the import wrote names it (both paths alike: compared just below).
  const t = b.rapport.totaux;
  expect(await origines()).toEqual(dryRun || t.nouvelle + t.modifiee + t.fermee === 0 ? [] : ['classeur']);
  expect(differences(await contenu(lot.d.db), await contenu(unitaire.d.db), 5)).toEqual([]);
  expect(await fluxEnOrdre(lot.d.db)).toEqual(await fluxEnOrdre(unitaire.d.db));
  // The search index is built once per formation written, after its verdicts (deferred, as the
  // LHEO import's): it is the one a full rebuild gives, words included (a formation or a neighbour
  // the import changed and left unindexed would differ).
  for (const c of [lot, unitaire]) {
    const avant = await indexRecherche(c.d.db);
    await sql`select recherche_indexer(array(select id from formation))`.execute(c.d.db);
    expect(await indexRecherche(c.d.db)).toEqual(avant);
  }
  return b.rapport;
}

/** The search index: its rows and its words. */
async function indexRecherche(db: Cote['d']['db']) {
  const { rows } = await sql<{ index: unknown; mots: unknown }>`select
    (select json_agg(r order by r.formation_id) from formation_recherche r) as index,
    (select json_agg(m.mot order by m.mot) from recherche_mot m) as mots`.execute(db);
  return rows[0];
}

describe('import du classeur par lots = import formation par formation', () => {
  it('a returned workbook: dated rows, closed rows, changed capacities and titles, new rows', async () => {
    const fichier = await modifier(
      (row, r) => {
        if (r % 7 === 0) {
          // Closed in yellow: every session of a formation at one place closed (archived when all are).
          for (let c = 1; c <= 25; c++) row.getCell(c).style = { fill: JAUNE };
          row.getCell(COL.debut!).value = null;
          row.getCell(COL.fin!).value = null;
          return;
        }
        if (r % 5 === 1) row.getCell(COL.capacite!).value = 99;
        if (r % 4 === 0) row.getCell(COL.intitule!).value = `${row.getCell(COL.intitule!).value} (classeur)`;
        dater(row);
      },
      (ws) => {
        // New formations: a copy of a row without its reference, under a new title.
        for (let k = 0; k < 3; k++) {
          const modele = ws.getRow(2 + k).values as unknown[];
          const row = ws.addRow(modele.slice(1));
          row.getCell(1).value = null;
          row.getCell(COL.intitule!).value = `Formation nouvelle ${k}`;
          dater(row);
        }
      },
    );
    const r = await importDesDeuxFacons(fichier);
    expect(r.totaux.nouvelle).toBeGreaterThan(0);
    // Each new row names the formation it created (both paths: compared above, ids masked).
    for (const l of r.lignes.filter((x) => x.verdict === 'nouvelle'))
      expect(l.formation_creee).toMatch(/^fo_/);
    expect(r.totaux.modifiee).toBeGreaterThan(10);
    expect(r.totaux.fermee).toBeGreaterThan(0);
    // Again: the new formations are found by their key, nothing else changes.
    const again = await importDesDeuxFacons(fichier);
    expect(again.totaux.nouvelle).toBe(0);
  });

  it('an organisation’s workbook: its published formations become revisions', async () => {
    const organisme: Acteur = {
      kind: 'utilisateur',
      id: 'u_test',
      email: 'of@example.fr',
      nom: 'OF',
      role: 'organisme',
      siren: siret.slice(0, 9),
      regions: [],
      academies: [],
    };
    // One row in ten: the later tests write the others directly (pending revisions refuse that).
    const fichier = await modifier((row, r) => {
      if (r % 10 !== 0) return;
      row.getCell(COL.intitule!).value = `${row.getCell(COL.intitule!).value} (révision)`;
      dater(row);
    });
    const r = await importDesDeuxFacons(fichier, organisme);
    expect(r.totaux.modifiee).toBeGreaterThan(0);
    expect(await compterLignes(lot.d.db, 'formation_revision')).toBeGreaterThan(0);
  });

  it('a validateur’s workbook over those pending revisions: their rows refused, the others applied, the same either way', async () => {
    const revisions = async (c: Cote) =>
      (
        await sql<{ id: string; payload: unknown; statut: string }>`select id, payload, statut
          from formation_revision order by id`.execute(c.d.db)
      ).rows;
    const avant = await revisions(lot);
    expect(avant.length).toBeGreaterThan(0);
    const fichier = await modifier((row) => {
      row.getCell(COL.capacite!).value = 77;
      dater(row);
    });
    const r = await importDesDeuxFacons(fichier);
    const refusees = r.lignes.filter((l) => l.erreurs.some((e) => e.code === 'REVISION_EN_ATTENTE'));
    expect(refusees.length).toBeGreaterThan(0);
    expect(r.totaux.modifiee).toBeGreaterThan(0);
    expect(await revisions(lot)).toEqual(avant);
  });

  it('a preview changes nothing either way', async () => {
    const fichier = await modifier((row) => {
      row.getCell(COL.intitule!).value = `${row.getCell(COL.intitule!).value} (essai)`;
      dater(row);
    });
    const r = await importDesDeuxFacons(fichier, systeme, true);
    expect(r.totaux.modifiee).toBeGreaterThan(0);
  });

  it('sends a few statements per chunk instead of dozens per formation', async () => {
    const fichier = await modifier((row) => {
      row.getCell(COL.intitule!).value = `${row.getCell(COL.intitule!).value} (compté)`;
      dater(row);
    });
    const compte = async (c: Cote, writePath: 'single' | 'bulk') => {
      const compteur = compteurRequetes();
      const ctx = { ...c.ctx, db: c.d.db.withPlugin(compteur) };
      const r = await importClasseur(ctx, systeme, fichier, { dryRun: false, writePath });
      return { n: compteur.n, modifiees: r.rapport.totaux.modifiee };
    };
    const a = await compte(unitaire, 'single');
    const b = await compte(lot, 'bulk');
    expect(b.modifiees).toBe(a.modifiees);
    process.stderr.write(
      `Requêtes pour ${a.modifiees} lignes modifiées : un par un ${a.n}, par lots ${b.n}\n`,
    );
    expect(b.n).toBeLessThan(a.n / 3);
  });

  it('archives the closed formations inside the chunk’s bulk write, not one write each', async () => {
    // One row in three closed (a formation is archived when all its rows are), the others retitled.
    const fichier = await modifier((row, r) => {
      if (r % 3 === 0) {
        for (let c = 1; c <= 25; c++) row.getCell(c).style = { fill: JAUNE };
        row.getCell(COL.debut!).value = null;
        row.getCell(COL.fin!).value = null;
        return;
      }
      row.getCell(COL.intitule!).value = `${row.getCell(COL.intitule!).value} (archivage)`;
      dater(row);
    });
    const compte = async (c: Cote, writePath: 'single' | 'bulk') => {
      const compteur = compteurRequetes();
      const ctx = { ...c.ctx, db: c.d.db.withPlugin(compteur) };
      const r = await importClasseur(ctx, systeme, fichier, { dryRun: false, writePath });
      return {
        n: compteur.n,
        rapport: r.rapport,
        // Feed numberings: one per bulk write (and per write or archiving one by one).
        numerotations: compteur.sqls.filter((q) => /update feed_counter/.test(q)).length,
      };
    };
    const a = await compte(unitaire, 'single');
    const b = await compte(lot, 'bulk');
    expect(sansIdsCrees(b.rapport)).toEqual(sansIdsCrees(a.rapport));
    expect(differences(await contenu(lot.d.db), await contenu(unitaire.d.db), 5)).toEqual([]);
    expect(await fluxEnOrdre(lot.d.db)).toEqual(await fluxEnOrdre(unitaire.d.db));
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from change_event
      where action = 'archive'`.execute(lot.d.db);
    const archivees = rows[0]!.n;
    expect(archivees).toBeGreaterThan(5);
    process.stderr.write(
      `Requêtes pour ${archivees} formations archivées : un par un ${a.n}, par lots ${b.n} (numérotations du flux ${a.numerotations} et ${b.numerotations})\n`,
    );
    // Cut at each archived formation, the bulk write numbered the feed more than once per
    // archiving (its run, then transitionTx; 18 for 13): ≈ 25 statements each. Now the chunk's
    // write numbers it once, plus the formations that take the one-by-one path (open revisions).
    expect(b.numerotations).toBeLessThan(archivees);
    expect(b.n).toBeLessThan(a.n / 3);
  });
});
