import type { AppContext } from '../context.ts';
import { isConflitConcurrent } from '../db/conflit.ts';
import type { Executor } from '../db/executor.ts';
import { noterRevision } from '../db/feed.repository.ts';
import {
  type FormationFilters,
  type FormationRow,
  findFormationIdByCle,
  findFormationIdSansCle,
  findFormationRow,
  findOpenRevision,
  insertRevision,
  selectEtatEcriture,
  selectFormationRows,
  selectOrganismes,
  selectRegionsFormation,
  selectRegionsRevisionOuverte,
  updateRevision,
} from '../db/formation.repository.ts';
import { type DocumentRow, listFormationTextes } from '../db/formation-document.repository.ts';
import { appendHistorique } from '../db/historique.repository.ts';
import { faitsEtablissements } from '../db/organisme.repository.ts';
import { isValidateur, perimetreOf, visibiliteOf } from '../domain/acces.ts';
import { type Acteur, acteurLabel } from '../domain/acteur.ts';
import { formationVue, sirenOrganisme, type Vue, vueDe, vueSur } from '../domain/champs-professionnels.ts';
import { type ContactLu, referentsSansNomNouveaux } from '../domain/contact-nom.ts';
import { pageCursor, porteeListe } from '../domain/cursor.ts';
import { jourAParis } from '../domain/dates.ts';
import { type Change, diff, equalJson } from '../domain/diff.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import { forbidden, notFound, OffreError } from '../domain/errors.ts';
import {
  type Ensemble,
  etablissementsAVerifier,
  etablissementsNonReconnus,
  type RolesEcrits,
  refusPour,
} from '../domain/etablissement-reconnu.ts';
import { brouillonEcriture, proprietaireEcriture, siretsEcrits } from '../domain/formation.ecriture.ts';
import {
  type Formation,
  type FormationInput,
  MAX_SESSIONS,
  type SessionInput,
  type Statut,
} from '../domain/formation.schema.ts';
import {
  type FormationSnap,
  nextSnapshot,
  type OrgRef,
  snapshotToInput,
  t,
} from '../domain/formation.snapshot.ts';
import { nomFormation } from '../domain/formation-nom.ts';
import { messageCleHorsPerimetre, messageHorsPerimetre } from '../domain/hors-perimetre.ts';
import { newId } from '../domain/ids.ts';
import { type IfMatch, verifierIfMatchFormation } from '../domain/if-match.ts';
import { erreursNotificationsFutures } from '../domain/marche.ts';
import { refusRevisionIncomplete } from '../domain/publication.ts';
import { type EtatRecrutement, effetRecrutement, recrutementsSeuls } from '../domain/recrutement-direct.ts';
import { revisionEnAttente, revisionRamenee } from '../domain/revision.ts';
import { cleDejaPrise } from '../domain/sessions-cles.ts';
import type { DatesSession } from '../domain/sessions-noms.ts';
import { formationArchivee } from '../domain/workflow.ts';
import { cleCurseurs } from './curseur.cle.ts';
import { loadSnapshot, renderFormations } from './formation.view.ts';
import { applySnapshot } from './formation.write.ts';
import { documentsOf, refreshDocuments, tableauJson, texteVue } from './formation-document.ts';
import { completerLieux } from './lieux-ecrits.ts';

export type { FormationFilters } from '../db/formation.repository.ts';

export interface WriteResult {
  id: string;
  created: boolean;
  changed: boolean;
  /** True when the formation is published and the change waits, as a revision, for validation. */
  revision?: boolean;
  /**
   * The field-level changes written (or proposed as a revision), as in the history
   * (domain/diff.ts: `intitule`, `sessions[se_…].debut`); absent or empty when nothing changed.
   * A creation's are every field filled.
   */
  changes?: readonly Change[];
  /**
   * True when the formation is published, has an open revision and the write changed nothing: the
   * revision stays pending as it was — the write was the revision's content, or the published
   * one with `garderRevision` or by a validateur. Absent otherwise.
   */
  revisionGardee?: boolean;
  /**
   * The formation’s sessions, after the write then the ones it removed (`sessionsNommables`): what names the
   * sessions `changes` touch by their dates in a report (domain/sessions-noms.ts). Absent when
   * nothing changed.
   */
  sessions?: readonly DatesSession[];
  /**
   * True when the write brought the published formation back to its published version: its open
   * revision is abandoned (history `revision_abandonnee`). Absent otherwise.
   */
  revisionAbandonnee?: boolean;
  /**
   * True when the write sent a revision returned « à corriger » back for validation, changed or
   * not (history `revision` with its changes, else `revision_soumise`). Absent otherwise.
   */
  revisionRenvoyee?: boolean;
  /**
   * True when the write only changed the recruitment state of diffused sessions, applied to the
   * diffused version at once, without validation, and carried by the open revision if any
   * (domain/recrutement-direct.ts). `revision` is false then. Absent otherwise.
   */
  recrutement?: boolean;
  /**
   * Only from saveFormationOuRefusTx (saveFormationsBulk with `refusRevisionEnPlace`): the write
   * was refused because of the formation's state (REFUS_EN_PLACE); nothing of it was stored.
   */
  refus?: OffreError;
}

