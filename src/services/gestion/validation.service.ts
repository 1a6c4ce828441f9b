import type { AppContext } from '../../context.ts';
import type { Executor } from '../../db/executor.ts';
import { aEteDiffusee } from '../../db/feed.repository.ts';
import {
  type FormationRow,
  findFormationRow,
  findOpenRevision,
  selectRegionsFormation,
} from '../../db/formation.repository.ts';
import {
  selectDernierRetour,
  selectFileValidation,
  selectHistoriqueDepuis,
} from '../../db/gestion.repository.ts';
import { listHistorique } from '../../db/historique.repository.ts';
import { isAdministrateur } from '../../domain/acces.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { type Change, diff } from '../../domain/diff.ts';
import { publieeHorsDiffusion } from '../../domain/diffusion.ts';
import { forbidden, formationIntrouvable, OffreError } from '../../domain/errors.ts';
import {
  type ComptesFile,
  countLignesFile,
  type DiffLu,
  type FiltresFile,
  facettes,
  filterFile,
  type LigneFile,
  mergeDiffs,
  readDiff,
} from '../../domain/file-validation.ts';
import { nomRegion } from '../../domain/geo.ts';
import { codesCertification, parEcriture } from '../../domain/historique.ts';
import type { IfMatch } from '../../domain/if-match.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { type RegleRetrait, retraitDeDiffusion } from '../../domain/retrait.ts';
import { avecAuteurs } from '../auteurs.service.ts';
import { notifyStructure, reveillerEnvoi } from '../comptes/courriel.service.ts';
import { controlesDeFormation } from '../conformite.service.ts';
import { intitulesCertifications } from '../espace.service.ts';
import { lisiblesPar } from '../formation.lisible.ts';
import { lockWritable, offreADecider, refusHorsPerimetre } from '../formation.service.ts';
import { renderFormations } from '../formation.view.ts';
import { getOrganisme } from '../organisme.service.ts';
import { revisionLue, transitionTx } from '../workflow.service.ts';
import { garderDecision, versionDeRevue } from './decision.garde.ts';

// The gestionnaire's validation queue (/gestion): what waits, the review of one offer, and the
// decisions (validate, return with a comment, validate unchanged re-publications at once), each
// announced to the organisme by e-mail and notification once committed.

