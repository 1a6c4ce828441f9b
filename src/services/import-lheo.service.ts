import type { AppContext } from '../context.ts';
import { surBrouillon } from '../db/brouillon.ts';
import { deferSearchIndex, indexSearch } from '../db/bulk.repository.ts';
import { formationConcurrente, importConcurrent, isConflitConcurrent } from '../db/conflit.ts';
import type { Executor } from '../db/executor.ts';
import { selectEtatsEcriture, selectFormationsParCle } from '../db/formation.repository.ts';
import { marquerOrigine, selectDerniereEcriture } from '../db/historique.repository.ts';
import { longWrite, PETITE_ECRITURE } from '../db/long-write.ts';
import { replanifierEnCroissance } from '../db/replanifier.ts';
import { withSavepoint } from '../db/savepoint.ts';
import { nomsParLibelle } from '../db/utilisateur.repository.ts';
import { sirenLie } from '../domain/acces.ts';
import { type Acteur, auteur } from '../domain/acteur.ts';
import { dateHeureLongue, jourAParis } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { sirenDeLaSaisie } from '../domain/import-origine.ts';
import { nombre } from '../domain/nombres.ts';
import type { OrigineSession } from '../formats/lheo/lheo.doublons.ts';
import { readLheoEnFil } from '../formats/lheo/lheo.fil.ts';
import {
  CHAMPS_MAX,
  changementsRapportes,
  elementDe,
  type FormationCreee,
  type FormationModifiee,
  type FormationNommee,
  type LheoImportReport,
  LISTE_MAX,
  type LigneRapportLheo,
  lignesReglesRapport,
  MESSAGES_LHEO,
  regleSituee,
} from '../formats/lheo/lheo.rapport.ts';
import { type LheoRecord, readLheo } from '../formats/lheo/lheo.reader.ts';
import type { LheoRejet } from '../formats/lheo/lheo.rejet.ts';
import type { ByteSource } from '../formats/lheo/lheo.stream.ts';
import { messageVersionAncienne } from '../formats/lheo/lheo.version.ts';
import { saveFormationsBulk } from './formation.bulk.ts';
import { formationsLisibles } from './formation.lisible.ts';
import { saveFormationOuRefusTx, saveFormationTx, type WriteResult } from './formation.service.ts';
import { withDeferredRecompute } from './formation.write.ts';
import { ApercuRegles } from './imports/apercu-regles.ts';
import {
  comptesLheo,
  duFichier,
  enregistrerTrace,
  lImport,
  rapportLheoVide,
  type TraceImport,
} from './imports/import-trace.ts';
import { completerLieux } from './lieux-ecrits.ts';

// LHEO import: one transaction per file, savepoints so that a rejected record leaves no trace
// while the valid ones are applied, a yield to the event loop after each formation so that a
// national file never freezes the server (on PGlite, where each statement runs on this thread,
// the other requests are served between two formations, from a copy: see db/long-write.ts). A dry run is the same work, rolled back.
// The file is read in batches of BATCH formations, pipelined: while one batch is written (its
// statements run in PostgreSQL), the next one is parsed, mapped and validated here (from the command
// line, in a worker thread: opts.lecture), so that Node and the server work at the same time instead
// of in turn (docs/mesures.md, « Import LHEO :
// lecture et écriture en parallèle »). Then, after the last batch, in pipelined rounds of 250
// (withDeferredRecompute, recomputeEnTours): conformity, stored documents, and the search index of
// the formations written (« Import LHEO : la fin de l’import en parallèle »).

export type { LheoImportReport } from '../formats/lheo/lheo.rapport.ts';

