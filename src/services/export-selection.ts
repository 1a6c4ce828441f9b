import type { Executor } from '../db/executor.ts';
import type { Acteur } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import { type FormationFilters, listFormations } from './formation.service.ts';

// What the three exports (LHEO, CSV, XLSX; API and command line) do with a selection that holds no
// formation: one refusal, AUCUNE_FORMATION (404), before a byte is written. LHEO refuses any empty
// selection (the format requires one <formation>); CSV and XLSX refuse a filtered one (`region`,
// `siret`: a SIRET with no formation is most often a typo), and answer the whole offer, even empty,
// with its header row.

export type FiltresExport = Pick<FormationFilters, 'region' | 'siret'>;

/**
 * AUCUNE_FORMATION (404): « Aucune formation à exporter pour la région R / le SIRET S : `pourquoi` ».
 * The one message of the three exports.
 */
export function aucuneFormation(filtres: FiltresExport, pourquoi: string): OffreError {
  return new OffreError(
    'AUCUNE_FORMATION',
    `Aucune formation à exporter${filtres.region ? ` pour la région ${filtres.region}` : ''}${filtres.siret ? ` pour le SIRET ${filtres.siret}` : ''} : ${pourquoi}.`,
    {},
    404,
  );
}

const PUBLIC: Acteur = { kind: 'anonyme' };

/**
 * CSV and XLSX (the diffused offer, in the partners' view): a `region` or `siret` filter that
 * selects no formation. Errors: 404 AUCUNE_FORMATION, as the LHEO export answers.
 */
export async function exigerSelection(db: Executor, filtres: FiltresExport): Promise<void> {
  if (!filtres.region && !filtres.siret) return;
  const page = await listFormations(db, PUBLIC, filtres, { limit: 1 }, 'partenaire');
  if (page.data.length === 0)
    throw aucuneFormation(filtres, 'aucune formation diffusée ne correspond à ce filtre');
}
