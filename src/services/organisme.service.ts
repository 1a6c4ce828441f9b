import type { Executor } from '../db/executor.ts';
import { findOrganismeEtFaits, organismeDansFormationVue } from '../db/organisme.repository.ts';
import { isAdministrateur, sirenLie, visibiliteOf } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { notFound } from '../domain/errors.ts';

/**
 * An organisme as declared in Offre, with what Sirene, the DGEFP list and ACCE say about it, as
 * `acteur` may see it. What Offre stores of an establishment (its `organisme` row: name, UAI, NDA,
 * address, as a writer declared them) is shown when the public may see it — a reference knows the
 * SIRET (Sirene, the DGEFP list by SIRET, ACCE), or it plays a role in a diffused formation — or
 * when the caller may: its own SIREN's establishment, one of a formation it sees (its drafts, its
 * région's for a gestionnaire), any for an administrator. Otherwise only the reference facts are
 * shown (a DGEFP declaration of its SIREN), and with none of them it is unknown: INTROUVABLE (404),
 * the same answer as an unknown SIRET (an establishment named only in a draft is nobody else's
 * business). The answer depends on the caller: the route sends `Vary` (read-cache.ts SELON_APPELANT).
 */
export async function getOrganisme(db: Executor, siret: string, acteur: Acteur) {
  const faits = await findOrganismeEtFaits(db, siret);
  const { sirene, declarations, uais } = faits;
  const connuDesReferentiels = !!sirene || uais.length > 0 || declarations.some((d) => d.siret === siret);
  const organisme =
    faits.organisme &&
    (connuDesReferentiels ||
      isAdministrateur(acteur) ||
      sirenLie(acteur) === siret.slice(0, 9) ||
      (await organismeDansFormationVue(db, siret, visibiliteOf(acteur))))
      ? faits.organisme
      : null;
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
