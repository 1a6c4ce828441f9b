import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { TEST_ENGINE, testDatabase, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// An operator (07/12, MEDIUM): importing the BCN view V_FORMATION_DIPLOME after N_FORMATION_DIPLOME
// moved N's certifications to V's set (a later N re-import counted them again), and a V file
// decoded with the wrong encoding (« DIPL\uFFFDME ») overwrote N's good labels. Now: V only completes
// N (a code N has stays N's, said in the report); a label holding U+FFFD never replaces a stored
// label without it; U+FFFD in a text read is a warning naming the file, line and column.

const ENTETE_N =
  'FORMATION_DIPLOME;NIVEAU_FORMATION_DIPLOME;LIBELLE_COURT;LIBELLE_LONG_200;DATE_OUVERTURE;DATE_FERMETURE;NIVEAU_QUALIFICATION_RNCP;NOUVEAU_DIPLOME_1';
const ENTETE_V =
  'FORMATION_DIPLOME;NIVEAU_FORMATION_DIPLOME;LIBELLE_COURT;LIBELLE_LONG_200;DATE_OUVERTURE;DATE_FERMETURE;NIVEAU_QUALIFICATION_RNCP';

const N = [
  '50022326;500;CAP;ALLIAGES MOULÉS SUR MODÈLES;06/08/1991;31/08/2099;03;',
  '32031213;320;BTS;MÉTIERS DE L’EAU;01/09/2010;01/01/1900;05;',
  '40025005;400;BAC PRO;ÉLECTROTECHNIQUE ÉNERGIE;01/09/2015;01/01/1900;04;',
];

describe('offre referentiel import bcn: V completes N, U+FFFD never replaces a good label', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let pg: Database | undefined;
  const fichier = (nom: string, contenu: string | Buffer) => {
    const p = join(dir, nom);
    writeFileSync(p, contenu);
    return p;
  };
  /** The stored BCN certifications: code → [label, set]. */
  const certifications = async () => {
    const db = pg ?? (await openDatabase({ dataDir: dir }));
    try {
      const rows = await db.db
        .selectFrom('certification')
        .select(['code', 'intitule', 'jeu'])
        .where('jeu', 'in', ['N_FORMATION_DIPLOME', 'V_FORMATION_DIPLOME'])
        .orderBy('code')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.code, [r.intitule, r.jeu]]));
    } finally {
      if (db !== pg) await db.close();
    }
  };

  beforeAll(async () => {
    dir = await testDataDir('offre-bcn-v-');
    if (TEST_ENGINE === 'postgres') {
      pg = await testDatabase();
      env = { DATABASE_URL: (pg as { url?: string }).url! };
    } else env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
    // N as the BCN publishes it: Windows-1252, LF, final newline.
    const n = fichier('N_FORMATION_DIPLOME.csv', iconv.encode(`${[ENTETE_N, ...N].join('\n')}\n`, 'win1252'));
    const r = await runCli(['referentiel', 'import', 'bcn', n], env);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports V after N without taking N’s codes; says so, and warns of U+FFFD with file, line and column', async () => {
    // V re-saved as UTF-8 after its accents were lost (U+FFFD), as the BCN samples are.
    const v = fichier(
      'V_FORMATION_DIPLOME.csv',
      `${[
        ENTETE_V,
        '50022326;500;CAP;ALLIAGES MOUL\uFFFDS SUR MOD\uFFFDLES;06/08/1991;31/08/2099;03',
        '32031213;320;BTS;M\uFFFDTIERS DE L\uFFFDEAU;01/09/2010;01/01/1900;05',
        '13531364;135;MASTER;INFORMATIQUE;01/09/2014;01/01/1900;07',
        '25022208;250;LIC PRO;CHIMIE : FORMULATION (LP ORL\uFFFDANS);01/09/2002;31/08/2099;06',
      ].join('\n')}\n`,
    );
    const r = await runCli(['referentiel', 'import', 'bcn', v], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('certification +2 ~0 -0');
    expect(r.stderr).toContain(
      '2 faits laissés à N_FORMATION_DIPLOME, qui les a déjà : ce fichier ne fait que compléter cette table.',
    );
    expect(r.stderr).toContain(
      'Attention (REFERENTIEL_ENCODAGE_SUSPECT) : Caractère de remplacement « \uFFFD » dans 3 lignes du fichier (première : V_FORMATION_DIPLOME.csv, ligne 2, colonne LIBELLE_LONG_200) : des lettres accentuées ont été perdues, le fichier a sans doute été lu ou réenregistré avec un mauvais encodage.',
    );
    expect(await certifications()).toEqual({
      '13531364': ['INFORMATIQUE', 'V_FORMATION_DIPLOME'],
      '25022208': ['CHIMIE : FORMULATION (LP ORL\uFFFDANS)', 'V_FORMATION_DIPLOME'],
      '32031213': ['MÉTIERS DE L’EAU', 'N_FORMATION_DIPLOME'],
      '40025005': ['ÉLECTROTECHNIQUE ÉNERGIE', 'N_FORMATION_DIPLOME'],
      '50022326': ['ALLIAGES MOULÉS SUR MODÈLES', 'N_FORMATION_DIPLOME'],
    });
  }, 120_000);

  it('re-imports N after V: only what N changed is counted', async () => {
    const n2 = fichier(
      'N_FORMATION_DIPLOME-2.csv',
      iconv.encode(
        `${[ENTETE_N, ...N.slice(0, 2), N[2]!.replace('ÉNERGIE', 'ÉNERGIE ET ENVIRONNEMENT')].join('\n')}\n`,
        'win1252',
      ),
    );
    const r = await runCli(['referentiel', 'import', 'bcn', n2], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('certification +0 ~1 -0');
  }, 120_000);

  it('keeps the stored labels when N comes back decoded with the wrong encoding, and says so', async () => {
    const casse = fichier(
      'N_FORMATION_DIPLOME-utf8.csv',
      `${[ENTETE_N, ...N.slice(0, 2), N[2]!.replace('ÉNERGIE', 'ÉNERGIE ET ENVIRONNEMENT')]
        .join('\n')
        .replace(/[ÉÈ’]/g, '\uFFFD')}\n`,
    );
    const r = await runCli(['referentiel', 'import', 'bcn', casse], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('certification +0 ~0 -0');
    expect(r.stderr).toContain(
      '(première : N_FORMATION_DIPLOME-utf8.csv, ligne 2, colonne LIBELLE_LONG_200) : des lettres accentuées ont été perdues, le fichier a sans doute été lu ou réenregistré avec un mauvais encodage. 3 libellés déjà enregistrés sans ce caractère ont été gardés ;',
    );
    expect((await certifications())['40025005']).toEqual([
      'ÉLECTROTECHNIQUE ÉNERGIE ET ENVIRONNEMENT',
      'N_FORMATION_DIPLOME',
    ]);
  }, 120_000);
});
