import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { ACTUELLES, decoupage } from '../../src/referentiels/decoupage.ts';
import { TEST_ENGINE, testDatabase, testDataDir } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// A fresh operator (07/12, HIGH): `head -c 3400000 communes.csv` (the last line cut mid-row, no
// final newline) was imported with exit 0, and the communes the cut file lacked were replaced by
// the built-in list, without coordinates: Limoges lost its own, « Où ? Limoges » ignored the radius.
// Now: a last line cut mid-row is refused (REFERENTIEL_LIGNE_TRONQUEE, file, line, field; nothing
// written); a commune absent from a well-formed file keeps its stored coordinates; a file that
// would strip many communes of their coordinates is held (REFERENTIEL_PERTE_SUSPECTE) until --force.
// Fixture: the real file's layout (19 columns, `,`, UTF-8, LF, final newline), written here for 60
// communes of the built-in list with invented coordinates.

const ENTETE =
  'insee_com,insee_reg,insee_dep,commune,commune_article,code_postal,commune_type,insee_parente,lat,lng,superficie_km2,population_2021,population_2015,menages_2021,naissances_2022,deces_2022,pop_15_64_totale_2021,pop_15_64_chomage_2021,pop_15_64_active_2021';

const COMMUNES = decoupage()
  .communes()
  .filter((c) => ACTUELLES.has(c.type) && c.codesPostaux?.length && c.departement === '87')
  .slice(0, 60);

/** One line per commune × postal code; `sansCoordonnees`: those communes' lat and lng left empty. */
function lignes(communes = COMMUNES, sansCoordonnees = new Set<string>()): string {
  const out = [ENTETE];
  communes.forEach((c, i) => {
    for (const cp of c.codesPostaux!) {
      const [lat, lng] = sansCoordonnees.has(c.code) ? ['', ''] : [`45.${1000 + i}`, `1.${2000 + i}`];
      out.push(
        `${c.code},${c.region},${c.departement},${c.nom},${c.nom},${cp},COM,,${lat},${lng},12.5,${c.population ?? 0},500,200,3,4,300,20,250`,
      );
    }
  });
  return `${out.join('\n')}\n`;
}