/**
 * The refusals of one formation that saveFormationOuRefusTx returns in place: thrown before
 * anything is written, they leave the transaction usable — an open revision (REVISION_EN_ATTENTE),
 * an archived formation (FORMATION_ARCHIVEE), a revision missing a mandatory field
 * (PUBLICATION_INCOMPLETE).
 */
const REFUS_EN_PLACE: ReadonlySet<string> = new Set([
  'REVISION_EN_ATTENTE',
  'FORMATION_ARCHIVEE',
  'PUBLICATION_INCOMPLETE',
]);

/**
 * saveFormationTx, except that a refusal of REFUS_EN_PLACE (thrown before anything is written:
 * the transaction goes on) is returned as `{ refus }` instead of thrown.
 */
export async function saveFormationOuRefusTx(
  trx: Executor,
  acteur: Acteur,
  input: FormationInput,
  opts: SaveOptions,
): Promise<WriteResult> {
  try {
    return await saveFormationTx(trx, acteur, input, opts);
  } catch (e) {
    if (!(e instanceof OffreError) || !REFUS_EN_PLACE.has(e.code)) throw e;
    return { id: String(e.details.formation), created: false, changed: false, refus: e };
  }
}

/** Is formation `id` in what `acteur` may change (own SIREN, the gestionnaire's régions, all)? */
export async function dansPerimetre(db: Executor, acteur: Acteur, id: string): Promise<boolean> {
  const perimetre = perimetreOf(acteur);
  if (!perimetre) return false;
  return perimetre.kind === 'tout' || !!(await findFormationRow(db, id, { visibleTo: perimetre }));
}

/**
 * May gestionnaire `acteur` decide on (validate, return) the open revision of formation `id` as a
 * gestionnaire of a région of the revision's sessions, wherever the published version is (a
 * revision moving the offer to its région; docs/gestion.md)? False for anyone else, and without
 * an open revision: their perimeter is `dansPerimetre`'s.
 */
export async function revisionDansRegions(db: Executor, acteur: Acteur, id: string): Promise<boolean> {
  if (acteur.kind !== 'utilisateur' || acteur.role !== 'gestionnaire' || !acteur.regions.length) return false;
  return (await selectRegionsRevisionOuverte(db, id)).some((r) => acteur.regions.includes(r));
}

/**
 * The refusal (403) of formation `id` outside gestionnaire `acteur`'s régions, naming the
 * formation's régions and the gestionnaire's (domain/hors-perimetre.ts); `intitule` only when it
 * may read the offer. Null when there is no such formation (or it is deleted), or for anyone but
 * a gestionnaire. A gestionnaire is told an offer of another région exists, and where (README:
 * « jamais « n’existe pas » »), on the pages and the API alike; an organisme never learns of
 * another's unpublished offer (404).
 */
export async function refusHorsPerimetre(
  db: Executor,
  acteur: Acteur,
  id: string,
  intitule?: string | null,
): Promise<OffreError | null> {
  if (acteur.kind !== 'utilisateur' || acteur.role !== 'gestionnaire') return null;
  const regions = await selectRegionsFormation(db, id);
  if (!regions) return null;
  return forbidden(messageHorsPerimetre(regions, acteur.regions, intitule));
}

/**
 * Formation `id` as a validator reads it before deciding on it: its row (undefined when `acteur`
 * may not see it) and whether it may decide (`dedans`: in its perimeter, or a région of its open
 * revision is one of the gestionnaire's). Row and perimeter read at once; the revision's régions
 * only outside the perimeter.
 */
export async function offreADecider(db: Executor, acteur: Acteur, id: string) {
  const [visible, perimetre] = await Promise.all([
    findFormationRow(db, id, { visibleTo: visibiliteOf(acteur) }),
    dansPerimetre(db, acteur, id),
  ]);
  // The revision's régions are read only outside the perimeter (one statement fewer per review).
  if (perimetre || !(await revisionDansRegions(db, acteur, id))) return { row: visible, dedans: perimetre };
  return { row: visible ?? (await findFormationRow(db, id)), dedans: true };
}

/**
 * The formation `acteur` may change, locked for the transaction; 404 when it may not even see it.
 * `revision`: the change is a decision on its open revision (validate, return), which the
 * gestionnaires of the revision's régions may take too (`revisionDansRegions`).
 */
export async function lockWritable(
  trx: Executor,
  acteur: Acteur,
  id: string,
  opts: { readonly revision?: boolean } = {},
): Promise<FormationRow> {
  const row = await findFormationRow(trx, id, { forUpdate: true, visibleTo: visibiliteOf(acteur) });
  // Write perimeter: own SIREN, the gestionnaire's region, or everything for administrators.
  if (row && (await dansPerimetre(trx, acteur, id))) return row;
  // Else, for a decision on the open revision, a gestionnaire of one of the revision's régions.
  if (opts.revision && (await revisionDansRegions(trx, acteur, id))) {
    const locked = row ?? (await findFormationRow(trx, id, { forUpdate: true }));
    if (locked) return locked;
  }
  if (!row) throw notFound(`Formation ${id}`);
  const refus = forbidden(
    `${nomFormation(row, true)} de l’organisme SIREN ${row.siren_proprietaire} n’est pas dans votre périmètre : vous ne pouvez pas la modifier.`,
  );
  throw new OffreError(refus.code, refus.message, { formation_id: row.id }, refus.status);
}

