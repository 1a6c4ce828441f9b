import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../domain/acteur.ts';
import type { Executor } from './executor.ts';
import type { UtilisateurTable } from './schema.ts';

export type UtilisateurRow = Selectable<UtilisateurTable>;

export async function insertUtilisateur(db: Executor, row: Insertable<UtilisateurTable>): Promise<void> {
  await db.insertInto('utilisateur').values(row).execute();
}

export function findUtilisateurByEmail(db: Executor, email: string) {
  return db.selectFrom('utilisateur').selectAll().where('email', '=', email).executeTakeFirst();
}

export function findUtilisateur(db: Executor, id: string) {
  return db.selectFrom('utilisateur').selectAll().where('id', '=', id).executeTakeFirst();
}

/** User `id` locked until the transaction ends (one role change at a time), or undefined. */
export function lockUtilisateur(db: Executor, id: string) {
  return db.selectFrom('utilisateur').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateUtilisateur(
  db: Executor,
  id: string,
  set: Updateable<UtilisateurTable>,
): Promise<void> {
  await db.updateTable('utilisateur').set(set).where('id', '=', id).execute();
}

/** Removes users and, by cascade, their sessions, tokens and notifications. */
export async function deleteUtilisateurs(db: Executor, ids: readonly string[]): Promise<void> {
  if (ids.length) await db.deleteFrom('utilisateur').where('id', 'in', ids).execute();
}

/** Users of one structure, by name. */
export function listUtilisateursDeStructure(db: Executor, siren: string) {
  return db
    .selectFrom('utilisateur')
    .select(['id', 'email', 'nom', 'role', 'actif', 'created_at'])
    .where('siren', '=', siren)
    .orderBy('created_at')
    .execute();
}

/** Active users of one structure, `{ id, email }[]` (who is told of a decision on its offers). */
export function listUtilisateursActifsDeStructure(db: Executor, siren: string) {
  return db
    .selectFrom('utilisateur')
    .select(['id', 'email'])
    .where('siren', '=', siren)
    .where('actif', '=', true)
    .execute();
}

/** Active gestionnaires of a région (who is told of a new sign-up). */
export function listGestionnairesDeRegion(db: Executor, region: string) {
  return db
    .selectFrom('utilisateur')
    .select(['id', 'email', 'nom'])
    .where('role', '=', 'gestionnaire')
    .where('actif', '=', true)
    .where((eb) => eb(eb.val(region), '=', eb.fn.any('regions')))
    .execute();
}

/** Active administrators (who is told of a sign-up no gestionnaire can decide). */
export function listAdministrateursActifs(db: Executor) {
  return db
    .selectFrom('utilisateur')
    .select(['id', 'email', 'nom'])
    .where('role', '=', 'admin')
    .where('actif', '=', true)
    .orderBy('email')
    .execute();
}

/** The e-mails of history labels `utilisateur:<email>`, each once (other labels are ignored). */
const emailsDesLibelles = (acteurs: readonly string[]): string[] => [
  ...new Set(acteurs.filter((a) => a.startsWith('utilisateur:')).map((a) => a.slice('utilisateur:'.length))),
];

/** The names of the users behind history labels `utilisateur:<email>` (others are ignored). */
export async function nomsParLibelle(db: Executor, acteurs: readonly string[]): Promise<Map<string, string>> {
  const emails = emailsDesLibelles(acteurs);
  if (emails.length === 0) return new Map();
  const rows = await db
    .selectFrom('utilisateur')
    .select(['email', 'nom'])
    .where('email', 'in', emails)
    .where('nom', 'is not', null)
    .execute();
  return new Map(rows.filter((r) => r.nom?.trim()).map((r) => [`utilisateur:${r.email}`, r.nom!.trim()]));
}

/** Every user with its structure's status (null for no structure), by role then e-mail. */
export function listUtilisateursAvecStructure(db: Executor) {
  return db
    .selectFrom('utilisateur')
    .leftJoin('structure', 'structure.siren', 'utilisateur.siren')
    .select([
      'utilisateur.id',
      'utilisateur.email',
      'utilisateur.nom',
      'utilisateur.role',
      'utilisateur.siren',
      'utilisateur.regions',
      'utilisateur.academies',
      'utilisateur.actif',
      'utilisateur.created_at',
      'structure.statut as structure_statut',
    ])
    .orderBy('utilisateur.role')
    .orderBy('utilisateur.email')
    .execute();
}

/**
 * The role and académies of the accounts behind history labels `utilisateur:<email>` (others are
 * ignored), by label: how a platform decision names its instructeur to the organisme.
 */
export async function comptesParLibelle(
  db: Executor,
  acteurs: readonly string[],
): Promise<Map<string, { role: Role; academies: string[] }>> {
  const emails = emailsDesLibelles(acteurs);
  if (emails.length === 0) return new Map();
  const rows = await db
    .selectFrom('utilisateur')
    .select(['email', 'role', 'academies'])
    .where('email', 'in', emails)
    .execute();
  return new Map(rows.map((r) => [`utilisateur:${r.email}`, { role: r.role, academies: r.academies }]));
}
