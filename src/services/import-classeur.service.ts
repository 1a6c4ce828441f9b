import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { deferSearchIndex, indexSearch } from '../db/bulk.repository.ts';
import { getCampagne } from '../db/campagne.repository.ts';
import { dernierImport, logImport } from '../db/classeur-import.repository.ts';
import { importConcurrent, isConflitConcurrent } from '../db/conflit.ts';
import type { Executor } from '../db/executor.ts';
import {
  type FormationVueRow,
  findFormationIdsByCle,
  selectFormationVues,
} from '../db/formation.repository.ts';
import { marquerOrigine } from '../db/historique.repository.ts';
import { longWrite, PETITE_ECRITURE } from '../db/long-write.ts';
import { withSavepoint } from '../db/savepoint.ts';
import { canWrite, visibiliteOf } from '../domain/acces.ts';
import { type Acteur, acteurLabel } from '../domain/acteur.ts';
import { campagneDefaults } from '../domain/campagne.ts';
import { jourAParis } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { nombre } from '../domain/nombres.ts';
import { accord } from '../domain/pluriel.ts';
import {
  analyzeClasseur,
  type Cible,
  cleNouvelle,
  type FormationVue,
} from '../formats/classeur/classeur.analyzer.ts';
import { colonnesClasseur } from '../formats/classeur/classeur.columns.ts';
import type { Ecriture } from '../formats/classeur/classeur.ecriture.ts';
import {
  annotateClasseurIsole,
  LIMITES_LECTURE,
  readClasseurIsole,
} from '../formats/classeur/classeur.isolated.ts';
import type { ClasseurLu } from '../formats/classeur/classeur.reader.ts';
import {
  type LigneRapport,
  lignesAutrementQueLApercu,
  type RapportClasseur,
  rapportDe,
} from '../formats/classeur/classeur.report.ts';
import type { Fenetre, Valeurs } from '../formats/classeur/classeur.rows.ts';
import { readReference } from '../formats/classeur/classeur.rows.ts';
import { canoniser } from '../formats/classeur/classeur.values.ts';
import { saveFormationsBulk } from './formation.bulk.ts';
import { saveFormationTx } from './formation.service.ts';
import { vuesFormations } from './formation.view.ts';
import { withDeferredRecompute } from './formation.write.ts';
import {
  commeLaVoit,
  masquerNonLisibles,
  REFUS_DE_LIGNE,
  refuserCible,
  refuserHorsRegions,
  reglesDesCibles,
  reglesDesLignesEnErreur,
  signalerHorsRegions,
  verifierEcritures,
} from './import-classeur.apercu.ts';
import { communesDuClasseur, nomsDesResponsables } from './import-classeur.lieux.ts';
import { refuserAutreOrganisme } from './import-classeur.organisme.ts';
import {
  enregistrerTrace,
  lImport,
  partsClasseur,
  sirensDesLignes,
  type TraceImport,
} from './imports/import-trace.ts';
import { transitionTx } from './workflow.service.ts';

// Campaign workbook import: read (hostile files refused before parsing), compare every row with
// the offer, then — unless it is a preview — apply every valid row in ONE transaction.

export interface ResultatImportClasseur {
  readonly rapport: RapportClasseur;
  /** The workbook given back with an `Erreurs` column (written on demand: a few seconds for 5,000 rows). */
  readonly classeurErreurs: () => Promise<Buffer>;
  readonly applique: boolean;
}

