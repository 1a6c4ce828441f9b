import { createHash } from 'node:crypto';
import type { AppContext } from '../context.ts';
import { ensureCampagneCourante, lireCampagneCourante } from '../db/campagne.repository.ts';
import {
  countFormations,
  type DerivesFormation,
  type EchecsFormation,
  loadEchecs,
  loadFormationsAControler,
  loadOrganismesAControler,
  nextFormationEmpreintes,
  nextFormationIds,
  pageConformite,
  refreshFormationRegions,
  saveEchecs,
  updateDerives,
  updateSessionsRetenues,
} from '../db/conformite.repository.ts';
import type { Executor } from '../db/executor.ts';
import { noterChangements } from '../db/feed.repository.ts';
import { type FormationRow, selectOrganismes } from '../db/formation.repository.ts';
import { appendHistorique, type HistoriqueEntry } from '../db/historique.repository.ts';
import {
  type EtatStocke,
  loadEtats,
  loadRegles,
  type StatutAligne,
  saveEtats,
  statutsDesIdentites,
} from '../db/plateforme.repository.ts';
import { loadFaits, loadRuns } from '../db/referentiel-facts.repository.ts';
import { formationsNommant, lockVoisines } from '../db/voisines.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import { fermeturePlateforme } from '../domain/campagne.ts';
import { jourAParis } from '../domain/dates.ts';
import { organismesEcriture, siretsEcrits } from '../domain/formation.ecriture.ts';
import { formationColumns, sessionRow } from '../domain/formation.lignes.ts';
import type { FormationInput } from '../domain/formation.schema.ts';
import { type FormationSnap, nextSnapshot, sirenProprietaire } from '../domain/formation.snapshot.ts';
import {
  horsPerimetrePlateformes,
  PLATEFORMES,
  type Plateforme,
  type RegleScope,
  recalculer,
  regleApplicable,
} from '../domain/plateforme.ts';
import {
  type CauseRecalcul,
  type RaisonRecalcul,
  RECALCUL,
  raisonRecalcul,
} from '../domain/plateforme-recalcul.ts';
import { ecartsControles, formationsAControler, ordreSessions } from '../domain/regles/a-controler.ts';
import { academiesDeFormation } from '../domain/regles/academies.ts';
import { certificationsDe, niveau, typeDiplome } from '../domain/regles/certification.ts';
import { sansFormations, voisinesDe } from '../domain/regles/doublon.ts';
import { checkFormation, deriver, indexSession } from '../domain/regles/regles.ts';
import type {
  CampagneAControler,
  ContexteControle,
  FaitsReference,
  FormationAControler,
  IndexVoisines,
  ResultatControle,
} from '../domain/regles/types.ts';
import { isConventionnee } from '../domain/type-offre.ts';
import type { Lisibles } from './formation.lisible.ts';
import { NOMMENT_UNE_AUTRE } from './formation.view.ts';
import { refreshDocuments } from './formation-document.ts';
import { identiteDe } from './plateforme.etats.ts';

/** Who the recomputation's platform states and history entries are written by. */
const ACTEUR_RECALCUL = 'systeme:conformite';

// Conformity recomputation: every formation write calls recomputeFormations in its own transaction;
// reference imports call it with their impact report; `offre check` recomputes everything.

export interface RecomputeReport {
  readonly controlees: number;
  /** Formations whose stored failures changed. */
  readonly resultatsModifies: string[];
  /** Formations whose catalogue, certifiee or platform status changed. */
  readonly derivesModifies: string[];
  /** FORM_DOUBLON's neighbours recomputed with them (see RecomputeOptions.voisines), in id order. */
  readonly voisines: string[];
}

interface Session {
  readonly campagne: CampagneAControler;
  readonly runs: Awaited<ReturnType<typeof loadRuns>>;
  readonly regles: RegleScope[];
  /** Per platform, why it takes no more offers this campaign (domain/campagne.ts), or null. */
  readonly fermetures: Readonly<Record<string, string | null>>;
}

async function openSession(trx: Executor, now: Date): Promise<Session> {
  const [c, runs, regles] = await Promise.all([
    ensureCampagneCourante(trx, now),
    loadRuns(trx),
    loadRegles(trx),
  ]);
  return {
    campagne: { annee: c.annee, fenetre_debut: c.fenetre_debut, fenetre_fin: c.fenetre_fin },
    runs,
    regles,
    fermetures: Object.fromEntries(PLATEFORMES.map((p) => [p, fermeturePlateforme(c, p, jourAParis(now))])),
  };
}

/** Recomputes the given formations inside the caller's transaction. */
export async function recomputeFormations(
  trx: Executor,
  ids: readonly string[],
  now: Date,
  opts: RecomputeOptions = {},
): Promise<RecomputeReport> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { controlees: 0, resultatsModifies: [], derivesModifies: [], voisines: [] };
  const voisines = opts.voisines === false ? null : (opts.voisinesExclues ?? new Set<string>());
  return recomputeWith(trx, unique, now, await openSession(trx, now), opts.fileEntiere ?? true, voisines);
}

