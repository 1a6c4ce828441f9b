import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { buildApp } from '../../src/http/app.ts';
import { bearer, formationFixture, organismesEtCles } from '../api/helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { seedDataDir, TEST_ENGINE, testDatabase } from '../helpers/db.ts';

// Fresh user's HIGH defect (07/12/2026): after a restore, the change feed numbered its new events
// again with the numbers the replaced base had handed out after the dump, and a partner whose
// cursor was one of them read the new events as the continuation of a timeline that no longer
// exists (its copy kept the lost state, no error ever). The repro, through the real CLI and the
// HTTP API: dump, writes (the partner reads them), restore, writes. On PGlite `offre db dump` and
// `offre db restore`; on PostgreSQL pg_dump and pg_restore, then `offre db reprise-flux`.

type Get = (
  url: string,
  headers?: Record<string, string>,
) => Promise<{ statusCode: number; json: () => unknown; headers: Record<string, unknown> }>;
type Page = { data: { seq: number; id: string; action: string }[]; next_cursor: string };

/** One engine's base: opened for a phase, then closed (PGlite: the CLI needs the folder's lock). */
interface Banc {
  ouvrir(): Promise<Database>;
  sauvegarder(fichier: string): Promise<void>;
  /** Restores `fichier` over the base; `dernier`: the replaced base's last number, for PostgreSQL. */
  restaurer(fichier: string, dernier?: number): Promise<string>;
  fin(): Promise<void>;
}

async function bancPglite(tmp: string): Promise<Banc> {
  const dir = await seedDataDir(mkdtempSync(join(tmp, 'donnees-')));
  const cli = (args: string[]) => runCli(args, { DATABASE_URL: '', OFFRE_DATA_DIR: dir });
  return {
    ouvrir: () => openDatabase({ dataDir: dir }),
    async sauvegarder(fichier) {
      const r = await cli(['db', 'dump', fichier]);
      expect(r.code, r.stderr).toBe(0);
    },
    async restaurer(fichier) {
      const r = await cli(['db', 'restore', fichier]);
      expect(r.code, r.stderr).toBe(0);
      return r.stderr;
    },
    fin: async () => {},
  };
}

async function bancPostgres(): Promise<Banc> {
  const base = await testDatabase({ poolSize: 1 });
  const url = base.url!;
  return {
    ouvrir: () => openDatabase({ url, poolSize: 2 }),
    async sauvegarder(fichier) {
      execFileSync('pg_dump', ['-Fc', '-f', fichier, url]);
    },
    async restaurer(fichier, dernier) {
      execFileSync('pg_restore', ['--clean', '--if-exists', '--no-owner', '-d', url, fichier]);
      const args = ['db', 'reprise-flux', ...(dernier === undefined ? [] : ['--dernier', String(dernier)])];
      const r = await runCli(args, { DATABASE_URL: url });
      expect(r.code, r.stderr).toBe(0);
      return r.stderr;
    },
    fin: () => base.close(),
  };
}

