import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import {
  connecte,
  type Navigateur,
  posterCalendrier,
  type TestWeb,
  testWeb,
  texte,
} from '../auth/web.helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, type TestDatabase, testDatabase, testDataDir } from '../helpers/db.ts';

// A région's collection dates follow the national ones until the région sets its own. The form
// (and `--set`) is pre-filled with the dates that apply, so saving it unchanged used to turn the
// national dates into the région's own, which then no longer followed the national calendar.
// Now a date saved equal to the national one the région had not set stays national (unless the
// région pins it: campagnes-date-fixee.test.ts); a different date becomes the région's; emptying
// it (or `--set champ=nationale`) goes back to national.

const NATIONALES = 'dates nationales, la région n’a pas fixé les siennes';
const now = () => new Date('2026-11-28T10:00:00Z');

let env: Record<string, string | undefined>;
let dataDir: string | undefined;
let pg: TestDatabase | undefined;
let t: TestWeb | undefined;
let g52: Navigateur;
let admin: Navigateur;

const cli = (...args: string[]) => runCli(['campagne', 'calendrier', ...args], env);

/** The web application on the same database as the command line (PGlite: the folder the CLI used). */
async function web(): Promise<TestWeb> {
  if (t) return t;
  const database = pg ?? (await openDatabase({ dataDir: dataDir! }));
  t = await testWeb({ smtp: false, now, database });
  g52 = await connecte(t, { email: 'g52@suivi.test', role: 'gestionnaire', region: '52' }, '10.48.0.1');
  admin = await connecte(t, { email: 'admin@suivi.test', role: 'admin' }, '10.48.0.2');
  return t;
}

/** Closes the web application (on PGlite one process at a time holds the folder: the CLI runs next). */
async function fermerWeb() {
  if (TEST_ENGINE === 'pglite' && t) {
    await t.close();
    t = undefined;
  }
}

