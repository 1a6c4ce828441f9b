import { describe, expect, it } from 'vitest';
import { rng } from '../../demo/prng.ts';
import { type FormationIndexee, findDoublon, indexVoisines, sansFormations, voisinesDe } from './doublon.ts';
import { contexte, faits, formation, organisme, SIRET_FORM, SIRET_RESP, session } from './regles.fixture.ts';
import { checkFormation } from './regles.ts';
import type { FormationAControler } from './types.ts';

// Issue 15, defect 5: FORM_DOUBLON through the index gives what the former pairwise comparison
// gave. The oracle below is that former algorithm (every other live formation of the same
// responsable, codes and formateur, in id order; the first session of f overlapping one of its
// sessions at the same INSEE code), run on a small random offer with many near-duplicates.

interface Cas {
  readonly f: FormationAControler;
  readonly vivante: boolean;
  readonly archivees: ReadonlySet<string>; // ids of archived sessions
}

const chevauche = (
  a: { debut: string | null; fin: string | null },
  b: { debut: string | null; fin: string | null },
) => !!a.debut && !!a.fin && !!b.debut && !!b.fin && a.debut <= b.fin && b.debut <= a.fin;

/** The pairwise algorithm FORM_DOUBLON used before the index. */
function avant(f: FormationAControler, tous: readonly Cas[]) {
  if (!f.responsable || (!f.code_rncp && !f.code_cfd)) return null;
  const voisines = tous
    .filter(
      (c) =>
        c.vivante &&
        c.f.id !== f.id &&
        c.f.responsable?.siret === f.responsable!.siret &&
        c.f.code_rncp === f.code_rncp &&
        c.f.code_cfd === f.code_cfd &&
        (c.f.formateur?.siret ?? null) === (f.formateur?.siret ?? null),
    )
    .sort((a, b) => (a.f.id < b.f.id ? -1 : 1));
  for (const v of voisines) {
    const sessions = v.f.sessions.filter((s) => !v.archivees.has(s.id));
    for (const s of f.sessions) {
      const autre = sessions.find((o) => o.code_insee && o.code_insee === s.code_insee && chevauche(o, s));
      if (autre)
        return {
          id: v.f.id,
          intitule: v.f.intitule,
          cle_externe: v.f.cle_externe,
          code_insee: s.code_insee!,
        };
    }
  }
  return null;
}

function offre(graine: number, n: number): Cas[] {
  const r = rng(graine);
  const dates = [
    ['2026-09-01', '2028-06-30'],
    ['2027-09-01', '2029-06-30'],
    ['2028-09-01', '2029-06-30'],
    ['2026-01-01', '2026-08-31'],
    [null, '2028-06-30'],
    ['2026-09-01', null],
  ] as const;
  return Array.from({ length: n }, (_, i) => {
    const sessions = Array.from({ length: r.int(0, 3) }, (_, k) => {
      const [debut, fin] = r.pick(dates);
      return session({ id: `s${i}-${k}`, debut, fin, code_insee: r.pick(['35238', '69381', '13055', null]) });
    });
    return {
      // Ids not in creation order: the index must sort them as the store did.
      f: formation({
        id: `f${String((i * 37) % n).padStart(3, '0')}`,
        intitule: `Formation ${i}`,
        responsable: r.chance(0.95) ? organisme(r.pick([SIRET_RESP, '13002526500013'])) : null,
        code_rncp: r.pick(['RNCP38362', 'RNCP1', null]),
        code_cfd: r.pick(['32031213', null]),
        formateur: r.chance(0.8) ? organisme(r.pick([SIRET_FORM, SIRET_RESP])) : null,
        sessions,
      }),
      vivante: r.chance(0.85),
      archivees: new Set(sessions.filter(() => r.chance(0.15)).map((s) => s.id)),
    };
  });
}

// What the store loads: live formations, their sessions that are not archived.
const indexDe = (tous: readonly Cas[]) =>
  indexVoisines(
    tous
      .filter((c) => c.vivante)
      .map((c) => ({
        id: c.f.id,
        intitule: c.f.intitule,
        cle_externe: c.f.cle_externe,
        responsable_siret: c.f.responsable?.siret ?? null,
        code_rncp: c.f.code_rncp,
        code_cfd: c.f.code_cfd,
        formateur_siret: c.f.formateur?.siret ?? null,
        sessions: c.f.sessions.filter((s) => !c.archivees.has(s.id)),
      })),
  );

describe('FORM_DOUBLON by index (issue 15, defect 5)', () => {
  it.each([1, 2, 3, 4, 5])('gives the same duplicate as the pairwise comparison (offer %i)', (graine) => {
    const tous = offre(graine, 120);
    const index = indexDe(tous);
    const attendus = tous.map((c) => avant(c.f, tous));
    // The random offer has both outcomes, many times.
    expect(attendus.filter(Boolean).length).toBeGreaterThan(10);
    expect(attendus.filter((x) => !x).length).toBeGreaterThan(10);
    expect(tous.map((c) => findDoublon(c.f, index))).toEqual(attendus);
  });
});

