import type { AppContext } from '../context.ts';
import {
  type CertificationTrouvee,
  type CommuneTrouvee,
  commentairesRevisions,
  countAlertes,
  countCertifications,
  countEspace,
  countRevisionsOuvertes,
  diplomesTrouves,
  etablissementsDe,
  findDoublons,
  liensCertifications,
  listOnglet,
  nomsDesSirens,
  nomsOrganismes,
  searchCertifications,
  selectCertifications,
  siretsSelonSirene,
} from '../db/espace.repository.ts';
import type { Executor } from '../db/executor.ts';
import { aEteDiffusee } from '../db/feed.repository.ts';
import {
  type FormationRow,
  findFormationRow,
  findOpenRevision,
  listFormationRows,
  selectRegionsFormation,
} from '../db/formation.repository.ts';
import { listHistorique } from '../db/historique.repository.ts';
import { corrections } from '../db/recherche.repository.ts';
import { loadRuns } from '../db/referentiel-facts.repository.ts';
import { perimetreOf, sirenLie } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { type CodeAbsent, codeCertificationComplet } from '../domain/certification-absente.ts';
import { certificationFinie, expireeOuFermee } from '../domain/certification-choix.ts';
import {
  type Appariement,
  apparierCertification,
  type CertificationChoisie,
  type PaireCertification,
} from '../domain/certification-paire.ts';
import { obligatoiresPerdus } from '../domain/champs-obligatoires.ts';
import { contactsSansNom } from '../domain/contact-nom.ts';
import { pageCursor } from '../domain/cursor.ts';
import { publieeHorsDiffusion } from '../domain/diffusion.ts';
import { erreurChamp } from '../domain/erreur-champ.ts';
import { notFound, OffreError } from '../domain/errors.ts';
import {
  type MandataireEtranger,
  mandataireEtranger,
  mandataireSien,
  SEUL_LE_TITULAIRE,
} from '../domain/formation.ecriture.ts';
import {
  type Formation,
  type FormationInput,
  FormationInputSchema,
  FormationStockeeSchema,
  type SessionInput,
  STATUTS,
  type Statut,
} from '../domain/formation.schema.ts';
import { nextSnapshot, snapshotToInput } from '../domain/formation.snapshot.ts';
import { codesCertification } from '../domain/historique.ts';
import {
  isValidSiret,
  messageSiretInvalide,
  organismeLisible,
  sansEspaces,
  siretLisible,
} from '../domain/identifiants.ts';
import { type IssueZod, lireIssue } from '../domain/issue-zod.ts';
import { isAPublier, PLATEFORMES, type Plateforme } from '../domain/plateforme.ts';
import { problemeDuFormulaire } from '../domain/probleme-formulaire.ts';
import { champsManquants, type ManquantRevision } from '../domain/publication.ts';
import { normaliser } from '../domain/recherche.ts';
import { corrigerRegle } from '../domain/regles/regles.help.ts';
import { LIBELLE_STATUT } from '../domain/statut.ts';
import { FINANCEURS_PUBLICS, isConventionnee } from '../domain/type-offre.ts';
import { formationArchivee, formationSupprimee } from '../domain/workflow.ts';
import { controlesDeFormation } from './conformite.service.ts';
import { cleCurseurs } from './curseur.cle.ts';
import { avecDecideurs, type DerniereDecision, dernieresDecisions } from './decisions-plateformes.service.ts';
import { noterFormation, prendreJeton } from './espace-envoi.ts';
import { garderVersion, versionFormulaire } from './espace-version.ts';
import { historiqueLu } from './feed.service.ts';
import { lisiblesPar } from './formation.lisible.ts';
import { etablissementsInventes, lockWritable, writeFormation } from './formation.service.ts';
import { loadSnapshot, renderFormations } from './formation.view.ts';
import { fermeturesCourantes } from './plateforme.service.ts';
import { revisionLue, transitionTx } from './workflow.service.ts';

// The organisation's space (/espace, docs/espace.md): one SIREN's offers, the formation form, its
// "Publier" and the history (sessions: espace-sessions.service.ts) — on the formation and workflow services, for a user of
// role `organisme` (a gestionnaire or an administrator would see their own perimeter). Every
// function checks access first: an offer outside the actor's perimeter is "introuvable" (404).

/** A field error of a form: `champ` is the field's path (`intitule`, `modalites.duree_annees`, `debut`…). */
export interface ErreurSaisie {
  readonly champ: string;
  readonly message: string;
  /** The error's stable code when it has one (CERTIFICATION_NON_CHOISIE), shown after its message. */
  readonly code?: string;
}

/** Thrown when a form's input is refused: every error at once, each naming its field (400). */
export const saisieInvalide = (erreurs: readonly ErreurSaisie[], extra: Record<string, unknown> = {}) =>
  new OffreError(
    'SAISIE_INVALIDE',
    erreurs.length === 1 ? erreurs[0]!.message : `${erreurs.length} champs sont à corriger.`,
    { erreurs, ...extra },
    400,
  );

// ---- the list ----------------------------------------------------------------------------

export interface CompteursEspace {
  readonly total: number;
  /** Offers (not deleted) with at least one failing rule. */
  readonly alertes: number;
  /** Per statut; « à corriger » and « en attente de validation » count the published offers whose revision is so too. */
  readonly statut: Readonly<Record<Statut, number>>;
  /** Of `statut`'s « à corriger » and « en attente de validation »: the revisions of published offers (also in `publiee`). */
  readonly revisions: Readonly<Record<'a_corriger' | 'en_attente_validation', number>>;
  /** Catalogue verdict: général, non réglementaire, or not computed yet (`inconnu`). */
  readonly catalogue: Readonly<Record<'general' | 'non_reglementaire' | 'inconnu', number>>;
}

function perimetre(acteur: Acteur) {
  const p = perimetreOf(acteur);
  if (!p) throw notFound('Formation');
  return p;
}

/**
 * The count a tab of the space's list shows (`onglet`: a statut, the alerts, or every offer): « 3 »,
 * or for a revision's tab « 3, dont 1 révision d’offre publiée ». A published offer whose revision
 * is submitted or returned is in two tabs (« Publiées » and the revision's): the revision's tab
 * says how many of its offers are such revisions, so that the tabs read against « Mes
 * formations », which counts each offer once.
 */
export function compteOnglet(
  c: CompteursEspace,
  onglet: { readonly statut?: Statut; readonly alertes?: true },
): string {
  if (onglet.alertes) return String(c.alertes);
  if (!onglet.statut) return String(c.total);
  const s = onglet.statut;
  const r = s === 'a_corriger' || s === 'en_attente_validation' ? c.revisions[s] : 0;
  return `${c.statut[s]}${r ? `, dont ${r} révision${r > 1 ? 's' : ''} d’offre publiée` : ''}`;
}

