import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Visibilite } from '../domain/acces.ts';
import type { Executor } from './executor.ts';
import { visibleTo } from './formation.repository.ts';

// An organisme and the reference facts the official files hold about it (Sirene, DGEFP list, ACCE).

/**
 * An organisme (`organisme` row), its Sirene establishment, its DGEFP declarations (by SIRET, or
 * by SIREN without SIRET) and its UAI (ACCE) of `siret`, in one
 * statement (issue 9: the review page reads an organisme's facts in one round trip, not four),
 * with the columns `getOrganisme` shows. Declarations ordered by NDA, UAI by code.
 */
export async function findOrganismeEtFaits(db: Executor, siret: string) {
  const r = await db
    .selectNoFrom((eb) => [
      jsonObjectFrom(
        eb
          .selectFrom('organisme')
          .select([
            'siren',
            'raison_sociale',
            'uai',
            'nda',
            'adresse',
            'code_postal',
            'commune',
            'code_insee',
          ])
          .where('siret', '=', siret),
      ).as('organisme'),
      jsonObjectFrom(
        eb
          .selectFrom('etablissement')
          .select(['siren', 'etat', 'denomination', 'code_commune', 'code_postal'])
          .where('siret', '=', siret),
      ).as('sirene'),
      jsonArrayFrom(
        eb
          .selectFrom('organisme_declare')
          .select([
            'nda',
            'siret',
            'denomination',
            'qualiopi_actions_formation',
            'qualiopi_bilans',
            'qualiopi_vae',
            'qualiopi_apprentissage',
          ])
          .where((w) =>
            w.or([
              w('siret', '=', siret),
              w.and([w('siren', '=', siret.slice(0, 9)), w('siret', 'is', null)]),
            ]),
          )
          .orderBy('nda'),
      ).as('declarations'),
      jsonArrayFrom(
        eb
          .selectFrom('uai')
          .select(['uai', 'denomination', 'code_commune', 'lat', 'lon'])
          .where('siret', '=', siret)
          .orderBy('uai'),
      ).as('uais'),
    ])
    .executeTakeFirstOrThrow();
  return r;
}

/**
 * The public facts of organisme `siret` (its row, or undefined) and the ids of the diffused
 * formations (published, Catalogue général) where it is responsable or formateur, by intitulé.
 * The caller keeps those the public is shown (montreeAuPublic).
 */
export async function selectOrganismePublic(db: Executor, siret: string) {
  const [organisme, formations] = await Promise.all([
    db
      .selectFrom('organisme')
      .select(['siret', 'raison_sociale', 'enseigne', 'uai', 'adresse', 'code_postal', 'commune'])
      .where('siret', '=', siret)
      .executeTakeFirst(),
    db
      .selectFrom('formation')
      .select('id')
      .where(visibleTo({ kind: 'diffusee', siren: null, regions: [] }))
      .where((eb) => eb.or([eb('responsable_siret', '=', siret), eb('formateur_siret', '=', siret)]))
      .orderBy('intitule')
      .orderBy('id')
      .limit(PUBLIQUES_MAX)
      .execute(),
  ]);
  return { organisme, ids: formations.map((f) => f.id) };
}

/**
 * Does organisme `siret` play a role (responsable, formateur, mandataire) in a formation that `v`
 * sees (the public: a diffused one; a writer: its SIREN's too; an administrator: any)?
 */
