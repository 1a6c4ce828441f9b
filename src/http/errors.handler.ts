import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import FindMyWay from 'find-my-way';
import { isConflitConcurrent } from '../db/conflit.ts';
import { baseInjoignable, RETRY_BASE_S } from '../db/injoignable.ts';
import { type CodeErreur, ERREURS } from '../domain/errors.catalogue.ts';
import { OffreError } from '../domain/errors.ts';
import { type IssueZod, nomDuChamp, valeurEn } from '../domain/issue-zod.ts';
import { nombre } from '../domain/nombres.ts';
import { type Lieu, messageChamp, messageRepete } from './champ.fr.ts';
import { refusMultipart } from './multipart.ts';
import { problem, sendProblem } from './problem.ts';
import { annonceDe, ConnexionPage, textesLibres } from './web/comptes/connexion.page.tsx';
import { PAGE_INTROUVABLE, RefusDePage, sendErreurPage } from './web/erreurs.tsx';
import { MOT_DE_PASSE_A_CHANGER, NON_CONNECTE } from './web/guard.ts';
import { sendPage } from './web/reponse.ts';

// The one error handler of the whole server (API and pages), its not-found handler and the
// router's own refusals. Every error becomes one refusal of the catalogue (code, status, French
// detail); the route decides the shape: under /api/ RFC 9457 problem details
// (application/problem+json), elsewhere the pages' DSFR error page (or a redirection to sign in).
// 5xx answers stay generic and are logged; never a stack trace nor an internal message.

/** One refusal, whatever its shape on the wire. */
export interface Refus {
  readonly status: number;
  readonly code: CodeErreur;
  /** French, for the API (names the fields, the limit…). */
  readonly detail: string;
  /** Members added to the problem details (`erreurs`, `champ`, `limite_octets`…). */
  readonly extra?: Record<string, unknown>;
  /** French, for a page, when it must differ from `detail` (which may speak of JSON or headers). */
  readonly page?: string;
  /** French, the page's title when the code's is too generic (RefusDePage). */
  readonly titre?: string;
}

/** The code and its status, as the catalogue gives them (one home for each status). */
const du = (code: CodeErreur) => ({ code, status: ERREURS[code].status });

