import type { AppContext } from '../context.ts';
import { type Campagne, ensureCampagneCourante, lireCampagneCourante } from '../db/campagne.repository.ts';
import { loadFormationsAControler } from '../db/conformite.repository.ts';
import type { Executor } from '../db/executor.ts';
import { noterChangements } from '../db/feed.repository.ts';
import { findFormationRow } from '../db/formation.repository.ts';
import {
  cataloguesDe,
  type EtatStocke,
  historiser,
  listOffresPlateforme,
  listReglesCompletes,
  loadEtats,
  loadRegles,
  lockRegle,
  type RegleInput,
  regleHistorique,
  saveEtats,
  saveRegle,
  sessionsPourFlux,
  statutsDesIdentites,
} from '../db/plateforme.repository.ts';
import { isAdministrateur } from '../domain/acces.ts';
import { type Acteur, acteurLabel } from '../domain/acteur.ts';
import { fermeturePlateforme } from '../domain/campagne.ts';
import { jourAParis } from '../domain/dates.ts';
import { decideurPlateforme, phraseDecideur } from '../domain/decision-plateforme.ts';
import { forbidden, notFound, OffreError } from '../domain/errors.ts';
import type { IfMatch } from '../domain/if-match.ts';
import {
  type Action,
  appliquer,
  etatInitial,
  horsPerimetrePlateformes,
  isAPublier,
  LONGUEUR_MOTIF_DECISION,
  libelleStatutPlateforme,
  NOMS_PLATEFORMES,
  nouvelleDuRetour,
  type Plateforme,
  STATUTS_DE_SCOPE,
} from '../domain/plateforme.ts';
import { enumeration } from '../domain/pluriel.ts';
import { academiesDeFormation, nomAcademie } from '../domain/regles/academies.ts';
import type { FormationAControler } from '../domain/regles/types.ts';
import { refusTexte } from '../domain/texte-saisi.ts';
import type { RetoursPlateforme } from './comptes/courriel.retours-plateforme.ts';
import { notifyStructure, reveillerEnvoi } from './comptes/courriel.service.ts';
import {
  type Reclassement,
  recomputeAll,
  recomputeFormations,
  simulateRegles,
} from './conformite.service.ts';
import { formationsLisibles } from './formation.lisible.ts';
import { refreshDocuments } from './formation-document.ts';
import { garderVersionDecision, versionDecision } from './instruction-version.ts';
import { etatsDeSonIdentite, identiteDe } from './plateforme.etats.ts';
import { type AttenduRegle, garderVersionRegle } from './regle-version.ts';

// Platform statuses: instructor decisions, platform returns, the platform feed, the scope rules.

export const listRegles = (ctx: AppContext) => listReglesCompletes(ctx.db);

/**
 * Where offer `id` stands for actor `a` on the platforms (Parcoursup and Affelnet alike), before any decision: instructeurs and
 * administrators only (403). The académie first: an offer of another académie answers as it does
 * for an unknown id (404 « Formation … introuvable ») unless the actor may read it (diffused: its
 * académie is public, 403 naming it). Within the actor's académies (all of them for an
 * administrator), `hors` says why the offer is not in instruction — one the actor cannot read (a
 * draft, awaiting validation, à corriger, archived, Non réglementaire), or one outside the
 * platform's perimeter (RULES.md: validated offers of the Catalogue général open to
 * apprenticeship) — null when it is in instruction. A deleted offer is unknown.
 */