export interface RecomputeOptions {
  /**
   * Whether the documents this transaction queued for other formations are built too (default
   * true; see refreshDocuments). A caller recomputing many formations in rounds passes false on
   * every round but the last: the queue then holds the later rounds' formations, each built once,
   * in its round, after its conformity.
   */
  readonly fileEntiere?: boolean;
  /**
   * Whether FORM_DOUBLON's neighbours of `ids` are recomputed too (default true: a store write
   * changed `ids`). A neighbour is a formation whose stored FORM_DOUBLON failure names one of
   * `ids` (its group before the write, `controle_echec.formation_liee`) or that overlaps one of
   * them in its group now (after the write). Those another transaction holds are skipped (see
   * lockVoisines). False for a reference import: no reference fact changes what FORM_DOUBLON
   * compares.
   */
  readonly voisines?: boolean;
  /**
   * Ids never recomputed as neighbours, to which each neighbour recomputed is added: a caller
   * recomputing in rounds passes the set of all its ids (each is recomputed in its own round, after
   * every write) and the same set to each round (a neighbour of several rounds, once).
   */
  readonly voisinesExclues?: Set<string>;
}

// Only failures are stored (the other results are evaluated live): the digest covers them alone,
// `formation_liee` included (FORM_DOUBLON's message names the other formation by its title, which
// another formation may share: a new id must be stored even when the message stays the same).
// So it names ids minted at creation (domain/ids.ts): two imports of one file into two databases
// store different digests for FORM_DOUBLON's failures, as they store different ids (docs/mesures.md).
const empreinte = (echecs: readonly ResultatControle[]) =>
  echecs.length ? createHash('sha1').update(JSON.stringify(echecs)).digest('base64url') : null;

/** The scope of one offer for the platform rules. */
export function offrePourScope(f: FormationAControler, faits: FaitsReference) {
  const certs = certificationsDe(f, faits);
  return {
    niveau: niveau(certs),
    type_diplome: typeDiplome(certs),
    duree: f.duree_annees,
    annee_entree: f.annees_apprentissage.length ? Math.min(...f.annees_apprentissage) : null,
    academies: academiesDeFormation(f),
  };
}

/** One formation as the platform statuses see it: its identity, its eligibility and its scope. */
interface OffreEvaluee {
  readonly f: FormationAControler;
  readonly identite: string;
  /** In the platforms' perimeter (domain/plateforme.ts horsPerimetrePlateformes). */
  readonly perimetre: boolean;
  /** Why it is outside the perimeter (horsPerimetrePlateformes), null inside. */
  readonly hors: string | null;
  /** Its failing rules of severity `bloquant` or `plateforme`: a status moved says them (plateforme-recalcul.ts). */
  readonly echecsPlateforme: readonly { readonly code: string; readonly severite: string }[];
  readonly eligible: boolean;
  readonly scope: ReturnType<typeof offrePourScope>;
}

interface Evaluation {
  readonly echecs: EchecsFormation[];
  readonly derives: DerivesFormation[];
  readonly offres: OffreEvaluee[];
  readonly precedents: Map<string, EtatStocke>;
  /** Sessions withheld from diffusion by a bloquant rule of session scope (CONV_MARCHE_INCONNU). */
  readonly retenues: readonly string[];
  /** FORM_DOUBLON's index of the groups of the formations evaluated. */
  readonly index: IndexVoisines;
}

/** What the rules of a round read: its formations, their reference facts, the group before the writes. */
interface Lecture {
  readonly ids: readonly string[];
  readonly formations: FormationAControler[];
  readonly faits: FaitsReference;
  /** The formations whose stored FORM_DOUBLON failure names one of `ids` (empty unless asked). */
  readonly nommant: readonly string[];
}

/** Reads what the rules need to evaluate `ids` (`nommant`: whether to read FORM_DOUBLON's group before the writes). */
async function lire(trx: Executor, ids: readonly string[], s: Session, nommant: boolean): Promise<Lecture> {
  const [avant, formations] = await Promise.all([
    nommant ? formationsNommant(trx, ids) : [],
    loadFormationsAControler(trx, ids),
  ]);
  return { ids, formations, faits: await loadFaits(trx, formations, s.runs, true), nommant: avant };
}

/** A pause of the evaluation every PAUSE formations (see evaluer). */
const PAUSE = 16;

/**
 * Runs the conformity rules on what `lu` read (reads only the platform states): failures, derived
 * verdicts, platform inputs. `pause`, if given, is awaited every PAUSE formations: a pipelined
 * caller's statements in flight go on meanwhile (each is sent once the previous one answered, by
 * this thread).
 */
async function evaluer(
  trx: Executor,
  lu: Lecture,
  now: Date,
  s: Session,
  pause?: () => Promise<void>,
): Promise<Evaluation> {
  const { formations, faits } = lu;
  const ctx: ContexteControle = { faits, campagne: s.campagne, aujourdhui: jourAParis(now) };
  const echecs: EchecsFormation[] = [];
  const derives: DerivesFormation[] = [];
  const offres: OffreEvaluee[] = [];
  const retenues: string[] = [];
  for (const [i, f] of formations.entries()) {
    if (pause && i % PAUSE === PAUSE - 1) await pause();
    const resultats = checkFormation(f, ctx);
    const enEchec = resultats.filter((r) => r.resultat === 'echec');
    echecs.push({ formation_id: f.id, empreinte: empreinte(enEchec), echecs: enEchec });
    const d = deriver(resultats, f.sessions);
    for (const id of d.sessionsRetenues) retenues.push(id);
    const hors = horsPerimetrePlateformes({ ...f, catalogue: d.catalogue });
    const perimetre = hors === null;
    offres.push({
      f,
      identite: identiteDe(f),
      hors,
      echecsPlateforme: enEchec
        .filter((r) => r.severite === 'bloquant' || r.severite === 'plateforme')
        .map((r) => ({ code: r.code, severite: r.severite })),
      // Parcoursup and Affelnet take diffused apprenticeship offers only (RULES.md, issue 12): a
      // draft or a conventionné-only action stays out, whatever an instructeur decided.
      perimetre,
      eligible: perimetre && !d.echecPlateforme,
      scope: offrePourScope(f, faits),
    });
    derives.push({
      id: f.id,
      catalogue: d.catalogue,
      certifiee: d.certifiee,
      parcoursup: 'non_publiable',
      affelnet: 'non_publiable',
    });
  }
  const precedents = await loadEtats(
    trx,
    offres.map((o) => o.identite),
  );
  return { echecs, derives, offres, precedents, retenues, index: faits.voisines };
}

