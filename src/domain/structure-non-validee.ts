import { nomRegion } from './geo.ts';

// An organisme account whose structure is not validated sees nothing (docs/comptes.md): what the
// administrator is told when creating such an account (page /admin/utilisateurs and
// `offre user add`) and the account's state in the users list — one source for both.

/** A structure as the account's creation reads it. */
export interface StructureNonValidee {
  readonly siren: string;
  readonly raison_sociale: string;
  readonly region: string | null;
  /** `en_attente` (sign-up pending) or `refusee` (refused, kept for accounts an admin attached). */
  readonly statut: string;
}

/** The sentence that says why the new account will see nothing, French, ending with a dot. */
export function avisStructureNonValidee(s: StructureNonValidee): string {
  const structure = `${s.raison_sociale} (SIREN ${s.siren})`;
  const region = s.region ? `de la région ${nomRegion(s.region)}` : 'de sa région';
  return s.statut === 'refusee'
    ? `L’inscription de la structure ${structure} a été refusée : ce compte ne verra rien tant qu’une nouvelle inscription de la structure n’a pas été validée par un gestionnaire ${region}.`
    : `La structure ${structure} est en attente de validation : ce compte ne verra rien tant qu’un gestionnaire ${region} ne l’a pas validée.`;
}

/** A user's state in the users list: disabled, its organisme structure not validated, or active. */
export function etatCompte(u: {
  readonly actif: boolean;
  readonly role: string;
  readonly structure_statut?: string | null;
}): string {
  if (!u.actif) return 'Désactivé';
  if (u.role === 'organisme' && u.structure_statut === 'en_attente')
    return 'En attente (structure à valider)';
  if (u.role === 'organisme' && u.structure_statut === 'refusee') return 'Structure refusée';
  return 'Actif';
}
