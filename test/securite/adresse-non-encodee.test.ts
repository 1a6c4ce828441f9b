import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';

// An address sent with raw, non-percent-encoded UTF-8 bytes (`curl '/api/v1/communes?q=l'haÿ'`):
// Node's HTTP parser refuses it before any route. The answer is the API's RFC 9457 problem with a
// French message and a stable code, or the French error page for a page — never Fastify's English
// « Client Error ». A real server and a raw socket (fetch would encode the address).

let app: AppLancee;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app?.stop());

/** Sends `cible` as raw bytes (UTF-8, unencoded) and reads the whole answer. */
function brut(cible: string, entetes = ''): Promise<{ status: number; entetes: string; corps: string }> {
  const { hostname, port } = new URL(app.base);
  return new Promise((resolve, reject) => {
    const s = connect(Number(port), hostname, () =>
      s.write(
        Buffer.from(
          `GET ${cible} HTTP/1.1\r\nHost: ${hostname}\r\n${entetes}Connection: close\r\n\r\n`,
          'utf8',
        ),
      ),
    );
    const morceaux: Buffer[] = [];
    s.on('data', (d) => morceaux.push(d));
    s.on('error', reject);
    s.on('close', () => {
      const t = Buffer.concat(morceaux).toString('utf8');
      const i = t.indexOf('\r\n\r\n');
      resolve({
        status: Number(t.split(' ')[1]),
        entetes: t.slice(0, i).toLowerCase(),
        corps: t.slice(i + 4),
      });
    });
  });
}

describe('an address with raw UTF-8 bytes', () => {
  it('gets the API’s problem details in French with a stable code', async () => {
    const r = await brut("/api/v1/communes?q=l'haÿ");
    expect(r.status).toBe(400);
    expect(r.entetes).toContain('content-type: application/problem+json');
    const p = JSON.parse(r.corps);
    expect(p).toMatchObject({ status: 400, code: 'URL_INVALIDE', title: 'Adresse invalide' });
    expect(p.detail).toContain('encodez-les en pourcentage (UTF-8)');
    expect(p.instance).toMatch(/^\/api\/v1\/communes\?q=/);
  });

  it('gets the French error page on a page', async () => {
    const r = await brut('/?ou=Château');
    expect(r.status).toBe(400);
    expect(r.entetes).toContain('content-type: text/html; charset=utf-8');
    expect(r.corps).toContain('<html lang="fr"');
    expect(r.corps).toContain('Adresse invalide');
    expect(r.corps).toContain('encodez-les en pourcentage');
  });
});

// Over Node's 16 KB of request line and headers: Node's parser refuses before any route, and the
// answer was Fastify's English JSON (« Request Header Fields Too Large »).
describe('an address or headers over 16 KB', () => {
  it('an address too long is 414 URL_TROP_LONGUE, the French page on a page', async () => {
    const r = await brut(`/?q=${'a'.repeat(20_000)}`);
    expect(r.status).toBe(414);
    expect(r.entetes).toMatch(/^http\/1\.1 414 uri too long/);
    expect(r.entetes).toContain('content-type: text/html; charset=utf-8');
    expect(r.corps).toContain('<html lang="fr"');
    expect(r.corps).toContain('Adresse trop longue');
    expect(r.corps).toContain('raccourcissez la recherche');
    expect(r.corps).not.toMatch(/Request Header|Exceeded/);
  });

  it('an address too long under /api/ is a problem in French', async () => {
    const r = await brut(`/api/v1/formations?q=${'a'.repeat(20_000)}`);
    expect(r.status).toBe(414);
    const p = JSON.parse(r.corps);
    expect(p).toMatchObject({ status: 414, code: 'URL_TROP_LONGUE', title: 'Adresse trop longue' });
    expect(p.instance.length).toBeLessThanOrEqual(2000);
  });

  it('headers too large are 431 ENTETES_TROP_VOLUMINEUX, naming cookies', async () => {
    const r = await brut('/api/v1/formations', `Cookie: x=${'b'.repeat(20_000)}\r\n`);
    expect(r.status).toBe(431);
    const p = JSON.parse(r.corps);
    expect(p).toMatchObject({
      status: 431,
      code: 'ENTETES_TROP_VOLUMINEUX',
      title: 'En-têtes trop volumineux',
    });
    expect(p.detail).toContain('cookies');
    const page = await brut('/', `Cookie: x=${'b'.repeat(20_000)}\r\n`);
    expect(page.status).toBe(431);
    expect(page.corps).toContain('En-têtes trop volumineux');
  });
});

// A header value holding a line break (`If-Match: "v11"⏎"v12"` written by a script) is refused by
// Node's parser too: the answer spoke of the address and its percent-encoding (URL_INVALIDE). It
// now names the header and says what a header value may hold (user pass on If-Match, 05/12).
describe('a header line the parser refuses', () => {
  it('a line break or a control character in a value: 400 ENTETE_INVALIDE naming the header', async () => {
    for (const entete of [
      'If-Match: "v11"\n"v12"\r\n',
      'If-Match: "v11"\r"v12"\r\n',
      'If-Match: "v11"\r\n "v12"\r\n',
      'If-Match: "v1\x01"\r\n',
    ]) {
      const r = await brut('/api/v1/formations/F-1', entete);
      expect(r.status, JSON.stringify(entete)).toBe(400);
      expect(r.entetes).toContain('content-type: application/problem+json');
      const p = JSON.parse(r.corps);
      expect(p, JSON.stringify(entete)).toMatchObject({
        status: 400,
        code: 'ENTETE_INVALIDE',
        title: 'En-tête de requête mal formé',
        entete: 'If-Match',
      });
      expect(p.detail).toContain('L’en-tête If-Match de la requête est mal formé');
      expect(p.detail).toContain('retour à la ligne');
      expect(p.detail).not.toMatch(/adresse|pourcentage/i);
    }
  });

  it('on a page: the French error page says the same', async () => {
    const r = await brut('/', 'X-Essai: a\nb\r\n');
    expect(r.status).toBe(400);
    expect(r.corps).toContain('<html lang="fr"');
    expect(r.corps).toContain('En-tête de requête mal formé');
    expect(r.corps).toContain('L’en-tête X-Essai de la requête est mal formé');
  });
});