/**
 * lockWritable for a formation found by the external key `cle` of the record written (an LHEO
 * numero, an API cle_externe): one `acteur` may not even see is refused without its id, which the
 * record never gave — to a gestionnaire as refusHorsPerimetre says (it exists, and its régions:
 * 403), to anyone else as not found (404: never learns of another's unpublished offer).
 */
async function lockWritableParCle(trx: Executor, acteur: Acteur, id: string, cle: string) {
  try {
    return await lockWritable(trx, acteur, id);
  } catch (e) {
    if (!(e instanceof OffreError) || e.code !== 'INTROUVABLE') throw e;
    const regions =
      acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire'
        ? await selectRegionsFormation(trx, id)
        : null;
    if (acteur.kind === 'utilisateur' && regions) {
      const refus = forbidden(messageCleHorsPerimetre(cle, regions, acteur.regions));
      throw new OffreError(refus.code, refus.message, { cle_externe: cle }, refus.status);
    }
    throw new OffreError(
      'INTROUVABLE',
      `Aucune formation de numéro « ${cle} » que vous puissiez mettre à jour.`,
      { cle_externe: cle },
      404,
    );
  }
}

async function knownOrganismes(trx: Executor, input: FormationInput): Promise<Map<string, OrgRef>> {
  const rows = await selectOrganismes(trx, siretsEcrits(input));
  return new Map(
    rows.map((o) => [o.siret, { siret: o.siret, uai: o.uai, raison_sociale: o.raison_sociale, nda: o.nda }]),
  );
}

/**
 * The establishments of `roles` a SIREN-bound writer may not create (ETABLISSEMENT_NON_RECONNU:
 * of another known structure, unknown to every reference; domain/etablissement-reconnu.ts), each
 * with its field and message. `enregistres`: the stored establishments the write names (absent:
 * looked up). No query when the write names none of another SIREN.
 */
export async function etablissementsInventes(
  trx: Executor,
  acteur: Acteur,
  roles: RolesEcrits,
  enregistres?: Ensemble,
): Promise<{ champ: string; siret: string; message: string }[]> {
  let aVerifier = etablissementsAVerifier(acteur, roles, enregistres ?? new Set());
  if (!aVerifier.length) return [];
  if (!enregistres) {
    const stockes = new Set(
      (
        await selectOrganismes(
          trx,
          aVerifier.map((e) => e.siret),
        )
      ).map((o) => o.siret),
    );
    aVerifier = aVerifier.filter((e) => !stockes.has(e.siret));
    if (!aVerifier.length) return [];
  }
  return etablissementsNonReconnus(
    aVerifier,
    await faitsEtablissements(
      trx,
      aVerifier.map((e) => e.siret),
    ),
  );
}

/** Throws the refusal of etablissementsInventes (422 ETABLISSEMENT_NON_RECONNU), if any. */
async function refuserEtablissementsInventes(
  trx: Executor,
  acteur: Acteur,
  roles: RolesEcrits,
  enregistres: Ensemble,
): Promise<void> {
  const refus = refusPour(await etablissementsInventes(trx, acteur, roles, enregistres));
  if (refus) throw refus;
}

interface Written {
  result: WriteResult;
  snap: FormationSnap;
}

/** The options of saveFormationTx (see writeFormation). */
export interface SaveOptions {
  id?: string;
  now: Date;
  statut?: Statut;
  puisArchiver?: boolean;
  /**
   * A write of a published formation whose content is its published version's leaves the
   * organisme's open revision as it is (unchanged, `revisionGardee`) instead of abandoning it: an
   * LHEO file is the organisme's whole offer, and the export it sends back holds the published
   * values (docs/formats.md). Without it (the form, the API's PUT) writing the published content
   * back withdraws the revision (`revision_abandonnee`).
   */
  garderRevision?: boolean;
  /**
   * Refuses a référent handicap without a name the formation does not already have
   * (REFERENT_HANDICAP_SANS_NOM): the API's writes. LHEO files keep theirs (docs/contrat.md).
   */
  referentNomme?: boolean;
}

/** REFERENT_HANDICAP_SANS_NOM naming each référent handicap `contacts` adds without a name, or null. */
function referentSansNom(contacts: readonly ContactLu[], avant: readonly ContactLu[]): OffreError | null {
  const erreurs = referentsSansNomNouveaux(contacts, avant).map((c) => ({
    champ: `contacts.${c.index}.nom`,
    code: 'REFERENT_HANDICAP_SANS_NOM',
    message: `Le champ « contacts[${c.index}].nom » est obligatoire : ${c.message}`,
  }));
  if (!erreurs.length) return null;
  return new OffreError('REFERENT_HANDICAP_SANS_NOM', erreurs.map((e) => e.message).join(' '), {
    champ: erreurs[0]!.champ,
    erreurs,
  });
}