/** The next platform state of one evaluated offer under `regles` (the scope rules), per platform. */
function etatsPlateformes(
  o: OffreEvaluee,
  regles: readonly RegleScope[],
  precedents: Map<string, EtatStocke>,
  s: Session,
): { p: Plateforme; prec: EtatStocke | null; suivant: EtatStocke; cause: CauseRecalcul }[] {
  return PLATEFORMES.map((p) => {
    const prec = precedents.get(`${p}|${o.identite}`) ?? null;
    const regle = regleApplicable(regles, p, o.scope);
    const fermeture = s.fermetures[p] ?? null;
    const etat = recalculer(
      prec,
      { perimetre: o.perimetre, eligible: o.eligible, statutScope: regle?.statut ?? null },
      s.campagne.annee,
      fermeture,
    );
    return {
      p,
      prec,
      suivant: { ...etat, plateforme: p, identite: o.identite, formation_id: o.f.id },
      cause: {
        hors: o.hors,
        echecs: o.echecsPlateforme,
        regle: regle ? { id: regle.id, statut: regle.statut } : null,
        fermeture,
      },
    };
  });
}

/**
 * Writes in the platform history (action RECALCUL, actor `systeme:conformite`) each status the
 * round moved, with its reason (domain/plateforme-recalcul.ts): one entry per formation of the
 * round whose identity's stored status changed, and one per formation outside it that followed
 * (`alignees`, naming the formation whose recomputation moved it). Not an identity's first state
 * (none stored yet: a new offer's status is said by its creation), nor a move of anything but the
 * status (campaign year, the platform's identifier). One statement.
 */
async function historiserRecalcul(
  trx: Executor,
  offres: readonly OffreEvaluee[],
  aEcrire: ReadonlyMap<string, EtatStocke>,
  precedents: ReadonlyMap<string, EtatStocke>,
  causes: ReadonlyMap<string, CauseRecalcul>,
  alignees: readonly StatutAligne[],
  now: Date,
): Promise<void> {
  const entrees: HistoriqueEntry[] = [];
  const raisons = new Map<
    string,
    RaisonRecalcul & { readonly avant: string; readonly apres: string; readonly id: string }
  >();
  for (const [k, e] of aEcrire) {
    const prec = precedents.get(k);
    if (!prec || prec.statut === e.statut) continue;
    raisons.set(k, {
      ...raisonRecalcul(e.plateforme, prec, e, causes.get(k)!),
      avant: prec.statut,
      apres: e.statut,
      id: e.formation_id!,
    });
  }
  if (raisons.size === 0) return;
  const vues = new Set<string>();
  const entree = (id: string, k: string, avant: string, formation?: string) => {
    const r = raisons.get(k)!;
    const [p, ...identite] = k.split('|');
    entrees.push({
      formation_id: id,
      entite: `plateforme:${p}`,
      entite_id: identite.join('|'),
      action: RECALCUL,
      acteur: ACTEUR_RECALCUL,
      at: now,
      diff: [
        {
          champ: p,
          avant,
          apres: r.apres,
          raison: r.raison,
          ...(r.regles.length ? { regles: r.regles } : {}),
          ...(formation ? { formation } : {}),
        },
      ],
    });
  };
  for (const o of offres)
    for (const p of PLATEFORMES) {
      const k = `${p}|${o.identite}`;
      if (!raisons.has(k) || vues.has(`${o.f.id}|${p}`)) continue;
      vues.add(`${o.f.id}|${p}`);
      entree(o.f.id, k, raisons.get(k)!.avant);
    }
  for (const a of alignees) {
    const k = `${a.plateforme}|${a.identite}`;
    if (raisons.has(k)) entree(a.id, k, a.avant, raisons.get(k)!.id);
  }
  await appendHistorique(trx, entrees);
}

async function recomputeWith(
  trx: Executor,
  ids: readonly string[],
  now: Date,
  s: Session,
  fileEntiere = true,
  voisines: Set<string> | null = null,
  /** The stored digests of `ids` as read before (saveEchecs' `connues`); undefined: not read. */
  connues?: ReadonlyMap<string, string | null>,
): Promise<RecomputeReport> {
  const lu = await lire(trx, ids, s, voisines !== null);
  const r = await ecrire(trx, lu, await evaluer(trx, lu, now, s), now, s, voisines, connues);
  // The last write of a store write path to these formations: their API documents, rebuilt.
  await refreshDocuments(trx, ids, fileEntiere);
  return r;
}

