import { annees, jourIsoLong } from '../../../domain/dates.ts';
import { type Change, memeContenu } from '../../../domain/diff.ts';
import { capitale } from '../../../domain/elision.ts';
import { ENTREES_SORTIES } from '../../../domain/formation.schema.ts';
import { CHAMP_HORS_DIFFUSION, CODE_CERTIFICATION, phraseRetour } from '../../../domain/historique.ts';
import { organismeLisible } from '../../../domain/identifiants.ts';
import { nombre } from '../../../domain/nombres.ts';
import {
  type DatesSession,
  type NomsSessions,
  nomSession,
  phraseSessionSimple,
  sessionsUneAUne,
} from '../../../domain/sessions-noms.ts';
import { ETAT_RECRUTEMENT, ETAT_RECRUTEMENT_VALEUR, FINANCEUR, TYPE_CONTACT } from '../libelles.ts';
import { STATUT } from './libelles.ts';

export { type NomsSessions, nomSession, nomsAuFil, nomsSessions } from '../../../domain/sessions-noms.ts';

// The history's changes as a person reads them: French field names and values (certification by
// its codes, dates in words, oui/non), grouped objects opened field by field, a session taken out
// said so (« Session du … retirée »), a gestionnaire's return as the event it is (« Retournée à
// l’organisme pour correction : « … » »), never a place's coordinates (derived from its commune),
// and never a change whose before and after read the same (null → "" is no change to a reader).

export interface LigneHistorique {
  readonly champ: string;
  readonly avant: string;
  readonly apres: string;
  /** The line as a sentence when « champ : avant → après » is not how a person says it (a session retirée). */
  readonly phrase?: string;
}

/** The fields of one organisme role (`responsable.siret`…), opened by the diff when it changes. */
function champsOrganisme(role: string, de: string): Record<string, string> {
  return {
    [`${role}.siret`]: `SIRET ${de}`,
    [`${role}.uai`]: `UAI ${de}`,
    [`${role}.raison_sociale`]: `Raison sociale ${de}`,
    [`${role}.nda`]: `Numéro de déclaration d’activité ${de}`,
  };
}

/**
 * The French name of every field path the history can hold (domain/diff.ts opens objects down to
 * their leaves: `certification.rncp`, `responsable.siret`); the one source of these labels.
 */
const CHAMPS: Readonly<Record<string, string>> = {
  cle_externe: 'Référence externe',
  intitule: 'Intitulé',
  objectif: 'Objectif',
  contenu: 'Contenu',
  url: 'Lien web',
  certification: 'Certification',
  'certification.rncp': 'Certification (RNCP)',
  'certification.cfd': 'Certification (CFD)',
  'certification.certifinfo': 'Certification (Certif Info)',
  responsable: 'Organisme responsable',
  formateur: 'Organisme formateur',
  mandataire: 'Mandataire',
  ...champsOrganisme('responsable', 'du responsable'),
  ...champsOrganisme('formateur', 'du formateur'),
  ...champsOrganisme('mandataire', 'du mandataire'),
  contacts: 'Contacts',
  modalites: 'Modalités',
  'modalites.formation_continue': 'Formation continue',
  'modalites.contrat_professionnalisation': 'Contrat de professionnalisation',
  'modalites.contrat_apprentissage': 'Contrat d’apprentissage',
  'modalites.annees_apprentissage': 'Années ouvertes à l’apprentissage',
  'modalites.duree_annees': 'Durée du cursus',
  financeurs: 'Financeurs',
  sessions: 'Sessions',
  statut: 'Statut',
  commentaire_gestionnaire: 'Commentaire du gestionnaire',
  commentaire: 'Commentaire du gestionnaire',
};

const CHAMPS_SESSION: Readonly<Record<string, string>> = {
  cle_externe: 'référence externe',
  debut: 'début',
  fin: 'fin',
  etat_recrutement: 'recrutement',
  capacite: 'capacité',
  entree_sortie: 'entrées et sorties',
  lieu: 'lieu',
  'lieu.adresse': 'adresse du lieu',
  'lieu.code_postal': 'code postal du lieu',
  'lieu.commune': 'commune du lieu',
  'lieu.cedex': 'cedex du lieu',
  'lieu.code_insee': 'code INSEE du lieu',
  'lieu.uai': 'UAI du lieu',
  'lieu.lat': 'latitude du lieu',
  'lieu.lon': 'longitude du lieu',
  contact: 'contact',
  'contact.nom': 'nom du contact',
  'contact.telephone': 'téléphone du contact',
  'contact.courriel': 'courriel du contact',
  archivee: 'archivée',
  financeur: 'financeur',
  numero_marche: 'numéro de marché',
  date_notification_marche: 'notification du marché',
  reunions_information: 'réunions d’information',
  bilans: 'bilans',
};

