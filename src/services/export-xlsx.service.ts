import type { Writable } from 'node:stream';
import type { Executor } from '../db/executor.ts';
import type { Acteur } from '../domain/acteur.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { writeXlsx } from '../formats/xlsx/offre-xlsx.writer.ts';
import { type FormationFilters, listFormations } from './formation.service.ts';

// The XLSX export (docs/contrat.md): the diffused offer in the partners' view — closed sessions kept,
// professional-only fields left out — by keyset pages, streamed to `out` (issue 12 item 6).

// Smaller pages than the CSV export (500): each page's formations, rows and cells outlive a few
// young-generation collections and are promoted, so the old generation (and the RSS) grows with
// the page. Peak RSS of `offre export xlsx`, 50,000 formations on PostgreSQL (docs/mesures.md):
// pages of 1000 → 444 MB, 200 → 226 MB, 100 → 216 MB (smaller pages: no lower, more CPU).
const PAGE = 100;
const PUBLIC: Acteur = { kind: 'anonyme' };

type Filtres = Pick<FormationFilters, 'region' | 'siret'>;

async function* pagesPubliques(db: Executor, filtres: Filtres): AsyncGenerator<Formation[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listFormations(db, PUBLIC, filtres, { cursor, limit: PAGE }, 'partenaire');
    yield page.data;
    if (!page.next_cursor) return;
    cursor = page.next_cursor;
  }
}

/**
 * Writes the export of the formations matching `filtres` (all: `{}`) to `out`; resolves with the
 * number of formations (0: a workbook with the header row only).
 */
export function exportXlsx(
  db: Executor,
  out: Writable,
  filtres: Filtres = {},
  onPage?: (n: number) => void,
): Promise<number> {
  return writeXlsx(out, pagesPubliques(db, filtres), onPage);
}