export interface LheoImportOptions {
  readonly fichier?: string;
  readonly dryRun?: boolean;
  readonly onProgress?: (formations: number) => void;
  /**
   * Receives the full report, one line per formation created or unchanged, per field modified, per
   * refusal, in file order; then, at a dry run, one per blocking rule each formation created or
   * updated would introduce or clear, in file order (known once every formation is written).
   */
  readonly onLigne?: (ligne: LigneRapportLheo) => void;
  /**
   * Most formations one file may hold (the API's OFFRE_LIMITE_FORMATIONS_LHEO): past it the whole
   * file is refused (413 LHEO_TROP_DE_FORMATIONS), nothing stored. Absent: no limit (CLI, jobs).
   */
  readonly maxFormations?: number;
  /**
   * How the formations are written: `bulk` (default) a chunk at a time in set-based statements
   * (services/formation.bulk.ts), `single` one by one through the store service — the same
   * outcome, kept for the tests that prove it.
   */
  readonly writePath?: 'bulk' | 'single';
  /**
   * An import from the command line or the API: once applied, recorded for each SIREN it changed
   * or refused, with its part of the report (services/imports/import-trace.ts). Absent: the page's
   * jobs (recorded by their own row) and the tests.
   */
  readonly trace?: TraceImport;
  /**
   * The name the import goes by (its file's, CORPS_DE_LA_REQUETE for an API body), naming it in a
   * refusal of the import (IMPORT_CONCURRENT, « L’import de « offre.xml » … »); default: the trace's.
   */
  readonly nomImport?: string;
  /**
   * Where the file is read: `fil` in a worker thread (formats/lheo/lheo.fil.ts: decoding, parsing,
   * mapping and validation on the other core while this thread writes), for the command line's
   * whole catalogues; absent, in this thread (the pages' and the API's files do not pay a worker's
   * start). The same records either way; `fil` adds the refusal LHEO_LECTURE_MEMOIRE (422).
   */
  readonly lecture?: 'fil';
  /**
   * The cancellation of the command running the import (`offre serve` running it for a CLI whose
   * caller pressed Ctrl-C: cli/hote.ts). Once aborted, a read in a worker (`lecture: 'fil'`) throws
   * its reason at once, its worker stopped and its source closed, and no write starts: not even
   * PGlite's read copy, seconds of work before the first statement would be refused.
   */
  readonly signal?: AbortSignal;
}

/**
 * A copy of what the report keeps until the end of the import, sharing no memory with the parser:
 * a string cut from the file's text (a field of a record) keeps the whole chunk it was cut from
 * alive in V8, ≈ 50 KB per formation listed. The lists of each SIREN's part (import-trace.ts) keep
 * nearly every formation of a national file: 2.5 GB at 50,000 formations before this copy
 * (docs/mesures.md, « Import LHEO : mémoire des parts par SIREN »).
 */
const detacher = <T>(v: T): T => structuredClone(v);

const BATCH = 200;
/** Formations written but not recomputed indexed per statement at the end of the import (short: see RECOMPUTE_CHUNK). */
const INDEX_LOT = 250;
/** Lets the event loop serve other requests (a few microseconds when none waits). */
const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Attempts of one record that lost a race with a concurrent import (see saveOne). */
const ESSAIS = 3;

class DryRun extends Error {
  constructor(readonly report: LheoImportReport) {
    super('dry run');
  }
}

// Ownership errors point at the organisme whose SIREN owns the offer: the mandataire's extra for a
// conventionnée action that names one (docs/conventionne.md), else the responsable, as its own errors.
const cheminDe = (chemin: string, e: OffreError) =>
  String(e.details.champ ?? '').startsWith('mandataire')
    ? `${chemin}/extras/extra[@info="mandataire"]`
    : e.code === 'ACCES_REFUSE' || String(e.details.champ ?? '').startsWith('responsable')
      ? `${chemin}/organisme-formation-responsable`
      : chemin;

type Item = { readonly rec: LheoRecord; readonly rejets: readonly LheoRejet[] };

/** What became of a record of an older export (versionsAnciennes): refused, or unchanged. */
type IssueAncienne =
  | { readonly rejet: LheoRejet }
  | { readonly refus: OffreError }
  | { readonly inchangee: WriteResult };

/** Rolls back the trial of a record of an older export that would change its formation. */
class VersionAncienne extends Error {
  constructor() {
    super('version ancienne');
  }
}

/** « par X le … », who wrote formation `id` last and when, or '' when its history is empty. */
async function derniereModification(trx: Executor, id: string): Promise<string> {
  const d = await selectDerniereEcriture(trx, id);
  if (!d) return '';
  return `par ${auteur(d.acteur, await nomsParLibelle(trx, [d.acteur]))} le ${dateHeureLongue(new Date(d.at))}`;
}

/** Keeps the report bounded on a hostile file: counts stay exact, the list stops growing. */
const MAX_REJETS = 10_000;

/**
 * Imports an LHEO file (`source`: its bytes, streamed) as `acteur`, in one transaction: each
 * valid formation created or updated, each refused one reported (`rejets`, `onLigne`) and left
 * untouched. Returns the report (LheoImportReport). Throws an OffreError for a file refused as a
 * whole (not XML, bad encoding, past `maxFormations`: 413 LHEO_TROP_DE_FORMATIONS, …) or a race
 * lost outside a record (409 IMPORT_CONCURRENT), with nothing stored — a record that loses its
 * race through its attempts is refused alone, in the report; `onProgress` gets the number of
 * formations read once each batch is written. Peak memory: two batches of BATCH formations
 * (one written, one read), plus the ids written (for conformity and the search index).
 */