/** How many offers of the actor's SIREN by statut and by catalogue verdict (deleted ones counted apart). */
export async function compteursEspace(db: Executor, acteur: Acteur): Promise<CompteursEspace> {
  const siren = sirenLie(acteur);
  const [rows, alertes, revisions] = siren
    ? await Promise.all([countEspace(db, siren), countAlertes(db, siren), countRevisionsOuvertes(db, siren)])
    : [[], 0, { a_corriger: 0, en_attente_validation: 0 }];
  const statut = Object.fromEntries(STATUTS.map((s) => [s, 0])) as Record<Statut, number>;
  const catalogue = { general: 0, non_reglementaire: 0, inconnu: 0 };
  let total = 0;
  for (const r of rows) {
    statut[r.statut] = (statut[r.statut] ?? 0) + r.n;
    if (r.statut === 'supprimee') continue;
    total += r.n;
    const k = r.catalogue === 'general' || r.catalogue === 'non_reglementaire' ? r.catalogue : 'inconnu';
    catalogue[k] += r.n;
  }
  // A published offer whose revision was returned is also "à corriger"; whose revision is
  // submitted, also "en attente de validation" (its tab lists it).
  statut.a_corriger += revisions.a_corriger;
  statut.en_attente_validation += revisions.en_attente_validation;
  return { total, alertes, statut, revisions, catalogue };
}

export interface FiltresEspace {
  readonly statut?: Statut;
  /** Only the offers with a failing rule (the "Alertes" tab). */
  readonly alertes?: boolean;
  readonly catalogue?: 'general' | 'non_reglementaire';
  readonly q?: string;
}

export interface LigneEspace {
  readonly formation: Formation;
  /** The gestionnaire's comment when the offer (or its revision) was returned "à corriger". */
  readonly commentaire: string | null;
  /** A published offer whose pending revision was returned "à corriger". */
  readonly revisionACorriger: boolean;
}

/**
 * One page (by id, `limit` rows) of the actor's own offers; without a statut filter, deleted ones
 * stay out. `cursor` is the `suivante` of the previous page (CURSEUR_INVALIDE otherwise).
 */
export async function listEspace(
  db: Executor,
  acteur: Acteur,
  filtres: FiltresEspace,
  page: { cursor?: string; limit: number },
): Promise<{ lignes: LigneEspace[]; suivante: string | null }> {
  const cle = await cleCurseurs(db);
  const after = page.cursor ? pageCursor.decode(page.cursor, cle, 'page') : null;
  const rows: FormationRow[] = [];
  // Deleted offers have their own tab: a few more rows are read to fill the page without them.
  for (let cursor = after; rows.length <= page.limit; ) {
    const f = { statut: filtres.statut, catalogue: filtres.catalogue, q: filtres.q };
    const onglet = filtres.alertes
      ? 'alertes'
      : filtres.statut === 'a_corriger' || filtres.statut === 'en_attente_validation'
        ? filtres.statut
        : null;
    const batch = onglet
      ? await listOnglet(db, perimetre(acteur), f, onglet, cursor, page.limit + 1)
      : await listFormationRows(db, perimetre(acteur), f, cursor, page.limit + 1);
    rows.push(...batch.filter((r) => filtres.statut || r.statut !== 'supprimee'));
    if (batch.length <= page.limit) break;
    cursor = batch[batch.length - 1]!.id;
  }
  const pageRows = rows.slice(0, page.limit);
  const [formations, revisions] = await Promise.all([
    renderFormations(db, pageRows),
    commentairesRevisions(
      db,
      pageRows.filter((r) => r.statut === 'publiee').map((r) => r.id),
    ),
  ]);
  return {
    lignes: formations.map((formation, i) => ({
      formation,
      commentaire:
        pageRows[i]!.statut === 'a_corriger'
          ? pageRows[i]!.commentaire_gestionnaire
          : (revisions.get(pageRows[i]!.id) ?? null),
      revisionACorriger: revisions.has(pageRows[i]!.id),
    })),
    suivante: rows.length > page.limit ? pageCursor.encode(pageRows[pageRows.length - 1]!.id, cle) : null,
  };
}

// ---- one formation -----------------------------------------------------------------------

/** The offer `id` if it is in the actor's perimeter (404 otherwise, its message not echoing `id`). */
export async function rowDe(db: Executor, acteur: Acteur, id: string): Promise<FormationRow> {
  const row = await findFormationRow(db, id, { visibleTo: perimetre(acteur) });
  if (!row)
    throw new OffreError(
      'INTROUVABLE',
      'Cette formation n’existe pas ou n’est pas dans l’offre de votre structure.',
      {},
      404,
    );
  return row;
}

/**
 * The offer `id` if its forms may be sent (the formation's, its sessions'): refused with
 * FORMATION_ARCHIVEE (409) when archived, whatever the form holds — its page shows no form, an
 * archived offer is changed by no door until published again (domain/workflow.ts) — and
 * FORMATION_SUPPRIMEE (409) when deleted (a gestionnaire restores it). 404 outside the actor's
 * perimeter, first.
 */
export async function rowModifiable(db: Executor, acteur: Acteur, id: string): Promise<FormationRow> {
  const row = await rowDe(db, acteur, id);
  if (row.statut === 'archivee')
    throw formationArchivee({ id: row.id, intitule: row.intitule }, { sansReference: true });
  if (row.statut === 'supprimee') throw formationSupprimee({ id: row.id, intitule: row.intitule });
  return row;
}

export interface FicheEspace {
  readonly id: string;
  readonly statut: Statut;
  /** Validated once by a gestionnaire (formation.validee_at): never « a draft never published ». */
  readonly validee: boolean;
  /** What the form edits: the pending revision of a published offer, else the offer itself. */
  readonly saisie: FormationInput;
  /** Sessions already diffused (their dates are frozen). */
  readonly diffusees: ReadonlySet<string>;
  /** The stored offer as the API returns it (conformity of the diffused version included). */
  readonly formation: Formation;
  readonly commentaire: string | null;
  readonly revision: { statut: string; commentaire: string | null } | null;
  /** Sessions of the published version the open revision retires (« Remettre la session »). */
  readonly retirees: readonly SessionInput[];
  /** The version its forms carry back (hidden `version`, espace-version.ts): a stale one is refused. */
  readonly version: string;
  /** The raison sociale of the responsable, formateur and mandataire the form holds (by SIRET), when known. */
  readonly organismes: ReadonlyMap<string, string>;
}

/** What the form edits (the pending revision of a published offer, else the offer), with its context. */
export async function saisieDe(db: Executor, row: FormationRow) {
  const { snap, diffusees } = await loadSnapshot(db, row);
  const open = row.statut === 'publiee' ? await findOpenRevision(db, row.id) : undefined;
  const saisie = open
    ? (FormationStockeeSchema.parse(open.payload) as FormationInput)
    : snapshotToInput(snap);
  return { snap, diffusees, open, saisie };
}

/**
 * The sessions of the published version that the open revision `saisie` leaves out (retired:
 * archived, or dropped if never diffused, once it is validated), in the published order.
 */
