import { expect, it } from 'vitest';
import { resteEstime } from './progress.ts';

// Fresh user (06/12): `offre demo` said « Contrôle de conformité 20 % … reste 0s », then « 30 % …
// reste 30s ». No estimate until the work has lasted and advanced enough; then the average rate
// since the bar began.

it('gives no estimate at the start, nor before 3 s and 5 % of the work', () => {
  expect(resteEstime({ t: 0, v: 20 }, 0, 20, 100)).toBe('…');
  expect(resteEstime({ t: 0, v: 20 }, 2000, 30, 100)).toBe('…');
  expect(resteEstime({ t: 0, v: 20 }, 10_000, 23, 100)).toBe('…');
});

it('estimates from the average rate since the bar began', () => {
  // 10 % in 4 s: 70 % left, 28 s.
  expect(resteEstime({ t: 0, v: 20 }, 4000, 30, 100)).toBe('28 s');
  expect(resteEstime({ t: 0, v: 0 }, 30_000, 20, 100)).toBe('2 min 0 s');
  expect(resteEstime({ t: 0, v: 0 }, 3_600_000, 40, 100)).toBe('1 h 30 min');
  expect(resteEstime({ t: 0, v: 0 }, 100, 100, 100)).toBe('0 s');
});