export async function importLheo(
  ctx: AppContext,
  acteur: Acteur,
  source: ByteSource,
  opts: LheoImportOptions = {},
): Promise<LheoImportReport> {
  const report = rapportLheoVide();
  // The preview's rule check of the formations updated (imports/apercu-regles.ts): dry run only.
  const apercu = opts.dryRun ? new ApercuRegles(ctx.now()) : null;
  /** The formations updated and created listed in the whole report (the first LISTE_MAX of each), which carry their rules. */
  const listees = new Map<string, FormationModifiee | FormationCreee>();
  /** Every formation the preview checks, named for the full report's rule lines (file order). */
  const nommees = apercu && opts.onLigne ? new Map<string, FormationNommee>() : null;
  /**
   * The preview's formations checked, by id: where the file has each of their sessions, by numero
   * (lheo.rapport.ts regleSituee: a rule names a session as the file has it).
   */
  const originesDe = apercu ? new Map<string, Map<string, OrigineSession>>() : null;
  const noterOrigines = (id: string, rec: LheoRecord) => {
    const o = rec.origines;
    if (!originesDe || !rec.input || !o) return;
    originesDe.set(
      id,
      new Map(
        rec.input.sessions.flatMap((s, i) => (s.cle_externe && o[i] ? [[s.cle_externe, o[i]] as const] : [])),
      ),
    );
  };
  const nomImport = opts.nomImport ?? opts.trace?.nom;
  const ligne = opts.onLigne ?? (() => {});
  const nommer = (rec: LheoRecord): FormationNommee => ({
    ligne: rec.ligne,
    numero: rec.input?.cle_externe ?? null,
    intitule: rec.input?.intitule ?? null,
  });
  // One SIREN's part of the report, when the import is recorded for the organismes (import-trace.ts).
  const parts = opts.trace ? new Map<string, LheoImportReport>() : null;
  /** The reports a record counts in: the whole report, and its SIREN's part when there is one. */
  const rapportsDe = (rec: LheoRecord): LheoImportReport[] => {
    const siren = parts && rec.input ? sirenDeLaSaisie(rec.input) : null;
    if (!parts || !siren) return [report];
    const part = parts.get(siren) ?? rapportLheoVide();
    parts.set(siren, part);
    return [report, part];
  };
  const reject = (rec: LheoRecord, rejets: readonly LheoRejet[]) => {
    const gardes = new Map<LheoRejet, LheoRejet>();
    for (const rep of rapportsDe(rec)) {
      rep.formations.rejetees++;
      rep.rejets_total += rejets.length;
      const max = rep === report ? MAX_REJETS : LISTE_MAX;
      for (const r of rejets)
        if (rep.rejets.length < max) {
          const garde = gardes.get(r) ?? detacher(r);
          gardes.set(r, garde);
          rep.rejets.push(garde);
        }
    }
    for (const r of rejets) ligneElement(rec, r, 'refusee');
  };
  /**
   * The stored titles of formations the store knows, by numero, for the full report's lines of the
   * records refused unread (no input, hence no title): see intitulesDuMagasin.
   */
  const intitulesConnus = new Map<string, string>();
  /** The full report's line of an element refused or warned about. */
  const ligneElement = (rec: LheoRecord, r: LheoRejet, resultat: 'refusee' | 'avertissement') =>
    ligne({
      ...nommer(rec),
      intitule: rec.input?.intitule ?? (r.numero ? intitulesConnus.get(r.numero) : undefined) ?? null,
      ligne: r.ligne ?? rec.ligne,
      numero: r.numero ?? rec.input?.cle_externe ?? null,
      resultat,
      element: elementDe(r.chemin),
      code: r.code,
      message: r.message,
      avant: '',
      apres: '',
    });
  // The formations written, each indexed for the search once, after its conformity (migration 0880).
  const ecrites = new Set<string>();
  const indexees = new Set<string>();
  // The warnings of a formation accepted (two identical sessions…): listed, it is applied all the same.
  const avertir = (rec: LheoRecord) => {
    const garde = rec.avertissements.map(detacher);
    for (const rep of rapportsDe(rec)) {
      rep.avertissements_total += garde.length;
      for (const a of garde) if (rep.avertissements.length < LISTE_MAX) rep.avertissements.push(a);
    }
    for (const a of rec.avertissements) ligneElement(rec, a, 'avertissement');
  };
  const tally = (rec: LheoRecord, r: WriteResult) => {
    if (r.created || r.changed) ecrites.add(r.id);
    if (rec.avertissements.length > 0) avertir(rec);
    const nom = nommer(rec);
    const vide = { code: '', avant: '', apres: '' };
    const rapports = rapportsDe(rec);
    if (r.created) {
      const garde: FormationCreee = rapports.some((rep) => rep.creees.length < LISTE_MAX)
        ? detacher(nom)
        : nom;
      // Listed in the whole report: the preview completes it with its rules (see completer).
      if (apercu && report.creees.length < LISTE_MAX) listees.set(r.id, garde);
      for (const rep of rapports) {
        rep.formations.creees++;
        if (rep.creees.length < LISTE_MAX) rep.creees.push(garde);
      }
      apercu?.noterCreee(r.id);
      noterOrigines(r.id, rec);
      nommees?.set(r.id, detacher(nom));
      ligne({ ...nom, ...vide, resultat: 'creee', element: '', message: MESSAGES_LHEO.creee });
    } else if (r.changed) {
      const changements = changementsRapportes(r.changes ?? [], r.sessions);
      const modifiee: FormationModifiee | null = rapports.some((rep) => rep.modifiees.length < LISTE_MAX)
        ? detacher({
            ...nom,
            revision: !!r.revision,
            changements: changements.slice(0, CHAMPS_MAX),
            changements_total: changements.length,
          })
        : null;
      // Listed in the whole report: the preview completes it with its rules (see completer).
      if (apercu && modifiee && report.modifiees.length < LISTE_MAX) listees.set(r.id, modifiee);
      for (const rep of rapports) {
        rep.formations.mises_a_jour++;
        if (modifiee && rep.modifiees.length < LISTE_MAX) rep.modifiees.push(modifiee);
      }
      apercu?.noter(r.id, !!r.revision);
      noterOrigines(r.id, rec);
      nommees?.set(r.id, detacher(nom));
      const message = r.revision ? MESSAGES_LHEO.champRevision : MESSAGES_LHEO.champ;
      for (const c of changements)
        ligne({ ...nom, ...c, code: '', resultat: 'modifiee', element: c.champ, message });
      // A returned revision submitted again as it was names no field.
      if (changements.length === 0)
        ligne({
          ...nom,
          ...vide,
          resultat: 'modifiee',
          element: '',
          message: r.revision ? MESSAGES_LHEO.revisionResoumise : MESSAGES_LHEO.modifiee,
        });
    } else {
      for (const rep of rapports) {
        rep.formations.inchangees++;
        if (r.revisionGardee) rep.revisions_gardees++;
      }
      const message = r.revisionGardee ? MESSAGES_LHEO.inchangeeRevisionGardee : MESSAGES_LHEO.inchangee;
      ligne({ ...nom, ...vide, resultat: 'inchangee', element: '', message });
    }
  };
  // The start of the file read before the transaction opens: an empty or unreadable body is
  // refused at once, and a short file (PETITE_ECRITURE records at most, read whole) is written
  // without the read copy of PGlite, which would cost far more than its write (db/long-write.ts).
  const aujourdhui = jourAParis(ctx.now());
  const lecture = (
    opts.lecture === 'fil'
      ? readLheoEnFil(source, opts.fichier, aujourdhui, { signal: opts.signal })
      : readLheo(source, opts.fichier, aujourdhui)
  )[Symbol.asyncIterator]();
  const debut: LheoRecord[] = [];
  let lu = false;
  while (!lu && debut.length <= PETITE_ECRITURE) {
    const r = await lecture.next();
    if (r.done) lu = true;
    else debut.push(r.value);
  }
  async function* records(): AsyncGenerator<LheoRecord> {
    yield* debut.splice(0);
    if (!lu) for (let r = await lecture.next(); !r.done; r = await lecture.next()) yield r.value;
  }
  // The import on `base`: the live base, or a preview's scratch copy of it (below).
  const essayer = async (base: AppContext) => {
    try {
      // Conformity is computed once for all the formations written, at the end (see withDeferredRecompute).
      return await longWrite(
        base.db,
        () =>
          base.db.transaction().execute(async (trx) => {
            // The triggers only take the words of the formations written (migration 0880): each is
            // indexed once below, after its conformity, instead of at each of its writes.
            await deferSearchIndex(trx, 'mots');
            // Every history entry the import writes says so (« via un import LHEO »), both write paths.
            marquerOrigine(trx, 'lheo');
            // Each round of the conformity recomputation indexes its formations written once it has
            // written their conformity (the index reads catalogue and statuses): the server indexes a
            // round while Node evaluates the next one (see recomputeEnTours).
            const apresTour = (ids: readonly string[]) => {
              const lot = ids.filter((id) => ecrites.has(id) && !indexees.has(id));
              for (const id of lot) indexees.add(id);
              return indexSearch(trx, lot, false);
            };
            await withDeferredRecompute(trx, { now: ctx.now(), apresTour }, async () => {
              // A record identical to its published version keeps the organisme's open revision
              // (garderRevision): the export it sends back holds the published values.
              const save = (rec: LheoRecord) =>
                saveFormationTx(trx, acteur, rec.input!, { now: ctx.now(), garderRevision: true });
              // A formation whose open revision refuses the write (REVISION_EN_ATTENTE: nothing written)
              // is reported in its place: its batch is not replayed record by record for it.
              const saveOuRefus = (rec: LheoRecord) =>
                saveFormationOuRefusTx(trx, acteur, rec.input!, { now: ctx.now(), garderRevision: true });
              const refuser = (rec: LheoRecord, e: OffreError) => {
                // A validateur's refusal says why the organisme's own import passes, and how to do it.
                const suite = e.code === 'REVISION_EN_ATTENTE' ? ` ${MESSAGES_LHEO.refusRevision}` : '';
                // A formation matched by the record's numero that the importer may not read is named by
                // that numero only (formation.service lockWritableParCle): the file says which record.
                const ou =
                  e.details.cle_externe !== undefined && nomImport !== undefined
                    ? ` ${duFichier('lheo', nomImport)}`
                    : '';
                const message = `Formation n° ${rec.index} (ligne ${rec.ligne})${ou} : ${e.message}${suite}`;
                reject(rec, [
                  {
                    chemin: cheminDe(rec.chemin, e),
                    code: e.code,
                    message,
                    ligne: rec.ligne,
                    numero: rec.input?.cle_externe ?? null,
                  },
                ]);
              };
              // One record in its own savepoint. Another import creating the same new formation at the
              // same time makes the store refuse ours once the other commits: replayed, the record finds
              // the other's formation and updates it (issue 15, defect 13).
              const saveOne = async (rec: LheoRecord) => {
                for (let essai = 1; ; essai++) {
                  try {
                    return await withSavepoint(trx, 'lheo_formation', () => save(rec));
                  } catch (e) {
                    if (!isConflitConcurrent(e)) throw e;
                    // Still lost: this record alone is refused (its savepoint leaves nothing of it), the
                    // others are applied — the report says so, never « rien n’a été enregistré ».
                    if (essai >= ESSAIS) throw formationConcurrente(ESSAIS, !!opts.dryRun);
                  }
                }
              };
              // One savepoint per batch; only a batch where the store refused a record is replayed
              // record by record (PostgreSQL slows down past 64 subtransactions in one transaction).
              // The tables the chunks read by formation or session ids.
              const replanifier = replanifierEnCroissance(trx, [
                'formation',
                'session',
                'contact',
                'session_evenement',
                'formation_document_a_refaire',
              ]);
              const flush = async (lu: Item[]) => {
                // Plans made on the empty tables of a first import, dropped as they grow (db/replanifier.ts).
                await replanifier(ecrites.size + 1);
                // The places without INSEE code completed from the communes reference (services/lieux-ecrits.ts),
                // once for the batch: both write paths, and the replay record by record, write the same.
                const batch = await lieuxCompletes(lu);
                if (opts.onLigne) await intitulesDuMagasin(trx, acteur, batch, intitulesConnus);
                // The records of an older export of Offre, decided alone first, the same on both write
                // paths (see versionsAnciennes): the batch writes the others.
                const anciennes = await versionsAnciennes(batch);
                try {
                  const results = await withSavepoint(trx, 'lheo_lot', async () => {
                    const valides = batch
                      .filter((it) => it.rejets.length === 0 && !anciennes.has(it))
                      .map((it) => it.rec);
                    if (opts.writePath !== 'single') {
                      const r = await saveFormationsBulk(
                        trx,
                        acteur,
                        valides.map((rec) => rec.input!),
                        ctx.now(),
                        [],
                        [],
                        { refusRevisionEnPlace: true, garderRevision: true },
                      );
                      await yieldLoop();
                      return r;
                    }
                    const r = [];
                    for (const rec of valides) {
                      r.push(await saveOuRefus(rec));
                      await yieldLoop();
                    }
                    return r;
                  });
                  // The file's rejections and each record's outcome (a refusal, in its place), in file
                  // order; `results` follows the valid records in order.
                  let k = 0;
                  for (const it of batch) {
                    if (it.rejets.length > 0) {
                      reject(it.rec, it.rejets);
                      continue;
                    }
                    const ancienne = anciennes.get(it);
                    if (ancienne) {
                      issueAncienne(it.rec, ancienne);
                      continue;
                    }
                    const r = results[k++]!;
                    if (r.refus) refuser(it.rec, r.refus);
                    else tally(it.rec, r);
                  }
                  return;
                } catch (e) {
                  if (!(e instanceof OffreError) && !isConflitConcurrent(e)) throw e;
                }
                for (const it of batch) {
                  if (it.rejets.length > 0) {
                    reject(it.rec, it.rejets);
                    continue;
                  }
                  const ancienne = anciennes.get(it);
                  if (ancienne) {
                    issueAncienne(it.rec, ancienne);
                    continue;
                  }
                  try {
                    tally(it.rec, await saveOne(it.rec));
                    await yieldLoop();
                  } catch (e) {
                    if (!(e instanceof OffreError)) throw e;
                    refuser(it.rec, e);
                  }
                }
              };

              /**
               * The records of `batch` that carry the version of Offre's export (formats/lheo/lheo.version.ts)
               * when their formation has changed since (the API's ETag no longer the one exported): each is
               * tried alone in a savepoint, before the batch, with the single path's write — the same on
               * both write paths. One that changes nothing (the same file sent again) is kept, unchanged;
               * one that would change the formation is rolled back and refused (LHEO_VERSION_ANCIENNE), as
               * the space's forms refuse a save made on an older version: never an older value written
               * over a newer one in silence. A record without the extras (a file from another system),
               * or whose formation the export's id no longer names, is written with the others.
               */
              const versionsAnciennes = async (items: readonly Item[]) => {
                const out = new Map<Item, IssueAncienne>();
                const versionnes = items.filter(
                  (it) => it.rejets.length === 0 && it.rec.input && it.rec.version,
                );
                if (versionnes.length === 0) return out;
                const etats = await selectEtatsEcriture(
                  trx,
                  versionnes.map((it) => it.rec.version!.formation),
                );
                for (const it of versionnes) {
                  const v = it.rec.version!;
                  const input = it.rec.input!;
                  const e = etats.get(v.formation);
                  if (!e || e.etat === v.version) continue;
                  // The formation the record writes: its numero and owner are the exported formation's.
                  if ((e.cle ?? v.formation) !== input.cle_externe || e.siren !== sirenDeLaSaisie(input))
                    continue;
                  try {
                    const r = await withSavepoint(trx, 'lheo_version', async () => {
                      const r = await saveOuRefus(it.rec);
                      // A change, or one the store refuses (REVISION_EN_ATTENTE to a validateur: the record
                      // changes the formation): the file is older, which is what to say and to do first.
                      if (r.created || r.changed || r.refus) throw new VersionAncienne();
                      return r;
                    });
                    out.set(it, { inchangee: r });
                  } catch (err) {
                    // Refused by the store (nothing written): its own refusal, as the batch would say it.
                    if (err instanceof OffreError) {
                      out.set(it, { refus: err });
                      continue;
                    }
                    // A race lost: refused as older, nothing written (never retried over a newer version).
                    if (!(err instanceof VersionAncienne) && !isConflitConcurrent(err)) throw err;
                    const message = messageVersionAncienne({
                      index: it.rec.index,
                      ligne: it.rec.ligne,
                      numero: input.cle_externe ?? v.formation,
                      exporte: v.exporteLe ? dateHeureLongue(new Date(v.exporteLe)) : null,
                      par: await derniereModification(trx, v.formation),
                      apercu: !!opts.dryRun,
                    });
                    out.set(it, {
                      rejet: {
                        chemin: it.rec.chemin,
                        code: 'LHEO_VERSION_ANCIENNE',
                        message,
                        ligne: it.rec.ligne,
                        numero: input.cle_externe ?? null,
                      },
                    });
                  }
                }
                return out;
              };
              const issueAncienne = (rec: LheoRecord, a: IssueAncienne) => {
                if ('rejet' in a) reject(rec, [a.rejet]);
                else if ('refus' in a) refuser(rec, a.refus);
                else tally(rec, a.inchangee);
              };

              const lieuxCompletes = async (lu: Item[]): Promise<Item[]> => {
                const valides = lu.filter((it) => it.rejets.length === 0 && it.rec.input);
                const completes = await completerLieux(
                  trx,
                  valides.map((it) => it.rec.input!),
                );
                const par = new Map(valides.map((it, i) => [it, completes[i]!]));
                return lu.map((it) => {
                  const input = par.get(it);
                  return input && input !== it.rec.input ? { ...it, rec: { ...it.rec, input } } : it;
                });
              };

              // Pipelined (issue 13): the batch read last is written while the next one is read and
              // mapped, so that on PostgreSQL Node's parsing overlaps the server's statements. One batch
              // in flight at most (memory: two batches), written in file order, each after the previous
              // one: the same statements, in the same order, as reading and writing in turn.
              let enVol: Promise<void> | undefined;
              let ecrit = true;
              const ecrire = async (lot: Item[], lus?: number) => {
                if (enVol) await enVol;
                ecrit = false;
                enVol = flush(lot).then(() => {
                  ecrit = true;
                  if (lus !== undefined) opts.onProgress?.(lus);
                });
                // Awaited before the next batch or at the end; a rejection meanwhile is not "unhandled".
                enVol.catch(() => {});
              };
              const seen = new Set<string>();
              let batch: Item[] = [];
              let n = 0;
              try {
                for await (const rec of records()) {
                  n++;
                  if (opts.maxFormations !== undefined && n > opts.maxFormations)
                    throw new OffreError(
                      'LHEO_TROP_DE_FORMATIONS',
                      `Le fichier contient plus de ${nombre(opts.maxFormations)} formations, le plus qu’une requête accepte (OFFRE_LIMITE_FORMATIONS_LHEO) : importez-le depuis votre espace (/espace/imports, import asynchrone avec suivi) ou avec la commande « offre import lheo ». Rien n’a été enregistré.`,
                      { limite: opts.maxFormations },
                      413,
                    );
                  // Two records with one key would overwrite each other on every import: never idempotent.
                  const key = rec.input
                    ? `${rec.input.responsable?.siret?.slice(0, 9) ?? ''}|${rec.input.cle_externe}`
                    : '';
                  if (rec.input && seen.has(key)) {
                    const message = `Formation n° ${rec.index} (ligne ${rec.ligne}) : le numéro « ${rec.input.cle_externe} » figure déjà plus haut dans le fichier pour le même organisme.`;
                    batch.push({
                      rec,
                      rejets: [
                        {
                          chemin: `${rec.chemin}/@numero`,
                          code: 'LHEO_NUMERO_DOUBLON',
                          message,
                          ligne: rec.ligne,
                          numero: rec.input.cle_externe,
                        },
                      ],
                    });
                  } else {
                    if (rec.input) seen.add(key);
                    batch.push({ rec, rejets: rec.erreurs });
                  }
                  if (batch.length >= BATCH) {
                    await ecrire(batch, n);
                    batch = [];
                  } else if (!ecrit) {
                    // The reader runs on buffered bytes without giving the event loop a turn: let the
                    // batch in flight send its next statement as soon as the server answers.
                    await yieldLoop();
                  }
                }
                if (batch.length > 0) await ecrire(batch);
                await enVol;
              } catch (e) {
                // Never leave the transaction while a batch still writes in it. A write that failed
                // came first in file order: its error is the import's, as when reading and writing in turn.
                if (enVol) await enVol;
                throw e;
              }
              opts.onProgress?.(n);
              if (opts.dryRun) {
                // The would-be states, read before the trial writes are rolled back.
                await apercu?.apres(trx);
                throw new DryRun(report);
              }
            });
            // Those written but not recomputed (nearly always none: a revision proposed, not applied).
            const restantes = [...ecrites].filter((id) => !indexees.has(id));
            for (let i = 0; i < restantes.length; i += INDEX_LOT) {
              await indexSearch(trx, restantes.slice(i, i + INDEX_LOT), false);
              await yieldLoop();
            }
            if (parts && opts.trace) {
              const liste = [...parts].map(([siren, rapport]) => ({
                siren,
                rapport,
                comptes: comptesLheo(rapport),
              }));
              await enregistrerTrace(trx, acteur, opts.trace, 'lheo', liste, ctx.now());
            }
            return report;
          }),
        // A dry run is the same writes in the same transaction, rolled back at the end (the preview
        // counts what the store really does: creations, changes, revisions, refusals): a long one
        // runs on a scratch copy (below), where no read copy is needed; on PGlite without snapshot
        // reads it holds the one session as long as an applied import, as any long write does.
        { copie: !lu },
      );
    } catch (e) {
      // The states as stored, read once the trial writes are rolled back.
      if (e instanceof DryRun)
        return apercu ? completer(e.report, apercu, { listees, nommees, ligne, originesDe }, base) : e.report;
      // A race lost outside a record's savepoint (the recomputation, the search index, the trace):
      // the transaction is rolled back, nothing stored — the import is refused as a whole (409),
      // named as its page names it, as the page's job and the workbook do.
      if (isConflitConcurrent(e))
        throw importConcurrent(
          nomImport === undefined ? 'L’import de ce fichier LHEO' : lImport('lheo', nomImport),
        );
      throw e;
    }
  };
  // A long file's preview runs on a scratch copy of the base on PGlite (db/brouillon.ts): its
  // transaction, rolled back, then holds no lock on the live base, where the others keep writing
  // (a sign-in, a form). Its report, rules included, is read from the copy: the same as on the
  // live base, which it equals (a short file's preview stays on the live base, cheaper than a copy).
  try {
    // Cancelled while the start of the file was read: neither copy nor transaction.
    opts.signal?.throwIfAborted();
    return await (opts.dryRun
      ? surBrouillon(ctx.db, (db) => essayer({ ...ctx, db }), { copie: !lu })
      : essayer(ctx));
  } finally {
    // The worker of `lecture: 'fil'` stopped and its source closed however the import ends (the
    // read in this thread is left as it always was: an API body is the route's to close).
    if (opts.lecture === 'fil') await lecture.return(undefined);
  }
}