export function sessionsRetirees(
  publiee: Pick<FormationInput, 'sessions'>,
  saisie: Pick<FormationInput, 'sessions'>,
): SessionInput[] {
  const gardees = new Set(saisie.sessions.map((s) => s.id));
  return publiee.sessions.filter((s) => !gardees.has(s.id));
}

/** The formation page's content: 404 outside the actor's perimeter. */
export async function ficheEspace(db: Executor, acteur: Acteur, id: string): Promise<FicheEspace> {
  const row = await rowDe(db, acteur, id);
  return ficheDe(db, row, await saisieDe(db, row));
}

/** ficheEspace of `row`, its form's content `lu` already read (saisieDe). */
async function ficheDe(
  db: Executor,
  row: FormationRow,
  { snap, diffusees, open, saisie }: Awaited<ReturnType<typeof saisieDe>>,
): Promise<FicheEspace> {
  const id = row.id;
  const [[formation], organismes] = await Promise.all([
    renderFormations(db, [row]),
    nomsOrganismes(
      db,
      [saisie.responsable?.siret, saisie.formateur?.siret, saisie.mandataire?.siret].filter(
        (s): s is string => !!s,
      ),
    ),
  ]);
  return {
    id,
    statut: row.statut,
    validee: !!row.validee_at,
    saisie,
    diffusees,
    formation: formation!,
    commentaire: row.commentaire_gestionnaire,
    revision: open ? { statut: open.statut, commentaire: open.commentaire } : null,
    retirees: open ? sessionsRetirees(snapshotToInput(snap), saisie) : [],
    version: versionFormulaire(row, open),
    organismes,
  };
}

export interface ReglesEspace {
  /** Failing rules (live) with evidence and how to fix them (docs/regles.md). */
  readonly echecs: readonly (Awaited<ReturnType<typeof controlesDeFormation>>[number] & {
    corriger: string | null;
  })[];
  readonly catalogue: string | null;
  readonly certifiee: boolean | null;
  /** Parcoursup and Affelnet: status and, when not publishable, why. */
  readonly plateformes: readonly {
    plateforme: Plateforme;
    statut: string;
    raisons: string[];
    /** The latest instructeur decision or platform return, with who, when and why (null: none). */
    derniere: DerniereDecision | null;
  }[];
  /**
   * A published offer's pending (or returned) revision: its results as validating it would store
   * them — what the gestionnaire reviews (workflow.service.ts revisionLue); the fields above stay
   * the diffused version's. Null without an open revision.
   */
  readonly revision: {
    readonly statut: string;
    readonly echecs: ReglesEspace['echecs'];
    readonly catalogue: 'general' | 'non_reglementaire';
    readonly certifiee: boolean;
  } | null;
}

/**
 * The rules at entry: every failing rule with its evidence and fix, the catalogue verdict, the
 * "Certifiée" tag, and each platform's status with the missing requirement when not publishable
 * (the conditions of conformite.service: published, Catalogue général, no platform rule failing,
 * inside a scope rule of the platform). From offer `offre` as read once for its page (lireOffre).
 */
async function reglesDe(ctx: AppContext, acteur: Acteur, offre: OffreLue): Promise<ReglesEspace> {
  const { row, lu, entrees } = offre;
  const { id } = row;
  const open = lu.open;
  const [resultats, lue, decisions] = await Promise.all([
    controlesDeFormation(ctx.db, id, ctx.now(), lisiblesPar(ctx.db, acteur)),
    open ? revisionLue(ctx.db, row, open, ctx.now(), lisiblesPar(ctx.db, acteur), lu) : null,
    dernieresDecisions(ctx.db, id, entrees),
  ]);
  const enEchec = (rs: typeof resultats) =>
    rs.filter((r) => r.resultat === 'echec').map((r) => ({ ...r, corriger: corrigerRegle(r.code, r.champ) }));
  const echecs = enEchec(resultats);
  const controles = lue?.controles;
  const fermetures = await fermeturesCourantes(ctx.db, ctx.now());
  const raisons = (statut: string, p: Plateforme) => {
    // Affelnet closed for the campaign: the offer stays « à publier » (domain/campagne.ts).
    if (isAPublier(statut) && fermetures[p]) return [fermetures[p]];
    if (statut !== 'non_publiable') return [];
    // Published once, then withdrawn: the one reason (the others follow from it).
    if (row.statut === 'archivee') return ['l’offre est archivée'];
    const out: string[] = [];
    if (row.statut !== 'publiee') out.push('l’offre n’est pas encore publiée (validée par un gestionnaire)');
    if (row.catalogue !== 'general')
      out.push('l’offre n’est pas au Catalogue général (une règle bloquante est en échec)');
    for (const e of echecs.filter((x) => x.severite === 'plateforme')) out.push(e.message);
    if (!out.length)
      out.push('l’offre n’entre dans aucune règle de périmètre de la plateforme (niveau, diplôme, année)');
    return out;
  };
  return {
    echecs,
    catalogue: row.catalogue,
    certifiee: row.certifiee,
    plateformes: PLATEFORMES.map((p) => ({
      plateforme: p,
      statut: row[p],
      raisons: raisons(row[p], p),
      derniere: decisions[p],
    })),
    revision:
      open && controles
        ? {
            statut: open.statut,
            echecs: enEchec(controles.revision),
            catalogue: controles.verdict.catalogue,
            certifiee: controles.verdict.certifiee,
          }
        : null,
  };
}

/**
 * Who changed what and when (oldest first); a Parcoursup or Affelnet decision carries `par`, who
 * decided as the organisme is told (decisions-plateformes.service.ts).
 */
function historiqueDe(db: Executor, acteur: Acteur, { row, entrees }: OffreLue) {
  return avecDecideurs(db, row.id, historiqueLu(acteur, row.siren_proprietaire, entrees));
}

/** The history of an offer as its pages show it (historiqueDe). */
export type HistoriqueEspace = Awaited<ReturnType<typeof historiqueDe>>;

/** An offer as its pages read it: its row, its form's content (saisieDe) and its history rows. */
interface OffreLue {
  readonly row: FormationRow;
  readonly lu: Awaited<ReturnType<typeof saisieDe>>;
  readonly entrees: Awaited<ReturnType<typeof listHistorique>>;
}

/**
 * Offer `id` read once for one page (404 outside the actor's perimeter). The history is read
 * before the offer: a write between the two reads is listed again by the next refusal of the
 * version shown (espace/version.tsx changementsDepuis), never missed. Read before the access
 * check, it is shown only after it.
 */
async function lireOffre(db: Executor, acteur: Acteur, id: string): Promise<OffreLue> {
  const entrees = await listHistorique(db, id);
  const row = await rowDe(db, acteur, id);
  return { row, lu: await saisieDe(db, row), entrees };
}

/**
 * The titles of the certifications a page names (intitulesCertifications, one statement): those
 * of the history's changes, of the offer's form and of `codes`.
 */
