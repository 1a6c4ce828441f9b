import { basename } from 'node:path';
import { calendarDay } from '../domain/dates.ts';
import type { Forme } from './sniff.ts';
import { openZip } from './zip.reader.ts';

// The date an official file speaks for — not the day it was downloaded or imported: from its
// name ("export-fiches-csv-2026-11-02.zip", "StockEtablissement_20261101.csv"), else from its zip
// members' names ("…_2024_02_22.csv") or their own dates. Evidence cites it apart from the
// import date (docs/referentiels.md § Dates).

const DATE = /(?<![0-9])(20\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?![0-9])/g;

/** The last valid calendar date 'YYYY-MM-DD' written in a file name, or null. */
export function dateDansNom(nom: string): string | null {
  let trouvee: string | null = null;
  for (const m of basename(nom).matchAll(DATE)) {
    trouvee = calendarDay(Number(m[1]), Number(m[2]), Number(m[3])) ?? trouvee;
  }
  return trouvee;
}

/**
 * The file's own date 'YYYY-MM-DD': its name, else the latest date in its zip members' names,
 * else the latest modification date of its zip members; null when nothing says it.
 */
export async function dateDuFichier(path: string, forme: Forme): Promise<string | null> {
  const parNom = dateDansNom(path);
  if (parNom || forme.type !== 'zip') return parNom;
  const zip = await openZip(path);
  try {
    const max = (xs: (string | null)[]) =>
      xs
        .filter((x): x is string => !!x)
        .sort()
        .pop() ?? null;
    return (
      max(zip.membres.map((m) => dateDansNom(m.nom))) ??
      max(zip.membres.map((m) => (m.modifie ? m.modifie.toISOString().slice(0, 10) : null)))
    );
  } finally {
    zip.close();
  }
}