/**
 * A dry run's report completed with its rules (imports/apercu-regles.ts), read once the trial writes
 * are rolled back: the counts of formations that would leave the diffusion (updated) or not be
 * diffusable (created), each rule's count over every formation, each listed formation's rules;
 * and, at the end of the full report (`ligne`), the rule lines of every formation (`nommees`, in
 * file order).
 */
async function completer(
  report: LheoImportReport,
  apercu: ApercuRegles,
  o: {
    listees: ReadonlyMap<string, FormationModifiee | FormationCreee>;
    nommees: ReadonlyMap<string, FormationNommee> | null;
    ligne: (l: LigneRapportLheo) => void;
    originesDe: ReadonlyMap<string, ReadonlyMap<string, OrigineSession>> | null;
  },
  ctx: AppContext,
): Promise<LheoImportReport> {
  const { regles, nonDiffusables, creeesNonDiffusables, parCode } = await apercu.completer(ctx.db, (id, r) =>
    regleSituee(r, o.originesDe?.get(id)),
  );
  report.non_diffusables = nonDiffusables;
  report.creees_non_diffusables = creeesNonDiffusables;
  report.regles_par_code = parCode;
  for (const [id, m] of o.listees) {
    const r = regles.get(id);
    if (r) m.regles = r;
  }
  for (const [id, nom] of o.nommees ?? []) {
    const r = regles.get(id);
    if (r) for (const l of lignesReglesRapport(nom, r)) o.ligne(l);
  }
  return report;
}

