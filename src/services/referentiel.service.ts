import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type AppContext, configOf } from '../context.ts';
import { surBrouillon } from '../db/brouillon.ts';
import type { Executor } from '../db/executor.ts';
import { longWrite } from '../db/long-write.ts';
import * as repo from '../db/referentiel.repository.ts';
import { etatsOffres, retenirEchecsAvant } from '../db/referentiel-impact.repository.ts';
import { OffreError } from '../domain/errors.ts';
import {
  type Avertissement,
  avertissementEncodage,
  avertissementFinDeLigne,
} from '../domain/referentiel.comptes.ts';
import {
  type Alerte,
  garde,
  PART_IMPACT_MAX,
  perteMassive,
  refusPrudent,
  retraitMassif,
  SEUILS_BAISSE,
} from '../domain/referentiel.gardes.ts';
import type { PlusRecente, PlusRecentes } from '../domain/renommages.ts';
import { COLONNES_EXPORT, EXPORT_NON_REIMPORTABLE } from '../formats/export-offre.ts';
import { estZip } from '../formats/zip.ts';
import { communesParDefaut } from '../referentiels/communes.importer.ts';
import { dateDuFichier } from '../referentiels/date-fichier.ts';
import { fileHead } from '../referentiels/encoding.ts';
import { pourquoiNonReconnu } from '../referentiels/non-reconnu.ts';
import { classeurDeCampagne, exportDeLOffre, IMPORTERS, ressemblance } from '../referentiels/registry.ts';
import { sniffFile } from '../referentiels/sniff.ts';
import {
  type Encodage,
  type FactTable,
  type Jeu,
  KINDS,
  type Kind,
  type Lecture,
  type Rejet,
} from '../referentiels/types.ts';
import { recomputeFormations } from './conformite.service.ts';
import { type ImpactOffres, measureImpact, phraseImpact } from './referentiel-impact.ts';
import { HASH_INTEGREE } from './referentiel-status.service.ts';

export interface ImportRequest {
  readonly kind: string;
  readonly fichier: string;
  /** Applies despite the guards (fewer than half the rows, impact over the share): `--force`, the page's confirmation. */
  readonly force?: boolean;
  /** Preview: everything runs (rules included) in a transaction rolled back at the end; nothing is stored. */
  readonly apercu?: boolean;
  /** The name to report instead of the path's (an upload stored under another name). */
  readonly nom?: string;
  readonly onlyKnown?: boolean;
  readonly onProgress?: (lues: number) => void;
}

export interface ImportResult {
  /** `apercu`: a preview, rolled back (run_id 0). */
  readonly statut: 'importe' | 'inchange' | 'apercu';
  readonly run_id: number;
  readonly kind: string;
  readonly jeu: string;
  /** The recognised dataset in words, and how its header differs from the official one (null: it does not). */
  readonly libelle: string;
  readonly disposition: string | null;
  readonly fichier: string;
  /** Lines of the file; `completees`: facts added from a built-in source the file lacks (communes). */
  readonly lignes: { lues: number; gardees: number; rejetees: number; ignorees: number; completees: number };
  /** Rows skipped, by reason in French (« code RNCP « NR » (non renseigné) ou absent »). */
  readonly ignorees_motifs: Record<string, number>;
  /** Distinct facts the kept rows gave, per table (before comparing them with the stored ones). */
  readonly faits: Partial<Record<FactTable, number>>;
  /** Facts left to the datasets this file only completes (BCN V_FORMATION_DIPLOME after N). */
  readonly laisses: { nombre: number; jeux: readonly string[] };
  /** Said, never holding the file: U+FFFD in its texts, no final newline (domain/referentiel.comptes.ts). */
  readonly avertissements: Avertissement[];
  /**
   * Communes of the file the built-in list, newer, knows otherwise (merged or renamed since): kept
   * as the list has them, named (`nombre`, up to 5 `exemples`; communes only, else 0).
   */
  readonly plus_recentes: PlusRecentes;
  readonly diff: Partial<Record<FactTable, repo.DiffTable>>;
  readonly impact: { formations: number; ids: string[] };
  /** What the recomputation changed on the offers (null: nothing rechecked, or file unchanged). */
  readonly offres: ImpactOffres | null;
  /** The guards this file triggers (empty when none; an import without force never returns one). */
  readonly alertes: Alerte[];
  readonly rejets: Rejet[];
  readonly duree_ms: number;
}