/** Shared by saveFormationTx, addSessionTx and the validation of a revision. */
export async function writeFormation(
  trx: Executor,
  acteur: Acteur,
  input: FormationInput,
  opts: {
    id?: string;
    now: Date;
    statut?: Statut;
    /** The validation of the open revision itself (workflow.service.ts). */
    fromRevision?: boolean;
    /**
     * The caller archives the formation right after, in the same transaction: archiving abandons
     * the open revision, so nothing of this write is undone later (a workbook's closing row), and
     * the write is direct even for an organisme (a revision would be abandoned with its change).
     */
    puisArchiver?: boolean;
    /** See SaveOptions. */
    garderRevision?: boolean;
    /** See SaveOptions. */
    referentNomme?: boolean;
  },
): Promise<Written> {
  const known = await knownOrganismes(trx, input);
  const { orgs, draft } = brouillonEcriture(acteur, input, known);
  let row = opts.id ? await lockWritable(trx, acteur, opts.id, { revision: opts.fromRevision }) : undefined;
  const owner = proprietaireEcriture(acteur, input, draft, row?.siren_proprietaire ?? null);
  await refuserEtablissementsInventes(trx, acteur, draft, known);
  const cle = draft.cle_externe;
  if (!row && cle) {
    const existing = await findFormationIdByCle(trx, owner, cle);
    if (existing) row = await lockWritableParCle(trx, acteur, existing, cle);
    else {
      // Offre's own export names a formation without external key by its id: the same formation,
      // still without an external key (an export imported back changes nothing).
      const meme = await findFormationIdSansCle(trx, owner, cle);
      if (meme) {
        row = await lockWritableParCle(trx, acteur, meme, cle);
        input = { ...input, cle_externe: null };
      }
    }
  }
  if (row?.statut === 'supprimee')
    throw new OffreError(
      'FORMATION_SUPPRIMEE',
      `${nomFormation(row, true)} est supprimée : un gestionnaire doit d’abord la restaurer.`,
      { formation_id: row.id },
      409,
    );

  const id = row?.id ?? newId('fo', opts.now);
  const prev = row ? await loadSnapshot(trx, row) : null;
  const newSessionId = () => newId('se', opts.now);
  // A write the caller archives right after is not a revision: archiving would abandon it, and
  // the change with it (a workbook's yellow rows closing an organisme's published formation).
  const revisionMode = row?.statut === 'publiee' && !isValidateur(acteur) && !opts.puisArchiver;
  const open = row && revisionMode ? await findOpenRevision(trx, row.id) : undefined;
  // A revision in progress is the base, so the sessions it introduced keep their ids.
  let base = prev?.snap ?? null;
  if (open && prev) {
    try {
      base = nextSnapshot(prev.snap, open.payload as FormationInput, {
        ...orgs,
        diffusees: prev.diffusees,
        newSessionId,
        allowNewSessionIds: true,
      });
    } catch {
      base = prev.snap;
    }
  }
  const next = nextSnapshot(base, input, {
    ...orgs,
    diffusees: prev?.diffusees ?? new Set(),
    newSessionId,
    allowNewSessionIds: opts.fromRevision,
  });

  if (opts.referentNomme) {
    const refus = referentSansNom(input.contacts ?? [], base?.contacts ?? []);
    if (refus) throw refus;
  }

  // An archived offer is not changed, by anyone: it is brought back first (publier). The same
  // content passes, unchanged (an organisme's whole file imported again).
  if (row?.statut === 'archivee' && prev && diff(prev.snap, next).length > 0)
    throw formationArchivee({ id: row.id, intitule: prev.snap.intitule });

  // A validateur's direct write of a published offer whose organisme's revision is still open
  // would be undone when that revision is validated: refused until it is decided (domain/revision.ts).
  let gardee = false;
  if (row?.statut === 'publiee' && prev && !revisionMode && !opts.fromRevision && !opts.puisArchiver) {
    const ouverte = await findOpenRevision(trx, row.id);
    if (ouverte && diff(prev.snap, next).length > 0) {
      // With garderRevision (an LHEO file), the revision's own content is unchanged as well:
      // nothing written, the revision stays pending, as for the organisme (proposeRevision).
      if (
        opts.garderRevision &&
        egaleRevision(prev, ouverte.payload as FormationInput, input, orgs, newSessionId)
      )
        return {
          result: { id: row.id, created: false, changed: false, changes: [], revisionGardee: true },
          snap: prev.snap,
        };
      throw revisionEnAttente({ id: row.id, intitule: prev.snap.intitule }, ouverte);
    }
    // The published content again: nothing written, the revision stays pending.
    gardee = !!ouverte;
  }

  // An LHEO file (garderRevision) whose record is the published version, on every field it carries,
  // keeps the organisme's open revision as it is: the export sent back holds the published values
  // and not what it never carries (the sessions' bilans, professional-only). Compared with the
  // revision applied, a revision touching the bilans would differ, and be replaced by the published
  // values (fresh tester's M2, 04/12/2026).
  if (
    revisionMode &&
    row &&
    prev &&
    open &&
    opts.garderRevision &&
    egalePubliee(prev, input, orgs, newSessionId)
  )
    return {
      result: { id: row.id, created: false, changed: false, revision: true, revisionGardee: true },
      snap: next,
    };

  // The recruitment rule (domain/recrutement-direct.ts): an edit that only changes diffused
  // sessions' recruitment applies to the diffused version at once, and to the open revision.
  if (revisionMode && row && prev) {
    // An LHEO file (garderRevision) holds the published values: read against them as well.
    const surPubliee =
      open && opts.garderRevision
        ? () => nextSnapshot(prev.snap, input, { ...orgs, diffusees: prev.diffusees, newSessionId })
        : null;
    const etats = recrutementsSeuls(prev.snap, base!, next) ?? recrutementsDuFichier(prev.snap, surPubliee);
    const direct = etats
      ? await appliquerRecrutement(trx, acteur, row, { published: prev.snap, base: base! }, etats, {
          open,
          owner,
          known,
          now: opts.now,
        })
      : null;
    if (direct) return { result: direct, snap: next };
  }

  if (revisionMode && row && prev) {
    // A revision may not lose a mandatory field, whatever the way in (domain/publication.ts).
    const refus = diff(prev.snap, next).length > 0 ? refusRevisionIncomplete(row.id, base!, next) : null;
    if (refus) throw refus;
    const result = await proposeRevision(
      trx,
      acteur,
      row,
      { published: prev.snap, base: base!, next },
      open,
      opts.now,
      !!opts.garderRevision,
    );
    // The revision's state shows in the documents (revision_en_attente): a change of it is an event.
    await noterRevision(trx, row.id, !!open, opts.now);
    await refreshDocuments(trx, [row.id]);
    return { result, snap: next };
  }

  // An offer waiting for validation is validated as it stands: a write may not lose a mandatory
  // field either, whoever writes it and whatever the way in (domain/publication.ts). Archiving
  // right after (a workbook's closing row) takes it out of the queue: not checked.
  if (
    row?.statut === 'en_attente_validation' &&
    prev &&
    !opts.puisArchiver &&
    diff(prev.snap, next).length > 0
  ) {
    const refus = refusRevisionIncomplete(row.id, prev.snap, next, 'en_attente_validation');
    if (refus) throw refus;
  }

  const changes = await applySnapshot(
    trx,
    acteur,
    {
      id,
      row,
      prev: prev?.snap ?? null,
      next,
      owner,
      statut: opts.statut ?? row?.statut ?? 'brouillon',
      known,
    },
    opts.now,
  );
  // A gestionnaire writes the offers of its régions: what it creates or moves must stay there. A
  // revision it validates is the organisme's content, not its write: it may move the offer away
  // (a gestionnaire of the published version's région validating a move to another).
  if (
    !opts.fromRevision &&
    acteur.kind === 'utilisateur' &&
    acteur.role === 'gestionnaire' &&
    !(await dansPerimetre(trx, acteur, id))
  )
    throw forbidden(
      `Une formation écrite par un gestionnaire doit avoir une session dans sa région (${acteur.regions.join(', ') || 'aucune'}) : enregistrement refusé.`,
    );
  const changed = !row || changes.length > 0;
  return {
    result: {
      id,
      created: !row,
      changed,
      changes,
      ...(changes.length ? { sessions: sessionsNommables(next, prev?.snap) } : {}),
      ...(gardee && !changed ? { revisionGardee: true } : {}),
    },
    snap: next,
  };
}

