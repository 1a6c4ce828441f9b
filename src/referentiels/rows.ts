import { z } from 'zod';
import { jourIso, readJour } from '../domain/dates.ts';
import { sansEspaces } from '../domain/identifiants.ts';
import { problemeDeIssue } from '../domain/probleme-champ.ts';
import { renommeurColonnes } from './entetes.ts';
import type { Lu, Rejet } from './types.ts';

// Zod pieces for official rows: every official value arrives as text (or is absent in an older
// layout); these turn it into typed values or a French message naming what was expected.

const raw = z.string().optional();

/** Trimmed text, '' → null. */
export const texte = raw.transform((v) => v?.trim() || null);

/** Trimmed text that must be present. */
export const requis = (what: string) =>
  raw.transform((v, ctx) => {
    const t = v?.trim();
    if (!t) {
      ctx.addIssue({ code: 'custom', message: `${what} absent` });
      return z.NEVER;
    }
    return t;
  });

/** BCN's "no date" is written 01/01/1900. */
const SENTINELLES = new Set(['01/01/1900', '1900-01-01']);

/** 'JJ/MM/AAAA' (or ISO 'AAAA-MM-JJ') → 'AAAA-MM-JJ'; '' and the sentinel → null. */
export const date = raw.transform((v, ctx) => {
  const t = v?.trim();
  if (!t || SENTINELLES.has(t)) return null;
  // An ISO day may carry a time ("2024-02-22T00:00:00"), which is dropped.
  const iso = /^\d{4}-\d{2}-\d{2}/.test(t) ? jourIso(t.slice(0, 10)) : readJour(t);
  if (!iso) {
    ctx.addIssue({ code: 'custom', message: `date invalide « ${t} » (attendu JJ/MM/AAAA)` });
    return z.NEVER;
  }
  return iso;
});

/** 'Oui' / 'Non' (any case) → boolean; '' → null. */
export const ouiNon = raw.transform((v, ctx) => {
  const t = v?.trim().toLowerCase();
  if (!t) return null;
  if (t === 'oui' || t === 'true' || t === 'o') return true;
  if (t === 'non' || t === 'false' || t === 'n') return false;
  ctx.addIssue({ code: 'custom', message: `valeur « ${v} » inattendue (attendu Oui ou Non)` });
  return z.NEVER;
});

/** 'true' / 'false' (or 'oui'/'non', '1'/'0' in re-exports of the same lists) → boolean; '' → false. */
export const booleen = raw.transform((v, ctx) => {
  const t = v?.trim().toLowerCase();
  if (!t || t === 'false' || t === 'non' || t === '0') return false;
  if (t === 'true' || t === 'oui' || t === '1') return true;
  ctx.addIssue({ code: 'custom', message: `valeur « ${v} » inattendue (attendu true ou false)` });
  return z.NEVER;
});

/** SIRET with any blank inside removed (France compétences writes a TAB inside the quotes); '' → null. */
export const siret = raw.transform((v, ctx) => {
  const t = sansEspaces(v);
  if (!t) return null;
  if (!/^\d{14}$/.test(t)) {
    ctx.addIssue({ code: 'custom', message: `SIRET « ${v?.trim()} » invalide (14 chiffres attendus)` });
    return z.NEVER;
  }
  return t;
});

export const entier = raw.transform((v, ctx) => {
  const t = v?.trim();
  if (!t) return null;
  if (!/^-?\d+$/.test(t)) {
    ctx.addIssue({ code: 'custom', message: `nombre entier attendu, trouvé « ${t} »` });
    return z.NEVER;
  }
  return Number(t);
});

export const decimal = raw.transform((v, ctx) => {
  const t = v?.trim().replace(',', '.');
  if (!t) return null;
  const n = Number(t);
  if (!Number.isFinite(n)) {
    ctx.addIssue({ code: 'custom', message: `nombre attendu, trouvé « ${t} »` });
    return z.NEVER;
  }
  return n;
});

/** Header + values → the official row object, keyed by official column names. */
export function asRecord(entete: readonly string[], valeurs: readonly string[]): Record<string, string> {
  const o: Record<string, string> = {};
  for (let i = 0; i < entete.length; i++) if (entete[i]) o[entete[i]!] = valeurs[i] ?? '';
  return o;
}

/** Validates one official row against its file's schema; a failure becomes a rejection with line and column. */
export function stage<S extends z.ZodType>(
  schema: S,
  record: Record<string, unknown>,
  fichier: string,
  ligne: number | null,
): { ok: true; row: z.output<S> } | { ok: false; rejet: Rejet } {
  const r = schema.safeParse(record, { reportInput: true });
  if (r.success) return { ok: true, row: r.data };
  const issue = r.error.issues[0]!;
  const colonne = issue.path.length ? String(issue.path[0]) : null;
  // The schema's own words when it wrote some; plain French for a bare bound or type, never Zod's.
  return { ok: false, rejet: { fichier, ligne, colonne, message: problemeDeIssue(issue) } };
}

/** Thrown by a builder for an unexpected official value: the row is rejected with this column and message. */
export class RowError extends Error {
  constructor(
    readonly colonne: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** record → schema → builder → facts, or the rejection saying which line and column. */
export function convertisseur<S extends z.ZodType>(
  schema: S,
  build: (row: z.output<S>) => Lu,
  fichier: string,
): (record: Record<string, unknown>, ligne: number | null) => Lu {
  // Columns are read by normalised key (case, accents, separators: see entetes.ts).
  const renommer =
    schema instanceof z.ZodObject
      ? renommeurColonnes(Object.keys(schema.shape))
      : (r: Record<string, unknown>) => r;
  // The columns read (U+FFFD in one of them: a file decoded with the wrong encoding, see stager).
  const colonnes = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return (record, ligne) => {
    const lu = renommer(record);
    const s = stage(schema, lu, fichier, ligne);
    if (!s.ok) return { rejet: s.rejet };
    try {
      const r = build(s.row);
      if (!('faits' in r) || r.encodage) return r;
      const colonne = colonnes.find((c) => typeof lu[c] === 'string' && (lu[c] as string).includes('\uFFFD'));
      return colonne ? { ...r, encodage: { fichier, ligne, colonne } } : r;
    } catch (e) {
      if (e instanceof RowError) return { rejet: { fichier, ligne, colonne: e.colonne, message: e.message } };
      throw e;
    }
  };
}
