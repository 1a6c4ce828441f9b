import type { FastifyRequest } from 'fastify';
import { aRole } from '../../domain/acces.ts';
import type { Acteur, Role } from '../../domain/acteur.ts';
import { forbidden, OffreError } from '../../domain/errors.ts';
import { avisCompteNonValide } from '../../domain/structure-non-validee.ts';
import type { Compte } from '../../services/comptes/connexion.service.ts';

// Page guards. Call one on the first line of a page handler; they throw, and the pages' error
// handler (./erreurs.tsx) turns the error into the right answer:
//   - nobody signed in        → 303 to /connexion?retour=<this page>
//   - password to change      → 303 to /compte/mot-de-passe?retour=<this page>
//   - structure pending       → 403 page "Compte en attente de validation"
//   - structure refused       → 403 page "Inscription de la structure refusée" (what to do)
//   - another role            → 403 page "Accès refusé"

/** A signed-in, active user holding role R (typed: `u.siren`, `u.regions` are there). */
export type Utilisateur<R extends Role = Role> = Acteur & { kind: 'utilisateur'; role: R };

export const NON_CONNECTE = 'NON_CONNECTE';
export const MOT_DE_PASSE_A_CHANGER = 'MOT_DE_PASSE_A_CHANGER';
export const COMPTE_EN_ATTENTE = 'COMPTE_EN_ATTENTE';

/** Any signed-in account, whatever its state (account pages, sign-out). */
export function requireCompte(request: FastifyRequest): Compte {
  if (!request.compte)
    throw new OffreError(NON_CONNECTE, 'Connectez-vous pour accéder à cette page.', {}, 401);
  return request.compte;
}

/**
 * The signed-in user, if it holds one of `roles` and its account is usable; throws otherwise.
 * `requireRole(request, 'organisme')` → `Utilisateur<'organisme'>`.
 */
export function requireRole<R extends Role>(request: FastifyRequest, ...roles: R[]): Utilisateur<R> {
  const compte = requireCompte(request);
  if (compte.etat === 'mot_de_passe_a_changer')
    throw new OffreError(MOT_DE_PASSE_A_CHANGER, 'Choisissez votre mot de passe pour continuer.', {}, 403);
  if (compte.etat === 'en_attente' || compte.etat === 'structure_refusee') {
    const avis = avisCompteNonValide({ ...compte, etat: compte.etat, region: compte.structureRegion });
    throw new OffreError(avis.code, avis.suite ? `${avis.message} ${avis.suite}` : avis.message, {}, 403);
  }
  const a = request.acteur;
  if (!aRole(a, roles)) throw forbidden('Cette page est réservée à un autre profil que le vôtre.');
  return a;
}