export async function situationInstruction(
  db: Executor,
  a: Acteur,
  id: string,
): Promise<{
  readonly f: FormationAControler;
  /** Null: in instruction. `raison`: the perimeter's reason (horsPerimetrePlateformes), if any. */
  readonly hors: { readonly lisible: boolean; readonly raison: string | null } | null;
}> {
  const ok = isAdministrateur(a) || (a.kind === 'utilisateur' && a.role === 'instructeur');
  if (!ok) throw forbidden('Réservé aux instructeurs des plateformes et aux administrateurs.');
  const [[f], lisibles, catalogues] = await Promise.all([
    loadFormationsAControler(db, [id]),
    formationsLisibles(db, a, [id]),
    cataloguesDe(db, [id]),
  ]);
  if (!f || f.statut === 'supprimee') throw notFound(`Formation ${id}`);
  const lisible = lisibles.has(id);
  if (a.kind === 'utilisateur' && a.role === 'instructeur' && a.academies.length) {
    const academies = academiesDeFormation(f);
    if (!a.academies.some((x) => academies.includes(x))) {
      // Not readable: exactly the answer of an unknown id — nothing tells it exists.
      if (!lisible) throw notFound(`Formation ${id}`);
      // The offer is one the instructeur may read (diffused): its académie is public.
      throw forbidden(
        `Cette offre relève ${academies.length > 1 ? 'des académies' : 'de l’académie'} ${enumeration(academies.map(nomAcademie))}, pas de la vôtre : ${enumeration(a.academies.map(nomAcademie))}.`,
      );
    }
  }
  // An instructeur bound to no académie (none is created so; an old account) has no perimeter to
  // be told about: what it cannot read stays unknown.
  if (a.kind === 'utilisateur' && a.role === 'instructeur' && !a.academies.length && !lisible)
    throw notFound(`Formation ${id}`);
  const raison = horsPerimetrePlateformes({ ...f, catalogue: catalogues.get(id) ?? null });
  return { f, hors: !lisible || raison ? { lisible, raison } : null };
}

/**
 * The offer `id` as actor `a` may decide on for platform `p` (the instructeur's file, the decision
 * API): situationInstruction, and an offer not in instruction refused — 404 as GET
 * /formations/{id} answers when the actor cannot read it, 404 naming the perimeter's reason when
 * it can (a conventionné-only action). Nothing is read beyond what the actor may read.
 */
export async function offreInstruite(
  db: Executor,
  a: Acteur,
  id: string,
  p: Plateforme,
): Promise<FormationAControler> {
  const { f, hors } = await situationInstruction(db, a, id);
  if (hors && !hors.lisible) throw notFound(`Formation ${id}`);
  if (hors?.raison) throw horsPerimetre(id, p, hors.raison);
  return f;
}

const horsPerimetre = (id: string, p: Plateforme, raison: string) =>
  new OffreError(
    'INTROUVABLE',
    `Formation ${id} hors du périmètre de ${NOMS_PLATEFORMES[p]} : ${raison}. ${NOMS_PLATEFORMES[p]} ne reçoit que des offres validées du Catalogue général ouvertes à l’apprentissage.`,
    {},
    404,
  );

/** The stored state of offer `f` on `p` (keyed by its identity, as decisions write it), or null. */
export async function etatStocke(
  db: Executor,
  p: Plateforme,
  f: FormationAControler,
): Promise<EtatStocke | null> {
  const identite = identiteDe(f);
  return (await loadEtats(db, [identite])).get(`${p}|${identite}`) ?? null;
}

async function etatCourant(
  trx: Executor,
  p: Plateforme,
  f: FormationAControler,
  annee: number,
): Promise<EtatStocke> {
  const e = await etatStocke(trx, p, f);
  return e ?? { plateforme: p, identite: identiteDe(f), formation_id: f.id, ...etatInitial(annee) };
}

/**
 * Writes `action` on offer `f` for `p` (its state, the status column and history of every formation
 * of its identity — statutsDesIdentites): the state after it, and the state before (`avant`). `campagne`: the current campaign
 * (ensureCampagneCourante), read once by the caller for all its decisions. Its document and feed
 * event follow, once for all the transaction's decisions: apresDecisions.
 */
