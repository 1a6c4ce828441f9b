import { describe, expect, it } from 'vitest';
import type { Change } from './diff.ts';
import type { Formation } from './formation.schema.ts';
import { changesVue, sessionsCachees } from './historique-vue.ts';

// The history's changes in each view (docs/api.md « Historique »): what the current view hides
// — bilans, closed sessions for the public, withheld ones — never comes through a diff.

const s = (id: string, etat: string, extra: object = {}) => ({ id, etat_recrutement: etat, ...extra });
const f = {
  sessions: [s('se_o', 'ouvert'), s('se_f', 'ferme'), s('se_r', 'ouvert', { retenue: true })],
} as unknown as Formation;
const diffs: Change[][] = [
  [
    {
      champ: 'sessions',
      avant: null,
      apres: [s('se_o', 'ouvert', { bilans: [1] }), s('se_f', 'ouvert'), s('se_x', 'ouvert')],
    },
  ],
  [
    { champ: 'sessions[se_o].bilans', avant: null, apres: [{ libelle: 'B' }] },
    { champ: 'sessions[se_o].capacite', avant: 10, apres: 12 },
    { champ: 'sessions[se_f].etat_recrutement', avant: 'ouvert', apres: 'ferme' },
    { champ: 'sessions[se_x].etat_recrutement', avant: 'ouvert', apres: 'ferme' },
    { champ: 'sessions[se_x]', avant: s('se_x', 'ferme'), apres: null },
    { champ: 'intitule', avant: 'a', apres: 'b' },
  ],
];

describe('changesVue', () => {
  it('public: no bilans, no session closed now or when it was removed, no withheld one', () => {
    const cachees = sessionsCachees(f, 'public', diffs);
    expect([...cachees].sort()).toEqual(['se_f', 'se_r', 'se_x']);
    expect(changesVue(diffs[0]!, 'public', cachees)).toEqual([
      { champ: 'sessions', avant: null, apres: [s('se_o', 'ouvert')] },
    ]);
    expect(changesVue(diffs[1]!, 'public', cachees).map((c) => c.champ)).toEqual([
      'sessions[se_o].capacite',
      'intitule',
    ]);
  });
  it('partenaire: closed sessions kept without bilans; professionnel: everything', () => {
    const cachees = sessionsCachees(f, 'partenaire', diffs);
    expect([...cachees]).toEqual(['se_r']);
    expect(JSON.stringify(changesVue(diffs[0]!, 'partenaire', cachees))).not.toContain('bilans');
    expect(changesVue(diffs[1]!, 'partenaire', cachees).map((c) => c.champ)).not.toContain(
      'sessions[se_o].bilans',
    );
    expect(changesVue(diffs[1]!, 'professionnel', sessionsCachees(f, 'professionnel', diffs))).toEqual(
      diffs[1],
    );
  });
});
