import { type AppContext, configOf } from '../../context.ts';
import {
  deleteConnexion,
  deleteConnexionsDe,
  deleteConnexionsExpirees,
  findConnexion,
  insertConnexion,
  touchConnexion,
} from '../../db/connexion.repository.ts';
import { findUtilisateurByEmail } from '../../db/utilisateur.repository.ts';
import type { Acteur, Role } from '../../domain/acteur.ts';
import { isCourriel } from '../../domain/courriel.ts';
import { OffreError } from '../../domain/errors.ts';
import { auditer } from '../audit.service.ts';
import { hashToken, newToken, verifyPassword } from './mot-de-passe.ts';
import { acteurOf } from './utilisateur.service.ts';

// Signed-in sessions stored in the database (several server processes serve the same users):
// a random 256-bit token in an HttpOnly cookie, its SHA-256 in `connexion`, an idle expiry
// (OFFRE_SESSION_INACTIVITE_MIN) and an absolute one (OFFRE_SESSION_DUREE_H).

/** The signed-in account as the pages see it (header, guards), whatever its state. */
export interface Compte {
  readonly id: string;
  readonly email: string;
  /** Name shown in the header (the e-mail when none was given). */
  readonly nom: string;
  readonly role: Role;
  readonly siren: string | null;
  /** The structure's name (organisme users). */
  readonly structure: string | null;
  /** The structure's région code (organisme users): whose gestionnaires decide its sign-up. */
  readonly structureRegion: string | null;
  /**
   * `actif`: acts with its role (request.acteur is set); `en_attente`: its structure waits for a
   * gestionnaire's approval (sees nothing); `structure_refusee`: its structure's sign-up was
   * refused, the account kept (sees nothing; a new sign-up validated opens it);
   * `mot_de_passe_a_changer`: first sign-in with a one-time password (only the password change page).
   */
  readonly etat: 'actif' | 'en_attente' | 'structure_refusee' | 'mot_de_passe_a_changer';
}

export interface ConnexionLue {
  readonly compte: Compte;
  /** The actor for access rules: only for an `actif` account. */
  readonly acteur: (Acteur & { kind: 'utilisateur' }) | null;
  readonly tokenHash: string;
}

export interface Origine {
  readonly ip?: string | null;
  readonly userAgent?: string | null;
}

const REFUS = () =>
  new OffreError(
    'CONNEXION_REFUSEE',
    'Adresse électronique ou mot de passe incorrect.',
    { champ: 'email' },
    401,
  );

/**
 * Checks the credentials and opens a new session (a fresh token: rotation on sign-in). The old
 * session of the same browser, if any, is closed by the caller. Same refusal, same time, for an
 * unknown e-mail, a wrong password or a disabled account.
 */
export async function seConnecter(
  ctx: AppContext,
  email: string,
  password: string,
  origine: Origine = {},
): Promise<{ token: string; utilisateurId: string }> {
  const saisi = email.trim().toLowerCase();
  const u = await findUtilisateurByEmail(ctx.db, saisi);
  const ip = origine.ip?.slice(0, 64) ?? null;
  if (!(await verifyPassword(u?.actif ? u.password_hash : null, password)) || !u) {
    // Audit trail: the address tried (the target), the account's when it exists; for an address
    // with no account, only when what was typed is shaped like an address — it may be a password
    // typed in the wrong box. Never the password field. No actor: whoever tried is not known (not
    // signed in), even when the address is an account's — that account is the target only.
    await auditer(ctx.db, ctx.now(), {
      evenement: 'connexion_echouee',
      acteur: null,
      ip,
      cible: u?.email ?? (isCourriel(saisi) ? saisi : null),
      details: { motif: !u ? 'compte_inconnu' : !u.actif ? 'compte_desactive' : 'mot_de_passe' },
    });
    throw REFUS();
  }
  const token = await openConnexion(ctx, u.id, origine);
  await auditer(ctx.db, ctx.now(), {
    evenement: 'connexion_reussie',
    acteur: `utilisateur:${u.email}`,
    ip,
    cible: u.email,
  });
  return { token, utilisateurId: u.id };
}

/** Opens a session for a user (after sign-in, or after setting a password from an e-mailed link). */
export async function openConnexion(
  ctx: AppContext,
  utilisateurId: string,
  origine: Origine = {},
): Promise<string> {
  const { comptes } = configOf(ctx);
  const now = ctx.now();
  const { token, hash } = newToken();
  await deleteConnexionsExpirees(ctx.db, utilisateurId, now);
  await insertConnexion(ctx.db, {
    token_hash: hash,
    utilisateur_id: utilisateurId,
    created_at: now,
    last_seen_at: now,
    expires_at: new Date(now.getTime() + comptes.dureeMaxH * 3_600_000),
    ip: origine.ip?.slice(0, 64) ?? null,
    user_agent: origine.userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

// last_seen_at is written at most once a minute: not one write per page view.
const TOUCH_MS = 60_000;

/**
 * A write a page view makes by the way (the session's last activity, an expired session's
 * deletion): while an import writes on PGlite it is refused (BASE_OCCUPEE) and the page is served
 * without it — a page view is a read; the next view after the import makes it.
 */
async function enPassant(ecriture: Promise<unknown>): Promise<void> {
  try {
    await ecriture;
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'BASE_OCCUPEE') throw e;
  }
}

/** The session of a cookie token, or null when unknown, expired (idle or absolute) or ended. */
export async function readConnexion(ctx: AppContext, token: string): Promise<ConnexionLue | null> {
  if (!token || token.length > 100) return null;
  const now = ctx.now();
  const tokenHash = hashToken(token);
  const row = await findConnexion(ctx.db, tokenHash, now);
  if (!row) return null;
  const { comptes } = configOf(ctx);
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (now.getTime() - lastSeen > comptes.inactiviteMin * 60_000 || !row.actif) {
    await enPassant(deleteConnexion(ctx.db, tokenHash));
    return null;
  }
  if (now.getTime() - lastSeen > TOUCH_MS) await enPassant(touchConnexion(ctx.db, tokenHash, now));
  const role = row.role;
  const etat =
    role === 'organisme' && row.structure_statut !== 'active'
      ? row.structure_statut === 'refusee'
        ? 'structure_refusee'
        : 'en_attente'
      : row.doit_changer_mot_de_passe
        ? 'mot_de_passe_a_changer'
        : 'actif';
  const compte: Compte = {
    id: row.id,
    email: row.email,
    nom: row.nom || row.email,
    role,
    siren: row.siren,
    structure: row.structure_nom ?? null,
    structureRegion: row.structure_region ?? null,
    etat,
  };
  return { compte, acteur: etat === 'actif' ? acteurOf(row) : null, tokenHash };
}

/** Ends one session (sign-out). */
export async function closeConnexion(ctx: AppContext, tokenHash: string): Promise<void> {
  await deleteConnexion(ctx.db, tokenHash);
}

/** Ends every session of a user but `sauf` (sign out everywhere else); returns how many ended. */
export function closeAllConnexions(ctx: AppContext, utilisateurId: string, sauf?: string): Promise<number> {
  return deleteConnexionsDe(ctx.db, utilisateurId, sauf);
}
