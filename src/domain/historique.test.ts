import { describe, expect, it } from 'vitest';
import type { Change } from './diff.ts';
import {
  avecValidations,
  changeHorsDiffusion,
  chronologie,
  type EntreeHistorique,
  entreDeuxRevisions,
  horsDiffusionDe,
  origineImport,
  parEcriture,
  phraseHorsDiffusion,
} from './historique.ts';

const entree = (
  action: string,
  diff: Change[] = [],
  over: Partial<EntreeHistorique> = {},
): EntreeHistorique => ({
  entite: action.startsWith('revision') ? 'revision' : 'formation',
  entite_id: action.startsWith('revision') ? 'rev_1' : 'fo_1',
  action,
  acteur: 'utilisateur:claire@cfa.fr',
  at: '2026-12-03T09:00:00.000Z',
  diff,
  ...over,
});
const c = (champ: string, avant: unknown, apres: unknown): Change => ({ champ, avant, apres });
/** A change taking a revision's proposal back (back to the diffused value). */
const r = (champ: string, avant: unknown, apres: unknown): Change => ({ champ, avant, apres, retour: true });

describe('parEcriture: a revision entry is what its write changed', () => {
  it('a later write does not repeat the fields a former one changed', () => {
    const lues = parEcriture([
      entree('revision', [c('intitule', 'A', 'B')]),
      entree('revision', [c('intitule', 'A', 'B'), c('objectif', 'X', 'Y')]),
    ]);
    expect(lues.map((e) => e.diff)).toEqual([[c('intitule', 'A', 'B')], [c('objectif', 'X', 'Y')]]);
  });

  it('a field changed again reads from the former proposal; one put back, back to the diffused value', () => {
    expect(
      entreDeuxRevisions([c('intitule', 'A', 'B'), c('objectif', 'X', 'Y')], [c('intitule', 'A', 'C')]),
    ).toEqual([c('intitule', 'B', 'C'), r('objectif', 'Y', 'X')]);
  });

  it('a session added, then changed: the field that changed only', () => {
    const s = { id: 'se_1', debut: '2027-09-01', capacite: 10 };
    expect(
      entreDeuxRevisions([c('sessions[se_1]', null, s)], [c('sessions[se_1]', null, { ...s, capacite: 12 })]),
    ).toEqual([c('sessions[se_1].capacite', 10, 12)]);
  });

  it('another revision, or a write of the formation in between, starts again from the stored diff', () => {
    const d = [c('intitule', 'A', 'B')];
    const lues = parEcriture([
      entree('revision', d),
      entree('revision_abandonnee'),
      entree('revision', d, { entite_id: 'rev_2' }),
      entree('update', [c('objectif', 'X', 'Y')]),
      entree('revision', d, { entite_id: 'rev_2' }),
    ]);
    expect(lues.map((e) => e.diff)).toEqual([d, [r('intitule', 'B', 'A')], d, [c('objectif', 'X', 'Y')], d]);
  });

  it('an abandoned revision lists what it no longer proposes: each field back to its diffused value', () => {
    const s = { id: 'se_9', debut: '2027-10-04' };
    const lues = parEcriture([
      entree('revision', [c('intitule', 'A', 'B')]),
      entree('revision', [c('intitule', 'A', 'C'), c('sessions[se_9]', null, s)]),
      entree('revision_abandonnee'),
    ]);
    expect(lues[2]!.diff).toEqual([r('intitule', 'C', 'A'), r('sessions[se_9]', s, null)]);
    // Without its revision's writes in the list, it is left as stored.
    expect(parEcriture([entree('revision_abandonnee')])[0]!.diff).toEqual([]);
  });
});

describe('avecValidations: a validated revision is its authors’ change', () => {
  it('folds the validation into the update it wrote, with the revision’s authors', () => {
    const validee = entree('revision_validee', [], {
      acteur: 'utilisateur:g@region.fr',
      at: '2026-12-04T10:00:00.000Z',
    });
    const maj = entree('update', [c('intitule', 'A', 'B')], {
      acteur: 'utilisateur:g@region.fr',
      at: '2026-12-04T10:00:00.000Z',
    });
    const r1 = entree('revision', [c('intitule', 'A', 'B')]);
    const r2 = entree('revision', [c('intitule', 'A', 'B')], { origine: 'lheo' });
    const lues = avecValidations([r1, r2, r1, entree('revision_soumise'), maj, validee]);
    expect(lues).toHaveLength(5);
    expect(lues[4]).toEqual({ ...maj, auteurs: [r1, r2], validation: validee });
  });

  it('leaves the entries as they are without the revision’s authors or at another instant', () => {
    const maj = entree('update', [], { at: '2026-12-04T10:00:00.000Z' });
    const validee = entree('revision_validee', [], { at: '2026-12-04T10:00:00.000Z' });
    expect(avecValidations([maj, validee])).toEqual([maj, validee]);
    const r = entree('revision');
    const plusTard = { ...validee, at: '2026-12-04T10:00:01.000Z' };
    expect(avecValidations([r, maj, plusTard])).toEqual([r, maj, plusTard]);
  });
});

describe('origineImport', () => {
  it('the stored origin, else the command line’s import actors', () => {
    expect(origineImport('utilisateur:a@b.fr', 'classeur')).toBe('classeur');
    expect(origineImport('systeme:import-lheo', null)).toBe('lheo');
    expect(origineImport('systeme:import-classeur')).toBe('classeur');
    expect(origineImport('cle:erp', null)).toBeNull();
  });
});

describe('chronologie: the one order of the history pages', () => {
  it('lists the entries newest first, each with what was derived oldest first', () => {
    const lues = chronologie([entree('create'), entree('publier'), entree('valider')], (l) =>
      l.map((_, i) => i),
    );
    expect(lues.map((x) => [x.entree.action, x.au])).toEqual([
      ['valider', 2],
      ['publier', 1],
      ['create', 0],
    ]);
  });
});

describe('a validation « malgré tout »', () => {
  it('is read from its revision_validee entry, folded or not, and said with the statut’s label', () => {
    const v = entree('revision_validee', [changeHorsDiffusion(['SESSION_DATES', 'SESSION_DATES'])]);
    expect(horsDiffusionDe(v)).toEqual(['SESSION_DATES']);
    expect(horsDiffusionDe({ diff: [], validation: v })).toEqual(['SESSION_DATES']);
    expect(horsDiffusionDe(entree('revision_validee'))).toBeNull();
    expect(phraseHorsDiffusion(['SESSION_DATES'])).toBe(
      'Validée malgré tout : l’offre est « Publiée — hors diffusion » (règle bloquante en échec : SESSION_DATES, Dates de session valides)',
    );
  });
});
