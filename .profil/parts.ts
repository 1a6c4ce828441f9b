import { openDatabase } from '../src/db/database.ts';
import { selectCandidats, familles } from '../src/db/recherche.repository.ts';
import { affiner, motsDe } from '../src/domain/recherche.ts';

const db = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/test', schema: 'i10_profil', poolSize: 2 });
const v = { kind: 'diffusee', siren: null, regions: [] } as const;
for (const q of (process.argv[2] ?? ',CAP').split(',')) {
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    const groupes = [...(await familles(db.db, motsDe(q))).values()];
    const tf = performance.now() - t;
    t = performance.now();
    const c = await selectCandidats(db.db, v, { groupes, codes: [], zone: null, communes: null, sessionsFermees: false, filtres: {} });
    const ts = performance.now() - t;
    t = performance.now();
    affiner(c, {}, 'pertinence', 1, 20, '2026-11-30');
    const ta = performance.now() - t;
    console.log(`q=${q} familles ${tf.toFixed(0)} ms, candidats ${c.length} en ${ts.toFixed(0)} ms, affiner ${ta.toFixed(0)} ms`);
  }
}
await db.close();