/**
 * Is `input` the content of the open revision `payload` of the published formation `prev`? The
 * revision applied to the published version (its new sessions keep their ids), then `input`
 * applied to that: no field changes. False when the revision no longer applies.
 */
function egaleRevision(
  prev: { snap: FormationSnap; diffusees: Set<string> },
  payload: FormationInput,
  input: FormationInput,
  orgs: Omit<Parameters<typeof nextSnapshot>[2], 'diffusees' | 'newSessionId'>,
  newSessionId: () => string,
): boolean {
  try {
    const ctx = { ...orgs, diffusees: prev.diffusees, newSessionId };
    const revision = nextSnapshot(prev.snap, payload, { ...ctx, allowNewSessionIds: true });
    return diff(revision, nextSnapshot(revision, input, ctx)).length === 0;
  } catch {
    return false;
  }
}

/**
 * Is `input`, applied to the published version `prev`, that version unchanged? What the input does
 * not carry (a session's bilans or réunions absent) keeps the published values. False when it does
 * not apply (a diffused session redated…).
 */
function egalePubliee(
  prev: { snap: FormationSnap; diffusees: Set<string> },
  input: FormationInput,
  orgs: Omit<Parameters<typeof nextSnapshot>[2], 'diffusees' | 'newSessionId'>,
  newSessionId: () => string,
): boolean {
  try {
    const ctx = { ...orgs, diffusees: prev.diffusees, newSessionId };
    return diff(prev.snap, nextSnapshot(prev.snap, input, ctx)).length === 0;
  } catch {
    return false;
  }
}

/** The recruitment states a file read against the published version changes alone (see recrutementsSeuls), or null. */
function recrutementsDuFichier(
  published: FormationSnap,
  lu: (() => FormationSnap) | null,
): Map<string, EtatRecrutement> | null {
  if (!lu) return null;
  try {
    return recrutementsSeuls(published, published, lu());
  } catch {
    return null;
  }
}

