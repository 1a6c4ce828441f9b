import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { versionDe } from './version-empreinte.ts';

describe('versionDe', () => {
  it('is 16 lowercase hexadecimal characters by default, or the length asked', () => {
    expect(versionDe(['formation', '3'])).toMatch(/^[0-9a-f]{16}$/);
    expect(versionDe(['3', ''], 32)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('gives the same version for the same parts, another for any changed part', () => {
    const v = versionDe(['region:84', '["2026-09-15",null]']);
    expect(versionDe(['region:84', '["2026-09-15",null]'])).toBe(v);
    expect(versionDe(['region:11', '["2026-09-15",null]'])).not.toBe(v);
    expect(versionDe(['region:84', '["2026-09-16",null]'])).not.toBe(v);
    expect(versionDe(['region:84'])).not.toBe(v);
  });

  it('keeps the values versions had before it (pages open at a deploy stay valid)', () => {
    // What instruction-version.ts, calendrier-version.ts, versionRole and versionDeRevue hashed.
    const avant = (s: string, n: number) => createHash('sha256').update(s).digest('hex').slice(0, n);
    expect(versionDe(['formation', '7'])).toBe(avant('formation|7', 16));
    expect(versionDe(['["national",null]'])).toBe(avant('["national",null]', 16));
    expect(versionDe(['12', 'r1:en_attente:{}'], 32)).toBe(avant('12|r1:en_attente:{}', 32));
  });
});
