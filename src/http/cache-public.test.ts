import { describe, expect, it } from 'vitest';
import { CachePublic, versionPartagee } from './cache-public.ts';

// The read cache's version check shared by concurrent requests: a request never takes the token of
// a read that started before it arrived (it could predate a write committed before the request).

/** A reader of the version whose reads answer in order when `finir` is called. */
function lecteur() {
  const lectures: ((v: string) => void)[] = [];
  let n = 0;
  return {
    lire: () => new Promise<string>((resolve) => lectures.push(resolve)),
    finir: () => lectures[n]!(`v${++n}`),
    lancees: () => lectures.length,
  };
}
const tour = () => new Promise((r) => setImmediate(r));

describe('versionPartagee', () => {
  it('gives the requests that arrive during a read the next read, one for all of them', async () => {
    const l = lecteur();
    const version = versionPartagee(l.lire);
    const premiere = version();
    const [a, b, c] = [version(), version(), version()];
    expect(l.lancees()).toBe(1);
    l.finir();
    expect(await premiere).toBe('v1');
    await tour();
    expect(l.lancees()).toBe(2); // started only once the first read ended
    l.finir();
    expect(await Promise.all([a, b, c])).toEqual(['v2', 'v2', 'v2']);
  });

  it('starts a new read for a request that comes after the reads ended', async () => {
    const l = lecteur();
    const version = versionPartagee(l.lire);
    const p = version();
    l.finir();
    expect(await p).toBe('v1');
    await tour();
    const q = version();
    expect(l.lancees()).toBe(2);
    l.finir();
    expect(await q).toBe('v2');
  });

  it('passes a failed read on to its requests, and the next request reads again', async () => {
    let echec = true;
    const version = versionPartagee(async () => {
      if (echec) throw new Error('base injoignable');
      return 'v';
    });
    await expect(version()).rejects.toThrow('base injoignable');
    echec = false;
    await tour();
    expect(await version()).toBe('v');
  });
});

describe('CachePublic', () => {
  const entree = (token: string, texte: string) => ({ token, body: Buffer.from(texte) });

  it('gives an entry only under the version it was stored with', () => {
    const c = new CachePublic(1024);
    c.set('/', entree('7', 'a'));
    expect(c.get('/', '7')?.body.toString()).toBe('a');
    expect(c.get('/', '8')).toBeUndefined();
  });

  it('drops the least recently used entries beyond its size in bytes', () => {
    const c = new CachePublic(10);
    c.set('a', entree('1', '123456'));
    c.set('b', entree('1', '123456'));
    expect(c.get('a', '1')).toBeUndefined();
    expect(c.get('b', '1')).toBeDefined();
  });
});
