import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { CHAMPS_NATIONAUX, CHAMPS_REGIONAUX } from '../../src/domain/campagne.ts';
import type { OffreError } from '../../src/domain/errors.ts';
import { calendrier, updateCalendrier } from '../../src/services/campagne.service.ts';
import {
  connecte,
  type Navigateur,
  posterCalendrier,
  type TestWeb,
  testWeb,
  texte,
} from '../auth/web.helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';
import { TEST_ENGINE, type TestDatabase, testDatabase, testDataDir } from '../helpers/db.ts';

// A région's gestionnaire could not pin a collection date equal to the national one: saved equal
// to the national date, it stayed national and moved when the national date later moved, though
// the région wanted it fixed. Now a date the région explicitly sets (`--set`, the « Garder cette
// date pour la région » box, `origines` in the API) is its own even when equal to the national one,
// is shown as such, and goes back to national with « Revenir à la date nationale » (or emptied).
// Every calendar also says each date's origin in JSON (`origines`), as the page and text do.

const now = () => new Date('2026-11-28T10:00:00Z');
let env: Record<string, string | undefined>;
let dataDir: string | undefined;
let pg: TestDatabase | undefined;
let t: TestWeb | undefined;
let g52: Navigateur;

const cli = (...args: string[]) => runCli(['campagne', 'calendrier', ...args], env);

async function web(): Promise<TestWeb> {
  if (t) return t;
  const database = pg ?? (await openDatabase({ dataDir: dataDir! }));
  t = await testWeb({ smtp: false, now, database });
  g52 = await connecte(t, { email: 'g52@fixee.test', role: 'gestionnaire', region: '52' }, '10.49.0.1');
  return t;
}

