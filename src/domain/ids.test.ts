import { describe, expect, it } from 'vitest';
import { ID_FORME, newId } from './ids.ts';

describe('newId', () => {
  it('keeps the order of the calls within one millisecond, and the shape', () => {
    const now = new Date('2026-12-01T08:00:00.000Z');
    const ids = Array.from({ length: 50 }, (_, i) => newId(i % 2 ? 'se' : 'fo', now).slice(3));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    expect(newId('fo', now)).toMatch(ID_FORME);
  });
  it('sorts a later millisecond after an earlier one', () => {
    const a = newId('fo', new Date('2026-12-01T08:00:00.001Z'));
    const b = newId('fo', new Date('2026-12-01T08:00:00.002Z'));
    expect(b > a).toBe(true);
  });
});
