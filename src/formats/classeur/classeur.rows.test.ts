import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FormationInput, SessionInput } from '../../domain/formation.schema.ts';
import { cleLieu, lieuxDe } from './classeur.rows.ts';

// The place key and the grouping of sessions by place: what the analysis compares a returned row
// with (the export writes one row per place). Kept as they were when written without
// allocations per call (docs/mesures.md, « Classeur appliqué : l’analyse sans dictionnaires »).

const fenetre = { debut: '2027-01-01', fin: '2027-12-31' };

const session = (
  id: string,
  debut: string | null,
  lieu: SessionInput['lieu'],
  etat = 'ouvert',
): SessionInput => ({ id, debut, fin: debut, etat_recrutement: etat, lieu }) as SessionInput;

describe('cleLieu', () => {
  it('ignores case, accents, punctuation and surrounding spaces, field by field', () => {
    expect(
      cleLieu({
        adresse: '  12, Rue de l’Église ',
        code_postal: '75 001',
        commune: 'PARIS',
        uai: '0751234a',
      }),
    ).toBe('12 rue de l eglise|75 001|paris|0751234a');
    expect(
      cleLieu({ adresse: '12 rue de l eglise', code_postal: '75 001', commune: 'Paris', uai: '0751234A' }),
    ).toBe(
      cleLieu({ adresse: '12, Rue de l’Église', code_postal: '75 001', commune: 'paris', uai: '0751234a' }),
    );
  });

  it('reads a missing or null field as empty', () => {
    expect(cleLieu({})).toBe('|||');
    expect(cleLieu({ adresse: null, code_postal: '69003', commune: undefined, uai: null })).toBe('|69003||');
    expect(cleLieu({ adresse: '—', commune: 'Saint-Étienne' })).toBe('||saint etienne|');
  });

  afterEach(() => vi.restoreAllMocks());

  // An import keys each place of thousands of formations, their texts repeating from session to
  // session: each text is normalised once (docs/mesures.md, « Classeur appliqué : les lieux et les
  // longueurs sans copies »), the key the same at every call.
  it('normalises a text met again once', () => {
    const r = String(Math.random()).replace('.', '');
    const normalize = vi.spyOn(String.prototype, 'normalize');
    const cles = [1, 2, 3].map(() => cleLieu({ adresse: 'Rue de l’Église', commune: `Saint-Étienne-${r}` }));
    expect(cles).toEqual(Array(3).fill(`rue de l eglise||saint etienne ${r}|`));
    // Once per text (the address may already be known from the test above), not once per call.
    expect(normalize.mock.calls.length).toBeLessThanOrEqual(2);
  });
});

describe('lieuxDe', () => {
  const a = { adresse: '1 rue A', code_postal: '69003', commune: 'Lyon', uai: null };
  const b = { adresse: '2 rue B', code_postal: '69003', commune: 'Lyon', uai: null };

  it('groups the sessions by place, in the order their first session appears, each in its order', () => {
    const sessions = [
      session('s1', '2026-09-01', a),
      session('s2', '2027-09-01', b),
      session('s3', '2025-09-01', { ...a, adresse: '1, RUE A' }),
      session('s4', '2027-10-01', a),
      session('s5', null, b, 'ferme'),
    ];
    const lieux = lieuxDe({ sessions } as FormationInput, fenetre);
    expect(lieux.map((l) => l.cle)).toEqual([cleLieu(a), cleLieu(b)]);
    expect(lieux.map((l) => l.sessions.map((s) => s.id))).toEqual([
      ['s1', 's3', 's4'],
      ['s2', 's5'],
    ]);
    expect(lieux.map((l) => [l.campagne?.id ?? null, l.reference?.id ?? null, l.ferme])).toEqual([
      ['s4', 's4', false],
      ['s2', 's2', false],
    ]);
    // The input's sessions are left as they were.
    expect(sessions.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5']);
  });

  it('takes as reference the session a stable sort by start date puts last', () => {
    // Ties on the latest start (and sessions without a start): the last of them in the input's order.
    const sessions = [
      session('t1', '2026-09-01', a),
      session('t2', '2026-09-01', a),
      session('t3', null, a),
      session('t4', '2027-03-01', a),
      session('t5', '2027-03-01', a),
      session('t6', '2026-01-01', a),
      session('u1', null, b),
      session('u2', null, b),
      session('u3', '2025-01-01', b),
      session('u4', '2025-01-01', b),
    ];
    const ancien = (liste: readonly SessionInput[]) =>
      [...liste].sort((x, y) => (x.debut ?? '').localeCompare(y.debut ?? '')).at(-1) ?? null;
    const lieux = lieuxDe({ sessions } as FormationInput, fenetre);
    expect(lieux.map((l) => [l.campagne?.id ?? null, l.reference?.id ?? null])).toEqual([
      ['t5', 't5'],
      [null, 'u4'],
    ]);
    for (const l of lieux) {
      expect(l.reference).toBe(ancien(l.sessions));
      expect(l.campagne).toBe(
        ancien(l.sessions.filter((s) => !!s.debut && s.debut >= fenetre.debut && s.debut <= fenetre.fin)),
      );
    }
    expect(
      lieuxDe({ sessions: [session('v1', null, a), session('v2', null, a)] } as FormationInput, fenetre)[0]!
        .reference?.id,
    ).toBe('v2');
  });

  it('gives one empty place to a formation without sessions', () => {
    expect(lieuxDe({ sessions: [] } as unknown as FormationInput, fenetre)).toEqual([
      { cle: '|||', sessions: [], reference: null, campagne: null, ferme: false },
    ]);
  });
});
