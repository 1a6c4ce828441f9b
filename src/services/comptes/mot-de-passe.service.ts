import { type AppContext, configOf } from '../../context.ts';
import { deleteConnexionsDe } from '../../db/connexion.repository.ts';
import { findJeton, insertJeton, useJeton, voidJetonsDe } from '../../db/jeton.repository.ts';
import { hitLimite } from '../../db/limite.repository.ts';
import {
  findUtilisateur,
  findUtilisateurByEmail,
  lockUtilisateur,
  updateUtilisateur,
} from '../../db/utilisateur.repository.ts';
import { OffreError } from '../../domain/errors.ts';
import { enqueueCourriel, reveillerEnvoi } from './courriel.service.ts';
import { dansLaLimite, FENETRE_DEMANDES_MS } from './demandes.limite.ts';
import { checkNouveauMotDePasse, hashPassword, hashToken, newToken, verifyPassword } from './mot-de-passe.ts';

// Password change (first sign-in and voluntary) and reset by a single-use e-mailed link.

/** A reset link is valid for one hour, once. */
export const REINITIALISATION_MS = 60 * 60_000;

/**
 * Every refusal of the password-change form that needs no database, at once (the page lists them
 * all): the current password missing (`force`: not asked), the new one and its confirmation.
 */
export function checkChangementMotDePasse(
  input: { actuel?: string; nouveau: string; confirmation: string },
  force: boolean,
): OffreError[] {
  return [
    ...(!force && !input.actuel
      ? [
          new OffreError('MOT_DE_PASSE_ACTUEL', 'Saisissez celui avec lequel vous vous connectez.', {
            champ: 'actuel',
          }),
        ]
      : []),
    ...checkNouveauMotDePasse(input.nouveau, input.confirmation),
  ];
}

/**
 * Changes the password of a signed-in user. `actuel` is required except at the forced first
 * change (the one-time password was just typed to sign in). Every other session of the user ends.
 */
export async function changeMotDePasse(
  ctx: AppContext,
  utilisateurId: string,
  input: { actuel?: string; nouveau: string; confirmation: string },
  connexionCourante: string,
): Promise<void> {
  const u = await findUtilisateur(ctx.db, utilisateurId);
  if (!u) throw new OffreError('INTROUVABLE', 'Compte introuvable.', {}, 404);
  if (!u.doit_changer_mot_de_passe && !(await verifyPassword(u.password_hash, input.actuel ?? '')))
    throw new OffreError('MOT_DE_PASSE_ACTUEL', 'Ce n’est pas le mot de passe de votre compte.', {
      champ: 'actuel',
    });
  const [refus] = checkNouveauMotDePasse(input.nouveau, input.confirmation);
  if (refus) throw refus;
  if (await verifyPassword(u.password_hash, input.nouveau))
    throw new OffreError('MOT_DE_PASSE_IDENTIQUE', 'Choisissez un mot de passe différent de l’actuel.', {
      champ: 'nouveau',
    });
  await ctx.db.transaction().execute(async (trx) => {
    await updateUtilisateur(trx, u.id, {
      password_hash: await hashPassword(input.nouveau),
      doit_changer_mot_de_passe: false,
      password_changed_at: ctx.now(),
    });
    await deleteConnexionsDe(trx, u.id, connexionCourante);
  });
}

/**
 * Sends a reset link when the address belongs to an active account; says nothing either way.
 * The web page calls it once it has answered (apres-reponse plugin): the same answer at the same
 * time whether or not the address has an account, however slow the mail server. At most
 * `demandesParAdresse` links per address per 24 hours, whatever the IP (`limite_tentative`, every
 * process): beyond, nothing is sent, the last link stays valid, and the first refusal of the window
 * goes to the security journal (`limite_depassee`, cible the address, `details.par` « adresse »).
 */
export async function requestReinitialisation(
  ctx: AppContext,
  email: string,
  /** The requester's IP address, for the security journal. */
  origine: { ip?: string | null } = {},
): Promise<void> {
  const u = await findUtilisateurByEmail(ctx.db, email.trim().toLowerCase());
  if (!u?.actif) return;
  const demandes = await hitLimite(
    ctx.db,
    `reinitialisation:adresse:${u.email}`,
    ctx.now(),
    FENETRE_DEMANDES_MS,
  );
  const permis = await dansLaLimite(ctx, demandes.nombre, configOf(ctx).comptes.demandesParAdresse, {
    cible: u.email,
    ip: origine.ip,
    details: { genre: 'reinitialisation', par: 'adresse' },
  });
  if (!permis) return;
  const now = ctx.now();
  const { token, hash } = newToken();
  const expireLe = new Date(now.getTime() + REINITIALISATION_MS);
  const lien = `${configOf(ctx).urlPublique}/mot-de-passe/nouveau?jeton=${encodeURIComponent(token)}`;
  await ctx.db.transaction().execute(async (trx) => {
    // One request of this user at a time (they run after the answer, concurrently on PostgreSQL):
    // otherwise each voids the links committed before it and two links stay valid.
    await lockUtilisateur(trx, u.id);
    await voidJetonsDe(trx, u.id, 'reinitialisation', now);
    await insertJeton(trx, {
      token_hash: hash,
      type: 'reinitialisation',
      utilisateur_id: u.id,
      email: u.email,
      cree_par: `utilisateur:${u.email}`,
      created_at: now,
      expires_at: expireLe,
    });
    // The link and its e-mail exist together, or neither (the outbox: courriel.service.ts).
    await enqueueCourriel(
      ctx,
      trx,
      { email: u.email, utilisateurId: u.id },
      { modele: 'reinitialisation', lien, expireLe },
    );
  });
  reveillerEnvoi(ctx);
}

const lienInvalide = () =>
  new OffreError(
    'LIEN_INVALIDE',
    'Ce lien n’est plus valable : il a déjà servi ou a expiré. Demandez-en un nouveau.',
    {},
    410,
  );

/** Is this reset link still usable? (The page shows the form, or says it is not.) */
export async function jetonReinitialisationValide(ctx: AppContext, token: string): Promise<boolean> {
  const j = await findJeton(ctx.db, hashToken(token), 'reinitialisation');
  return !!j && !j.used_at && new Date(j.expires_at) > ctx.now();
}

/**
 * Sets a new password from a reset link, once: the link is spent, every session of the user
 * ends (whoever held one must sign in again), the first-sign-in change is no longer asked.
 */
export async function resetMotDePasse(
  ctx: AppContext,
  token: string,
  input: { nouveau: string; confirmation: string },
): Promise<void> {
  const [refus] = checkNouveauMotDePasse(input.nouveau, input.confirmation);
  if (refus) throw refus;
  const password_hash = await hashPassword(input.nouveau);
  await ctx.db.transaction().execute(async (trx) => {
    const j = await findJeton(trx, hashToken(token), 'reinitialisation', { forUpdate: true });
    if (!j || j.used_at || new Date(j.expires_at) <= ctx.now() || !j.utilisateur_id) throw lienInvalide();
    await useJeton(trx, j.token_hash, ctx.now());
    await updateUtilisateur(trx, j.utilisateur_id, {
      password_hash,
      doit_changer_mot_de_passe: false,
      password_changed_at: ctx.now(),
    });
    await deleteConnexionsDe(trx, j.utilisateur_id);
  });
}

export { lienInvalide };