/**
 * Writes what `ev` evaluated for the round `lu` read: failures, platform states, derived verdicts,
 * sessions withheld, regions, feed events, then FORM_DOUBLON's neighbours recomputed (`voisines`:
 * the ids they must not be, see RecomputeOptions.voisinesExclues; null: none recomputed). Not its
 * documents (refreshDocuments, after it).
 */
async function ecrire(
  trx: Executor,
  lu: Lecture,
  ev: Evaluation,
  now: Date,
  s: Session,
  voisines: Set<string> | null,
  connues?: ReadonlyMap<string, string | null>,
): Promise<RecomputeReport> {
  const { ids, nommant } = lu;
  const { echecs, offres, precedents, retenues, index } = ev;
  const derives = [...ev.derives];
  // Keyed by platform and identity: two formations sharing an identity (duplicates without cle_externe) write once.
  const aEcrire = new Map<string, EtatStocke>();
  // Per identity written, why: the cause read for the offer whose state is written.
  const causes = new Map<string, CauseRecalcul>();
  for (const o of offres)
    for (const { p, prec, suivant, cause } of etatsPlateformes(o, s.regles, precedents, s))
      if (!prec || (Object.keys(suivant) as (keyof EtatStocke)[]).some((k) => suivant[k] !== prec[k])) {
        aEcrire.set(`${p}|${o.identite}`, suivant);
        causes.set(`${p}|${o.identite}`, cause);
      }
  // One state per identity: each formation's status columns are its identity's state, the one
  // written (that of the last formation of the round sharing it), else the one stored.
  offres.forEach((o, i) => {
    const statut = (p: Plateforme) =>
      (aEcrire.get(`${p}|${o.identite}`) ?? precedents.get(`${p}|${o.identite}`))!.statut;
    derives[i] = { ...derives[i]!, parcoursup: statut('parcoursup'), affelnet: statut('affelnet') };
  });
  const echecsModifies = await saveEchecs(trx, echecs, now, [...NOMMENT_UNE_AUTRE], connues);
  const resultatsModifies = echecsModifies.map((m) => m.f);
  await saveEtats(trx, [...aEcrire.values()], ACTEUR_RECALCUL, now);
  // The formations outside the round sharing an identity whose status moved (a stored state: a new
  // identity has no other formation; a `cle:` identity is one formation's) follow it.
  const deplaces = [...aEcrire.values()].filter((e) => {
    const prec = precedents.get(`${e.plateforme}|${e.identite}`);
    return prec && prec.statut !== e.statut && e.identite.startsWith('cert:');
  });
  const alignees = deplaces.length
    ? (await statutsDesIdentites(trx, deplaces, ids)).filter((a) => a.change)
    : [];
  const autres = alignees.map((a) => a.id);
  await historiserRecalcul(trx, offres, aEcrire, precedents, causes, alignees, now);
  const modifies = await updateDerives(trx, derives);
  const sessionsModifiees = await updateSessionsRetenues(trx, ids, retenues);
  await refreshFormationRegions(trx, ids);
  // Any change of a formation's document is news for feed consumers (its verdicts, its platform
  // states, the failures it shows, its sessions withheld): a reference import, a scope rule, a
  // campaign closing. A store write (same transaction, updated_at = now) and the first computation
  // (catalogue not computed yet) have their own event.
  const premieres = new Set(modifies.filter((m) => m.catalogue_avant === null).map((m) => m.id));
  await noterChangements(
    trx,
    [
      ...modifies.map((m) => m.id),
      ...echecsModifies.filter((m) => m.document).map((m) => m.f),
      ...sessionsModifiees,
      ...autres,
    ].filter((id) => !premieres.has(id)),
    now,
  );
  // Their documents, which the caller's refreshDocuments (of the round's ids) may not take.
  if (autres.length) await refreshDocuments(trx, autres, false);
  const recalculees = voisines
    ? await recomputeVoisines(
        trx,
        ids,
        [...nommant, ...offres.flatMap((o) => voisinesDe(o.f, index))],
        voisines,
        now,
        s,
      )
    : [];
  return {
    controlees: offres.length,
    resultatsModifies,
    derivesModifies: modifies.map((m) => m.id),
    voisines: recalculees,
  };
}

export interface ToursOptions {
  /** Formations per round. */
  readonly taille: number;
  /**
   * Awaited before each round's reads, with the number of formations of the rounds before it plus
   * one (db/replanifier.ts: statistics and plans only, nothing read or written changes).
   */
  readonly avantTour?: (n: number) => Promise<void>;
  /**
   * Awaited once a round's documents are written, with its ids (the search index of an import):
   * its statements go after the round's writes and before the next round's. It must write nothing
   * the rules read.
   */
  readonly apresTour?: (ids: readonly string[]) => Promise<void>;
}