export async function importClasseur(
  ctx: AppContext,
  acteur: Acteur,
  fichier: Buffer,
  opts: {
    nom?: string;
    dryRun: boolean;
    /** Rows done so far out of the sheet's rows (read, then applied formation by formation). */
    onProgress?: (lignes: number, total: number) => void;
    /** Most rows accepted (the API's OFFRE_LIMITE_LIGNES_CLASSEUR): more → 413, nothing stored. */
    maxLignes?: number;
    /**
     * How the formations are written: `bulk` (default) a chunk at a time in set-based statements
     * (services/formation.bulk.ts), `single` one by one through the store service — the same
     * outcome (test/classeur/import-classeur-lot.test.ts).
     */
    writePath?: 'bulk' | 'single';
    /**
     * An import from the command line or the API: once applied, recorded for each SIREN whose rows
     * it changed or refused, with its rows only (services/imports/import-trace.ts).
     */
    trace?: TraceImport;
    /**
     * The name the import goes by (its file's, CORPS_DE_LA_REQUETE for an API body), naming it in a
     * refusal of the whole import (IMPORT_CONCURRENT, « L’import de « offre.xlsx » … »); default:
     * the trace's.
     */
    nomImport?: string;
    /**
     * The preview this application confirms (a stored job's): the application analyses the
     * workbook again, on the offer as it is now; the rows that come out otherwise are named in
     * the report (`apercu_recalcule`).
     */
    apercu?: RapportClasseur;
  },
): Promise<ResultatImportClasseur> {
  // Read in a worker thread (heap and time bounded): a runaway workbook costs the worker, not the server.
  // The subject of a sentence (« Le classeur compte … »).
  const nom = opts.nom ?? 'Le classeur';
  // Applied on PostgreSQL: the formations the rows name are loaded, in the import's transaction,
  // while the worker still reads (Prechargement). Not on PGlite: its transaction, a long write,
  // makes every other request read a copy (db/long-write.ts) and would start before the read ends.
  const prechargement = !opts.dryRun && ctx.engine === 'postgres' ? new Prechargement(acteur) : null;
  const lecture = readClasseurIsole(fichier, nom, LIMITES_LECTURE, prechargement?.surReferences);
  // Awaited below; its refusal must not be unhandled while the transaction opens meanwhile.
  lecture.catch(() => {});
  const pendant = prechargement ? await prechargement.avantLaFin(lecture) : false;
  const verifier = (lu: ClasseurLu) => {
    if (opts.maxLignes !== undefined && lu.lignes.length > opts.maxLignes)
      throw new OffreError(
        'CLASSEUR_TROP_DE_LIGNES_API',
        `${nom} compte ${nombre(lu.lignes.length)} lignes, plus que les ${nombre(opts.maxLignes)} qu’une requête accepte (OFFRE_LIMITE_LIGNES_CLASSEUR) : importez-le depuis votre espace (/espace/imports, import asynchrone avec suivi) ou avec la commande « offre import classeur ». Rien n’a été enregistré.`,
        { limite: opts.maxLignes, lignes: lu.lignes.length },
        413,
      );
  };
  // Read before the transaction opens unless its first references came before the read's end.
  if (!pendant) verifier(await lecture);
  // Read whole before the transaction (always on PGlite): a short workbook is applied without the
  // read copy of PGlite, which would cost far more than its write (db/long-write.ts).
  const copie = pendant || (await lecture).lignes.length > PETITE_ECRITURE;
  let faites = 0;
  const now = ctx.now();
  const run = async (trx: Executor) => {
    faites = 0;
    // The id each created formation got (its rows' report names it), this attempt's.
    const creees = new Map<Cible, string>();
    // The formations loaded while reading, in this transaction: its first attempt only.
    const dejaLues = pendant ? await prechargement?.prendre(trx, lecture) : undefined;
    const lu = await lecture;
    verifier(lu);
    // An organisme's import of another organisme's workbook: refused as a whole, nothing compared.
    await refuserAutreOrganisme(trx, acteur, lu.versions, nom);
    const total = lu.lignes.length;
    const campagne = (await getCampagne(trx, lu.annee)) ?? campagneDefaults(lu.annee);
    const fenetre: Fenetre = { debut: campagne.fenetre_debut, fin: campagne.fenetre_fin };
    const { formations, parCle, masquees } = await loadFormations(trx, acteur, lu, dejaLues);
    // The new places' communes, in the communes reference (as the session form finds them).
    const communeDe = await communesDuClasseur(trx, lu);
    const nomDe = await nomsDesResponsables(trx, lu, formations);
    const analyse = analyzeClasseur(lu.lignes, {
      communeDe,
      nomDe,
      annee: lu.annee,
      fenetre,
      formations,
      parCle,
      canWrite: (s) => canWrite(acteur, s),
      versions: lu.versions,
      apercu: opts.dryRun,
      aujourdhui: jourAParis(now),
    });
    // Each target's write, planned once by the analysis: its report, the checks below and the
    // applied import read the same plan.
    const { ecriture } = analyse;
    // A gestionnaire's rows that would take a formation out of its régions: errors, at both.
    refuserHorsRegions(analyse, acteur, { formations, ecriture, annee: lu.annee });
    // Another région's formation the actor may not read (not diffused): its rows echo nothing of it.
    masquerNonLisibles(analyse, acteur, { formations, masquees, lignes: lu.lignes });
    // And its unchanged rows outside the gestionnaire's régions say so: changed, they would be refused.
    signalerHorsRegions(analyse, acteur, { formations });
    // The preview runs the store's checks the applied import meets (a revision's, a pending
    // offer's write): a refused formation's rows are errors at both, the other rows applied.
    if (opts.dryRun)
      await verifierEcritures(ctx, acteur, analyse, { formations, ecriture, now, annee: lu.annee });
    // The preview alone names the blocking rules each update would introduce or clear, and each
    // creation would fail (the LHEO preview's: imports/apercu-regles.ts), on the targets left once
    // the store's checks are done.
    const regles = opts.dryRun
      ? await reglesDesCibles(ctx, acteur, analyse, { formations, masquees, ecriture, now })
      : undefined;
    // And of the new rows in error, besides their errors: every problem of a row at once.
    if (opts.dryRun) await reglesDesLignesEnErreur(ctx, acteur, analyse, { now, annee: lu.annee });
    // Every history entry the import writes says so (« via un classeur »), both write paths.
    if (!opts.dryRun) marquerOrigine(trx, 'classeur');
    if (!opts.dryRun)
      await appliquerEtIndexer(trx, [...analyse.cibles.values()], creees, ecriture, (apresTour) =>
        withDeferredRecompute(trx, { now, apresTour }, () =>
          appliquerCibles(trx, acteur, [...analyse.cibles.values()], {
            ecriture,
            now,
            writePath: opts.writePath ?? 'bulk',
            // The rows of a formation the store refuses before writing anything of it (the
            // preview's verifierEcritures): errors, as the preview said; the others applied.
            onRefus: (cible, e) => refuserCible(analyse, cible, e, { annee: lu.annee }),
            onCree: (cible, id) => creees.set(cible, id),
            onCible: (n) => {
              faites += n;
              opts.onProgress?.(faites, total);
            },
          }),
        ),
      );
    opts.onProgress?.(total, total);
    const empreinte = createHash('sha256').update(fichier).digest('hex');
    const deja = await dernierImport(trx, empreinte);
    const recalcule =
      !opts.dryRun && opts.apercu ? lignesAutrementQueLApercu(opts.apercu, rapportDe(analyse.lignes)) : [];
    const rapport: RapportClasseur = {
      ...rapportDe(avecFormationsCreees(analyse.lignes, creees)),
      fichier: { empreinte, deja_importe_le: deja?.toISOString() ?? null },
      ...(regles
        ? { non_diffusables: regles.nonDiffusables, creees_non_diffusables: regles.creeesNonDiffusables }
        : {}),
      ...(recalcule.length > 0 ? { apercu_recalcule: { lignes: recalcule } } : {}),
    };
    // The same file applied again and changing nothing leaves no trace either: re-importing is a
    // no-op, journal included (a run killed after its commit and run again ends as one run did).
    const t = rapport.totaux;
    const sansEffet = deja !== null && t.nouvelle === 0 && t.modifiee === 0 && t.fermee === 0;
    if (!opts.dryRun && !sansEffet)
      await logImport(trx, {
        empreinte,
        fichier: opts.nom ?? null,
        annee: lu.annee,
        acteur: acteurLabel(acteur),
        totaux: rapport.totaux,
        at: now,
      });
    if (!opts.dryRun && opts.trace)
      await enregistrerTrace(
        trx,
        acteur,
        opts.trace,
        'classeur',
        partsClasseur(rapport, sirensDesLignes(lu, formations)),
        now,
      );
    return rapport;
  };
  const nomImport = opts.nomImport ?? opts.trace?.nom;
  const quoi = nomImport === undefined ? 'Cet import' : lImport('classeur', nomImport);
  const rapport = opts.dryRun ? await run(ctx.db) : await appliquer(ctx, run, quoi, copie);
  return {
    rapport,
    classeurErreurs: () => annotateClasseurIsole(fichier, nom, rapport),
    applique: !opts.dryRun,
  };
}