function titresDe(
  db: Executor,
  fiche: FicheEspace,
  historique: HistoriqueEspace,
  codes: readonly (string | null | undefined)[],
) {
  const c = fiche.saisie.certification;
  return intitulesCertifications(db, [
    ...codesCertification(historique.flatMap((h) => h.diff)),
    c?.rncp ?? c?.cfd,
    ...codes,
  ]);
}

/** What an offer's pages show of it, each thing read once (formationEspace, historiqueEspace). */
export interface FormationEspace {
  readonly fiche: FicheEspace;
  readonly historique: HistoriqueEspace;
  /** Certification code (upper case) → its title, for the history's and the form's codes. */
  readonly titres: ReadonlyMap<string, string>;
  /**
   * An offer out of diffusion (domain/diffusion.ts publieeHorsDiffusion): whether it was ever
   * diffused (« plus diffusée », « de nouveau diffusée ») or never (« pas diffusée »,
   * « sera diffusée »). True for any other offer (not asked).
   */
  readonly dejaDiffusee?: boolean;
}

/**
 * The formation page and « Relire avant publication » of offer `id`: its content, its rules and
 * its history, each read once; `titres` also names `codes` (a certification typed in the form).
 * 404 outside the actor's perimeter.
 */
export async function formationEspace(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  codes: readonly (string | null | undefined)[] = [],
): Promise<FormationEspace & { readonly regles: ReglesEspace }> {
  const offre = await lireOffre(ctx.db, acteur, id);
  const [fiche, regles, historique, dejaDiffusee] = await Promise.all([
    ficheDe(ctx.db, offre.row, offre.lu),
    reglesDe(ctx, acteur, offre),
    historiqueDe(ctx.db, acteur, offre),
    publieeHorsDiffusion(offre.row) ? aEteDiffusee(ctx.db, id) : true,
  ]);
  return {
    fiche,
    regles,
    historique,
    titres: await titresDe(ctx.db, fiche, historique, codes),
    dejaDiffusee,
  };
}

/** The history page of offer `id`: its content and history, each read once (404 outside the perimeter). */
export async function historiqueEspace(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
): Promise<FormationEspace> {
  const offre = await lireOffre(ctx.db, acteur, id);
  const [fiche, historique] = await Promise.all([
    ficheDe(ctx.db, offre.row, offre.lu),
    historiqueDe(ctx.db, acteur, offre),
  ]);
  return { fiche, historique, titres: await titresDe(ctx.db, fiche, historique, []) };
}

// ---- the formation form ------------------------------------------------------------------

/** What the formation form edits: the offer without its sessions and import-only fields. */
export type FicheSaisie = Pick<
  FormationInput,
  'intitule' | 'objectif' | 'contenu' | 'url' | 'certification' | 'contacts' | 'modalites'
> & {
  responsable: { siret?: string | null } | null;
  formateur: { siret?: string | null } | null;
  /**
   * The mandataire of a conventionné action (one of the user's establishments, or null: « aucun »);
   * undefined: the form did not carry it (the stored one is kept).
   */
  mandataire?: { siret?: string | null } | null;
  /** The public funders ticked (region, france_travail, agefiph); undefined: the stored ones kept. */
  financeurs?: readonly string[];
};

// The forms' one wording of a field error lives in the domain (the account forms use it too).
export { erreurChamp };

/** `v` parsed by `schema`, or SAISIE_INVALIDE naming each field by its label (erreurChamp). */
export function valider<T>(
  schema: {
    safeParse(
      v: unknown,
      params?: { reportInput?: boolean },
    ): { success: true; data: T } | { success: false; error: { issues: readonly IssueZod[] } };
  },
  v: unknown,
  libelles: Readonly<Record<string, string>>,
): T {
  // With each refused value (`input`), to say how long a text too long is.
  const r = schema.safeParse(v, { reportInput: true });
  if (r.success) return r.data;
  throw saisieInvalide(
    r.error.issues.map((i) => {
      const l = lireIssue(i);
      return {
        champ: l.chemin,
        message: erreurChamp(libelleChamp(l.chemin, libelles), problemeDuFormulaire(l)),
      };
    }),
  );
}

/** Field labels of the formation form, for messages. */
export const LIBELLES_FICHE: Readonly<Record<string, string>> = {
  intitule: 'Intitulé',
  objectif: 'Objectif',
  contenu: 'Contenu',
  url: 'Lien web',
  'responsable.siret': 'Organisme responsable',
  'formateur.siret': 'Organisme formateur',
  'mandataire.siret': 'Mandataire',
  financeurs: 'Financeur public de l’action',
  'modalites.duree_annees': 'Durée du cursus',
};

/** Labels of the last part of a field path not named in a form's table (contacts, places). */
const LIBELLES_FEUILLES: Readonly<Record<string, string>> = {
  nom: 'Nom',
  telephone: 'Téléphone',
  courriel: 'Courriel',
  type: 'Type',
  adresse: 'Adresse',
  code_postal: 'Code postal',
  commune: 'Commune',
  cedex: 'Cedex',
};

/**
 * The label a user reads for the field at `champ` (a Zod path such as `contacts.0.telephone`):
 * the form's own label, else « Téléphone du contact 1 » for a list item, else the last part in
 * words — never the internal path.
 */
export function libelleChamp(champ: string, libelles: Readonly<Record<string, string>>): string {
  const propre = libelles[champ];
  if (propre) return propre;
  const parts = champ.split('.');
  const feuille = parts.at(-1) ?? champ;
  const mot =
    LIBELLES_FEUILLES[feuille] ?? `${feuille.charAt(0).toUpperCase()}${feuille.slice(1).replace(/_/g, ' ')}`;
  const rang = parts.length >= 3 && /^\d+$/.test(parts.at(-2) ?? '') ? Number(parts.at(-2)) + 1 : null;
  const parent = rang !== null ? parts.at(-3) : parts.length >= 2 ? parts.at(-2) : null;
  if (parent === 'contacts' || parent === 'contact')
    return `${mot} du contact${rang !== null ? ` ${rang}` : ''}`;
  if (parent === 'lieu') return `${mot} du lieu`;
  return mot;
}

/**
 * The organismes of the form: well-formed SIRETs; the mandataire only on a conventionné action
 * (`conventionnee`: a public funder on the action or one of its sessions); the responsable and
 * formateur of the user's structure, unless the action is entered under its mandataire, whose
 * co-contractors may be any establishment (checked against Sirene by saveFiche).
 */
