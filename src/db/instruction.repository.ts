import { sql } from 'kysely';
import type { Plateforme, StatutPlateforme } from '../domain/plateforme.ts';
import type { Executor } from './executor.ts';
import { dansPerimetrePlateformes, identiteSql } from './plateforme.repository.ts';

// The instructeur's list of offers (services/instruction.service.ts listOffresInstruction).

/** SQL: the département of the INSEE code in column `col` (3 characters for 97x and 98x, else 2). */
const departement = (col: string) =>
  sql`(case when ${sql.ref(col)} ~ '^9[78]' then left(${sql.ref(col)}, 3) else left(${sql.ref(col)}, 2) end)`;

/**
 * Offers with a state for `p` (alias `f`, the state of its current identity `e`, its responsable `r`,
 * its mandataire `m`), in the platforms'
 * perimeter only (RULES.md: validated offers of the Catalogue général open to apprenticeship —
 * what an instructeur may read and decide on), and in départements `deps` by a session's or the
 * responsable's commune (null: everywhere).
 */
function offresDuPerimetre(db: Executor, p: Plateforme, deps: readonly string[] | null) {
  const q = db
    .selectFrom('formation as f')
    // Its current identity's state: not the rows of its former identities, still naming it.
    .innerJoin('plateforme_etat as e', (j) =>
      j.on('e.plateforme', '=', p).on('e.identite', '=', identiteSql('f')),
    )
    .leftJoin('organisme as r', 'r.siret', 'f.responsable_siret')
    // The mandataire of a conventionné action (market holder, owner of the offer), when it names one.
    .leftJoin('organisme as m', 'm.siret', 'f.mandataire_siret')
    .where(dansPerimetrePlateformes('f'));
  if (!deps) return q;
  return q.where((eb) =>
    eb.or([
      eb.exists(
        eb
          .selectFrom('session as s')
          .select(sql`1`.as('x'))
          .whereRef('s.formation_id', '=', 'f.id')
          .where(sql<boolean>`${departement('s.code_insee')} = any(${deps}::text[])`),
      ),
      sql<boolean>`${departement('r.code_insee')} = any(${deps}::text[])`,
    ]),
  );
}

export interface FiltresInstruction {
  readonly statut?: StatutPlateforme;
  /** Words of the title (case-insensitive, `%` and `_` taken literally). */
  readonly q?: string;
}

/**
 * The instructeur's list for `p` in départements `deps` (null: all):
 * - `parStatut`: `{ statut, n }[]` by status, over the whole perimeter before the filters (what is
 *   ready to send, published, rejected);
 * - `lignes`: `{ id, intitule, statut, decision, motif, raison_sociale, mandataire_siret,
 *   mandataire_raison_sociale }[]` matching `filtres`,
 *   200 at most, by title then id;
 * - `total`: how many match `filtres`.
 */
export async function selectOffresInstruction(
  db: Executor,
  p: Plateforme,
  deps: readonly string[] | null,
  filtres: FiltresInstruction,
) {
  let q = offresDuPerimetre(db, p, deps);
  const parStatut = q
    .select(['e.statut', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('e.statut')
    .orderBy('e.statut')
    .execute();
  if (filtres.statut) q = q.where('e.statut', '=', filtres.statut);
  const mots = filtres.q?.trim();
  if (mots) q = q.where('f.intitule', 'ilike', `%${mots.replace(/[%_\\]/g, '\\$&')}%`);
  const [lignes, total, statuts] = await Promise.all([
    q
      .select([
        'f.id',
        'f.intitule',
        'e.statut',
        'e.decision',
        'e.motif',
        'r.raison_sociale',
        'f.mandataire_siret',
        'm.raison_sociale as mandataire_raison_sociale',
      ])
      .orderBy('f.intitule')
      .orderBy('f.id')
      .limit(200)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    parStatut,
  ]);
  return {
    lignes,
    total: Number(total.n),
    parStatut: statuts.map((s) => ({ statut: s.statut, n: Number(s.n) })),
  };
}
