import { jourIsoLong } from './dates.ts';
import { OffreError } from './errors.ts';
import type { FormationInput, SessionInput } from './formation.schema.ts';
import { sansEspaces } from './identifiants.ts';
import { codeLieuConnu, connu, isInconnu } from './inconnu.ts';
import { cleDejaPrise, clesEnDouble, messageCleEnDouble } from './sessions-cles.ts';

// The canonical, comparable state of one formation as its owner wrote it (the write model):
// built from the tables or from an input, diffed for history, idempotency and revisions.

export interface OrgRef {
  siret: string;
  uai: string | null;
  raison_sociale: string | null;
  nda: string | null;
}
export interface Evenement {
  date: string | null;
  lieu: string | null;
  libelle: string | null;
}
export interface SessionSnap {
  id: string;
  cle_externe: string | null;
  debut: string | null;
  fin: string | null;
  etat_recrutement: 'ouvert' | 'suspendu' | 'ferme';
  capacite: number | null;
  entree_sortie: 'dates_fixes' | 'permanente' | null;
  lieu: {
    adresse: string | null;
    code_postal: string | null;
    commune: string | null;
    cedex: string | null;
    code_insee: string | null;
    uai: string | null;
    lat: number | null;
    lon: number | null;
  };
  contact: { nom: string | null; telephone: string | null; courriel: string | null } | null;
  financeur: 'region' | 'france_travail' | 'agefiph' | 'opco' | null;
  numero_marche: string | null;
  date_notification_marche: string | null;
  reunions_information: Evenement[];
  bilans: Evenement[];
  /** Kept, not offered: a diffused session left out of a full update. */
  archivee: boolean;
}
export interface FormationSnap {
  cle_externe: string | null;
  intitule: string | null;
  objectif: string | null;
  contenu: string | null;
  url: string | null;
  certification: { rncp: string | null; cfd: string | null; certifinfo: string | null };
  responsable: OrgRef | null;
  formateur: OrgRef | null;
  mandataire: OrgRef | null;
  contacts: { type: string; nom: string | null; telephone: string | null; courriel: string | null }[];
  modalites: {
    formation_continue: boolean | null;
    contrat_professionnalisation: boolean | null;
    contrat_apprentissage: boolean | null;
    annees_apprentissage: number[];
    duree_annees: number | null;
  };
  financeurs: string[];
  sessions: SessionSnap[];
}

/** '' and whitespace mean "not filled". */
export const t = (v: string | null | undefined): string | null =>
  v == null || v.trim() === '' ? null : v.trim();
const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);
/** A placeholder never replaces what is stored: the value before is kept. */
const garde = (v: string | null | undefined, avant: string | null | undefined): string | null =>
  isInconnu(v) ? (avant ?? null) : t(v);

function orgRef(
  input: FormationInput['responsable'],
  known: ReadonlyMap<string, OrgRef>,
  verrouilles: ReadonlySet<string>,
  avant: OrgRef | null | undefined,
): OrgRef | null {
  const siret = sansEspaces(connu(input?.siret)) ?? null;
  if (!siret) return null;
  // Organismes are shared: a formation that omits a fact keeps the one already known.
  const k = known.get(siret);
  // The UAI is the role's on this formation (a lycée and its UFA share a SIRET, not a UAI): an
  // omitted one keeps this role's own, and only a new role starts from the establishment's.
  const uaiConnu = avant?.siret === siret ? avant.uai : (k?.uai ?? null);
  // What a caller says about an establishment it may not describe never replaces what is known.
  if (k && verrouilles.has(siret)) return { ...k, uai: uaiConnu };
  return {
    siret,
    uai: connu(input?.uai)?.toUpperCase() ?? uaiConnu,
    raison_sociale: connu(input?.raison_sociale) ?? k?.raison_sociale ?? null,
    nda: connu(input?.nda) ?? k?.nda ?? null,
  };
}

/**
 * One organisme may play several roles: its name and NDA are merged so every role shows the
 * same; its UAI stays each role's (a role without one takes another role's).
 */
function roles(
  input: FormationInput,
  known: ReadonlyMap<string, OrgRef>,
  verrouilles: ReadonlySet<string>,
  prev: FormationSnap | null,
) {
  const refs = [
    orgRef(input.responsable, known, verrouilles, prev?.responsable),
    orgRef(input.formateur, known, verrouilles, prev?.formateur),
    orgRef(input.mandataire, known, verrouilles, prev?.mandataire),
  ];
  const merged = new Map<string, OrgRef>();
  for (const r of refs) {
    if (!r) continue;
    const m = merged.get(r.siret);
    merged.set(
      r.siret,
      m
        ? {
            siret: r.siret,
            uai: m.uai ?? r.uai,
            raison_sociale: m.raison_sociale ?? r.raison_sociale,
            nda: m.nda ?? r.nda,
          }
        : r,
    );
  }
  const pick = (r: OrgRef | null) =>
    r ? { ...merged.get(r.siret)!, uai: r.uai ?? merged.get(r.siret)!.uai } : null;
  return { responsable: pick(refs[0]!), formateur: pick(refs[1]!), mandataire: pick(refs[2]!) };
}