/**
 * The rows of a formation the import created, with its new id (`formation_creee`): the report
 * names what it made, where the workbook's reference cell was empty.
 */
function avecFormationsCreees(
  lignes: readonly LigneRapport[],
  creees: ReadonlyMap<Cible, string>,
): readonly LigneRapport[] {
  if (creees.size === 0) return lignes;
  const parLigne = new Map<number, string>();
  for (const [cible, id] of creees) for (const l of cible.lignes) parLigne.set(l.ligne, id);
  return lignes.map((l) => {
    const id = l.verdict === 'nouvelle' ? parLigne.get(l.ligne) : undefined;
    return id ? { ...l, formation_creee: id } : l;
  });
}

/**
 * Runs `ecrire` (the applied import's writes and its conformity recomputation, given the
 * recomputation's `apresTour`) with the search index deferred (db/bulk.repository.ts
 * deferSearchIndex, mode `mots`): each formation written is indexed once, after its round of the
 * recomputation has written its verdicts, instead of by the triggers at each statement that touches it (its formation, its sessions' upsert,
 * its archiving, its verdicts) — the LHEO import's way (import-lheo.service.ts). The words of the
 * formations written still join the « Vouliez-vous dire » list as they are written. The targets
 * written but not recomputed (a revision proposed) are indexed at the end. The index is then the one
 * a full rebuild gives (test/classeur/import-classeur-lot.test.ts). FORM_DOUBLON's neighbours that
 * the recomputation recomputes are not indexed again, as in the LHEO import: FORM_DOUBLON is an
 * alerte, their catalogue, diffusion and platforms (what the index reads) stay as they were
 * (test/conformite/doublon-voisines.test.ts).
 */