function checkOrganismes(acteur: Acteur, f: FicheSaisie, conventionnee: boolean): ErreurSaisie[] {
  const own = sirenLie(acteur);
  const out: ErreurSaisie[] = [];
  const mandataire = sansEspaces(f.mandataire?.siret);
  if (mandataire) {
    const champ = 'mandataire.siret';
    if (!isValidSiret(mandataire))
      out.push({ champ, message: erreurChamp('Mandataire', messageSiretInvalide(mandataire)) });
    else if (!conventionnee)
      out.push({
        champ,
        message: erreurChamp(
          'Mandataire',
          'une action n’a de mandataire que si elle est conventionnée : cochez son financeur public (Région, France Travail, Agefiph), ou choisissez « Aucun »',
        ),
      });
  }
  const sousMandat = conventionnee && mandataireSien(acteur, f.mandataire) !== null;
  for (const [role, libelle] of [
    ['responsable', 'Organisme responsable'],
    ['formateur', 'Organisme formateur'],
  ] as const) {
    const siret = sansEspaces(f[role]?.siret);
    if (!siret) continue;
    const champ = `${role}.siret`;
    if (!isValidSiret(siret)) out.push({ champ, message: erreurChamp(libelle, messageSiretInvalide(siret)) });
    else if (own && siret.slice(0, 9) !== own && !sousMandat)
      out.push({
        champ,
        message: erreurChamp(
          libelle,
          `le SIREN ${siret.slice(0, 9)} n’est pas celui de votre structure (SIREN ${own}) : un gestionnaire de votre région doit ajouter cet établissement pour vous — ou, pour une action conventionnée dont vous êtes le mandataire, choisissez le mandataire et son financeur public`,
        ),
      });
  }
  return out;
}

/**
 * The responsable and formateur of another structure (a mandataire's co-contractors) newly typed
 * (not those `base` already stores) that the loaded Sirene does not know, or knows as closed, as
 * field errors; none when Sirene was never imported. A closed one is what the rule ORG_SIRET_FERME
 * (bloquant: the offer would not be diffused) finds after the save: the form says it at once, as a
 * refusal on the field, like an unknown one.
 */
async function coTraitantsSelonSirene(
  db: Executor,
  acteur: Acteur,
  f: FicheSaisie,
  base: FormationInput | null,
): Promise<ErreurSaisie[]> {
  const own = sirenLie(acteur);
  if (!own) return [];
  const roles = (
    [
      ['responsable', 'Organisme responsable'],
      ['formateur', 'Organisme formateur'],
    ] as const
  )
    .map(([role, libelle]) => ({ role, libelle, siret: sansEspaces(f[role]?.siret) ?? '' }))
    .filter(
      (r) =>
        r.siret &&
        isValidSiret(r.siret) &&
        r.siret.slice(0, 9) !== own &&
        r.siret !== sansEspaces(base?.[r.role]?.siret),
    );
  const sirene = await siretsSelonSirene(db, [...new Set(roles.map((r) => r.siret))]);
  if (!sirene) return [];
  const fermes = new Map(sirene.fermes.map((e) => [e.siret, e.nom]));
  return roles.flatMap((r) => {
    const champ = `${r.role}.siret`;
    if (sirene.absents.includes(r.siret))
      return [
        {
          champ,
          message: erreurChamp(
            r.libelle,
            `le SIRET ${siretLisible(r.siret)} est absent des données Sirene chargées : vérifiez-le sur l’avis de situation Sirene de l’établissement (annuaire-entreprises.data.gouv.fr)`,
          ),
        },
      ];
    if (fermes.has(r.siret))
      return [
        {
          champ,
          message: erreurChamp(
            r.libelle,
            `l’établissement ${organismeLisible(r.siret, fermes.get(r.siret))} est fermé selon Sirene : indiquez le SIRET de l’établissement actif qui porte la formation (une offre qui le garde n’est pas diffusée, règle ORG_SIRET_FERME)`,
          ),
        },
      ];
    return [];
  });
}

/**
 * `input` with its co-contractors (responsable, formateur of another structure) named as Offre
 * knows them (Sirene, the DGEFP list…) when the form gave only their SIRET: an establishment new
 * to Offre is then created with its raison sociale, which the public page and the API show.
 */
async function nommerCoTraitants(
  db: Executor,
  acteur: Acteur,
  input: FormationInput,
): Promise<FormationInput> {
  const own = sirenLie(acteur);
  const sansNom = (o: FormationInput['responsable']) =>
    !!own && !!o?.siret && o.siret.slice(0, 9) !== own && !o.raison_sociale;
  const aNommer = [input.responsable, input.formateur].filter(sansNom).map((o) => o!.siret!);
  if (!aNommer.length) return input;
  const noms = await nomsOrganismes(db, aNommer);
  const nomme = (o: FormationInput['responsable']) =>
    sansNom(o) && noms.get(o!.siret!) ? { ...o, raison_sociale: noms.get(o!.siret!)! } : o;
  return { ...input, responsable: nomme(input.responsable), formateur: nomme(input.formateur) };
}

export interface Doublon {
  readonly id: string;
  readonly intitule: string | null;
  readonly statut: string;
}

/** Offers of the same SIREN with the same certification, responsable and formateur. */
export async function doublonsProbables(
  db: Executor,
  acteur: Acteur,
  f: FicheSaisie,
  sauf?: string,
): Promise<Doublon[]> {
  const siren = sirenLie(acteur) ?? f.responsable?.siret?.slice(0, 9);
  if (!siren) return [];
  const up = (s: string | null | undefined) => s?.trim().toUpperCase() || null;
  const sir = (s: string | null | undefined) => sansEspaces(s) || null;
  return findDoublons(db, {
    siren,
    rncp: up(f.certification?.rncp),
    cfd: up(f.certification?.cfd),
    responsable: sir(f.responsable?.siret),
    formateur: sir(f.formateur?.siret),
    sauf,
  });
}

/**
 * The form's refusal of mandataire `m` (mandataireEtranger): a field error with the form's « Aucun »
 * option, the writes' reason (SEUL_LE_TITULAIRE). ACCES_REFUSE (403) on `mandataire.siret`.
 */
export function refusMandataireFormulaire(m: MandataireEtranger): OffreError {
  return new OffreError(
    'ACCES_REFUSE',
    `Mandataire : le SIRET ${siretLisible(m.siret)} n’est pas un établissement de votre structure (SIREN ${m.sirenLie}). ${SEUL_LE_TITULAIRE} : choisissez l’un de vos établissements, ou « Aucun ».`,
    { champ: 'mandataire.siret' },
    403,
  );
}

/**
 * What the formation form holds that a save refuses, each error on its field, all at once: the
 * form's reading errors (`erreursLues`), the title missing, organismes, contacts without a name, the
 * schema's refusals; and the input to store when there are none. `statut`: the offer's (null: a
 * creation), `base`: its current entry (null: a creation). Pure. saveFiche's checks, and the
 * new-formation form's before it looks for duplicates (the duplicate warning only over valid fields).
 * Throws ACCES_REFUSE (403) first, before any field error: a mandataire of another structure, which
 * only a crafted post names (the page offers the user's own establishments) — formation.ecriture.ts
 * mandataireEtranger, the rule the API and LHEO writes apply too (refusMandataireFormulaire).
 */