/**
 * The French name of a key inside a value read whole (a place, a contact, a réunion
 * d’information…): « code postal : 69001 », never `code_postal`. A key it does not know reads
 * « détail » (internal ids are never shown: `SANS_CLE`).
 */
const CLES: Readonly<Record<string, string>> = {
  adresse: 'adresse',
  code_postal: 'code postal',
  commune: 'commune',
  cedex: 'cedex',
  code_insee: 'code INSEE',
  uai: 'UAI',
  nom: 'nom',
  telephone: 'téléphone',
  courriel: 'courriel',
  type: 'rôle',
  siret: 'SIRET',
  raison_sociale: 'raison sociale',
  nda: 'numéro de déclaration d’activité',
  date: 'date',
  lieu: 'lieu',
  libelle: 'libellé',
  rncp: 'RNCP',
  cfd: 'CFD',
  certifinfo: 'Certif Info',
  ...CHAMPS_SESSION,
};

/** Keys never shown in a value read whole: internal ids, a place's derived coordinates, a form's choice. */
const SANS_CLE = new Set(['id', 'session_id', 'formation_id', 'lat', 'lon', 'choix']);

/**
 * The coded values the history can hold, by the last name of their field (`statut`,
 * `sessions[…].etat_recrutement`, `financeurs[]`, `sessions[…].contact.type`…): the one map from a
 * stored code to the French a reader sees.
 */
const VALEURS_CODEES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  statut: STATUT,
  etat_recrutement: ETAT_RECRUTEMENT_VALEUR,
  entree_sortie: ENTREES_SORTIES,
  financeur: FINANCEUR,
  financeurs: FINANCEUR,
  type: TYPE_CONTACT,
};

/** `sessions[se_1].etat_recrutement` → `etat_recrutement`; `financeurs[]` → `financeurs`. */
const feuille = (champ: string) => champ.replace(/\[\]$/, '').split('.').pop()!;

/** Objects opened field by field (the others are read as one value). */
const OUVERTS = new Set(['modalites']);

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const court = (s: string) => (s.length > 160 ? `${s.slice(0, 157)}…` : s);
const vide = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/**
 * The French name of a history field path (`sessions[se_…].debut` → « Session du 1er septembre
 * 2026 au 30 juin 2028 : début » when `noms` has its dates, else « Session sans dates : début », never its id),
 * undefined for a path no label names (then shown as is by `nomDuChamp`).
 */
export function libelleDuChamp(champ: string, noms: NomsSessions = new Map()): string | undefined {
  const session = (id: string) => {
    const nom = noms.get(id);
    return nom ? capitale(nom) : 'Session sans dates';
  };
  const s = /^sessions\[([^\]]+)\]$/.exec(champ);
  if (s) return session(s[1]!);
  const sc = /^sessions\[([^\]]+)\]\.(.+)$/.exec(champ);
  if (sc) {
    const l = CHAMPS_SESSION[sc[2]!];
    return l && `${session(sc[1]!)} : ${l}`;
  }
  return CHAMPS[champ];
}

/**
 * The French name of a history field path; a path no label names reads « Détail modifié » (inside
 * a session « Session du … : détail modifié »), never the path itself.
 */
export function nomDuChamp(champ: string, noms: NomsSessions = new Map()): string {
  const l = libelleDuChamp(champ, noms);
  if (l) return l;
  const se = /^(sessions\[[^\]]+\])\./.exec(champ);
  return se ? `${nomDuChamp(se[1]!, noms)} : détail modifié` : 'Détail modifié';
}

function certification(c: Obj, titres: ReadonlyMap<string, string>): string {
  const codes = [
    c.rncp,
    c.cfd ? `CFD ${String(c.cfd)}` : null,
    c.certifinfo ? `Certif Info ${String(c.certifinfo)}` : null,
  ]
    .filter((x) => !!x)
    .map(String);
  if (!codes.length) return 'vide';
  const titre = titres.get(String(c.rncp ?? c.cfd ?? ''));
  return `${codes.join(' / ')}${titre ? ` – ${titre}` : ''}`;
}

function organisme(o: Obj): string {
  if (!o.siret) return 'vide';
  return organismeLisible(String(o.siret), o.raison_sociale ? String(o.raison_sociale) : null);
}

function contact(c: Obj): string {
  const role = c.type ? TYPE_CONTACT[String(c.type)] : null;
  const detail = [c.telephone, c.courriel].filter((x) => !vide(x)).join(', ');
  return [role, c.nom, detail || null].filter((x) => !vide(x)).join(' – ');
}