const evenements = (list: SessionInput['bilans'] | undefined): Evenement[] =>
  (list ?? []).map((e) => ({ date: n(e.date), lieu: connu(e.lieu), libelle: connu(e.libelle) }));

/**
 * A stored session in a refusal, by its dates (« La session du 1er septembre 2026 au 30 juin
 * 2028 »): never by its internal id, which pages do not show (the API has it in `session_id`).
 */
const laSession = (s: { readonly debut: string | null; readonly fin: string | null }) =>
  `La session du ${jourIsoLong(s.debut)} au ${jourIsoLong(s.fin)}`;

function sessionSnap(id: string, s: SessionInput): SessionSnap {
  const contact = s.contact
    ? {
        nom: connu(s.contact.nom),
        telephone: connu(s.contact.telephone),
        courriel: connu(s.contact.courriel),
      }
    : null;
  return {
    id,
    cle_externe: t(s.cle_externe),
    debut: n(s.debut),
    fin: n(s.fin),
    etat_recrutement: s.etat_recrutement ?? 'ouvert',
    capacite: n(s.capacite),
    entree_sortie: n(s.entree_sortie),
    lieu: {
      adresse: connu(s.lieu?.adresse),
      code_postal: codeLieuConnu(s.lieu?.code_postal),
      commune: connu(s.lieu?.commune),
      cedex: connu(s.lieu?.cedex),
      code_insee: codeLieuConnu(s.lieu?.code_insee)?.toUpperCase() ?? null,
      uai: connu(s.lieu?.uai)?.toUpperCase() ?? null,
      lat: n(s.lieu?.lat),
      lon: n(s.lieu?.lon),
    },
    contact: contact && (contact.nom || contact.telephone || contact.courriel) ? contact : null,
    financeur: n(s.financeur),
    numero_marche: t(s.numero_marche),
    date_notification_marche: n(s.date_notification_marche),
    reunions_information: evenements(s.reunions_information),
    bilans: evenements(s.bilans),
    archivee: false,
  };
}

export interface NextOptions {
  /** Known facts of the organismes the input names (by SIRET). */
  readonly organismes: ReadonlyMap<string, OrgRef>;
  /**
   * SIRETs of `organismes` the writer may not describe (outside its own SIREN): their known facts
   * (name, UAI, NDA) are kept whatever the input says. Default: none.
   */
  readonly organismesVerrouilles?: ReadonlySet<string>;
  /** Sessions that were ever diffused: their dates are frozen. */
  readonly diffusees: ReadonlySet<string>;
  readonly newSessionId: () => string;
  /** Revisions carry ids minted when proposed; an outside caller may only name existing sessions. */
  readonly allowNewSessionIds?: boolean;
}

/**
 * The state after applying a full `input` to `prev` (null = new). Sessions are matched by id, then
 * cle_externe, then same start, end and postal code; a diffused session is never re-dated; one
 * left out is archived when it was diffused, dropped otherwise.
 */