async function ecrireDecision(
  trx: Executor,
  acteur: Acteur,
  p: Plateforme,
  f: FormationAControler,
  action: Action,
  campagne: Campagne,
  now: Date,
): Promise<{
  readonly avant: EtatStocke;
  readonly etat: EtatStocke;
  /** The offer decided on, then the other formations of its identity (apresDecisions). */
  readonly faites: readonly DecisionEcrite[];
}> {
  const annee = campagne.annee;
  const avant = await etatCourant(trx, p, f, annee);
  const fermeture = fermeturePlateforme(campagne, p, jourAParis(now));
  const apres: EtatStocke = {
    ...avant,
    ...appliquer(p, avant, action, annee, fermeture),
    formation_id: f.id,
  };
  const label = acteurLabel(acteur);
  await saveEtats(trx, [apres], label, now);
  // Every formation of the identity (duplicates without cle_externe share its state) shows it.
  const alignees = await statutsDesIdentites(trx, [apres]);
  await historiser(
    trx,
    f.id,
    p,
    apres.identite,
    action.type,
    [{ champ: p, avant: avant.statut, apres: apres.statut, motif: apres.motif }],
    label,
    now,
  );
  const autres = alignees.filter((a) => a.id !== f.id);
  // Their history says the decision too, with their own former status and the offer it was made on.
  for (const a of autres)
    await historiser(
      trx,
      a.id,
      p,
      apres.identite,
      action.type,
      [{ champ: p, avant: a.avant, apres: apres.statut, motif: apres.motif, formation: f.id }],
      label,
      now,
    );
  const propre = alignees.find((a) => a.id === f.id);
  return {
    avant,
    etat: apres,
    faites: [
      {
        id: f.id,
        change: avant.statut !== apres.statut || !!propre?.change,
        reprise: action.type === 'reprendre',
      },
      ...autres.map((a) => ({ id: a.id, change: a.change, reprise: false })),
    ],
  };
}

/** A decision or return written (ecrireDecision), as apresDecisions reads it. */
interface DecisionEcrite {
  readonly id: string;
  /** The offer's status on the platform changed. */
  readonly change: boolean;
  /** A decision lifted (`reprendre`): the offer's verdict is recomputed. */
  readonly reprise: boolean;
}

/**
 * What follows the decisions and returns of one transaction, once: the status is in each offer's
 * document (conformite.parcoursup / affelnet), so an offer whose status changed gets its feed
 * event and `updated_at` (in `faites`' order), then the documents are rebuilt — by recomputing
 * the verdict of an offer whose decision was lifted (a decision changes nothing FORM_DOUBLON
 * compares: no neighbour), directly for the others.
 */
async function apresDecisions(trx: Executor, faites: readonly DecisionEcrite[], now: Date): Promise<void> {
  await noterChangements(
    trx,
    faites.filter((x) => x.change).map((x) => x.id),
    now,
  );
  const reprises = [...new Set(faites.filter((x) => x.reprise).map((x) => x.id))];
  if (reprises.length) await recomputeFormations(trx, reprises, now, { voisines: false });
  const autres = [...new Set(faites.map((x) => x.id))].filter((id) => !reprises.includes(id));
  if (autres.length) await refreshDocuments(trx, autres);
}

export interface DecisionInput {
  readonly action: 'publier' | 'non_publier' | 'mettre_en_attente' | 'reprendre';
  readonly motif?: string | null;
}

/**
 * An instructor's decision on one offer for one platform. `attendue`: the version the decision was
 * taken on (instruction-version.ts) — `version` (the page's hidden field, 409 FORMATION_MODIFIEE)
 * or `siMatch` (the API's If-Match, 412 PRECONDITION_ECHOUEE); neither: the state of the moment.
 */
