import type { Executor } from './executor.ts';

// The journal of applied campaign-workbook imports (migration 0050).

export async function dernierImport(db: Executor, empreinte: string): Promise<Date | null> {
  const r = await db
    .selectFrom('classeur_import')
    .select('at')
    .where('empreinte', '=', empreinte)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? new Date(r.at) : null;
}

export async function logImport(
  db: Executor,
  row: {
    empreinte: string;
    fichier: string | null;
    annee: number;
    acteur: string;
    totaux: unknown;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('classeur_import')
    .values({ ...row, totaux: JSON.stringify(row.totaux) })
    .execute();
}