/** The régions whose queue `acteur` sees: its own (gestionnaire), all (null: administrators, system). */
export function regionsDeGestion(acteur: Acteur): readonly string[] | null {
  if (isAdministrateur(acteur)) return null;
  if (acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire') return acteur.regions;
  throw forbidden('Réservé aux gestionnaires de région et aux administrateurs.');
}

/**
 * The names, in alphabetical order, of the régions of an offer (`regions`, INSEE codes: its live
 * sessions' and its open revision's) that are not among `miennes`, the gestionnaire's (null: an
 * administrator, who decides everywhere: none). Their gestionnaires may decide on it too, and the
 * first decision wins (docs/gestion.md): the review says so.
 */
export function regionsEnPlus(regions: readonly string[], miennes: readonly string[] | null): string[] {
  if (!miennes) return [];
  return regions
    .filter((r) => !miennes.includes(r))
    .map(nomRegion)
    .sort((a, b) => a.localeCompare(b, 'fr'));
}

const AFFICHEES = 200;

export interface FileValidation {
  /** The first 200 lines matching the filters, oldest first. */
  readonly lignes: readonly LigneFile[];
  /** Counts of the lines matching the filters, and of the whole queue. */
  readonly comptes: ComptesFile;
  readonly comptesTotal: ComptesFile;
  readonly facettes: ReturnType<typeof facettes>;
  readonly now: Date;
}

/** The queue of the actor's régions, filtered. Errors: 403 for anyone but gestionnaires and admins. */
export async function fileValidation(
  ctx: AppContext,
  acteur: Acteur,
  filtres: FiltresFile,
): Promise<FileValidation> {
  const toutes = await selectFileValidation(ctx.db, regionsDeGestion(acteur));
  const retenues = filterFile(toutes, filtres);
  return {
    lignes: retenues.slice(0, AFFICHEES),
    comptes: countLignesFile(retenues),
    comptesTotal: countLignesFile(toutes),
    facettes: facettes(toutes),
    now: ctx.now(),
  };
}

async function checkAcces(db: Executor, acteur: Acteur, id: string) {
  regionsDeGestion(acteur);
  // What it may not even see is unknown to it (404); what it sees outside its régions is refused
  // (403). A revision is also for the gestionnaires of the régions of its own sessions.
  const { row, dedans } = await offreADecider(db, acteur, id);
  // One it may not read but that exists in another région: 403 naming that région (README), on
  // the pages and the API alike; only an unknown or deleted offer is « introuvable ».
  if (!row) throw (await refusHorsPerimetre(db, acteur, id)) ?? formationIntrouvable();
  // Named by its title (it may read it), never its id (the address holds it), and by its régions.
  if (!dedans)
    throw (
      (await refusHorsPerimetre(db, acteur, id, row.intitule)) ??
      forbidden('Cette formation est hors de votre périmètre.')
    );
  return row;
}

/**
 * Everything a gestionnaire reads before deciding on one offer: the changes against the last
 * validated version (a pending revision's proposal; for a re-publication, the changes recorded
 * since the last validation; for a first publication, nothing to compare with), the rule results
 * with their evidence (a pending revision's as validating it would store it, beside the diffused
 * version's), the organisme's official facts, the history and the last return.
 * Errors: 403 outside the actor's régions, 404 unknown offer.
 */
export async function revueFormation(ctx: AppContext, acteur: Acteur, id: string) {
  const row = await checkAcces(ctx.db, acteur, id);
  const open = row.statut === 'publiee' ? await findOpenRevision(ctx.db, id) : undefined;
  // Independent reads, at once (the review reads the offer row and its open revision once).
  const [formation, revision, depuis, controles, organisme, historique, ligne, dernierRetour, regions] =
    await Promise.all([
      // The whole offer (the professional view), from the row already read.
      renderFormations(ctx.db, [row]).then((f) => f[0] ?? null),
      // The revision's changes from the row and revision already read (access checked above).
      open ? revisionLue(ctx.db, row, open, ctx.now(), lisiblesPar(ctx.db, acteur)) : null,
      !open && row.validee_at ? selectHistoriqueDepuis(ctx.db, id, new Date(row.validee_at)) : null,
      // A revision is checked as validating it would store it (revisionLue), beside the diffused version.
      open ? null : controlesDeFormation(ctx.db, id, ctx.now(), lisiblesPar(ctx.db, acteur)),
      // Its responsable in full: the reviewer reaches the offer naming it (checkAcces above).
      row.responsable_siret
        ? getOrganisme(ctx.db, row.responsable_siret, { kind: 'systeme', label: 'revue' }).catch(() => null)
        : null,
      // Each revision entry as what its write changed (domain/historique.ts).
      listHistorique(ctx.db, id).then((h) =>
        avecAuteurs(ctx.db, parEcriture(h.map((e) => ({ ...e, diff: e.diff as Change[] })))),
      ),
      selectFileValidation(ctx.db, null, [id]),
      retourEnCours(ctx.db, row, open),
      // Its sessions' and open revision's régions: each one's gestionnaires may decide (docs/gestion.md).
      selectRegionsFormation(ctx.db, id),
    ]);
  let changements: Change[] | null = null;
  let base: 'revision' | 'derniere_validation' | 'aucune' = 'aucune';
  if (revision) {
    changements = [...revision.diff];
    base = 'revision';
  } else if (depuis) {
    changements = mergeDiffs(depuis.map((h) => h.diff as Change[]));
    base = 'derniere_validation';
  } else if (formation) {
    // First publication: the whole content, as new.
    const { intitule, objectif, contenu, url, certification, responsable, formateur, mandataire } = formation;
    const { contacts, modalites, financeurs, sessions } = formation;
    const propose = { intitule, objectif, contenu, url, certification, responsable, formateur, mandataire };
    changements = diff({ sessions: [] }, { ...propose, contacts, modalites, financeurs, sessions });
  }
  // The certifications the changes name, by their titles in the reference data (RNCP, BCN).
  const [titres, dejaDiffusee] = await Promise.all([
    intitulesCertifications(ctx.db, codesCertification(changements ?? [])),
    publieeHorsDiffusion(row) ? aEteDiffusee(ctx.db, id) : true,
  ]);
  return {
    id,
    /** The version shown, carried back by the decision forms (decision.garde.ts). */
    version: versionDeRevue(row, open),
    statut: row.statut,
    revision: open
      ? { statut: open.statut, created_at: new Date(open.created_at), created_by: open.created_by }
      : null,
    enFile: ligne[0] ?? null,
    formation: formation!,
    base,
    diff: changements ? readDiff(changements) : null,
    /** The titles of the certifications `diff` names, by code (espace/historique.ts valeurHistorique). */
    titres,
    /** The results of the revision under review when there is one, else of the offer as stored. */
    controles: revision?.controles?.revision ?? controles ?? [],
    /** With a revision: the diffused version's results, and the failing codes it fixes or introduces. */
    controlesDiffusee: revision?.controles?.diffusee ?? null,
    ecarts: revision?.controles?.ecarts ?? null,
    organisme,
    historique: historique.map((h) => ({
      ...h,
      at: new Date(h.at),
      diff: h.diff as Change[],
    })),
    dernierRetour,
    /** The régions the offer concerns besides the reader's (regionsEnPlus). */
    autresRegions: regionsEnPlus(regions ?? [], regionsDeGestion(acteur)),
    /** The blocking rules that validating would make the diffused offer fail (confirmation asked). */
    retrait: retraitDeDiffusion(row, revision?.controles),
    /** Out of diffusion: whether it ever was diffused (« plus diffusée ») or never (« pas diffusée »). */
    dejaDiffusee,
    now: ctx.now(),
  };
}
export type RevueFormation = Awaited<ReturnType<typeof revueFormation>>;
export type { DiffLu };

/** The version a decision expects: a review form's `version`, or the API's `If-Match` (decision.garde.ts). */
export interface VersionAttendue {
  readonly version?: string;
  readonly siMatch?: IfMatch;
}

/**
 * Validates the offer or its pending revision; the organisme is told (e-mail and notification),
 * naming the validated version. A revision that would take the diffused offer out of diffusion
 * (`retraitDeDiffusion`) is validated only with `retraitConfirme`: else RETRAIT_A_CONFIRMER (409,
 * `details.regles`: the blocking rules, `champ` confirmer_retrait) and nothing changes. With
 * `version`/`siMatch`, refused unless the offer is still the version read (decision.garde.ts);
 * an offer that no longer waits for a decision: TRANSITION_INVALIDE saying who decided it.
 * Returns the offer and `informes`, how many of the organisme's active users were e-mailed: 0
 * when it has no user account (the page then promises no mail).
 */
export async function validateOffre(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  opts: { readonly retraitConfirme?: boolean } & VersionAttendue = {},
) {
  const row = await checkAcces(ctx.db, acteur, id);
  const now = ctx.now();
  const { r, envois } = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockWritable(trx, acteur, id, { revision: true });
    const open = await garderDecision(trx, locked, 'valider', opts);
    const regles = retraitDeDiffusion(
      locked,
      // Only the blocking rules count here: every neighbour (FORM_DOUBLON is an alerte).
      open ? (await revisionLue(trx, locked, open, now, null))?.controles : null,
    );
    if (regles.length && !opts.retraitConfirme)
      throw new OffreError(
        'RETRAIT_A_CONFIRMER',
        `Validée, cette révision retirerait l’offre de la diffusion (API, recherche publique, exports) : ${pluriel(regles.length, 'règle bloquante', 'règles bloquantes')} en échec (${[...new Set(regles.map((x) => x.code))].join(', ')}). Cochez la confirmation pour valider malgré tout, ou retournez-la à l’organisme.`,
        { champ: 'confirmer_retrait', regles },
        409,
      );
    // Confirmed: its history entry names the blocking rules (domain/historique.ts horsDiffusionDe).
    const r = await transitionTx(
      trx,
      acteur,
      id,
      'valider',
      now,
      null,
      regles.map((x) => x.code),
    );
    // The title of the version just validated (a revision may have changed it).
    const apres = await findFormationRow(trx, id);
    const intitule = apres?.intitule ?? locked.intitule;
    const horsDiffusion = await horsDiffusionApres(ctx, trx, id, regles);
    // Told in the same transaction (the outbox): a rolled-back validation announces nothing.
    const envois = await notifyStructure(ctx, trx, row.siren_proprietaire, {
      modele: 'offre_validee',
      formation: { id, intitule },
      ...horsDiffusion,
    });
    return { r, envois };
  });
  reveillerEnvoi(ctx);
  return { formation: r, informes: envois.length };
}