/** Lets the event loop run: statements in flight send their next one, other requests are served. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Recomputes `ids` (a bulk write's formations, all written: see formation.write.ts
 * withDeferredRecompute) in rounds of `taille`, each as recomputeFormations would with
 * `voisinesExclues` = `ids` and `fileEntiere` on the last round only, and pipelined: while the
 * server writes a round's documents and runs `apresTour`, this thread evaluates the next round;
 * while it builds a round's documents, the server reads the next round. The statements are those
 * of the rounds one after the other (the session of the rules read once), in the same order but
 * for one move: the next round's reads go before this round's document writes and `apresTour`,
 * which write nothing they read (formation_document, the search index). They still come after
 * every write the rules read (this round's results and neighbours), and the next round writes
 * after this one has finished: the same rows written, in the same order (docs/mesures.md, « Import
 * LHEO : la fin de l’import en parallèle »).
 *
 * One connection: the statements queue in the order they are sent. A failed statement makes the
 * others fail (the transaction is aborted): the error thrown is the first round's in flight, once
 * nothing of it runs any more (the caller's transaction is then rolled back).
 */
export async function recomputeEnTours(
  trx: Executor,
  ids: readonly string[],
  now: Date,
  opts: ToursOptions,
): Promise<void> {
  const tours: string[][] = [];
  for (let i = 0; i < ids.length; i += opts.taille) tours.push(ids.slice(i, i + opts.taille));
  if (tours.length === 0) return;
  const s = await openSession(trx, now);
  // FORM_DOUBLON's neighbours: never one of `ids` (each has its round, after every write), each once.
  const exclues = new Set(ids);
  const lireTour = async (k: number) => {
    await opts.avantTour?.(k * opts.taille + 1);
    return lire(trx, tours[k]!, s, true);
  };
  // The round in flight: its writes, its documents, its apresTour.
  let enVol: Promise<void> | undefined;
  try {
    let lu = await lireTour(0);
    for (let k = 0; k < tours.length; k++) {
      const ev = await evaluer(trx, lu, now, s, pause);
      if (enVol) await enVol;
      const dernier = k === tours.length - 1;
      // The next round's reads, started by refreshDocuments once this round's documents are read.
      let lancer: () => Promise<unknown> = async () => {};
      const suivante = dernier
        ? undefined
        : new Promise<Lecture>((resolve, reject) => {
            lancer = () => {
              const p = lireTour(k + 1);
              p.then(resolve, reject);
              return p;
            };
          });
      suivante?.catch(() => {}); // awaited below, or its error is the round's (enVol)
      const tour = lu;
      enVol = (async () => {
        await ecrire(trx, tour, ev, now, s, exclues);
        await refreshDocuments(trx, tour.ids, dernier, dernier ? {} : { pendant: lancer, pause });
        await opts.apresTour?.(tour.ids);
      })();
      enVol.catch(() => {}); // awaited before the next round's writes, or at the end
      if (suivante) lu = await Promise.race([suivante, enVol.then(() => suivante)]);
    }
    await enVol;
  } catch (e) {
    // Never leave while the round in flight still runs; its error, if any, came first.
    if (enVol) await enVol;
    throw e;
  }
}

/**
 * Recomputes `candidates` (FORM_DOUBLON's neighbours of `ids`: the group before and after the
 * write), less `ids` and `exclues`, that no other transaction holds: locked first, in id order,
 * without waiting (lockVoisines). Their own neighbours are not followed: recomputing a formation
 * writes none of what FORM_DOUBLON reads. Returns those recomputed (added to `exclues`).
 */
async function recomputeVoisines(
  trx: Executor,
  ids: readonly string[],
  candidates: readonly string[],
  exclues: Set<string>,
  now: Date,
  s: Session,
): Promise<string[]> {
  const dans = new Set(ids);
  const aFaire = [...new Set(candidates)].filter((id) => !dans.has(id) && !exclues.has(id)).sort();
  const libres = await lockVoisines(trx, aFaire);
  for (const id of libres) exclues.add(id);
  // Their documents now (fileEntiere false): the caller's refreshDocuments builds what is queued.
  if (libres.length) await recomputeWith(trx, libres, now, s, false, null);
  return libres;
}

/** One offer a scope-rule change would move, on one platform (`avant` under today's rules). */
export interface Reclassement {
  readonly id: string;
  readonly intitule: string | null;
  readonly plateforme: Plateforme;
  readonly avant: string;
  readonly apres: string;
}

/**
 * Dry run of a scope-rule change (nothing written): every formation is evaluated once by the real
 * rules, then given its platform state under today's rules and under `regles`; the offers whose
 * state differs are the ones saving `regles` would reclassify. Calls `surChacune` per moved offer.
 */
