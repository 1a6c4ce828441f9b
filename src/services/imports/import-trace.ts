import type { Executor } from '../../db/executor.ts';
import { insertImportsTermines } from '../../db/import-tache.repository.ts';
import { canWrite } from '../../domain/acces.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { newId } from '../../domain/ids.ts';
import { aEffet, type ComptesImport } from '../../domain/import-origine.ts';
import { colonnesClasseur } from '../../formats/classeur/classeur.columns.ts';
import type { ClasseurLu } from '../../formats/classeur/classeur.reader.ts';
import { type RapportClasseur, rapportDe } from '../../formats/classeur/classeur.report.ts';
import { readReference } from '../../formats/classeur/classeur.rows.ts';
import { canoniser } from '../../formats/classeur/classeur.values.ts';
import type { LheoImportReport } from '../../formats/lheo/lheo.rapport.ts';

// The imports made outside the organisme's page (`offre import …`, POST /api/v1/imports/…) are
// recorded in import_tache (migration 0970), one row per SIREN whose offer they changed or refused,
// each with that SIREN's part of the report only, so that /espace/imports lists them for it.
// Written in the import's own transaction: an import is recorded if and only if it is applied.
// A dry run records nothing; a SIREN whose formations all stayed unchanged gets no row, nor a SIREN
// outside the actor's perimeter (its formations were all refused: ACCES_REFUSE).

/** The name an import sent as the API's request body is recorded under: it has no file, no name. */
export const CORPS_DE_LA_REQUETE = 'corps de la requête';

/** What a format's file is called (the import pages' titles say « Fichier LHEO « … » »). */
const FICHIER_DU_FORMAT = { classeur: 'classeur de campagne', lheo: 'fichier LHEO' } as const;

/**
 * An import as a refusal of it as a whole names it (IMPORT_CONCURRENT), as its page does: by its
 * file's name, « L’import de « offre.xml » », or, sent as the API's request body (`nom`
 * CORPS_DE_LA_REQUETE), « L’import du fichier LHEO envoyé dans le corps de la requête ».
 */
export const lImport = (format: keyof typeof FICHIER_DU_FORMAT, nom: string): string =>
  nom === CORPS_DE_LA_REQUETE
    ? `L’import du ${FICHIER_DU_FORMAT[format]} envoyé dans le corps de la requête`
    : `L’import de « ${nom} »`;

/**
 * The file a record's refusal names when the refusal alone does not (« Formation n° 2 (ligne 57)
 * du fichier « offre.xml » : … »): « du fichier « offre.xml » », « du fichier LHEO envoyé dans le
 * corps de la requête » (`nom` CORPS_DE_LA_REQUETE).
 */
export const duFichier = (format: keyof typeof FICHIER_DU_FORMAT, nom: string): string =>
  nom === CORPS_DE_LA_REQUETE
    ? `du ${FICHIER_DU_FORMAT[format]} envoyé dans le corps de la requête`
    : `du fichier « ${nom} »`;

/**
 * Where an import not sent from the organisme's page comes from, and the name it is listed under:
 * `page` for a gestionnaire's page (/gestion/imports, migration 1030).
 */
export interface TraceImport {
  readonly origine: 'cli' | 'api' | 'page';
  /** The file's name (without its folder), « corps de la requête » for an API body. */
  readonly nom: string;
}

/** One SIREN's part of an import: its counts and its report (LheoImportReport or RapportClasseur). */
export interface PartImport {
  readonly siren: string;
  readonly comptes: ComptesImport;
  readonly rapport: unknown;
}

/** The counts of an LHEO report (formations; LHEO never archives). */
export const comptesLheo = (r: LheoImportReport): ComptesImport => ({
  creees: r.formations.creees,
  modifiees: r.formations.mises_a_jour,
  inchangees: r.formations.inchangees,
  archivees: 0,
  rejetees: r.formations.rejetees,
});

/** The counts of a workbook report (rows, by verdict). */
export const comptesClasseur = (r: RapportClasseur): ComptesImport => ({
  creees: r.totaux.nouvelle,
  modifiees: r.totaux.modifiee,
  inchangees: r.totaux.inchangee,
  archivees: r.totaux.fermee,
  rejetees: r.totaux.erreur,
});

