import { jourAParis } from './dates.ts';

// The file name of an export (API Content-Disposition, CLI default output): what it holds, its
// filters, the day it was made, so two downloads with different filters never share a name.

const BASES = {
  csv: ['offre-formations', 'csv'],
  xlsx: ['offre-formations', 'xlsx'],
  lheo: ['offre-lheo-2.3', 'xml'],
} as const;

/**
 * `offre-formations[-region-<code>][-siret-<siret>]-<AAAA-MM-JJ>.<csv|xlsx>` and
 * `offre-lheo-2.3[-region-…][-siret-…]-<AAAA-MM-JJ>.xml`, e.g.
 * `offre-formations-siret-13002526500013-2026-12-02.csv`. `now`: the export's instant, named by its day in Paris (as pages
 * and the CLI say it: an export at 00:30 in Paris on the 8th is `…-2026-12-08`).
 * The filters are the validated ones (digits only), so the name needs no escaping.
 */
export function nomExport(
  format: keyof typeof BASES,
  filtres: { readonly region?: string; readonly siret?: string; readonly siren?: string },
  now: Date,
): string {
  const [base, ext] = BASES[format];
  const parties = [
    base,
    ...(filtres.region ? ['region', filtres.region] : []),
    ...(filtres.siret ? ['siret', filtres.siret] : []),
    // An organisme's own offer, from its space.
    ...(filtres.siren ? ['siren', filtres.siren] : []),
    jourAParis(now),
  ];
  return `${parties.join('-')}.${ext}`;
}
