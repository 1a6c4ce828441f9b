import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { buildZip, contexte, fixture, tmp } from './helpers.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

const liens = () =>
  database.db.selectFrom('certification_lien').select(['cfd', 'rncp']).orderBy('cfd').execute();

describe('kit apprentissage', () => {
  it('CSV v3.0: restores lost leading zeros, skips NR, reports an invalid RNCP code with its line', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'kit',
      fichier: fixture('kit/kit-apprentissage-v3.0.csv'),
    });
    expect(r.lignes).toEqual({ lues: 4, gardees: 2, rejetees: 1, ignorees: 1, completees: 0 });
    expect(r.rejets).toEqual([
      {
        fichier: 'kit-apprentissage-v3.0.csv',
        ligne: 6,
        colonne: 'FicheRNCP',
        message: 'code RNCP « RNCP-FAUX » invalide',
      },
    ]);
    expect(await liens()).toEqual([
      { cfd: '01022001', rncp: 'RNCP955' },
      { cfd: '32031213', rncp: 'RNCP35000' },
    ]);
  });

  it('an older header variant ("Code diplome", "Code RNCP" with bare numbers)', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'kit',
      fichier: fixture('kit/kit-apprentissage-v1.csv'),
    });
    expect(r.diff.certification_lien).toMatchObject({ ajouts: 1, retraits: 1 });
    expect(await liens()).toEqual([
      { cfd: '01022001', rncp: 'RNCP955' },
      { cfd: '40025214', rncp: 'RNCP38000' },
    ]);
  });

  it('XLSX with a title on row 1, the header on row 2 and a CFD typed as a number', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Kit');
    ws.addRow(['Kit apprentissage et RNCP — version 2.1']);
    ws.addRow(['Code diplôme (CFD)', 'Intitulé', 'N° fiche RNCP']);
    ws.addRow([1022001, 'AGENT', 'RNCP955']);
    ws.addRow(['40025214', 'MAINTENANCE', 'RNCP38000']);
    ws.addRow(['50022326', 'ALLIAGES', 'RNCP1234']);
    const path = join(tmp(), 'kit.xlsx');
    await wb.xlsx.writeFile(path);
    const r = await importReferentiel(contexte(database), { kind: 'kit', fichier: path });
    expect(r).toMatchObject({ statut: 'importe', lignes: { lues: 3, gardees: 3, rejetees: 0 } });
    expect(r.diff.certification_lien).toMatchObject({ ajouts: 1, modifications: 0, retraits: 0 });
    expect((await liens()).map((l) => l.cfd)).toEqual(['01022001', '40025214', '50022326']);
  });
});

describe('kit workbook laid out like the 2025 one (issue 11 item 10)', () => {
  it('finds the table on the second sheet, header on row 2, and says where it found it', async () => {
    const wb = new ExcelJS.Workbook();
    const p = wb.addWorksheet('Présentation');
    p.addRow(['Kit apprentissage 2025 : correspondances entre diplômes et fiches RNCP']);
    p.addRow([]);
    p.addRow(['Onglet « Correspondances » : une ligne par couple CFD / fiche RNCP.']);
    p.addRow(['Code Diplôme : code de la formation diplômante (BCN).']);
    const d = wb.addWorksheet('Correspondances');
    d.addRow(['Mise à jour du 15/01/2025']);
    d.addRow(['Code du diplôme', 'Intitulé du diplôme', 'Code RNCP', 'Statut fiche RNCP', 'Date de fin']);
    d.addRow(['01022001', 'AGENT', 'RNCP955', 'Active', '31/12/2027']);
    d.addRow([40025214, 'MAINTENANCE', 'RNCP38000', 'Active', '31/12/2028']);
    const path = join(tmp(), 'Kit apprentissage 2025.xlsx');
    await wb.xlsx.writeFile(path);
    const r = await importReferentiel(contexte(database), { kind: 'kit', fichier: path, force: true });
    expect(r).toMatchObject({ statut: 'importe', lignes: { lues: 2, gardees: 2, rejetees: 0 } });
    expect(r.disposition).toBe(
      'feuille « Correspondances », en-tête après 1 ligne de titre, colonnes « Code du diplôme », « Code RNCP »',
    );
    expect(await liens()).toEqual([
      { cfd: '01022001', rncp: 'RNCP955' },
      { cfd: '40025214', rncp: 'RNCP38000' },
    ]);
  });
});