describe('voisinesDe: the formations whose FORM_DOUBLON may read a formation', () => {
  it.each([1, 2, 3])(
    'holds every formation that names it, and only overlapping ones (offer %i)',
    (graine) => {
      const tous = offre(graine, 120);
      const index = indexDe(tous);
      const vivantes = tous.filter((c) => c.vivante);
      let nommees = 0;
      for (const c of vivantes) {
        const f = { ...c.f, sessions: c.f.sessions.filter((s) => !c.archivees.has(s.id)) };
        const v = voisinesDe(f, index);
        // Each formation naming f as its duplicate is among its neighbours.
        for (const g of vivantes)
          if (
            findDoublon({ ...g.f, sessions: g.f.sessions.filter((s) => !g.archivees.has(s.id)) }, index)
              ?.id === f.id
          ) {
            nommees++;
            expect(v).toContain(g.f.id);
          }
        // And each neighbour overlaps it (the relation is symmetric).
        for (const id of v) {
          const g = vivantes.find((x) => x.f.id === id)!;
          const gs = { ...g.f, sessions: g.f.sessions.filter((s) => !g.archivees.has(s.id)) };
          expect(voisinesDe(gs, index)).toContain(f.id);
        }
        expect(v).toEqual([...new Set(v)].sort());
      }
      expect(nommees).toBeGreaterThan(5);
    },
  );
});

describe('sansFormations: FORM_DOUBLON as a reader who may not read some formations sees it', () => {
  it.each([1, 2, 3])('equals the index of the offer without them (offer %i)', (graine) => {
    const tous = offre(graine, 120);
    const index = indexDe(tous);
    const cachees = new Set(tous.filter((_, i) => i % 3 === 0).map((c) => c.f.id));
    const restantes = tous.filter((c) => !cachees.has(c.f.id));
    const attendus = tous.map((c) => findDoublon(c.f, indexDe(restantes)));
    // Hiding changes some answers (a formation named before is no longer), not all.
    const avantMasque = tous.map((c) => findDoublon(c.f, index));
    expect(attendus).not.toEqual(avantMasque);
    expect(tous.map((c) => findDoublon(c.f, sansFormations(index, cachees)))).toEqual(attendus);
    // The next duplicate a reader may read is named, never a hidden one.
    for (const d of tous.map((c) => findDoublon(c.f, sansFormations(index, cachees))))
      if (d) expect(cachees.has(d.id)).toBe(false);
  });

  it('hides nothing when no formation is hidden (same index)', () => {
    const index = indexDe(offre(1, 20));
    expect(sansFormations(index, new Set())).toBe(index);
  });
});

// FORM_DOUBLON and offers of the same title (RULES.md: « another formation of the same responsable
// has the same certification, formateur and place (INSEE commune) with overlapping sessions »).
// The title plays no part: the same BTS at another commune, under another RNCP or CFD, with another
// formateur or for another rentrée is a distinct offer and passes; two offers alike in all four
// with overlapping sessions are the rule's probable duplicate (an alerte, never a block), whatever
// their titles — two rythmes of one BTS at one place are one formation with two sessions.
describe('FORM_DOUBLON and two offers of the same title', () => {
  const intitule = 'BTS Management commercial opérationnel';
  const soeur = (
    o: Partial<FormationIndexee> = {},
    s: Parameters<typeof session>[0] = {},
  ): FormationIndexee => ({
    id: 'f2',
    intitule,
    cle_externe: 'BTS-MCO-2',
    responsable_siret: SIRET_RESP,
    code_rncp: 'RNCP38362',
    code_cfd: '32031213',
    formateur_siret: SIRET_FORM,
    sessions: [session({ debut: '2026-09-15', fin: '2028-06-30', ...s })],
    ...o,
  });
  const doublonAvec = (v: FormationIndexee) =>
    checkFormation(formation({ intitule }), contexte(faits({ voisines: indexVoisines([v]) }))).find(
      (r) => r.code === 'FORM_DOUBLON',
    )!;

  it.each([
    [
      'at another place (INSEE commune)',
      soeur({}, { code_postal: '29200', commune: 'Brest', code_insee: '29019' }),
    ],
    ['under another RNCP', soeur({ code_rncp: 'RNCP35801' })],
    ['under another CFD', soeur({ code_cfd: '32031299' })],
    ['with another formateur', soeur({ formateur_siret: SIRET_RESP })],
    [
      'for another rentrée (sessions that do not overlap)',
      soeur({}, { debut: '2028-09-01', fin: '2030-06-30' }),
    ],
  ])('passes for the same title %s', (_, v) => {
    expect(doublonAvec(v).resultat).toBe('passe');
  });

  it('flags, as an alerte naming the other offer by title and reference, the same certification, formateur and place over overlapping dates', () => {
    const r = doublonAvec(soeur());
    expect(r).toMatchObject({ resultat: 'echec', severite: 'alerte', formation_liee: 'f2' });
    expect(r.message).toBe(
      'Doublon probable avec la formation « BTS Management commercial opérationnel » (référence externe BTS-MCO-2) : même responsable, certification, formateur et commune (Rennes, code INSEE 35238), sessions qui se chevauchent. Fusionnez-les (une formation, plusieurs sessions) ou archivez l’une d’elles.',
    );
    // A different title changes nothing: the rule never compares titles.
    expect(doublonAvec(soeur({ intitule: 'BTS MCO en alternance' })).resultat).toBe('echec');
  });
});