/** A session's place and recruitment: « 53000 Laval, recrutement ouvert » ('' when neither). */
function lieuEtRecrutement(s: Obj): string {
  const lieu = isObject(s.lieu) ? [s.lieu.code_postal, s.lieu.commune].filter((x) => !vide(x)).join(' ') : '';
  // The label already names it: « recrutement ouvert », not « recrutement Recrutement ouvert ».
  const etat = s.etat_recrutement
    ? (ETAT_RECRUTEMENT[String(s.etat_recrutement)]?.toLowerCase() ?? `recrutement ${s.etat_recrutement}`)
    : '';
  return [lieu, etat].filter((x) => x).join(', ');
}

function session(s: Obj): string {
  const dates = capitale(nomSession(s as DatesSession) ?? 'session sans dates');
  return [dates, lieuEtRecrutement(s)].filter((x) => x).join(', ');
}

/** One value as read: `champ` says how (statut, durée, certification…). */
export function valeurHistorique(
  champ: string,
  v: unknown,
  titres: ReadonlyMap<string, string> = new Map(),
): string {
  if (vide(v)) return 'vide';
  if (v === true) return 'oui';
  if (v === false) return 'non';
  const racine = champ.replace(/\[.*$/, '').split('.')[0]!;
  const code = typeof v === 'string' ? VALEURS_CODEES[feuille(champ)]?.[v] : undefined;
  if (code) return code;
  if (champ === 'modalites.duree_annees' && typeof v === 'number') return annees(v);
  if (champ === 'modalites.annees_apprentissage' && Array.isArray(v))
    return v.map((a) => (a === 1 ? '1re année' : `${a}e année`)).join(', ');
  if (typeof v === 'string' && CODE_CERTIFICATION.test(champ) && titres.get(v))
    return court(`${v} – ${titres.get(v)}`);
  if (typeof v === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return jourIsoLong(v);
    return court(v);
  }
  if (typeof v === 'number') return nombre(v);
  if (racine === 'certification' && isObject(v)) return certification(v, titres);
  if (['responsable', 'formateur', 'mandataire'].includes(racine) && isObject(v)) return organisme(v);
  if (racine === 'contacts' && Array.isArray(v))
    return court(v.map((c) => (isObject(c) ? contact(c) : String(c))).join(' ; ')) || 'vide';
  if (/^sessions\[[^\]]+\]$/.test(champ) && isObject(v)) return court(session(v));
  if (Array.isArray(v)) return court(v.map((x) => valeurHistorique(`${champ}[]`, x)).join(', '));
  if (isObject(v)) {
    const parts = Object.entries(v)
      // Never an internal id, nor a place's coordinates (derived from its commune, see DERIVE).
      .filter(([k, x]) => !vide(x) && !SANS_CLE.has(k))
      .map(([k, x]) => `${CLES[k] ?? 'détail'} : ${valeurHistorique(`${champ}.${k}`, x)}`);
    return parts.length ? court(parts.join(' ; ')) : 'vide';
  }
  return court(String(v));
}

/**
 * What makes a session conventionnée, as read: « Financeur : Région », « Numéro de marché :
 * M1451401 », « Notification du marché : 15 novembre 2026 » (those it has; none for another).
 */
export function conventionnementSession(s: unknown): string[] {
  if (!isObject(s)) return [];
  return (
    [
      ['financeur', 'Financeur'],
      ['numero_marche', 'Numéro de marché'],
      ['date_notification_marche', 'Notification du marché'],
    ] as const
  )
    .filter(([k]) => !vide(s[k]))
    .map(([k, nom]) => `${nom} : ${valeurHistorique(`sessions[].${k}`, s[k])}`);
}

/** A place's coordinates: derived from its commune (or address), kept in the API's history, never shown. */
const DERIVE = /^sessions\[[^\]]+\]\.lieu\.(lat|lon)$/;

/**
 * A session taken out of the offer, put back or added, as a sentence: `sessions[id].archivee`
 * false → true (a diffused session is kept, archived), `sessions[id]` a session → nothing (one
 * never diffused is dropped), or back: « Session du 1er septembre 2027 au 30 juin 2028 retirée » /
 * « … remise en ligne »; `sessions[id]` nothing → a session: « Session du … ajoutée (53000 Laval,
 * recrutement ouvert) ». The one wording of the history and the gestionnaire's review.
 */
export function phraseSession(
  champ: string,
  avant: unknown,
  apres: unknown,
  noms: NomsSessions,
  retour = false,
): string | null {
  const phrase = phraseSessionSimple(champ, avant, apres, noms, retour);
  // An added session says where and whether it recruits.
  const detail = phrase && !isObject(avant) && isObject(apres) ? lieuEtRecrutement(apres) : '';
  return phrase && detail ? `${phrase} (${detail})` : phrase;
}

const EVENEMENT = /^sessions\[([^\]]+)\]\.(reunions_information|bilans)$/;

