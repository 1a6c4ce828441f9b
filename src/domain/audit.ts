import { isIP } from 'node:net';
import { dateHeureLongue, jourIsoLong, readJour } from './dates.ts';
import { type CodeErreur, ERREURS } from './errors.catalogue.ts';

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

// The framework's codes a refusal answered 403 may carry (details.code of `acces_refuse`: the
// thrown error's own code, before http/errors.handler.ts turns it into CSRF_INVALIDE), in words.
const CODES_TECHNIQUES: Readonly<Record<string, string>> = {
  FST_CSRF_INVALID_TOKEN: 'jeton de sécurité du formulaire invalide (page expirée ou envoi d’ailleurs)',
  FST_CSRF_MISSING_SECRET: 'jeton de sécurité du formulaire absent (cookies refusés ou session expirée)',
};

/** The framework codes the journal labels (audit.test.ts checks the error handler names no other). */
export const CODES_FRAMEWORK_AUDITES: readonly string[] = Object.keys(CODES_TECHNIQUES);

/**
 * A refusal's recorded code in words: Offre's own codes by their catalogue title (the API's
 * problem `title`: « Accès refusé », « Filtre sur des formations que cet accès ne voit pas »), the
 * framework's by CODES_TECHNIQUES. Null for a code neither knows.
 */
export function libelleCodeRefus(code: string): string | null {
  if (Object.hasOwn(CODES_TECHNIQUES, code)) return CODES_TECHNIQUES[code]!;
  return Object.hasOwn(ERREURS, code) ? ERREURS[code as CodeErreur].titre : null;
}

/** The French name of each detail an event stores (services writing `auditer`); another reads « détail ». */
const CLES_DETAILS: Readonly<Record<string, string>> = {
  role: 'rôle',
  email: 'courriel',
  regions: 'régions',
  academies: 'académies',
  siren: 'SIREN',
  motif: 'motif',
  sessions_terminees: 'sessions fermées',
  name: 'nom',
  prefixe: 'préfixe',
  scope: 'portée',
  quota_lecture: 'quota de lectures',
  quota_ecriture: 'quota d’écritures',
  avant: 'avant',
  apres: 'après',
  genre: 'genre',
  limite: 'limite',
  compteur: 'compteur',
  fenetre_s: 'fenêtre (secondes)',
  code: 'code',
  methode: 'méthode',
  chemin: 'chemin',
};

/** Stored codes among the details' values, in words. */
const VALEURS_DETAILS: Readonly<Record<string, string>> = {
  mot_de_passe: 'mot de passe erroné',
  compte_inconnu: 'compte inconnu',
  compte_desactive: 'compte désactivé',
  read: 'lecture',
  write: 'écriture',
  admin: 'administrateur',
  lecture: 'lecture',
  ecriture: 'écriture',
  connexion_compte_ip: 'connexions échouées à ce compte depuis cette adresse',
  connexion_compte: 'connexions échouées à ce compte, toutes adresses',
  connexion_ip: 'connexions échouées depuis cette adresse',
  inscription_ip: 'inscriptions depuis cette adresse',
  reinitialisation_ip: 'demandes de réinitialisation depuis cette adresse',
};

const videDetail = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** One detail's value in words: a code by its label, a list joined, an object « rôle organisme, régions 11 ». */
function valeurDetail(v: unknown): string {
  if (Array.isArray(v)) return v.map(valeurDetail).join(', ');
  if (typeof v === 'object' && v !== null)
    return Object.entries(v)
      .filter(([, x]) => !videDetail(x))
      .map(([k, x]) => `${CLES_DETAILS[k] ?? 'détail'} ${valeurDetail(x)}`)
      .join(', ');
  if (typeof v === 'boolean') return v ? 'oui' : 'non';
  const texte = String(v);
  return VALEURS_DETAILS[texte] ?? texte;
}

/**
 * An event's details as French text for people (journal page and `offre audit list`, one writer
 * for both): `nom : valeur` joined by « ; », each key by its French name (« rôle : organisme ;
 * courriel : … »), empty values left out; never a key nor a JSON dump (`--json` and the API keep
 * them). An Offre code keeps its stable name before its label, as operators grep it and compare it
 * with the API's answers: « code : ACCES_REFUSE (Accès refusé) »; a framework code (FST_…, never
 * sent to a client) reads as its label only.
 */
