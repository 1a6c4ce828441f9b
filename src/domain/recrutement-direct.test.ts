import { describe, expect, it } from 'vitest';
import { FormationInputSchema } from './formation.schema.ts';
import { type FormationSnap, nextSnapshot } from './formation.snapshot.ts';
import { avecRecrutements, effetRecrutement, recrutementsSeuls } from './recrutement-direct.ts';

// The recruitment rule: which edits of a published offer apply to its diffused version at once.
let n = 0;
const diffusee = nextSnapshot(
  null,
  FormationInputSchema.parse({
    intitule: 'CAP Boulanger',
    responsable: { siret: '13002526500013' },
    sessions: [
      { debut: '2026-09-01', fin: '2028-06-30', lieu: { code_postal: '69001' } },
      { debut: '2027-09-01', fin: '2029-06-30', lieu: { code_postal: '69002' } },
    ],
  }),
  { organismes: new Map(), diffusees: new Set(), newSessionId: () => `se_${++n}` },
);
const [a, b] = diffusee.sessions.map((s) => s.id) as [string, string];
const etat = (snap: FormationSnap, id: string, e: 'ouvert' | 'suspendu' | 'ferme'): FormationSnap =>
  avecRecrutements(snap, new Map([[id, e]]));

describe('recrutementsSeuls', () => {
  it('a diffused session’s recruitment alone (one or several sessions): its new states', () => {
    expect(recrutementsSeuls(diffusee, diffusee, etat(diffusee, a, 'ferme'))).toEqual(
      new Map([[a, 'ferme']]),
    );
    const deux = etat(etat(diffusee, a, 'suspendu'), b, 'ferme');
    expect(recrutementsSeuls(diffusee, diffusee, deux)).toEqual(
      new Map([
        [a, 'suspendu'],
        [b, 'ferme'],
      ]),
    );
  });
  it('anything else in the same edit, or nothing changed: null (the revision’s way)', () => {
    expect(recrutementsSeuls(diffusee, diffusee, diffusee)).toBeNull();
    const aussi = { ...etat(diffusee, a, 'ferme'), intitule: 'CAP Pâtissier' };
    expect(recrutementsSeuls(diffusee, diffusee, aussi)).toBeNull();
    const capacite = etat(diffusee, a, 'ferme');
    capacite.sessions[1] = { ...capacite.sessions[1]!, capacite: 12 };
    expect(recrutementsSeuls(diffusee, diffusee, capacite)).toBeNull();
  });
  it('a session the diffused version does not have (new in the revision, added now): null', () => {
    const nouvelle = { ...diffusee.sessions[0]!, id: 'se_nouvelle' };
    const revision = { ...diffusee, sessions: [...diffusee.sessions, nouvelle] };
    expect(recrutementsSeuls(diffusee, revision, etat(revision, 'se_nouvelle', 'ferme'))).toBeNull();
    expect(recrutementsSeuls(diffusee, diffusee, revision)).toBeNull();
  });
  it('with an open revision: compared with the revision edited, whatever else it proposes', () => {
    const revision = { ...diffusee, intitule: 'CAP Pâtissier' };
    expect(recrutementsSeuls(diffusee, revision, etat(revision, b, 'suspendu'))).toEqual(
      new Map([[b, 'suspendu']]),
    );
  });
});

describe('avecRecrutements', () => {
  it('gives the states to the sessions of those ids, the rest unchanged', () => {
    const apres = avecRecrutements(
      diffusee,
      new Map([[b, 'ferme'] as const, ['se_autre', 'suspendu'] as const]),
    );
    expect(apres.sessions.map((s) => s.etat_recrutement)).toEqual(['ouvert', 'ferme']);
    expect({ ...apres, sessions: [] }).toEqual({ ...diffusee, sessions: [] });
    expect(avecRecrutements(diffusee, new Map())).toEqual(diffusee);
  });
});

describe('effetRecrutement', () => {
  const fermer = new Map([[a, 'ferme'] as const]);
  it('no revision open: the diffused version closed, its change', () => {
    const e = effetRecrutement(diffusee, diffusee, fermer, false);
    expect(e).toMatchObject({ revision: null, revisionAbandonnee: false });
    expect(e!.changes.map((c) => c.champ)).toEqual([`sessions[${a}].etat_recrutement`]);
    expect(e!.diffusee).toEqual(etat(diffusee, a, 'ferme'));
  });
  it('a revision proposing something else carries the state', () => {
    const revision = { ...etat(diffusee, a, 'suspendu'), intitule: 'CAP Pâtissier' };
    const e = effetRecrutement(diffusee, revision, fermer, true);
    expect(e).toMatchObject({ revisionAbandonnee: false, revision: { ...etat(revision, a, 'ferme') } });
  });
  it('a revision that only proposed these sessions’ recruitment: abandoned', () => {
    const e = effetRecrutement(diffusee, etat(diffusee, a, 'suspendu'), fermer, true);
    expect(e).toMatchObject({ revision: null, revisionAbandonnee: true });
  });
  it('the diffused version unchanged (already closed): null, not the rule’s', () => {
    const fermee = etat(diffusee, a, 'ferme');
    expect(effetRecrutement(fermee, etat(fermee, a, 'ouvert'), fermer, true)).toBeNull();
  });
});