describe('DGEFP public list (lpof)', () => {
  it('reads the layout (trailing `;`, true/false) and rejects a bad row with its column', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'lpof',
      fichier: fixture('organismes/liste-publique-of.csv'),
    });
    expect(r.lignes).toMatchObject({ lues: 3, gardees: 2, rejetees: 1 });
    expect(r.rejets[0]).toMatchObject({ ligne: 4, colonne: 'siren' });
    const rows = await database.db.selectFrom('organisme_declare').selectAll().orderBy('nda').execute();
    expect(
      rows.map((o) => [o.nda, o.siren, o.siret, o.denomination, o.qualiopi_apprentissage, o.qualiopi_bilans]),
    ).toEqual([
      ['11755555575', '732829320', '73282932000074', 'CFA DES MÉTIERS; PARIS', true, false],
      ['93130000013', '552100554', null, 'OF SANS APPRENTISSAGE', false, true],
    ]);
  });
});

describe('header variants (issue 11 item 9)', () => {
  it('reads the open-data export of the DGEFP list (lower case, `_`, more columns) and says so', async () => {
    await database.db.deleteFrom('organisme_declare').execute();
    const r = await importReferentiel(contexte(database), {
      kind: 'lpof',
      fichier: fixture('organismes/liste-publique-of-opendata.csv'),
      force: true,
    });
    expect(r).toMatchObject({ statut: 'importe', lignes: { lues: 2, gardees: 2, rejetees: 0 } });
    expect(r.libelle).toBe('liste publique des organismes de formation (DGEFP, export du portail open data)');
    expect(r.disposition).toContain(
      '« certifications_actionsdeformationparapprentissage » pour « certifications.actionsDeFormationParApprentissage »',
    );
    const rows = await database.db.selectFrom('organisme_declare').selectAll().orderBy('nda').execute();
    expect(rows.map((o) => [o.nda, o.siret, o.qualiopi_apprentissage, o.qualiopi_bilans])).toEqual([
      ['11755555575', '73282932000074', true, false],
      ['93130000013', null, false, true],
    ]);
  });

  it('recognises every importer’s header whatever its case, accents and separators', async () => {
    const { ressemblance } = await import('../../src/referentiels/registry.ts');
    const csv = (h: string) =>
      ({ type: 'csv', encoding: 'utf8', delimiter: ';', lignes: [h.split(';')] }) as never;
    expect(ressemblance(csv('Insee_Com;Code Postal;Commune'))?.kind).toBe('communes');
    expect(ressemblance(csv('SIREN;SIRET;EtatAdministratifEtablissement'))?.kind).toBe('sirene');
    expect(ressemblance(csv('Numéro UAI;Coordonnée X'))?.kind).toBe('acce');
    expect(
      ressemblance(csv('formation_diplome;libelle_long_200;date_fermeture;nouveau_diplome_1')),
    ).toMatchObject({
      kind: 'bcn',
      jeu: { jeu: 'N_FORMATION_DIPLOME' },
    });
  });
});