export function detailsLisibles(d: Readonly<Record<string, unknown>>): string {
  const code = (v: string) => {
    const libelle = libelleCodeRefus(v);
    if (!libelle) return null;
    return Object.hasOwn(ERREURS, v) ? `${v} (${libelle})` : libelle;
  };
  return Object.entries(d)
    .filter(([, v]) => !videDetail(v))
    .map(
      ([k, v]) =>
        `${CLES_DETAILS[k] ?? 'détail'} : ${(k === 'code' && typeof v === 'string' && code(v)) || valeurDetail(v)}`,
    )
    .join(' ; ');
}

/**
 * Who acted, as the journal says it: `utilisateur:gestion@carif.example` → « gestion@carif.example »,
 * `systeme:cli` → « ligne de commande », `cle:SI Parcoursup` → « clé d’API « SI Parcoursup » »,
 * another of Offre's own actors « Offre (<quoi>) »; none « – ».
 */
export function acteurAudit(acteur: string | null | undefined): string {
  if (!acteur) return '–';
  const [k, ...r] = acteur.split(':');
  const v = r.join(':');
  if (k === 'utilisateur') return v;
  if (k === 'cle') return `clé d’API « ${v} »`;
  if (k === 'systeme')
    return ['cli', 'import-lheo', 'import-classeur'].includes(v) ? 'ligne de commande' : `Offre (${v})`;
  return acteur;
}

/**
 * An event as `offre audit list` writes it (text): date in words (Paris), label, actor, address,
 * target, details (a refusal's code by its stable name and its label: detailsLisibles).
 */
export function ligneAudit(l: {
  readonly at: string | Date;
  readonly evenement: string;
  readonly acteur: string | null;
  readonly ip: string | null;
  readonly cible: string | null;
  readonly details: Readonly<Record<string, unknown>>;
}): string {
  const d = detailsLisibles(l.details);
  const libelle = isEvenementSecurite(l.evenement) ? EVENEMENTS_SECURITE[l.evenement] : l.evenement;
  return `${dateHeureLongue(l.at)}  ${libelle}  ${acteurAudit(l.acteur)}  ${l.ip ?? '–'}  ${l.cible ?? '–'}${d ? `  ${d}` : ''}`;
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

/** A refused filter of the journal (page /admin/journal, `offre audit list`): its field and French message. */
export interface ErreurFiltreAudit {
  readonly champ: 'du' | 'au' | 'ip';
  readonly message: string;
}

/**
 * The command line's names of the journal's filters (`offre audit list`): its errors name the
 * option typed, not the page's fields (« Du », « Au »).
 */
export interface OptionsFiltreAudit {
  readonly evenement: string;
  readonly du: string;
  readonly au: string;
  readonly ip: string;
}

/**
 * The journal's period and address filters checked together, every error at once: a day that is
 * not a calendar day (AAAA-MM-JJ or JJ/MM/AAAA), « Au » before « Du » (an empty period, never a
 * silently empty list), an IP that is neither IPv4 nor IPv6. `du`, `au`: the days read, ISO.
 * `options`: the messages name these command-line options instead of the page's fields.
 */
export function checkFiltreAudit(
  f: { du?: string; au?: string; ip?: string },
  options?: OptionsFiltreAudit,
): {
  erreurs: ErreurFiltreAudit[];
  du?: string;
  au?: string;
} {
  const erreurs: ErreurFiltreAudit[] = [];
  const jour = (v: string | undefined, champ: 'du' | 'au') => {
    const t = v?.trim();
    if (!t) return undefined;
    const j = readJour(t);
    if (!j)
      erreurs.push({
        champ,
        message: `${options ? options[champ] : 'Date'} « ${t} » : pas une date du calendrier (AAAA-MM-JJ attendu).`,
      });
    return j ?? undefined;
  };
  const du = jour(f.du, 'du');
  const au = jour(f.au, 'au');
  if (du && au && au < du)
    erreurs.push({
      champ: 'au',
      message: options
        ? `La date de ${options.au} (${jourIsoLong(au)}) est avant celle de ${options.du} (${jourIsoLong(du)}) : donnez à ${options.au} une date égale ou postérieure.`
        : `La date « Au » (${jourIsoLong(au)}) est avant la date « Du » (${jourIsoLong(du)}) : donnez une date « Au » égale ou postérieure.`,
    });
  const ip = f.ip?.trim();
  if (ip && !isIP(ip))
    erreurs.push({
      champ: 'ip',
      message: `${options ? options.ip : 'Adresse IP'} « ${ip.slice(0, 64)} » : ni une adresse IPv4 (ex. 192.0.2.10) ni une adresse IPv6 (ex. 2001:db8::1).`,
    });
  return { erreurs, ...(du && { du }), ...(au && { au }) };
}
