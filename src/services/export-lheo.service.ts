import type { Executor } from '../db/executor.ts';
import { selectEtatsEcriture } from '../db/formation.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import { type Vue, vueDe } from '../domain/champs-professionnels.ts';
import { forbidden } from '../domain/errors.ts';
import type { Formation } from '../domain/formation.schema.ts';
import type { VersionExport } from '../formats/lheo/lheo.version.ts';
import { type LheoAvertissement, writeLheo } from '../formats/lheo/lheo.writer.ts';
import { aucuneFormation } from './export-selection.ts';
import { type FormationFilters, listFormations } from './formation.service.ts';

// LHEO 2.3 export: keyset pages of the store (what `acteur` may see: the diffused offer for the
// public), written one formation at a time — never the whole offer in memory.

/** A file meant to be passed on: closed sessions kept (partners get them), never the bilans. */
const vueExport = (a: Acteur): Vue => (vueDe(a) === 'public' ? 'partenaire' : vueDe(a));

const PAGE = 200;

export interface LheoExport {
  readonly chunks: AsyncGenerator<string>;
  /** Filled while `chunks` is consumed: what was cut or left out to stay valid against the XSD (first 1,000). */
  readonly avertissements: LheoAvertissement[];
  readonly totaux: () => { formations: number; avertissements: number };
}

/**
 * An organisme's own offer (`acteur`'s SIREN), from its space: its formations neither archived nor
 * deleted, whatever their statut (drafts and offers awaiting validation included: its own data,
 * in its own view), never another organisme's. Errors: AUCUNE_FORMATION (404) when it has none.
 */
export function openLheoExportOrganisme(db: Executor, acteur: Acteur, now: Date): Promise<LheoExport> {
  if (acteur.kind !== 'utilisateur' || acteur.role !== 'organisme' || !acteur.siren)
    throw forbidden('Seul un organisme télécharge sa propre offre.');
  return openLheoExport(db, acteur, { proprietaire: acteur.siren, actives: true }, now);
}

/**
 * Every LHEO export of Offre (the space's file, `GET /exports/lheo`, `offre export lheo`): what
 * `acteur` may see, narrowed by `filters`. Each formation carries its version at `now`, the
 * export's instant (formats/lheo/lheo.version.ts): sent back once the formation has changed in
 * Offre, whichever door the file came from, it never undoes that change (LHEO_VERSION_ANCIENNE).
 * The first page is read at once so that an empty selection is refused (AUCUNE_FORMATION, 404)
 * before anything is written (LHEO requires at least one <formation>).
 */
export async function openLheoExport(
  db: Executor,
  acteur: Acteur,
  filters: Pick<FormationFilters, 'region' | 'siret' | 'proprietaire' | 'actives' | 'nonSupprimees'>,
  now: Date,
): Promise<LheoExport> {
  const first = await listFormations(db, acteur, filters, { limit: PAGE }, vueExport(acteur));
  if (first.data.length === 0)
    throw aucuneFormation(filters, 'un fichier LHEO doit en contenir au moins une');
  const avertissements: LheoAvertissement[] = [];
  let formations = 0;
  let warnings = 0;
  const exporteLe = now.toISOString();
  /** The versions of the page being written, by id (read once per page, after its formations). */
  let versions = new Map<string, VersionExport>();
  async function* pages(): AsyncGenerator<Formation> {
    let page = first;
    for (;;) {
      formations += page.data.length;
      const etats = await selectEtatsEcriture(
        db,
        page.data.map((f) => f.id),
      );
      versions = new Map(
        [...etats].map(([id, e]) => [id, { formation: id, version: e.etat, exporteLe }] as const),
      );
      yield* page.data;
      if (!page.next_cursor) return;
      page = await listFormations(
        db,
        acteur,
        filters,
        { cursor: page.next_cursor, limit: PAGE },
        vueExport(acteur),
      );
    }
  }
  const warn = (w: LheoAvertissement) => {
    if (++warnings <= 1000) avertissements.push(w);
  };
  return {
    chunks: writeLheo(pages(), warn, (f) => versions.get(f.id)),
    avertissements,
    totaux: () => ({ formations, avertissements: warnings }),
  };
}