/** What an import would do, without changing anything (the page's preview step). */
export function previewLheo(
  ctx: AppContext,
  acteur: Acteur,
  source: ByteSource,
  opts: Omit<LheoImportOptions, 'dryRun'> = {},
) {
  return importLheo(ctx, acteur, source, { ...opts, dryRun: true });
}

/**
 * The stored titles of the formations of `batch` refused by the reader (a record with errors is not
 * mapped: it has no title) that the store knows by their numero, into `connus`: the full report
 * (CSV « Intitulé ») names them as Offre does. Only a formation `acteur` may read, of its own SIREN
 * when it has one, and only a numero that names one formation.
 */
async function intitulesDuMagasin(
  trx: Executor,
  acteur: Acteur,
  batch: readonly Item[],
  connus: Map<string, string>,
): Promise<void> {
  const numeros = [
    ...new Set(
      batch
        .filter((it) => it.rejets.length > 0 && !it.rec.input)
        .map((it) => it.rejets[0]?.numero)
        .filter((n): n is string => !!n && !connus.has(n)),
    ),
  ];
  if (numeros.length === 0) return;
  const rows = await selectFormationsParCle(trx, numeros, sirenLie(acteur));
  const lisibles = await formationsLisibles(
    trx,
    acteur,
    rows.map((r) => r.id),
  );
  const par = new Map<string, (typeof rows)[number][]>();
  for (const r of rows.filter((x) => lisibles.has(x.id)))
    par.set(r.cle_externe!, [...(par.get(r.cle_externe!) ?? []), r]);
  for (const [numero, [r, ...autres]] of par)
    if (r?.intitule && autres.length === 0) connus.set(numero, r.intitule);
}
