import type { Formation, Session } from '../../domain/formation.schema.ts';
import { EXTRAS_OFFRE, INCONNU, TYPE_CONTACT_CODE } from './lheo.codes.ts';

// The small pieces of the LHEO writer: escaping, elements, texts cut to the schema's lengths with a
// warning, addresses and contacts in the shape the XSD requires.

export interface LheoAvertissement {
  readonly formation: string; // numero
  readonly champ: string;
  readonly message: string;
}
export type Warn = (w: LheoAvertissement) => void;

// biome-ignore lint/suspicious/noControlCharactersInRegex: characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
// A raw CR would be normalised away by any XML parser: written as a reference, it survives a round trip.
export const xmlText = (s: string) =>
  s
    .replace(FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;');

export const el = (
  name: string,
  content: string | (string | null)[],
  attrs: Record<string, string | null> = {},
): string => {
  const a = Object.entries(attrs)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => ` ${k}="${xmlText(v!)}"`)
    .join('');
  const body = Array.isArray(content) ? content.filter((c) => c !== null).join('\n') : content;
  if (body === '') return `<${name}${a}/>`;
  return Array.isArray(content) ? `<${name}${a}>\n${body}\n</${name}>` : `<${name}${a}>${body}</${name}>`;
};

export const isoToLheo = (d: string | null | undefined, unknown: string) =>
  d ? d.replaceAll('-', '') : unknown;

const GRAPHEMES = new Intl.Segmenter('fr', { granularity: 'grapheme' });
/** How far back from the limit a cut looks for the end of a word (else it cuts inside the word). */
const RECUL_MOT = 200;

/**
 * `v` cut to at most `max` characters (code points, as the XSD counts them): never inside a
 * character as a reader sees it (a surrogate pair, a letter and its combining accent), and after
 * the last whole word when one ends within RECUL_MOT characters of the limit.
 */
export function couper(v: string, max: number): string {
  let fin = 0; // UTF-16 index of the end of the last whole grapheme that fits
  let points = 0;
  for (const { segment } of GRAPHEMES.segment(v)) {
    const n = Array.from(segment).length;
    if (points + n > max) break;
    points += n;
    fin += segment.length;
  }
  const garde = v.slice(0, fin);
  if (fin === v.length || /\s/.test(v[fin]!)) return garde.trimEnd();
  const espace = garde.search(/\s\S*$/);
  return (
    espace >= 0 && Array.from(garde.slice(espace)).length <= RECUL_MOT ? garde.slice(0, espace) : garde
  ).trimEnd();
}

export class Ctx {
  constructor(
    readonly numero: string,
    readonly warn: Warn,
  ) {}
  /** A text element cut to the schema's maximum length (in characters), with a warning. */
  text(
    name: string,
    value: string | null | undefined,
    max: number,
    fallback: string | null = INCONNU.texte,
  ): string | null {
    const v = value?.replace(FORBIDDEN, '').trim() || fallback;
    if (v === null) return null;
    const chars = Array.from(v);
    if (chars.length <= max) return el(name, xmlText(v));
    this.warn({
      formation: this.numero,
      champ: name,
      message: `${name} tronqué à ${max} caractères (${chars.length} dans Offre).`,
    });
    return el(name, xmlText(couper(v, max)));
  }
  /** A code of exact length; dropped with a warning when it does not fit. */
  code(name: string, value: string | null | undefined, min: number, max: number): string | null {
    if (!value) return null;
    if (value.length < min || value.length > max) {
      this.warn({
        formation: this.numero,
        champ: name,
        message: `${name} « ${value} » omis : ${min === max ? `${min}` : `${min} à ${max}`} caractères attendus.`,
      });
      return null;
    }
    return el(name, xmlText(value));
  }
}

export const extras = (entries: [string, string | null | undefined][]) => {
  const kept = entries.filter(([, v]) => v !== null && v !== undefined);
  return kept.length === 0
    ? null
    : el(
        'extras',
        kept.map(([k, v]) => el('extra', xmlText(v!), { info: k })),
        { info: EXTRAS_OFFRE },
      );
};

/** Splits an address into the 1–4 lines of 50 characters LHEO allows, at spaces. */
export function lignes(c: Ctx, adresse: string | null | undefined): string[] {
  const words = (adresse ?? '').split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    for (const part of Array.from(w)
      .join('')
      .match(/.{1,50}/gu) ?? []) {
      if (cur && Array.from(`${cur} ${part}`).length > 50) {
        out.push(cur);
        cur = part;
      } else cur = cur ? `${cur} ${part}` : part;
    }
  }
  if (cur) out.push(cur);
  if (out.length > 4)
    c.warn({ formation: c.numero, champ: 'ligne', message: 'adresse tronquée à 4 lignes de 50 caractères.' });
  return (out.length ? out.slice(0, 4) : [INCONNU.texte]).map((l) => el('ligne', xmlText(l)));
}

export function adresse(c: Ctx, lieu: Session['lieu'] | null): string | null {
  if (!lieu) return null;
  if (!lieu.code_postal || !/^\d[\dAB]\d{3}$/.test(lieu.code_postal)) {
    if (lieu.code_postal || lieu.adresse || lieu.commune)
      c.warn({
        formation: c.numero,
        champ: 'codepostal',
        message: `adresse du lieu omise : code postal « ${lieu.code_postal ?? ''} » absent ou invalide.`,
      });
    return null;
  }
  const geo =
    lieu.lat != null && lieu.lon != null
      ? el('geolocalisation', [el('latitude', String(lieu.lat)), el('longitude', String(lieu.lon))])
      : null;
  return el('adresse', [
    ...lignes(c, lieu.adresse),
    el('codepostal', lieu.code_postal),
    c.text('ville', lieu.commune, 50),
    lieu.code_departement && /^.{2,3}$/.test(lieu.code_departement)
      ? el('departement', xmlText(lieu.code_departement))
      : null,
    c.code('code-INSEE-commune', lieu.code_insee, 5, 5),
    lieu.code_region && lieu.code_region.length === 2 ? el('region', xmlText(lieu.code_region)) : null,
    geo,
    extras([['cedex', lieu.cedex]]),
  ]);
}

export function coordonnees(
  c: Ctx,
  p: { nom?: string | null; telephone?: string | null; courriel?: string | null } | null,
): string {
  return el('coordonnees', [
    c.text('nom', p?.nom, 50, null),
    p?.telephone ? el('telfixe', [c.text('numtel', p.telephone, 25)]) : null,
    c.code('courriel', p?.courriel, 3, 160),
  ]);
}

export function contact(c: Ctx, name: string, k: Formation['contacts'][number] | null): string {
  const own = k && TYPE_CONTACT_CODE[k.type] === '0' && k.type !== 'autre' ? k.type : null;
  return el(name, [
    k ? el('type-contact', TYPE_CONTACT_CODE[k.type]) : null,
    coordonnees(c, k),
    extras([['type-contact-offre', own]]),
  ]);
}
