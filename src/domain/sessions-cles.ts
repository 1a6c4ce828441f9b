// Each session of a formation has its own external key (`cle_externe`): the store holds one
// session per formation and key. Two sessions of one write sharing a key are the writer's mistake,
// refused naming both (API: by their position in the body; LHEO: by their element and line),
// never left to the database, where it surfaced as a lost race (409 ECRITURE_CONCURRENTE).

import { jourIsoLong } from './dates.ts';
import { OffreError } from './errors.ts';

/** A session whose key an earlier session of the same list already has. */
export interface CleEnDouble {
  /** Position of the first session with the key. */
  readonly premier: number;
  /** Position of the later one. */
  readonly second: number;
  /** The key, trimmed as it is stored. */
  readonly cle: string;
}

/**
 * Every session of `cles` (the sessions' `cle_externe`, in order) whose key, spaces around it
 * trimmed, an earlier one has: one entry per later session, with the first that has its key.
 * Sessions without a key (null, empty) never clash.
 */
export function clesEnDouble(cles: readonly (string | null | undefined)[]): CleEnDouble[] {
  const vues = new Map<string, number>();
  const doubles: CleEnDouble[] = [];
  cles.forEach((brute, i) => {
    const cle = brute?.trim();
    if (!cle) return;
    const premier = vues.get(cle);
    if (premier === undefined) vues.set(cle, i);
    else doubles.push({ premier, second: i, cle });
  });
  return doubles;
}

/** The API's sentence for `d` (the field named as docs/api.md writes it). */
export const messageCleEnDouble = (d: CleEnDouble): string =>
  `Les champs « sessions[${d.premier}].cle_externe » et « sessions[${d.second}].cle_externe » valent tous deux « ${d.cle} » : chaque session d’une formation a sa propre clé externe.`;

/**
 * SESSION_CLE_EN_DOUBLE for a session of the write (`champ`, as docs/api.md writes it) given the
 * key `cle` that another session of the formation keeps (one the write leaves out and keeps
 * archived, or one a session named by its id would take), that other session named by its dates.
 */
export function cleDejaPrise(
  champ: string,
  cle: string,
  autre: { readonly debut?: string | null; readonly fin?: string | null },
): OffreError {
  return new OffreError(
    'SESSION_CLE_EN_DOUBLE',
    `Le champ « ${champ} » vaut « ${cle} », la clé externe d’une autre session de la formation (la session du ${jourIsoLong(autre.debut ?? null)} au ${jourIsoLong(autre.fin ?? null)}) : chaque session d’une formation a sa propre clé externe.`,
    { champ: champ.replace(/\[(\d+)\]/g, '.$1') },
    400,
  );
}
