import { z } from 'zod';

// The fields of a contract schema (path parameters, query parameters, JSON body) as the reference
// page (/api/reference) lists them: dotted name, type in French, required or not, description.
// Read from the JSON Schema Zod itself produces (`z.toJSONSchema`, request side), as the OpenAPI
// document is: the page and the document cannot disagree on a field.

/** One field: `nom` dotted for nested objects (`certification.rncp`), `[]` for list items. */
export interface Champ {
  readonly nom: string;
  /** In French: « texte », « entier », « liste de texte », « une valeur parmi : a, b », … */
  readonly type: string;
  readonly requis: boolean;
  readonly description: string;
}

type Js = {
  type?: string | string[];
  properties?: Record<string, Js>;
  required?: string[];
  items?: Js;
  anyOf?: Js[];
  oneOf?: Js[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  description?: string;
  $ref?: string;
  $defs?: Record<string, Js>;
  additionalProperties?: Js | boolean;
};

const TYPES: Record<string, string> = {
  string: 'texte',
  integer: 'entier',
  number: 'nombre',
  boolean: 'booléen',
  object: 'objet',
  array: 'liste',
  null: 'null',
};

// Nested objects are listed down to this depth (the formation body: contacts[].courriel).
const PROFONDEUR = 3;
const MAX_VALEURS = 12;

function resolve(s: Js, defs: Record<string, Js>): Js {
  let v = s;
  while (v.$ref) v = defs[v.$ref.replace(/^#\/\$defs\//, '')] ?? {};
  return v;
}

/** The non-null alternatives of `s` and whether null is one of them. */
function alternatives(s: Js, defs: Record<string, Js>): { options: Js[]; nullable: boolean } {
  const v = resolve(s, defs);
  const liste = v.anyOf ?? v.oneOf;
  if (!liste) return { options: [v], nullable: v.type === 'null' };
  const options = liste.map((o) => resolve(o, defs)).filter((o) => o.type !== 'null');
  return { options, nullable: options.length < liste.length };
}

function typeDe(s: Js, defs: Record<string, Js>): string {
  const { options, nullable } = alternatives(s, defs);
  const un = (o: Js): string => {
    if (o.enum) {
      const vs = o.enum.map(String);
      return `une valeur parmi : ${vs.slice(0, MAX_VALEURS).join(', ')}${vs.length > MAX_VALEURS ? ', …' : ''}`;
    }
    if (o.const !== undefined) return `« ${String(o.const)} »`;
    if (o.type === 'array') return `liste${o.items ? ` de ${typeDe(o.items, defs)}` : ''}`;
    const t = [o.type ?? 'valeur quelconque'].flat();
    return t.map((x) => TYPES[x] ?? x).join(' ou ') + (o.format ? ` (${o.format})` : '');
  };
  const texte = options.length ? [...new Set(options.map(un))].join(' ou ') : 'null';
  return nullable && options.length ? `${texte}, ou null` : texte;
}

function champsDe(s: Js, defs: Record<string, Js>, prefixe: string, profondeur: number): Champ[] {
  const o = resolve(s, defs);
  const requis = new Set(o.required ?? []);
  return Object.entries(o.properties ?? {}).flatMap(([nom, p]) => {
    const complet = `${prefixe}${nom}`;
    const champ: Champ = {
      nom: complet,
      type: typeDe(p, defs),
      requis: requis.has(nom),
      description: resolve(p, defs).description ?? p.description ?? '',
    };
    if (profondeur >= PROFONDEUR) return [champ];
    const { options } = alternatives(p, defs);
    const objet = options.find((x) => x.type === 'object' && x.properties);
    const liste = options.find((x) => x.type === 'array' && x.items);
    const items = liste?.items
      ? alternatives(liste.items, defs).options.find((x) => x.properties)
      : undefined;
    if (objet) return [champ, ...champsDe(objet, defs, `${complet}.`, profondeur + 1)];
    if (items) return [champ, ...champsDe(items, defs, `${complet}[].`, profondeur + 1)];
    return [champ];
  });
}

/** The fields of an object schema (request side: a field with a default is optional). */
export function champsDuSchema(schema: z.ZodType): Champ[] {
  const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Js;
  return champsDe(js, js.$defs ?? {}, '', 1);
}
