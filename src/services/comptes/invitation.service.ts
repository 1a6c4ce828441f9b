import { type AppContext, configOf } from '../../context.ts';
import {
  findInvitationEnCours,
  findJeton,
  insertJeton,
  useJeton,
  voidInvitations,
} from '../../db/jeton.repository.ts';
import { findStructure } from '../../db/structure.repository.ts';
import { findUtilisateurByEmail, insertUtilisateur } from '../../db/utilisateur.repository.ts';
import { canInvite } from '../../domain/acces.ts';
import { type Acteur, acteurLabel } from '../../domain/acteur.ts';
import { normalizeEmail } from '../../domain/courriel.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import { forbidden, OffreError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { LONGUEURS_COMPTE, refusTexte } from '../../domain/texte-saisi.ts';
import { type CourrielPrevu, enqueueCourriel } from './courriel.service.ts';
import { lienInvalide } from './mot-de-passe.service.ts';
import { checkNouveauMotDePasse, hashPassword, hashToken, newToken } from './mot-de-passe.ts';

// A structure's users invite colleagues: a single-use e-mailed link (7 days) → name and password.

export const INVITATION_MS = 7 * 24 * 3_600_000;
/** A structure invites an address again (a new link replacing the previous) only this long after. */
export const INVITATION_RENVOI_MS = 24 * 3_600_000;

/**
 * Invites `email` into the structure `siren`; refused to anyone but its own users and admins.
 * Errors: 403, STRUCTURE_INACTIVE (409), UTILISATEUR_EXISTE (409, a colleague of the same
 * structure only), INVITATION_DEJA_ENVOYEE (409: this structure invited the address less than
 * INVITATION_RENVOI_MS ago; past it, a new link replaces the pending one). An address with an
 * account elsewhere gets the same answers as any other (no probing for accounts) — its invitation
 * is recorded as well, with a link nobody receives — and its owner an e-mail saying why no
 * invitation link came, worded for its role.
 * The message is written to the outbox in the invitation's transaction (one message on either
 * path, so that which one it is does not show in the answer's time); the caller wakes the senders
 * (reveillerEnvoi) once it answered — no page waits for the mail server.
 */
export async function inviter(ctx: AppContext, acteur: Acteur, siren: string, email: string): Promise<void> {
  if (!canInvite(acteur, siren)) throw forbidden('Vous ne pouvez inviter que dans votre propre structure.');
  const adresse = normalizeEmail(email, 'email', 'Indiquez l’adresse à laquelle envoyer l’invitation.');
  const now = ctx.now();
  const invitePar = acteur.kind === 'utilisateur' ? acteur.nom : 'Un administrateur';
  await ctx.db.transaction().execute(async (trx) => {
    // The structure's row serialises its invitations: two at once to one address send one e-mail.
    const structure = await findStructure(trx, siren, { forUpdate: true });
    if (structure?.statut !== 'active')
      throw new OffreError('STRUCTURE_INACTIVE', 'Cette structure n’est pas encore validée.', {}, 409);
    const existant = await findUtilisateurByEmail(trx, adresse);
    // Said only of the structure's own colleagues: for any other address the answer is the same
    // as a sent invitation, so that an invitation cannot probe for accounts.
    if (existant?.siren === siren)
      throw new OffreError(
        'UTILISATEUR_EXISTE',
        `Un compte existe déjà pour ${adresse} dans votre structure.`,
        { champ: 'email' },
        409,
      );
    const enCours = await findInvitationEnCours(trx, siren, adresse, now);
    if (enCours) {
      const envoyee = new Date(enCours.created_at);
      const renvoi = new Date(envoyee.getTime() + INVITATION_RENVOI_MS);
      if (renvoi > now)
        throw new OffreError(
          'INVITATION_DEJA_ENVOYEE',
          `Une invitation a déjà été envoyée à ${adresse} le ${dateHeureLongue(envoyee)}. Vous pourrez la renvoyer à partir du ${dateHeureLongue(renvoi)} : un nouveau lien remplacera alors le précédent.`,
          { champ: 'email', envoyee_le: envoyee.toISOString(), renvoi_possible_le: renvoi.toISOString() },
          409,
        );
      await voidInvitations(trx, siren, adresse, now);
    }
    const { token, hash } = newToken();
    const expireLe = new Date(now.getTime() + INVITATION_MS);
    await insertJeton(trx, {
      token_hash: hash,
      type: 'invitation',
      email: adresse,
      siren,
      cree_par: acteurLabel(acteur),
      created_at: now,
      expires_at: expireLe,
    });
    // The e-mail, recorded with the invitation (the outbox: services/comptes/courriel.service.ts).
    const lien = `${configOf(ctx).urlPublique}/invitation?jeton=${encodeURIComponent(token)}`;
    const courriel: CourrielPrevu = existant
      ? {
          a: { email: existant.email, utilisateurId: existant.id },
          modele: {
            modele: 'invitation_compte_existant',
            structure: structure.raison_sociale,
            invitePar,
            role: existant.role,
          },
        }
      : {
          a: { email: adresse },
          modele: { modele: 'invitation', structure: structure.raison_sociale, invitePar, lien, expireLe },
        };
    await enqueueCourriel(ctx, trx, courriel.a, courriel.modele);
  });
}

