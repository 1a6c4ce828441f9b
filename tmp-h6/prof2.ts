import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { loadDemo } from '../src/services/demo.service.ts';
import { recomputeFormations } from '../src/services/conformite.service.ts';
import { saveFormationTx } from '../src/services/formation.service.ts';
import { loadSnapshot } from '../src/services/formation.view.ts';
import { snapshotToInput } from '../src/domain/formation.snapshot.ts';
import { SYSTEME } from '../src/domain/acteur.ts';
const d = await openDatabase(process.env.PGURL ? { url: process.env.PGURL } : {});
await migrate(d.db);
const ctx = { db: d.db, engine: d.engine, now: () => new Date() };
await loadDemo(ctx, { formations: 400, seed: 7 });
const rows = await d.db.selectFrom('formation').selectAll().where('statut', '!=', 'archivee').limit(30).execute();
let t = performance.now();
await d.db.transaction().execute(async (trx) => { for (const r of rows) await recomputeFormations(trx, [r.id], new Date()); });
console.log('recompute x30', Math.round(performance.now() - t));
t = performance.now();
await d.db.transaction().execute((trx) => recomputeFormations(trx, rows.map((r) => r.id), new Date()));
console.log('recompute batch 30', Math.round(performance.now() - t));
t = performance.now();
await d.db.transaction().execute(async (trx) => {
  for (const r of rows) {
    const { snap } = await loadSnapshot(trx, r);
    const input = snapshotToInput(snap);
    input.sessions.push({ debut: '2030-09-01', fin: '2031-06-30', etat_recrutement: 'ouvert', lieu: {}, reunions_information: [], bilans: [] } as never);
    await saveFormationTx(trx, SYSTEME('p'), input, { id: r.id, now: new Date() });
  }
});
console.log('save x30', Math.round(performance.now() - t));
await d.close();
