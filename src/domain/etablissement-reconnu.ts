import { sirenLie } from './acces.ts';
import type { Acteur } from './acteur.ts';
import { erreurChamp } from './erreur-champ.ts';
import { OffreError } from './errors.ts';
import { sansEspaces, siretLisible } from './identifiants.ts';
import { connu } from './inconnu.ts';

// A writer bound to a SIREN (an organisation's user or `write` key) names establishments of other
// structures as co-contractors (responsable, formateur under its mandat) or partners. Writing a
// formation creates the `organisme` row of an establishment Offre does not store yet, with the
// name the writer gave, and GET /api/v1/organismes/{siret} and the pages show that row. So an
// establishment that no reference knows (Sirene, the DGEFP list, ACCE, a structure's sign-up) and
// that Offre does not store is only created by a writer when its SIREN is the writer's own, or
// unknown to Offre altogether (a co-contractor Offre never heard of: rule ORG_SIRET_INCONNU says
// so). Under another structure's known SIREN it would be an invented establishment of that
// structure (« PIRATE SARL » under a real CFA's SIREN, fresh user's report): refused,
// ETABLISSEMENT_NON_RECONNU (422), nothing stored. Gestionnaires and administrators (bound to no
// SIREN) keep their power to declare any establishment.

/** The roles of a formation that name an establishment, with the label forms and messages use. */
export const ROLES_ORGANISME = [
  ['responsable', 'Organisme responsable'],
  ['formateur', 'Organisme formateur'],
  ['mandataire', 'Mandataire'],
] as const;

export type RoleOrganisme = (typeof ROLES_ORGANISME)[number][0];

/** The establishments a write names, by role (an input or a snapshot: only `siret` is read). */
export type RolesEcrits = {
  readonly [R in RoleOrganisme]?: { readonly siret?: string | null } | null;
};

/** An establishment of another SIREN that the store does not hold: to look up before the write. */
export interface EtablissementAVerifier {
  readonly role: RoleOrganisme;
  readonly libelle: string;
  readonly siret: string;
}

/** A set as the checks read it (a Set, a Map's keys, or a union of both). */
export interface Ensemble {
  has(valeur: string): boolean;
}

/** What the store and the reference data say of the establishments to check. */
export interface FaitsEtablissements {
  /** SIRETs some reference knows (Sirene, DGEFP list by SIRET, ACCE, a structure's sign-up). */
  readonly reconnus: Ensemble;
  /** SIRENs Offre knows as a structure (stored establishments, Sirene, DGEFP list, accounts). */
  readonly sirensConnus: Ensemble;
}

/**
 * The establishments of `roles` that `acteur` names outside its own SIREN and that the store does
 * not hold (`enregistres`: the stored SIRETs), once each (the first role naming it); none for a
 * writer bound to no SIREN. Only those need the reference lookup (faitsEtablissements): a write of
 * one's own establishments costs no query.
 */
export function etablissementsAVerifier(
  acteur: Acteur,
  roles: RolesEcrits,
  enregistres: Ensemble,
): EtablissementAVerifier[] {
  const own = sirenLie(acteur);
  if (!own) return [];
  const vus = new Set<string>();
  const out: EtablissementAVerifier[] = [];
  for (const [role, libelle] of ROLES_ORGANISME) {
    const siret = sansEspaces(connu(roles[role]?.siret));
    if (!siret || siret.slice(0, 9) === own || enregistres.has(siret) || vus.has(siret)) continue;
    vus.add(siret);
    out.push({ role, libelle, siret });
  }
  return out;
}

/** Why the establishment `siret` is refused, as a sentence without its label (forms prefix theirs). */
export function messageEtablissementNonReconnu(siret: string): string {
  return `le SIRET ${siretLisible(siret)} n’est connu ni d’Offre ni des référentiels (Sirene, liste des organismes de formation, ACCE), et son SIREN ${siret.slice(0, 9)} est celui d’une autre structure : seule cette structure, ou un gestionnaire, peut y déclarer un nouvel établissement. Vérifiez le SIRET sur l’avis de situation Sirene de l’établissement (annuaire-entreprises.data.gouv.fr), ou demandez à cette structure de l’enregistrer`;
}

/**
 * The establishments of `aVerifier` refused: unknown to every reference, under another
 * structure's known SIREN (see above). Each with its field (`formateur.siret`…) and message.
 */
export function etablissementsNonReconnus(
  aVerifier: readonly EtablissementAVerifier[],
  faits: FaitsEtablissements,
): { champ: string; siret: string; message: string }[] {
  return aVerifier
    .filter((e) => !faits.reconnus.has(e.siret) && faits.sirensConnus.has(e.siret.slice(0, 9)))
    .map((e) => ({
      champ: `${e.role}.siret`,
      siret: e.siret,
      message: erreurChamp(e.libelle, messageEtablissementNonReconnu(e.siret)),
    }));
}

/**
 * The refusal of a write (API, LHEO, workbook, form) naming such establishments, or null:
 * ETABLISSEMENT_NON_RECONNU (422), `champ` the first one's field, `erreurs` every one (`champ`,
 * `code`, `message`); the message says nothing was stored.
 */
export function refusEtablissements(
  aVerifier: readonly EtablissementAVerifier[],
  faits: FaitsEtablissements,
): OffreError | null {
  return refusPour(etablissementsNonReconnus(aVerifier, faits));
}

/** The refusal of the establishments `refuses` (etablissementsNonReconnus), or null when none is. */
export function refusPour(refuses: readonly { champ: string; message: string }[]): OffreError | null {
  if (!refuses.length) return null;
  return new OffreError(
    'ETABLISSEMENT_NON_RECONNU',
    `${refuses.map((r) => r.message).join(' ')} Rien n’a été enregistré.`,
    {
      champ: refuses[0]!.champ,
      erreurs: refuses.map((r) => ({
        champ: r.champ,
        code: 'ETABLISSEMENT_NON_RECONNU',
        message: r.message,
      })),
    },
    422,
  );
}
