import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { type CompteurRequetes, compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { buildApp } from '../../src/http/app.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';
import { bearer, formationFixture, organismesEtCles } from './helpers.ts';

// The change feed's read-ahead (issue 13, src/http/api/flux-avance.ts): after a full page, the
// server makes the next one before it is asked for, and answers the next request with it — unless
// the data changed meanwhile (a write through another application on the same database, as another
// `offre serve` process), or the reader is another view. Pages are read on `app` (read-ahead on);
// the expected pages on `ref`, the same database without read-ahead. The feed's statements on
// change_event are counted on `app`'s database handle (src/db/compteur-requetes.ts).

let database: TestDatabase;
let compteur: CompteurRequetes;
let app: FastifyInstance;
let ref: FastifyInstance;
let keys: { admin: string; writeA: string; writeB: string; read: string };

beforeAll(async () => {
  database = await testDatabase();
  compteur = compteurRequetes();
  const ctx: AppContext = {
    db: database.db.withPlugin(compteur),
    engine: database.engine,
    now: () => new Date(),
    ...(database.lecture ? { lecture: database.lecture.withPlugin(compteur) } : {}),
  };
  app = await buildApp(ctx);
  ref = await buildApp(
    {
      db: database.db,
      engine: database.engine,
      now: () => new Date(),
      ...(database.lecture ? { lecture: database.lecture } : {}),
    },
    { lectureAvance: false },
  );
  keys = await organismesEtCles(ctx, 'avance');
}, 120_000);
afterAll(async () => {
  await app?.close();
  await ref?.close();
  await database?.close();
});

/** The feed's reads of change_event on `app` (one per page computed) since the last reset. */
const lectures = () => compteur.sqls.filter((s) => s.startsWith('SelectQueryNode change_event')).length;

const page = async (sur: FastifyInstance, since: string, key?: string) => {
  const r = await sur.inject({
    method: 'GET',
    url: `/api/v1/changes?since=${since}&limit=2`,
    headers: key ? bearer(key) : {},
  });
  expect(r.statusCode).toBe(200);
  return r.body;
};

/** A draft of SIREN A (one `create` event), or its new text (an `update` event) for the same key. */
const brouillon = async (sur: FastifyInstance, cle: string, intitule = `Brouillon ${cle}`) => {
  const r = await sur.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(keys.writeA),
    payload: formationFixture({ cle_externe: cle, intitule }),
  });
  expect(r.statusCode).toBeLessThan(300);
};

/**
 * Three drafts written last: the cursor before them. From it, with limit=2: a full first page (two
 * events), then a second holding the third.
 */
async function troisBrouillons(prefixe: string): Promise<string> {
  for (const i of [1, 2, 3]) await brouillon(ref, `${prefixe}-${i}`);
  const { seq } = await database.db.selectFrom('feed_counter').select('seq').executeTakeFirstOrThrow();
  return String(Number(seq) - 3);
}

/** Page 1 read on `app` by `key`; resolves once the page after it has been made (or times out). */
async function premierePage(since: string, key?: string) {
  compteur.reset();
  const p1 = JSON.parse(await page(app, since, key)) as { data: unknown[]; next_cursor: string };
  expect(p1.data).toHaveLength(key === keys.writeB ? 0 : 2);
  // Page 1, then page 2 made without being asked for.
  await vi.waitFor(() => expect(lectures()).toBe(2), { timeout: 5000, interval: 10 });
  return p1.next_cursor;
}

describe('the change feed read ahead', () => {
  it('makes the next page while the reader reads one, and answers the next request with it', async () => {
    const since = await troisBrouillons('AVANCE-SUIVANTE');
    const suivant = await premierePage(since, keys.admin);
    compteur.reset();
    const p2 = await page(app, suivant, keys.admin);
    expect(lectures()).toBe(0); // not read again: made ahead (and not full: nothing more ahead)
    expect(p2).toBe(await page(ref, suivant, keys.admin));
    expect(
      JSON.parse(p2).data.map((e: { formation: { cle_externe: string } }) => e.formation.cle_externe),
    ).toEqual(['AVANCE-SUIVANTE-3']);
  });

  it('never misses a write committed between two pages, made through another application', async () => {
    const since = await troisBrouillons('AVANCE-ECRITURE');
    const suivant = await premierePage(since, keys.admin);
    // Page 2 is ready on `app`; the third draft changes through `ref` (another process's cache).
    await brouillon(ref, 'AVANCE-ECRITURE-3', 'Intitulé changé entre deux pages');
    const p2 = await page(app, suivant, keys.admin);
    expect(p2).toBe(await page(ref, suivant, keys.admin));
    const data = JSON.parse(p2).data as { action: string; formation: { intitule: string } }[];
    expect(data.map((e) => [e.action, e.formation.intitule])).toEqual([
      ['create', 'Intitulé changé entre deux pages'],
      ['update', 'Intitulé changé entre deux pages'],
    ]);
  });

  it('never serves a page made for one reader to a reader of another view', async () => {
    const since = await troisBrouillons('AVANCE-VUES');
    // Made ahead for SIREN A's key, which sees its drafts.
    const suivant = await premierePage(since, keys.writeA);
    for (const key of [keys.writeB, keys.read, undefined, keys.admin]) {
      const p2 = await page(app, suivant, key);
      expect(p2).toBe(await page(ref, suivant, key));
      if (key !== keys.admin) expect(p2).not.toContain('AVANCE-VUES');
    }
    compteur.reset();
    const propre = await page(app, suivant, keys.writeA);
    expect(lectures()).toBe(0); // SIREN A's page, made ahead, still there for it
    expect(propre).toBe(await page(ref, suivant, keys.writeA));
    expect(propre).toContain('AVANCE-VUES-3');
  });
});

describe('a HEAD request', () => {
  // A HEAD runs the GET handler (Fastify) and sends no body: it took the page made ahead, and the
  // GET that followed computed it again. It now reads the page made ahead without taking it.
  it('leaves the page made ahead to the GET that follows', async () => {
    const since = await troisBrouillons('AVANCE-HEAD');
    const suivant = await premierePage(since, keys.admin);
    compteur.reset();
    const tete = await app.inject({
      method: 'HEAD',
      url: `/api/v1/changes?since=${suivant}&limit=2`,
      headers: bearer(keys.admin),
    });
    expect(tete.statusCode).toBe(200);
    expect(tete.body).toBe('');
    expect(lectures()).toBe(0); // answered with the page made ahead
    const p2 = await page(app, suivant, keys.admin);
    expect(lectures()).toBe(0); // still there for the GET
    expect(p2).toBe(await page(ref, suivant, keys.admin));
    expect(tete.headers['content-length']).toBe(String(Buffer.byteLength(p2)));
  });
});
