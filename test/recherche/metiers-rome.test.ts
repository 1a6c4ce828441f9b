import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { rechercher } from '../../src/services/recherche.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { setCatalogue } from '../api/helpers.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { buildZip, tmp } from '../referentiels/helpers.ts';
import { clientRecherche } from './client.ts';
import { ajouterCertifications, type Fixture, loadFixture } from './fixtures.ts';

// People search by the job (« mécanicien », « électricien »), offers are named by the diploma
// (« Maintenance des véhicules »): the fresh user found nothing for « mécanicien ». The RNCP fiche
// lists the ROME jobs of its certification (code and label); the import keeps the labels, the search
// document holds them at weight D, and a reference import that changes them re-indexes the
// formations of the fiche (certification trigger, migration 0300). Real HTTP, real RNCP zip, both
// engines. docs/recherche.md « Des métiers ».

let app: AppLancee;
let ids: Map<string, string>;
const { api } = clientRecherche(() => app.base);
const liste = async (q: string) => (await api({ q })).data.map((f) => f.cle_externe);

// The demo's diplomas, as France compétences and the demo name them.
const MV: Fixture = {
  cle: 'BACPRO-MV',
  intitule: 'Bac pro Maintenance des véhicules option A voitures particulières',
  rncp: 'RNCP19117',
  objectif:
    'Préparer en alternance le Bac pro « Maintenance des véhicules » et acquérir les compétences du métier en entreprise.',
  lieux: [{ code_insee: '44109' }],
};
const BP_ELEC: Fixture = {
  cle: 'BP-ELEC',
  intitule: 'BP Électricien(ne)',
  rncp: 'RNCP27774',
  objectif:
    'Préparer en alternance le BP « Électricien(ne) » et acquérir les compétences du métier en entreprise.',
  lieux: [{ code_insee: '44109' }],
};
const GEII: Fixture = {
  cle: 'BUT-GEII',
  intitule: 'BUT Génie électrique et informatique industrielle parcours électricité et maîtrise de l’énergie',
  rncp: 'RNCP35407',
  objectif:
    'Préparer en alternance le BUT « Génie électrique et informatique industrielle parcours électricité et maîtrise de l’énergie » et acquérir les compétences du métier en entreprise.',
  lieux: [{ code_insee: '44109' }],
};

const csv = (lignes: string[][]) =>
  Buffer.from(`${lignes.map((l) => l.map((v) => `"${v.replace(/'/g, "''")}"`).join(';')).join('\r\n')}\r\n`);
const STANDARD = [
  [
    'Id_Fiche',
    'Numero_Fiche',
    'Intitule',
    'Abrege_Libelle',
    'Nomenclature_Europe_Niveau',
    'Type_Enregistrement',
    'Actif',
  ],
  [
    '1',
    'RNCP19117',
    'Maintenance des véhicules option A voitures particulières',
    'BAC PRO',
    'NIV4',
    'Enregistrement de droit',
    'ACTIVE',
  ],
  ['2', 'RNCP27774', 'Électricien(ne)', 'BP', 'NIV4', 'Enregistrement de droit', 'ACTIVE'],
  [
    '3',
    'RNCP35407',
    'Génie électrique et informatique industrielle',
    'BUT',
    'NIV6',
    'Enregistrement de droit',
    'ACTIVE',
  ],
];
const ROME_ENTETE = ['Numero_Fiche', 'Codes_Rome_Code', 'Codes_Rome_Libelle'];

