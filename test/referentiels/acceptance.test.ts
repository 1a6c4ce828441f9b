import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { statutReferentiels } from '../../src/services/referentiel-status.service.ts';
import { seedDataDir, TEST_ENGINE, testDatabase } from '../helpers/db.ts';
import { contexte, tmp } from './helpers.ts';

// Every real extract of ../shared/reference imports with the row counts its README states (or
// every row when it states none), through the import service on both engines; the real CLI entry
// (a separate process on the embedded database) is run once: one import, status, a wrong kind.
const REFERENCE = new URL('../../../shared/reference', import.meta.url).pathname;
const BIN = new URL('../../bin/offre.js', import.meta.url).pathname;
const present = existsSync(join(REFERENCE, 'README.md'));
const absent = `${REFERENCE} absent : import des extraits officiels non testé`;

const FILES: [kind: string, file: string, lues: number, rejetees?: number][] = [
  ['bcn', 'bcn/N_FORMATION_DIPLOME.csv', 3923],
  ['bcn', 'bcn/N_NIVEAU_FORMATION_DIPLOME.csv', 206],
  // one 7-character CFD (36C250N) that BCN itself comments "ERREUR CODIFICATION": reported and skipped
  ['bcn', 'bcn/legacy-2020/v_formation_diplome.csv', 9709, 1],
  ['bcn', 'bcn/legacy-2020/n_mef.csv', 9195],
  ['bcn', 'bcn/legacy-2020/n_formation_diplome.csv', 3714],
  ['bcn', 'bcn/legacy-2020/n_dispositif_formation.csv', 168],
  ['bcn', 'bcn/legacy-2020/n_niveau_formation_diplome.csv', 189],
  ['bcn', 'bcn/legacy-2020/n_lettre_specialite.csv', 17],
  ['bcn', 'bcn/sample/N_FORMATION_DIPLOME.csv', 11],
  ['bcn', 'bcn/sample/N_FORMATION_DIPLOME_ENQUETE_51.csv', 9],
  ['bcn', 'bcn/sample/N_NIVEAU_FORMATION_DIPLOME.csv', 9],
  ['bcn', 'bcn/sample/V_FORMATION_DIPLOME.csv', 11],
  ['rncp', 'rncp/france-competences/sample/export-fiches-csv-2024-02-22.zip', 98],
  ['rncp', 'rncp/xml/fiches-rncp-v3.0-fixture.xml', 2],
  ['kit', 'rncp/kit-apprentissage/Kit apprentissage et RNCP v3.0.csv', 5546],
  ['acce', 'organismes/acce/acce_data.zip', 5],
  ['lpof', 'organismes/dgefp/liste-publique-of.synthetic-fixture.csv', 1],
  ['communes', 'communes/communes.csv', 36208],
];

describe.skipIf(!present)(
  `official extracts through the import service${present ? '' : ` (ignoré : ${absent})`}`,
  () => {
    let database: Database;
    beforeAll(async () => {
      database = await testDatabase();
    });
    afterAll(() => database?.close());

    it.each(FILES)(
      '%s %s: %i rows',
      async (kind, file, lues, rejetees = 0) => {
        // force: the extracts are cuts of different sizes imported one after the other
        const r = await importReferentiel(contexte(database, new Date()), {
          kind,
          fichier: join(REFERENCE, file),
          force: true,
        });
        expect(r.lignes).toMatchObject({ lues, rejetees });
        expect(r.lignes.gardees + r.lignes.ignorees + rejetees).toBe(lues);
      },
      120_000,
    );

    it('status lists what they loaded', async () => {
      const status = await statutReferentiels(contexte(database));
      expect(status.faits.commune).toBeGreaterThan(35000);
      expect(status.faits.certification_lien).toBe(5496);
    });
  },
);

const cliReason = !present
  ? absent
  : TEST_ENGINE !== 'pglite'
    ? 'le CLI est testé une fois, sur le moteur embarqué'
    : null;

describe.skipIf(!!cliReason)(`the real CLI entry${cliReason ? ` (ignoré : ${cliReason})` : ''}`, () => {
  it('imports an extract, lists it, and refuses a wrong kind with exit code 1 and a French message', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, OFFRE_DATA_DIR: await seedDataDir(tmp()) };
    delete env.DATABASE_URL;
    const offre = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
    const r = offre('referentiel', 'import', 'bcn', join(REFERENCE, 'bcn/legacy-2020/n_mef.csv'), '--json');
    expect(r.stderr).not.toMatch(/Erreur/);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).lignes).toMatchObject({ lues: 9195, rejetees: 0 });
    const s = offre('referentiel', 'status', '--json');
    expect(s.status).toBe(0);
    expect(JSON.parse(s.stdout).runs.map((x: { fichier: string }) => x.fichier)).toContain('n_mef.csv');
    const bad = offre('referentiel', 'import', 'lpof', join(REFERENCE, 'bcn/legacy-2020/n_mef.csv'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^Erreur : Le fichier n_mef\.csv ressemble à : table BCN N_MEF/);
  }, 180_000);
});