export async function simulateRegles(
  ctx: AppContext,
  regles: readonly RegleScope[],
  surChacune: (r: Reclassement) => void,
  chunk = 2000,
): Promise<{ controlees: number }> {
  const now = ctx.now();
  const s = await ctx.db.transaction().execute((trx) => openSession(trx, now));
  let after: string | null = null;
  let controlees = 0;
  for (;;) {
    const ids = await nextFormationIds(ctx.db, after, chunk);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const { offres, precedents } = await evaluer(ctx.db, await lire(ctx.db, ids, s, false), now, s);
    controlees += offres.length;
    for (const o of offres) {
      const aujourdhui = etatsPlateformes(o, s.regles, precedents, s);
      const demain = etatsPlateformes(o, regles, precedents, s);
      aujourdhui.forEach(({ p, suivant }, i) => {
        const apres = demain[i]!.suivant.statut;
        if (apres !== suivant.statut)
          surChacune({ id: o.f.id, intitule: o.f.intitule, plateforme: p, avant: suivant.statut, apres });
      });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { controlees };
}

export interface RecomputeAllReport {
  readonly controlees: number;
  readonly resultatsModifies: number;
  readonly derivesModifies: number;
}

/**
 * Formations per transaction of recomputeAll on PGlite. Its one writer is held for a whole chunk:
 * with 2000 (PostgreSQL's chunk) a check of the demo base (2000 formations) was one transaction,
 * and `offre check` run while `offre serve` ran froze its pages up to 8.65 s, a sign-in waiting as
 * long. With 200 a request waits for one chunk at most (docs/exploitation.md, « PGlite pendant un
 * import »); the results and the feed's events are the same, in the same order.
 */
export const CHUNK_RECALCUL_PGLITE = 200;

/**
 * Recomputes every formation in chunks (`chunk` formations, in id order; default 2000 on
 * PostgreSQL, CHUNK_RECALCUL_PGLITE on PGlite), one transaction per chunk, yielding between
 * chunks. On PostgreSQL two chunks overlap (one evaluates in JS while the server writes the other).
 */
export async function recomputeAll(
  ctx: AppContext,
  onProgress?: (done: number, total: number) => void,
  chunk = ctx.engine === 'pglite' ? CHUNK_RECALCUL_PGLITE : 2000,
): Promise<RecomputeAllReport> {
  const now = ctx.now();
  const total = await countFormations(ctx.db);
  const s = await ctx.db.transaction().execute((trx) => openSession(trx, now));
  const enCours = new Set<Promise<void>>();
  const parallele = ctx.engine === 'postgres' ? 2 : 1;
  let after: string | null = null;
  let controlees = 0;
  let resultatsModifies = 0;
  let derivesModifies = 0;
  for (;;) {
    // With their stored digests: the failures of a formation whose digest stays are not sent.
    const lus = await nextFormationEmpreintes(ctx.db, after, chunk);
    if (lus.length === 0) break;
    const ids = lus.map((r) => r.id);
    const connues = new Map(lus.map((r) => [r.id, r.empreinte]));
    after = ids[ids.length - 1]!;
    const p: Promise<void> = ctx.db
      .transaction()
      .execute((trx) => recomputeWith(trx, ids, now, s, true, null, connues))
      .then((r) => {
        controlees += r.controlees;
        resultatsModifies += r.resultatsModifies.length;
        derivesModifies += r.derivesModifies.length;
        onProgress?.(controlees, total);
      })
      .finally(() => enCours.delete(p));
    enCours.add(p);
    if (enCours.size >= parallele) await Promise.race(enCours);
    await new Promise((resolve) => setImmediate(resolve));
  }
  await Promise.all(enCours);
  return { controlees, resultatsModifies, derivesModifies };
}

export { resumeControles } from '../db/conformite.repository.ts';

/** The lines of `offre check --json` (docs/contrat.md), page by page. */
export async function* lignesConformite(db: Executor, pageSize = 2000) {
  let after: string | null = null;
  for (;;) {
    const rows = await pageConformite(db, after, pageSize);
    if (rows.length === 0) return;
    const echecs = await loadEchecs(
      db,
      rows.map((r) => r.id),
    );
    for (const r of rows) {
      yield {
        id: r.id,
        cle_externe: r.cle_externe,
        intitule: r.intitule,
        catalogue: r.catalogue,
        certifiee: r.certifiee ?? false,
        parcoursup: r.parcoursup,
        affelnet: r.affelnet,
        echecs: (echecs.get(r.id) ?? []).map(({ code, severite, message }) => ({ code, severite, message })),
      };
    }
    after = rows[rows.length - 1]!.id;
  }
}

/** One rule result as GET /formations/{id}/controles returns it. */
export interface ControleLu {
  readonly code: string;
  readonly resultat: ResultatControle['resultat'];
  readonly severite: ResultatControle['severite'];
  readonly champ: string | null;
  readonly message: string;
  readonly preuves: ResultatControle['preuves'][number][];
  /**
   * FORM_DOUBLON's failure: the id of the other formation (the message names it by its title),
   * always one the reader may read.
   */
  readonly formation_liee?: string;
  /**
   * A result naming a session (`champ` « sessions[i]… », i counting the checked formation's sessions
   * in their stored order): that session's id, where its fields are entered.
   */
  readonly session_id?: string;
  readonly computed_at: string;
}

/**
 * Every result of each of `formations` (read only), with the reference facts read once for all.
 * `lisibles`: the formations the reader may read — a result names no other (FORM_DOUBLON is
 * evaluated as if the others did not exist: docs/conformite.md « Qui voit la formation nommée »);
 * null: every formation (the system's own reads).
 */
async function evaluerControles(
  db: Executor,
  formations: readonly FormationAControler[],
  runs: Awaited<ReturnType<typeof loadRuns>>,
  campagne: Awaited<ReturnType<typeof ensureCampagneCourante>>,
  now: Date,
  lisibles: Lisibles | null,
): Promise<ControleLu[][]> {
  if (formations.length === 0) return [];
  const faits = await loadFaits(db, formations, runs);
  // The neighbours the reader may not read leave the index: none of them is named, none makes
  // the rule fail (its failure would tell the public that an undiffused offer exists).
  const voisines = [...new Set(formations.flatMap((f) => voisinesDe(f, faits.voisines)))];
  const lues = lisibles && voisines.length > 0 ? await lisibles(voisines) : null;
  const cachees = new Set(lues ? voisines.filter((id) => !lues.has(id)) : []);
  const ctx: ContexteControle = {
    faits: { ...faits, voisines: sansFormations(faits.voisines, cachees) },
    campagne: {
      annee: campagne.annee,
      fenetre_debut: campagne.fenetre_debut,
      fenetre_fin: campagne.fenetre_fin,
    },
    aujourdhui: jourAParis(now),
  };
  const computed_at = now.toISOString();
  return formations.map((f) =>
    checkFormation(f, ctx).map((r) => {
      const session = f.sessions[indexSession(r.champ) ?? -1];
      return {
        code: r.code,
        resultat: r.resultat,
        severite: r.severite,
        champ: r.champ,
        message: r.message,
        preuves: [...r.preuves],
        ...(r.formation_liee ? { formation_liee: r.formation_liee } : {}),
        ...(session ? { session_id: session.id } : {}),
        computed_at,
      };
    }),
  );
}

/** One formation's results as controlesLus reads them, with its catalogue verdict. */
export interface ControlesEtVerdict {
  readonly resultats: readonly ControleLu[];
  readonly catalogue: 'general' | 'non_reglementaire';
}

/**
 * The results and catalogue verdict of formations `ids` as `db` reads them (read only: an import's
 * preview reads them in its transaction, after its trial writes, and outside it, as stored), the
 * reference facts read once for all. Formations that do not exist are left out.
 */
export async function controlesLus(
  db: Executor,
  ids: readonly string[],
  now: Date,
): Promise<Map<string, ControlesEtVerdict>> {
  const [formations, runs, campagne] = await Promise.all([
    loadFormationsAControler(db, ids),
    loadRuns(db),
    lireCampagneCourante(db, now),
  ]);
  const resultats = await evaluerControles(db, formations, runs, campagne, now, null);
  return new Map(
    formations.map((f, i) => {
      const r = resultats[i]!;
      return [f.id, { resultats: r, catalogue: deriver(r, f.sessions).catalogue }];
    }),
  );
}

/**
 * Every result of one formation with its evidence (GET /formations/{id}/controles), evaluated live:
 * only failures are stored, and one formation's facts are a handful of indexed reads.
 */
export async function controlesDeFormation(
  db: Executor,
  id: string,
  now: Date,
  /** The formations the reader may read (formation.lisible.ts lisiblesPar); null: all (system). */
  lisibles: Lisibles | null,
): Promise<ControleLu[]> {
  const [formations, runs, campagne] = await Promise.all([
    loadFormationsAControler(db, [id]),
    loadRuns(db),
    lireCampagneCourante(db, now),
  ]);
  return (await evaluerControles(db, formations, runs, campagne, now, lisibles))[0] ?? [];
}

/**
 * The results of the diffused version of formation `row` and of `propose`, the state its pending
 * revision would store once validated (read only: nothing is written). The revision is mapped to
 * the rows its validation would write (formation.lignes.ts) and read by the rules as the stored
 * formations are (a-controler.ts); its new sessions are entered today. `ecarts`: the failing codes
 * the revision fixes and those it introduces.
 */
export async function controlesDeRevision(
  db: Executor,
  row: FormationRow,
  propose: FormationSnap,
  now: Date,
  /** The formations the reader may read (see controlesDeFormation); null: all (system). */
  lisibles: Lisibles | null,
) {
  const [stockees, runs, campagne] = await Promise.all([
    loadFormationsAControler(db, [row.id]),
    loadRuns(db),
    lireCampagneCourante(db, now),
  ]);
  const diffusee = stockees[0];
  if (!diffusee) return null;
  const organismes = await organismesDesRevisions(db, [diffusee], [propose]);
  const { revisee, sessions } = formationRevisee(row, diffusee, propose, organismes, now);
  const [avant = [], apres = []] = await evaluerControles(
    db,
    [diffusee, revisee],
    runs,
    campagne,
    now,
    lisibles,
  );
  return {
    diffusee: avant,
    revision: apres,
    ecarts: ecartsControles(avant, apres),
    /** The revision's verdicts once validated: catalogue (Catalogue général or not), « Certifiée ». */
    verdict: deriver(apres, sessions),
  };
}

/**
 * controlesDeRevision's « revision » side for many formations at once (an import's preview: each
 * formation `row` with the state `propose` its open revision would store once validated), read
 * only, the facts read once for all: results and catalogue verdict by formation id.
 */
export async function controlesDeRevisions(
  db: Executor,
  revisions: readonly { readonly row: FormationRow; readonly propose: FormationSnap }[],
  now: Date,
): Promise<Map<string, ControlesEtVerdict>> {
  const [stockees, runs, campagne] = await Promise.all([
    loadFormationsAControler(
      db,
      revisions.map((r) => r.row.id),
    ),
    loadRuns(db),
    lireCampagneCourante(db, now),
  ]);
  const diffusees = new Map(stockees.map((f) => [f.id, f]));
  const organismes = await organismesDesRevisions(
    db,
    stockees,
    revisions.map((r) => r.propose),
  );
  const revisees = revisions.flatMap(({ row, propose }) => {
    const diffusee = diffusees.get(row.id);
    return diffusee ? [formationRevisee(row, diffusee, propose, organismes, now)] : [];
  });
  const resultats = await evaluerControles(
    db,
    revisees.map((r) => r.revisee),
    runs,
    campagne,
    now,
    null,
  );
  return new Map(
    revisees.map(({ revisee, sessions }, i) => {
      const r = resultats[i]!;
      return [revisee.id, { resultats: r, catalogue: deriver(r, sessions).catalogue }];
    }),
  );
}

/**
 * The results and catalogue verdict of formations that do not exist yet (a workbook preview's new
 * formations), each the state its creation from `input` would store, by the `id` the caller gives
 * it (read only: nothing is written). Mapped to the rows the creation would write as a revision is
 * (formationRevisee), its sessions entered today, the establishments it names read once for all;
 * the rules read it as the stored formations are. An input the store could not map is left out.
 */
export async function controlesDeNouvelles(
  db: Executor,
  nouvelles: readonly { readonly id: string; readonly input: FormationInput }[],
  now: Date,
  /** The writer: the establishments' facts it may not describe stay the known ones (as its write). */
  acteur: Acteur,
): Promise<Map<string, ControlesEtVerdict>> {
  const sirets = [...new Set(nouvelles.flatMap((n) => siretsEcrits(n.input)))];
  const [connus, runs, campagne] = await Promise.all([
    selectOrganismes(db, sirets),
    loadRuns(db),
    lireCampagneCourante(db, now),
  ]);
  const known = new Map(
    connus.map((o) => [
      o.siret,
      { siret: o.siret, uai: o.uai, raison_sociale: o.raison_sociale, nda: o.nda },
    ]),
  );
  const orgs = organismesEcriture(acteur, known);
  const proposes = nouvelles.flatMap(({ id, input }) => {
    // Each session its own id: a session's contact is joined to it by id (formationsAControler).
    let k = 0;
    try {
      const propose = nextSnapshot(null, input, {
        ...orgs,
        diffusees: new Set(),
        newSessionId: () => `${id}:se${++k}`,
        allowNewSessionIds: true,
      });
      return [{ id, propose }];
    } catch {
      return [];
    }
  });
  const organismes = await organismesDesRevisions(
    db,
    [],
    proposes.map((p) => p.propose),
  );
  const nouvellesLues = proposes.map(({ id, propose }) =>
    formationRevisee({ id, siren_proprietaire: null, statut: 'brouillon' }, null, propose, organismes, now),
  );
  const resultats = await evaluerControles(
    db,
    nouvellesLues.map((r) => r.revisee),
    runs,
    campagne,
    now,
    null,
  );
  return new Map(
    nouvellesLues.map(({ revisee, sessions }, i) => {
      const r = resultats[i]!;
      return [revisee.id, { resultats: r, catalogue: deriver(r, sessions).catalogue }];
    }),
  );
}

/**
 * The establishments the revisions `proposes` of the formations `diffusees` name: the diffused
 * versions' are read already; only those a revision names anew are read (organismeDuRole puts
 * each role's UAI back).
 */
async function organismesDesRevisions(
  db: Executor,
  diffusees: readonly FormationAControler[],
  proposes: readonly FormationSnap[],
) {
  const organismes = new Map(
    diffusees
      .flatMap((d) => [d.responsable, d.formateur])
      .filter((o) => o !== null)
      .map((o) => [o.siret, o]),
  );
  const nouveaux = [
    ...new Set(
      proposes.flatMap((p) =>
        [p.responsable?.siret, p.formateur?.siret].filter((s): s is string => !!s && !organismes.has(s)),
      ),
    ),
  ];
  for (const [siret, o] of await loadOrganismesAControler(db, nouveaux)) organismes.set(siret, o);
  return organismes;
}

/**
 * Formation `row`'s revision `propose` mapped to the rows its validation would write
 * (formation.lignes.ts) and read by the rules as the stored formations are (a-controler.ts); its
 * new sessions are entered today. `sessions`: in the order the results' `sessions[i]` count.
 */
function formationRevisee(
  row: Pick<FormationRow, 'id' | 'statut'> & { readonly siren_proprietaire: string | null },
  /** The stored formation (its sessions' entry dates); null: a formation to create. */
  diffusee: FormationAControler | null,
  propose: FormationSnap,
  organismes: Parameters<typeof formationsAControler>[3],
  now: Date,
) {
  const saisies = new Map((diffusee?.sessions ?? []).map((s) => [s.id, s.saisie_le]));
  const vivantes = propose.sessions.filter((s) => !s.archivee);
  const conventionnee = isConventionnee({
    ...propose.modalites,
    financeurs: propose.financeurs,
    sessions: vivantes,
  });
  const ligne = {
    ...formationColumns(propose),
    id: row.id,
    siren_proprietaire: sirenProprietaire(propose, conventionnee) ?? row.siren_proprietaire ?? '',
    // Validating a revision keeps the offer published.
    statut: row.statut,
  };
  const sessions = vivantes
    .map((s) => ({ ...sessionRow(row.id, s, now), saisie_le: saisies.get(s.id) ?? jourAParis(now) }))
    .sort(ordreSessions);
  const contacts = [
    ...propose.contacts.map((c) => ({ ...c, formation_id: row.id, session_id: null })),
    ...vivantes.flatMap((s) =>
      s.contact ? [{ ...s.contact, type: 'autre', formation_id: null, session_id: s.id }] : [],
    ),
  ];
  const [revisee] = formationsAControler([ligne], sessions, contacts, organismes);
  return { revisee: revisee!, sessions };
}
