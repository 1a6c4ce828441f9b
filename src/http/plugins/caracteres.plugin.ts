import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OffreError } from '../../domain/errors.ts';

// Characters no field may hold, refused at the door of every route (API and pages) with the name
// of the field, before any validation or query: the NUL character (PostgreSQL text cannot store
// it: it used to answer 500 everywhere) and lone UTF-16 surrogates (not Unicode text: they cannot
// be encoded in UTF-8). Issue 15, defect 8. Also a query string's percent-encoded bytes that are not
// UTF-8 (h-recherche3).

const NUL = '\u0000';
const bienForme = (s: string) => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The path (`sessions.0.lieu.commune`) of the first string or key of `valeur` holding a forbidden character, or null. */
export function champInterdit(valeur: unknown, racine = ''): string | null {
  // Iterative: a deeply nested body must not overflow the stack here.
  const pile: [unknown, string][] = [[valeur, racine]];
  while (pile.length > 0) {
    const [v, chemin] = pile.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL) || !bienForme(v)) return chemin || 'corps';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pile.push([v[i], chemin ? `${chemin}.${i}` : String(i)]);
    } else if (
      v !== null &&
      typeof v === 'object' &&
      // Plain records (query strings have an exotic prototype); never bytes nor streams.
      !ArrayBuffer.isView(v) &&
      typeof (v as { pipe?: unknown }).pipe !== 'function'
    ) {
      const entrees = Object.entries(v);
      for (let i = entrees.length - 1; i >= 0; i--) {
        const [cle, enfant] = entrees[i]!;
        const ici = chemin ? `${chemin}.${cle}` : cle;
        if (cle.includes(NUL) || !bienForme(cle)) return ici;
        pile.push([enfant, ici]);
      }
    }
  }
  return null;
}

/**
 * The name of the first parameter of `url`'s query string whose percent-encoded bytes are not UTF-8
 * (`q=%C3%28`, or `%ED%A0%80`, an encoded surrogate), or null. A `%` not followed by two hex digits
 * is not an encoding (`50%` stays text). The query parser replaces such bytes with U+FFFD, which
 * turned a search into one without words (the whole catalogue).
 */
export function parametreNonUtf8(url: string): string | null {
  const i = url.indexOf('?');
  if (i < 0) return null;
  const decode = (x: string) => {
    try {
      return decodeURIComponent(x.replace(/\+/g, ' ').replace(/%(?![0-9A-Fa-f]{2})/g, '%25'));
    } catch {
      return null;
    }
  };
  for (const paire of url
    .slice(i + 1)
    .split('#')[0]!
    .split('&')) {
    const egal = paire.indexOf('=');
    const cle = egal < 0 ? paire : paire.slice(0, egal);
    const nom = decode(cle);
    if (nom === null) return 'paramètres';
    if (egal >= 0 && decode(paire.slice(egal + 1)) === null) return nom;
  }
  return null;
}

/** One field refused: its sentence is the detail and its message in `erreurs` (docs/api.md). */
const refusChamp = (champ: string, message: string) =>
  new OffreError(
    'CARACTERE_INTERDIT',
    message,
    { champ, erreurs: [{ champ, code: 'CARACTERE_INTERDIT', message }] },
    400,
  );

const refusNonUtf8 = (champ: string) =>
  refusChamp(
    champ,
    `Le champ « ${champ} » contient des octets qui ne sont pas du texte UTF-8 valide : retirez-les et recommencez.`,
  );

const refus = (champ: string) =>
  refusChamp(
    champ,
    `Le champ « ${champ} » contient un caractère interdit (caractère nul U+0000, ou demi-paire de substitution UTF-16 isolée) : retirez-le et recommencez.`,
  );

/** A field whose forbidden characters were taken out of a page form's body; `nul`: a NUL among them (else lone surrogates). */
export interface CaractereRetire {
  readonly champ: string;
  readonly nul: boolean;
}

const retires = new WeakMap<FastifyRequest, readonly CaractereRetire[]>();

/** The fields of `request`'s form whose forbidden characters were taken out (none: []). */
export const caracteresRetires = (request: FastifyRequest): readonly CaractereRetire[] =>
  retires.get(request) ?? [];

const SURROGATE_SEULE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const sansInterdits = (s: string) => s.replaceAll(NUL, '').replace(SURROGATE_SEULE, '');

/**
 * Takes the forbidden characters out of a flat form body (name → string or strings), in place, and
 * lists its fields that held some; null, nothing changed, when the body is not such a form or a
 * field's name holds one (a forged post: refused whole).
 */
export function retirerDuFormulaire(body: Record<string, unknown>): CaractereRetire[] | null {
  const entrees = Object.entries(body);
  for (const [cle, v] of entrees) {
    if (champInterdit(cle) !== null) return null;
    if (!(Array.isArray(v) ? v : [v]).every((x) => typeof x === 'string')) return null;
  }
  const champs: CaractereRetire[] = [];
  for (const [cle, v] of entrees) {
    const valeurs = (Array.isArray(v) ? v : [v]) as string[];
    if (valeurs.every((x) => champInterdit(x) === null)) continue;
    champs.push({ champ: cle, nul: valeurs.some((x) => x.includes(NUL)) });
    body[cle] = Array.isArray(v) ? valeurs.map(sansInterdits) : sansInterdits(v as string);
  }
  return champs;
}

/** Registers the check on every route declared after it (call before the API and page plugins). */
export function registerCaracteres(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const nonUtf8 = parametreNonUtf8(request.url);
    if (nonUtf8 !== null) throw refusNonUtf8(nonUtf8);
    const champ =
      champInterdit(request.params) ??
      champInterdit(request.query) ??
      // Parsed bodies only (JSON, forms): streamed and binary uploads are their readers' business.
      (request.body !== null && typeof request.body === 'object' && !Buffer.isBuffer(request.body)
        ? champInterdit(request.body)
        : typeof request.body === 'string'
          ? champInterdit(request.body)
          : null);
    if (champ === null) return;
    // Every page's form (never the API, whose clients read the JSON refusal): the characters taken
    // out, the fields listed for the form's handler to say under each (form/formulaire.ts
    // `refusCaracteres`), the user's other values kept — no route opts in, none is left out.
    const b = request.body;
    if (
      !request.url.startsWith('/api/') &&
      champInterdit(request.params) === null &&
      champInterdit(request.query) === null &&
      b !== null &&
      typeof b === 'object' &&
      !Buffer.isBuffer(b) &&
      !Array.isArray(b)
    ) {
      const champs = retirerDuFormulaire(b as Record<string, unknown>);
      if (champs?.length) {
        retires.set(request, champs);
        return;
      }
    }
    throw refus(champ);
  });
}
