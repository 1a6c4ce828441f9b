import { nomOfficiel } from '../../domain/commune.ts';
import type { ContactInput, FormationInput, SessionInput } from '../../domain/formation.schema.ts';
import type { RevisionOuverte } from '../../domain/revision.ts';
import { sessionsFermees } from '../../domain/workflow.ts';
import type { Cible, FormationVue, LigneValide } from './classeur.cibles.ts';
import { type CleColonne, type Colonne, colonnesClasseur } from './classeur.columns.ts';
import { cleLieu, type Fenetre, lieuxDe, type Valeurs } from './classeur.rows.ts';

// The new state of each formation the valid rows touch, as a full FormationInput for the
// formation service (which diffs, records history and keeps diffused sessions' dates frozen).

const bool = (s: string | null | undefined) => (s === 'oui' ? true : s === 'non' ? false : null);
const entier = (s: string | null | undefined) => (s == null ? null : Number(s));
const annees = (s: string | null | undefined) => (s ? s.split(',').map(Number) : []);

// The columns by key: their store fields (`champs`) do not depend on the campaign year.
const COLONNE = new Map(colonnesClasseur(0).map((c) => [c.cle as CleColonne, c]));

/** A column's cell as the value of its store field (classeur.values.ts canonical text). */
function valeurDe(c: Colonne, v: string | null): unknown {
  if (c.genre === 'entier') return entier(v);
  if (c.genre === 'annees') return annees(v);
  if (c.genre === 'ouinon') return bool(v);
  return v;
}

/**
 * Writes the formation-wide column `cle` into `input`, at the store field its column names
 * (classeur.columns.ts `champs`). A place's and the dates' columns are written by applyLieu.
 */
function applyChamp(input: FormationInput, cle: CleColonne, v: string | null): void {
  const c = COLONNE.get(cle)!;
  const [objet, champ, sous] = (c.champs[0] ?? '').split('.') as [
    string,
    string | undefined,
    string | undefined,
  ];
  if (c.portee !== 'formation' || !objet) return;
  if (objet === 'contacts') {
    // The référent handicap is the contact of that type, the main contact the first other one.
    updateContact(input, cle.startsWith('handicap'), sous as 'nom', v);
    return;
  }
  if (objet === 'responsable' || objet === 'formateur') {
    const o = input[objet];
    if (champ === 'siret') input[objet] = v ? (o?.siret === v ? o : { siret: v, uai: o?.uai ?? null }) : null;
    // A UAI without an organisme's SIRET is not written (the SIRET column carries the organisme).
    else if (o) input[objet] = { ...o, uai: v };
    return;
  }
  const f = input as unknown as Record<string, unknown>;
  if (champ === undefined) f[objet] = valeurDe(c, v);
  else f[objet] = { ...(f[objet] as object | undefined), [champ]: valeurDe(c, v) };
}

function updateContact(
  input: FormationInput,
  handicap: boolean,
  champ: 'nom' | 'telephone' | 'courriel',
  v: string | null,
) {
  const i = input.contacts.findIndex((c) => (c.type === 'referent_handicap') === handicap);
  const contact: ContactInput =
    i >= 0 ? { ...input.contacts[i]! } : { type: handicap ? 'referent_handicap' : 'accueil' };
  contact[champ] = v;
  if (i >= 0) input.contacts[i] = contact;
  else input.contacts.push(contact);
}

function lieuDe(
  v: Valeurs,
  reference: SessionInput | null | undefined,
  commune: LigneValide['commune'],
): SessionInput['lieu'] {
  const memeLieu =
    reference &&
    cleLieu(reference.lieu ?? {}) ===
      cleLieu({ adresse: v.adresse, code_postal: v.codePostal, commune: v.commune, uai: v.uaiLieu });
  // Same place: keep what the workbook does not show (INSEE code, coordinates, cedex). A new one:
  // its commune's official name, INSEE code and coordinates (the analysis found it in the communes
  // reference, as the session form does); the address and postal code as the row writes them.
  const trouvee = !memeLieu && commune ? commune : null;
  return {
    ...(memeLieu
      ? reference!.lieu
      : trouvee
        ? { code_insee: trouvee.code_insee, lat: trouvee.lat, lon: trouvee.lon }
        : {}),
    adresse: v.adresse ?? null,
    code_postal: v.codePostal ?? trouvee?.code_postal ?? null,
    commune: trouvee ? nomOfficiel(v.commune ?? null, trouvee.nom) : (v.commune ?? null),
    uai: v.uaiLieu ?? null,
  };
}

/**
 * A new session from the row's cells; what the workbook has no column for (the session's contact,
 * its entry mode) from `modele`: the session the row was copied from (LigneValide.copiee), else
 * the place's reference session. A copy also takes the copied session's market (financeur, number,
 * notification day: « this session, elsewhere », docs/formats.md); a new campaign's session at a
 * known place does not (a new market is a new session, PRODUCT.md): without them it inherits the
 * action's financeur and CONV_MARCHE asks for its number (domain/financement.ts).
 */
