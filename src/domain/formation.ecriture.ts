import { canWrite, sirenLie } from './acces.ts';
import { type Acteur, acteurLabel } from './acteur.ts';
import { type Change, diff, equalJson } from './diff.ts';
import { OffreError } from './errors.ts';
import { formationColumns, sessionRow } from './formation.lignes.ts';
import type { FormationInput, Statut } from './formation.schema.ts';
import {
  type FormationSnap,
  nextSnapshot,
  type OrgRef,
  type SessionSnap,
  sirenProprietaire,
  t,
} from './formation.snapshot.ts';
import { isValidSiret, sansEspaces } from './identifiants.ts';
import { organismeEcrit } from './organisme-uai.ts';
import { isConventionnee } from './type-offre.ts';
import { isUrlWeb, MESSAGE_URL } from './url.ts';

// What writing a new state of a formation does, as data: the rows to write, the history entry and
// the change-feed event. One source for both writers: the one-by-one path (services/formation.write.ts,
// a statement per row) and the bulk path (services/formation.bulk.ts, a set-based statement per
// table and chunk) execute the same plan; only their SQL differs.

/** An `organisme` row as a formation's writer upserts it. */
export interface OrganismeLigne {
  readonly siret: string;
  readonly siren: string;
  readonly uai: string | null;
  readonly raison_sociale: string | null;
  readonly nda: string | null;
}

export type SessionLigne = ReturnType<typeof sessionRow>;

export interface EvenementLigne {
  readonly type: string;
  readonly date: string | null;
  readonly lieu: string | null;
  readonly libelle: string | null;
}

export interface DetailsSession {
  readonly session_id: string;
  readonly contact: SessionSnap['contact'];
  readonly evenements: readonly EvenementLigne[];
}

export interface PlanEcriture {
  readonly id: string;
  readonly created: boolean;
  /** The field-level changes recorded in the history (also returned to the caller). */
  readonly changes: Change[];
  /** Establishments upserted: `remplacer` the writer's own (overwritten), `garder` only created when new. */
  readonly organismes: { readonly remplacer: OrganismeLigne[]; readonly garder: OrganismeLigne[] };
  /** The formation's columns written (insert or update). */
  readonly colonnes: ReturnType<typeof formationColumns> & {
    siren_proprietaire: string;
    statut: Statut;
    updated_at: Date;
    updated_by: string;
  };
  /** Insert only: creation stamps (and validation stamps when created published). */
  readonly creation: {
    created_at: Date;
    created_by: string;
    validee_at?: Date;
    validee_par?: string;
  } | null;
  /** Update only: the new version. */
  readonly version: number | null;
  /** The formation's contacts, replaced as a whole; null: unchanged. */
  readonly contacts: FormationSnap['contacts'] | null;
  /** Sessions inserted or updated (unchanged ones are not written). */
  readonly sessions: SessionLigne[];
  /** Sessions whose contact and events are replaced. */
  readonly details: DetailsSession[];
  /** Sessions removed (left out and never diffused). */
  readonly sessionsSupprimees: string[];
  /** Published: the live sessions become diffused. */
  readonly diffuser: boolean;
  readonly historique: {
    formation_id: string;
    entite: 'formation';
    entite_id: string;
    action: string;
    acteur: string;
    at: Date;
    diff: Change[];
  };
  readonly feed: { type: 'formation'; entite_id: string; action: 'create' | 'update' };
}

/** The SIRETs an input names (responsable, formateur, mandataire), as the store looks them up. */
export function siretsEcrits(input: FormationInput): string[] {
  return [input.responsable?.siret, input.formateur?.siret, input.mandataire?.siret]
    .map((s) => sansEspaces(t(s)))
    .filter((s): s is string => !!s);
}

/**
 * The first check of a write, before any stored formation is read: the link. `known`: the stored
 * organismes the input names, by SIRET. Returns the organisme options of `nextSnapshot` and the
 * input's own fields without sessions (the draft). Throws URL_INVALIDE (422).
 */