/**
 * The recruitment rule's write (domain/recrutement-direct.ts): the recruitment states `etats`
 * given to the diffused version `published` at once — history `update`, change-feed event,
 * conformity and documents, as any validated write — and to the open revision's content (`base`),
 * which is abandoned when it no longer differs from the diffused version. Null when the diffused
 * version would not change (the revision's own pending value taken back: the revision's way).
 */
async function appliquerRecrutement(
  trx: Executor,
  acteur: Acteur,
  row: FormationRow,
  s: { published: FormationSnap; base: FormationSnap },
  etats: ReadonlyMap<string, EtatRecrutement>,
  w: {
    open: Awaited<ReturnType<typeof findOpenRevision>>;
    owner: string;
    known: Map<string, OrgRef>;
    now: Date;
  },
): Promise<WriteResult | null> {
  // The rule's decision, the one the workbook's report reads (formats/classeur/classeur.recrutement.ts).
  const effet = effetRecrutement(s.published, s.base, etats, !!w.open);
  if (!effet) return null;
  const { diffusee, changes, revision, revisionAbandonnee } = effet;
  if (w.open) {
    // Carried by the revision first: the conformity recomputed below reads its content.
    if (revisionAbandonnee) await abandonnerRevision(trx, acteur, row.id, w.open.id, w.now);
    else if (revision) await updateRevision(trx, w.open.id, { payload: snapshotToInput(revision) });
  }
  await applySnapshot(
    trx,
    acteur,
    {
      id: row.id,
      row,
      prev: s.published,
      next: diffusee,
      owner: w.owner,
      statut: row.statut,
      known: w.known,
    },
    w.now,
  );
  if (w.open) {
    await noterRevision(trx, row.id, true, w.now);
    await refreshDocuments(trx, [row.id]);
  }
  return {
    id: row.id,
    created: false,
    changed: true,
    revision: false,
    recrutement: true,
    changes,
    sessions: sessionsNommables(diffusee),
    ...(revisionAbandonnee ? { revisionAbandonnee: true } : {}),
  };
}

/** Abandons open revision `revId` of formation `formationId` (history `revision_abandonnee`). */
async function abandonnerRevision(
  trx: Executor,
  acteur: Acteur,
  formationId: string,
  revId: string,
  now: Date,
): Promise<void> {
  const who = acteurLabel(acteur);
  await updateRevision(trx, revId, { statut: 'abandonnee', decided_at: now, decided_by: who });
  await appendHistorique(trx, [
    {
      formation_id: formationId,
      entite: 'revision',
      entite_id: revId,
      action: 'revision_abandonnee',
      acteur: who,
      at: now,
      diff: [],
    },
  ]);
}

/**
 * The organisme's write of a published formation, as its revision: `published` the diffused
 * version, `base` it with the open revision applied (what the organisme sees), `next` the write.
 * The history's diff is against the published version (what the gestionnaire validates); the
 * result's `changes` against `base` (what the write changes for the organisme: « avant » is the
 * revision's value, and a revision's field going back to its published value is named).
 */
async function proposeRevision(
  trx: Executor,
  acteur: Acteur,
  row: FormationRow,
  s: { published: FormationSnap; base: FormationSnap; next: FormationSnap },
  open: Awaited<ReturnType<typeof findOpenRevision>>,
  now: Date,
  garderRevision: boolean,
): Promise<WriteResult> {
  const who = acteurLabel(acteur);
  const changes = diff(s.published, s.next);
  const payload = snapshotToInput(s.next);
  const same = { id: row.id, created: false, changed: false, revision: !!open };
  // Back to the diffused version: nothing left to validate (the decision the workbook's report reads).
  if (revisionRamenee(s.published, s.next)) {
    if (!open) return same;
    if (garderRevision) return { ...same, revisionGardee: true };
    await abandonnerRevision(trx, acteur, row.id, open.id, now);
    return { ...same, changed: true, revision: false, revisionAbandonnee: true };
  }
  if (
    open &&
    open.statut === 'en_attente_validation' &&
    equalJson(open.payload, JSON.parse(JSON.stringify(payload)))
  )
    return { ...same, revisionGardee: true };
  // A returned revision saved as it is: sent again for validation, logged as such (no empty change).
  const renvoyee = open?.statut === 'a_corriger';
  const telle = renvoyee && diff(s.base, s.next).length === 0;
  const revId = open?.id ?? newId('rev', now);
  if (open)
    await updateRevision(trx, open.id, {
      payload,
      statut: 'en_attente_validation',
      // A returned revision sent again: its return's comment is over (the history keeps it).
      commentaire: null,
      created_at: now,
      created_by: who,
    });
  else
    await insertRevision(trx, { id: revId, formation_id: row.id, payload, created_at: now, created_by: who });
  await appendHistorique(trx, [
    {
      formation_id: row.id,
      entite: 'revision',
      entite_id: revId,
      action: telle ? 'revision_soumise' : 'revision',
      acteur: who,
      at: now,
      diff: telle ? [] : changes,
    },
  ]);
  return {
    id: row.id,
    created: false,
    changed: true,
    revision: true,
    changes: diff(s.base, s.next),
    sessions: sessionsNommables(s.next, s.base),
    ...(renvoyee ? { revisionRenvoyee: true } : {}),
  };
}

