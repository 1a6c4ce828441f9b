import { closest, distance } from 'fastest-levenshtein';
import { OffreError } from '../../domain/errors.ts';

/**
 * The refusal of a query parameter the route does not declare in its contract (src/contract):
 * 400 PARAMETRE_INCONNU naming it, suggesting the closest declared one when it looks like a typo
 * (`regoin` → `region`), and listing the accepted ones. A typo would otherwise be ignored and the
 * answer would silently be the whole, unfiltered list.
 */
export function refuserParametresInconnus(query: unknown, connus: readonly string[]): void {
  if (!query || typeof query !== 'object') return;
  const inconnu = Object.keys(query).find((k) => !connus.includes(k));
  if (inconnu === undefined) return;
  throw new OffreError('PARAMETRE_INCONNU', messageParametreInconnu(inconnu, connus), {
    champ: inconnu,
    parametres_acceptes: [...connus],
  });
}

/** « Paramètre « regoin » inconnu : vouliez-vous dire « region » ? Paramètres acceptés : … » */
export function messageParametreInconnu(nom: string, connus: readonly string[]): string {
  const affiche = nom.length > 40 ? `${nom.slice(0, 40)}…` : nom;
  if (connus.length === 0)
    return `Paramètre « ${affiche} » inconnu : cette route n’accepte aucun paramètre de requête.`;
  const proche = closest(nom.toLowerCase(), [...connus]);
  // A suggestion only when it is near: at most a third of the letters differ (2 at least).
  const seuil = Math.max(2, Math.floor(Math.max(nom.length, proche.length) / 3));
  const suggestion = distance(nom.toLowerCase(), proche) <= seuil ? ` Vouliez-vous dire « ${proche} » ?` : '';
  return `Paramètre « ${affiche} » inconnu.${suggestion} Paramètres acceptés : ${connus.join(', ')}.`;
}