export function verifierFiche(
  acteur: Acteur,
  fiche: FicheSaisie,
  erreursLues: readonly ErreurSaisie[],
  statut: string | null,
  base: FormationInput | null,
): { erreurs: ErreurSaisie[]; input: FormationInput | null } {
  const etranger = mandataireEtranger(acteur, fiche.mandataire);
  if (etranger) throw refusMandataireFormulaire(etranger);
  // A draft is found again by its title (lists, search of the space): an empty form saves nothing.
  const sansIntitule = fiche.intitule?.trim()
    ? []
    : [
        {
          champ: 'intitule',
          message: erreurChamp(
            LIBELLES_FICHE.intitule ?? 'Intitulé',
            !statut || statut === 'brouillon'
              ? 'saisissez au moins l’intitulé pour enregistrer la formation, même en brouillon'
              : 'saisissez l’intitulé, il est obligatoire',
          ),
        },
      ];
  // A telephone or courriel with nobody's name: refused under the contact's name field.
  const sansNom = contactsSansNom(fiche.contacts ?? []).map((c) => ({
    champ: `contacts.${c.index}.nom`,
    message: erreurChamp(`Nom du contact ${c.index + 1}`, c.message),
  }));
  const financeurs =
    fiche.financeurs === undefined
      ? (base?.financeurs ?? [])
      : [
          ...(base?.financeurs ?? []).filter((x) => !FINANCEURS_PUBLICS.has(x)),
          ...fiche.financeurs.filter((x) => FINANCEURS_PUBLICS.has(x)),
        ];
  const mandataireSaisi = sansEspaces(fiche.mandataire?.siret);
  const mandataire =
    fiche.mandataire === undefined
      ? (base?.mandataire ?? null)
      : !mandataireSaisi
        ? null
        : sansEspaces(base?.mandataire?.siret) === mandataireSaisi
          ? base!.mandataire!
          : { siret: mandataireSaisi };
  const conventionnee = isConventionnee({
    contrat_apprentissage: fiche.modalites?.contrat_apprentissage,
    financeurs,
    sessions: base?.sessions ?? [],
  });
  const erreurs = [
    ...erreursLues,
    ...sansIntitule,
    ...checkOrganismes(acteur, { ...fiche, mandataire }, conventionnee),
    ...sansNom,
  ];
  // The schema's refusals (a link, a courriel, a telephone, a length…) with the others, as the
  // session form does: a field the reading refused (null here) has no second message.
  let input: FormationInput | null = null;
  try {
    input = valider(
      FormationInputSchema,
      {
        ...(base ?? {}),
        ...fiche,
        certification: { ...base?.certification, ...fiche.certification },
        responsable: fiche.responsable?.siret ? { siret: fiche.responsable.siret } : null,
        formateur: fiche.formateur?.siret ? { siret: fiche.formateur.siret } : null,
        mandataire,
        financeurs,
        sessions: base?.sessions ?? [],
      },
      LIBELLES_FICHE,
    );
  } catch (e) {
    if (!(e instanceof OffreError) || e.code !== 'SAISIE_INVALIDE') throw e;
    erreurs.push(...(e.details.erreurs as ErreurSaisie[]));
  }
  return { erreurs, input };
}

/**
 * Saves the formation form (creates when `id` is null): the sessions, the external key and what
 * the form does not show are kept. A draft may be incomplete but has its title; a published offer
 * gets a pending revision, which must have every mandatory field (`refusPourLeFormulaire`). The form
 * saved as it was writes nothing: `changed` false. `erreursLues` are the form's reading errors,
 * reported with the title's and the organismes' at once. Refuses with SAISIE_INVALIDE (every field
 * error, one a field), PUBLICATION_INCOMPLETE (a published offer's change), FORMATION_MODIFIEE (a
 * stale `version`), ACCES_REFUSE, INTROUVABLE.
 */
export async function saveFiche(
  ctx: AppContext,
  acteur: Acteur,
  id: string | null,
  fiche: FicheSaisie,
  erreursLues: readonly ErreurSaisie[] = [],
  /** The new-formation form's one-time token (espace-envoi.ts): sent again, nothing is created. */
  jeton: string | null = null,
  /**
   * The version the form was opened on (espace-version.ts): refused with FORMATION_MODIFIEE (409),
   * nothing stored, when the offer changed since. Undefined: not checked (a creation).
   */
  version?: string,
): Promise<{
  id: string;
  revision: boolean;
  changed: boolean;
  revisionAbandonnee?: boolean;
  revisionRenvoyee?: boolean;
  /** The form was already sent with `jeton`: `id` is the formation it created, nothing written. */
  dejaEnvoye?: boolean;
}> {
  return ctx.db.transaction().execute(async (trx) => {
    let row = id ? await rowDe(trx, acteur, id) : null;
    // Locked and checked first: what follows reads the offer as it is under the lock.
    if (row && version !== undefined) row = await garderVersion(trx, acteur, row.id, version);
    const base = row ? (await saisieDe(trx, row)).saisie : null;
    const { erreurs, input } = verifierFiche(acteur, fiche, erreursLues, row?.statut ?? null, base);
    // A co-contractor typed by SIRET: known to Sirene, and open, when Sirene is loaded.
    if (input) erreurs.push(...(await coTraitantsSelonSirene(trx, acteur, fiche, base)));
    // An establishment of another known structure that no reference knows: not the user's to
    // create (the write refuses it too, ETABLISSEMENT_NON_RECONNU), said on its field.
    if (input) erreurs.push(...(await etablissementsInventes(trx, acteur, input)));
    // A published (or waiting) offer's form that empties a mandatory field: said with the other
    // errors, as the write would refuse it once they are fixed (PUBLICATION_INCOMPLETE).
    if (erreurs.length && base && (row?.statut === 'publiee' || row?.statut === 'en_attente_validation'))
      erreurs.push(
        ...obligatoiresPerdus(base, fiche).map((m) => ({
          champ: m.champ,
          message: `Champ obligatoire non renseigné : ${m.libelle}.`,
        })),
      );
    // Every error at once, one a field (the form's reading first).
    const vus = new Set<string>();
    if (erreurs.length || !input)
      throw saisieInvalide(erreurs.filter((e) => !vus.has(e.champ) && !!vus.add(e.champ)));
    // A creation's token taken first: a concurrent POST with it waits here, then finds its formation.
    const siren = sirenLie(acteur);
    const avecJeton = !id && jeton && siren ? jeton : null;
    const deja = avecJeton && siren ? await prendreJeton(trx, siren, avecJeton) : null;
    if (deja) return { id: deja, revision: false, changed: false, dejaEnvoye: true };
    const { result } = await writeFormation(trx, acteur, await nommerCoTraitants(trx, acteur, input), {
      id: id ?? undefined,
      now: ctx.now(),
    }).catch((e) => {
      throw refusPourLeFormulaire(e);
    });
    if (avecJeton && deja === null) await noterFormation(trx, avecJeton, result.id);
    return {
      id: result.id,
      revision: !!result.revision,
      changed: result.changed,
      // Every field back to its published value: the revision is abandoned (said as such).
      ...(result.revisionAbandonnee ? { revisionAbandonnee: true } : {}),
      // A returned revision saved (changed or not) is sent again for validation (said as such).
      ...(result.revisionRenvoyee ? { revisionRenvoyee: true } : {}),
    };
  });
}

