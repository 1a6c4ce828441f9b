import { libelleDepartement } from './departements.ts';
import type { Change } from './diff.ts';

// The gestionnaire's validation queue and review, pure: filters and counts over the queue's
// lines, the age of a submission, and a field-level diff read as the sessions it adds, removes
// or changes.

export interface LigneFile {
  readonly id: string;
  readonly intitule: string | null;
  readonly siren: string;
  readonly organisme: string | null;
  /** Catalogue verdict; of a revision's row, the published version's (its own is on its review page). */
  readonly catalogue: string | null;
  readonly apprentissage: boolean | null;
  readonly nature: 'nouvelle' | 'revision';
  readonly depuis: Date;
  readonly inchangee: boolean;
  readonly departements: readonly string[];
}

/** Filters of the queue page; an empty or absent value does not filter. */
export interface FiltresFile {
  readonly organisme?: string;
  readonly departement?: string;
  /** 'apprentissage' (contrat d'apprentissage) or 'autre'. */
  readonly type?: string;
  /** Catalogue verdict: 'general', 'non_reglementaire', or 'non_calcule' (not computed yet); a revision's: the published version's. */
  readonly verdict?: string;
  readonly nature?: string;
}

export const typeOffre = (l: Pick<LigneFile, 'apprentissage'>) =>
  l.apprentissage ? 'apprentissage' : 'autre';
export const verdictDe = (l: Pick<LigneFile, 'catalogue'>) => l.catalogue ?? 'non_calcule';

export function filterFile(lignes: readonly LigneFile[], f: FiltresFile): LigneFile[] {
  return lignes.filter(
    (l) =>
      (!f.organisme || l.siren === f.organisme) &&
      (!f.departement || l.departements.includes(f.departement)) &&
      (!f.type || typeOffre(l) === f.type) &&
      (!f.verdict || verdictDe(l) === f.verdict) &&
      (!f.nature || l.nature === f.nature),
  );
}

export interface ComptesFile {
  readonly total: number;
  readonly nouvelles: number;
  readonly revisions: number;
  readonly inchangees: number;
  readonly parVerdict: Readonly<Record<string, number>>;
}

export function countLignesFile(lignes: readonly LigneFile[]): ComptesFile {
  const parVerdict: Record<string, number> = {};
  for (const l of lignes) parVerdict[verdictDe(l)] = (parVerdict[verdictDe(l)] ?? 0) + 1;
  return {
    total: lignes.length,
    nouvelles: lignes.filter((l) => l.nature === 'nouvelle').length,
    revisions: lignes.filter((l) => l.nature === 'revision').length,
    inchangees: lignes.filter((l) => l.inchangee).length,
    parVerdict,
  };
}

/** Whole days between `depuis` and `now` (0 the same day). */
export const ageJours = (depuis: Date, now: Date) =>
  Math.max(0, Math.floor((now.getTime() - depuis.getTime()) / 86_400_000));

// One collator for every comparison: `localeCompare(x, 'fr')` builds one per call (a sort of a
// région's queue made thousands).
const FR = new Intl.Collator('fr');

/** The organismes and départements present in the queue, for the filter lists. */
export function facettes(lignes: readonly LigneFile[]) {
  const organismes = new Map<string, { nom: string; departements: Set<string> }>();
  const departements = new Set<string>();
  for (const l of lignes) {
    const o = organismes.get(l.siren) ?? { nom: l.organisme ?? l.siren, departements: new Set<string>() };
    organismes.set(l.siren, o);
    for (const d of l.departements) {
      departements.add(d);
      o.departements.add(d);
    }
  }
  // Two SIRENs of the same name (two lycées « Marie Curie »): each says its offers' départements
  // and its SIREN, so the gestionnaire can tell which is which.
  const noms = new Map<string, number>();
  for (const o of organismes.values()) noms.set(o.nom, (noms.get(o.nom) ?? 0) + 1);
  const libelle = (siren: string, o: { nom: string; departements: Set<string> }) =>
    (noms.get(o.nom) ?? 0) < 2
      ? o.nom
      : `${o.nom} (${[...[...o.departements].sort().map(libelleDepartement), `SIREN ${siren}`].join(', ')})`;
  return {
    organismes: [...organismes]
      .map(([siren, o]): [string, string] => [siren, libelle(siren, o)])
      .sort((a, b) => FR.compare(a[1], b[1])),
    departements: [...departements].sort(),
  };
}

/** A diff split into the offer's own fields and its sessions, each session added, removed or changed. */
export interface DiffLu {
  readonly champs: readonly Change[];
  readonly sessions: readonly {
    readonly id: string;
    readonly etat: 'ajoutee' | 'supprimee' | 'modifiee';
    readonly avant: unknown;
    readonly apres: unknown;
    /** For a changed session: its fields (paths relative to the session). */
    readonly champs: readonly Change[];
  }[];
}

const SESSION = /^sessions\[([^\]]+)\](?:\.(.+))?$/;

export function readDiff(changes: readonly Change[]): DiffLu {
  const champs: Change[] = [];
  const sessions = new Map<string, { avant: unknown; apres: unknown; champs: Change[]; entiere: boolean }>();
  for (const c of changes) {
    const m = SESSION.exec(c.champ);
    if (!m) {
      champs.push(c);
      continue;
    }
    const s = sessions.get(m[1]!) ?? { avant: null, apres: null, champs: [], entiere: false };
    if (m[2]) s.champs.push({ ...c, champ: m[2] });
    else Object.assign(s, { avant: c.avant, apres: c.apres, entiere: true });
    sessions.set(m[1]!, s);
  }
  return {
    champs,
    sessions: [...sessions].map(([id, s]) => ({
      id,
      etat: !s.entiere
        ? 'modifiee'
        : s.avant === null
          ? 'ajoutee'
          : s.apres === null
            ? 'supprimee'
            : 'modifiee',
      avant: s.avant,
      apres: s.apres,
      champs: s.champs,
    })),
  };
}

/**
 * Several successive diffs folded into one (first « avant », last « apres » of each field);
 * fields that came back to their first value disappear.
 */
export function mergeDiffs(diffs: readonly (readonly Change[])[]): Change[] {
  const m = new Map<string, { avant: unknown; apres: unknown }>();
  for (const d of diffs)
    for (const c of d) {
      const prev = m.get(c.champ);
      m.set(c.champ, { avant: prev ? prev.avant : c.avant, apres: c.apres });
    }
  return [...m]
    .filter(([, v]) => JSON.stringify(v.avant ?? null) !== JSON.stringify(v.apres ?? null))
    .map(([champ, v]) => ({ champ, ...v }));
}

/** The q-quantile (0–1) of `valeurs` by nearest rank; null when empty. */
export function quantile(valeurs: readonly number[], q: number): number | null {
  if (valeurs.length === 0) return null;
  const tri = [...valeurs].sort((a, b) => a - b);
  return tri[Math.min(tri.length - 1, Math.max(0, Math.ceil(q * tri.length) - 1))]!;
}