/**
 * What the validation e-mail says of diffusion once offer `id` is validated: nothing when it is
 * diffused; else the blocking rules that keep it out (`retrait`, confirmed, or those its stored
 * version fails: an offer validated Non réglementaire) and whether it ever was diffused
 * (domain/diffusion.ts nEstPasDiffusee: « plus » / « pas »).
 */
async function horsDiffusionApres(
  ctx: AppContext,
  db: Executor,
  id: string,
  retrait: readonly RegleRetrait[],
) {
  const apres = await findFormationRow(db, id);
  if (!apres || !publieeHorsDiffusion(apres)) return {};
  const [regles, dejaDiffusee] = await Promise.all([
    retrait.length
      ? retrait
      : controlesDeFormation(db, id, ctx.now(), null).then((c) =>
          c
            .filter((x) => x.resultat === 'echec' && x.severite === 'bloquant')
            .map((x) => ({ code: x.code, message: x.message })),
        ),
    aEteDiffusee(db, id),
  ]);
  return regles.length ? { horsDiffusion: regles, dejaDiffusee } : {};
}

/**
 * Returns the offer (or its revision) to the organisme with a mandatory comment, kept in the
 * history and on the offer: the organisme gets it by e-mail and in its "À corriger" tab
 * (`lastReturnComment`). Errors: COMMENTAIRE_REQUIS (champ commentaire), 403, 404, 409
 * (TRANSITION_INVALIDE when already decided, REVISION_MODIFIEE with a stale `version`), 412 (`siMatch`).
 * Returns the offer and `informes`, how many of the organisme's users were e-mailed (0: none to tell).
 */