/** « Réunion d’information du 15 juin 2027 », « Bilan « Bilan intermédiaire » du 15 décembre 2027 ». */
function nomEvenement(quoi: string, e: Obj): string {
  const libelle = vide(e.libelle) ? '' : ` « ${String(e.libelle)} »`;
  const date = typeof e.date === 'string' && e.date ? ` du ${jourIsoLong(e.date)}` : '';
  return `${quoi === 'bilans' ? 'Bilan' : 'Réunion d’information'}${libelle}${date}`;
}

/**
 * A session's réunions d’information or bilans changed, one sentence per réunion or bilan:
 * « Réunion d’information du 15 juin 2027 ajoutée (session du …) », « Bilan « … » du … retiré
 * (session du …) », « … modifié (session du …) : lieu : Salle B → Salle C ». The ones left as they
 * were are not said; one changed is told from one added and one removed by its date, else its
 * libellé, else its rank. Null when `champ` is no such list.
 */
function lignesEvenements(
  champ: string,
  avant: unknown,
  apres: unknown,
  noms: NomsSessions,
): LigneHistorique[] | null {
  const m = EVENEMENT.exec(champ);
  const liste = (v: unknown) => (Array.isArray(v) ? v.filter(isObject) : vide(v) ? [] : null);
  const a = liste(avant);
  const b = liste(apres);
  if (!m || !a || !b) return null;
  const quoi = m[2]!;
  const feminin = quoi === 'reunions_information';
  const accord = (mot: string) => (feminin ? `${mot}e` : mot);
  const nom = noms.get(m[1]!);
  const session = nom ? ` (${nom})` : '';
  const retires = a.filter((x) => !b.some((y) => memeContenu(x, y)));
  const ajoutes = b.filter((y) => !a.some((x) => memeContenu(x, y)));
  const paires: [Obj, Obj][] = [];
  for (const cle of ['date', 'libelle', null] as const)
    for (const x of [...retires]) {
      const i = ajoutes.findIndex((y) => (cle ? !vide(x[cle]) && x[cle] === y[cle] : true));
      if (i < 0) continue;
      paires.push([x, ajoutes[i]!]);
      ajoutes.splice(i, 1);
      retires.splice(retires.indexOf(x), 1);
    }
  const ligne = (phrase: string): LigneHistorique => ({
    champ: nomDuChamp(champ, noms),
    avant: '',
    apres: '',
    phrase,
  });
  return [
    ...paires.map(([x, y]) => {
      const details = ['date', 'lieu', 'libelle']
        .filter((k) => !memeContenu(x[k], y[k]))
        .map(
          (k) =>
            `${CLES[k]} : ${valeurHistorique(`${champ}.${k}`, x[k])} → ${valeurHistorique(`${champ}.${k}`, y[k])}`,
        );
      return ligne(`${nomEvenement(quoi, x)} ${accord('modifié')}${session} : ${details.join(' ; ')}`);
    }),
    ...retires.map((x) => ligne(`${nomEvenement(quoi, x)} ${accord('retiré')}${session}`)),
    ...ajoutes.map((y) => ligne(`${nomEvenement(quoi, y)} ${accord('ajouté')}${session}`)),
  ];
}

/** The changes of one history entry, as lines to show (unchanged-looking ones left out). */
export function lignesHistorique(
  diff: readonly Change[],
  titres: ReadonlyMap<string, string> = new Map(),
  /** The sessions by their dates (`nomsSessions`); a session it does not name reads by its id. */
  noms: NomsSessions = new Map(),
) {
  const out: LigneHistorique[] = [];
  const ajouter = (champ: string, avant: unknown, apres: unknown, retour = false) => {
    if (OUVERTS.has(champ) && (isObject(avant) || isObject(apres))) {
      const a = isObject(avant) ? avant : {};
      const b = isObject(apres) ? apres : {};
      for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort())
        ajouter(`${champ}.${k}`, a[k], b[k], retour);
      return;
    }
    // Said by the entry's own sentence (domain/historique.ts phraseHorsDiffusion).
    if (DERIVE.test(champ) || champ === CHAMP_HORS_DIFFUSION) return;
    const evenements = lignesEvenements(champ, avant, apres, noms);
    if (evenements) {
      out.push(...evenements);
      return;
    }
    const l = {
      champ: nomDuChamp(champ, noms),
      avant: valeurHistorique(champ, avant, titres),
      apres: valeurHistorique(champ, apres, titres),
    };
    // A return's comment is an event, said even when it repeats the previous one.
    const evenement = phraseRetour(champ, apres);
    if (evenement) {
      out.push({ ...l, phrase: evenement });
      return;
    }
    const phrase = phraseSession(champ, avant, apres, noms, retour);
    if (l.avant !== l.apres) out.push(phrase ? { ...l, phrase } : l);
  };
  for (const d of sessionsUneAUne(diff)) ajouter(d.champ, d.avant, d.apres, d.retour);
  return out;
}
