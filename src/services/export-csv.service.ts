import type { Executor } from '../db/executor.ts';
import type { Acteur } from '../domain/acteur.ts';
import { enteteCsv, lignesCsv } from '../formats/csv/offre-csv.writer.ts';
import { type FormationFilters, listFormations } from './formation.service.ts';

// The CSV export (docs/contrat.md: every diffused formation × session), streamed by keyset pages of the
// formation list in the partners' view, whoever asks: a file meant to be passed on (closed sessions
// kept — a closed recruitment is still exported to partners —, bilans never).

const PAGE = 500;
const PUBLIC: Acteur = { kind: 'anonyme' };

/** The CSV text, chunk by chunk: the header, then a chunk per page of formations matching `filtres`. */
export async function* exportCsv(
  db: Executor,
  filtres: Pick<FormationFilters, 'region' | 'siret'> = {},
  onPage?: (n: number) => void,
): AsyncGenerator<string> {
  yield enteteCsv();
  let cursor: string | undefined;
  let n = 0;
  for (;;) {
    const page = await listFormations(db, PUBLIC, filtres, { cursor, limit: PAGE }, 'partenaire');
    yield page.data.map((f) => lignesCsv(f)).join('');
    n += page.data.length;
    onPage?.(n);
    if (!page.next_cursor) return;
    cursor = page.next_cursor;
  }
}