describe('Sirene StockEtablissement', () => {
  it('reads by header name, keeps A/F, rejects malformed rows', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'sirene',
      fichier: fixture('organismes/StockEtablissement.csv'),
    });
    expect(r.lignes).toMatchObject({ lues: 4, gardees: 3, rejetees: 1 });
    const rows = await database.db.selectFrom('etablissement').selectAll().orderBy('siret').execute();
    expect(rows.map((e) => [e.siret, e.etat, e.denomination, e.code_commune])).toEqual([
      ['35600000000048', 'A', 'LA POSTE', '75115'],
      ['55210055400012', 'F', 'ENSEIGNE, VIRGULE', '13201'],
      ['73282932000074', 'A', 'CFA DU NORD', '59350'],
    ]);
    // INSEE distributes the stock zipped: the same rows from the zip change nothing
    const zip = buildZip(join(tmp(), 'StockEtablissement_utf8.zip'), [
      {
        name: 'StockEtablissement_utf8.csv',
        data: readFileSync(fixture('organismes/StockEtablissement.csv')),
      },
    ]);
    const z = await importReferentiel(contexte(database), { kind: 'sirene', fichier: zip });
    expect(z.lignes).toMatchObject({ lues: 4, gardees: 3, rejetees: 1 });
    expect(z.diff.etablissement).toMatchObject({ ajouts: 0, modifications: 0, retraits: 0 });
  });

  it('reads the older layout (siren + nic, no siret column) and keeps only known organismes with --only-known', async () => {
    await database.db
      .insertInto('organisme')
      .values({ siret: '73282932000074', siren: '732829320' })
      .execute();
    const r = await importReferentiel(contexte(database), {
      kind: 'sirene',
      fichier: fixture('organismes/StockEtablissement-ancien.csv'),
      onlyKnown: true,
      force: true,
    });
    expect(r.lignes).toMatchObject({ lues: 1, gardees: 1 });
    expect(r.diff.etablissement).toMatchObject({ modifications: 1, retraits: 2 });
    const e = await database.db.selectFrom('etablissement').selectAll().executeTakeFirstOrThrow();
    expect([e.siret, e.etat]).toEqual(['73282932000074', 'F']);
    const filtre = await importReferentiel(contexte(database), {
      kind: 'sirene',
      fichier: fixture('organismes/StockEtablissement.csv'),
      onlyKnown: true,
    });
    expect(filtre.lignes).toMatchObject({ lues: 4, gardees: 1, ignorees: 3 });
  });
});

describe('ACCE', () => {
  it('reads the Windows-1252 CSV and converts Lambert-93 (and overseas UTM) to WGS84, also from a zip', async () => {
    const csv = fixture('organismes/ACCE_UAI.csv');
    const zip = buildZip(join(tmp(), 'acce_data.zip'), [
      { name: 'ACCE_UAI_ZONE.csv', data: Buffer.from('numero_uai;type_zone_uai\n0010001W;42\n') },
      { name: 'ACCE_UAI.csv', data: readFileSync(csv) },
    ]);
    const r = await importReferentiel(contexte(database), { kind: 'acce', fichier: zip });
    expect(r).toMatchObject({ jeu: 'acce', lignes: { lues: 3, gardees: 3 } });
    const rows = await database.db.selectFrom('uai').selectAll().orderBy('uai').execute();
    const [ain, paris, reunion] = rows;
    expect(ain).toMatchObject({
      uai: '0010001W',
      siret: '19010001600012',
      code_commune: '01004',
      ouvert: true,
    });
    // the lycée is ~2 km from the centroid of Ambérieu-en-Bugey (45.957, 5.371)
    expect(Math.abs(ain!.lat! - 45.957)).toBeLessThan(0.03);
    expect(Math.abs(ain!.lon! - 5.371)).toBeLessThan(0.03);
    expect(paris).toMatchObject({ uai: '0750001A', ouvert: false, lat: 46.5, lon: 3 }); // the Lambert-93 origin
    expect(reunion!.lat).toBeGreaterThan(-21.5);
    expect(reunion!.lat).toBeLessThan(-20.5);
    expect(reunion!.lon).toBeGreaterThan(55);
    expect(
      (await importReferentiel(contexte(database), { kind: 'acce', fichier: csv })).diff.uai,
    ).toMatchObject({
      ajouts: 0,
      modifications: 0,
      retraits: 0,
    });
  });
});