export async function decidePlateforme(
  ctx: AppContext,
  acteur: Acteur,
  formationId: string,
  p: Plateforme,
  d: DecisionInput,
  attendue: { readonly version?: string; readonly siMatch?: IfMatch } = {},
) {
  const decision = await ctx.db.transaction().execute(async (trx) => {
    // The formation row locked first: two decisions on one offer, or a decision and a write of the
    // offer, follow each other — the second sees the first's state and its version check fails.
    const row = await findFormationRow(trx, formationId, { forUpdate: true });
    const f = await offreInstruite(trx, acteur, formationId, p);
    // The motif is shown to the organisme (its page, its e-mail): the house's typed-text check.
    const refus = refusTexte(d.motif?.trim(), 'motif', LONGUEUR_MOTIF_DECISION, { multiligne: true });
    if (refus) throw refus;
    await garderVersionDecision(trx, f.id, p, row!.version, await etatStocke(trx, p, f), attendue);
    const action: Action =
      d.action === 'non_publier'
        ? { type: 'non_publier', motif: d.motif ?? '' }
        : d.action === 'mettre_en_attente'
          ? { type: 'mettre_en_attente', motif: d.motif ?? null }
          : { type: d.action };
    const campagne = await ensureCampagneCourante(trx, ctx.now());
    const ecrite = await ecrireDecision(trx, acteur, p, f, action, campagne, ctx.now());
    const reprise = action.type === 'reprendre';
    await apresDecisions(trx, ecrite.faites, ctx.now());
    // Lifted: the recomputed verdict may have moved the status again.
    const e = reprise
      ? (await loadEtats(trx, [ecrite.etat.identite])).get(`${p}|${ecrite.etat.identite}`)!
      : ecrite.etat;
    // Who decided as the organisme is told: the same wording as its pages (decisions-plateformes.service.ts).
    const decideur = decideurPlateforme(
      p,
      d.action,
      acteurLabel(acteur),
      acteur.kind === 'utilisateur' ? acteur : null,
      academiesDeFormation(f),
    );
    const vue = vueEtat(e, await fermeturesCourantes(trx, ctx.now()), row!.version);
    // Announced to the organisme in the same transaction (the outbox), as a gestionnaire's
    // validation or return is: a rolled-back decision announces nothing.
    await notifyStructure(ctx, trx, row!.siren_proprietaire, {
      modele: 'decision_plateforme',
      formation: { id: f.id, intitule: row!.intitule },
      plateforme: p,
      action: d.action,
      statut: vue.statut,
      motif: vue.motif,
      decideur: phraseDecideur(decideur),
    });
    return vue;
  });
  reveillerEnvoi(ctx);
  return decision;
}

export interface RetourItem {
  readonly id: string;
  readonly statut: 'publie' | 'rejet_publication';
  readonly id_plateforme?: string | null;
  readonly motif?: string | null;
  readonly action_corrective?: string | null;
}

export interface RetourReport {
  readonly appliques: number;
  readonly erreurs: { index: number; id: string; code: string; message: string }[];
}

/**
 * The platform's return feed: each line applied on its own; the lines it refuses are listed. Once
 * committed, each organisme whose offers it changed (published, or rejected with a new motif) gets
 * one e-mail and notification listing them (courriel.retours-plateforme.ts); a line that repeats
 * the state already recorded tells no one again.
 */