/** The invitation of a link, while usable (the page greets the invitee with it). */
export async function invitationValide(ctx: AppContext, token: string) {
  const j = await findJeton(ctx.db, hashToken(token), 'invitation');
  if (!j || j.used_at || new Date(j.expires_at) <= ctx.now() || !j.siren) return null;
  const s = await findStructure(ctx.db, j.siren);
  if (!s) return null;
  // An address that got its account since (another invitation, a sign-up): no form to fill in vain.
  const compteExiste = !!(await findUtilisateurByEmail(ctx.db, j.email));
  return { email: j.email, structure: s.raison_sociale, compteExiste };
}

/** Every refusal of the invitation form at once (the page lists them all): name, password, confirmation. */
export function checkInvitation(input: { nom: string; nouveau: string; confirmation: string }): OffreError[] {
  return [
    ...(input.nom.trim()
      ? [refusTexte(input.nom.trim(), 'nom', LONGUEURS_COMPTE.nom) ?? []].flat()
      : [new OffreError('NOM_ABSENT', 'Indiquez vos nom et prénom.', { champ: 'nom' })]),
    ...checkNouveauMotDePasse(input.nouveau, input.confirmation),
  ];
}

/** Creates the invitee's account (organisme user of the structure), once; returns its id. */
export async function acceptInvitation(
  ctx: AppContext,
  token: string,
  input: { nom: string; nouveau: string; confirmation: string },
): Promise<string> {
  const [refus] = checkInvitation(input);
  if (refus) throw refus;
  const nom = input.nom.trim();
  const password_hash = await hashPassword(input.nouveau);
  return ctx.db.transaction().execute(async (trx) => {
    const j = await findJeton(trx, hashToken(token), 'invitation', { forUpdate: true });
    if (!j || j.used_at || new Date(j.expires_at) <= ctx.now() || !j.siren) throw lienInvalide();
    if (await findUtilisateurByEmail(trx, j.email))
      throw new OffreError(
        'UTILISATEUR_EXISTE',
        `Un compte existe déjà pour ${j.email} : connectez-vous.`,
        {},
        409,
      );
    await useJeton(trx, j.token_hash, ctx.now());
    const id = newId('ut', ctx.now());
    await insertUtilisateur(trx, {
      id,
      email: j.email,
      nom,
      password_hash,
      role: 'organisme',
      siren: j.siren,
      doit_changer_mot_de_passe: false,
      password_changed_at: ctx.now(),
    });
    return id;
  });
}
