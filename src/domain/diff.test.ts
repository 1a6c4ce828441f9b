import { describe, expect, it } from 'vitest';
import { diff, equalJson, memeContenu } from './diff.ts';

describe('diff', () => {
  it('lists nested fields that changed, by path, and nothing when equal', () => {
    const a = {
      intitule: 'BTS MCO',
      modalites: { duree_annees: 2, annees_apprentissage: [1, 2] },
      url: null,
    };
    const b = {
      intitule: 'BTS MCO',
      modalites: { duree_annees: 1, annees_apprentissage: [1] },
      url: undefined,
    };
    expect(diff(a, b)).toEqual([
      { champ: 'modalites.annees_apprentissage', avant: [1, 2], apres: [1] },
      { champ: 'modalites.duree_annees', avant: 2, apres: 1 },
    ]);
    expect(diff(a, structuredClone(a))).toEqual([]);
  });

  it('matches arrays of records by id, so a moved session is not a change', () => {
    const s1 = { id: 'se_1', debut: '2026-09-01', lieu: { code_postal: '75001' } };
    const s2 = { id: 'se_2', debut: '2027-09-01', lieu: { code_postal: '69001' } };
    expect(diff({ sessions: [s1, s2] }, { sessions: [s2, s1] })).toEqual([]);
    const moved = { ...s2, lieu: { code_postal: '69002' } };
    const s3 = { id: 'se_3', debut: null, lieu: {} };
    expect(diff({ sessions: [s1, s2] }, { sessions: [moved, s3] })).toEqual([
      { champ: 'sessions[se_1]', avant: s1, apres: null },
      { champ: 'sessions[se_2].lieu.code_postal', avant: '69001', apres: '69002' },
      { champ: 'sessions[se_3]', avant: null, apres: s3 },
    ]);
  });

  it('compares arrays without ids as whole values and treats null as absent', () => {
    expect(diff({ contacts: [{ nom: 'A' }] }, { contacts: [{ nom: 'B' }] })).toEqual([
      { champ: 'contacts', avant: [{ nom: 'A' }], apres: [{ nom: 'B' }] },
    ]);
    expect(diff(null, { a: 1 })).toEqual([{ champ: '.', avant: null, apres: { a: 1 } }]);
    expect(equalJson({ a: null }, {})).toBe(true);
    expect(equalJson([1, 2], [2, 1])).toBe(false);
  });

  it('sees the same content through empty values, not through real changes', () => {
    expect(memeContenu({ contact: null, lieu: { cedex: '' } }, { contact: { nom: null }, lieu: {} })).toBe(
      true,
    );
    expect(memeContenu([{ a: 1, b: [] }], [{ a: 1 }])).toBe(true);
    expect(memeContenu({ capacite: 0 }, { capacite: null })).toBe(false);
    expect(memeContenu({ contact: { nom: 'X' } }, { contact: null })).toBe(false);
    expect(memeContenu([{ a: 1 }, { a: 2 }], [{ a: 2 }, { a: 1 }])).toBe(false);
    expect(memeContenu({ ok: false }, {})).toBe(false);
  });
});

// planEcriture skips diff when equalJson holds (the nightly reload of unchanged formations): it
// relies on equalJson ⇒ diff finds nothing, whatever the shape.
describe('equalJson ⇒ diff vide', () => {
  const paires: [unknown, unknown][] = [
    [{ a: 1, b: null }, { a: 1 }],
    [{ a: undefined }, {}],
    [null, undefined],
    [
      { sessions: [{ id: 'se_1', lieu: { cp: '75001', x: null } }, { id: 'se_2' }] },
      {
        sessions: [
          { id: 'se_1', lieu: { cp: '75001' } },
          { id: 'se_2', y: undefined },
        ],
      },
    ],
    [
      { t: ['a', 'b'], o: { p: { q: [] } } },
      { t: ['a', 'b'], o: { p: { q: [] } } },
    ],
    [[{ id: 'x', v: 1 }], [{ id: 'x', v: 1 }]],
  ];
  it.each(paires)('%j et %j', (a, b) => {
    expect(equalJson(a, b)).toBe(true);
    expect(diff(a, b)).toEqual([]);
  });
});