/** The sessions of versions of a formation, each once (the first version that has it gives its dates): to name them. */
export function sessionsNommables(
  ...versions: readonly (Pick<FormationSnap, 'sessions'> | null | undefined)[]
): DatesSession[] {
  const out = new Map<string, DatesSession>();
  for (const v of versions)
    for (const x of v?.sessions ?? [])
      if (!out.has(x.id)) out.set(x.id, { id: x.id, debut: x.debut, fin: x.fin });
  return [...out.values()];
}

/**
 * Upsert inside the caller's transaction: by opts.id, else by (owner SIREN, input.cle_externe),
 * else create. Idempotent: the same input twice → changed=false, no history, no feed event.
 */
export async function saveFormationTx(
  trx: Executor,
  acteur: Acteur,
  input: FormationInput,
  opts: SaveOptions,
): Promise<WriteResult> {
  return (await writeFormation(trx, acteur, input, opts)).result;
}

/**
 * The version of formation `id` for a writer (its strong ETag without the quotes, RFC 9110
 * § 8.8.3), or null when it does not exist: it changes with every write of the formation, its
 * sessions or its open revision.
 */
export const versionFormation = (db: Executor, id: string): Promise<string | null> =>
  selectEtatEcriture(db, id);

/**
 * Locks formation `id` for `acteur` and checks the request's `If-Match` against it (an absent
 * header: nothing checked). Call first in the write transaction: no other write can slip between
 * the check and this one.
 */
export async function conditionIfMatch(
  trx: Executor,
  acteur: Acteur,
  id: string,
  ifMatch: IfMatch | undefined,
) {
  if (ifMatch === undefined) return;
  await lockWritable(trx, acteur, id);
  verifierIfMatchFormation(ifMatch, (await selectEtatEcriture(trx, id))!, id);
}

/**
 * REQUETE_INVALIDE naming each market notification day after today (the Paris day of `now`): a
 * late entry would otherwise dodge CONV_DELAI (docs/conventionne.md « Saisie »). `seule`: the body
 * is one session.
 */
export function refusNotificationsFutures(
  sessions: readonly Pick<SessionInput, 'date_notification_marche'>[],
  now: Date,
  seule = false,
): void {
  const erreurs = erreursNotificationsFutures(sessions, jourAParis(now), seule);
  if (!erreurs.length) return;
  throw new OffreError(
    'REQUETE_INVALIDE',
    erreurs.length === 1
      ? erreurs[0]!.message
      : `La requête contient ${erreurs.length} champs invalides : ${erreurs.map((e) => e.message).join(' ')}`,
    { champ: erreurs[0]!.champ, erreurs },
  );
}

export async function saveFormation(
  ctx: AppContext,
  acteur: Acteur,
  input: FormationInput,
  /** `siMatch`: the request's `If-Match` (PUT): refused with PRECONDITION_ECHOUEE (412) when stale. */
  opts: { id?: string; siMatch?: IfMatch } = {},
): Promise<WriteResult> {
  refusNotificationsFutures(input.sessions, ctx.now());
  const run = () =>
    ctx.db.transaction().execute(async (trx) => {
      if (opts.id) await conditionIfMatch(trx, acteur, opts.id, opts.siMatch);
      // A place without its INSEE code gets it when its postal code and commune name designate one commune.
      const [complete] = await completerLieux(trx, [input]);
      return saveFormationTx(trx, acteur, complete!, { id: opts.id, now: ctx.now(), referentNomme: true });
    });
  let r: WriteResult;
  try {
    r = await run();
  } catch (e) {
    // Two first writes of the same cle_externe raced: the loser retries and finds the winner's row.
    if (!isConflitConcurrent(e)) throw e;
    r = await run();
  }
  // The field-level changes (and the sessions they name) are for the bulk imports' reports, a
  // returned revision sent again and a recruitment applied at once for the pages' notices: the API
  // answers without them (`revision: false` says the latter).
  const {
    changes: _changes,
    sessions: _sessions,
    revisionRenvoyee: _renvoyee,
    recrutement: _recrutement,
    ...sans
  } = r;
  return sans;
}