export async function returnOffre(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  commentaire: string,
  attendue: VersionAttendue = {},
) {
  const row = await checkAcces(ctx.db, acteur, id);
  const motif = commentaire.trim();
  const { r, envois } = await ctx.db.transaction().execute(async (trx) => {
    const locked = await lockWritable(trx, acteur, id, { revision: true });
    const open = await garderDecision(trx, locked, 'retourner', attendue);
    const r = await transitionTx(trx, acteur, id, 'retourner', ctx.now(), motif);
    // The returned version's title: the revision's when a revision is returned.
    const propose = (open?.payload as { intitule?: string | null } | undefined)?.intitule;
    // A returned revision of an offer out of diffusion: its published version is not said to stay diffused.
    const horsDiffusion =
      open && publieeHorsDiffusion(row) ? { dejaDiffusee: await aEteDiffusee(trx, id) } : null;
    // Told in the same transaction (the outbox): a rolled-back return announces nothing.
    const envois = await notifyStructure(ctx, trx, row.siren_proprietaire, {
      modele: 'offre_a_corriger',
      formation: { id, intitule: propose ?? locked.intitule },
      commentaire: motif,
      ...(open ? { revision: true } : {}),
      ...(horsDiffusion ? { horsDiffusion } : {}),
    });
    return { r, envois };
  });
  reveillerEnvoi(ctx);
  return { formation: r, informes: envois.length };
}

/**
 * Validates at once the given offers that are unchanged re-publications of the actor's queue
 * (the others are left alone and counted). Each is its own transaction and its own e-mail;
 * `sansUtilisateur`: how many of the validated offers had nobody to e-mail (no user account).
 */
export async function validateInchangees(
  ctx: AppContext,
  acteur: Acteur,
  ids: readonly string[],
): Promise<{ validees: string[]; ignorees: number; sansUtilisateur: number }> {
  if (ids.length === 0)
    throw new OffreError('SELECTION_VIDE', 'Cochez au moins une formation à valider.', { champ: 'ids' });
  const lignes = await selectFileValidation(ctx.db, regionsDeGestion(acteur), [...new Set(ids)]);
  const validees: string[] = [];
  let sansUtilisateur = 0;
  for (const l of lignes.filter((x) => x.inchangee)) {
    const { informes } = await validateOffre(ctx, acteur, l.id);
    validees.push(l.id);
    if (informes === 0) sansUtilisateur++;
  }
  return { validees, ignorees: ids.length - validees.length, sansUtilisateur };
}

/** The comment of a gestionnaire's return, as the organisme reads it in its "À corriger" tab. */
export interface RetourGestionnaire {
  readonly commentaire: string;
  readonly at: Date;
  /** Who returned it (history label, e.g. `utilisateur:gestion@region.fr`). */
  readonly par: string;
  /** True when a published offer's revision was returned (the diffused version stays online). */
  readonly revision: boolean;
}

/**
 * The comment of the last return of formation `formationId` while it is still to be corrected
 * (the offer is `a_corriger`, or its revision is), else null. No access check: the caller shows it
 * to the offer's organisme or a gestionnaire it already checked.
 */
export async function lastReturnComment(
  db: Executor,
  formationId: string,
): Promise<RetourGestionnaire | null> {
  const row = await findFormationRow(db, formationId);
  if (!row) return null;
  const open = row.statut === 'publiee' ? await findOpenRevision(db, formationId) : undefined;
  return retourEnCours(db, row, open);
}

/** `lastReturnComment` on the offer's row and open revision already read. */
async function retourEnCours(
  db: Executor,
  row: FormationRow,
  open: Awaited<ReturnType<typeof findOpenRevision>> | undefined,
): Promise<RetourGestionnaire | null> {
  const formationId = row.id;
  if (row.statut !== 'a_corriger' && open?.statut !== 'a_corriger') return null;
  // The comment is the offer's (or its revision's) state, as the organisation's tab reads it; the
  // history says who returned it and when.
  const commentaire = row.statut === 'a_corriger' ? row.commentaire_gestionnaire : open?.commentaire;
  if (!commentaire) return null;
  const h = await selectDernierRetour(db, formationId);
  if (!h) return null;
  return { commentaire, at: new Date(h.at), par: h.acteur, revision: h.action === 'revision_retournee' };
}
