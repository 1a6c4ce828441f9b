import { describe, expect, it } from 'vitest';
import {
  feedCursor,
  idCursor,
  numberedPageCursor,
  pageCursor,
  porteeListe,
  porteeRecherche,
} from './cursor.ts';
import { newId } from './ids.ts';

const CLE = 'clé de test';

describe('pageCursor', () => {
  it('gives back the id it was made from, in a form that is not the id itself', () => {
    const id = newId('fo', new Date('2026-01-15T10:00:00Z'));
    const c = pageCursor.encode(id, CLE);
    expect(c).not.toContain(id);
    // URL-safe as it is (unreserved characters only): no encoding in a query string.
    expect(c).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(pageCursor.decode(c, CLE)).toBe(id);
  });

  it('refuses what it did not hand out, naming the parameter', () => {
    for (const bad of [
      '',
      'abc',
      pageCursor.encode("fo_1' or 1=1", CLE),
      pageCursor.encode('FO_ABC', CLE),
      pageCursor.encode('fo_zzz', CLE),
      pageCursor.encode(`${newId('fo')}0`, CLE),
      // Well formed, but sealed under another key, or not sealed at all (the former cursors).
      pageCursor.encode(newId('fo'), 'autre clé'),
      Buffer.from(newId('fo')).toString('base64url'),
    ])
      expect(() => pageCursor.decode(bad, CLE, 'cursor'), bad).toThrow(
        expect.objectContaining({ code: 'CURSEUR_INVALIDE', status: 400, details: { champ: 'cursor' } }),
      );
  });

  it('with a list’s filters (porteeListe): refuses another list’s cursor, and one bound to none', () => {
    const id = newId('fo');
    const P = porteeListe({ region: '84', limit: 10 });
    expect(porteeListe({ region: '84', limit: 1000, cursor: undefined })).toBe(P);
    expect(pageCursor.decode(pageCursor.encode(id, CLE, P), CLE, 'cursor', P)).toBe(id);
    const autres = pageCursor.encode(id, CLE, porteeListe({ region: '11' }));
    // One remedy, not two contradictory ones (« relancez sans » then « reprenez next_cursor »).
    expect(() => pageCursor.decode(autres, CLE, 'cursor', P)).toThrow(
      /^Paramètre « cursor » invalide : il a été donné pour d’autres filtres ; gardez les filtres de la page qui l’a donné, ou relancez sans « cursor »\.$/,
    );
    // Taken back by a search (with words): a cursor of other filters too, saying so.
    expect(() => numberedPageCursor.decode(autres, CLE, porteeRecherche({ q: 'x' }))).toThrow(
      /donné pour d’autres filtres/,
    );
    expect(() => pageCursor.decode(pageCursor.encode(id, CLE), CLE, 'cursor', P)).toThrow(
      expect.objectContaining({ code: 'CURSEUR_INVALIDE' }),
    );
  });

  it('refuses every other spelling of its signature, even one that decodes to the same bytes', () => {
    const c = pageCursor.encode(newId('fo'), CLE);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // The last character of a 128-bit base64url signature carries 4 unused bits.
    for (const x of alphabet.replace(c.at(-1)!, ''))
      expect(() => pageCursor.decode(`${c.slice(0, -1)}${x}`, CLE), x).toThrow(
        expect.objectContaining({ code: 'CURSEUR_INVALIDE' }),
      );
  });
});

describe('feedCursor', () => {
  it('reads from the start without since or with 0, and round-trips a seq', () => {
    expect(feedCursor.decode(undefined)).toBe(0);
    expect(feedCursor.decode('')).toBe(0);
    expect(feedCursor.decode('0')).toBe(0);
    expect(feedCursor.decode(feedCursor.encode(4211))).toBe(4211);
  });

  it('refuses a negative, fractional or non-numeric since', () => {
    for (const bad of ['-1', '1.5', 'abc', '1e400', '1e3', '0x10', ' 5', '+5'])
      expect(() => feedCursor.decode(bad), bad).toThrow(
        expect.objectContaining({ code: 'CURSEUR_INVALIDE', details: { champ: 'since' } }),
      );
  });

  it('refuses a seq past the last one the feed numbered (it would skip the events to come)', () => {
    expect(feedCursor.decode('12', 12)).toBe(12);
    expect(() => feedCursor.decode('13', 12)).toThrow(/n’a numéroté que 12 événement/);
  });
});

describe('idCursor', () => {
  it('round-trips a numeric id and refuses anything else', () => {
    expect(idCursor.decode(idCursor.encode(42), 'apres')).toBe('42');
    for (const bad of ['', 'abc', '1e3', '-1', '4 2'])
      expect(() => idCursor.decode(bad, 'apres'), bad).toThrow(
        expect.objectContaining({ code: 'CURSEUR_INVALIDE', details: { champ: 'apres' } }),
      );
  });
});

describe('numberedPageCursor', () => {
  const P = porteeRecherche({ q: 'cuisine', limit: 2 });

  it('round-trips a page number behind an opaque cursor', () => {
    const c = numberedPageCursor.encode(3, CLE, P);
    expect(c).not.toContain('3');
    expect(numberedPageCursor.decode(c, CLE, P)).toBe(3);
  });

  it('refuses a page cursor of another kind, page 0 or a fraction, naming the parameter', () => {
    for (const c of [
      pageCursor.encode(newId('fo'), CLE),
      numberedPageCursor.encode(0, CLE, P),
      numberedPageCursor.encode(2, 'autre clé', P),
      'cGFnZToxLjU',
      'cGFnZToy',
    ])
      expect(() => numberedPageCursor.decode(c, CLE, P)).toThrow(/Paramètre « cursor » invalide/);
  });

  it('is bound to its search: another limit, other words or filters are refused, the cursor itself ignored', () => {
    const c = numberedPageCursor.encode(2, CLE, P);
    expect(porteeRecherche({ limit: 2, q: 'cuisine', cursor: c, region: undefined })).toBe(P);
    for (const autre of [
      { q: 'cuisine', limit: 1000 },
      { q: 'boulangerie', limit: 2 },
      { q: 'cuisine', limit: 2, region: '84' },
    ])
      expect(() => numberedPageCursor.decode(c, CLE, porteeRecherche(autre))).toThrow(
        /invalide : il a été donné pour une autre recherche ; gardez les mots.+, ou relancez sans « cursor »\.$/,
      );
    // Taken back by the plain list (no words): a cursor of another search, saying so.
    expect(() => pageCursor.decode(c, CLE, 'cursor', porteeListe({ limit: 2 }))).toThrow(
      /donné pour une autre recherche/,
    );
  });
});
