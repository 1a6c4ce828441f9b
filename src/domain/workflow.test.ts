import { describe, expect, it } from 'vitest';
import type { Statut } from './formation.schema.ts';
import {
  decider,
  type EtatOffre,
  RESERVEES_AUX_VALIDATEURS,
  type StatutRevision,
  TRANSITIONS,
  type Transition,
} from './workflow.ts';

// Every (state, transition) pair of the offer's life, written out by hand from docs/produit.md
// « La vie d'une offre »: what is allowed and what it does; everything not listed is refused.

const STATUTS: Statut[] = [
  'brouillon',
  'en_attente_validation',
  'a_corriger',
  'publiee',
  'archivee',
  'supprimee',
];
const REVISIONS: (StatutRevision | null)[] = [null, 'en_attente_validation', 'a_corriger'];

const st = (
  vers: Statut,
  flux: 'update' | 'archive' | 'delete',
  completudeRequise = false,
  abandonneRevision = false,
) => ({
  kind: 'statut',
  vers,
  flux,
  completudeRequise,
  abandonneRevision,
});
const rev = (action: 'soumettre' | 'valider' | 'retourner') => ({ kind: 'revision', action });

/** key: `statut/revision/transition` (revision "-" = none open). */
const PERMISES: Record<string, object> = {
  'brouillon/-/publier': st('en_attente_validation', 'update', true),
  'brouillon/-/archiver': st('archivee', 'archive'),
  'brouillon/-/supprimer': st('supprimee', 'delete'),
  'en_attente_validation/-/valider': st('publiee', 'update', true),
  'en_attente_validation/-/retourner': st('a_corriger', 'update'),
  'en_attente_validation/-/archiver': st('archivee', 'archive'),
  'en_attente_validation/-/supprimer': st('supprimee', 'delete'),
  'a_corriger/-/publier': st('en_attente_validation', 'update', true),
  'a_corriger/-/archiver': st('archivee', 'archive'),
  'a_corriger/-/supprimer': st('supprimee', 'delete'),
  'publiee/-/archiver': st('archivee', 'archive'),
  'publiee/-/supprimer': st('supprimee', 'delete'),
  'publiee/en_attente_validation/valider': rev('valider'),
  'publiee/en_attente_validation/retourner': rev('retourner'),
  'publiee/en_attente_validation/archiver': st('archivee', 'archive', false, true),
  'publiee/en_attente_validation/supprimer': st('supprimee', 'delete', false, true),
  'publiee/a_corriger/publier': rev('soumettre'),
  // A returned revision may still be validated as it stands (the gestionnaire changed their mind).
  'publiee/a_corriger/valider': rev('valider'),
  'publiee/a_corriger/archiver': st('archivee', 'archive', false, true),
  'publiee/a_corriger/supprimer': st('supprimee', 'delete', false, true),
  'archivee/-/publier': st('en_attente_validation', 'update', true),
  'archivee/-/supprimer': st('supprimee', 'delete'),
  // restaurer: see below (depends on the statut before deletion).
};

const cas: [string, EtatOffre, Transition][] = [];
for (const statut of STATUTS)
  for (const revision of statut === 'publiee' ? REVISIONS : [null])
    for (const t of TRANSITIONS)
      if (!(statut === 'supprimee' && t === 'restaurer'))
        cas.push([
          `${statut}/${revision ?? '-'}/${t}`,
          { statut, revision, statutAvantSuppression: null },
          t,
        ]);

describe('the offer workflow (domain/workflow.ts)', () => {
  it.each(cas)('%s', (cle, etat, t) => {
    const attendu = PERMISES[cle];
    expect(decider(etat, t)).toEqual(attendu ? { ok: true, effet: attendu } : { ok: false });
  });

  it('lists every allowed transition above among the cases (no typo in the table)', () => {
    const cles = new Set(cas.map(([c]) => c));
    expect(Object.keys(PERMISES).filter((k) => !cles.has(k))).toEqual([]);
  });

  it.each([
    ['publiee', 'publiee'],
    ['archivee', 'archivee'],
    ['brouillon', 'brouillon'],
    [null, 'brouillon'],
  ] as const)('restaurer a deleted offer that was %s gives it back as %s', (avant, apres) => {
    expect(
      decider({ statut: 'supprimee', revision: null, statutAvantSuppression: avant }, 'restaurer'),
    ).toEqual({
      ok: true,
      effet: st(apres, 'update'),
    });
  });

  it('reserves valider, retourner and restaurer to gestionnaires and administrators', () => {
    expect([...RESERVEES_AUX_VALIDATEURS].sort()).toEqual(['restaurer', 'retourner', 'valider']);
  });
});
