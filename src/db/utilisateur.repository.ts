import type { Executor } from './executor.ts';

export async function insertUtilisateur(
  db: Executor,
  row: {
    id: string;
    email: string;
    password_hash: string;
    role: string;
    siren: string | null;
    region: string | null;
    academie: string | null;
  },
): Promise<void> {
  await db.insertInto('utilisateur').values(row).execute();
}

export function findUtilisateurByEmail(db: Executor, email: string) {
  return db.selectFrom('utilisateur').selectAll().where('email', '=', email).executeTakeFirst();
}
