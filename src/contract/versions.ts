import type { Version } from './route.ts';

// The versions the API's conditional writes compare (RFC 9110 § 13.1, domain/if-match.ts), one per
// kind of resource: a route that answers one declares it in `etag` (the strong ETag of its success
// answer), a route that takes one in `ifMatch`. The OpenAPI document says, from the same object,
// what the ETag header of the one is and what the If-Match header of the other expects.

/** A formation as a writer reads it: the offer and its open revision. */
export const VERSION_FORMATION: Version = {
  description:
    'l’état de la formation pour qui l’écrit (l’offre, ses sessions et sa révision ouverte), tel que `GET /formations/{id}` avec une clé d’écriture, `GET /formations/{id}/revision` ou la réponse d’une écriture le donnent (une lecture publique porte l’ETag faible du cache, `W/"…"`, qui ne vaut pas pour `If-Match`)',
};

/** One platform state of a formation (its offer and the platform's decision). */
export const VERSION_ETAT_PLATEFORME: Version = {
  description:
    'l’état de la formation sur la plateforme (l’offre et la décision), sa `version`, telle que `GET /formations/{id}/plateformes/{plateforme}`, `GET /formations/{id}/plateformes` ou la réponse de la décision précédente la donnent',
};

/** A platform scope rule (its counter, moved by every save). */
export const VERSION_REGLE: Version = {
  description:
    'la `version` de la règle de périmètre, telle que `GET /plateformes/regles/{id}`, la liste des règles ou la réponse d’un enregistrement la donnent',
};

/** A campaign calendar (the national one, or a région's). */
export const VERSION_CALENDRIER: Version = {
  description:
    'la `version` du calendrier (national, ou de la région), telle que `GET /campagnes/{annee}` (même `region`) ou la réponse d’un enregistrement la donnent',
};

/** An API key's partner profiles (what PUT /admin/cles/{id}/profils replaces). */
export const VERSION_PROFILS_CLE: Version = {
  // The key's answer also carries its usage (dernier_usage, appels), which moves on every call.
  partielle: true,
  description:
    'la `version` des profils partenaires de la clé, telle que `GET /admin/cles/{id}`, la liste des clés ou la réponse d’un enregistrement la donnent',
};
