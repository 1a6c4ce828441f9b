// Security events of the audit trail (issue 15 item 6): codes stored, French labels shown.

export const EVENEMENTS_SECURITE = {
  connexion_reussie: 'Connexion réussie',
  connexion_echouee: 'Connexion refusée',
  compte_cree: 'Compte créé',
  role_modifie: 'Rôle modifié',
  compte_desactive: 'Compte désactivé',
  compte_reactive: 'Compte réactivé',
  cle_creee: 'Clé d’API créée',
  cle_revoquee: 'Clé d’API révoquée',
  cle_quota: 'Quota de clé d’API modifié',
  cle_profils: 'Profils partenaires de clé d’API modifiés',
  cle_nouvelle_ip: 'Clé d’API utilisée depuis une nouvelle adresse',
  cle_refusee: 'Clé d’API refusée (inconnue, révoquée ou expirée)',
  acces_refuse: 'Accès refusé (403)',
  limite_depassee: 'Limite de requêtes dépassée (429)',
} as const;

export type EvenementSecurite = keyof typeof EVENEMENTS_SECURITE;

export const isEvenementSecurite = (v: string): v is EvenementSecurite =>
  Object.hasOwn(EVENEMENTS_SECURITE, v);

// Technical error codes that may be recorded (details.code of a refusal), in words.
const CODES_TECHNIQUES: Record<string, string> = {
  FST_CSRF_INVALID_TOKEN: 'jeton de sécurité du formulaire invalide (page expirée ou envoi d’ailleurs)',
  FST_CSRF_MISSING_SECRET: 'jeton de sécurité du formulaire absent (cookies refusés ou session expirée)',
};

/**
 * An event's details as French text for people (journal page, CLI): `clé : valeur` joined by
 * « ; », empty values left out, a technical error code replaced by its French label.
 */
export function detailsLisibles(d: Readonly<Record<string, unknown>>): string {
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => {
      const texte = typeof v === 'object' ? JSON.stringify(v) : String(v);
      return `${k} : ${(k === 'code' && CODES_TECHNIQUES[texte]) || texte}`;
    })
    .join(' ; ');
}

// An API key (`offre_` + 43 base64url characters) or a bearer token, wherever it hides.
const SECRET = /offre_[A-Za-z0-9_-]{12,}/g;

/**
 * A text safe to store in the audit trail: any API key in it is cut to its 12-character prefix
 * (what `offre apikey list` shows), and it is bounded to `max` characters. Defence in depth: the
 * callers never pass a secret on purpose.
 */
export function sansSecret(v: string, max = 300): string {
  return v.replace(SECRET, (k) => `${k.slice(0, 12)}…`).slice(0, max);
}

/** `details` with every string passed through sansSecret (nested values too). */
export function detailsSansSecret(d: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const propre = (v: unknown): unknown =>
    typeof v === 'string'
      ? sansSecret(v)
      : Array.isArray(v)
        ? v.map(propre)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, propre(x)]))
          : v;
  return propre(d) as Record<string, unknown>;
}
