import { describe, expect, it } from 'vitest';
import { messageSessionPassee, sessionPassee } from './session-passee.ts';

describe('sessionPassee', () => {
  it('finds a session that ended before today and proposes the same days the next year it is not over', () => {
    expect(sessionPassee({ debut: '2025-09-01', fin: '2026-06-30' }, '2026-12-07')).toEqual({
      debut: '2025-09-01',
      fin: '2026-06-30',
      annees: 1,
      proposition: { debut: '2026-09-01', fin: '2027-06-30' },
    });
    // Two years off (a start typed 2024 for 2026): the first shift whose end is not over.
    expect(sessionPassee({ debut: '2024-09-01', fin: '2025-06-30' }, '2026-12-07')?.proposition).toEqual({
      debut: '2026-09-01',
      fin: '2027-06-30',
    });
    // 29 February has no twin the next year: 28 February.
    expect(sessionPassee({ debut: '2024-02-29', fin: '2024-06-30' }, '2024-12-01')?.proposition).toEqual({
      debut: '2025-02-28',
      fin: '2025-06-30',
    });
  });

  it('says nothing for a session that ends today or later, or without a real end', () => {
    expect(sessionPassee({ debut: '2026-01-05', fin: '2026-12-07' }, '2026-12-07')).toBeNull();
    expect(sessionPassee({ debut: '2025-09-01', fin: null }, '2026-12-07')).toBeNull();
    expect(sessionPassee({ debut: null, fin: '2026-02-31' }, '2026-12-07')).toBeNull();
  });

  it('names the field, says why and proposes the fix, in French', () => {
    const p = sessionPassee({ debut: '2025-09-01', fin: '2026-06-30' }, '2026-12-07')!;
    expect(messageSessionPassee(p, '2026-12-07')).toBe(
      'Date de fin : le 30 juin 2026 est déjà passé (nous sommes le 7 décembre 2026) : cette nouvelle session serait terminée dès son enregistrement. Une erreur d’année ? Les mêmes dates l’année suivante : du 1er septembre 2026 au 30 juin 2027.',
    );
    const deux = sessionPassee({ debut: '2024-09-01', fin: '2025-06-30' }, '2026-12-07')!;
    expect(messageSessionPassee(deux, '2026-12-07')).toContain(
      'Les mêmes dates 2 ans plus tard : du 1er septembre 2026 au 30 juin 2027.',
    );
  });
});
