import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { importerReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture } from './helpers.ts';

// Issue 11 item 21: a reference file that would empty the catalogue is refused without --force
// for its impact (not only its row count), saying how many offers and which rule codes.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await loadDemo(contexte(database), { formations: 60, seed: 42, chunk: 60 });
});
afterAll(() => database.close());

const nonReglementaires = async () =>
  (
    await database.db
      .selectFrom('formation')
      .select('id')
      .where('catalogue', '=', 'non_reglementaire')
      .execute()
  ).length;

describe('impact guard', () => {
  it('refuses the small DGEFP fixture over the demo, naming the count and ORG_NDA; --force applies it', async () => {
    const avant = await nonReglementaires();
    const runs = await database.db.selectFrom('ref_run').select('id').execute();
    const fichier = fixture('organismes/liste-publique-of.csv');
    const err = await importerReferentiel(contexte(database), { kind: 'lpof', fichier }).catch((e) => e);
    expect(err).toMatchObject({ code: 'REFERENTIEL_IMPACT_SUSPECT' });
    expect(err.message).toMatch(
      /^L’import de liste-publique-of\.csv ferait passer \d+ offre\(s\) en Non réglementaire.*sur \d+ offres au catalogue \(plus de 10 % .*\) ; règles en cause : .*ORG_NDA \(\d+\)/,
    );
    // nothing stored: no run, no fact, no offer moved
    expect(await database.db.selectFrom('ref_run').select('id').execute()).toEqual(runs);
    expect(await nonReglementaires()).toBe(avant);

    const forcee = await importerReferentiel(contexte(database), { kind: 'lpof', fichier, force: true });
    expect(forcee.statut).toBe('importe');
    expect(await nonReglementaires()).toBeGreaterThan(avant);
  });
});