/** `fn` with the API on `banc`'s base (opened, migrated), closed after. */
async function avecApi<T>(
  banc: Banc,
  fn: (api: { get: Get; ecrire: () => Promise<void> }) => Promise<T>,
): Promise<T> {
  const database = await banc.ouvrir();
  try {
    await migrate(database.db);
    const ctx: AppContext = {
      db: database.db,
      engine: database.engine,
      now: () => new Date(),
      ...(database.lecture ? { lecture: database.lecture } : {}),
    };
    const app = await buildApp(ctx);
    try {
      cles ??= await organismesEtCles(ctx, 'flux');
      const { admin, writeA } = cles;
      const get: Get = (url, headers = {}) =>
        app.inject({ method: 'GET', url, headers: { ...bearer(admin), ...headers } });
      // One write: a new offer, then its archiving (an admin key, as in the report).
      const ecrire = async () => {
        const post = await app.inject({
          method: 'POST',
          url: '/api/v1/formations',
          headers: bearer(writeA),
          payload: formationFixture({ cle_externe: `FLUX-${Math.random().toString(36).slice(2, 10)}` }),
        });
        expect(post.statusCode, post.body.slice(0, 300)).toBe(201);
        const archive = await app.inject({
          method: 'POST',
          url: `/api/v1/formations/${post.json().id}/archiver`,
          headers: bearer(admin),
        });
        expect(archive.statusCode, archive.body.slice(0, 300)).toBe(200);
      };
      return await fn({ get, ecrire });
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
  }
}

// The keys, made at the first opening, before the dump: every later base holds them.
let cles: Awaited<ReturnType<typeof organismesEtCles>> | undefined;

const dernierDuFlux = async (get: Get) =>
  Number(((await get('/api/v1/changes?since=0&limit=1000')).json() as Page).next_cursor);

describe('the change feed across a restore', () => {
  it('refuses for good the cursors of the lost timeline, never hands out a number again, and walks from 0 without a gap', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'offre-flux-restaure-'));
    const banc = TEST_ENGINE === 'postgres' ? await bancPostgres() : await bancPglite(tmp);
    const fichier = join(tmp, TEST_ENGINE === 'postgres' ? 's.dump' : 's.tar.gz');
    try {
      // (1) The base with a few events, dumped.
      const restaure = await avecApi(banc, async ({ get, ecrire }) => {
        await ecrire();
        return dernierDuFlux(get);
      });
      expect(restaure).toBeGreaterThan(0);
      await banc.sauvegarder(fichier);
      // (2) Writes after the dump: the partner reads them and stores its cursor.
      const [perime, etagPerdu] = await avecApi(banc, async ({ get, ecrire }) => {
        await ecrire();
        const r = await get(`/api/v1/changes?since=${restaure}`);
        const page = r.json() as Page;
        expect(page.data.length).toBeGreaterThan(0);
        return [Number(page.next_cursor), String(r.headers.etag)] as const;
      });
      expect(perime).toBeGreaterThan(restaure);
      // (3) The restore.
      const sortie = await banc.restaurer(fichier, perime);
      // (4), (5) The stale cursor is refused, before and after new writes; a fresh one works.
      await avecApi(banc, async ({ get, ecrire }) => {
        const refus = async () => {
          const r = await get(`/api/v1/changes?since=${perime}`);
          expect(r.statusCode).toBe(410);
          const p = r.json() as { code: string; detail: string };
          expect(p.code).toBe('FLUX_RESTAURE');
          expect(p.detail).toMatch(/la base a été restaurée le .* depuis une sauvegarde/);
          expect(p.detail).toMatch(/relisez le flux depuis « since=0 »/);
        };
        await refus();
        await ecrire();
        // As many writes as on the lost timeline: the page after the restored number is another
        // one, never answered 304 to the ETag of the lost timeline's page at that address.
        expect(
          (await get(`/api/v1/changes?since=${restaure}`, { 'if-none-match': etagPerdu })).statusCode,
        ).toBe(200);
        await ecrire();
        await refus();
        // Every number of the lost timeline stays refused; the restored one is on both timelines.
        for (let s = restaure + 1; s <= perime; s++)
          expect((await get(`/api/v1/changes?since=${s}`)).statusCode).toBe(410);
        const frais = await get(`/api/v1/changes?since=${restaure}`);
        expect(frais.statusCode).toBe(200);
        const nouveaux = (frais.json() as Page).data.map((e) => e.seq);
        // Never a number handed out again: the new events come after the lost ones.
        expect(nouveaux.length).toBeGreaterThan(0);
        expect(Math.min(...nouveaux)).toBeGreaterThan(perime);
        const suite = Number((frais.json() as Page).next_cursor);
        expect((await get(`/api/v1/changes?since=${suite}`)).json()).toMatchObject({ data: [] });
        // From 0, page by page: in order, no duplicate, and every event of the base.
        const lus: number[] = [];
        for (let c = '0'; ; ) {
          const p = (await get(`/api/v1/changes?since=${c}&limit=3`)).json() as Page;
          lus.push(...p.data.map((e) => e.seq));
          if (p.data.length === 0) break;
          c = p.next_cursor;
        }
        expect(lus).toEqual([...lus].sort((a, b) => a - b));
        expect(new Set(lus).size).toBe(lus.length);
        expect(lus.filter((s) => s > restaure && s <= perime)).toEqual([]);
        expect(lus.at(-1)).toBe(suite);
      });
      // The operator is told which numbers were lost and what partners will be answered.
      expect(sortie).toMatch(/Flux de changements : les n° .* sont perdus/);
    } finally {
      await banc.fin();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 300_000);
});
