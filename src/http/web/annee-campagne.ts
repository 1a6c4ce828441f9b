import { campagneParam } from '../../contract/params.ts';
import { OffreError } from '../../domain/errors.ts';
import { extrait } from '../../domain/issue-zod.mots.ts';
import { parametreUnique } from '../champ.fr.ts';

/**
 * A campaign year named by a page's address or link (`/gestion/campagnes/2027/…`, `?campagne=2027`):
 * the API's rule (contract campagneParam, four digits), so `2026.0`, `02026` or `1e3` are refused
 * as there. Errors: 400 PARAMETRE_REPETE when the query names it twice (`?annee=2026&annee=2027`:
 * neither is taken, as the API refuses a repeated parameter); 400 CAMPAGNE_INVALIDE in a sentence
 * naming the value, cut past 40 characters as the API's refusals stop echoing it (issue-zod.mots.ts
 * extrait: « L’année de campagne « abc » n’est pas une année : … » — a page's reader never sees
 * the parameter's name, the API's refusals keep it); a year with no campaign is the service's 404
 * CAMPAGNE_INCONNUE.
 */
export function anneeCampagne(v: unknown, champ: string, lieu: 'params' | 'querystring'): number {
  const r = campagneParam().safeParse(parametreUnique(v, champ, lieu));
  if (r.success) return r.data;
  throw new OffreError(
    'CAMPAGNE_INVALIDE',
    `L’année de campagne « ${extrait(v)} » n’est pas une année : quatre chiffres attendus (AAAA, ex. 2026).`,
    { champ },
  );
}
