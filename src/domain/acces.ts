import type { Acteur, Role } from './acteur.ts';
import { OffreError } from './errors.ts';

// Who sees and touches which offers (docs/contrat.md): pure, so the rules are unit-tested and the
// repository only translates them into SQL.

/** What a reader may see: everything, or the diffused offer plus its own SIREN's / régions'. */
export type Visibilite =
  | { readonly kind: 'tout' }
  | { readonly kind: 'diffusee'; readonly siren: string | null; readonly regions: readonly string[] }
  /** Only the actor's own SIREN / régions, diffused or not: what it may change. */
  | { readonly kind: 'perimetre'; readonly siren: string | null; readonly regions: readonly string[] };

const AUCUNE: readonly string[] = Object.freeze([]);

export function visibiliteOf(a: Acteur): Visibilite {
  switch (a.kind) {
    case 'systeme':
      return { kind: 'tout' };
    case 'cle':
      if (a.scope === 'admin') return { kind: 'tout' };
      return { kind: 'diffusee', siren: a.scope === 'write' ? a.siren : null, regions: AUCUNE };
    case 'utilisateur':
      if (a.role === 'admin') return { kind: 'tout' };
      if (a.role === 'gestionnaire') return { kind: 'diffusee', siren: null, regions: a.regions };
      return { kind: 'diffusee', siren: a.role === 'organisme' ? a.siren : null, regions: AUCUNE };
    case 'anonyme':
      return { kind: 'diffusee', siren: null, regions: AUCUNE };
  }
}

/** Administrators: people with the admin role, admin API keys, and the system itself (CLI, jobs). */
export function isAdministrateur(a: Acteur): boolean {
  return (
    a.kind === 'systeme' ||
    (a.kind === 'cle' && a.scope === 'admin') ||
    (a.kind === 'utilisateur' && a.role === 'admin')
  );
}

/** The offers `a` may change: everything (administrators), its régions (gestionnaire), its SIREN, or none. */
export function perimetreOf(a: Acteur): Visibilite | null {
  if (isAdministrateur(a)) return { kind: 'tout' };
  if (a.kind === 'utilisateur' && a.role === 'gestionnaire')
    return a.regions.length ? { kind: 'perimetre', siren: null, regions: a.regions } : null;
  const siren = sirenLie(a);
  return siren ? { kind: 'perimetre', siren, regions: AUCUNE } : null;
}

/** Validates publications and applies revisions: gestionnaires, administrators, the system. */
export function isValidateur(a: Acteur): boolean {
  return isAdministrateur(a) || (a.kind === 'utilisateur' && a.role === 'gestionnaire');
}

/** The SIREN an actor is bound to, if any (organisation key or user). */
export function sirenLie(a: Acteur): string | null {
  if (a.kind === 'cle' && a.scope === 'write') return a.siren;
  if (a.kind === 'utilisateur' && a.role === 'organisme') return a.siren;
  return null;
}

/**
 * May `a` create or change an offer owned by `siren` whose live sessions are in `regions` (INSEE
 * codes)? Administrators, admin keys and the system: any offer. A gestionnaire: an offer with a
 * session in one of its régions; when `regions` is not given (the offer is not known yet, e.g. a
 * workbook row), any gestionnaire with a région, and the write service then checks the offer it
 * produces (formation.service `writeFormation`). Organisations: their own SIREN.
 */
export function canWrite(a: Acteur, siren: string | null, regions?: readonly string[]): boolean {
  if (a.kind === 'utilisateur' && a.role === 'gestionnaire')
    return regions === undefined ? a.regions.length > 0 : regions.some((r) => a.regions.includes(r));
  if (isValidateur(a)) return true;
  const own = sirenLie(a);
  return own !== null && siren === own;
}

/** Is a formation with this owner / status / catalogue visible to `v`? (Same rule as the SQL.) */
export function isVisible(
  v: Visibilite,
  f: { siren_proprietaire: string; statut: string; catalogue: string | null; regions?: readonly string[] },
): boolean {
  if (v.kind === 'tout') return true;
  if (v.kind === 'diffusee' && f.statut === 'publiee' && f.catalogue === 'general') return true;
  if (v.siren && f.siren_proprietaire === v.siren) return true;
  return v.regions.some((r) => (f.regions ?? []).includes(r));
}

/** Does the signed-in user `a` hold one of `roles`? (The page guard `requireRole` uses it.) */
export function aRole<R extends Role>(
  a: Acteur,
  roles: readonly R[],
): a is Acteur & { kind: 'utilisateur'; role: R } {
  return a.kind === 'utilisateur' && (roles as readonly Role[]).includes(a.role);
}

/**
 * May `a` decide on a structure of `regions` (its sign-up: the régions of `regionsDeDecision`;
 * its establishments: its région)? Gestionnaires of one of them, administrators and the system
 * (CLI). A structure without a région: administrators only.
 */
export function canDecideStructure(a: Acteur, regions: string | null | readonly string[]): boolean {
  if (a.kind === 'systeme' || (a.kind === 'utilisateur' && a.role === 'admin')) return true;
  const liste = typeof regions === 'string' ? [regions] : (regions ?? []);
  return a.kind === 'utilisateur' && a.role === 'gestionnaire' && liste.some((r) => a.regions.includes(r));
}

/** May `a` invite colleagues into the structure `siren`? Its own active users, and administrators. */
export function canInvite(a: Acteur, siren: string): boolean {
  if (a.kind === 'systeme' || (a.kind === 'utilisateur' && a.role === 'admin')) return true;
  return a.kind === 'utilisateur' && a.role === 'organisme' && a.siren === siren;
}

/**
 * A list filter on what `a` cannot see (GET /formations `statut` other than publiee, `catalogue`
 * non_reglementaire): anonymous readers, read keys and prescripteurs see only diffused offers, so the
 * filter would answer an empty list that reads as "none exist". Refused (403 FILTRE_HORS_ACCES) instead;
 * null when the filter is one `a` may use.
 */
export function filtreHorsAcces(
  a: Acteur,
  f: { readonly statut?: string; readonly catalogue?: string },
): OffreError | null {
  const v = visibiliteOf(a);
  if (v.kind === 'tout' || v.siren || v.regions.length > 0) return null;
  const [champ, valeur] =
    f.statut && f.statut !== 'publiee'
      ? ['statut', f.statut]
      : f.catalogue && f.catalogue !== 'general'
        ? ['catalogue', f.catalogue]
        : [null, null];
  if (!champ) return null;
  return new OffreError(
    'FILTRE_HORS_ACCES',
    `Filtre « ${champ}=${valeur} » hors de votre accès : ${a.kind === 'anonyme' ? 'sans clé, on ne voit' : 'cette clé ne voit'} que les formations diffusées (publiées, au Catalogue général). Une clé « write » voit toutes les formations de son SIREN, une clé « admin » toutes.`,
    { champ },
    403,
  );
}