/** A request of the API (problem details) rather than of the pages (HTML). */
export const estApi = (request: FastifyRequest) => /^\/api(?:[/?#]|$)/.test(request.url);

/** A page message for a refused form or link whose detail is the API's. */
const PAGE_INVALIDE = 'La demande n’a pas pu être traitée : vérifiez ce que vous avez saisi.';

/** The French message shown to anyone for a 5xx: nothing of the cause. */
const MESSAGE_INTERNE = 'Une erreur interne est survenue. Elle a été journalisée ; réessayez plus tard.';

/** A state-changing request sent with the session cookie but without a valid anti-forgery token. */
export const MESSAGE_CSRF =
  'Jeton anti-falsification (CSRF) absent ou invalide : rechargez la page et recommencez. Un script qui utilise la session envoie le jeton de la page dans l’en-tête X-CSRF-Token.';

/**
 * Offre's stable code of a field of the JSON body refused by one of the validator's checks (never
 * the validator's own word, `invalid_format`…): docs/api.md « Erreurs ».
 */
export const CODES_CHAMP: Readonly<Record<string, string>> = {
  invalid_type: 'CHAMP_TYPE_INVALIDE',
  too_big: 'CHAMP_TROP_GRAND',
  too_small: 'CHAMP_TROP_PETIT',
  invalid_value: 'CHAMP_VALEUR_INVALIDE',
  invalid_format: 'CHAMP_FORMAT_INVALIDE',
  unrecognized_keys: 'CHAMP_INCONNU',
};

/**
 * The code of one field in `erreurs`: the catalogue code its rule names (`propre`), else, for a
 * field of the JSON body, Offre's code of the validator's check (CODES_CHAMP); a rule of our own
 * that names none (zod's `custom`: an e-mail, a web address, a session year) or a check without a
 * code of ours is the API's own refusal of such a field, REQUETE_INVALIDE — and so is any refused
 * query or path parameter (`dry_run=peut-etre`, `format=csv`): a parameter's code is always one of
 * the catalogue. Never a validator's word.
 */
const codeDuChamp = (propre: unknown, verification: unknown, lieu: Lieu): string => {
  if (propre !== undefined && (lieu === 'body' || String(propre) in ERREURS)) return String(propre);
  return (lieu === 'body' && CODES_CHAMP[String(verification)]) || 'REQUETE_INVALIDE';
};

function champsInvalides(
  error: FastifyError & { validation: NonNullable<FastifyError['validation']> },
  request: FastifyRequest,
) {
  const lieu = (error.validationContext ?? 'body') as Lieu;
  const racine = { body: request.body, querystring: request.query, params: request.params }[
    lieu as 'body'
  ] as unknown;
  const erreurs = error.validation.map((v) => {
    const issue = (v.params as { issue?: { path?: PropertyKey[]; code?: string } } | undefined)?.issue;
    // A refinement may name its catalogue code (zod's issue `params.code`, e.g. REGION_INCONNUE).
    const propre = (v.params as { params?: { code?: unknown } } | undefined)?.params?.code;
    const chemin = [
      v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
      issue?.path?.map(String).join('.'),
    ]
      .filter(Boolean)
      .join('.');
    const champ = chemin || String(error.validationContext ?? '');
    const repete = messageRepete(chemin, lieu, valeurEn(racine, chemin));
    if (repete) return { champ, message: repete, code: 'PARAMETRE_REPETE' };
    return {
      champ,
      message: messageChamp(
        chemin,
        lieu,
        { ...(v.params as IssueZod), code: v.keyword, message: v.message },
        valeurEn(racine, chemin),
      ),
      code: codeDuChamp(propre, issue?.code ?? v.keyword, lieu),
    };
  });
  if (lieu === 'body') return erreurs;
  // A query or path parameter: one error each (docs/api.md), the one with a catalogue code of its
  // own if any (`since` of 26 digits fails both its length and its cursor rule: CURSEUR_INVALIDE).
  const parChamp = new Map<string, (typeof erreurs)[number]>();
  for (const e of erreurs) {
    const deja = parChamp.get(e.champ);
    if (!deja || (deja.code === 'REQUETE_INVALIDE' && e.code !== 'REQUETE_INVALIDE'))
      parChamp.set(e.champ, e);
  }
  return [...parChamp.values()];
}

/** The catalogue refusal of any error a route, a hook, a parser or a plugin can throw. */
export function refusDe(error: FastifyError, request: FastifyRequest): Refus {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const erreurs = champsInvalides(error, request);
    // One refusal with a code of its own in the catalogue: the problem carries that code.
    const seul =
      erreurs.length === 1 && erreurs[0]!.code in ERREURS ? (erreurs[0]!.code as CodeErreur) : null;
    return {
      ...du(seul ?? 'REQUETE_INVALIDE'),
      detail:
        erreurs.length === 1
          ? erreurs[0]!.message
          : `La requête contient ${erreurs.length} champs invalides : ${erreurs.map((e) => nomDuChamp(e.champ)).join(', ')} (le détail de chacun est dans « erreurs »).`,
      // One field: named at the top as well, as the refusals thrown by a service name it (`champ`).
      extra: erreurs.length === 1 ? { champ: erreurs[0]!.champ, erreurs } : { erreurs },
      page: PAGE_INVALIDE,
    };
  }
  // A multipart body its parser cannot read (busboy's errors have no code), or over one of its
  // limits (FST_FIELDS_LIMIT…): the client's refusal, never the generic 413 « corps trop volumineux ».
  const offre = error instanceof OffreError ? error : refusMultipart(error);
  if (offre)
    return {
      status: offre.status,
      code: offre.code,
      detail: offre.message,
      extra: { ...offre.details },
      ...(offre instanceof RefusDePage && { titre: offre.titre }),
    };
  if (
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (error.statusCode === 400 && error instanceof SyntaxError)
  )
    return {
      ...du('JSON_INVALIDE'),
      detail: 'Le corps de la requête n’est pas un JSON valide.',
      page: PAGE_INVALIDE,
    };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return {
      ...du('TYPE_NON_PRIS_EN_CHARGE'),
      detail: 'Type de contenu non pris en charge : envoyez du JSON.',
      page: PAGE_INVALIDE,
    };
  if (error.statusCode === 413 || error.code === 'FST_REQ_FILE_TOO_LARGE') {
    const limite = request.routeOptions.bodyLimit;
    return {
      ...du('TROP_VOLUMINEUX'),
      detail: `Le corps de la requête dépasse la limite de cette route (${nombre(Math.round(limite / 1024))} Ko). Un fichier volumineux s’importe par la commande « offre import … » ou l’import asynchrone de l’espace (/espace/imports).`,
      extra: { limite_octets: limite },
      page: 'Le contenu envoyé est trop volumineux.',
    };
  }
  if (error.code === 'FST_ERR_HANDLER_TIMEOUT')
    return {
      ...du('DELAI_DEPASSE'),
      detail:
        'La réponse a pris plus que le temps admis pour une lecture (OFFRE_LIMITE_DUREE_S) : réessayez, ou restreignez la demande (filtres, limit).',
      page: 'La page a pris trop de temps à se construire : réessayez dans un instant.',
    };
  if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET')
    return {
      ...du('CSRF_INVALIDE'),
      detail: MESSAGE_CSRF,
      page: 'Ce formulaire a expiré ou ne vient pas de ce site (protection contre la falsification de requêtes). Revenez à la page précédente, rechargez-la et recommencez.',
    };
  if (error.statusCode === 429)
    return { ...du('TROP_DE_REQUETES'), detail: 'Trop de requêtes : réessayez dans un instant.' };
  if (error.statusCode && error.statusCode < 500)
    // Any other refusal of the framework or a plugin: its English message is not shown on pages.
    return { status: error.statusCode, code: 'REQUETE_INVALIDE', detail: error.message, page: PAGE_INVALIDE };
  if (isConflitConcurrent(error))
    // A race lost to another request writing the same rows, past the services' own retries.
    return {
      ...du('ECRITURE_CONCURRENTE'),
      detail:
        'Une autre requête a écrit les mêmes données en même temps : rien n’a été enregistré. Renvoyez la requête dans un instant.',
    };
  if (baseInjoignable(error))
    // PostgreSQL restarting, stopped or cut off: nothing was done, the same request can come again.
    return {
      ...du('BASE_INDISPONIBLE'),
      detail: `La base de données est momentanément injoignable (redémarrage ou coupure) : réessayez dans ${RETRY_BASE_S} secondes.`,
      extra: { retry_after: RETRY_BASE_S },
      page: `Le service est momentanément indisponible : sa base de données ne répond pas (redémarrage ou coupure). Réessayez dans quelques secondes.`,
    };
  return {
    ...du('ERREUR_INTERNE'),
    detail: 'Une erreur interne est survenue. Elle a été journalisée.',
    page: MESSAGE_INTERNE,
  };
}

/**
 * Where to come back after signing in: the page itself for a GET; for a form sent without a
 * session (signed out in another tab, session expired), the page it was sent from as best known —
 * its own URL when a page answers GET there (POST /admin/cles), else the nearest one above it
 * (POST /gestion/formations/fo_1/valider → /gestion/formations/fo_1) — with `info=non-connecte`:
 * the sign-in page then says the form was not saved (the pages send no Referer: `no-referrer`).
 */
function ici(request: FastifyRequest) {
  if (request.method === 'GET' || request.method === 'HEAD')
    return new URLSearchParams({ retour: request.url });
  return new URLSearchParams({ retour: pageDuFormulaire(request), info: 'non-connecte' });
}

function pageDuFormulaire(request: FastifyRequest): string {
  const motif = request.routeOptions.url?.split('/');
  const chemin = request.url.split('?')[0]!.split('/');
  if (!motif || motif.length !== chemin.length) return '/';
  for (let n = motif.length; n > 1; n--)
    if (request.server.hasRoute({ method: 'GET', url: motif.slice(0, n).join('/') }))
      return chemin.slice(0, n).join('/');
  return '/';
}

/** Sends `refus` in the shape of the route: problem details under /api/, the French page elsewhere. */
export function sendRefus(request: FastifyRequest, reply: FastifyReply, refus: Refus) {
  if (estApi(request))
    return sendProblem(
      reply,
      problem(
        refus.code,
        refus.detail,
        { instance: request.url.slice(0, 2000), ...refus.extra },
        refus.status,
      ),
    );
  if (refus.code === NON_CONNECTE) {
    // A form with a free text typed (a comment…): the sign-in page right here, giving it back to
    // copy, rather than a redirection that would lose it (nothing is stored for a request without
    // a session). Otherwise the redirection, which a refresh does not send again.
    const textes = request.method === 'GET' || request.method === 'HEAD' ? [] : textesLibres(request.body);
    if (textes.length) {
      reply.header('cache-control', 'no-store');
      const retour = pageDuFormulaire(request);
      return sendPage(
        request,
        reply,
        ConnexionPage({ erreurs: [], retour, annonce: annonceDe('non-connecte'), textes }),
        401,
      );
    }
    return reply.redirect(`/connexion?${ici(request)}`, 303);
  }
  if (refus.code === MOT_DE_PASSE_A_CHANGER)
    return reply.redirect(`/compte/mot-de-passe?${ici(request)}`, 303);
  return sendErreurPage(request, reply, {
    status: refus.status,
    code: refus.code,
    message: refus.page ?? refus.detail,
    titre: refus.titre,
    // A form refused as a whole (expired): its page, where it is filled again, and the free texts
    // typed given back to copy, as the sign-in page does for a session ended (never acted on).
    ...(request.method !== 'GET' && request.method !== 'HEAD'
      ? {
          formulaire: pageDuFormulaire(request),
          ...(refus.code === 'CSRF_INVALIDE' ? { textes: textesLibres(request.body) } : {}),
        }
      : {}),
  });
}

/** Requests no route takes, once past onRequest (sign-in, quotas): their body is never judged. */
const sansRoute = new WeakSet<FastifyRequest>();

/**
 * Routing comes first: a request no route takes is the 404, whatever its body. Fastify reads the
 * body of such a request before its not-found handler (and refuses a malformed Content-Type, a
 * JSON that does not parse, a form over the limit…, then the pages' CSRF check): the error
 * handler answers those with the 404 instead (`PATCH /api/v1/formations/123` with
 * `Content-Type: a/b/c` was 415). Refusals made before the body is read (a quota’s 429) stand.
 */
export function registerRoutageDabord(app: FastifyInstance): void {
  app.addHook('preParsing', (request, _reply, payload, done) => {
    if (request.is404) sansRoute.add(request);
    done(null, payload);
  });
}

/** The server's error handler (`app.setErrorHandler`): every route, hook and parser, API and pages. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const refus = refusDe(error, request);
  if (refus.status < 500 && sansRoute.has(request)) return notFoundHandler(request, reply);
  if (refus.status >= 500 && refus.code === 'ERREUR_INTERNE')
    request.log.error({ err: error }, 'erreur interne');
  else if (refus.code === 'ECRITURE_CONCURRENTE') request.log.warn({ err: error }, 'écriture concurrente');
  // A refusal that says when to come back (details.retry_after, seconds) sets Retry-After.
  const s = refus.extra?.retry_after;
  if (typeof s === 'number' && !reply.hasHeader('retry-after')) reply.header('retry-after', String(s));
  // A stale If-Match (412) carries the current version as the answer's ETag, as a read would.
  const etag = refus.extra?.etag_actuel;
  if (refus.status === 412 && typeof etag === 'string') reply.header('etag', etag);
  return sendRefus(request, reply, refus);
}

/** The methods a route may serve, in the order an Allow header lists them. */
const METHODES = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route's method and address (registerMethodes), inherited by every plugin. */
    readonly routeurMethodes?: FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;
  }
}

