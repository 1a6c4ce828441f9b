import { nomRegion } from './geo.ts';
import { enumeration } from './pluriel.ts';

// What a gestionnaire is told of a formation outside its régions (403 on the gestion pages): that
// it exists and which région(s) it belongs to — nothing else (no title unless it may read the
// offer, no organisme, no status).

/**
 * « Cette formation relève de la région Bretagne : elle est hors de votre périmètre
 * (Hauts-de-France). » `regionsFormation`: the INSEE codes of the formation's live sessions (and
 * open revision); `regionsGestionnaire`: the gestionnaire's; `intitule`: the title, only when the
 * gestionnaire may read the offer (a diffused one) — else « Cette formation ».
 */
export function messageHorsPerimetre(
  regionsFormation: readonly string[],
  regionsGestionnaire: readonly string[],
  intitule?: string | null,
): string {
  const sujet =
    intitule === undefined
      ? 'Cette formation'
      : intitule
        ? `La formation « ${intitule} »`
        : 'Cette formation sans intitulé';
  return `${sujet} ${releve(regionsFormation)} : elle est hors de votre périmètre${votre(regionsGestionnaire)}.`;
}

/** « relève de la région Bretagne », « relève des régions … et … », « n’a de session dans aucune région ». */
function releve(regions: readonly string[]): string {
  const noms = [...new Set(regions)].map(nomRegion).sort((a, b) => a.localeCompare(b, 'fr'));
  return noms.length === 0
    ? 'n’a de session dans aucune région'
    : noms.length === 1
      ? `relève de la région ${noms[0]}`
      : `relève des régions ${enumeration(noms)}`;
}

const votre = (regions: readonly string[]) =>
  regions.length ? ` (${enumeration(regions.map(nomRegion))})` : '';

/**
 * The campaign workbook of an organisme with no offer in the gestionnaire's régions (403 on
 * GET /organismes/{siret}/classeur): « L’offre de l’organisme 93191000400049 relève de la région
 * Pays de la Loire : son classeur est hors de votre périmètre (Bretagne). » `regionsOrganisme`:
 * the INSEE codes of its offer's live sessions.
 */
export function messageClasseurHorsPerimetre(
  siret: string,
  regionsOrganisme: readonly string[],
  regionsGestionnaire: readonly string[],
): string {
  const sujet = regionsOrganisme.length
    ? `L’offre de l’organisme ${siret} ${releve(regionsOrganisme)}`
    : `L’organisme ${siret} n’a d’offre dans aucune région`;
  return `${sujet} : son classeur est hors de votre périmètre${votre(regionsGestionnaire)}.`;
}

/**
 * A record matched by its external key (`cle`: an LHEO numero, an API cle_externe) to a formation
 * of another région that gestionnaire may not read (a draft): « La formation de numéro « F-2 »
 * relève de la région Bretagne, hors de votre périmètre (Hauts-de-France) : vous ne pouvez pas la
 * mettre à jour. » — where it is, as messageHorsPerimetre says, never its id nor its title.
 */
export function messageCleHorsPerimetre(
  cle: string,
  regionsFormation: readonly string[],
  regionsGestionnaire: readonly string[],
): string {
  const ou = regionsFormation.length
    ? `${releve(regionsFormation)}, hors de votre périmètre${votre(regionsGestionnaire)}`
    : `n’a de session dans aucune région de votre périmètre${votre(regionsGestionnaire)}`;
  return `La formation de numéro « ${cle} » ${ou} : vous ne pouvez pas la mettre à jour.`;
}