export function brouillonEcriture(acteur: Acteur, input: FormationInput, known: ReadonlyMap<string, OrgRef>) {
  const orgs = organismesEcriture(acteur, known);
  const draft = nextSnapshot(
    null,
    { ...input, sessions: [] },
    { ...orgs, diffusees: new Set(), newSessionId: () => '' },
  );
  // Every channel (API, LHEO, workbook, pages): a link shown to the public is http(s) or nothing.
  if (draft.url && !isUrlWeb(draft.url))
    throw new OffreError(
      'URL_INVALIDE',
      `Adresse web « ${draft.url.slice(0, 100)} » refusée : ${MESSAGE_URL}.`,
      { champ: 'url' },
      422,
    );
  return { orgs, draft };
}

/** The known establishments of a write, and those whose identity is not the writer's to change. */
export function organismesEcriture(acteur: Acteur, known: ReadonlyMap<string, OrgRef>) {
  // Establishments outside the writer's SIREN: their known identity is not the writer's to change.
  const verrouilles = new Set([...known.keys()].filter((siret) => !canWrite(acteur, siret.slice(0, 9))));
  return { organismes: known, organismesVerrouilles: verrouilles };
}

/**
 * The owner of a write (the SIREN of the responsable, or of the mandataire of a conventionnée
 * offer; else `rowOwner`, the stored formation's, else the writer's) once the writer's right on
 * it is checked. Throws PROPRIETAIRE_INCONNU (422), ACCES_REFUSE (403).
 */
export function proprietaireEcriture(
  acteur: Acteur,
  input: FormationInput,
  draft: FormationSnap,
  rowOwner: string | null,
): string {
  const conventionnee = isConventionnee({
    contrat_apprentissage: input.modalites?.contrat_apprentissage,
    financeurs: input.financeurs,
    sessions: input.sessions ?? [],
  });
  // Another structure's mandataire, conventionnée or not: refused to a SIREN-bound writer, as the
  // form refuses it (mandataireEtranger) — even when the responsable, not it, decides the owner.
  const etranger = mandataireEtranger(acteur, draft.mandataire);
  if (etranger) throw refusMandataireEcriture(etranger);
  const owner = sirenProprietaire(draft, conventionnee) ?? rowOwner ?? sirenLie(acteur);
  if (!owner)
    throw new OffreError(
      'PROPRIETAIRE_INCONNU',
      'Indiquez au moins l’organisme responsable (responsable.siret) : son SIREN désigne le propriétaire de l’offre.',
      { champ: 'responsable.siret' },
      422,
    );
  if (!canWrite(acteur, owner)) {
    // A conventionnée action's owner is its mandataire's SIREN: the message names the role that decided.
    // `champ` says which (an LHEO refusal points at that element, import-lheo.service.ts cheminDe).
    const parMandataire = conventionnee && !!draft.mandataire?.siret;
    throw new OffreError(
      'ACCES_REFUSE',
      `Votre accès est limité au SIREN ${sirenLie(acteur) ?? '—'} : ${parMandataire ? 'le mandataire' : 'le responsable'} indiqué (SIREN ${owner}) n’en fait pas partie.`,
      { champ: parMandataire ? 'mandataire.siret' : 'responsable.siret' },
      403,
    );
  }
  return owner;
}

// ---- the mandataire of a conventionné action ----------------------------------------------
// A conventionné action is entered under its mandataire, the holder of the public market
// (PRODUCT.md « Conventionné offer », docs/conventionne.md); its SIREN owns the action
// (proprietaireEcriture). So a writer bound to a SIREN (an organisation's user or write key) may
// only name one of its own establishments as mandataire.

/** Why only the market holder enters the action: the reason every channel's refusal gives. */
export const SEUL_LE_TITULAIRE = 'Seul le titulaire du marché saisit l’action sous son mandat';

/** A mandataire outside the writer's structure (mandataireEtranger). */
export interface MandataireEtranger {
  /** Its SIRET, blanks removed. */
  readonly siret: string;
  /** The SIREN the writer is bound to. */
  readonly sirenLie: string;
}

