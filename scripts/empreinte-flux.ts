// The fingerprint of the change feed as the API serves it: every page of full walks of
// GET /api/v1/changes (several `limit`, `since` and `cursor`, anonymous, a read key, a write key
// of one SIREN, an admin key) and the error cases, each page as its status, its headers that
// matter (content-type, etag, cache-control, vary) and the sha256 of its body. Run it on the same
// database before and after a change of the feed's code: the outputs must be identical.
// Usage: node bin/run-ts.js scripts/empreinte-flux.ts <schéma> [SIREN d’une clé write] > empreinte.txt
// (DATABASE_URL as in mesure-lectures.ts; the keys created are revoked at the end, and the
// ETag depends on the UTC day and the data version: compare runs of the same day, no write between.)
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { buildApp } from '../src/http/app.ts';
import { createApiKey } from '../src/services/apikey.service.ts';
import { ouvrirSchema } from './schema-contexte.ts';

const {
  d,
  ctx,
  args: [siren],
} = await ouvrirSchema('empreinte-flux.ts <schéma> [SIREN]', 4);
const app = await buildApp(ctx, { apiCache: false });
const cles: Record<string, string | null> = { anonyme: null };
const ids: string[] = [];
for (const [nom, scope, s] of [
  ['read', 'read', null],
  ['admin', 'admin', null],
  ...(siren ? [['write', 'write', siren]] : []),
] as const) {
  const k = await createApiKey(ctx, { name: `empreinte ${nom}`, scope, siren: s });
  cles[nom] = k.key;
  ids.push(k.id);
}
const hash = createHash('sha256');
const ligne = (s: string) => {
  hash.update(`${s}\n`);
  process.stdout.write(`${s}\n`);
};
async function page(cle: string | null, path: string) {
  const r = await app.inject({
    method: 'GET',
    url: path,
    headers: cle ? { authorization: `Bearer ${cle}` } : {},
  });
  const h = ['content-type', 'etag', 'cache-control', 'vary'].map((n) => `${n}=${r.headers[n] ?? ''}`);
  ligne(`${path} ${r.statusCode} ${h.join(' ')} ${createHash('sha256').update(r.rawPayload).digest('hex')}`);
  return r;
}
for (const [nom, cle] of Object.entries(cles)) {
  ligne(`# ${nom}`);
  for (const [limit, champ] of [
    ['1000', 'since'],
    ['', 'since'],
    ['333', 'cursor'],
  ] as const) {
    let since = '0';
    for (let n = 0; ; n++) {
      const q = [`${champ}=${since}`, limit && `limit=${limit}`].filter(Boolean).join('&');
      const r = await page(cle, `/api/v1/changes?${q}`);
      const body = r.json() as { data: unknown[]; next_cursor: string };
      if (r.statusCode !== 200 || body.data.length === 0) break;
      since = body.next_cursor;
      // the first page again with no `since`, and with If-None-Match (304)
      if (n === 0) {
        await page(cle, `/api/v1/changes${limit ? `?limit=${limit}` : ''}`);
        const h = await app.inject({
          method: 'GET',
          url: `/api/v1/changes?${q}`,
          headers: {
            ...(cle ? { authorization: `Bearer ${cle}` } : {}),
            'if-none-match': String(r.headers.etag),
          },
        });
        ligne(`  304? ${h.statusCode} ${h.rawPayload.length}`);
      }
    }
  }
  for (const q of [
    'since=abc',
    'since=999999999',
    'since=-1',
    'since=1&cursor=2',
    'limit=0',
    'limit=5000',
    'limit=x',
    'since=0&limit=1',
  ])
    await page(cle, `/api/v1/changes?${q}`);
}
await app.close(); // its usage counter flushed
for (const id of ids) {
  await sql`delete from api_usage where api_key_id = ${id}`.execute(d.db);
  await sql`delete from api_key where id = ${id}`.execute(d.db);
}
process.stderr.write(`empreinte globale ${hash.digest('hex')}\n`);
await d.close();
process.exit(0);
