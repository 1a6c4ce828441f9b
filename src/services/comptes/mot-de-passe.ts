import { createHash, randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { OffreError } from '../../domain/errors.ts';
import { messageTropSimple, raisonTropSimple } from '../../domain/mot-de-passe.ts';

// Memory-hard (OWASP's argon2id baseline: 19 MiB, 2 passes): slows down offline guessing.
const ARGON = {
  algorithm: 2 as Algorithm /* Argon2id (ambient const enum) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Length bounds of a chosen password (ANSSI / CNIL: at least 12 characters without other rules). */
export const MOT_DE_PASSE_MIN = 12;
export const MOT_DE_PASSE_MAX = 128;

export const hashPassword = (password: string) => hash(password, ARGON);

// Verified when the e-mail is unknown too, so that the answer takes the same time either way.
const LEURRE = hash('leurre-pour-un-compte-inconnu', ARGON);

/** Argon2id verification; `hashed` null = unknown account (still costs one verification). */
export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  const ok = await verify(hashed ?? (await LEURRE), password).catch(() => false);
  return hashed !== null && ok;
}

/**
 * The policy for a chosen password; `champ` names the form field in the error. Errors (400):
 * MOT_DE_PASSE_COURT under 12 characters, MOT_DE_PASSE_LONG over 128, MOT_DE_PASSE_TROP_SIMPLE
 * for a trivially simple one (domain/mot-de-passe.ts: 3 distinct characters or fewer, a suite, a
 * keyboard row).
 */
export function checkNewPassword(password: string, champ = 'mot_de_passe'): void {
  const e = refusMotDePasse(password, champ);
  if (e) throw e;
}

/** Why the policy refuses `password` (checkNewPassword), or null. */
function refusMotDePasse(password: string, champ: string): OffreError | null {
  if (password.length < MOT_DE_PASSE_MIN)
    return new OffreError(
      'MOT_DE_PASSE_COURT',
      `Le mot de passe doit contenir au moins ${MOT_DE_PASSE_MIN} caractères (une phrase de passe convient).`,
      { champ },
    );
  if (password.length > MOT_DE_PASSE_MAX)
    return new OffreError(
      'MOT_DE_PASSE_LONG',
      `Le mot de passe doit contenir au plus ${MOT_DE_PASSE_MAX} caractères.`,
      { champ },
    );
  const raison = raisonTropSimple(password);
  return raison ? new OffreError('MOT_DE_PASSE_TROP_SIMPLE', messageTropSimple(raison), { champ }) : null;
}

/**
 * Every refusal of a chosen password and its confirmation at once (a form lists them all): the
 * policy's on `champ`, and MOT_DE_PASSE_CONFIRMATION on `confirmation` when the two differ — said
 * even when the password itself is refused, so that both get fixed at once.
 */
export function checkNouveauMotDePasse(
  password: string,
  confirmation: string,
  champ = 'nouveau',
): OffreError[] {
  const refus = refusMotDePasse(password, champ);
  return [...(refus ? [refus] : []), ...(password !== confirmation ? [confirmationDifferente()] : [])];
}

/** The two passwords typed differ (on the field `confirmation`). */
export const confirmationDifferente = () =>
  new OffreError('MOT_DE_PASSE_CONFIRMATION', 'Les deux mots de passe saisis sont différents.', {
    champ: 'confirmation',
  });

/** A random secret for a link or a cookie (256 bits, URL-safe) and the SHA-256 that is stored. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

// 256 random bits cannot be guessed from a dictionary: a fast hash is enough to store them.
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A one-time password printed by `offre user add` (to change at first sign-in). */
export const onetimePassword = () => randomBytes(12).toString('base64url');