beforeAll(async () => {
  if (TEST_ENGINE === 'postgres') {
    pg = await testDatabase();
    env = { DATABASE_URL: pg.url! };
  } else {
    dataDir = await testDataDir('offre-campagnes-fixee-');
    env = { OFFRE_DATA_DIR: dataDir, DATABASE_URL: '' };
  }
  expect((await runCli(['campagne', 'courante', '2027'], env)).code).toBe(0);
}, 120_000);
afterAll(async () => {
  if (t) await t.close();
  else await pg?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function formulaire(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const champ of ['ouverture_collecte', 'retour_attendu', 'transmission_catalogue']) {
    const m = new RegExp(`<input[^>]*name="${champ}"[^>]*value="([^"]*)"`).exec(html);
    out[champ] = m?.[1] ?? '';
  }
  return out;
}
const ligne52 = async () =>
  (await t!.ctx.db.selectFrom('campagne_region').selectAll().where('region', '=', '52').execute()).map(
    ({ ouverture_collecte, retour_attendu, transmission_catalogue }) => ({
      ouverture_collecte,
      retour_attendu,
      transmission_catalogue,
    }),
  );

describe('a région pins a collection date equal to the national one', () => {
  it('command line: --set of the national date pins it; a later national change leaves it; --json says each origin', async () => {
    const fixe = await cli('--region', '52', '--set', 'ouverture_collecte=2026-09-15');
    expect(fixe.code).toBe(0);
    expect(fixe.stdout).toMatch(
      /Ouverture de la collecte\s+15 septembre 2026\s+\(ouverture_collecte\)\s+date de la région/,
    );
    expect(fixe.stdout).toContain(
      'Dates de collecte : dates fixées par la région, sauf retour des classeurs attendu et transmission au catalogue national',
    );
    // The national date moves: the région's pinned date stays, the others follow.
    expect(
      (await cli('--set', 'ouverture_collecte=2026-09-20', '--set', 'retour_attendu=2026-12-01')).code,
    ).toBe(0);
    const json = await cli('--region', '52', '--json');
    expect(json.code).toBe(0);
    const cal = JSON.parse(json.stdout);
    expect(cal.ouverture_collecte).toBe('2026-09-15');
    expect(cal.retour_attendu).toBe('2026-12-01');
    expect(cal.origines).toEqual({
      ouverture_collecte: 'region',
      retour_attendu: 'nationale',
      transmission_catalogue: 'nationale',
      fermeture_affelnet: 'nationale',
      ouverture_parcoursup: 'nationale',
      fermeture_parcoursup: 'nationale',
      fenetre_debut: 'nationale',
      fenetre_fin: 'nationale',
    });
    const national = JSON.parse((await cli('--json')).stdout);
    expect(national.ouverture_collecte).toBe('2026-09-20');
    expect(new Set(Object.values(national.origines))).toEqual(new Set(['nationale']));
    // The national text calendar says whose its dates are too.
    expect((await cli()).stdout).toMatch(
      /Fermeture d’Affelnet\s+31 janvier 2027\s+\(fermeture_affelnet\)\s+date nationale/,
    );
  });

  it('page: the pinned date is shown as the région’s; « Revenir à la date nationale » un-pins it', async () => {
    await web();
    const page = await g52.get('/gestion/campagnes');
    const lu = texte(page.body);
    expect(lu).toContain('Ouverture de la collecte : 15 septembre 2026 (date de la région)');
    expect(page.body).toMatch(/<input[^>]*id="fixees-ouverture_collecte"[^>]*checked/);
    expect(page.body).not.toMatch(/<input[^>]*id="fixees-retour_attendu"[^>]*checked/);
    expect(lu).toContain('Revenir à la date nationale (20 septembre 2026) pour ouverture de la collecte');
    const r = await posterCalendrier(g52, '2027', {
      region: '52',
      nationale: 'ouverture_collecte',
    });
    expect(r.statusCode).toBe(303);
    expect(texte((await g52.get('/gestion/campagnes')).body)).toContain(
      'Ouverture de la collecte : 20 septembre 2026 (date nationale)',
    );
    expect(await ligne52()).toEqual([
      { ouverture_collecte: null, retour_attendu: null, transmission_catalogue: null },
    ]);
  });

  it('page: ticking « Garder cette date pour la région » pins the national date; saving unticked keeps it national', async () => {
    const pre = formulaire((await g52.get('/gestion/campagnes')).body);
    expect(pre.retour_attendu).toBe('2026-12-01');
    const r = await posterCalendrier(g52, '2027', {
      region: '52',
      ...pre,
      fixees: ['retour_attendu'],
    });
    expect(r.statusCode).toBe(303);
    expect(texte((await g52.get('/gestion/campagnes')).body)).toContain(
      'Retour des classeurs attendu : 1er décembre 2026 (date de la région)',
    );
    expect(await ligne52()).toEqual([
      { ouverture_collecte: null, retour_attendu: '2026-12-01', transmission_catalogue: null },
    ]);
    // Saved again as shown (the box ticked): nothing changes.
    const encore = await g52.get('/gestion/campagnes');
    expect(
      (
        await posterCalendrier(g52, '2027', {
          region: '52',
          ...formulaire(encore.body),
          fixees: ['retour_attendu'],
        })
      ).statusCode,
    ).toBe(303);
    expect(await ligne52()).toEqual([
      { ouverture_collecte: null, retour_attendu: '2026-12-01', transmission_catalogue: null },
    ]);
  });

  it('API: GET gives each date’s origin; PUT with origines pins or un-pins a date equal to the national one', async () => {
    const lu = (await t!.app.inject({ method: 'GET', url: '/api/v1/campagnes/2027?region=52' })).json();
    expect(lu.origines.retour_attendu).toBe('region');
    expect(lu.origines.transmission_catalogue).toBe('nationale');
    const liste = (await t!.app.inject({ method: 'GET', url: '/api/v1/campagnes?region=52' })).json();
    expect(liste.data.find((c: { annee: number }) => c.annee === 2027).origines.retour_attendu).toBe(
      'region',
    );
    const put = (body: Record<string, unknown>) =>
      t!.app.inject({
        method: 'PUT',
        url: '/api/v1/campagnes/2027/calendrier',
        cookies: Object.fromEntries(g52.cookies),
        headers: { 'x-csrf-token': g52.csrf! },
        payload: { region: '52', ...body },
      });
    const dates = {
      ouverture_collecte: lu.ouverture_collecte,
      retour_attendu: lu.retour_attendu,
      transmission_catalogue: lu.transmission_catalogue,
    };
    // Sent back as read, origins included: nothing changes.
    const meme = await put({ ...dates, origines: lu.origines });
    expect(meme.statusCode).toBe(200);
    expect(await ligne52()).toEqual([
      { ouverture_collecte: null, retour_attendu: '2026-12-01', transmission_catalogue: null },
    ]);
    const r = await put({
      ...dates,
      origines: { transmission_catalogue: 'region', retour_attendu: 'nationale' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().calendrier.origines).toMatchObject({
      ouverture_collecte: 'nationale',
      retour_attendu: 'nationale',
      transmission_catalogue: 'region',
    });
    expect(await ligne52()).toEqual([
      { ouverture_collecte: null, retour_attendu: null, transmission_catalogue: '2026-12-15' },
    ]);
    const mauvais = await put({ ...dates, origines: { transmission_catalogue: 'regionale' } });
    expect(mauvais.statusCode).toBe(400);
    expect(JSON.stringify(mauvais.json())).toContain('origines');
  });
});

// A tester's report (05/12, MEDIUM): a national change could leave a région's own dates out of
// order (its kept « retour attendu » before the new national « ouverture »), accepted silently;
// the région could then save nothing, not even an unrelated date. The national change is refused,
// naming the région and its date.
describe('a national change that a région’s own dates would contradict', () => {
  it('is refused, naming the région; nothing changes', async () => {
    const w = await web();
    const admin = SYSTEME('test');
    const national = await calendrier(w.ctx.db, 2027, null);
    await updateCalendrier(w.ctx, gestionnaireDe('53'), 2027, '53', {
      ouverture_collecte: '',
      retour_attendu: '2026-11-30',
      transmission_catalogue: '',
    });
    const saisie = {
      ...Object.fromEntries([...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX].map((k) => [k, national[k] ?? ''])),
      ouverture_collecte: '2026-12-05',
      retour_attendu: '2026-12-10',
    };
    const refus = await updateCalendrier(w.ctx, admin, 2027, null, saisie).then(
      () => null,
      (e: unknown) => e as OffreError[],
    );
    expect(refus?.map((e) => [e.code, e.message])).toEqual([
      [
        'CALENDRIER_INVALIDE',
        expect.stringMatching(/^Bretagne garde ses propres dates de collecte, .*30 novembre 2026/),
      ],
    ]);
    expect(await calendrier(w.ctx.db, 2027, null)).toEqual(national);
    // The région's calendar can still be saved.
    await updateCalendrier(w.ctx, gestionnaireDe('53'), 2027, '53', {
      ouverture_collecte: '',
      retour_attendu: '2026-11-30',
      transmission_catalogue: '2026-12-16',
    });
  });
});

// A tester's finding (LOW): « Garder la date » ticked with the date emptied was silently ignored
// (the date went back to the national one, as emptying is documented to do). Emptying stays the
// way back to the national date — the box is ticked beforehand on a date the région kept, so one
// who empties the date often leaves it ticked — but the result page now says what happened.
describe('« Garder la date » ticked with the date emptied', () => {
  it('saves the national date, and the result page says the box was ticked on an empty date', async () => {
    await web();
    const pre = formulaire((await g52.get('/gestion/campagnes')).body);
    const r = await posterCalendrier(g52, '2027', {
      region: '52',
      ...pre,
      ouverture_collecte: '',
      retour_attendu: '2026-11-30',
      fixees: ['ouverture_collecte', 'retour_attendu'],
    });
    expect(r.statusCode).toBe(303);
    const page = await g52.get(String(r.headers.location));
    const lu = texte(page.body);
    expect(lu).toContain('Calendrier enregistré.');
    expect(lu).toContain(
      'La case « Garder la date » est cochée mais la date est vide pour « Ouverture de la collecte » : la date nationale (20 septembre 2026) s’applique. Pour garder une date pour la région, saisissez-la et cochez sa case.',
    );
    expect(lu).toContain('Ouverture de la collecte : 20 septembre 2026 (date nationale)');
    expect((await ligne52())[0]).toMatchObject({ ouverture_collecte: null, retour_attendu: '2026-11-30' });
    // A save without such a box says nothing of it.
    const encore = await posterCalendrier(g52, '2027', {
      region: '52',
      ...formulaire(page.body),
      fixees: ['retour_attendu'],
    });
    expect(texte((await g52.get(String(encore.headers.location))).body)).not.toContain(
      'La case « Garder la date » est cochée',
    );
  });
});
