import { jourIsoLong } from '../../../domain/dates.ts';
import { type Change, memeContenu } from '../../../domain/diff.ts';
import { capitale } from '../../../domain/elision.ts';
import { CHAMP_HORS_DIFFUSION, estCommentaireDeRetour, phraseRetour } from '../../../domain/historique.ts';
import { referenceOrganisme } from '../../../domain/reference-organisme.ts';
import { type NomsSessions, phraseSessionSimple, sessionsUneAUne } from '../../../domain/sessions-noms.ts';
import {
  CHAMPS_SESSION,
  CLES,
  isObject,
  lieuEtRecrutement,
  type Obj,
  OUVERTS,
  valeurHistorique,
  vide,
} from '../../../domain/valeur-lisible.ts';

export { type NomsSessions, nomSession, nomsAuFil, nomsSessions } from '../../../domain/sessions-noms.ts';
export { valeurHistorique } from '../../../domain/valeur-lisible.ts';

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
    // The key Offre makes for a workbook's new row is no reference the organisme knows: not said.
    if (champ === 'cle_externe') {
      avant = referenceOrganisme(typeof avant === 'string' ? avant : null);
      apres = referenceOrganisme(typeof apres === 'string' ? apres : null);
    }
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
    // A comment cleared (a validation, a resubmission) is no change of the offer: kept in the data only.
    if (estCommentaireDeRetour(champ)) return;
    const phrase = phraseSession(champ, avant, apres, noms, retour);
    if (l.avant !== l.apres) out.push(phrase ? { ...l, phrase } : l);
  };
  for (const d of sessionsUneAUne(diff)) ajouter(d.champ, d.avant, d.apres, d.retour);
  return out;
}
