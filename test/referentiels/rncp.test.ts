import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture, tmp, zipRncp } from './helpers.ts';

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

const cert = (code: string) =>
  database.db.selectFrom('certification').selectAll().where('code', '=', code).executeTakeFirstOrThrow();
const habilitations = () =>
  database.db
    .selectFrom('certification_habilitation')
    .select(['code', 'siret', 'role', 'habilitation'])
    .orderBy('code')
    .orderBy('siret')
    .execute();

describe('RNCP export, CSV flavour (zip)', () => {
  it('finds the members by accent-insensitive name (UTF-8 without the zip flag, NFD) and reads every quirk', async () => {
    const zip = zipRncp(tmp(), 'NFD');
    const r = await importReferentiel(contexte(database), { kind: 'rncp', fichier: zip });
    expect(r).toMatchObject({ statut: 'importe', jeu: 'rncp', lignes: { rejetees: 0 } });
    const cap = await cert('RNCP509');
    expect(cap).toMatchObject({
      type: 'rncp',
      intitule: "Agent vérificateur d'appareils extincteurs", // '' undoubled
      niveau: '3',
      type_diplome: 'CAP',
      type_enregistrement: 'droit',
      actif: false,
      date_fin: '2023-08-31',
      ouvert_apprentissage: true, // "En contrat d’apprentissage" from the VoixdAccès member (accented name)
      nsf: ['251'],
      formacodes: ['42872'],
    });
    const titre = await cert('RNCP30271');
    // `;` and CRLF inside quotes stay in the value
    expect(titre.intitule).toBe('Chef de projet commercial; agroalimentaire\r\net services associés');
    expect(titre).toMatchObject({
      type_enregistrement: 'sur_demande',
      ouvert_apprentissage: true,
      nsf: ['221w', '312'],
      rome: ['H1102'],
      // the Rome member's label, '' undoubled: the search indexes it (migration 1120)
      rome_libelles: ["Management et ingénierie d'affaires"],
    });
    expect((await cert('RNCP28155')).successeurs).toEqual(['RNCP30271']);
    expect(await cert('RS5000')).toMatchObject({ type: 'rs', niveau: null, ouvert_apprentissage: false });
    // SIRETs were written "\t11004301500012": the TAB is gone; a partner without SIRET is skipped
    expect(await habilitations()).toEqual([
      { code: 'RNCP30271', siret: '13002793100323', role: 'partenaire', habilitation: 'HABILITATION_FORMER' },
      { code: 'RNCP30271', siret: '82948645500019', role: 'certificateur', habilitation: null },
      { code: 'RNCP509', siret: '11004301500012', role: 'certificateur', habilitation: null },
      { code: 'RS5000', siret: '48276116000019', role: 'partenaire', habilitation: 'HABILITATION_ORGA_FORM' },
      { code: 'RS5000', siret: '79279132900016', role: 'certificateur', habilitation: null },
    ]);
    expect(r.lignes.ignorees).toBe(1);
  });

  it('reads the same members with NFC names identically (re-import is a no-op by content)', async () => {
    const r = await importReferentiel(contexte(database), { kind: 'rncp', fichier: zipRncp(tmp(), 'NFC') });
    // Different zip bytes (names), same facts: a run with an empty diff.
    expect(r.statut).toBe('importe');
    expect(r.diff.certification).toMatchObject({ ajouts: 0, modifications: 0, retraits: 0 });
    expect(r.diff.certification_habilitation).toMatchObject({ ajouts: 0, modifications: 0, retraits: 0 });
  });

  it('without the VoixdAccès member no fiche is open to apprenticeship', async () => {
    const zip = zipRncp(tmp(), 'NFD', (n) => !n.includes('Voix'));
    const r = await importReferentiel(contexte(database), { kind: 'rncp', fichier: zip });
    expect(r.diff.certification?.modifications).toBe(2);
    expect((await cert('RNCP509')).ouvert_apprentissage).toBe(false);
  });
});

describe('RNCP export, XML flavour', () => {
  it('reads V3 (leaf SI_JURY_CA, NIVEAU_EUROPE, NOUVELLE_CERTIFICATION) and V4.1 (containers) to the same facts', async () => {
    const v3 = await importReferentiel(contexte(database), {
      kind: 'rncp',
      fichier: fixture('rncp/fiches-v3.xml'),
      force: true,
    });
    expect(v3).toMatchObject({ jeu: 'rncp', lignes: { lues: 2, gardees: 2, rejetees: 0 } });
    const attendu = {
      type: 'rncp',
      intitule: "Titre d'ingénieur & manager",
      type_diplome: 'TI',
      niveau: '7',
      actif: true,
      type_enregistrement: 'sur_demande',
      ouvert_apprentissage: true,
      successeurs: ['RNCP39000'],
      nsf: ['200'],
    };
    expect(await cert('RNCP34825')).toMatchObject({ ...attendu, date_fin: '2026-08-31' });
    expect(await cert('RS5841')).toMatchObject({
      type: 'rs',
      actif: false,
      ouvert_apprentissage: false,
      formacodes: ['42052'],
    });

    const v41 = await importReferentiel(contexte(database), {
      kind: 'rncp',
      fichier: fixture('rncp/fiches-v4.1.xml'),
    });
    expect(v41.lignes).toMatchObject({ lues: 3, gardees: 2, rejetees: 1 });
    expect(v41.rejets[0]).toMatchObject({ fichier: 'fiches-v4.1.xml', colonne: 'NUMERO_FICHE', ligne: 29 });
    expect(await cert('RNCP34825')).toMatchObject({
      ...attendu,
      date_fin: '2027-08-31',
      date_debut: '2021-09-01',
      rome: ['H1206'],
      rome_libelles: ['Management'],
    });
    expect(v41.diff.certification?.exemples.modifications[0]).toMatchObject({
      code: 'RNCP34825',
      champs: { date_fin: { avant: '2026-08-31', apres: '2027-08-31' } },
    });
    expect((await habilitations()).filter((h) => h.code === 'RNCP34825')).toEqual([
      { code: 'RNCP34825', siret: '13002793100323', role: 'partenaire', habilitation: 'HABILITATION_FORMER' },
      { code: 'RNCP34825', siret: '19750000000018', role: 'certificateur', habilitation: null },
    ]);
  });
});
