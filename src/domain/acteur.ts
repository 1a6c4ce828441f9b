import { nomRegion } from './geo.ts';
import { enumeration } from './pluriel.ts';

// Who acts: every service call names its actor; access rules read it.

export const ROLES = ['organisme', 'gestionnaire', 'instructeur', 'prescripteur', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** How roles are named to people (codes are stored; labels live here): pages and e-mails. */
export const LIBELLES_ROLES: Readonly<Record<Role, string>> = {
  organisme: 'Organisme de formation',
  gestionnaire: 'Gestionnaire (Carif-Oref)',
  instructeur: 'Instructeur (académie)',
  prescripteur: 'Prescripteur',
  admin: 'Administrateur',
};
/** The scope fields of an account: régions (a gestionnaire's) and académies (an instructeur's). */
export type ChampPerimetre = 'regions' | 'academies';
/** The role each scope field is for. */
const ROLE_DU_PERIMETRE: Readonly<Record<ChampPerimetre, Role>> = {
  regions: 'gestionnaire',
  academies: 'instructeur',
};
/**
 * The scope fields typed for `role` that it does not use (régions but for a gestionnaire,
 * académies but for an instructeur): not kept, and the administrator is told
 * (messagePerimetreIgnore). At `creation`, an organisme's région is used: it places its new
 * structure when the reference data do not (utilisateur.service.ts createUtilisateur).
 */
export function perimetreIgnore(
  role: string,
  saisi: Readonly<Record<ChampPerimetre, string | undefined>>,
  creation = false,
): ChampPerimetre[] {
  return (['regions', 'academies'] as const).filter(
    (c) =>
      !!saisi[c]?.trim() &&
      ROLE_DU_PERIMETRE[c] !== role &&
      !(creation && c === 'regions' && role === 'organisme'),
  );
}
/** What the page says of a scope field typed for a role that does not use it. */
export const messagePerimetreIgnore = (c: ChampPerimetre): string =>
  c === 'regions'
    ? 'Les régions saisies ne s’appliquent qu’à un gestionnaire : elles n’ont pas été gardées pour ce rôle.'
    : 'Les académies saisies ne s’appliquent qu’à un instructeur : elles n’ont pas été gardées pour ce rôle.';
export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];
/** The longest name of an API key, in characters (form, API and `offre apikey add` alike). */
export const NOM_CLE_MAX = 200;

export type Acteur =
  | { readonly kind: 'anonyme' }
  | {
      readonly kind: 'utilisateur';
      readonly id: string;
      readonly email: string;
      /** The person's name as shown in the page header (the e-mail when none was given). */
      readonly nom: string;
      readonly role: Role;
      /** organisme: its structure's SIREN (an active structure only: pending ones get no actor). */
      readonly siren: string | null;
      /** gestionnaire: the régions it manages (INSEE codes); empty for other roles. */
      readonly regions: readonly string[];
      /** instructeur: its académies (codes); empty for other roles. */
      readonly academies: readonly string[];
    }
  | {
      readonly kind: 'cle';
      readonly id: string;
      readonly name: string;
      readonly scope: Scope;
      readonly siren: string | null;
      /** The partner profiles whose files the key may read (docs/partenaires.md); none when absent. */
      readonly profils?: readonly string[];
    }
  | { readonly kind: 'systeme'; readonly label: string };

/** The stored label of a user's account (acteurLabel's form): `utilisateur:<e-mail>`. */
export const labelUtilisateur = (email: string): string => `utilisateur:${email}`;

/** How the actor is written in history ("who"). */
export function acteurLabel(a: Acteur): string {
  switch (a.kind) {
    case 'anonyme':
      return 'anonyme';
    case 'utilisateur':
      return labelUtilisateur(a.email);
    case 'cle':
      return `cle:${a.name}`;
    case 'systeme':
      return `systeme:${a.label}`;
  }
}

export const SYSTEME = (label: string): Acteur => ({ kind: 'systeme', label });

/**
 * Offre's own actors (`systeme:<what>`) as a person reads them; another one reads « Offre (<what>) ».
 * The command line's imports are named by the line of command (the import itself is said by
 * the history, espace/libelles.ts `auteurEtOrigine`).
 */
const SYSTEMES: Readonly<Record<string, string>> = {
  demo: 'Offre (données de démonstration)',
  cli: 'la ligne de commande',
  'import-lheo': 'la ligne de commande',
  'import-classeur': 'la ligne de commande',
  migration: 'Offre (migration des données)',
  conformite: 'Offre (calcul de conformité)',
};

/**
 * A person as every page names it: « Inès Martin (ines@carif.test) »; the e-mail alone when the
 * account has no name of its own (none, or its e-mail: an Acteur's `nom` is then the e-mail).
 */
export function nomPersonne(email: string, nom?: string | null): string {
  return nom && nom !== email ? `${nom} (${email})` : email;
}

/**
 * A person and what it is on the platform (nomPersonne, then its role): « Inès Martin
 * (ines@carif.test), gestionnaire de la région Auvergne-Rhône-Alpes », « …, gestionnaire des
 * régions … et … », « …, administrateur de la plateforme »; the person alone for another role.
 * How the Imports pages name who imported for an organisme.
 */
export function personneEtRole(a: Acteur & { kind: 'utilisateur' }): string {
  const qui = nomPersonne(a.email, a.nom);
  if (a.role === 'admin') return `${qui}, administrateur de la plateforme`;
  if (a.role !== 'gestionnaire') return qui;
  const regions = (a.regions ?? []).map(nomRegion);
  return regions.length === 0
    ? `${qui}, gestionnaire`
    : `${qui}, gestionnaire ${regions.length === 1 ? 'de la région' : 'des régions'} ${enumeration(regions)}`;
}

/**
 * `utilisateur:ines@ac-lyon.fr` → « Inès Martin (ines@ac-lyon.fr) » (the e-mail alone if the account
 * has no name); `cle:SI Parcoursup` → « l’API (clé « SI Parcoursup ») » (as the history's « via l’API (clé « … ») »); `systeme:demo` → « Offre (données
 * de démonstration) », `systeme:cli` → « la ligne de commande » (SYSTEMES). The one label of an
 * actor on every page.
 */
export function auteur(acteur: string, noms: ReadonlyMap<string, string>): string {
  const [k, ...r] = acteur.split(':');
  const v = r.join(':');
  if (k === 'utilisateur') return nomPersonne(v, noms.get(acteur));
  if (k === 'cle') return `l’API (clé « ${v} »)`;
  if (k === 'systeme') return SYSTEMES[v] ?? `Offre (${v})`;
  return acteur;
}
