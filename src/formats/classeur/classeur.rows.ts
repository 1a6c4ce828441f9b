import { cleNomCommune, readCommune } from '../../domain/commune.ts';
import type { FormationInput, SessionInput } from '../../domain/formation.schema.ts';
import type { CleColonne } from './classeur.columns.ts';
import { anneesTexte, ouiNon } from './classeur.values.ts';

// A formation as workbook rows: one per place (lieu) where it is offered. The same canonical values
// fill the exported workbook and are the baseline the import compares a returned row with.

export interface Fenetre {
  readonly debut: string;
  readonly fin: string;
}

export interface LieuFormation {
  /** Normalised address key: two sessions at the same place share it. */
  readonly cle: string;
  readonly sessions: readonly SessionInput[];
  /** The session the row stands for: the campaign's session at this place, else the latest one. */
  readonly reference: SessionInput | null;
  /** The session of the campaign at this place, if any. */
  readonly campagne: SessionInput | null;
  /** Every session of this place is `fermé`. */
  readonly ferme: boolean;
}

export type Valeurs = Partial<Record<CleColonne, string | null>>;

const NON_ASCII = /[^\x20-\x7e]/;
// Printable ASCII has neither accents nor marks: returned as it is (most addresses, every postal code).
const sansAccents = (s: string) => (NON_ASCII.test(s) ? s.normalize('NFD').replace(/\p{M}/gu, '') : s);

/** Same place ⇔ same address, postal code, commune and UAI once case, accents and punctuation are ignored. */
export function cleLieu(l: {
  adresse?: string | null;
  code_postal?: string | null;
  commune?: string | null;
  uai?: string | null;
}): string {
  return `${normeLieu(l.adresse)}|${normeLieu(l.code_postal)}|${normeLieu(l.commune)}|${normeLieu(l.uai)}`;
}

/**
 * cleLieu with the commune read as people write it (domain/commune.ts cleNomCommune, CEDEX
 * mention kept): « 2 rue de la Paix, 44600 ST NAZAIRE » is the place stored as Saint-Nazaire.
 */
export function cleLieuSouple(v: Valeurs): string {
  const commune = v.commune ? `${cleNomCommune(v.commune)} ${readCommune(v.commune).cedex ?? ''}` : null;
  return cleLieu({ adresse: v.adresse, code_postal: v.codePostal, commune, uai: v.uaiLieu });
}

const normer = (s: string) =>
  sansAccents(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

// normer's answers, by text: addresses, postal codes, communes and UAI repeat from session to
// session (an import of 5,000 rows keys each place of its 3,500 formations several times).
// Dropped whole once it holds NORMES texts (bounded memory, in a server that lives for weeks).
const NORMES = 50_000;
const normes = new Map<string, string>();

const normeLieu = (s: string | null | undefined) => {
  if (!s) return '';
  let n = normes.get(s);
  if (n === undefined) {
    n = normer(s);
    if (normes.size >= NORMES) normes.clear();
    normes.set(s, n);
  }
  return n;
};

export const dansFenetre = (s: SessionInput, f: Fenetre) =>
  !!s.debut && s.debut >= f.debut && s.debut <= f.fin;

/** The places of a formation, in the order their first session appears; one empty place when it has no session. */
export function lieuxDe(input: FormationInput, fenetre: Fenetre): LieuFormation[] {
  const groupes = new Map<string, SessionInput[]>();
  for (const s of input.sessions ?? []) {
    const cle = cleLieu(s.lieu ?? {});
    const groupe = groupes.get(cle);
    if (groupe) groupe.push(s);
    else groupes.set(cle, [s]);
  }
  if (groupes.size === 0)
    return [{ cle: cleLieu({}), sessions: [], reference: null, campagne: null, ferme: false }];
  return [...groupes].map(([cle, sessions]) => {
    const campagne = derniere(sessions.filter((s) => dansFenetre(s, fenetre)));
    return {
      cle,
      sessions,
      reference: campagne ?? derniere(sessions),
      campagne,
      ferme: sessions.every((s) => s.etat_recrutement === 'ferme'),
    };
  });
}

const parDebut = (a: SessionInput, b: SessionInput) => (a.debut ?? '').localeCompare(b.debut ?? '');

/**
 * The session a stable sort by parDebut puts last (the last in `sessions`' order of those that
 * start latest), without copying and sorting them; null when there is none.
 */
function derniere(sessions: readonly SessionInput[]): SessionInput | null {
  let d: SessionInput | null = null;
  for (const s of sessions) if (d === null || parDebut(s, d) >= 0) d = s;
  return d;
}

/** "formation id/session id": names the formation and the place the row stands for. */
export function referenceDe(formationId: string, lieu: LieuFormation): string {
  return lieu.reference?.id ? `${formationId}/${lieu.reference.id}` : formationId;
}

export function readReference(ref: string): { formationId: string; sessionId: string | null } {
  const [formationId, sessionId] = ref.trim().split('/', 2);
  return { formationId: formationId!, sessionId: sessionId || null };
}

const contactPrincipal = (input: FormationInput) =>
  (input.contacts ?? []).find((c) => c.type !== 'referent_handicap');
const referentHandicap = (input: FormationInput) =>
  (input.contacts ?? []).find((c) => c.type === 'referent_handicap');

/** The formation-wide columns, canonical. */
export function valeursFormation(input: FormationInput): Valeurs {
  const m = input.modalites;
  const contact = contactPrincipal(input);
  const handicap = referentHandicap(input);
  return {
    intitule: input.intitule ?? null,
    objectif: input.objectif ?? null,
    rncp: input.certification?.rncp ?? null,
    cfd: input.certification?.cfd ?? null,
    siretResponsable: input.responsable?.siret ?? null,
    uaiResponsable: input.responsable?.uai ?? null,
    siretFormateur: input.formateur?.siret ?? null,
    uaiFormateur: input.formateur?.uai ?? null,
    duree: m?.duree_annees != null ? String(m.duree_annees) : null,
    annees: anneesTexte(m?.annees_apprentissage),
    contratPro: ouiNon(m?.contrat_professionnalisation),
    formationContinue: ouiNon(m?.formation_continue),
    contactNom: contact?.nom ?? null,
    contactTelephone: contact?.telephone ?? null,
    contactCourriel: contact?.courriel ?? null,
    handicapNom: handicap?.nom ?? null,
    handicapCourriel: handicap?.courriel ?? null,
  };
}

/** The place columns (from the reference session) and the campaign dates (from the campaign's session only). */
export function valeursLieu(lieu: LieuFormation): Valeurs {
  const s = lieu.reference;
  return {
    adresse: s?.lieu?.adresse ?? null,
    codePostal: s?.lieu?.code_postal ?? null,
    commune: s?.lieu?.commune ?? null,
    uaiLieu: s?.lieu?.uai ?? null,
    capacite: s?.capacite != null ? String(s.capacite) : null,
    debut: lieu.campagne?.debut ?? null,
    fin: lieu.campagne?.fin ?? null,
  };
}

/** Every row of one formation for the export: its places not closed. */
export function lignesDe(formationId: string, input: FormationInput, fenetre: Fenetre): Valeurs[] {
  const f = valeursFormation(input);
  return lieuxDe(input, fenetre)
    .filter((l) => !l.ferme)
    .map((l) => ({ reference: referenceDe(formationId, l), ...f, ...valeursLieu(l) }));
}
