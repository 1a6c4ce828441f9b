import type { FastifyReply, FastifyRequest } from 'fastify';
import { aRole } from '../../domain/acces.ts';
import type { CodeErreur } from '../../domain/errors.catalogue.ts';
import { OffreError } from '../../domain/errors.ts';
import { cadreSync } from './cadre.ts';
import type { TexteLibre } from './comptes/connexion.page.tsx';
import { ErreurPage, type Retour } from './erreur.page.tsx';
import { page } from './layout.tsx';
import { accueil } from './reponse.ts';

// How the pages show a refusal: a French DSFR page (or a redirection to sign in). The decision
// (which code, which status, which message) is the one error handler's (http/errors.handler.ts),
// shared with the API's problem details; this file only renders. Never a stack trace.

const TITRES: Record<number, string> = {
  400: 'Demande invalide',
  401: 'Connexion requise',
  403: 'Accès refusé',
  404: 'Page introuvable',
  405: 'Méthode non autorisée',
  409: 'Action impossible',
  410: 'Lien expiré',
  413: 'Envoi trop volumineux',
  414: 'Adresse trop longue',
  415: 'Demande invalide',
  429: 'Trop de tentatives',
  500: 'Erreur interne',
  503: 'Service momentanément indisponible',
};

/** Page titles of the codes that deserve their own (else the status's title). */
const TITRES_CODE: Partial<Record<CodeErreur, string>> = {
  COMPTE_EN_ATTENTE: 'Compte en attente de validation',
  COMPTE_STRUCTURE_REFUSEE: 'Inscription de la structure refusée',
  FORMATION_ARCHIVEE: 'Formation archivée : action impossible',
  FORMATION_SUPPRIMEE: 'Formation supprimée : action impossible',
  CSRF_INVALIDE: 'Formulaire expiré',
  // A write while an import holds the embedded base (PGlite), a sign-in's included: say what it is.
  BASE_OCCUPEE: 'Import en cours : réessayez dans une minute',
  TROP_D_INVITATIONS: 'Trop d’invitations',
  CAMPAGNE_INCONNUE: 'Campagne inconnue',
  CAMPAGNE_INVALIDE: 'Année de campagne invalide',
  CURSEUR_INVALIDE: 'Lien de page invalide',
  SIRET_INVALIDE: 'SIRET invalide',
  SESSION_INTROUVABLE: 'Session introuvable',
};

/**
 * A page's refusal whose title names what is refused (« Organisme introuvable ») where its code's
 * title is generic (INTROUVABLE: « Page introuvable »). Thrown like any OffreError (same code,
 * message, details, status); the one handler renders its page under `titre`.
 */
export class RefusDePage extends OffreError {
  constructor(
    code: CodeErreur,
    message: string,
    readonly titre: string,
    details: Readonly<Record<string, unknown>> = {},
    status?: number,
  ) {
    super(code, message, details, status);
  }
}

/** Where a refused link of the Imports page (workbook download) leads back. */
const RETOUR_IMPORTS: Retour = { href: '/espace/imports', libelle: 'Retour aux imports' };
const RETOUR_IMPORTS_GESTION: Retour = { href: '/gestion/imports', libelle: 'Retour aux imports' };
const RETOUR_CAMPAGNES: Retour = { href: '/gestion/campagnes', libelle: 'Retour aux campagnes' };
const RETOUR_ESPACE: Retour = { href: '/espace', libelle: 'Retour à mes formations' };
const RETOUR_FILE: Retour = { href: '/gestion', libelle: 'Retour à la file de validation' };
/** An expired password link: ask for another (its page says so). */
export const RETOUR_LIEN_EXPIRE: Retour = {
  href: '/mot-de-passe/oublie',
  libelle: 'Demander un nouveau lien',
};
/** An expired invitation: the one invited may already have an account. */
export const RETOUR_CONNEXION: Retour = { href: '/connexion', libelle: 'Se connecter' };

/**
 * The lists whose unknown item (404) leads back to them, each under its own address:
 * `/gestion/structures/000000000` → `/gestion/structures`. Said here, not derived from the routes:
 * which lists qualify is a choice (an unknown key or user leads to the role's home) and « aux
 * structures », « au périmètre » are not their pages' titles.
 */
const LISTES: readonly Retour[] = [
  { href: '/gestion/structures', libelle: 'Retour aux structures' },
  { href: '/gestion/referentiels', libelle: 'Retour aux référentiels' },
  { href: '/gestion/inscriptions', libelle: 'Retour aux inscriptions' },
  { href: '/admin/perimetre', libelle: 'Retour au périmètre' },
];

/**
 * The way back of a refusal no page-specific rule names (retourDe): an expired form (CSRF_INVALIDE)
 * back to its page (`formulaire`, the form's page, '/' when unknown); a 401 shown as a page to
 * sign-in; an unknown item of a list (404) back to the list; else, for one signed in (`role`), that
 * one's home — never the page refused itself.
 */
