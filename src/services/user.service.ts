import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/executor.ts';
import { findUtilisateurByEmail, insertUtilisateur } from '../db/utilisateur.repository.ts';
import { type Acteur, ROLES, type Role } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import { REGIONS } from '../domain/geo.ts';
import { isValidSiren } from '../domain/identifiants.ts';
import { newId } from '../domain/ids.ts';

// Memory-hard (OWASP's argon2id baseline: 19 MiB, 2 passes): slows down offline guessing.
const ARGON = {
  algorithm: 2 as Algorithm /* Argon2id (ambient const enum) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export interface NewUser {
  email: string;
  role: string;
  siren?: string | null;
  region?: string | null;
  academie?: string | null;
}

/** Creates a user and returns the one-time password (to change at first sign-in). */
export async function createUser(
  ctx: AppContext,
  input: NewUser,
): Promise<{ id: string; email: string; role: Role; password: string }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email))
    throw new OffreError('UTILISATEUR_EMAIL', `Adresse électronique « ${input.email} » invalide.`);
  if (!(ROLES as readonly string[]).includes(input.role))
    throw new OffreError(
      'UTILISATEUR_ROLE',
      `Rôle « ${input.role} » inconnu : organisme, gestionnaire, instructeur ou admin.`,
    );
  const role = input.role as Role;
  const siren = input.siren?.trim() || null;
  const region = input.region?.trim() || null;
  const academie = input.academie?.trim() || null;
  if (role === 'organisme' && !siren)
    throw new OffreError(
      'UTILISATEUR_SIREN',
      'Un utilisateur « organisme » doit être lié à un SIREN (--siren).',
    );
  if (siren && !isValidSiren(siren))
    throw new OffreError('UTILISATEUR_SIREN', `SIREN « ${siren} » invalide (9 chiffres, clé de Luhn).`);
  if (role === 'gestionnaire' && !region)
    throw new OffreError(
      'UTILISATEUR_REGION',
      'Un gestionnaire doit être lié à une région (--region, code INSEE, ex. 84).',
    );
  if (region && !REGIONS[region])
    throw new OffreError(
      'UTILISATEUR_REGION',
      `Région « ${region} » inconnue : code INSEE de région (ex. 84 pour Auvergne-Rhône-Alpes).`,
    );
  if (role === 'instructeur' && !academie)
    throw new OffreError('UTILISATEUR_ACADEMIE', 'Un instructeur doit être lié à une académie (--academie).');
  if (await findUtilisateurByEmail(ctx.db, email))
    throw new OffreError('UTILISATEUR_EXISTE', `Un utilisateur ${email} existe déjà.`, {}, 409);
  const password = randomBytes(12).toString('base64url');
  const id = newId('ut', ctx.now());
  await insertUtilisateur(ctx.db, {
    id,
    email,
    password_hash: await hash(password, ARGON),
    role,
    siren,
    region,
    academie,
  });
  return { id, email, role, password };
}

/** The user for these credentials, or null (same answer whether the e-mail or the password is wrong). */
export async function authenticateUser(
  db: Executor,
  email: string,
  password: string,
): Promise<(Acteur & { kind: 'utilisateur' }) | null> {
  const u = await findUtilisateurByEmail(db, email.trim().toLowerCase());
  if (!u || !(await verify(u.password_hash, password))) return null;
  return {
    kind: 'utilisateur',
    id: u.id,
    email: u.email,
    role: u.role as Role,
    siren: u.siren,
    region: u.region,
    academie: u.academie,
  };
}
