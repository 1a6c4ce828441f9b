import type { Kysely } from 'kysely';
import { isInconnu } from '../../domain/inconnu.ts';

// Issue 11, item 8: placeholders are not data. Organismes stored before the importers recognised
// them (`-` as raison sociale, NDA 99999999999, UAI 0000000A) get their placeholder facts emptied,
// so that no page or export shows them as the organisation's name; the next real value fills them.
const CHAMPS = ['raison_sociale', 'enseigne', 'nda', 'uai'] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<{ organisme: Record<(typeof CHAMPS)[number] | 'siret', string | null> }>;
  for (const champ of CHAMPS) {
    const rows = await k
      .selectFrom('organisme')
      .select(['siret', champ])
      .where(champ, 'is not', null)
      .execute();
    const sirets = rows.filter((r) => isInconnu(r[champ])).map((r) => r.siret!);
    for (let i = 0; i < sirets.length; i += 1000)
      await k
        .updateTable('organisme')
        .set({ [champ]: null })
        .where('siret', 'in', sirets.slice(i, i + 1000))
        .execute();
  }
}

export async function down(): Promise<void> {}
