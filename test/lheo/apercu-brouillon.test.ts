import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { type Database, openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo, previewLheo } from '../../src/services/import-lheo.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';

// A fresh user's finding: while a CFA previewed a large LHEO file on PGlite, nobody could sign in
// for minutes (503 BASE_OCCUPEE on POST /connexion): the preview is the real import in one
// transaction, rolled back, and it held the embedded base's one writer; a sign-in writes its
// session row. Now (a base opened as `offre serve` opens it: a data folder, snapshot reads) a long
// file's preview runs on a scratch copy of the base (db/brouillon.ts): the live base stays
// writable. Proven over real HTTP: the preview is held in the middle of its file (a batch already
// written in its transaction) until a sign-in through the login form has answered. Its report is
// the one the same preview makes on the live base (the path of a base opened without the option).

const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const debut = xml.indexOf('<formation ');
const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
const formations = xml.slice(debut, fin);
/** The fixture's 3 formations under other numbers (`prefixe`), in the real LHEO 2.3 format. */
const copie = (prefixe: string) =>
  formations.replaceAll('<formation numero="F-', `<formation numero="${prefixe}-`);
/** Copies `de` to `a` (excluded) of the fixture's formations: 3 each. */
const copies = (de: number, a: number) =>
  Array.from({ length: a - de }, (_, i) => copie(`C${de + i}`)).join('\n');
/** The start of a file (its header and `n` copies); the rest of it: `fichierFin`. */
const fichierDebut = (n: number) =>
  `${xml.slice(0, debut)}${formations.replace('CAP Cuisine', 'CAP Cuisine (rénové)')}\n${copies(0, n)}\n`;
const fichierFin = (de: number, a: number) => `${copies(de, a)}\n${xml.slice(fin)}`;
/** 3 formations already stored (the fixture's, one of them changed by the file) and 270 new ones. */
const COPIES = 90;
const PAUSE = 80;

let dir: string;
let database: Database;
let t: TestWeb | undefined;
let url: string;
beforeAll(async () => {
  if (TEST_ENGINE !== 'pglite') return;
  dir = await testDataDir('offre-apercu-brouillon-');
  database = await openDatabase({ dataDir: dir, snapshotReads: true });
  t = await testWeb({ smtp: false, database });
  // The offer the file updates: the fixture's 3 formations, imported.
  const r = await importLheo(t.ctx, SYSTEME('test'), [Buffer.from(xml)], { fichier: 'offre.xml' });
  expect(r.formations.creees).toBe(3);
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Signs in through the login form over HTTP (its CSRF token and cookie first): the answer. */
async function seConnecter(email: string, motDePasse: string): Promise<Response> {
  const page = await fetch(`${url}/connexion`);
  expect(page.status).toBe(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return fetch(`${url}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf ?? '', email, mot_de_passe: motDePasse }).toString(),
  });
}

/** A report without what differs from one run to another (the ids and dates of what a run makes). */
const stable = (r: unknown) =>
  JSON.parse(
    JSON.stringify(r)
      .replace(/\b[a-z]+_[0-9a-hjkmnp-tv-z]{22}\b/g, 'id')
      .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'date'),
  );

describe.skipIf(TEST_ENGINE !== 'pglite')('LHEO preview on PGlite: a scratch copy of the base', () => {
  it('lets a user sign in during a long preview, and says what the preview on the live base says', async () => {
    const u = await compte(t!, { email: 'cfa@exemple.fr', role: 'organisme', siren: SIREN_A });
    const lecturesAvant = database.copyStats!.copies;
    let reprendre!: () => void;
    const suite = new Promise<void>((r) => {
      reprendre = r;
    });
    let lotEcrit!: () => void;
    const ecrit = new Promise<void>((r) => {
      lotEcrit = r;
    });
    // The file's first 243 formations, then a pause until the sign-in below has answered.
    async function* source() {
      yield fichierDebut(PAUSE);
      await suite;
      yield fichierFin(PAUSE, COPIES);
    }
    const events: string[] = [];
    const apercu = previewLheo(t!.ctx, SYSTEME('test'), source(), {
      fichier: 'long.xml',
      onProgress: (n) => {
        if (n >= 200) lotEcrit();
      },
    }).finally(() => events.push('aperçu fini'));
    // A failure before the first batch is written ends the wait too.
    await Promise.race([ecrit, apercu.then(() => {})]);

    const connexion = await seConnecter(u.email, u.motDePasse);
    expect(connexion.status, await connexion.clone().text()).toBe(303);
    expect(connexion.headers.get('set-cookie')).toBeTruthy();
    const accueil = await fetch(`${url}/`);
    expect(accueil.status).toBe(200);
    events.push('connecté');

    reprendre();
    const rapport = await apercu;
    expect(events).toEqual(['connecté', 'aperçu fini']);
    expect(rapport.formations).toMatchObject({ creees: 3 * COPIES, mises_a_jour: 1, inchangees: 2 });
    // On a scratch copy, removed since; no read copy (the live base was never made read-only).
    expect(database.scratchStats!.copies).toBe(1);
    expect(database.copyStats!.copies).toBe(lecturesAvant);
    expect(readdirSync(dir).filter((f) => f.startsWith('copie-'))).toEqual([]);

    // Nothing stored: the live base still holds the 3 formations, the new session row.
    const n = await t!.ctx.db
      .selectFrom('formation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(3);

    // The same file's preview where the base has no scratch copy (opened without snapshot reads,
    // as before this change): on the live base, in its transaction rolled back. The same report.
    await t!.close();
    t = undefined;
    const sans = await openDatabase({ dataDir: dir });
    try {
      const ctx: AppContext = { db: sans.db, engine: 'pglite', now: () => new Date() };
      const surLaBase = await previewLheo(
        ctx,
        SYSTEME('test'),
        [Buffer.from(fichierDebut(PAUSE) + fichierFin(PAUSE, COPIES))],
        {
          fichier: 'long.xml',
        },
      );
      expect(sans.scratchStats).toBeUndefined();
      expect(stable(rapport)).toEqual(stable(surLaBase));
    } finally {
      await sans.close();
    }
  });
});
