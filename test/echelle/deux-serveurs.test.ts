import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { hashPassword } from '../../src/services/comptes/mot-de-passe.ts';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../helpers/formations.ts';
import { openPrivateSchema } from '../helpers/private-schema.ts';

// Issue 13, item 3: everything that matters lives in PostgreSQL, so N `offre serve` processes on
// one database serve the same users. Two real server processes on one schema: a write through
// one is seen at once by the other's pages, API (list cache included) and change feed, and a
// session opened on one is valid on the other. See docs/echelle.md.

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SANS =
  TEST_ENGINE !== 'postgres'
    ? ' (ignoré : plusieurs processus demandent PostgreSQL, la base embarquée est à un seul processus)'
    : '';

let database: Database;
const serveurs: ChildProcess[] = [];
let a: string;
let b: string;
let cle: string;
let admin: string;
const EMAIL = 'admin@echelle.test';
const MOT_DE_PASSE = 'un mot de passe solide';

async function serve(url: string): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/offre.js'), 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, OFFRE_FICHIERS_PARTENAIRES: 'non' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  serveurs.push(child);
  let journal = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      journal += d.toString();
      const m = /Offre écoute sur http:\/\/localhost:(\d+)/.exec(journal);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serveur arrêté (code ${code}) : ${journal}`)));
  });
  return `http://127.0.0.1:${port}`;
}

/** A cookie jar over fetch, following no redirect, that posts forms with the last page's CSRF token. */
class Navigateur {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;
  private garder(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [paire] = c.split(';');
      const i = paire!.indexOf('=');
      this.cookies.set(paire!.slice(0, i), paire!.slice(i + 1));
    }
    return res;
  }
  private get cookie() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  async get(url: string): Promise<{ status: number; html: string }> {
    const res = this.garder(await fetch(url, { redirect: 'manual', headers: { cookie: this.cookie } }));
    const html = await res.text();
    this.csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.csrf;
    return { status: res.status, html };
  }
  async post(url: string, form: Record<string, string>): Promise<Response> {
    return this.garder(
      await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: this.csrf ?? '', ...form }).toString(),
      }),
    );
  }
}

describe.skipIf(!!SANS)(`two offre serve processes on one PostgreSQL database${SANS}`, () => {
  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    const schema = `t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
    database = await openPrivateSchema(url, schema, 2);
    const ctx = { db: database.db, engine: database.engine, now: () => new Date() };
    await upsertOrganismes(
      ctx.db,
      [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: null, nda: null }],
      ctx.now(),
    );
    cle = (await createApiKey(ctx, { name: 'deux serveurs', scope: 'write', siren: SIREN_A })).key;
    admin = (await createApiKey(ctx, { name: 'deux serveurs admin', scope: 'admin' })).key;
    const u = await createUtilisateur(ctx, { email: EMAIL, role: 'admin' });
    await ctx.db
      .updateTable('utilisateur')
      .set({ password_hash: await hashPassword(MOT_DE_PASSE), doit_changer_mot_de_passe: false })
      .where('id', '=', u.id)
      .execute();
    // The children work in the private schema through libpq's `options` (no product change).
    const u2 = new URL(url);
    u2.searchParams.set('options', `-c search_path=${schema},public`);
    [a, b] = await Promise.all([serve(u2.toString()), serve(u2.toString())]);
  });
  afterAll(async () => {
    await Promise.all(
      serveurs.map((s) => {
        if (s.exitCode !== null) return Promise.resolve();
        const fin = new Promise((r) => s.once('exit', r));
        s.kill('SIGTERM');
        return fin;
      }),
    );
    await database?.close();
  });

  it('a formation written through one process is in the other’s pages (cached search page), API (cached list) and change feed', async () => {
    // The anonymous search page is cached by each process (src/http/web/page-cache.ts).
    const recherche = () => fetch(`${b}/?q=soudure`);
    const liste = async () =>
      (await (await fetch(`${b}/api/v1/formations?limit=100`)).json()) as { data: { id: string }[] };
    const feed = async () =>
      (await (await fetch(`${b}/api/v1/changes?limit=100`)).json()) as {
        data: { id: string; action: string }[];
      };
    // B has answered (and cached) the list and the feed before the write.
    expect((await liste()).data).toEqual([]);
    expect((await feed()).data).toEqual([]);
    // B has answered the search page twice: the second from its cache (unless another file of the
    // run wrote in between on the shared server: then the data version rightly moved).
    expect(await (await recherche()).text()).not.toContain('Soudure à deux serveurs');
    const deuxieme = await recherche();
    expect(['hit', 'miss']).toContain(deuxieme.headers.get('x-offre-cache'));
    expect(await deuxieme.text()).not.toContain('Soudure à deux serveurs');

    const auth = { authorization: `Bearer ${cle}`, 'content-type': 'application/json' };
    const cree = await fetch(`${a}/api/v1/formations`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify(formationFixture({ cle_externe: 'DEUX-1', intitule: 'Soudure à deux serveurs' })),
    });
    expect(cree.status, await cree.clone().text()).toBe(201);
    const { id } = (await cree.json()) as { id: string };
    for (const [action, k] of [
      ['publier', cle],
      ['valider', admin],
    ] as const) {
      const r = await fetch(`${a}/api/v1/formations/${id}/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${k}` },
      });
      expect(r.status, await r.clone().text()).toBeLessThan(300);
    }
    // The reference checks would put it in the general catalogue; they need reference files.
    await database.db.updateTable('formation').set({ catalogue: 'general' }).where('id', '=', id).execute();

    expect((await liste()).data.map((f) => f.id)).toEqual([id]);
    const une = await fetch(`${b}/api/v1/formations/${id}`);
    expect(une.status).toBe(200);
    expect(((await une.json()) as { intitule: string }).intitule).toBe('Soudure à deux serveurs');
    expect((await feed()).data.map((e) => e.id)).toContain(id);
    const page = await fetch(`${b}/formations/${id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Soudure à deux serveurs');
    expect(await (await recherche()).text()).toContain('Soudure à deux serveurs');
  });

  it('a session opened on one process is valid on the other, and a sign-out on the other ends it', async () => {
    const n = new Navigateur();
    await n.get(`${a}/connexion`);
    const connexion = await n.post(`${a}/connexion`, { email: EMAIL, mot_de_passe: MOT_DE_PASSE });
    expect(connexion.status).toBe(303);
    const compte = await n.get(`${b}/compte`);
    expect(compte.status).toBe(200);
    expect(compte.html).toContain(EMAIL);
    // Signed out through B: A no longer knows the session, even presented with the old cookie.
    const avant = new Map(n.cookies);
    const deconnexion = await n.post(`${b}/deconnexion`, {});
    expect(deconnexion.status).toBe(303);
    for (const [k, v] of avant) n.cookies.set(k, v);
    const apres = await n.get(`${a}/compte`);
    expect(apres.status).not.toBe(200);
  });
});