/**
 * The decision on `mandataire` (a SIRET as typed, blanks allowed) for writer `acteur`: refused
 * when it is a well-formed SIRET outside the SIREN `acteur` is bound to (its SIRET and that SIREN
 * returned); null when it is none, not a SIRET (the field's own check says so), one of the
 * writer's, or the writer is bound to no SIREN (a gestionnaire, an administrator: their right is
 * checked by region, canWrite). Each channel words the refusal, ACCES_REFUSE (403) on
 * `mandataire.siret`, refused whole — nothing stored: a write as proprietaireEcriture's other
 * refusals (refusMandataireEcriture), the formation form as a field error with its « Aucun » option
 * (services/espace.service.ts verifierFiche); both give the same reason (SEUL_LE_TITULAIRE).
 */
export function mandataireEtranger(
  acteur: Acteur,
  mandataire: { readonly siret?: string | null } | null | undefined,
): MandataireEtranger | null {
  const siret = sansEspaces(mandataire?.siret);
  const lie = sirenLie(acteur);
  if (!siret || !lie || !isValidSiret(siret) || siret.slice(0, 9) === lie) return null;
  return { siret, sirenLie: lie };
}

/** A write's refusal (API, LHEO, workbook) of the mandataire `m` (mandataireEtranger). */
function refusMandataireEcriture(m: MandataireEtranger): OffreError {
  return new OffreError(
    'ACCES_REFUSE',
    `Votre accès est limité au SIREN ${m.sirenLie} : le mandataire indiqué (SIREN ${m.siret.slice(0, 9)}) n’en fait pas partie. ${SEUL_LE_TITULAIRE} : indiquez l’un de vos établissements comme mandataire, ou aucun.`,
    { champ: 'mandataire.siret' },
    403,
  );
}

/**
 * The SIRET (blanks removed) of `mandataire` when `acteur` may enter an action under it: a
 * well-formed SIRET of its own SIREN, or any one for a writer bound to no SIREN; null otherwise
 * (none, not a SIRET, another structure's — mandataireEtranger). Under it, the responsable and the
 * formateur may be co-contractors of other structures.
 */
export function mandataireSien(
  acteur: Acteur,
  mandataire: { readonly siret?: string | null } | null | undefined,
): string | null {
  const siret = sansEspaces(mandataire?.siret);
  if (!siret || !isValidSiret(siret) || mandataireEtranger(acteur, mandataire)) return null;
  return siret;
}

export interface PlanArgs {
  readonly id: string;
  /** The stored row (absent: a creation), with what the plan needs of it. */
  readonly row: { statut: string; version: number } | undefined;
  readonly prev: FormationSnap | null;
  readonly next: FormationSnap;
  readonly owner: string;
  readonly statut: Statut;
  readonly known: ReadonlyMap<string, OrgRef>;
  readonly extraChanges?: readonly Change[];
  readonly historyAction?: string;
}

/**
 * What writing `a.next` (already validated and allowed) does, or null when it changes nothing
 * (an existing formation, no change: nothing written, no history, no feed event).
 */
