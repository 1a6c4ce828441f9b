import type { Executor } from './executor.ts';

// An organisme and the reference facts the official files hold about it (Sirene, DGEFP list, ACCE).

export function findOrganisme(db: Executor, siret: string) {
  return db.selectFrom('organisme').selectAll().where('siret', '=', siret).executeTakeFirst();
}

export function findEtablissement(db: Executor, siret: string) {
  return db
    .selectFrom('etablissement')
    .select(['siret', 'siren', 'etat', 'denomination', 'code_commune', 'code_postal', 'run_id'])
    .where('siret', '=', siret)
    .executeTakeFirst();
}

export function findDeclarations(db: Executor, siret: string) {
  return db
    .selectFrom('organisme_declare')
    .select([
      'nda',
      'siren',
      'siret',
      'denomination',
      'qualiopi_actions_formation',
      'qualiopi_bilans',
      'qualiopi_vae',
      'qualiopi_apprentissage',
      'run_id',
    ])
    .where((eb) =>
      eb.or([
        eb('siret', '=', siret),
        eb.and([eb('siren', '=', siret.slice(0, 9)), eb('siret', 'is', null)]),
      ]),
    )
    .orderBy('nda')
    .execute();
}

export function findUais(db: Executor, siret: string) {
  return db
    .selectFrom('uai')
    .select(['uai', 'denomination', 'code_commune', 'lat', 'lon', 'run_id'])
    .where('siret', '=', siret)
    .orderBy('uai')
    .execute();
}
