import type { FormationAControler, IndexVoisines, SessionVoisine } from './types.ts';

// FORM_DOUBLON's lookup: the live formations of the same responsable, certification codes and
// formateur, their sessions indexed by INSEE code. Built once per batch in linear time and space:
// comparing every pair of a large organisation's similar formations was quadratic (issue 15,
// defect 5: 3,000 new workbook rows took 83 s and 2.6 GB).

/** A live formation and its sessions, as the store gives them to `indexVoisines`. */
export interface FormationIndexee {
  readonly id: string;
  readonly intitule: string | null;
  /** The external reference: how the message names it beside its title (never by its id). */
  readonly cle_externe: string | null;
  readonly responsable_siret: string | null;
  readonly code_rncp: string | null;
  readonly code_cfd: string | null;
  readonly formateur_siret: string | null;
  readonly sessions: readonly { debut: string | null; fin: string | null; code_insee: string | null }[];
}

/** The group of formations that may duplicate each other (the same four values, nulls equal). */
export const cleGroupe = (
  responsable: string | null,
  rncp: string | null,
  cfd: string | null,
  formateur: string | null,
): string => JSON.stringify([responsable, rncp, cfd, formateur]);

export function indexVoisines(formations: Iterable<FormationIndexee>): IndexVoisines {
  const index = new Map<string, Map<string, SessionVoisine[]>>();
  const ordonnees = [...formations].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const f of ordonnees) {
    if (!f.responsable_siret) continue;
    const cle = cleGroupe(f.responsable_siret, f.code_rncp, f.code_cfd, f.formateur_siret);
    let parLieu = index.get(cle);
    for (const s of f.sessions) {
      if (!s.code_insee) continue;
      if (!parLieu) {
        parLieu = new Map();
        index.set(cle, parLieu);
      }
      const l = parLieu.get(s.code_insee);
      const v = {
        formation_id: f.id,
        intitule: f.intitule,
        cle_externe: f.cle_externe,
        debut: s.debut,
        fin: s.fin,
      };
      if (l) l.push(v);
      else parLieu.set(s.code_insee, [v]);
    }
  }
  return index;
}

const chevauche = (
  a: { debut: string | null; fin: string | null },
  b: { debut: string | null; fin: string | null },
) => !!a.debut && !!a.fin && !!b.debut && !!b.fin && a.debut <= b.fin && b.debut <= a.fin;

/** The formation a formation probably duplicates, and the place where their sessions overlap. */
export interface Doublon {
  readonly id: string;
  readonly intitule: string | null;
  readonly cle_externe: string | null;
  readonly code_insee: string;
}

/**
 * The other live formation `f` probably duplicates: the one of smallest id among those of its
 * group with a session at the same place over overlapping dates, and the place of `f`'s first
 * session that overlaps it. Null: none.
 */
export function findDoublon(
  f: Pick<FormationAControler, 'id' | 'responsable' | 'code_rncp' | 'code_cfd' | 'formateur' | 'sessions'>,
  index: IndexVoisines,
): Doublon | null {
  if (!f.responsable || (!f.code_rncp && !f.code_cfd)) return null;
  const parLieu = index.get(
    cleGroupe(f.responsable.siret, f.code_rncp, f.code_cfd, f.formateur?.siret ?? null),
  );
  if (!parLieu) return null;
  let meilleur: Doublon | null = null;
  for (const s of f.sessions) {
    if (!s.code_insee) continue;
    // In id order: the first overlap found is this session's smallest; past the best so far, stop.
    for (const o of parLieu.get(s.code_insee) ?? []) {
      if (meilleur && o.formation_id >= meilleur.id) break;
      if (o.formation_id === f.id || !chevauche(o, s)) continue;
      meilleur = {
        id: o.formation_id,
        intitule: o.intitule,
        cle_externe: o.cle_externe,
        code_insee: s.code_insee,
      };
      break;
    }
  }
  return meilleur;
}

/**
 * The other live formations whose FORM_DOUBLON may read `f`: those of its group (index built with
 * `f`'s group, after its write) with a session at the same INSEE code as one of `f`'s sessions
 * over overlapping dates. Ids, each once, in id order; empty when `f` has no group.
 */
export function voisinesDe(
  f: Pick<FormationAControler, 'id' | 'responsable' | 'code_rncp' | 'code_cfd' | 'formateur' | 'sessions'>,
  index: IndexVoisines,
): string[] {
  if (!f.responsable || (!f.code_rncp && !f.code_cfd)) return [];
  const parLieu = index.get(
    cleGroupe(f.responsable.siret, f.code_rncp, f.code_cfd, f.formateur?.siret ?? null),
  );
  if (!parLieu) return [];
  const out = new Set<string>();
  for (const s of f.sessions) {
    if (!s.code_insee) continue;
    for (const o of parLieu.get(s.code_insee) ?? [])
      if (o.formation_id !== f.id && chevauche(o, s)) out.add(o.formation_id);
  }
  return [...out].sort();
}

/**
 * `index` without the sessions of the formations `ids`: FORM_DOUBLON as a reader who may not read
 * them sees it (services/conformite.service.ts). `index` itself when `ids` is empty.
 */
export function sansFormations(index: IndexVoisines, ids: ReadonlySet<string>): IndexVoisines {
  if (ids.size === 0) return index;
  const out = new Map<string, Map<string, SessionVoisine[]>>();
  for (const [cle, parLieu] of index) {
    const lieux = new Map<string, SessionVoisine[]>();
    for (const [insee, sessions] of parLieu) {
      const restent = sessions.filter((s) => !ids.has(s.formation_id));
      if (restent.length > 0) lieux.set(insee, restent);
    }
    if (lieux.size > 0) out.set(cle, lieux);
  }
  return out;
}