// ---- publication -------------------------------------------------------------------------

export interface Manquant extends ErreurSaisie {
  /** The session the missing field belongs to, if any (its form holds the field). */
  readonly sessionId: string | null;
  /** The field inside that session: `debut`, `fin`, `lieu`, `contact.courriel`; null outside a session. */
  readonly champSession: string | null;
}

/** Every mandatory field still missing before "Publier" (empty: the offer may be read back and confirmed). */
export async function checkPublication(db: Executor, acteur: Acteur, id: string): Promise<Manquant[]> {
  return manquantsDe(db, await rowDe(db, acteur, id));
}

/** The mandatory fields missing from the offer as its form shows it (its open revision, if any). */
async function manquantsDe(db: Executor, row: FormationRow): Promise<Manquant[]> {
  const { snap, diffusees, saisie } = await saisieDe(db, row);
  const proposee = nextSnapshot(snap, saisie, {
    organismes: new Map(
      [snap.responsable, snap.formateur, snap.mandataire].filter((o) => !!o).map((o) => [o!.siret, o!]),
    ),
    diffusees,
    newSessionId: () => '',
    allowNewSessionIds: true,
  });
  return champsManquants(proposee).map((m) => {
    const s = /^sessions\.(\d+)\.(.+)$/.exec(m.champ);
    const session = s ? proposee.sessions[Number(s[1])] : undefined;
    return {
      champ: session ? `session-${session.id}` : m.champ,
      message: m.message,
      sessionId: session?.id ?? null,
      champSession: session ? s![2]! : null,
    };
  });
}

/**
 * The write's refusal of a published offer's revision that loses a mandatory field (one check for
 * every way in: domain/publication.ts refusRevisionIncomplete), each field named as the form names
 * it (a session's field: `session-<id>`, the session's part of the page). Other errors as they are.
 */
export function refusPourLeFormulaire(e: unknown): unknown {
  if (!(e instanceof OffreError) || e.code !== 'PUBLICATION_INCOMPLETE' || !Array.isArray(e.details.erreurs))
    return e;
  const erreurs = (e.details.erreurs as ManquantRevision[]).map(
    (m): Manquant => ({
      champ: m.sessionId ? `session-${m.sessionId}` : m.champ,
      message: m.message,
      sessionId: m.sessionId,
      champSession: m.champSession,
    }),
  );
  return new OffreError(e.code, e.message, { ...e.details, erreurs }, e.status);
}

/**
 * "Confirmer la publication": the offer goes to validation (or its revision is submitted again).
 * Confirming twice (Back, then confirm again) is no error: `deja_envoyee` when it already waits.
 * Errors: TRANSITION_INVALIDE (409) when its statut (publiée, archivée…) cannot be submitted;
 * FORMATION_MODIFIEE (409) when it changed since the re-read page showed `version`.
 */
export async function confirmPublication(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  /** The version « Relire avant publication » showed (its hidden `version`): only that is sent. */
  version: string,
): Promise<'envoyee' | 'envoyee_hors_region' | 'deja_envoyee'> {
  const row = await rowDe(ctx.db, acteur, id);
  if (row.statut === 'en_attente_validation') return 'deja_envoyee';
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      // A second click, or a colleague's confirmation, sent it meanwhile: said so, nothing sent twice.
      if ((await lockWritable(trx, acteur, id)).statut === 'en_attente_validation') return 'deja_envoyee';
      // Changed since the re-read page was opened (another tab, the API, an import): what would be
      // sent is not what was read — FORMATION_MODIFIEE (409), nothing sent.
      await garderVersion(trx, acteur, id, version, 'relecture');
      await transitionTx(trx, acteur, id, 'publier', ctx.now());
      // Sessions in no région (a collectivité d'outre-mer outside the régions, e.g. Nouméa): no
      // regional manager may validate it, only the platform's administrators (refusHorsPerimetre).
      return (await selectRegionsFormation(trx, id))?.length ? 'envoyee' : 'envoyee_hors_region';
    });
  } catch (e) {
    // Two confirmations at once: the second one finds it already sent.
    if (e instanceof OffreError && e.code === 'TRANSITION_INVALIDE') {
      const statut = (await rowDe(ctx.db, acteur, id)).statut;
      if (statut === 'en_attente_validation') return 'deja_envoyee';
      throw new OffreError(
        'TRANSITION_INVALIDE',
        `Cette formation ne peut pas être soumise à la validation d’un gestionnaire : son statut est « ${LIBELLE_STATUT[statut as Statut] ?? statut} ».`,
        { champ: 'publier', statut },
        409,
      );
    }
    throw e;
  }
}

// ---- reference look-ups ------------------------------------------------------------------

export type { CertificationTrouvee, CommuneTrouvee };

/** A certification of the picker: `expiree` when inactive or past its end date; `lie`, its CFD ↔ RNCP pair. */
export interface CertificationProposee extends CertificationTrouvee {
  readonly expiree: boolean;
  /**
   * The linked code shown on the same line (a CFD for an RNCP fiche), from the kit apprentissage;
   * `ferme` when that diploma has closed (the line would fail CERT_EXPIREE): its end (YYYY-MM-DD,
   * null when only marked inactive) and the BCN's successors.
   */
  readonly lie: {
    readonly type: 'cfd' | 'rncp';
    readonly code: string;
    readonly ferme?: { readonly fin: string | null; readonly successeurs: readonly string[] };
  } | null;
}

/**
 * Titles of certification `codes` (RNCP…, RS…, CFD, any case) as loaded from the référentiels, in
 * one query: code (upper case) → « CODE – intitulé ». A code no référentiel knows is absent.
 */
export async function intitulesCertifications(
  db: Executor,
  codes: readonly (string | null | undefined)[],
): Promise<Map<string, string>> {
  const voulus = [...new Set(codes.filter((c): c is string => !!c).map((c) => c.trim().toUpperCase()))];
  const rows = await selectCertifications(db, voulus);
  return new Map(rows.map((k) => [k.code, k.intitule ?? '']));
}

/** What the certification picker proposes, and the words it searched instead of those typed. */
export interface CertificationsProposees {
  readonly proposees: CertificationProposee[];
  /**
   * A complete code (« RNCP37313 », a CFD) that found nothing: the reference searched, for the page
   * to say so (domain/certification-absente.ts); null otherwise.
   */
  readonly absent?: CodeAbsent | null;
  /**
   * When the words typed found nothing and their typo correction did (« cuisne » → « cuisine »):
   * the words searched, for « Aucune certification pour … Résultats pour … »; null otherwise.
   */
  readonly correction: string | null;
}