function nouvelleSession(
  v: Valeurs,
  reference: SessionInput | null | undefined,
  commune: LigneValide['commune'],
  copiee?: SessionInput | null,
): SessionInput {
  const modele = copiee ?? reference;
  return {
    debut: v.debut ?? null,
    fin: v.fin ?? null,
    etat_recrutement: 'ouvert',
    capacite: entier(v.capacite),
    entree_sortie: modele?.entree_sortie ?? null,
    lieu: lieuDe(v, reference, commune),
    contact: modele?.contact ?? null,
    ...(copiee
      ? {
          financeur: copiee.financeur ?? null,
          numero_marche: copiee.numero_marche ?? null,
          date_notification_marche: copiee.date_notification_marche ?? null,
        }
      : {}),
    reunions_information: [],
    bilans: [],
  };
}

/** The existing formation after its valid rows: changed fields, campaign sessions made or updated, places closed. */
export function scheduleMaj(
  vue: FormationVue,
  cible: Cible,
  fenetre: Fenetre,
): { input: FormationInput; archiver: boolean } {
  const input: FormationInput = structuredClone(vue.input);
  input.contacts = input.contacts ?? [];
  for (const l of cible.lignes)
    for (const cle of l.changements) applyChamp(input, cle, l.valeurs[cle] ?? null);
  for (const l of cible.lignes) applyLieu(input, l);
  const lieux = lieuxDe(input, fenetre).filter((l) => l.sessions.length > 0);
  return { input, archiver: cible.lignes.some((l) => l.fermer) && lieux.every((l) => l.ferme) };
}

/**
 * What the import writes for `cible`, the one decision the analysis (its report) and the service
 * (its writes) share: when its yellow rows close every place of the formation, both as the
 * workbook shows it (`vue.input`, an open revision's values) and as it is diffused (`vue.publiee`),
 * the formation is archived, written from its diffused version with those sessions closed, and
 * its open revision is abandoned (`revisionAbandonnee`); otherwise `vue.input` with the rows
 * applied (for an organisme's published formation: its revision), not archived.
 */
export function planMaj(
  vue: FormationVue,
  cible: Cible,
  fenetre: Fenetre,
): { input: FormationInput; archiver: boolean; revisionAbandonnee: RevisionOuverte | null } {
  const vu = scheduleMaj(vue, cible, fenetre);
  if (vue.statut !== 'archivee' && vu.archiver) {
    const diffusee = vue.publiee ? scheduleMaj({ ...vue, input: vue.publiee }, cible, fenetre) : vu;
    if (diffusee.archiver)
      return {
        input: sessionsFermees(diffusee.input),
        archiver: true,
        revisionAbandonnee: vue.revisionOuverte ?? null,
      };
  }
  return { input: vu.input, archiver: false, revisionAbandonnee: null };
}

function applyLieu(input: FormationInput, l: LigneValide) {
  const v = l.valeurs;
  if (l.fermer) {
    const ids = new Set(l.lieu?.sessions.map((s) => s.id) ?? []);
    input.sessions = input.sessions.map((s) =>
      s.id && ids.has(s.id) ? { ...s, etat_recrutement: 'ferme' } : s,
    );
    return;
  }
  const campagne = l.lieu?.campagne;
  if (campagne?.id) {
    input.sessions = input.sessions.map((s) =>
      s.id === campagne.id
        ? {
            ...s,
            debut: v.debut ?? null,
            fin: v.fin ?? null,
            capacite: entier(v.capacite),
            lieu: lieuDe(v, s, l.commune),
            etat_recrutement: 'ouvert',
          }
        : s,
    );
    return;
  }
  const ajoutee = sessionAjoutee(l);
  if (ajoutee) input.sessions.push(ajoutee);
}

/**
 * The session a valid row adds to its formation: a new place, or a place without a session of the
 * campaign (applyLieu, scheduleCreation); null when it adds none (a closing, the campaign's session
 * of its place updated, or both dates empty on a known place).
 */
export function sessionAjoutee(l: LigneValide): SessionInput | null {
  const v = l.valeurs;
  if (l.fermer || l.lieu?.campagne?.id) return null;
  // Both dates empty on a known place: no session of the campaign there (the analysis refuses a
  // place or capacity change without one), only the formation-wide changes of the row apply. The
  // same on the row of a formation without any session (a draft's, no session typed in: the
  // analysis refuses session data without both dates).
  if (!v.debut && !v.fin && l.lieu) return null;
  return nouvelleSession(v, l.lieu?.reference, l.commune, l.copiee);
}

/** A formation created from new (blue) rows: one session per row. */
export function scheduleCreation(cible: Cible): FormationInput {
  const v = cible.lignes[0]!.valeurs;
  const input: FormationInput = {
    cle_externe: cible.cleExterne,
    intitule: v.intitule ?? null,
    objectif: v.objectif ?? null,
    certification: { rncp: v.rncp ?? null, cfd: v.cfd ?? null },
    responsable: v.siretResponsable ? { siret: v.siretResponsable, uai: v.uaiResponsable ?? null } : null,
    formateur: v.siretFormateur ? { siret: v.siretFormateur, uai: v.uaiFormateur ?? null } : null,
    contacts: [],
    modalites: {
      contrat_apprentissage: true,
      contrat_professionnalisation: bool(v.contratPro),
      formation_continue: bool(v.formationContinue),
      duree_annees: entier(v.duree),
      annees_apprentissage: annees(v.annees),
    },
    financeurs: [],
    sessions: cible.lignes.map((l) => nouvelleSession(l.valeurs, null, l.commune)),
  };
  for (const c of COLONNE.values())
    if (c.champs[0]?.startsWith('contacts.') && v[c.cle as CleColonne])
      applyChamp(input, c.cle as CleColonne, v[c.cle as CleColonne] ?? null);
  return input;
}