/** An RNCP export (CSV flavour) of the three fiches with this Rome member, imported. */
async function importer(rome: string[][]) {
  const zip = buildZip(`${tmp()}/export-fiches-csv.zip`, [
    { name: 'export_fiches_CSV_Standard_2024_02_22.csv', data: csv(STANDARD) },
    {
      name: 'export_fiches_CSV_Certificateurs_2024_02_22.csv',
      data: csv([['Numero_Fiche', 'Siret_Certificateur', 'Nom_Certificateur']]),
    },
    {
      name: 'export_fiches_CSV_VoixdAccès_2024_02_22.csv',
      data: csv([
        ['Numero_Fiche', 'Si_Jury'],
        ...STANDARD.slice(1).map((l) => [l[1]!, 'En contrat d’apprentissage']),
      ]),
    },
    { name: 'export_fiches_CSV_Rome_2024_02_22.csv', data: csv([ROME_ENTETE, ...rome]) },
  ]);
  const r = await importReferentiel(app.ctx, { kind: 'rncp', fichier: zip, force: true });
  expect(r.statut).toBe('importe');
  // The Maintenance des véhicules' document as the import left it (its certification trigger).
  const doc = await sql<{ d: string }>`select document::text as d from formation_recherche
    where formation_id = ${ids.get(MV.cle)!}`.execute(app.ctx.db);
  // The import re-checks the formations of the fiches it changed; these fixtures are no complete
  // offers (no UAI, no référent handicap…): diffused again, as loadFixture does.
  for (const id of [MV, BP_ELEC, GEII].map((f) => ids.get(f.cle)!))
    await setCatalogue(app.ctx, id, 'general');
  return doc.rows[0]!.d;
}

beforeAll(async () => {
  app = await startApp();
  await ajouterCertifications(app.ctx, [
    ['rncp', 'RNCP19117', 'Maintenance des véhicules option A voitures particulières', '4', 'BAC PRO'],
    ['rncp', 'RNCP27774', 'Électricien(ne)', '4', 'BP'],
    ['rncp', 'RNCP35407', 'Génie électrique et informatique industrielle', '6', 'BUT'],
  ]);
  ids = await loadFixture(app.ctx, [MV, BP_ELEC, GEII]);
});
afterAll(() => app?.stop());

describe('a job word finds the formations of the certifications leading to that job (ROME)', () => {
  it('without the ROME labels, « mécanicien » finds nothing', async () => {
    expect(await liste('mécanicien')).toEqual([]);
  });

  it('once the RNCP import brings them, « mécanicien », « mécanique automobile » find the Maintenance des véhicules', async () => {
    const document = await importer([
      ['RNCP19117', 'I1604', 'Mécanique automobile et entretien de véhicules'],
      ['RNCP27774', 'F1602', 'Électricité bâtiment'],
    ]);
    expect(document).toMatch(/'mecan':\d+ /); // weight D (no letter)
    for (const q of ['mécanicien', 'mecanicien', 'mécanique automobile', 'mecanique'])
      expect(await liste(q), q).toEqual(['BACPRO-MV']);
  });

  it('« électricien », « électricité bâtiment »: the BP Électricien(ne) first', async () => {
    for (const q of ['électricien', 'électricité bâtiment']) expect((await liste(q))[0], q).toBe('BP-ELEC');
  });

  it('a word only in a job label counts (« entretien véhicules »)', async () => {
    expect(await liste('entretien véhicules')).toEqual(['BACPRO-MV']);
  });

  it('a reference import that changes the labels updates the index', async () => {
    const document = await importer([['RNCP27774', 'F1602', 'Électricité bâtiment']]);
    expect(document).not.toContain('mecan');
    expect(document).toContain("'vehicul'");
    expect(await liste('mécanique automobile')).toEqual([]);
  });

  it('an ordinary search sends as many statements with ROME labels indexed as without', async () => {
    const compteur = compteurRequetes();
    const db = app.ctx.db.withPlugin(compteur);
    const n = async (q: string) => {
      compteur.reset();
      await rechercher(
        db,
        { kind: 'anonyme' },
        { q, taille: 20, publicSeulement: true, aujourdhui: '2026-09-01' },
      );
      return compteur.n;
    };
    const sans = await n('électricien');
    await importer([
      ['RNCP19117', 'I1604', 'Mécanique automobile et entretien de véhicules'],
      ['RNCP27774', 'F1602', 'Électricité bâtiment'],
    ]);
    expect(await n('électricien'), compteur.sqls.join('\n')).toBe(sans);
  });
});