export async function applyRetours(
  ctx: AppContext,
  acteur: Acteur,
  p: Plateforme,
  items: readonly RetourItem[],
): Promise<RetourReport> {
  const annonces = new Map<
    string,
    { publiees: RetoursPlateforme['publiees'][number][]; rejetees: RetoursPlateforme['rejetees'][number][] }
  >();
  const rapport = await ctx.db.transaction().execute(async (trx) => {
    const ids = [...new Set(items.map((i) => i.id))];
    const [lues, catalogues] = await Promise.all([
      loadFormationsAControler(trx, ids),
      cataloguesDe(trx, ids),
    ]);
    const formations = new Map(lues.map((f) => [f.id, f]));
    const erreurs: RetourReport['erreurs'] = [];
    let appliques = 0;
    const faites: DecisionEcrite[] = [];
    // Read once for the batch, at its first applicable line (a batch refused whole creates none).
    let campagne: Campagne | null = null;
    for (const [index, item] of items.entries()) {
      const f = formations.get(item.id);
      if (!f) {
        erreurs.push({
          index,
          id: item.id,
          code: 'INTROUVABLE',
          message: `Formation ${item.id} introuvable.`,
        });
        continue;
      }
      const hors = horsPerimetrePlateformes({ ...f, catalogue: catalogues.get(f.id) ?? null });
      if (hors) {
        const e = horsPerimetre(item.id, p, hors);
        erreurs.push({ index, id: item.id, code: e.code, message: `Ligne ${index + 1} : ${e.message}` });
        continue;
      }
      if (item.statut === 'rejet_publication' && !item.motif?.trim()) {
        erreurs.push({
          index,
          id: item.id,
          code: 'MOTIF_OBLIGATOIRE',
          message: `Ligne ${index + 1} : un rejet de publication doit donner son motif (champ « motif »).`,
        });
        continue;
      }
      const action: Action =
        item.statut === 'publie'
          ? { type: 'retour_publie', id_plateforme: item.id_plateforme ?? null }
          : {
              type: 'retour_rejet',
              motif: item.motif!.trim(),
              action_corrective: item.action_corrective?.trim() || null,
            };
      try {
        campagne ??= await ensureCampagneCourante(trx, ctx.now());
        const ecrite = await ecrireDecision(trx, acteur, p, f, action, campagne, ctx.now());
        const { avant, etat } = ecrite;
        faites.push(...ecrite.faites);
        appliques++;
        const annonce = annonces.get(f.siren_proprietaire) ?? { publiees: [], rejetees: [] };
        annonces.set(f.siren_proprietaire, annonce);
        const formation = { id: f.id, intitule: f.intitule };
        const nouvelle = nouvelleDuRetour(avant, etat);
        if (nouvelle?.type === 'publiee')
          annonce.publiees.push({ formation, idPlateforme: nouvelle.idPlateforme });
        else if (nouvelle?.type === 'rejetee')
          annonce.rejetees.push({
            formation,
            motif: nouvelle.motif,
            actionCorrective: nouvelle.actionCorrective,
          });
      } catch (e) {
        if (!(e instanceof OffreError)) throw e;
        erreurs.push({ index, id: item.id, code: e.code, message: `Ligne ${index + 1} : ${e.message}` });
      }
    }
    await apresDecisions(trx, faites, ctx.now());
    // One message per organisme, in the same transaction (the outbox).
    for (const [siren, { publiees, rejetees }] of annonces)
      if (publiees.length || rejetees.length)
        await notifyStructure(ctx, trx, siren, {
          modele: 'retours_plateforme',
          plateforme: p,
          publiees,
          rejetees,
        });
    return { appliques, erreurs };
  });
  reveillerEnvoi(ctx);
  return rapport;
}

/**
 * The state as the API and the pages show it. `fermetures`: per platform, why it takes no more
 * offers this campaign (services/campagne.service.ts `fermeturesCourantes`); an offer « à
 * publier » then carries that reason in `blocage` (null otherwise). `versionFormation`: the
 * formation's write counter, for the state's `version` (instruction-version.ts).
 */
export function vueEtat(
  e: EtatStocke,
  fermetures: Readonly<Record<string, string | null>> | undefined,
  versionFormation: number,
) {
  const fermeture = fermetures?.[e.plateforme] ?? null;
  return {
    /** The version a decision on this state carries back (instruction-version.ts). */
    version: versionDecision(versionFormation, e),
    plateforme: e.plateforme,
    statut: e.statut,
    libelle: libelleStatutPlateforme(e.statut),
    decision: e.decision,
    motif: e.motif,
    action_corrective: e.action_corrective,
    id_plateforme: e.id_plateforme,
    campagne: e.annee,
    blocage: fermeture && isAPublier(e.statut) ? fermeture : null,
  };
}

/** Per platform, why it takes no more offers in the current campaign at `now` (null: it does). */
export async function fermeturesCourantes(
  db: Executor,
  now: Date,
): Promise<Record<Plateforme, string | null>> {
  const c = await lireCampagneCourante(db, now);
  const jour = jourAParis(now);
  return {
    parcoursup: fermeturePlateforme(c, 'parcoursup', jour),
    affelnet: fermeturePlateforme(c, 'affelnet', jour),
  };
}