async function appliquerEtIndexer(
  trx: Executor,
  cibles: readonly Cible[],
  creees: ReadonlyMap<Cible, string>,
  ecriture: (cible: Cible) => Ecriture,
  ecrire: (apresTour: (ids: readonly string[]) => Promise<void>) => Promise<void>,
): Promise<void> {
  await deferSearchIndex(trx, 'mots');
  const indexees = new Set<string>();
  const indexer = (ids: readonly string[]) => {
    const lot = ids.filter((id) => !indexees.has(id));
    for (const id of lot) indexees.add(id);
    return indexSearch(trx, lot, false);
  };
  await ecrire(indexer);
  const ecrites: string[] = [];
  for (const cible of cibles) {
    const id = ecriture(cible).id ?? creees.get(cible);
    if (id) ecrites.push(id);
  }
  await indexer(ecrites);
}

/** Formations written per bulk chunk (one savepoint each). */
const LOT = 500;

/**
 * A store refusal of one formation that no check of the analysis foresaw, named by its rows: the
 * whole import is cancelled (one transaction: docs/formats.md, « Application »). The refusals the
 * preview checks (REFUS_DE_LIGNE) never come here: their rows are errors, the others applied.
 */
function refusLignes(e: unknown, cible: Cible): unknown {
  if (!(e instanceof OffreError)) return e;
  const lignes = cible.lignes.map((l) => l.ligne).join(', ');
  return new OffreError(
    e.code,
    `${accord(cible.lignes.length, 'Ligne', 'Lignes')} ${lignes} : ${e.message} Aucune ligne du classeur n’a été appliquée.`,
    { ...e.details, lignes },
    422,
  );
}

/**
 * Writes the new state of every target formation, in the workbook's order, inside `trx`: an
 * update by id (archived after, when every session of it is closed) or a creation. `bulk`: a
 * chunk of LOT formations at a time, one savepoint each, written through saveFormationsBulk (the
 * archivings in it, so the history and the feed keep the one-by-one order); a chunk
 * the store refuses is rolled back to its savepoint and replayed one by one, to name the rows of
 * the refused formation.
 */