/**
 * The certification picker: by code (RNCP12345, RS1234, 8-character CFD; "RNCP" may be left out)
 * or by words of the title (each word of 2 letters or more, at most 6). Active ones first, expired
 * ones (inactive, or ended before `aujourdhui`, YYYY-MM-DD) after them; a CFD and the RNCP fiche the
 * référentiel links it to are one line (the RNCP fiche, its CFD in `lie`). Words that find nothing
 * are corrected as the public search corrects them (recherche.repository.ts corrections, against the
 * words of the certifications' titles, migration 1110): the correction is searched and said.
 */
export async function suggestCertifications(
  db: Executor,
  texte: string,
  aujourdhui: string,
): Promise<CertificationsProposees> {
  const brut = texte.trim().slice(0, 200);
  const code = sansEspaces(brut).toUpperCase();
  const isCode = /^(RNCP|RS)?\d{1,8}[A-Z]?$/.test(code);
  const mots = brut
    .split(/[\s,;'’-]+/)
    .filter((m) => m.length >= 2)
    .slice(0, 6);
  if (!brut) return { proposees: [], correction: null };
  let trouvees = await searchCertifications(
    db,
    { code: isCode ? (/^\d{1,5}$/.test(code) ? `RNCP${code}` : code) : null, mots: isCode ? [] : mots },
    30,
  );
  let correction: string | null = null;
  if (trouvees.length === 0 && !isCode && mots.length) {
    const normaux = mots.map(normaliser);
    const corr = await corrections(db, normaux, 'certification_mot');
    const corriges = normaux.map((m) => corr.get(m)?.mot ?? m);
    if (corriges.join(' ') !== normaux.join(' ')) {
      trouvees = await searchCertifications(db, { code: null, mots: corriges }, 30);
      if (trouvees.length) correction = corriges.join(' ');
    }
  }
  if (trouvees.length === 0 && isCode)
    return { proposees: [], correction: null, absent: await codeAbsent(db, brut) };
  const liens = await liensCertifications(
    db,
    trouvees.filter((c) => c.type === 'cfd' || c.type === 'rncp').map((c) => c.code),
  );
  const presents = new Set(trouvees.map((c) => `${c.type}:${c.code}`));
  const finie = (c: CertificationTrouvee) => certificationFinie(c, aujourdhui);
  // The diplomas an RNCP fiche is linked to, whether found by the words or not: a fiche outlives
  // its diplomas (RNCP35316, CAP Pâtissier: 50022136 closed in 2020, 50022141 since 2019).
  const diplomes = new Map(
    (
      await diplomesTrouves(db, [
        ...new Set(
          liens.filter((l) => trouvees.some((c) => c.type === 'rncp' && c.code === l.rncp)).map((l) => l.cfd),
        ),
      ])
    ).map((d) => [d.code, d]),
  );
  const lieA = (c: CertificationTrouvee): CertificationProposee['lie'] => {
    if (c.type === 'rncp') {
      const l = liens.filter((x) => x.rncp === c.code);
      // A current diploma before a closed one; then one also found, else the only one left.
      const courants = l.filter((x) => {
        const d = diplomes.get(x.cfd);
        return !d || !finie(d);
      });
      const parmi = courants.length ? courants : l;
      const vu =
        parmi.find((x) => presents.has(`cfd:${x.cfd}`)) ?? (parmi.length === 1 ? parmi[0] : undefined);
      if (!vu) return null;
      const d = diplomes.get(vu.cfd);
      return d && finie(d)
        ? { type: 'cfd', code: vu.cfd, ferme: { fin: d.date_fin, successeurs: d.successeurs } }
        : { type: 'cfd', code: vu.cfd };
    }
    if (c.type === 'cfd') {
      const l = liens.filter((x) => x.cfd === c.code);
      return l.length === 1 ? { type: 'rncp', code: l[0]!.rncp } : null;
    }
    return null;
  };
  const proposees = trouvees.map((c) => ({ ...c, expiree: finie(c), lie: lieA(c) }));
  // A CFD shown with its RNCP fiche is not listed again.
  const dejaLies = new Set(
    proposees.filter((c) => c.type === 'rncp' && c.lie).map((c) => `cfd:${c.lie!.code}`),
  );
  return {
    proposees: proposees
      .filter((c) => !dejaLies.has(`${c.type}:${c.code}`))
      .sort((a, b) => Number(expireeOuFermee(a)) - Number(expireeOuFermee(b))),
    correction,
  };
}

/** A complete code no certification matches, with the reference it was searched in (null: not a complete code). */
async function codeAbsent(db: Executor, saisi: string): Promise<CodeAbsent | null> {
  const complet = codeCertificationComplet(saisi);
  if (!complet) return null;
  const bcn = complet.repertoire === 'bcn';
  const run = (await loadRuns(db)).charges[bcn ? 'bcn' : 'rncp'];
  const charge = run && {
    fichier: run.fichier,
    date: run.date,
    importe_le: run.importe_le,
    nombre: await countCertifications(db, bcn ? ['cfd'] : ['rncp', 'rs']),
  };
  return { ...complet, charge };
}

/**
 * The structure's establishments (Sirene and offers already stored): the organismes to choose
 * from, each with the name Offre knows for it (nomsOrganismes: the structure's raison sociale
 * when Sirene's establishment has none).
 */
export async function etablissementsEspace(
  db: Executor,
  acteur: Acteur,
): Promise<{ siret: string; nom: string | null }[]> {
  const siren = sirenLie(acteur);
  if (!siren) return [];
  const etablissements = await etablissementsDe(db, siren);
  const sansNom = etablissements.filter((e) => !e.nom).map((e) => e.siret);
  const noms = await nomsOrganismes(db, sansNom);
  return etablissements.map((e) => ({ siret: e.siret, nom: e.nom ?? noms.get(e.siret) ?? null }));
}

/**
 * The structure's name in the space's header: the name Offre knows for its SIREN (nomDuSiren: the
 * organismes' records, the DGEFP list, Sirene — the names the forms, the read-back page and the
 * sign-up review use), the raison sociale typed at sign-up only when none does.
 */
export async function nomStructureEspace(db: Executor, acteur: Acteur, tape: string | null): Promise<string> {
  const siren = sirenLie(acteur);
  const connu = siren ? (await nomsDesSirens(db, [siren])).get(siren) : undefined;
  return connu ?? tape ?? '';
}

/**
 * The certification pair a formation form saves when one code was chosen (saisie.ts FicheLue
 * `choisie`): the other code from the kit apprentissage's link when exactly one exists, else none
 * (domain/certification-paire.ts). `appariement` says what became of it, for the page.
 */
export async function apparierFiche(
  db: Executor,
  choisie: CertificationChoisie,
  precedente: PaireCertification,
): Promise<{ certification: PaireCertification; appariement: Appariement | null }> {
  return apparierCertification(choisie, precedente, await liensCertifications(db, [choisie.code]));
}
