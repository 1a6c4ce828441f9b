import { lignePostale } from './adresse-lieu.ts';
import { annees, jourIsoLong } from './dates.ts';
import { capitale } from './elision.ts';
import { ENTREES_SORTIES } from './formation.schema.ts';
import { CODE_CERTIFICATION } from './historique.ts';
import { organismeLisible, siretLisible } from './identifiants.ts';
import { ETAT_RECRUTEMENT, ETAT_RECRUTEMENT_VALEUR, FINANCEUR, TYPE_CONTACT } from './libelles.ts';
import { nombre } from './nombres.ts';
import { type DatesSession, nomSession } from './sessions-noms.ts';
import { LIBELLE_STATUT as STATUT } from './statut.ts';

// A stored value as a person reads it: dates in words, oui/non, codes by their French label
// (statut, recrutement, financeur, rôle of a contact), a certification by its codes and title, a
// place, a contact or a réunion d’information field by field — never JSON, never an internal id
// nor a place's coordinates. The one rendering of the history, the gestionnaire's review and the
// LHEO import's report (page, CSV, command line).

export const CHAMPS_SESSION: Readonly<Record<string, string>> = {
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
export const CLES: Readonly<Record<string, string>> = {
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
export const OUVERTS = new Set(['modalites']);

export type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const court = (s: string) => (s.length > 160 ? `${s.slice(0, 157)}…` : s);
export const vide = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

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

/** A session's place and recruitment: « 53000 Laval, recrutement ouvert », « 53063 LAVAL CEDEX 9, … » ('' when neither). */
export function lieuEtRecrutement(s: Obj): string {
  // The postal line every page writes (adresse-lieu.ts): with a cedex, La Poste's CEDEX line.
  const lieu = isObject(s.lieu)
    ? (lignePostale({
        code_postal: vide(s.lieu.code_postal) ? null : String(s.lieu.code_postal),
        commune: vide(s.lieu.commune) ? null : String(s.lieu.commune),
        cedex: vide(s.lieu.cedex) ? null : String(s.lieu.cedex),
      }) ?? '')
    : '';
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
    // A SIRET grouped as every page shows it (« 931 910 004 00049 »).
    if (feuille(champ) === 'siret') return siretLisible(v);
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
