import { REGIONS } from './geo.ts';
import { enumeration } from './pluriel.ts';

// What a gestionnaire is told of a formation outside its régions (403 on the gestion pages): that
// it exists and which région(s) it belongs to — nothing else (no title unless it may read the
// offer, no organisme, no status).

const nom = (r: string) => REGIONS[r] ?? r;

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
  const noms = [...new Set(regionsFormation)].map(nom).sort((a, b) => a.localeCompare(b, 'fr'));
  const releve =
    noms.length === 0
      ? 'n’a de session dans aucune région'
      : noms.length === 1
        ? `relève de la région ${noms[0]}`
        : `relève des régions ${enumeration(noms)}`;
  const votre = regionsGestionnaire.length ? ` (${enumeration(regionsGestionnaire.map(nom))})` : '';
  return `${sujet} ${releve} : elle est hors de votre périmètre${votre}.`;
}