/**
 * Records every route's method and address as Fastify's router matches them (find-my-way, with
 * the same address syntax), so that a request no route takes can be told apart: an address served
 * with other methods (405, `Allow`), or no address at all (404). Call it on the root instance
 * before any route is registered: its onRoute hook sees the routes of every plugin. Not OPTIONS
 * (the CORS preflights, api/cors.ts), which stays a 404 when refused.
 */
export function registerMethodes(app: FastifyInstance): void {
  const routeur = FindMyWay();
  app.decorate('routeurMethodes', routeur);
  app.addHook('onRoute', (route) => {
    for (const m of [route.method].flat())
      if ((METHODES as readonly string[]).includes(m)) routeur.on(m as 'GET', route.url, () => {});
  });
}

/** The methods address `chemin` is served with (empty: no route takes it), in METHODES' order. */
function methodesDe(request: FastifyRequest, chemin: string): string[] {
  const routeur = request.server.routeurMethodes;
  if (!routeur) return [];
  return METHODES.filter((m) => routeur.find(m, chemin) !== null);
}

/**
 * The not-found handler: no route for this method and path — 405 with `Allow` when the address is
 * served with other methods only (METHODE_NON_AUTORISEE), else 404. A route of this very method
 * that found nothing (a static file under `/vendor/*` that does not exist) is a 404.
 */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const chemin = request.url.split('?')[0]!;
  const permises = request.method === 'OPTIONS' ? [] : methodesDe(request, chemin);
  if (permises.length && !permises.includes(request.method)) {
    reply.header('allow', permises.join(', '));
    return sendRefus(request, reply, {
      ...du('METHODE_NON_AUTORISEE'),
      detail: `La méthode ${request.method.slice(0, 20)} n’est pas acceptée sur ${chemin.slice(0, 200)} : méthodes acceptées ${permises.join(', ')}.`,
      page: permises.includes('POST')
        ? `Cette adresse n’accepte pas la méthode ${request.method.slice(0, 20)}. Revenez à la page et utilisez ses liens et ses boutons.`
        : 'Cette adresse ne reçoit pas de formulaire : c’est une page à consulter. Revenez à la page et utilisez ses liens et ses boutons.',
      extra: { methodes: permises },
    });
  }
  return sendRefus(request, reply, {
    status: 404,
    code: 'INTROUVABLE',
    detail: `Aucune route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}.`,
    page: PAGE_INTROUVABLE.message,
  });
}

/**
 * The router's own refusals, before any route or hook (a malformed %-escape, a path parameter
 * over 100 characters): in French, in the route's shape, never Fastify's English JSON (issue 15,
 * hostile inputs). Nobody is signed in yet: the page is the anonymous one.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const refus: Refus =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? {
          status: 414,
          code: 'URL_TROP_LONGUE',
          detail:
            'Un identifiant de l’adresse dépasse 100 caractères : aucune ressource ne porte un tel identifiant.',
        }
      : {
          status: 400,
          code: 'URL_INVALIDE',
          detail: 'L’adresse contient un échappement « % » invalide (octets qui ne forment pas de l’UTF-8).',
        };
  return sendRefus(request, reply, refus);
}
