import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
const db = await openDatabase({ url: 'postgres://postgres@127.0.0.1:5432/test', schema: 'i10_profil', poolSize: 1 });
const t = performance.now();
await migrate(db.db);
console.log(`migré en ${((performance.now() - t) / 1000).toFixed(1)} s`);
await db.close();
