import {
  communesAnciennesDe,
  communesDesCodesPostaux,
  communesDesDepartementsCedex,
} from '../db/espace.repository.ts';
import type { Executor } from '../db/executor.ts';
import {
  type CommuneCandidate,
  codePostalACompleter,
  completerLieu,
  memeCommune,
  mentionDuLieu,
} from '../domain/commune.ts';
import type { SessionInput } from '../domain/formation.schema.ts';

// The places the API and LHEO files write without an INSEE code (« 53000 Laval »): completed from
// the communes reference as the session form finds them (domain/commune.ts completerLieu), so that
// the commune filters (`code_insee`, « Où ? ») and the exports find them. Both LHEO write paths
// (bulk and one by one) receive the places completed here, before they part.

/**
 * `items` with the places of their sessions completed (completerLieu): two queries at most for
 * all of them (the communes of their postal codes; the delegated or associated communes, only when
 * a name is none of its postal code's communes), none when no place lacks its INSEE code.
 */
export async function completerLieux<T extends { readonly sessions: readonly SessionInput[] }>(
  db: Executor,
  items: readonly T[],
): Promise<T[]> {
  const cps = new Set<string>();
  for (const it of items)
    for (const s of it.sessions) {
      const cp = codePostalACompleter(s.lieu);
      if (cp) cps.add(cp);
    }
  if (cps.size === 0) return [...items];
  const parCp = new Map<string, CommuneCandidate[]>();
  for (const c of await communesDesCodesPostaux(db, [...cps]))
    parCp.set(c.code_postal, [...(parCp.get(c.code_postal) ?? []), c]);
  // A CEDEX code (no commune has it) written with its mention: its commune is looked for by name
  // among the communes of its département (domain/commune.ts choisirCommuneCedex), one query more.
  const cedex = new Set<string>();
  for (const it of items)
    for (const s of it.sessions) {
      const cp = codePostalACompleter(s.lieu);
      if (cp && !parCp.has(cp) && mentionDuLieu(s.lieu!)) cedex.add(cp);
    }
  for (const [cp, liste] of await communesDesDepartementsCedex(db, cedex)) parCp.set(cp, liste);
  if (parCp.size === 0) return [...items];
  // A name that is none of its postal code's communes may be a delegated or associated one's.
  const autres = new Set<string>();
  for (const it of items)
    for (const s of it.sessions) {
      const cp = codePostalACompleter(s.lieu);
      const candidats = cp ? parCp.get(cp) : undefined;
      if (cedex.has(cp!)) continue;
      if (candidats && !candidats.some((c) => memeCommune(s.lieu!.commune!.trim(), c.nom)))
        for (const c of candidats) autres.add(c.code_insee);
    }
  const anciennes = await communesAnciennesDe(db, [...autres]);
  return items.map((it) => {
    let change = false;
    const sessions = it.sessions.map((s) => {
      const cp = codePostalACompleter(s.lieu);
      const candidats = cp ? parCp.get(cp) : undefined;
      if (!candidats) return s;
      const lieu = completerLieu(s.lieu!, candidats, anciennes);
      if (lieu === s.lieu) return s;
      change = true;
      return { ...s, lieu };
    });
    return change ? { ...it, sessions } : it;
  });
}
