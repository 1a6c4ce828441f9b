import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { buildApp } from '../../src/http/app.ts';
import { type TestDatabase, testDatabase } from '../helpers/db.ts';

// `offre serve`'s log: one line per request (not Fastify's two), with the method, the path, the
// status and the time; a one-time link's `jeton` (invitation, password reset) never reaches it.

describe('the request log', () => {
  let database: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const lignes: Record<string, unknown>[] = [];
  beforeAll(async () => {
    database = await testDatabase();
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
    app = await buildApp(ctx, { logger: { write: (l: string) => void lignes.push(JSON.parse(l)) } });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const requetes = (id: string) => lignes.filter((l) => l.reqId === id);

  it('writes one line per request, with method, path, status and time', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/formations?limit=1' });
    expect(r.statusCode).toBe(200);
    const [ligne, ...autres] = lignes.filter((l) =>
      (l.req as { url?: string } | undefined)?.url?.startsWith('/api/v1/formations'),
    );
    expect(autres).toEqual([]);
    expect(ligne).toMatchObject({
      msg: 'requête traitée',
      req: { method: 'GET', url: '/api/v1/formations?limit=1' },
      res: { statusCode: 200 },
    });
    expect(typeof ligne?.responseTime).toBe('number');
    expect(requetes(ligne?.reqId as string)).toHaveLength(1);
  });

  it('logs a refused request once, with its status', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/v1/formations?limit=abc' });
    expect(r.statusCode).toBe(400);
    const l = lignes.filter(
      (x) => (x.req as { url?: string } | undefined)?.url === '/api/v1/formations?limit=abc',
    );
    expect(l).toHaveLength(1);
    expect(l[0]).toMatchObject({ res: { statusCode: 400 } });
  });

  it('never writes the jeton of a password-reset or invitation link', async () => {
    await app.inject({ method: 'GET', url: '/mot-de-passe/nouveau?jeton=SECRET-RESET-123' });
    await app.inject({ method: 'GET', url: '/invitation?x=1&jeton=SECRET-INVIT-456' });
    const texte = JSON.stringify(lignes);
    expect(texte).not.toContain('SECRET-RESET-123');
    expect(texte).not.toContain('SECRET-INVIT-456');
    const urls = lignes.map((l) => (l.req as { url?: string } | undefined)?.url);
    expect(urls).toContain('/mot-de-passe/nouveau?jeton=…');
    expect(urls).toContain('/invitation?x=1&jeton=…');
  });
});