async function appliquerCibles(
  trx: Executor,
  acteur: Acteur,
  cibles: readonly Cible[],
  o: {
    /** The analysis's own decision (its report says it): archived, from the diffused version, when
     * the closing rows close every place; else the rows applied to what the workbook showed. */
    ecriture: (cible: Cible) => Ecriture;
    now: Date;
    writePath: 'bulk' | 'single';
    onCible: (lignes: number) => void;
    onRefus: (cible: Cible, e: OffreError) => void;
    /** A formation created (a target without id): its new id. */
    onCree: (cible: Cible, id: string) => void;
  },
): Promise<void> {
  const prevu = o.ecriture;
  const uneParUne = async (lot: readonly Cible[]) => {
    for (const cible of lot) {
      o.onCible(cible.lignes.length);
      try {
        const { input, id, archiver } = prevu(cible);
        const r = await saveFormationTx(trx, acteur, input, {
          id,
          now: o.now,
          puisArchiver: archiver && !!id,
        });
        if (!id) o.onCree(cible, r.id);
        if (archiver && id) await transitionTx(trx, acteur, id, 'archiver', o.now);
        // Between two formations, the event loop serves the other requests.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (e) {
        // Refused before anything of it was written (the transaction goes on): its rows are errors.
        if (e instanceof OffreError && REFUS_DE_LIGNE.has(e.code)) {
          o.onRefus(cible, e);
          continue;
        }
        // One transaction: a row the checks let through but the store refuses cancels the whole import.
        throw refusLignes(e, cible);
      }
    }
  };
  if (o.writePath === 'single') return uneParUne(cibles);
  type Prevu = Ecriture & { cible: Cible };
  // One savepoint per chunk (PostgreSQL slows down past 64 subtransactions in one transaction),
  // and one bulk write of it, each archiving in its place (saveFormationsBulk's `archiver`).
  const parLot = async (lot: readonly Prevu[]) => {
    if (lot.length === 0) return;
    let ecrites: readonly { id: string; created: boolean }[];
    try {
      ecrites = await withSavepoint(trx, 'classeur_lot', () =>
        saveFormationsBulk(
          trx,
          acteur,
          lot.map((x) => x.input),
          o.now,
          lot.map((x) => x.id),
          lot.map((x) => x.archiver && !!x.id),
        ),
      );
    } catch (e) {
      if (!(e instanceof OffreError)) throw e;
      return uneParUne(lot.map((p) => p.cible));
    }
    for (const [i, p] of lot.entries()) {
      if (!p.id && ecrites[i]) o.onCree(p.cible, ecrites[i]!.id);
      o.onCible(p.cible.lignes.length);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for (let i = 0; i < cibles.length; i += LOT)
    await parLot(cibles.slice(i, i + LOT).map((cible) => ({ ...prevu(cible), cible })));
}

/** Attempts of a workbook whose transaction lost a race with a concurrent import (see appliquer). */
const ESSAIS = 3;

/**
 * Runs the apply in one transaction. Another import creating the same new formations at the same
 * time makes the store refuse ours once the other commits: the whole run is replayed (its
 * analysis included), and then finds and updates the other's formations (issue 15, defect 13).
 */
async function appliquer<T>(
  ctx: AppContext,
  run: (trx: Executor) => Promise<T>,
  quoi: string,
  copie: boolean,
): Promise<T> {
  for (let essai = 1; ; essai++) {
    try {
      // A long write: on PGlite, the other requests read a copy meanwhile (db/long-write.ts).
      return await longWrite(ctx.db, () => ctx.db.transaction().execute(run), { copie });
    } catch (e) {
      if (!isConflitConcurrent(e)) throw e;
      if (essai >= ESSAIS) throw importConcurrent(quoi);
    }
  }
}

/**
 * Is `row` in the offer of the organisme whose workbook it is (`siret`, recorded by the export in
 * the hidden sheet `Versions`): owned by its SIREN, or with that SIRET as responsable, formateur or
 * mandataire — what its workbook lists (export-classeur.service.ts). Without a recorded SIRET (a
 * workbook exported before it was, or made by hand): the actor's perimeter alone decides.
 */
function dansOffre(row: FormationVueRow, siret: string | null): boolean {
  return (
    siret === null ||
    row.siren_proprietaire === siret.slice(0, 9) ||
    row.responsable_siret === siret ||
    row.formateur_siret === siret ||
    row.mandataire_siret === siret
  );
}

/**
 * A formation loaded while the workbook was read: its row and view when the actor may read it to
 * compare a row (lisibles), null when it may not (or it does not exist).
 */
type DejaLue = {
  readonly row: FormationVueRow;
  readonly vue: FormationVue;
  readonly horsPerimetre: boolean;
} | null;

/**
 * The formations `ids` an import by `acteur` may compare its rows with: those the actor sees (the
 * store's rule, formation.repository.ts visibleTo: a gestionnaire sees the formations with a live
 * session in its régions, diffused or not) and, for a gestionnaire, the others too, in
 * `horsPerimetre`. A row of another région's formation that is not diffused is then, unchanged,
 * « inchangée » like a diffused one and, changed, CLASSEUR_HORS_REGION naming its régions
 * (refuserHorsRegions), instead of « aucune formation » (a fresh user's report, 04/12/2026).
 * loadFormations keeps those only for references in the workbook's organisme's offer: `horsPerimetre`
 * says which of `ids` may be kept there (the others are not read outside the perimeter).
 */
async function selectLisibles(
  db: Executor,
  ids: readonly string[],
  acteur: Acteur,
  peutEtreHorsPerimetre: (id: string) => boolean = () => true,
): Promise<{ rows: FormationVueRow[]; horsPerimetre: ReadonlySet<string> }> {
  const rows = await selectFormationVues(db, ids, visibiliteOf(acteur));
  const horsPerimetre = new Set<string>();
  if (acteur.kind !== 'utilisateur' || acteur.role !== 'gestionnaire' || rows.length === ids.length)
    return { rows, horsPerimetre };
  const vus = new Set(rows.map((r) => r.id));
  for (const row of await selectFormationVues(
    db,
    ids.filter((id) => !vus.has(id) && peutEtreHorsPerimetre(id)),
  )) {
    horsPerimetre.add(row.id);
    rows.push(row);
  }
  return { rows, horsPerimetre };
}

/**
 * The formations named by the references the reader tells while it reads (readClasseurIsole's
 * surReferences), loaded in the import's transaction as they come, so that the loading overlaps
 * the read. Which of them the analysis gets is decided by loadFormations once the whole workbook
 * is known (the organisme of its `Versions` sheet, the keys of its new rows), as without it.
 */
class Prechargement {
  #references: string[] = [];
  #fini = false;
  #reveil: (() => void) | null = null;
  #premier: (() => void) | null = null;
  #pris = false;

  constructor(private readonly acteur: Acteur) {}

  readonly surReferences = (references: string[]) => {
    for (const r of references) this.#references.push(r);
    this.#premier?.();
    this.#reveil?.();
  };

  /** Whether references came before the read ended (the transaction is then opened at once). */
  avantLaFin(lecture: Promise<unknown>): Promise<boolean> {
    const fin = () => {
      this.#fini = true;
      this.#reveil?.();
    };
    lecture.then(fin, fin);
    if (this.#references.length > 0) return Promise.resolve(true);
    return Promise.race([
      new Promise<boolean>((resolve) => {
        this.#premier = () => resolve(true);
      }),
      lecture.then(
        () => false,
        () => false,
      ),
    ]);
  }

  /** Loads in `trx` what is told until the read ends; once (a replayed transaction loads it all itself). */
  async prendre(trx: Executor, lecture: Promise<unknown>): Promise<ReadonlyMap<string, DejaLue> | undefined> {
    if (this.#pris) return undefined;
    this.#pris = true;
    const lues = new Map<string, DejaLue>();
    for (;;) {
      if (this.#references.length === 0) {
        if (this.#fini) break;
        await new Promise<void>((resolve) => {
          this.#reveil = resolve;
        });
        this.#reveil = null;
        continue;
      }
      const ids = new Set<string>();
      for (const r of this.#references) {
        const id = readReference(r).formationId;
        if (!lues.has(id)) ids.add(id);
      }
      this.#references = [];
      const { rows: lisibles, horsPerimetre } = await selectLisibles(trx, [...ids], this.acteur);
      const rows = new Map(lisibles.map((row) => [row.id, row]));
      for (const id of ids) lues.set(id, null);
      for (let i = 0; i < lisibles.length; i += 500)
        for (const vue of await vuesFormations(trx, this.acteur, lisibles.slice(i, i + 500)))
          lues.set(vue.id, { row: rows.get(vue.id)!, vue, horsPerimetre: horsPerimetre.has(vue.id) });
    }
    await lecture.catch(() => {});
    return lues;
  }
}

/**
 * The formations the rows name (by reference, or by the external key of an earlier import of a new
 * row), as their owner last wrote them. A reference to a formation outside the workbook's
 * organisme's offer (dansOffre) is not loaded: the analysis answers it as unknown, as it does a
 * formation the actor may not read (selectLisibles), so nothing tells whether it exists or what
 * its status is.
 * `dejaLues`: formations already loaded in the same transaction (Prechargement), not read again.
 */
async function loadFormations(
  db: Executor,
  acteur: Acteur,
  lu: Pick<ClasseurLu, 'annee' | 'lignes' | 'versions'>,
  dejaLues?: ReadonlyMap<string, DejaLue>,
) {
  const colonnes = colonnesClasseur(lu.annee);
  const siret = lu.versions?.organisme ?? null;
  const ids = new Set<string>();
  const references = new Set<string>();
  const parCle = new Map<string, string>();
  // The external keys of the new rows (no reference), looked up together.
  const cles = new Map<string, { siren: string; cle: string }>();
  for (const l of lu.lignes) {
    const ref = l.valeurs.reference;
    if (ref) {
      const id = readReference(ref).formationId;
      ids.add(id);
      references.add(id);
      continue;
    }
    const v: Valeurs = {};
    for (const c of colonnes) {
      const r = canoniser(c, l.valeurs[c.cle as keyof typeof l.valeurs]);
      if (r.ok) v[c.cle as keyof Valeurs] = r.valeur;
    }
    const siren = v.siretResponsable?.slice(0, 9);
    if (!siren) continue;
    const cle = cleNouvelle(v);
    cles.set(`${siren}|${cle}`, { siren, cle });
  }
  const parSaCle = new Set<string>();
  for (const [k, id] of await findFormationIdsByCle(db, [...cles.values()])) {
    parCle.set(k, id);
    ids.add(id);
    parSaCle.add(id);
  }
  const formations = new Map<string, FormationVue>();
  // Outside the actor's perimeter, only a reference of the workbook's organisme's offer is kept:
  // nothing else is read there (a formation found by a new row's key would be dropped).
  const peutEtreHorsPerimetre = (id: string) => siret !== null && references.has(id) && !parSaCle.has(id);
  const garder = (row: FormationVueRow, horsPerimetre: boolean) =>
    horsPerimetre
      ? peutEtreHorsPerimetre(row.id) && dansOffre(row, siret)
      : !references.has(row.id) || parSaCle.has(row.id) || dansOffre(row, siret);
  // The formations kept outside what the actor may read (not diffused, another région's): compared,
  // never echoed (masquerNonLisibles). A diffused one is compared with its diffused version when
  // the actor may not read its open revision (commeLaVoit).
  const masquees = new Set<string>();
  const prendre = (vue: FormationVue, horsPerimetre: boolean) => {
    formations.set(vue.id, commeLaVoit(acteur, vue, horsPerimetre));
    if (horsPerimetre) masquees.add(vue.id);
  };
  const aLire: string[] = [];
  for (const id of ids) {
    const deja = dejaLues?.get(id);
    if (deja === undefined) aLire.push(id);
    else if (deja && garder(deja.row, deja.horsPerimetre)) prendre(deja.vue, deja.horsPerimetre);
  }
  const lisibles = await selectLisibles(db, aLire, acteur, peutEtreHorsPerimetre);
  const gardees = lisibles.rows.filter((row) => garder(row, lisibles.horsPerimetre.has(row.id)));
  for (let i = 0; i < gardees.length; i += 500)
    for (const vue of await vuesFormations(db, acteur, gardees.slice(i, i + 500)))
      prendre(vue, lisibles.horsPerimetre.has(vue.id));
  return { formations, parCle, masquees: masquees as ReadonlySet<string> };
}