describe('offre referentiel import communes: a truncated file, a partial file, lost coordinates', () => {
  let dir: string;
  let env: Record<string, string | undefined>;
  let pg: Database | undefined;
  const ouvrir = async () => pg ?? (await openDatabase({ dataDir: dir }));
  const fermer = async (db: Database) => {
    if (db !== pg) await db.close();
  };
  /** Communes of the fixture stored without coordinates. */
  const sansCoordonnees = async () => {
    const db = await ouvrir();
    try {
      const rows = await db.db
        .selectFrom('commune')
        .select(['code_insee', 'nom'])
        .where(
          'code_insee',
          'in',
          COMMUNES.map((c) => c.code),
        )
        .where('lat', 'is', null)
        .execute();
      return [...new Set(rows.map((r) => r.code_insee))];
    } finally {
      await fermer(db);
    }
  };
  const fichier = (nom: string, contenu: string | Buffer) => {
    const p = join(dir, nom);
    writeFileSync(p, contenu);
    return p;
  };

  beforeAll(async () => {
    dir = await testDataDir('offre-communes-tronque-');
    if (TEST_ENGINE === 'postgres') {
      pg = await testDatabase();
      env = { DATABASE_URL: (pg as { url?: string }).url! };
    } else env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
    expect(COMMUNES).toHaveLength(60);
    const r = await runCli(['referentiel', 'import', 'communes', fichier('communes.csv', lignes())], env);
    expect(r.code, r.stderr).toBe(0);
    expect(await sansCoordonnees()).toEqual([]);
  }, 180_000);
  afterAll(async () => {
    await pg?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a file whose last line is cut mid-row, naming file, line and field; nothing written', async () => {
    const complet = Buffer.from(lignes(COMMUNES.slice(0, 30)), 'utf8');
    // Cut inside the 10th field of the last line (`…,COM,,45.1029,1.20`): no final newline.
    const derniere = complet.subarray(0, -1).lastIndexOf(0x0a) + 1;
    const texte = complet.subarray(derniere).toString('utf8');
    const coupe = derniere + Buffer.byteLength(texte.split(',').slice(0, 9).join(','), 'utf8') + 4;
    const p = fichier('communes-coupe.csv', complet.subarray(0, coupe));
    expect(readFileSync(p).at(-1)).not.toBe(0x0a);
    const ligne = complet.subarray(0, derniere).toString('utf8').split('\n').length;
    const avant = (await runCli(['referentiel', 'status', '--json'], env)).stdout;
    const r = await runCli(['referentiel', 'import', 'communes', p], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^Erreur : Le fichier communes-coupe\\.csv se termine au milieu de la ligne ${ligne} : 10 champs sur 19, le champ « superficie_km2 » et les suivants manquent, sans fin de ligne\\. Fichier tronqué .*aucun référentiel n’a été modifié.* \\[REFERENTIEL_LIGNE_TRONQUEE\\]\\n$`,
      ),
    );
    expect((await runCli(['referentiel', 'status', '--json'], env)).stdout).toEqual(avant);
    expect(await sansCoordonnees()).toEqual([]);
  }, 120_000);

  it('keeps the stored coordinates of the communes a well-formed file lacks', async () => {
    // 40 of 60 communes: held for its size (below 90 %, see the cut file below), applied with --force.
    const r = await runCli(
      [
        'referentiel',
        'import',
        'communes',
        fichier('communes-40.csv', lignes(COMMUNES.slice(0, 40))),
        '--force',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(await sansCoordonnees()).toEqual([]);
  }, 120_000);

  it('holds a file that would strip many communes of their coordinates, until --force', async () => {
    const vides = new Set(COMMUNES.slice(0, 30).map((c) => c.code));
    const p = fichier('communes-sans-xy.csv', lignes(COMMUNES, vides));
    const r = await runCli(['referentiel', 'import', 'communes', p], env);
    expect(r.code).toBe(1);
    const premiere = COMMUNES[0]!;
    expect(r.stderr).toMatch(
      new RegExp(
        `^Erreur : L’import de communes-sans-xy\\.csv ôterait leurs coordonnées à \\d+ des \\d+ lignes de « commune » qui en ont \\(\\d+ %\\), par exemple ${premiere.code} ${premiere.codesPostaux![0]} ${premiere.nom}, .* … et \\d+ autres : le fichier ne les donne pas\\. Import refusé par prudence, rien n’a été enregistré ; vérifiez le fichier, ou relancez avec --force si cette perte est voulue\\. \\[REFERENTIEL_PERTE_SUSPECTE\\]\\n$`,
      ),
    );
    expect(await sansCoordonnees()).toEqual([]);
    const force = await runCli(['referentiel', 'import', 'communes', p, '--force'], env);
    expect(force.code, force.stderr).toBe(0);
    expect(force.stderr).toMatch(
      /Accepté avec --force : L’import de communes-sans-xy\.csv ôterait leurs coordonnées/,
    );
    expect((await sansCoordonnees()).sort()).toEqual([...vides].sort());
  }, 120_000);

  // LOW (07/12): a file cut exactly at a line end (`head -n`) kept its field count and was
  // imported without a word as long as it had half the rows of the last import. Communes barely
  // change from one year to the next: under 90 % of the last import's rows, the file is held.
  it('holds a communes file cut at a line end (75 % of the rows), until --force', async () => {
    const complet = lignes().split('\n');
    const n = Math.ceil((complet.length - 2) * 0.75);
    const p = fichier('communes-head.csv', `${complet.slice(0, n + 1).join('\n')}\n`);
    const avant = await sansCoordonnees();
    const r = await runCli(['referentiel', 'import', 'communes', p], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^Erreur : Le fichier communes-head\\.csv contient ${n} lignes contre ${complet.length - 2} au dernier import \\(communes-sans-xy\\.csv\\) : 7\\d %, alors que ce fichier en garde d’une année sur l’autre au moins 90 %\\. Fichier coupé \\(copie, export ou téléchargement partiels\\) \\? Import refusé par prudence, rien n’a été enregistré ; relancez avec --force si ce retrait est voulu\\. \\[REFERENTIEL_BAISSE_SUSPECTE\\]\\n$`,
      ),
    );
    expect(await sansCoordonnees()).toEqual(avant);
    const force = await runCli(['referentiel', 'import', 'communes', p, '--force'], env);
    expect(force.code, force.stderr).toBe(0);
    expect(force.stderr).toMatch(/Accepté avec --force : Le fichier communes-head\.csv contient/);
  }, 120_000);

  // A cut inside the last value keeps the field count: the official files all end with a newline
  // (every extract of shared/reference does), so a missing one is said, not refused.
  it('warns, without refusing, when the file does not end with a newline', async () => {
    const p = fichier('communes-sans-fin.csv', lignes().replace(/\n$/, '').replace(/,250$/, ',25'));
    const r = await runCli(['referentiel', 'import', 'communes', p], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'Attention (REFERENTIEL_FIN_DE_LIGNE_ABSENTE) : Le fichier communes-sans-fin.csv ne se termine pas par un retour à la ligne, contrairement aux fichiers officiels : sa dernière ligne (qui finit par « …',
    );
    expect(r.stderr).toContain('4,300,20,25 ») a peut-être été coupée au milieu de sa dernière valeur.');
  }, 120_000);
});
