import { describe, expect, it } from 'vitest';
import { concordeIfNoneMatch } from './if-match.ts';

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