/** An empty LHEO report: one SIREN's part, filled as the import goes (import-lheo.service.ts). */
export const rapportLheoVide = (): LheoImportReport => ({
  formations: { creees: 0, mises_a_jour: 0, inchangees: 0, rejetees: 0 },
  rejets: [],
  rejets_total: 0,
  creees: [],
  modifiees: [],
  revisions_gardees: 0,
  avertissements: [],
  avertissements_total: 0,
});

/**
 * The SIREN of each workbook row (Excel row number → SIREN): the formation its reference names
 * (when the import loaded it), else its responsable's SIRET for a new row, else the organisme the
 * workbook was exported for (its `Versions` sheet); a row with none of them is attributed to no one.
 */
export function sirensDesLignes(
  lu: Pick<ClasseurLu, 'annee' | 'lignes' | 'versions'>,
  formations: ReadonlyMap<string, { readonly siren: string }>,
): Map<number, string> {
  const colonne = colonnesClasseur(lu.annee).find((c) => c.cle === 'siretResponsable');
  const duClasseur = lu.versions?.organisme?.slice(0, 9) ?? null;
  const sirens = new Map<number, string>();
  for (const l of lu.lignes) {
    const ref = l.valeurs.reference;
    let siren: string | null = null;
    if (ref) siren = formations.get(readReference(ref).formationId)?.siren ?? null;
    else if (colonne) {
      const r = canoniser(colonne, l.valeurs.siretResponsable);
      if (r.ok && typeof r.valeur === 'string' && /^\d{14}$/.test(r.valeur)) siren = r.valeur.slice(0, 9);
    }
    siren ??= duClasseur;
    if (siren) sirens.set(l.ligne, siren);
  }
  return sirens;
}

/** A workbook report split by SIREN (rows attributed to no SIREN are left out). */
export function partsClasseur(rapport: RapportClasseur, sirens: ReadonlyMap<number, string>): PartImport[] {
  const parSiren = new Map<string, RapportClasseur['lignes'][number][]>();
  for (const l of rapport.lignes) {
    const siren = sirens.get(l.ligne);
    if (!siren) continue;
    const lignes = parSiren.get(siren) ?? [];
    parSiren.set(siren, lignes);
    lignes.push(l);
  }
  return [...parSiren].map(([siren, lignes]) => {
    const part: RapportClasseur = { ...rapportDe(lignes), fichier: rapport.fichier };
    return { siren, comptes: comptesClasseur(part), rapport: part };
  });
}

/**
 * Records an applied import made by `acteur` from the command line or the API: one finished row
 * per SIREN of `parts` whose offer it changed or refused and that the actor may write (canWrite),
 * all sharing one `lot`; returns the lot
 * (null when no row was written). Runs in the import's transaction (`trx`).
 */
export async function enregistrerTrace(
  trx: Executor,
  acteur: Acteur,
  trace: TraceImport,
  format: 'classeur' | 'lheo',
  parts: readonly PartImport[],
  now: Date,
): Promise<string | null> {
  // A SIREN the actor may not write gets no row: its refusals (ACCES_REFUSE) are the sender's
  // business, and no key may fill another organisme's list (test/securite/entrees-hostiles.test.ts).
  const retenues = parts.filter((p) => aEffet(p.comptes) && canWrite(acteur, p.siren));
  if (retenues.length === 0) return null;
  const lot = newId('lot', now);
  const nom = trace.nom.slice(0, 200) || (format === 'lheo' ? 'offre.xml' : 'classeur.xlsx');
  await insertImportsTermines(
    trx,
    retenues.map((p) => ({
      id: newId('imp', now),
      siren: p.siren,
      utilisateur_id: acteur.kind === 'utilisateur' ? acteur.id : null,
      acteur: JSON.stringify(acteur),
      format,
      fichier_nom: nom,
      fichier: null,
      taille: null,
      empreinte: null,
      etape: 'application',
      etat: 'terminee',
      rapport: JSON.stringify(p.rapport),
      origine: trace.origine,
      lot,
      cle_nom: acteur.kind === 'cle' ? acteur.name : null,
      ...p.comptes,
      created_at: now,
      updated_at: now,
      applique_at: now,
    })),
  );
  return lot;
}
