import type { AppContext } from '../../src/context.ts';

/** A SIREN Sirene knows by another name than the one a sign-up types (a fresh user's report, 05/12/2026). */
export const SIREN_PASTEUR = '934455825';
export const NOM_PASTEUR = 'Lycée polyvalent Louis Pasteur';

/**
 * Sirene's active establishment 934 455 825 00075, « Lycée polyvalent Louis Pasteur », in Drancy
 * (93029, Île-de-France), with the commune as the référentiel names it.
 */
export async function sirenePasteur(db: AppContext['db']): Promise<void> {
  await db
    .insertInto('etablissement')
    .values({
      siret: `${SIREN_PASTEUR}00075`,
      siren: SIREN_PASTEUR,
      etat: 'A',
      denomination: NOM_PASTEUR,
      code_commune: '93029',
      code_postal: '93700',
      run_id: null,
    })
    .execute();
  await db.deleteFrom('commune').where('code_insee', '=', '93029').execute();
  await db
    .insertInto('commune')
    .values({
      code_insee: '93029',
      code_postal: '93700',
      nom: 'Drancy',
      code_departement: '93',
      code_region: '11',
      lat: null,
      lon: null,
      population: null,
      run_id: null,
    })
    .execute();
}