export function retourParDefaut(
  url: string,
  status: number,
  code: CodeErreur | undefined,
  opts: { role?: string; formulaire?: string } = {},
): Retour | undefined {
  const chemin = url.split(/[?#]/)[0]!;
  if (code === 'CSRF_INVALIDE' && opts.formulaire && opts.formulaire !== '/')
    return { href: opts.formulaire, libelle: 'Retour au formulaire' };
  if (status === 401 && !opts.role) return RETOUR_CONNEXION;
  if (status === 404) {
    const liste = LISTES.find((l) => chemin.startsWith(`${l.href}/`));
    if (liste) return liste;
  }
  const chez = accueil(opts.role);
  return chez && chez.href !== chemin ? chez : undefined;
}

/**
 * The "page not found" message of an address no route serves (`/gestion/campagnes/1800`,
 * `/gestion/structures/000000000`): neutral, since nothing is known of what was asked.
 */
export const PAGE_INTROUVABLE = {
  titre: 'Page introuvable',
  message: 'Cette page n’existe pas ou plus. Elle a peut-être été déplacée : vérifiez l’adresse.',
};

/** The "not found" page of a formation that is unknown or no longer diffused (`/formations/{id}`). */
export const FORMATION_INTROUVABLE = {
  titre: 'Formation introuvable',
  message: 'Aucune formation diffusée n’a cette adresse : elle n’existe pas, ou elle n’est plus diffusée.',
};

/** Whether a path segment's percent-escapes decode (`%ZZ`, `%C3%28` do not). */
const decodable = (segment: string) => {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where a refused action on one formation leads back: its page in the space, or its review in the
 * gestion pages. Not to the formation when it is unknown or out of reach (401, 403, 404): the
 * link would lead to the same refusal; a session the formation does not have (SESSION_INTROUVABLE,
 * said once the formation is found in the actor's reach) leads back to the formation. A review
 * refused to one who may see the validation queue (`gestion`: gestionnaires, administrators)
 * leads back to the queue.
 */
export function retourDe(
  url: string,
  status: number,
  code?: CodeErreur,
  gestion = false,
): Retour | undefined {
  if (gestion && (status === 403 || status === 404) && /^\/gestion\/formations\//.test(url))
    return RETOUR_FILE;
  if (status === 401 || status === 403) return undefined;
  // A refused link of the Imports page (e.g. an unknown campaign: 404) leads back to it.
  if (/^\/espace\/imports(?:[/?#]|$)/.test(url)) return RETOUR_IMPORTS;
  if (/^\/gestion\/imports(?:[/?#]|$)/.test(url)) return RETOUR_IMPORTS_GESTION;
  // A refused campaign link of the gestion pages (a malformed or unknown year) leads back to the campaigns.
  if (/^\/gestion\/campagnes(?:[/?#]|$)/.test(url)) return RETOUR_CAMPAGNES;
  // An unknown formation of the space: back to the space's list (the formation's own page is the refusal).
  if (status === 404 && code !== 'SESSION_INTROUVABLE')
    return /^\/espace\/formations\//.test(url) ? RETOUR_ESPACE : undefined;
  const m = /^\/(espace|gestion)\/formations\/([^/?#]+)/.exec(url);
  if (!m || m[2] === 'nouvelle') return undefined;
  // A malformed address (`/espace/formations/%ZZ`) names no formation: back to the list.
  if (code === 'URL_INVALIDE' || !decodable(m[2]!)) return m[1] === 'espace' ? RETOUR_ESPACE : RETOUR_FILE;
  return m[1] === 'espace'
    ? { href: `/espace/formations/${m[2]}`, libelle: 'Retour à la formation' }
    : { href: `/gestion/formations/${m[2]}`, libelle: 'Retour à la revue de la formation' };
}

/**
 * Sends the French error page of a refusal, never stored by a cache (`Cache-Control: no-store`):
 * its title is `titre` when given, else the code's, else the status's; `message` is shown as is.
 */
export function sendErreurPage(
  request: FastifyRequest,
  reply: FastifyReply,
  refus: {
    status: number;
    code: CodeErreur;
    message: string;
    titre?: string;
    formulaire?: string;
    /** The free texts of the refused form, given back to copy (an expired form: CSRF_INVALIDE). */
    textes?: readonly TexteLibre[];
  },
) {
  const titre = refus.titre ?? TITRES_CODE[refus.code] ?? TITRES[refus.status] ?? 'Erreur';
  return reply
    .status(refus.status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(
      page(
        ErreurPage({
          titre,
          message: refus.message,
          code: refus.code,
          textes: refus.textes,
          retour:
            retourDe(
              request.url,
              refus.status,
              refus.code,
              !!request.acteur && aRole(request.acteur, ['gestionnaire', 'admin']),
            ) ??
            retourParDefaut(request.url, refus.status, refus.code, {
              role: request.compte?.role,
              formulaire: refus.formulaire,
            }),
        }),
        cadreSync(request, reply),
      ),
    );
}
