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

/** An organisme account whose structure is not validated, as it reads about itself. */
export interface CompteNonValide {
  /** `en_attente`: the sign-up waits; `structure_refusee`: it was refused (the account was kept). */
  readonly etat: 'en_attente' | 'structure_refusee';
  readonly structure: string | null;
  readonly siren: string | null;
  readonly region: string | null;
}

/**
 * What the account itself is told (its /compte page, the pages it may not open): the refusal and
 * what to do when its structure's sign-up was refused — never that it waits — else that it waits.
 * `code` is the pages' refusal code (docs/api.md).
 */
export function avisCompteNonValide(c: CompteNonValide): {
  readonly code: 'COMPTE_EN_ATTENTE' | 'COMPTE_STRUCTURE_REFUSEE';
  readonly titre: string;
  readonly message: string;
  /** What to do, after the message (the refused case only). */
  readonly suite: string | null;
} {
  if (c.etat === 'en_attente')
    return {
      code: 'COMPTE_EN_ATTENTE',
      titre: 'Compte en attente de validation',
      message:
        'L’inscription de votre structure attend d’être examinée (par un gestionnaire de votre région, ou par l’administration d’Offre si votre région n’en a pas). Vous recevrez un courriel dès qu’elle sera validée.',
      suite: null,
    };
  const structure = c.structure
    ? `votre structure ${c.structure}${c.siren ? ` (SIREN ${c.siren})` : ''}`
    : 'votre structure';
  const region = c.region ? `de la région ${nomRegion(c.region)}` : 'de sa région';
  return {
    code: 'COMPTE_STRUCTURE_REFUSEE',
    titre: 'Inscription de la structure refusée',
    message: `L’inscription de ${structure} a été refusée : votre compte ne donne accès à aucune offre.`,
    suite: `Contactez le Carif-Oref ${region} pour en connaître le motif. La structure peut s’inscrire de nouveau (« Créer un compte pour ma structure », avec une autre adresse électronique que celle de ce compte) : dès que cette inscription sera validée, votre compte s’ouvrira et vous recevrez un courriel.`,
  };
}