export function nextSnapshot(
  prev: FormationSnap | null,
  input: FormationInput,
  opts: NextOptions,
): FormationSnap {
  const before = prev?.sessions ?? [];
  const unmatched = new Set(before.map((s) => s.id));
  const sessions = (input.sessions ?? []).map((entree, i) => {
    let s = entree;
    const cle = t(s.cle_externe);
    let match: SessionSnap | undefined;
    if (t(s.id)) {
      match = before.find((b) => b.id === s.id);
      if (!match && !opts.allowNewSessionIds)
        throw new OffreError(
          'SESSION_INCONNUE',
          `La session « ${s.id} » n’existe pas dans cette formation : pour une nouvelle session, n’indiquez pas d’identifiant.`,
          { champ: `sessions.${i}.id` },
          422,
        );
    } else if (cle) {
      match = before.find((b) => unmatched.has(b.id) && b.cle_externe === cle);
      // Offre's own export names a session without external key by its id (issue 15, defect 10):
      // the same session, still without an external key.
      if (!match) {
        match = before.find((b) => unmatched.has(b.id) && !b.cle_externe && b.id === cle);
        if (match) s = { ...s, cle_externe: null };
      }
    } else
      match = before.find(
        (b) =>
          unmatched.has(b.id) &&
          !b.cle_externe &&
          b.debut === n(s.debut) &&
          b.fin === n(s.fin) &&
          b.lieu.code_postal === codeLieuConnu(s.lieu?.code_postal) &&
          // A new market is a new session (Auvergne guide), even on the same dates and place.
          b.numero_marche === t(s.numero_marche),
      );
    const id = match?.id ?? t(s.id) ?? opts.newSessionId();
    unmatched.delete(id);
    const next = sessionSnap(id, s);
    // What the input does not carry is kept (issue 15, defect 10: the public export has no bilans).
    if (match && s.reunions_information === undefined) next.reunions_information = match.reunions_information;
    if (match && s.bilans === undefined) next.bilans = match.bilans;
    if (match && opts.diffusees.has(id) && (match.debut !== next.debut || match.fin !== next.fin))
      throw new OffreError(
        'SESSION_REDATEE',
        `${laSession(match)} a déjà été diffusée : ses dates ne peuvent plus changer. ` +
          'Une référence de session est permanente : créez une nouvelle session pour la nouvelle période (et fermez ou retirez l’ancienne).',
        { champ: `sessions.${i}.${match.debut !== next.debut ? 'debut' : 'fin'}`, session_id: id },
        422,
      );
    if (
      match &&
      opts.diffusees.has(id) &&
      match.numero_marche !== null &&
      match.numero_marche !== next.numero_marche
    )
      throw new OffreError(
        'SESSION_NOUVEAU_MARCHE',
        `${laSession(match)} a été diffusée sous le marché ${match.numero_marche} : un nouveau marché (${next.numero_marche ?? 'aucun'}) est une nouvelle session. ` +
          'Créez une session pour le nouveau marché (sans identifiant ni clé de l’ancienne) et fermez ou retirez l’ancienne.',
        { champ: `sessions.${i}.numero_marche`, session_id: id },
        422,
      );
    return next;
  });
  const kept = before
    .filter((b) => unmatched.has(b.id) && opts.diffusees.has(b.id))
    .map((b) => ({ ...b, archivee: true }));
  // Each session its own key (the schema refuses two in the input): also none taken from a session
  // kept archived, nor given, by its id, to a session while another keeps it.
  // `concat`, not a spread: `kept` is nearly always empty (an array of another shape for V8), and a
  // spread of it deoptimized nextSnapshot, recompiled up to 5 times per import.
  const toutes = sessions.concat(kept);
  const double = clesEnDouble(toutes.map((s) => s.cle_externe))[0];
  if (double) {
    const champ = `sessions[${double.premier}].cle_externe`;
    if (double.second < sessions.length)
      throw new OffreError('SESSION_CLE_EN_DOUBLE', messageCleEnDouble(double), {
        champ: `sessions.${double.second}.cle_externe`,
      });
    throw cleDejaPrise(champ, double.cle, kept[double.second - sessions.length]!);
  }
  const m = input.modalites;
  return {
    cle_externe: t(input.cle_externe),
    intitule: garde(input.intitule, prev?.intitule),
    objectif: garde(input.objectif, prev?.objectif),
    contenu: garde(input.contenu, prev?.contenu),
    url: garde(input.url, prev?.url),
    certification: {
      rncp: t(input.certification?.rncp)?.toUpperCase() ?? null,
      cfd: t(input.certification?.cfd)?.toUpperCase() ?? null,
      certifinfo: t(input.certification?.certifinfo),
    },
    ...roles(input, opts.organismes, opts.organismesVerrouilles ?? new Set(), prev),
    contacts: (input.contacts ?? [])
      .map((c) => ({
        type: c.type ?? 'autre',
        nom: connu(c.nom),
        telephone: connu(c.telephone),
        courriel: connu(c.courriel),
      }))
      .filter((c) => c.nom || c.telephone || c.courriel),
    modalites: {
      formation_continue: n(m?.formation_continue),
      contrat_professionnalisation: n(m?.contrat_professionnalisation),
      contrat_apprentissage: n(m?.contrat_apprentissage),
      annees_apprentissage: [...new Set(m?.annees_apprentissage ?? [])].sort((a, b) => a - b),
      duree_annees: n(m?.duree_annees),
    },
    financeurs: [...new Set(input.financeurs ?? [])].sort(),
    sessions: toutes,
  };
}

/** The input that reproduces `snap` (archived sessions stay out: they are kept by absence). */
export function snapshotToInput(snap: FormationSnap): FormationInput {
  return {
    ...snap,
    sessions: snap.sessions.filter((s) => !s.archivee).map(({ archivee: _a, ...s }) => s),
  } as FormationInput;
}

/**
 * SIREN owning the offer (writes, keys and accounts): for a conventionné action that names one, the
 * mandataire's — the organisation holding the market enters and edits it, the formateur is shown
 * (Auvergne guide, issue 12); otherwise the responsable's, else the formateur's, else the mandataire's.
 */
export function sirenProprietaire(snap: FormationSnap, conventionnee = false): string | null {
  if (conventionnee && snap.mandataire?.siret) return snap.mandataire.siret.slice(0, 9);
  const siret = snap.responsable?.siret ?? snap.formateur?.siret ?? snap.mandataire?.siret ?? null;
  return siret ? siret.slice(0, 9) : null;
}
