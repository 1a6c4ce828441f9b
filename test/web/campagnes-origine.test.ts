import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { CHAMPS_REGIONAUX, LIBELLES_CALENDRIER } from '../../src/domain/campagne.ts';
import { connecte, posterCalendrier, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { type CliRun, runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDatabase, testDataDir } from '../helpers/db.ts';

// A fresh user's report: /gestion/campagnes showed région 52's collection dates empty (nothing to
// read but the form's fields) while `offre campagne calendrier --region 52` showed the national
// ones. A région without its own dates follows the national ones (campagne.service calendrierDe):
// the page and the command now both say which dates apply and whose they are, on one database.

let t: TestWeb;
let cli52: CliRun;
let cli84: CliRun;

beforeAll(async () => {
  // The command runs on the database the web application opens next (a folder on PGlite, where one
  // process at a time holds it; the test's own database on PostgreSQL).
  const commandes = async (env: Record<string, string | undefined>) => {
    expect((await runCli(['campagne', 'courante', '2027'], env)).code).toBe(0);
    // Each date of its own (a date --set leaves alone stays national: campagnes-dates-nationales).
    const set = await runCli(
      [
        'campagne',
        'calendrier',
        '--region',
        '84',
        '--set',
        'ouverture_collecte=10/09/2026',
        '--set',
        'retour_attendu=05/12/2026',
        '--set',
        'transmission_catalogue=18/12/2026',
      ],
      env,
    );
    expect(set.code).toBe(0);
    cli52 = await runCli(['campagne', 'calendrier', '--region', '52'], env);
    cli84 = await runCli(['campagne', 'calendrier', '--region', '84'], env);
  };
  const now = () => new Date('2026-11-28T10:00:00Z');
  if (TEST_ENGINE === 'postgres') {
    const database = await testDatabase();
    await commandes({ DATABASE_URL: (database as { url?: string }).url! });
    t = await testWeb({ smtp: false, now, database });
  } else {
    const data = await testDataDir('offre-campagnes-origine-');
    await commandes({ OFFRE_DATA_DIR: data, DATABASE_URL: '' });
    t = await testWeb({ smtp: false, now, database: await openDatabase({ dataDir: data }) });
    const fermer = t.close;
    t.close = async () => {
      await fermer();
      rmSync(data, { recursive: true, force: true });
    };
  }
}, 120_000);
afterAll(() => t.close());

/** The date the command line gives for `champ` (« 15 septembre 2026 »). */
const dateCli = (out: string, champ: string) =>
  new RegExp(`^\\s+${LIBELLES_CALENDRIER[champ as 'retour_attendu']}\\s+(.+?)\\s+\\(${champ}\\)`, 'm')
    .exec(out)?.[1]
    ?.trim();

describe('the collection dates that apply to a région', () => {
  it('without its own: the national ones, said so, the same on the page and the command line', async () => {
    const g52 = await connecte(
      t,
      { email: 'g52@origine.test', role: 'gestionnaire', region: '52' },
      '10.47.0.1',
    );
    const page = await g52.get('/gestion/campagnes');
    expect(page.statusCode).toBe(200);
    const lu = texte(page.body);
    const phrase = 'dates nationales, la région n’a pas fixé les siennes';
    expect(lu).toContain(`Dates de collecte de la région Pays de la Loire : ${phrase}.`);
    expect(cli52.stdout).toContain(`Dates de collecte : ${phrase}.`);
    for (const champ of CHAMPS_REGIONAUX) {
      const d = dateCli(cli52.stdout, champ);
      expect(d).toMatch(/^\d{1,2}(er)? \p{L}+ \d{4}$/u);
      expect(lu).toContain(`${LIBELLES_CALENDRIER[champ]} : ${d} (date nationale)`);
    }
    expect(dateCli(cli52.stdout, 'ouverture_collecte')).toBe('15 septembre 2026');
    // The command's change in the history is said as every page says it, never « systeme:cli ».
    expect(lu).toContain('la ligne de commande : calendrier de la région Auvergne-Rhône-Alpes');
    expect(lu).not.toContain('systeme:');
  });

  it('with its own: the région’s, said so, the same on the page and the command line', async () => {
    const g84 = await connecte(
      t,
      { email: 'g84@origine.test', role: 'gestionnaire', region: '84' },
      '10.47.0.2',
    );
    const lu = texte((await g84.get('/gestion/campagnes')).body);
    expect(lu).toContain('Dates de collecte de la région Auvergne-Rhône-Alpes : dates fixées par la région.');
    expect(cli84.stdout).toContain('Dates de collecte : dates fixées par la région.');
    expect(dateCli(cli84.stdout, 'retour_attendu')).toBe('5 décembre 2026');
    for (const champ of CHAMPS_REGIONAUX)
      expect(lu).toContain(
        `${LIBELLES_CALENDRIER[champ]} : ${dateCli(cli84.stdout, champ)} (date de la région)`,
      );
  });

  it('some of its own: each date says whose it is', async () => {
    const g84 = await connecte(
      t,
      { email: 'g84b@origine.test', role: 'gestionnaire', region: '84' },
      '10.47.0.3',
    );
    await g84.get('/gestion/campagnes');
    const r = await posterCalendrier(g84, '2027', {
      region: '84',
      ouverture_collecte: '',
      retour_attendu: '2026-12-05',
      transmission_catalogue: '2026-12-20',
    });
    expect(r.statusCode).toBe(303);
    const lu = texte((await g84.get(r.headers.location!)).body);
    expect(lu).toContain(
      'Dates de collecte de la région Auvergne-Rhône-Alpes : dates fixées par la région, sauf ouverture de la collecte (date nationale, la région n’a pas fixé la sienne).',
    );
    expect(lu).toContain('Ouverture de la collecte : 15 septembre 2026 (date nationale)');
    expect(lu).toContain('Transmission au catalogue national : 20 décembre 2026 (date de la région)');
  });
});