export function planEcriture(acteur: Acteur, a: PlanArgs, now: Date): PlanEcriture | null {
  const who = acteurLabel(acteur);
  const created = !a.row;
  // equalJson first: a nightly reload compares tens of thousands of unchanged formations, for which
  // diff (sorted keys, paths built, arrays flattened) finds nothing; equalJson ⇒ no change in diff.
  const changes = [
    ...(created ? diff({}, a.next) : equalJson(a.prev, a.next) ? [] : diff(a.prev, a.next)),
    ...(a.extraChanges ?? []),
  ];
  if (a.row && a.row.statut !== a.statut)
    changes.push({ champ: 'statut', avant: a.row.statut, apres: a.statut });
  if (!created && changes.length === 0) return null;

  // The writer describes establishments of its own SIREN (validators: any); another SIREN's
  // establishment is only created when new, never overwritten (issue 15, defect 3).
  const ligne = (o: OrgRef): OrganismeLigne => ({ ...o, siren: o.siret.slice(0, 9) });
  const siens = (o: OrgRef) => canWrite(acteur, o.siret.slice(0, 9));
  // Only the establishments the store's upsert would change (appliquerOrganismes): a new one, or
  // the writer's own whose row would differ once written (organismeEcrit: it keeps its first known UAI; a role's own UAI
  // is the formation's, formation.*_uai). An unchanged one sends no statement: an import meets
  // the same establishments in every chunk, and even an upsert that writes nothing locks, and
  // logs, each row it meets (issue 13, docs/mesures.md).
  const orgs = [
    ...new Map(
      [a.next.responsable, a.next.formateur, a.next.mandataire]
        .filter((o): o is OrgRef => !!o)
        .map((o) => [o.siret, o]),
    ).values(),
  ].filter((o) => {
    const k = a.known.get(o.siret);
    return !k || (siens(o) && !equalJson(organismeEcrit(k, o), k));
  });

  const publiee = a.statut === 'publiee';
  const before = new Map((a.prev?.sessions ?? []).map((s) => [s.id, s]));
  const sessions: SessionLigne[] = [];
  const details: DetailsSession[] = [];
  for (const s of a.next.sessions) {
    const old = before.get(s.id);
    before.delete(s.id);
    if (old && equalJson(old, s)) continue;
    sessions.push(sessionRow(a.id, s, now));
    if (
      !old ||
      !equalJson(
        [old.contact, old.reunions_information, old.bilans],
        [s.contact, s.reunions_information, s.bilans],
      )
    )
      details.push({
        session_id: s.id,
        contact: s.contact,
        evenements: s.reunions_information
          .map((e) => ({ ...e, type: 'reunion_information' }))
          .concat(s.bilans.map((e) => ({ ...e, type: 'bilan' }))),
      });
  }
  return {
    id: a.id,
    created,
    changes,
    organismes: {
      remplacer: orgs.filter(siens).map(ligne),
      garder: orgs.filter((o) => !siens(o)).map(ligne),
    },
    // Object.assign and two literals, not spreads: the spreads deoptimized planEcriture (« wrong
    // map ») up to 6 times per import, each time a recompilation of the whole function.
    colonnes: Object.assign(formationColumns(a.next), {
      siren_proprietaire: a.owner,
      statut: a.statut,
      updated_at: now,
      updated_by: who,
    }),
    creation: !created
      ? null
      : publiee
        ? { created_at: now, created_by: who, validee_at: now, validee_par: who }
        : { created_at: now, created_by: who },
    version: created ? null : a.row!.version + 1,
    contacts: created || !equalJson(a.prev?.contacts, a.next.contacts) ? a.next.contacts : null,
    sessions,
    details,
    // Left-out sessions that were never diffused go; diffused ones came back archived in `next`.
    sessionsSupprimees: [...before.keys()],
    diffuser: publiee,
    historique: {
      formation_id: a.id,
      entite: 'formation',
      entite_id: a.id,
      action: a.historyAction ?? (created ? 'create' : 'update'),
      acteur: who,
      at: now,
      diff: changes,
    },
    feed: { type: 'formation', entite_id: a.id, action: created ? 'create' : 'update' },
  };
}

/**
 * The `organisme` rows after upserting `plan`'s establishments into `etat` (by SIRET), as the
 * store's upsert does it: the writer's own are overwritten but keep their first known UAI (organismeEcrit), the
 * others are only created when absent. Returns the SIRETs written. `etat` is changed in place.
 */
export function appliquerOrganismes(
  etat: Map<string, OrgRef>,
  organismes: PlanEcriture['organismes'],
): string[] {
  const ecrits: string[] = [];
  for (const o of organismes.remplacer) {
    etat.set(o.siret, organismeEcrit(etat.get(o.siret), o));
    ecrits.push(o.siret);
  }
  for (const o of organismes.garder)
    if (!etat.has(o.siret)) {
      etat.set(o.siret, { siret: o.siret, uai: o.uai, raison_sociale: o.raison_sociale, nda: o.nda });
      ecrits.push(o.siret);
    }
  return ecrits;
}