const CHUNK = 1000;
/** Formations re-checked at once after an import. */
const RECONTROLE_LOT = 2000;
const MAX_REJETS = 1000;
const yieldLoop = () => new Promise<void>((r) => setImmediate(r));

async function sha256(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

function kindOf(kind: string): Kind {
  if ((KINDS as readonly string[]).includes(kind)) return kind as Kind;
  throw new OffreError(
    'REFERENTIEL_TYPE_INCONNU',
    `Type de référentiel « ${kind} » inconnu (attendu : ${KINDS.join(', ')}).`,
  );
}

/** Imports one official file: recognised by content, staged, diffed, applied in ONE transaction. */
export async function importReferentiel(ctx: AppContext, req: ImportRequest): Promise<ImportResult> {
  const kind = kindOf(req.kind);
  const importer = IMPORTERS[kind];
  const fichier = req.nom ?? basename(req.fichier);
  const st = await stat(req.fichier).catch(() => null);
  if (!st?.isFile())
    throw new OffreError('FICHIER_INTROUVABLE', `Fichier introuvable : ${req.fichier}.`, {
      fichier: req.fichier,
    });
  if (st.size === 0)
    throw new OffreError(
      'FICHIER_VIDE',
      `Le fichier « ${fichier} » est vide ; aucun référentiel n’a été modifié.`,
      {
        fichier,
      },
    );
  const zip = estZip(await fileHead(req.fichier, 4));
  const forme = await sniffFile(req.fichier).catch((e: unknown) => {
    throw illisible(fichier, zip, e);
  });
  const exporte = exportDeLOffre(forme);
  if (exporte)
    throw new OffreError(
      'REFERENTIEL_MAUVAIS_TYPE',
      `Le fichier ${fichier} est un export ${exporte.format} de l’offre d’Offre (${exporte.feuille ? `feuille « ${exporte.feuille} », ` : ''}${COLONNES_EXPORT}), pas : ${importer.libelle}. ${EXPORT_NON_REIMPORTABLE} ; aucun référentiel n’a été modifié.`,
      { fichier },
    );
  const classeur = classeurDeCampagne(forme);
  if (classeur)
    throw new OffreError(
      'REFERENTIEL_MAUVAIS_TYPE',
      `Le fichier ${fichier} est un classeur de campagne d’Offre (feuille « ${classeur} » : l’offre d’un organisme), pas : ${importer.libelle}. Il s’importe avec « offre import classeur ${fichier} » ou depuis l’espace de l’organisme ; aucun référentiel n’a été modifié.`,
      { fichier },
    );
  const jeu = importer.reconnaitre(forme);
  if (!jeu) {
    const autre = ressemblance(forme);
    const message = autre
      ? `Le fichier ${fichier} ressemble à : ${autre.jeu.libelle} (type « ${autre.kind} »), pas à : ${importer.libelle}. Importez-le avec le type « ${autre.kind} » ; aucun référentiel n’a été modifié.`
      : `Le fichier ${fichier} n’est pas reconnu comme : ${importer.libelle} (${pourquoiNonReconnu(forme, importer)}) ; aucun référentiel n’a été modifié.`;
    // Said the same way on every channel (the page's type list and the CLI's <kind> both name it).
    throw new OffreError('REFERENTIEL_MAUVAIS_TYPE', message, {
      fichier,
      ...(autre ? { type_reconnu: autre.kind } : {}),
    });
  }
  const hash = await sha256(req.fichier);
  // The official CSV files all end with a newline: without one, the last value may be cut.
  const fin = forme.type === 'csv' ? await finDuFichier(req.fichier) : null;
  const connus = req.onlyKnown ? await repo.organismesConnus(ctx.db) : null;
  // A commune absent from the file keeps its stored coordinates (docs/referentiels.md § Communes).
  const coordonnees = kind === 'communes' ? await repo.coordonneesCommunes(ctx.db) : undefined;
  return runImport(ctx, {
    kind,
    jeu,
    fichier,
    hash,
    // The file's own date (name, zip members), never its copy date on this disk.
    dateFichier: await dateDuFichier(req.fichier, forme).then((d) => (d ? new Date(`${d}T00:00:00Z`) : null)),
    force: !!req.force,
    apercu: !!req.apercu,
    partMax: configOf(ctx).referentielPartImpact,
    lecture: lisible(
      fichier,
      zip,
      importer.ouvrir(req.fichier, forme, jeu, {
        connus,
        aujourdhui: ctx.now().toISOString().slice(0, 10),
        ...(coordonnees ? { coordonnees } : {}),
      }),
    ),
    onProgress: req.onProgress,
    avertissements:
      fin !== null && !/[\r\n]$/.test(fin) ? [avertissementFinDeLigne(fichier, finCitee(fin))] : [],
  });
}

/** The last bytes of a file, as text (a few characters suffice to say how it ends). */
async function finDuFichier(path: string): Promise<string> {
  const { size } = await stat(path);
  const parts: Buffer[] = [];
  for await (const c of createReadStream(path, { start: Math.max(0, size - 64) })) parts.push(c as Buffer);
  return Buffer.concat(parts).toString('latin1');
}

/** The end of the last line, at most 30 characters, control characters replaced. */
function finCitee(fin: string): string {
  const ligne = fin.split(/\r?\n/).pop() ?? '';
  return (ligne.length > 30 ? `…${ligne.slice(-30)}` : ligne).replace(/\p{Cc}/gu, '\uFFFD');
}

/** A file that cannot be read to its end (a damaged or truncated zip, a read error): nothing is stored. */
function illisible(fichier: string, zip: boolean, e: unknown): OffreError {
  // A reader's refusal names the path it read: the name the user knows instead (an upload's).
  if (e instanceof OffreError && typeof e.details.fichier === 'string' && e.details.fichier !== fichier)
    return new OffreError(
      e.code,
      e.message.replace(e.details.fichier, fichier),
      { ...e.details, fichier },
      e.status,
    );
  if (e instanceof OffreError) return e;
  return new OffreError(
    'REFERENTIEL_ILLISIBLE',
    `Le fichier ${fichier} est illisible (${zip ? 'archive zip endommagée ou tronquée' : 'lecture interrompue'}) ; aucun référentiel n’a été modifié. Téléchargez-le de nouveau depuis sa source officielle.`,
    { fichier, cause: e instanceof Error ? e.message : String(e) },
    422,
  );
}

/** The same reading, its read errors turned into REFERENTIEL_ILLISIBLE naming the file. */
function lisible(fichier: string, zip: boolean, lecture: Lecture): Lecture {
  return {
    tables: lecture.tables,
    async *lire() {
      try {
        yield* lecture.lire();
      } catch (e) {
        throw illisible(fichier, zip, e);
      }
    },
  };
}

export interface RunInput {
  readonly kind: Kind;
  readonly jeu: Jeu;
  readonly fichier: string;
  readonly hash: string;
  readonly dateFichier: Date | null;
  readonly force: boolean;
  /** Preview: roll everything back at the end and report the guards instead of refusing. */
  readonly apercu?: boolean;
  /** Share of the offers (all, or one région's) above which the impact guard holds (0.1 = 10 %). */
  readonly partMax?: number;
  readonly lecture: Lecture;
  readonly onProgress?: ((lues: number) => void) | undefined;
  /** Warnings found before reading (the file's end), reported with the run's own. */
  readonly avertissements?: readonly Avertissement[];
}

/** Thrown to roll a preview's transaction back, carrying what it measured. */
class FinApercu extends Error {
  constructor(readonly result: ImportResult) {
    super('aperçu');
  }
}

/** The run itself, for a file or a built-in source (default communes). */
export async function runImport(ctx: AppContext, input: RunInput): Promise<ImportResult> {
  try {
    // A preview (everything rolled back) runs on a scratch copy of the base on PGlite
    // (db/brouillon.ts): the live base is held only while it is copied, and the others keep writing
    // (a form, a sign-in) meanwhile — as a long write, the preview refused every other write (503
    // BASE_OCCUPEE) for its whole length. It measures the base as it was at its start. PostgreSQL:
    // the live base, whose other writers never wait for a transaction that only reads their rows.
    if (input.apercu)
      return await surBrouillon(ctx.db, (db) =>
        db.transaction().execute((trx) => runIn({ ...ctx, db }, trx, input)),
      );
    // A long write: on PGlite, the other requests read a copy meanwhile (db/long-write.ts).
    return await longWrite(ctx.db, () => ctx.db.transaction().execute((trx) => runIn(ctx, trx, input)));
  } catch (e) {
    if (e instanceof FinApercu) return e.result;
    throw e;
  }
}

async function runIn(ctx: AppContext, trx: Executor, input: RunInput): Promise<ImportResult> {
  const started = Date.now();
  const { kind, jeu, fichier, lecture } = input;
  const tenir = !input.force && !input.apercu;
  await repo.verrouImport(trx);
  const precedent = await repo.dernierRun(trx, kind, jeu.jeu);
  if (precedent && precedent.hash === input.hash) {
    return {
      statut: 'inchange',
      run_id: precedent.id,
      kind,
      jeu: jeu.jeu,
      libelle: jeu.libelle,
      disposition: jeu.disposition ?? null,
      fichier,
      lignes: {
        lues: precedent.lignes_lues,
        gardees: precedent.lignes_gardees,
        rejetees: precedent.lignes_rejetees,
        ignorees: 0,
        completees: 0,
      },
      ignorees_motifs: {},
      faits: {},
      laisses: { nombre: 0, jeux: [] },
      avertissements: [],
      plus_recentes: { nombre: 0, exemples: [] },
      diff: {},
      impact: { formations: 0, ids: [] },
      offres: null,
      alertes: [],
      rejets: [],
      duree_ms: Date.now() - started,
    } satisfies ImportResult;
  }
  const runId = await repo.createRun(trx, {
    kind,
    jeu: jeu.jeu,
    format: jeu.format,
    fichier,
    hash: input.hash,
    date_fichier: input.dateFichier,
    force: input.force,
  });
  for (const t of lecture.tables) await repo.createStaging(trx, t);
  const compte = await stager(trx, runId, lecture, input.onProgress);
  // A dataset that only completes others (BCN V after N) leaves them the keys they hold.
  let laisses = 0;
  let textesGardes = 0;
  const faits: Partial<Record<FactTable, number>> = {};
  for (const t of lecture.tables) {
    laisses += await repo.laisserAuxJeux(trx, t, jeu.complete ?? []);
    textesGardes += await repo.garderTextesSains(trx, t);
    faits[t] = await repo.compterStaging(trx, t);
  }
  const avertissements: Avertissement[] = [...(input.avertissements ?? [])];
  if (compte.encodage.premiere)
    avertissements.push(
      avertissementEncodage(
        compte.encodage.nombre,
        { ...compte.encodage.premiere, fichier: compte.encodage.premiere.fichier || fichier },
        textesGardes,
      ),
    );
  const alertes: Alerte[] = [];
  // Every guard is measured, then the file is held for all its reasons at once (the page's
  // preview and the CLI's refusal name the same ones).
  const baisse = garde(compte, precedent, fichier, SEUILS_BAISSE[kind] ?? 0.5);
  if (baisse) alertes.push(baisse);

  const diff: Partial<Record<FactTable, repo.DiffTable>> = {};
  const existants: Partial<Record<FactTable, number>> = {};
  for (const t of lecture.tables) {
    existants[t] = await repo.compterPortee(trx, t, jeu.jeu);
    diff[t] = await repo.computeDiff(trx, t, jeu.jeu);
  }
  const ids = await repo.formationsImpactees(trx, lecture.tables);
  for (const t of lecture.tables) await repo.applyDiff(trx, t);
  const impact = { formations: ids.length, ids };
  const avant = await etatsOffres(trx, ids);
  if (avant.size) await retenirEchecsAvant(trx, ids);
  const duree_ms = Date.now() - started;
  await repo.finishRun(trx, runId, {
    lignes_lues: compte.lues,
    lignes_gardees: compte.gardees,
    lignes_rejetees: compte.rejetees,
    duree_ms,
    diff,
    impact,
    rejets: compte.rejets,
  });
  // The run is finished (its facts count as loaded), then checked for its impact: a refusal rolls all back.
  // In chunks (as bulk writes do): a national file may touch most of the offer, whose formations
  // and facts must not all sit in memory at once (issue 15, defect 14).
  for (let i = 0; i < ids.length; i += RECONTROLE_LOT)
    await recomputeFormations(trx, ids.slice(i, i + RECONTROLE_LOT), ctx.now(), {
      fileEntiere: i + RECONTROLE_LOT >= ids.length,
      voisines: false,
    });
  const offres = avant.size ? await measureImpact(trx, avant, input.partMax ?? PART_IMPACT_MAX) : null;
  if (offres?.suspect)
    alertes.push({ code: 'REFERENTIEL_IMPACT_SUSPECT', message: phraseImpact(fichier, offres) });
  const retrait = retraitMassif(diff, existants, fichier);
  if (retrait) alertes.push(retrait);
  const perte = perteMassive(
    Object.fromEntries(Object.entries(diff).map(([t, d]) => [t, d?.pertes])),
    fichier,
  );
  if (perte) alertes.push(perte);
  if (tenir && alertes.length) throw refusPrudent(alertes, fichier);
  const result: ImportResult = {
    statut: input.apercu ? 'apercu' : 'importe',
    run_id: input.apercu ? 0 : runId,
    kind,
    jeu: jeu.jeu,
    libelle: jeu.libelle,
    disposition: jeu.disposition ?? null,
    fichier,
    lignes: {
      lues: compte.lues,
      gardees: compte.gardees,
      rejetees: compte.rejetees,
      ignorees: compte.ignorees,
      completees: compte.completees,
    },
    ignorees_motifs: Object.fromEntries(compte.motifs),
    faits,
    laisses: { nombre: laisses, jeux: laisses ? (jeu.complete ?? []) : [] },
    avertissements,
    plus_recentes: {
      nombre: compte.plusRecentes.size,
      exemples: [...compte.plusRecentes.values()].slice(0, 5),
    },
    diff,
    impact,
    offres,
    alertes,
    rejets: compte.rejets,
    duree_ms: Date.now() - started,
  };
  if (input.apercu) throw new FinApercu(result);
  return result;
}

interface Compte {
  lues: number;
  gardees: number;
  rejetees: number;
  ignorees: number;
  completees: number;
  /** By INSEE code, in the file's order. */
  plusRecentes: Map<string, PlusRecente>;
  rejets: Rejet[];
  /** Rows whose read texts hold U+FFFD, and the first one. */
  encodage: { nombre: number; premiere: Encodage | null };
  motifs: Map<string, number>;
}

/** Reads the whole file into the staging tables, in chunks, yielding to the event loop between them. */
async function stager(
  trx: Executor,
  runId: number,
  lecture: Lecture,
  onProgress?: (lues: number) => void,
): Promise<Compte> {
  const c: Compte = {
    lues: 0,
    gardees: 0,
    rejetees: 0,
    ignorees: 0,
    completees: 0,
    plusRecentes: new Map(),
    rejets: [],
    encodage: { nombre: 0, premiere: null },
    motifs: new Map(),
  };
  const buffers = new Map<FactTable, Map<string, Record<string, unknown>>>();
  const flush = async (t: FactTable) => {
    const b = buffers.get(t);
    if (!b?.size) return;
    await repo.insertStaging(trx, t, [...b.values()], runId);
    b.clear();
    await yieldLoop();
  };
  let signale = 0;
  for await (const lu of lecture.lire()) {
    if ('faits' in lu && lu.plusRecente && !c.plusRecentes.has(lu.plusRecente.code_insee))
      c.plusRecentes.set(lu.plusRecente.code_insee, lu.plusRecente);
    if ('faits' in lu && lu.complement) c.completees++;
    else c.lues += 'ignore' in lu ? (lu.lignes ?? 1) : 1;
    if ('rejet' in lu) {
      c.rejetees++;
      if (c.rejets.length < MAX_REJETS) c.rejets.push(lu.rejet);
    } else if ('ignore' in lu) {
      c.ignorees += lu.lignes ?? 1;
      if (lu.motif) c.motifs.set(lu.motif, (c.motifs.get(lu.motif) ?? 0) + (lu.lignes ?? 1));
    } else {
      if (lu.encodage) {
        c.encodage.nombre++;
        c.encodage.premiere ??= lu.encodage;
      }
      if (!lu.complement) c.gardees++;
      for (const f of lu.faits) {
        const b = buffers.get(f.table) ?? new Map<string, Record<string, unknown>>();
        buffers.set(f.table, b);
        b.set(
          repo.FACT_TABLES[f.table].cles.map((k) => String(f.row[k])).join('\u0000'),
          f.row as Record<string, unknown>,
        );
        if (b.size >= CHUNK) await flush(f.table);
      }
    }
    if (onProgress && c.lues - signale >= 5000) {
      signale = c.lues;
      onProgress(c.lues);
    }
  }
  for (const t of buffers.keys()) await flush(t);
  onProgress?.(c.lues);
  return c;
}

// The guards are pure (domain/referentiel.gardes.ts); re-exported for the channels that name them.
export {
  type Alerte,
  GARDES,
  PART_IMPACT_MAX,
  refusPrudent,
  retraitMassif,
} from '../domain/referentiel.gardes.ts';

// What is loaded: its own module, so that `offre referentiel status` does not load every importer.
export { type StatutReferentiel, statutReferentiels } from './referentiel-status.service.ts';

/**
 * A fresh install validates postal codes and INSEE codes without any file: when the commune
 * table is empty, load the list shipped with @etalab/decoupage-administratif (no coordinates).
 */
export async function ensureCommunesParDefaut(
  ctx: AppContext,
  avant: () => void = () => {},
): Promise<ImportResult | null> {
  // `npm start` loads the demonstration first, with its own few communes: the list is still added
  // (the demo's rows kept, with their coordinates), else 75017 or « PARIS 17 » would be unknown.
  const demo = !(await repo.communesVides(ctx.db)) && (await repo.communesDeDemoSeulement(ctx.db));
  if (!demo && !(await repo.communesVides(ctx.db))) return null;
  avant();
  const integree = communesParDefaut();
  // The demo's rows replace the list's rows of the same key where the list has them; each line of
  // the list is counted as such, whatever the order the list and the demo came in (after the demo
  // its covered lines were dropped and its rows told as one line: 37 484 communes instead of 37 585).
  const gardees = demo ? await repo.toutesCommunes(ctx.db) : [];
  const demoParCle = new Map(gardees.map((c) => [`${c.code_insee}|${c.code_postal}`, c]));
  const source = {
    version: integree.version,
    async *lire() {
      for await (const lu of integree.lire()) {
        if (!('faits' in lu) || !demoParCle.size) {
          yield lu;
          continue;
        }
        const faits = lu.faits.map((f) => {
          if (f.table !== 'commune') return f;
          const cle = `${f.row.code_insee}|${f.row.code_postal}`;
          const row = demoParCle.get(cle);
          if (!row) return f;
          demoParCle.delete(cle);
          return { ...f, row };
        });
        yield { ...lu, faits };
      }
      // A demo commune the list does not have (none today): kept, a line of its own.
      for (const row of demoParCle.values()) yield { faits: [{ table: 'commune' as const, row }] };
    },
  };
  return runImport(ctx, {
    kind: 'communes',
    jeu: { jeu: 'communes', libelle: 'communes (liste intégrée)', format: 'json' },
    fichier: `@etalab/decoupage-administratif ${source.version}`,
    hash: `${HASH_INTEGREE}${source.version}`,
    dateFichier: null,
    force: true,
    lecture: { tables: ['commune', 'commune_ancienne'], lire: () => source.lire() },
  });
}
