import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { loadEchecs } from '../../src/db/conformite.repository.ts';
import type { Database } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture } from '../api/helpers.ts';
import { testDatabase } from '../helpers/db.ts';

// A formation's conformity failures come in one order whatever order their rows were stored in
// (the fault suite's demo scenario found the two failures of one rule, on the responsable and
// the formateur, swapped after a crash and a second run): blocking first, then code, field, message.

let database: Database;
let ctx: AppContext;
beforeAll(async () => {
  database = await testDatabase();
  ctx = { db: database.db, engine: database.engine, now: () => new Date() };
});
afterAll(() => database.close());

it('orders the failures by severity, code, field and message, not by storage order', async () => {
  const { id } = await saveFormation(ctx, SYSTEME('ordre'), formationFixture({ cle_externe: 'ORDRE' }));
  await sql`delete from controle_echec where formation_id = ${id}`.execute(ctx.db);
  const echec = (code: string, severite: string, champ: string | null, message: string) =>
    sql`insert into controle_echec (formation_id, code, champ, severite, message, computed_at)
        values (${id}, ${code}, ${champ}, ${severite}, ${message}, now())`.execute(ctx.db);
  // Stored in the reverse of the expected order.
  await echec('ZZ_ALERTE', 'alerte', null, 'alerte');
  await echec('ORG_FERME', 'plateforme', 'responsable.siret', 'responsable');
  await echec('ORG_FERME', 'plateforme', 'formateur.siret', 'formateur');
  await echec('B_REGLE', 'bloquant', 'sessions[1].debut', 'deux');
  await echec('B_REGLE', 'bloquant', 'sessions[0].debut', 'un');
  const echecs = (await loadEchecs(ctx.db, [id])).get(id)!;
  expect(echecs.map((e) => `${e.code} ${e.champ}`)).toEqual([
    'B_REGLE sessions[0].debut',
    'B_REGLE sessions[1].debut',
    'ORG_FERME formateur.siret',
    'ORG_FERME responsable.siret',
    'ZZ_ALERTE null',
  ]);
});
