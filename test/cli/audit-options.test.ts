import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli.helper.ts';

// A tester's report (05/12, LOW): `offre audit list --from 2026-12-04 --to 2026-12-01` said « La
// date « Au » … est avant la date « Du » » — the page's fields, which the command line has not.
// Its errors name the option typed; a bad filter is refused before any database is opened (the
// folder below holds none: no engine is involved).
describe('offre audit list: a refused filter names its option', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-audit-options-'));
  const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      ['--from', '2026-12-04', '--to', '2026-12-01'],
      'La date de --to (1er décembre 2026) est avant celle de --from (4 décembre 2026) : donnez à --to une date égale ou postérieure. [AUDIT_FILTRE]',
    ],
    [['--to', '2026-02-30'], '--to « 2026-02-30 » : pas une date du calendrier (AAAA-MM-JJ attendu).'],
    [['--ip', '10.2.0'], '--ip « 10.2.0 » : ni une adresse IPv4'],
    [['--evenement', 'ouvert'], '--evenement « ouvert » : événement inconnu (connexion_reussie, '],
    // The older spellings are the same options.
    [['--du', '2026-12-04', '--au', '2026-12-01'], 'La date de --to (1er décembre 2026)'],
  ])('offre audit list %j', async (args, message) => {
    const r = await runCli(['audit', 'list', ...args], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/« Au »|« Du »|Adresse IP|BASE_ABSENTE/);
  });

  // Tester (05/12, LOW): `--limit -1` ended with « (champ limite) », a field the command line has not.
  it('offre audit list --limit -1 names --limit, not a field', async () => {
    const r = await runCli(['audit', 'list', '--limit', '-1'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Erreur : --limit « -1 » : un nombre entier de 1 à 100 000 est attendu. [AUDIT_FILTRE]\n',
    );
  });
});