export async function organismeDansFormationVue(
  db: Executor,
  siret: string,
  v: Visibilite,
): Promise<boolean> {
  const r = await db
    .selectFrom('formation')
    .select(sql.lit(1).as('x'))
    .where(visibleTo(v))
    .where((eb) =>
      eb.or([
        eb('responsable_siret', '=', siret),
        eb('formateur_siret', '=', siret),
        eb('mandataire_siret', '=', siret),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return r !== undefined;
}

/** Most formations an organisme's public page lists (an organisme offers a few dozen at most). */
export const PUBLIQUES_MAX = 500;

/**
 * The names of establishments `sirets`, SIRET → name: as declared in Offre
 * (`organisme.raison_sociale`), else Sirene's (`etablissement.denomination`); a SIRET with neither
 * is absent. Two queries, one after the other: `db` may be a transaction (one connection).
 */
export async function nomsDesSirets(db: Executor, sirets: readonly string[]): Promise<Map<string, string>> {
  const noms = new Map<string, string>();
  if (sirets.length === 0) return noms;
  const liste = [...sirets];
  const sirene = await db
    .selectFrom('etablissement')
    .select(['siret', 'denomination as nom'])
    .where('siret', 'in', liste)
    .execute();
  const declares = await db
    .selectFrom('organisme')
    .select(['siret', 'raison_sociale as nom'])
    .where('siret', 'in', liste)
    .execute();
  for (const r of [...sirene, ...declares]) if (r.nom) noms.set(r.siret, r.nom);
  return noms;
}

/**
 * A name of SIREN `siren` as declared in Offre: the raison sociale of its first establishment
 * (by SIRET) that has one; null when none has.
 */
export async function nomDeclareDuSiren(db: Executor, siren: string): Promise<string | null> {
  const r = await db
    .selectFrom('organisme')
    .select('raison_sociale')
    .where('siren', '=', siren)
    .where('raison_sociale', 'is not', null)
    .orderBy('siret')
    .limit(1)
    .executeTakeFirst();
  return r?.raison_sociale ?? null;
}

/**
 * What the reference data and the store say of the establishments `sirets` a write would create
 * (domain/etablissement-reconnu.ts): `reconnus`, those some reference knows by SIRET (Sirene, the
 * DGEFP list, ACCE, a structure's sign-up); `sirensConnus`, their SIRENs that Offre knows as a
 * structure (an establishment stored or in Sirene, a DGEFP declaration, an account). One statement;
 * every lookup is by an indexed column (the sign-up table is small).
 */
export async function faitsEtablissements(
  db: Executor,
  sirets: readonly string[],
): Promise<{ reconnus: Set<string>; sirensConnus: Set<string> }> {
  const reconnus = new Set<string>();
  const sirensConnus = new Set<string>();
  if (sirets.length === 0) return { reconnus, sirensConnus };
  const liste = [...new Set(sirets)];
  const sirens = [...new Set(liste.map((s) => s.slice(0, 9)))];
  // The first select types the union: the DGEFP list's SIRET may be null.
  const rows = await db
    .selectFrom('organisme_declare')
    .select(['siret as cle', sql<string>`'siret'`.as('quoi')])
    .where('siret', 'in', liste)
    .union((eb) =>
      eb
        .selectFrom('etablissement')
        .select(['siret as cle', sql<string>`'siret'`.as('quoi')])
        .where('siret', 'in', liste),
    )
    .union((eb) =>
      eb
        .selectFrom('uai')
        .select(['siret as cle', sql<string>`'siret'`.as('quoi')])
        .where('siret', 'in', liste),
    )
    .union((eb) =>
      eb
        .selectFrom('structure_etablissement')
        .select(['siret as cle', sql<string>`'siret'`.as('quoi')])
        .where('siret', 'in', liste),
    )
    .union((eb) =>
      eb
        .selectFrom('organisme')
        .select(['siren as cle', sql<string>`'siren'`.as('quoi')])
        .where('siren', 'in', sirens),
    )
    .union((eb) =>
      eb
        .selectFrom('etablissement')
        .select(['siren as cle', sql<string>`'siren'`.as('quoi')])
        .where('siren', 'in', sirens),
    )
    .union((eb) =>
      eb
        .selectFrom('organisme_declare')
        .select(['siren as cle', sql<string>`'siren'`.as('quoi')])
        .where('siren', 'in', sirens),
    )
    .union((eb) =>
      eb
        .selectFrom('structure')
        .select(['siren as cle', sql<string>`'siren'`.as('quoi')])
        .where('siren', 'in', sirens),
    )
    .execute();
  for (const r of rows) if (r.cle) (r.quoi === 'siret' ? reconnus : sirensConnus).add(r.cle);
  return { reconnus, sirensConnus };
}
