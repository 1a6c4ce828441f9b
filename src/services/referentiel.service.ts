import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AppContext } from '../context.ts';
import type { Executor } from '../db/executor.ts';
import * as repo from '../db/referentiel.repository.ts';
import { OffreError } from '../domain/errors.ts';
import { communesParDefaut } from '../referentiels/communes.importer.ts';
import { dateDuFichier } from '../referentiels/date-fichier.ts';
import { IMPORTERS, ressemblance } from '../referentiels/registry.ts';
import { sniffFile } from '../referentiels/sniff.ts';
import {
  type FactTable,
  type Jeu,
  KINDS,
  type Kind,
  type Lecture,
  type Rejet,
} from '../referentiels/types.ts';
import { recomputeFormations } from './conformite.service.ts';
import { HASH_INTEGREE } from './referentiel-status.service.ts';

export interface ImportRequest {
  readonly kind: string;
  readonly fichier: string;
  readonly force?: boolean;
  readonly onlyKnown?: boolean;
  readonly onProgress?: (lues: number) => void;
}

export interface ImportResult {
  readonly statut: 'importe' | 'inchange';
  readonly run_id: number;
  readonly kind: string;
  readonly jeu: string;
  /** The recognised dataset in words, and how its header differs from the official one (null: it does not). */
  readonly libelle: string;
  readonly disposition: string | null;
  readonly fichier: string;
  /** Lines of the file; `completees`: facts added from a built-in source the file lacks (communes). */
  readonly lignes: { lues: number; gardees: number; rejetees: number; ignorees: number; completees: number };
  readonly diff: Partial<Record<FactTable, repo.DiffTable>>;
  readonly impact: { formations: number; ids: string[] };
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
export async function importerReferentiel(ctx: AppContext, req: ImportRequest): Promise<ImportResult> {
  const kind = kindOf(req.kind);
  const importer = IMPORTERS[kind];
  const fichier = basename(req.fichier);
  const st = await stat(req.fichier).catch(() => null);
  if (!st?.isFile())
    throw new OffreError('FICHIER_INTROUVABLE', `Fichier introuvable : ${req.fichier}.`, {
      fichier: req.fichier,
    });
  const forme = await sniffFile(req.fichier);
  const jeu = importer.reconnaitre(forme);
  if (!jeu) {
    const autre = ressemblance(forme);
    const message = autre
      ? `Le fichier ${fichier} ressemble à : ${autre.jeu.libelle} (type « ${autre.kind} »), pas à : ${importer.libelle}. Utilisez « offre referentiel import ${autre.kind} ${fichier} ».`
      : `Le fichier ${fichier} n’est pas reconnu comme : ${importer.libelle} (${forme.type === 'csv' ? `en-tête « ${forme.lignes[0]?.slice(0, 4).join(';')}… »` : `format ${forme.type}`}).`;
    throw new OffreError('REFERENTIEL_MAUVAIS_TYPE', message, { fichier });
  }
  const hash = await sha256(req.fichier);
  const connus = req.onlyKnown ? await repo.organismesConnus(ctx.db) : null;
  return executerImport(ctx, {
    kind,
    jeu,
    fichier,
    hash,
    // The file's own date (name, zip members), never its copy date on this disk.
    dateFichier: await dateDuFichier(req.fichier, forme).then((d) => (d ? new Date(`${d}T00:00:00Z`) : null)),
    force: !!req.force,
    lecture: importer.ouvrir(req.fichier, forme, jeu, {
      connus,
      aujourdhui: ctx.now().toISOString().slice(0, 10),
    }),
    onProgress: req.onProgress,
  });
}

export interface RunInput {
  readonly kind: Kind;
  readonly jeu: Jeu;
  readonly fichier: string;
  readonly hash: string;
  readonly dateFichier: Date | null;
  readonly force: boolean;
  readonly lecture: Lecture;
  readonly onProgress?: ((lues: number) => void) | undefined;
}

/** The run itself, for a file or a built-in source (default communes). */
export async function executerImport(ctx: AppContext, input: RunInput): Promise<ImportResult> {
  const started = Date.now();
  const { kind, jeu, fichier, lecture } = input;
  return ctx.db.transaction().execute(async (trx) => {
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
        diff: {},
        impact: { formations: 0, ids: [] },
        rejets: [],
        duree_ms: Date.now() - started,
      } satisfies ImportResult;
    }
    const runId = await repo.creerRun(trx, {
      kind,
      jeu: jeu.jeu,
      format: jeu.format,
      fichier,
      hash: input.hash,
      date_fichier: input.dateFichier,
      force: input.force,
    });
    for (const t of lecture.tables) await repo.creerStaging(trx, t);
    const compte = await stager(trx, runId, lecture, input.onProgress);
    garde(compte, precedent, input.force, fichier);

    const diff: Partial<Record<FactTable, repo.DiffTable>> = {};
    for (const t of lecture.tables) diff[t] = await repo.calculerDiff(trx, t, jeu.jeu);
    const ids = await repo.formationsImpactees(trx, lecture.tables);
    for (const t of lecture.tables) await repo.appliquerDiff(trx, t);
    const impact = { formations: ids.length, ids };
    const avant = await repo.etatsCatalogue(trx, ids);
    const duree_ms = Date.now() - started;
    await repo.terminerRun(trx, runId, {
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
      await recomputeFormations(trx, ids.slice(i, i + RECONTROLE_LOT), ctx.now());
    await gardeImpact(trx, avant, input.force, fichier);
    return {
      statut: 'importe',
      run_id: runId,
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
      diff,
      impact,
      rejets: compte.rejets,
      duree_ms,
    } satisfies ImportResult;
  });
}

interface Compte {
  lues: number;
  gardees: number;
  rejetees: number;
  ignorees: number;
  completees: number;
  rejets: Rejet[];
}

/** Reads the whole file into the staging tables, in chunks, yielding to the event loop between them. */
async function stager(
  trx: Executor,
  runId: number,
  lecture: Lecture,
  onProgress?: (lues: number) => void,
): Promise<Compte> {
  const c: Compte = { lues: 0, gardees: 0, rejetees: 0, ignorees: 0, completees: 0, rejets: [] };
  const buffers = new Map<FactTable, Map<string, Record<string, unknown>>>();
  const flush = async (t: FactTable) => {
    const b = buffers.get(t);
    if (!b?.size) return;
    await repo.insererStaging(trx, t, [...b.values()], runId);
    b.clear();
    await yieldLoop();
  };
  for await (const lu of lecture.lire()) {
    if ('faits' in lu && lu.complement) c.completees++;
    else c.lues++;
    if ('rejet' in lu) {
      c.rejetees++;
      if (c.rejets.length < MAX_REJETS) c.rejets.push(lu.rejet);
    } else if ('ignore' in lu) c.ignorees++;
    else {
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
    if (onProgress && c.lues % 5000 === 0) onProgress(c.lues);
  }
  for (const t of buffers.keys()) await flush(t);
  onProgress?.(c.lues);
  return c;
}

/** Refuses empty, all-rejected, or suspiciously small files (fewer than half the rows of the last run). */
function garde(c: Compte, precedent: repo.RunRow | null, force: boolean, fichier: string): void {
  if (c.lues === 0)
    throw new OffreError('REFERENTIEL_VIDE', `Le fichier ${fichier} ne contient aucune ligne de données.`, {
      fichier,
    });
  if (c.rejetees === c.lues) {
    const r = c.rejets[0]!;
    throw new OffreError(
      'REFERENTIEL_TOUT_REJETE',
      `Toutes les lignes du fichier ${fichier} sont rejetées ; première : ligne ${r.ligne}, colonne ${r.colonne ?? '?'} : ${r.message}.`,
      { fichier, ligne: r.ligne, colonne: r.colonne },
    );
  }
  if (precedent && !force && c.lues < precedent.lignes_lues / 2) {
    throw new OffreError(
      'REFERENTIEL_BAISSE_SUSPECTE',
      `Le fichier ${fichier} contient ${c.lues} lignes contre ${precedent.lignes_lues} au dernier import (${precedent.fichier}) : moins de la moitié, import refusé par prudence. Relancez avec --force si cette baisse est voulue.`,
      { fichier },
    );
  }
}

/** Share of the catalogued offers an import may move to Non réglementaire (or strip of "Certifiée") without --force. */
export const PART_IMPACT_MAX = 0.1;
/** Below this many offers, an import is never refused for its impact (small catalogues). */
const IMPACT_PLANCHER = 5;

/**
 * Refuses (rolling everything back) an import that would move more than PART_IMPACT_MAX of the
 * catalogued offers to Non réglementaire, or remove their "Certifiée" tag: a truncated or wrong
 * file empties the catalogue otherwise. Says how many offers and which rule codes.
 */
async function gardeImpact(
  trx: Executor,
  avant: ReadonlyMap<string, repo.EtatCatalogue>,
  force: boolean,
  fichier: string,
): Promise<void> {
  if (force || avant.size === 0) return;
  const apres = await repo.etatsCatalogue(trx, [...avant.keys()]);
  const sorties: string[] = [];
  const decertifiees: string[] = [];
  for (const [id, a] of avant) {
    const b = apres.get(id);
    if (!b || a.catalogue === null) continue;
    if (a.catalogue !== 'non_reglementaire' && b.catalogue === 'non_reglementaire') sorties.push(id);
    else if (a.certifiee === true && b.certifiee === false) decertifiees.push(id);
  }
  const touchees = sorties.length + decertifiees.length;
  const total = await repo.compterFormationsCataloguees(trx);
  if (touchees <= IMPACT_PLANCHER || touchees <= total * PART_IMPACT_MAX) return;
  const codes = [
    ...(await repo.codesEnEchec(trx, sorties, 'bloquant')),
    ...(await repo.codesEnEchec(trx, decertifiees, 'bloquant')),
  ];
  const parCode = new Map<string, number>();
  for (const c of codes) parCode.set(c.code, (parCode.get(c.code) ?? 0) + c.n);
  const liste = [...parCode].map(([code, n]) => `${code} (${n})`).join(', ');
  throw new OffreError(
    'REFERENTIEL_IMPACT_SUSPECT',
    `L’import de ${fichier} ferait passer ${sorties.length} offre(s) en Non réglementaire${decertifiees.length ? ` et retirerait la mention « Certifiée » à ${decertifiees.length} autre(s)` : ''}, sur ${total} offres au catalogue (plus de ${Math.round(PART_IMPACT_MAX * 100)} %) ; règles en cause : ${liste || 'aucune'}. Import refusé par prudence, rien n’a été enregistré : vérifiez le fichier, ou relancez avec --force si ce changement est voulu.`,
    { fichier },
  );
}

// What is loaded: its own module, so that `offre referentiel status` does not load every importer.
export { type StatutReferentiel, statutReferentiels } from './referentiel-status.service.ts';

/**
 * A fresh install validates postal codes and INSEE codes without any file: when the commune
 * table is empty, load the list shipped with @etalab/decoupage-administratif (no coordinates).
 */
export async function ensureCommunesParDefaut(ctx: AppContext): Promise<ImportResult | null> {
  // `npm start` loads the demonstration first, with its own few communes: the list is still added
  // (the demo's rows kept, with their coordinates), else 75017 or « PARIS 17 » would be unknown.
  const demo = !(await repo.communesVides(ctx.db)) && (await repo.communesDeDemoSeulement(ctx.db));
  if (!demo && !(await repo.communesVides(ctx.db))) return null;
  const integree = communesParDefaut();
  const gardees = demo ? await repo.toutesCommunes(ctx.db) : [];
  const cles = new Set(gardees.map((c) => `${c.code_insee}|${c.code_postal}`));
  const source = {
    version: integree.version,
    async *lire() {
      if (gardees.length) yield { faits: gardees.map((row) => ({ table: 'commune' as const, row })) };
      for await (const lu of integree.lire()) {
        if (!('faits' in lu)) {
          yield lu;
          continue;
        }
        const faits = lu.faits.filter(
          (f) => f.table !== 'commune' || !cles.has(`${f.row.code_insee}|${f.row.code_postal}`),
        );
        if (faits.length) yield { ...lu, faits };
      }
    },
  };
  return executerImport(ctx, {
    kind: 'communes',
    jeu: { jeu: 'communes', libelle: 'communes (liste intégrée)', format: 'json' },
    fichier: `@etalab/decoupage-administratif ${source.version}`,
    hash: `${HASH_INTEGREE}${source.version}`,
    dateFichier: null,
    force: true,
    lecture: { tables: ['commune', 'commune_ancienne'], lire: () => source.lire() },
  });
}