/** The offer's state on each platform, with why it is blocked (`blocage`) when the platform closed. */
export async function etatsDeFormation(db: Executor, formationId: string, now: Date) {
  const [fermetures, etats, row] = await Promise.all([
    fermeturesCourantes(db, now),
    etatsDeSonIdentite(db, formationId),
    findFormationRow(db, formationId),
  ]);
  return etats.map((e) => vueEtat(e, fermetures, row?.version ?? 0));
}

/**
 * The offer's state on platform `p` (as etatsDeFormation gives it). Throws NOT_FOUND (404) « État
 * <Plateforme> de la formation <id> » when the formation has no state there (or does not exist).
 */
export async function etatDeFormation(db: Executor, formationId: string, p: Plateforme, now: Date) {
  const e = (await etatsDeFormation(db, formationId, now)).find((x) => x.plateforme === p);
  if (!e) throw notFound(`État ${NOMS_PLATEFORMES[p]} de la formation ${formationId}`);
  return e;
}

/** The feed a platform reads: offers ready for integration or published, with their sessions and places. */
export async function offresPlateforme(db: Executor, p: Plateforme, after: string | null, limit: number) {
  const rows = await listOffresPlateforme(db, p, after, limit + 1);
  const page = rows.slice(0, limit);
  const sessions = await sessionsPourFlux(
    db,
    page.map((r) => r.id),
  );
  return {
    plateforme: NOMS_PLATEFORMES[p],
    data: page.map((r) => ({
      id: r.id,
      cle_externe: r.cle_externe,
      identite: r.identite,
      statut: r.statut,
      libelle_statut: libelleStatutPlateforme(r.statut),
      id_plateforme: r.id_plateforme,
      intitule: r.intitule,
      certification: { rncp: r.code_rncp, cfd: r.code_cfd },
      duree_annees: r.duree_annees,
      annees_apprentissage: r.annees_apprentissage,
      certifiee: r.certifiee,
      responsable: {
        siret: r.responsable_siret,
        uai: r.responsable_uai,
        raison_sociale: r.responsable_raison_sociale,
      },
      formateur: {
        siret: r.formateur_siret,
        uai: r.formateur_uai,
        raison_sociale: r.formateur_raison_sociale,
      },
      sessions: sessions.filter((s) => s.formation_id === r.id).map(({ formation_id: _f, ...s }) => s),
    })),
    next: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

export interface RegleScopeInput {
  readonly plateforme: Plateforme;
  readonly niveau?: string | null;
  readonly type_diplome?: string | null;
  readonly duree?: number | null;
  readonly annee_entree?: number | null;
  readonly academie?: string | null;
  readonly statut: string;
  readonly priorite: number;
  readonly actif: boolean;
}

/** The stored shape of a rule input (administrators only; an unknown statut is refused on `statut`). */
function normalizeRegle(acteur: Acteur, v: RegleScopeInput): RegleInput {
  if (!isAdministrateur(acteur)) throw forbidden('Réservé aux administrateurs.');
  const statut = STATUTS_DE_SCOPE.find((s) => s === v.statut);
  if (!statut)
    throw new OffreError(
      'STATUT_INVALIDE',
      `Statut « ${v.statut} » impossible pour une règle de périmètre (attendu : ${STATUTS_DE_SCOPE.join(', ')}).`,
      { champ: 'statut' },
    );
  return {
    plateforme: v.plateforme,
    niveau: v.niveau?.trim() || null,
    type_diplome: v.type_diplome?.trim().toUpperCase() || null,
    duree: v.duree ?? null,
    annee_entree: v.annee_entree ?? null,
    academie: v.academie?.trim() || null,
    statut,
    priorite: v.priorite,
    actif: v.actif,
  };
}

/** Rule `id` (administrators' list shape), or 404. */
export async function getRegle(ctx: AppContext, id: number) {
  const r = (await listRegles(ctx)).find((x) => x.id === id);
  if (!r) throw notFound(`Règle de périmètre ${id}`);
  return r;
}

/**
 * Creates or changes a scope rule (administrators), keeps its history, then reclassifies every
 * offer. A change is checked against the version it was made on (`attendue`, regle-version.ts)
 * under the rule's row lock, in the save's transaction.
 */
export async function registerRegle(
  ctx: AppContext,
  acteur: Acteur,
  id: number | null,
  v: RegleScopeInput,
  attendue: AttenduRegle = {},
) {
  const valeur = normalizeRegle(acteur, v);
  const row = await ctx.db.transaction().execute(async (trx) => {
    if (id !== null) {
      const actuelle = await lockRegle(trx, id);
      if (!actuelle) return undefined;
      garderVersionRegle(actuelle, attendue);
    }
    return saveRegle(trx, id, valeur, acteurLabel(acteur), ctx.now());
  });
  if (!row) throw notFound(`Règle de périmètre ${id}`);
  const reclassement = await recomputeAll(ctx);
  return {
    regle: { ...row, updated_at: new Date(row.updated_at).toISOString() },
    reclassees: reclassement.derivesModifies,
  };
}

/** What saving a scope rule would reclassify, per platform and move (`avant` → `apres`). */
export interface ApercuRegle {
  /** Formations evaluated (all of them). */
  readonly controlees: number;
  /** Distinct offers moved on at least one platform. */
  readonly offres: number;
  readonly mouvements: { plateforme: Plateforme; avant: string; apres: string; offres: number }[];
  /** Up to `exemples` moved offers, in formation id order. */
  readonly exemples: Reclassement[];
}

/**
 * Preview of creating (id null) or changing rule `id` (administrators): the real recomputation,
 * run over every formation with today's rules and with the changed set, nothing written. Throws
 * 404 for an unknown id, 403 for a non-administrator.
 */
export async function apercuRegle(
  ctx: AppContext,
  acteur: Acteur,
  id: number | null,
  v: RegleScopeInput,
  exemples = 10,
): Promise<ApercuRegle> {
  const valeur = normalizeRegle(acteur, v);
  const regles = await loadRegles(ctx.db);
  if (id !== null && !regles.some((r) => r.id === id)) throw notFound(`Règle de périmètre ${id}`);
  // A new rule gets the next id: it loses priority ties to every existing rule, as once saved.
  const nouvelId = Math.max(0, ...regles.map((r) => r.id)) + 1;
  const simulees =
    id === null
      ? [...regles, { ...valeur, id: nouvelId }]
      : regles.map((r) => (r.id === id ? { ...valeur, id } : r));
  const mouvements = new Map<string, ApercuRegle['mouvements'][number]>();
  const ids = new Set<string>();
  const liste: Reclassement[] = [];
  const { controlees } = await simulateRegles(ctx, simulees, (r) => {
    const k = `${r.plateforme}|${r.avant}|${r.apres}`;
    const m = mouvements.get(k) ?? { plateforme: r.plateforme, avant: r.avant, apres: r.apres, offres: 0 };
    mouvements.set(k, { ...m, offres: m.offres + 1 });
    ids.add(r.id);
    if (liste.length < exemples) liste.push(r);
  });
  return {
    controlees,
    offres: ids.size,
    mouvements: [...mouvements.values()].sort(
      (a, b) => a.plateforme.localeCompare(b.plateforme) || b.offres - a.offres,
    ),
    exemples: liste,
  };
}

export async function historiqueRegle(ctx: AppContext, id: number) {
  const rows = await regleHistorique(ctx.db, id);
  if (rows.length === 0) throw notFound(`Règle de périmètre ${id}`);
  return rows.map((r) => ({
    version: r.version,
    action: r.action,
    valeur: r.valeur,
    acteur: r.acteur,
    at: new Date(r.at).toISOString(),
  }));
}
