import type { Executor } from '../db/executor.ts';
import { findOrganismeEtFaits } from '../db/organisme.repository.ts';
import { notFound } from '../domain/errors.ts';

/** An organisme as declared in Offre, with what Sirene, the DGEFP list and ACCE say about it (public data). */
export async function getOrganisme(db: Executor, siret: string) {
  const { organisme, sirene, declarations, uais } = await findOrganismeEtFaits(db, siret);
  if (!organisme && !sirene && declarations.length === 0 && uais.length === 0)
    throw notFound(`Organisme ${siret}`);
  return {
    siret,
    siren: organisme?.siren ?? sirene?.siren ?? siret.slice(0, 9),
    raison_sociale: organisme?.raison_sociale ?? sirene?.denomination ?? null,
    uai: organisme?.uai ?? null,
    nda: organisme?.nda ?? null,
    adresse: organisme
      ? {
          adresse: organisme.adresse,
          code_postal: organisme.code_postal,
          commune: organisme.commune,
          code_insee: organisme.code_insee,
        }
      : null,
    referentiels: {
      sirene: sirene
        ? {
            etat: sirene.etat === 'A' ? ('actif' as const) : ('ferme' as const),
            denomination: sirene.denomination,
            code_commune: sirene.code_commune,
            code_postal: sirene.code_postal,
          }
        : null,
      declarations: declarations.map((d) => ({
        nda: d.nda,
        denomination: d.denomination,
        qualiopi: {
          actions_formation: d.qualiopi_actions_formation,
          bilans: d.qualiopi_bilans,
          vae: d.qualiopi_vae,
          apprentissage: d.qualiopi_apprentissage,
        },
      })),
      uai: uais.map((u) => ({
        uai: u.uai,
        denomination: u.denomination,
        code_commune: u.code_commune,
        lat: u.lat,
        lon: u.lon,
      })),
    },
  };
}