beforeAll(async () => {
  if (TEST_ENGINE === 'postgres') {
    pg = await testDatabase();
    env = { DATABASE_URL: pg.url! };
  } else {
    dataDir = await testDataDir('offre-campagnes-nationales-');
    env = { OFFRE_DATA_DIR: dataDir, DATABASE_URL: '' };
  }
  expect((await runCli(['campagne', 'courante', '2027'], env)).code).toBe(0);
}, 120_000);
afterAll(async () => {
  if (t) await t.close();
  else await pg?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** The values the calendar form is pre-filled with. */
function formulaire(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const champ of ['ouverture_collecte', 'retour_attendu', 'transmission_catalogue']) {
    const m = new RegExp(`<input[^>]*name="${champ}"[^>]*value="([^"]*)"`).exec(html);
    out[champ] = m?.[1] ?? '';
  }
  return out;
}

const origine = async () => texte((await g52.get('/gestion/campagnes')).body);
const ligneRegion52 = async () =>
  (await t!.ctx.db.selectFrom('campagne_region').selectAll().where('region', '=', '52').execute()).map(
    ({ ouverture_collecte, retour_attendu, transmission_catalogue }) => ({
      ouverture_collecte,
      retour_attendu,
      transmission_catalogue,
    }),
  );

describe('a région’s collection dates stay national unless it sets its own', () => {
  it('command line: --set makes only the dates it changes the région’s; « nationale » goes back', async () => {
    const une = await cli('--region', '52', '--set', 'transmission_catalogue=20/12/2026');
    expect(une.code).toBe(0);
    expect(une.stdout).toContain(
      'Dates de collecte : dates fixées par la région, sauf ouverture de la collecte et retour des classeurs attendu (dates nationales, la région n’a pas fixé les siennes).',
    );
    // Naming the national date itself pins it: the région's own (campagnes-date-fixee.test.ts).
    const meme = await cli('--region', '52', '--set', 'ouverture_collecte=2026-09-15');
    expect(meme.stdout).toContain('sauf retour des classeurs attendu (date nationale');
    expect(meme.stdout).toMatch(
      /Ouverture de la collecte\s+15 septembre 2026\s+\(ouverture_collecte\)\s+date de la région/,
    );

    const retour = await cli(
      '--region',
      '52',
      '--set',
      'transmission_catalogue=nationale',
      '--set',
      'ouverture_collecte=nationale',
    );
    expect(retour.code).toBe(0);
    expect(retour.stdout).toContain(`Dates de collecte : ${NATIONALES}.`);
    expect(retour.stdout).toMatch(
      /Transmission au catalogue national\s+15 décembre 2026\s+\(transmission_catalogue\)\s+date nationale/,
    );
  });

  it('command line: bad input is refused in French naming the field, nothing stored', async () => {
    const pasUneDate = await cli('--region', '52', '--set', 'retour_attendu=31/11/2026');
    expect(pasUneDate.code).toBe(1);
    expect(pasUneDate.stderr).toContain(
      'Retour des classeurs attendu : « 31/11/2026 » n’est pas une date du calendrier (JJ/MM/AAAA).',
    );
    const ordre = await cli('--region', '52', '--set', 'transmission_catalogue=2026-11-01');
    expect(ordre.code).toBe(1);
    expect(ordre.stderr).toContain(
      'Transmission au catalogue national (1er novembre 2026) doit venir après retour des classeurs attendu (30 novembre 2026).',
    );
    // « nationale » has no meaning for the national calendar itself.
    const sansRegion = await cli('--set', 'ouverture_collecte=nationale');
    expect(sansRegion.code).toBe(1);
    expect(sansRegion.stderr).toContain('--set ouverture_collecte=nationale : ');
    expect(sansRegion.stderr).toContain('--region');
    // A national date is not a région's to set: refused, never silently ignored.
    const nationale = await cli('--region', '52', '--set', 'fermeture_affelnet=2027-02-15');
    expect(nationale.code).toBe(1);
    expect(nationale.stderr).toContain('--set fermeture_affelnet=2027-02-15 : ');
    expect((await cli('--region', '52')).stdout).toContain(`Dates de collecte : ${NATIONALES}.`);
    expect((await cli()).stdout).toMatch(/Fermeture d’Affelnet\s+31 janvier 2027/);
  });

  it('page: saved unchanged, the dates stay national and follow a later national change', async () => {
    await web();
    const page = await g52.get('/gestion/campagnes');
    const pre = formulaire(page.body);
    expect(pre).toEqual({
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-11-30',
      transmission_catalogue: '2026-12-15',
    });
    const r = await posterCalendrier(g52, '2027', { region: '52', ...pre });
    expect(r.statusCode).toBe(303);
    expect(await origine()).toContain(`Dates de collecte de la région Pays de la Loire : ${NATIONALES}.`);
    expect(await ligneRegion52()).toEqual([
      { ouverture_collecte: null, retour_attendu: null, transmission_catalogue: null },
    ]);

    // The national date changes: the région follows it.
    const nat = formulaire((await admin.get('/gestion/campagnes')).body);
    const champsNationaux = {
      fermeture_affelnet: '2027-01-31',
      ouverture_parcoursup: '2027-01-15',
      fermeture_parcoursup: '2027-09-15',
      fenetre_debut: '2027-08-01',
      fenetre_fin: '2028-07-31',
    };
    const n = await posterCalendrier(admin, '2027', {
      region: '',
      ...nat,
      ...champsNationaux,
      ouverture_collecte: '2026-09-20',
    });
    expect(n.statusCode).toBe(303);
    const apres = await g52.get('/gestion/campagnes');
    expect(texte(apres.body)).toContain('Ouverture de la collecte : 20 septembre 2026 (date nationale)');
    expect(formulaire(apres.body).ouverture_collecte).toBe('2026-09-20');
  });

  it('page: a changed date becomes the région’s, the others stay national, saving again changes nothing', async () => {
    const pre = formulaire((await g52.get('/gestion/campagnes')).body);
    const r = await posterCalendrier(g52, '2027', {
      region: '52',
      ...pre,
      retour_attendu: '05/12/2026',
    });
    expect(r.statusCode).toBe(303);
    const phrase =
      'Dates de collecte de la région Pays de la Loire : dates fixées par la région, sauf ouverture de la collecte et transmission au catalogue national (dates nationales, la région n’a pas fixé les siennes).';
    const lu = await origine();
    expect(lu).toContain(phrase);
    expect(lu).toContain('Retour des classeurs attendu : 5 décembre 2026 (date de la région)');
    const encore = formulaire((await g52.get('/gestion/campagnes')).body);
    expect((await posterCalendrier(g52, '2027', { region: '52', ...encore })).statusCode).toBe(303);
    expect(await origine()).toContain(phrase);
    expect(await ligneRegion52()).toEqual([
      { ouverture_collecte: null, retour_attendu: '2026-12-05', transmission_catalogue: null },
    ]);
  });

  it('page: emptying a date the région had set goes back to the national date; the form says so', async () => {
    const page = await g52.get('/gestion/campagnes');
    expect(texte(page.body)).toContain(
      'Retour des classeurs attendu (facultatif) Format JJ/MM/AAAA ; videz le champ pour suivre la date nationale (30 novembre 2026).',
    );
    const r = await posterCalendrier(g52, '2027', {
      region: '52',
      ...formulaire(page.body),
      retour_attendu: '',
    });
    expect(r.statusCode).toBe(303);
    const lu = await origine();
    expect(lu).toContain(`Dates de collecte de la région Pays de la Loire : ${NATIONALES}.`);
    expect(lu).toContain('Retour des classeurs attendu : 30 novembre 2026 (date nationale)');
  });

  it('page: bad input is refused under its field, in French, the values kept, nothing stored', async () => {
    const avant = await ligneRegion52();
    const pre = formulaire((await g52.get('/gestion/campagnes')).body);
    const ko = await posterCalendrier(g52, '2027', {
      region: '52',
      ...pre,
      retour_attendu: 'demain',
    });
    expect(ko.statusCode).toBe(400);
    expect(ko.body).toContain('href="#retour_attendu"');
    expect(ko.body).toContain(
      'id="retour_attendu-erreur">Retour des classeurs attendu : « demain » n’est pas une date du calendrier (JJ/MM/AAAA).',
    );
    expect(ko.body).toMatch(/name="retour_attendu"[^>]*value="demain"/);
    const ordre = await posterCalendrier(g52, '2027', {
      region: '52',
      ...pre,
      transmission_catalogue: '2026-11-01',
    });
    expect(ordre.statusCode).toBe(400);
    expect(ordre.body).toContain('href="#transmission_catalogue"');
    expect(texte(ordre.body)).toContain(
      'Transmission au catalogue national (1er novembre 2026) doit venir après retour des classeurs attendu (30 novembre 2026).',
    );
    expect(await ligneRegion52()).toEqual(avant);
    expect(await origine()).toContain(`Dates de collecte de la région Pays de la Loire : ${NATIONALES}.`);
  });

  it('API: the calendar read by GET and sent back unchanged keeps its dates national', async () => {
    const lu = (await t!.app.inject({ method: 'GET', url: '/api/v1/campagnes/2027?region=52' })).json();
    await g52.get('/gestion/campagnes');
    const put = (dates: Record<string, string>) =>
      t!.app.inject({
        method: 'PUT',
        url: '/api/v1/campagnes/2027/calendrier',
        cookies: Object.fromEntries(g52.cookies),
        headers: { 'x-csrf-token': g52.csrf! },
        payload: { region: '52', ...dates },
      });
    const dates = {
      ouverture_collecte: lu.ouverture_collecte,
      retour_attendu: lu.retour_attendu,
      transmission_catalogue: lu.transmission_catalogue,
    };
    expect((await put(dates)).statusCode).toBe(200);
    expect(await ligneRegion52()).toEqual([
      { ouverture_collecte: null, retour_attendu: null, transmission_catalogue: null },
    ]);
    const autre = await put({ ...dates, transmission_catalogue: '2026-12-18' });
    expect(autre.json().calendrier.transmission_catalogue).toBe('2026-12-18');
    expect(await ligneRegion52()).toEqual([
      { ouverture_collecte: null, retour_attendu: null, transmission_catalogue: '2026-12-18' },
    ]);
    expect((await put({ ...dates, transmission_catalogue: '' })).statusCode).toBe(200);
    expect(await origine()).toContain(`Dates de collecte de la région Pays de la Loire : ${NATIONALES}.`);
  });

  it('the command line agrees with the page', async () => {
    await fermerWeb();
    const lu = await cli('--region', '52');
    expect(lu.stdout).toContain(`Dates de collecte : ${NATIONALES}.`);
    expect(lu.stdout).toMatch(
      /Ouverture de la collecte\s+20 septembre 2026\s+\(ouverture_collecte\)\s+date nationale/,
    );
  });
});
