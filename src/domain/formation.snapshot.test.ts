import { describe, expect, it } from 'vitest';
import { FormationInputSchema } from './formation.schema.ts';
import { nextSnapshot, sirenProprietaire, snapshotToInput } from './formation.snapshot.ts';

const input = (over: Record<string, unknown> = {}) =>
  FormationInputSchema.parse({
    intitule: '  CAP Boulanger ',
    responsable: { siret: '130 025 265 00013', uai: '0693446w' },
    formateur: { siret: '13002526500013', raison_sociale: 'CFA' },
    sessions: [
      { cle_externe: 'A', debut: '2026-09-01', fin: '2028-06-30', lieu: { code_postal: '69001' } },
      { debut: '2026-09-01', fin: '2027-06-30', lieu: { code_postal: '69002' } },
    ],
    ...over,
  });
let n = 0;
const opts = (diffusees: string[] = []) => ({
  organismes: new Map(),
  diffusees: new Set(diffusees),
  newSessionId: () => `se_${++n}`,
});

describe('nextSnapshot', () => {
  it('normalises text, merges one organisme’s roles, and names the owner SIREN', () => {
    const s = nextSnapshot(null, input(), opts());
    expect(s.intitule).toBe('CAP Boulanger');
    expect(s.responsable).toEqual({
      siret: '13002526500013',
      uai: '0693446W',
      raison_sociale: 'CFA',
      nda: null,
    });
    expect(s.formateur).toEqual(s.responsable);
    expect(sirenProprietaire(s)).toBe('130025265');
  });

  it('matches sessions by cle_externe, then by dates and postal code, keeping their ids', () => {
    const prev = nextSnapshot(null, input(), opts());
    const next = nextSnapshot(prev, input(), opts());
    expect(next.sessions.map((s) => s.id)).toEqual(prev.sessions.map((s) => s.id));
    expect(snapshotToInput(next).sessions).toHaveLength(2);
  });

  it('refuses to re-date a diffused session, archives it when left out, drops a draft one', () => {
    const prev = nextSnapshot(null, input(), opts());
    const [a, b] = prev.sessions.map((s) => s.id);
    const moved = input({ sessions: [{ cle_externe: 'A', debut: '2026-10-01', fin: '2028-06-30' }] });
    expect(() => nextSnapshot(prev, moved, opts([a!]))).toThrow(
      /^La session du 1er septembre 2026 au 30 juin 2028 a déjà été diffusée/,
    );
    expect(nextSnapshot(prev, moved, opts([])).sessions[0]!.debut).toBe('2026-10-01');
    const dropped = nextSnapshot(prev, input({ sessions: [] }), opts([a!]));
    expect(dropped.sessions.map((s) => [s.id, s.archivee])).toEqual([[a, true]]);
    expect(dropped.sessions.some((s) => s.id === b)).toBe(false);
  });

  it('refuses an unknown session id from outside, accepts one minted by a revision', () => {
    const withId = input({ sessions: [{ id: 'se_inconnue', debut: '2026-09-01' }] });
    expect(() => nextSnapshot(null, withId, opts())).toThrow(/n’existe pas/);
    expect(nextSnapshot(null, withId, { ...opts(), allowNewSessionIds: true }).sessions[0]!.id).toBe(
      'se_inconnue',
    );
  });
});