/** Adds a session, or updates the one with the same id, cle_externe, or dates and postal code. */
export async function addSessionTx(
  trx: Executor,
  acteur: Acteur,
  formationId: string,
  session: SessionInput,
  now: Date,
): Promise<{ sessionId: string; created: boolean }> {
  const row = await lockWritable(trx, acteur, formationId);
  const { snap } = await loadSnapshot(trx, row);
  const open =
    row.statut === 'publiee' && !isValidateur(acteur) ? await findOpenRevision(trx, row.id) : undefined;
  const input = open ? (open.payload as FormationInput) : snapshotToInput(snap);
  const sessions = [...input.sessions];
  const cle = t(session.cle_externe);
  const i = sessions.findIndex((s) =>
    session.id
      ? s.id === session.id
      : cle
        ? s.cle_externe === cle
        : !s.cle_externe &&
          s.debut === (session.debut ?? null) &&
          s.fin === (session.fin ?? null) &&
          (s.lieu?.code_postal ?? null) === (t(session.lieu?.code_postal) ?? null),
  );
  if (i < 0 && sessions.length >= MAX_SESSIONS)
    throw new OffreError(
      'FORMATION_TROP_DE_SESSIONS',
      `Cette formation a déjà ${MAX_SESSIONS} sessions, le plus qu’une formation peut porter : archivez les sessions passées ou créez une autre formation.`,
      { champ: 'sessions', limite: MAX_SESSIONS },
      422,
    );
  // A key another session of the formation has (this one named by its id): refused, said so.
  const autre = cle ? sessions.find((s, j) => j !== i && t(s.cle_externe) === cle) : undefined;
  if (autre) throw cleDejaPrise('cle_externe', cle!, autre);
  const merged = i >= 0 ? { ...session, id: sessions[i]!.id } : session;
  if (i >= 0) sessions[i] = merged;
  else sessions.push(merged);
  const { snap: next } = await writeFormation(trx, acteur, { ...input, sessions }, { id: formationId, now });
  const sessionId = next.sessions[i >= 0 ? i : sessions.length - 1]!.id;
  return { sessionId, created: i < 0 };
}

/** addSessionTx in its own transaction; `siMatch`: the request's `If-Match` (see saveFormation). */
export function addSession(
  ctx: AppContext,
  acteur: Acteur,
  formationId: string,
  session: SessionInput,
  siMatch?: IfMatch,
) {
  refusNotificationsFutures([session], ctx.now(), true);
  return ctx.db.transaction().execute(async (trx) => {
    await conditionIfMatch(trx, acteur, formationId, siMatch);
    const [complete] = await completerLieux(trx, [{ sessions: [session] }]);
    return addSessionTx(trx, acteur, formationId, complete!.sessions[0]!, ctx.now());
  });
}

/**
 * One formation as `acteur` may see it (domain/champs-professionnels.ts), or null — also for an
 * anonymous reader when every session's recruitment is closed (the public is not shown it).
 */
export async function getFormation(db: Executor, acteur: Acteur, id: string): Promise<Formation | null> {
  const rows = await selectFormationRows(db, [id], visibiliteOf(acteur));
  const f = (await renderFormations(db, rows))[0];
  if (!f) return null;
  const vue = vueSur(acteur, rows[0]!.siren_proprietaire);
  if (vue === 'public' && !montreeAuPublic(f)) return null;
  return formationVue(f, vue);
}

/**
 * A keyset page on the immutable id: under concurrent writes it neither skips nor repeats. The
 * formations are the stored documents (formation-document.ts) parsed: exports and partner files.
 */
export async function listFormations(
  db: Executor,
  acteur: Acteur,
  filters: FormationFilters,
  page: { cursor?: string; limit: number },
  /** The shape of the formations (default: the actor's); the open exports ask `partenaire`. */
  vue: Vue = vueDe(acteur),
): Promise<{ data: Formation[]; next_cursor: string | null }> {
  return JSON.parse((await listFormationsJson(db, acteur, filters, page, vue)).toString());
}

/**
 * listFormations as the JSON the API sends (`{"data":[…],"next_cursor":…}`, UTF-8 bytes), joined
 * from the stored documents of the page as PostgreSQL sends them: no formation is built, serialized,
 * decoded nor encoded again when its documents are stored.
 */
export async function listFormationsJson(
  db: Executor,
  acteur: Acteur,
  filters: FormationFilters,
  page: { cursor?: string; limit: number },
  vue: Vue = vueDe(acteur),
): Promise<Buffer> {
  const limit = Math.max(1, Math.min(1000, Math.trunc(page.limit)));
  const cle = await cleCurseurs(db);
  // The cursor is bound to these filters (domain/cursor.ts porteeListe).
  const portee = porteeListe(filters);
  const after = page.cursor ? pageCursor.decode(page.cursor, cle, 'cursor', portee) : null;
  // A signed-in organisation reads its own offers whole, the others' in the public view.
  const propre = vue === vueDe(acteur) ? sirenOrganisme(acteur) : null;
  const rows = await listFormationTextes(
    { vue, propre },
    db,
    visibiliteOf(acteur),
    filters,
    after,
    limit + 1,
    vue === 'public' ? { sauf: propre } : false,
  );
  const pageRows = rows.slice(0, limit);
  // Formations without a stored document: built on the fly.
  const absents = pageRows.filter((r) => r.texte === null).map((r) => r.id);
  const docs = absents.length ? await documentsOf(db, absents) : new Map<string, DocumentRow>();
  const data = pageRows.flatMap((r): (string | Uint8Array)[] => {
    if (r.texte !== null) return [r.texte];
    const d = docs.get(r.id);
    return d ? [texteVue(d, propre !== null && r.siren_proprietaire === propre ? 'professionnel' : vue)] : [];
  });
  const next = rows.length > limit ? pageCursor.encode(pageRows[pageRows.length - 1]!.id, cle, portee) : null;
  return tableauJson('{"data":[', data, `],"next_cursor":${JSON.stringify(next)}}`);
}
