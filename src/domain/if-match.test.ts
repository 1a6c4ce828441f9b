import { describe, expect, it } from 'vitest';
import { concordeIfMatch, concordeIfNoneMatch, lireIfMatch } from './if-match.ts';

describe('concordeIfNoneMatch (RFC 9110 § 13.1.2, weak comparison)', () => {
  const etag = 'W/"abc"';
  it('matches the tag itself, its strong form, inside a list, and *', () => {
    expect(concordeIfNoneMatch('W/"abc"', etag)).toBe(true);
    expect(concordeIfNoneMatch('"abc"', etag)).toBe(true);
    expect(concordeIfNoneMatch('"x", W/"abc" , "y"', etag)).toBe(true);
    expect(concordeIfNoneMatch(' * ', etag)).toBe(true);
    expect(concordeIfNoneMatch('W/"abc"', '"abc"')).toBe(true);
  });
  it('does not match another tag, a value that is no tag, or no header', () => {
    expect(concordeIfNoneMatch('W/"abd"', etag)).toBe(false);
    expect(concordeIfNoneMatch('"x", "y"', etag)).toBe(false);
    expect(concordeIfNoneMatch('abc', etag)).toBe(false);
    expect(concordeIfNoneMatch('', etag)).toBe(false);
    expect(concordeIfNoneMatch(undefined, etag)).toBe(false);
  });
});

describe('lireIfMatch (RFC 9110 § 13.1.1, one parser for every write)', () => {
  it('`*`, or the versions of a list of strong tags (several lines joined by commas)', () => {
    expect(lireIfMatch(' * ')).toBe('*');
    expect(lireIfMatch('"v12"')).toEqual(['v12']);
    expect(lireIfMatch('"v11", "v12" ,')).toEqual(['v11', 'v12']);
    expect(lireIfMatch('"a,b"')).toEqual(['a,b']);
    expect(lireIfMatch('""')).toEqual(['']);
  });

  it('anything else: 400 IF_MATCH_INVALIDE naming the header and its shape', () => {
    for (const [v, raison] of [
      ['v12', '« v12 » n’est pas une version entre guillemets'],
      ['', 'est vide'],
      ['  ', 'est vide'],
      [',', 'n’est pas une version entre guillemets'],
      ['"v1" "v2"', 'n’est pas une version entre guillemets'],
      ['"a b"', 'n’est pas une version entre guillemets'],
      ['"v1", v2', '(« v2 » n’est pas une version entre guillemets)'],
      ['W/"v12"', 'porte un ETag faible (« W/"v12" »)'],
      ['"v1", W/"v2"', 'porte un ETag faible'],
      ['*, "v1"', 'mêle « * » à des versions'],
    ] as const) {
      let e: unknown;
      try {
        lireIfMatch(v);
      } catch (x) {
        e = x;
      }
      expect(e, v).toMatchObject({ code: 'IF_MATCH_INVALIDE', status: 400, details: { entete: 'If-Match' } });
      expect((e as Error).message, v).toContain(raison);
      expect((e as Error).message, v).toContain('If-Match: "v12"');
    }
  });

  it('concordeIfMatch: `*` or one of the versions is the current one', () => {
    expect(concordeIfMatch('*', 'x')).toBe(true);
    expect(concordeIfMatch(['a', 'x'], 'x')).toBe(true);
    expect(concordeIfMatch(['a'], 'x')).toBe(false);
  });
});
