// Where the Node CPU of a feed page goes, without HTTP: for each page of 1,000 events of a full
// walk (anonymous reader, read pool, one connection), the CPU of the cursor and events queries,
// of the page's formations read by COPY, and of the whole readFeedJson, per event of the feed
// (events left out for the reader included). One warm-up walk, then three.
// Usage: node bin/run-ts.js scripts/decomposer-flux.ts <schéma>   (DATABASE_URL as in mesure-lectures.ts)
import { lectureDe } from '../src/context.ts';
import { dernierSeq, readChanges } from '../src/db/feed.repository.ts';
import { selectFeedFormations } from '../src/db/formation-document.repository.ts';
import { visibiliteOf } from '../src/domain/acces.ts';
import type { Acteur } from '../src/domain/acteur.ts';
import { vueDe } from '../src/domain/champs-professionnels.ts';
import { readFeedJson } from '../src/services/feed.service.ts';
import { ouvrirSchema } from './schema-contexte.ts';

const { d, ctx } = await ouvrirSchema('decomposer-flux.ts <schéma>', 1);
const db = lectureDe(ctx);
const acteur: Acteur = { kind: 'anonyme' };
const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};
const t: Record<string, number> = { seq_evenements: 0, formations_copie: 0, readFeedJson: 0 };
let events = 0,
  bytes = 0;
let u0 = process.cpuUsage();
for (let passe = 0; passe < 4; passe++) {
  let since = 0;
  for (;;) {
    let c = cpu();
    await dernierSeq(db);
    const ev = await readChanges(db, since, 1000);
    t.seq_evenements += cpu() - c;
    if (!ev.length) break;
    c = cpu();
    await selectFeedFormations(
      db,
      [...new Set(ev.map((e) => e.entite_id))],
      visibiliteOf(acteur),
      vueDe(acteur),
    );
    t.formations_copie += cpu() - c;
    c = cpu();
    const b = await readFeedJson(db, acteur, String(since), 1000);
    t.readFeedJson += cpu() - c;
    if (passe > 0) {
      events += ev.length;
      bytes += b.length;
    }
    since = ev[ev.length - 1]!.seq;
  }
  if (passe === 0) {
    for (const k in t) t[k] = 0;
    u0 = process.cpuUsage();
  }
}
const u = process.cpuUsage(u0); // the whole process over the three walks (each page read twice)
console.log(
  JSON.stringify({
    events,
    processus_user_us: +(u.user / events).toFixed(1),
    processus_systeme_us: +(u.system / events).toFixed(1),
    octets_par_evenement: Math.round(bytes / events),
    us_par_evenement: Object.fromEntries(Object.entries(t).map(([k, v]) => [k, +(v / events).toFixed(1)])),
  }),
);
await d.close();
process.exit(0);
