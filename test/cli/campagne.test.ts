import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { runCli } from './cli.helper.ts';

// `offre campagne calendrier` and `offre campagne courante` on an embedded database: the same
// service as /gestion/campagnes and the API, with the same French refusals.
describe.skipIf(TEST_ENGINE !== 'pglite')('offre campagne calendrier / courante', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-campagne-'));
  beforeAll(() => seedDataDir(dir));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: undefined };

  it('shows, changes a région’s dates, refuses a bad date naming it, switches the current campaign', async () => {
    // The CLI runs on the real clock: make rentrée 2027 current whatever today is.
    const init = await runCli(['campagne', 'courante', '2027'], env);
    expect([init.code, init.stdout]).toEqual([0, 'Campagne courante : rentrée 2027 ; 0 offre recalculée.\n']);
    const ok = await runCli(
      [
        'campagne',
        'calendrier',
        '--campagne',
        '2027',
        '--region',
        '84',
        '--set',
        'retour_attendu=05/12/2026',
        '--json',
      ],
      env,
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      annee: 2027,
      region: '84',
      retour_attendu: '2026-12-05',
      ouverture_collecte: '2026-09-15',
    });
    const texte = await runCli(['campagne', 'calendrier', '--campagne', '2027', '--region', '84'], env);
    // Dates in full in the text (ISO stays in --json).
    expect(texte.stdout).toMatch(/Retour des classeurs attendu\s+5 décembre 2026 +\(retour_attendu\)/);
    expect(texte.stdout).not.toMatch(/\d\d\/\d\d\/\d{4}/);
    const national = await runCli(['campagne', 'calendrier', '--campagne', '2027'], env);
    expect(national.stdout).toMatch(/Retour des classeurs attendu\s+30 novembre 2026 +\(retour_attendu\)/);
    // In time order: each line's ISO date (from --json) does not go back.
    const json = JSON.parse(
      (await runCli(['campagne', 'calendrier', '--campagne', '2027', '--json'], env)).stdout,
    );
    const ordre = [...national.stdout.matchAll(/ {3}\(([a-z_]+)\)/g)].map((m) => m[1]!);
    const dates = ordre.map((k) => (json.calendrier ?? json)[k] as string | null).filter((d) => d !== null);
    expect(dates.length).toBeGreaterThan(3);
    expect(dates).toEqual([...dates].sort());

    const ko = await runCli(
      ['campagne', 'calendrier', '--campagne', '2027', '--set', 'fermeture_affelnet=31/02/2027'],
      env,
    );
    expect(ko.code).toBe(1);
    // Named by the option typed (a tester's report, 05/12), then the page's label.
    expect(ko.stderr).toContain(
      '--set fermeture_affelnet=31/02/2027 : Fermeture d’Affelnet : « 31/02/2027 » n’est pas une date du calendrier (JJ/MM/AAAA).',
    );
    const desordre = await runCli(
      ['campagne', 'calendrier', '--campagne', '2027', '--set', 'fenetre_fin=2026-01-01'],
      env,
    );
    expect(desordre.code).toBe(1);
    expect(desordre.stderr).toMatch(
      /^Erreur : --set fenetre_fin=2026-01-01 : Fin de la fenêtre des sessions \(1er janvier 2026\) doit venir après /,
    );
    expect(desordre.stderr).not.toContain('(champ ');
    const champ = await runCli(['campagne', 'calendrier', '--set', 'rentree=2027-09-01'], env);
    expect(champ.stderr).toMatch(/--set rentree=2027-09-01 : « rentree » n’est pas une date du calendrier/);

    // A campaign that does not exist: named by the option, in French, with its code.
    const inconnue = await runCli(['campagne', 'calendrier', '--campagne', '1999'], env);
    expect(inconnue.code).toBe(1);
    expect(inconnue.stderr).toMatch(
      /^Erreur : --campagne 1999 : La campagne 1999 \(rentrée 1999\) n’existe pas : campagnes existantes 2027\b.* \[CAMPAGNE_INCONNUE\]\n$/,
    );

    const courante = await runCli(['campagne', 'courante', '2028'], env);
    expect(courante.code).toBe(0);
    expect(courante.stdout).toMatch(/^Campagne courante : rentrée 2028 ; 0 offre recalculée\.$/m);
    expect(JSON.parse((await runCli(['campagne', 'calendrier', '--json'], env)).stdout)).toMatchObject({
      annee: 2028,
      courante: true,
    });
  }, 120_000);

  // A tester's report (04/12): `--region 99` (or `bretagne`) printed « calendrier région 99 » with
  // the national dates and exited 0, where the page, the API and `--set` refuse REGION_INCONNUE.
  it('an unknown région is refused as every other door refuses it, with or without --campagne or --set', async () => {
    for (const args of [
      ['--region', '99'],
      ['--region', 'bretagne'],
      ['--region', '99', '--campagne', '2027'],
      ['--region', '99', '--json'],
      ['--region', '99', '--set', 'retour_attendu=05/12/2026'],
    ]) {
      const r = await runCli(['campagne', 'calendrier', ...args], env);
      expect([r.code, r.stdout], args.join(' ')).toEqual([1, '']);
      const code = args[1]!;
      expect(r.stderr, args.join(' ')).toMatch(
        new RegExp(
          `^Erreur : --region : région « ${code} » inconnue : codes INSEE valides 01, 02, .*, 94\\. \\[REGION_INCONNUE\\]\\n$`,
        ),
      );
    }
  }, 120_000);
});
