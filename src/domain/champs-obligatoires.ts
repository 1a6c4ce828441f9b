import { ordreSessions } from './regles/a-controler.ts';

// The mandatory fields of a formation (docs/regles.md FORM_CHAMP_OBLIGATOIRE): one list, read both by the
// rule (conformity) and by "Publier" (which refuses to publish until they are all filled).

export interface ChampsObligatoiresSource {
  readonly intitule: string | null;
  readonly objectif: string | null;
  readonly formation_continue: boolean | null;
  readonly contrat_professionnalisation: boolean | null;
  readonly contrat_apprentissage: boolean | null;
  readonly annees_apprentissage: readonly number[];
  readonly duree_annees: number | null;
  readonly responsable: unknown | null;
  readonly formateur: unknown | null;
  readonly contacts: readonly { nom: string | null; telephone: string | null; courriel: string | null }[];
  readonly sessions: readonly {
    /** Numbers the session in messages (numeroDeSession); absent for a session not yet stored. */
    readonly id?: string | null;
    readonly debut: string | null;
    readonly fin: string | null;
    readonly code_postal: string | null;
    readonly commune: string | null;
    readonly code_insee: string | null;
    /** Archived sessions are kept but no longer offered: nothing is required of them. */
    readonly archivee?: boolean;
  }[];
}

/** `champ` is the path of the field in the formation JSON (dots, as in API problem details). */
export interface ChampManquant {
  readonly champ: string;
  readonly libelle: string;
}

/** What numbering a session reads: its start date, its id, whether it is archived. */
export interface SessionNumerotee {
  readonly debut?: string | null;
  readonly id?: string | null;
  readonly archivee?: boolean;
}

const cleOrdre = (s: SessionNumerotee) => ({ debut: s.debut ?? null, id: s.id ?? '' });

/**
 * The sessions still offered (archived ones are not shown), in the stored order the rules read
 * them (start date, none last, then id: regles/a-controler.ts ordreSessions); a stable sort.
 */
export function sessionsEnOrdre<T extends SessionNumerotee>(sessions: readonly T[]): T[] {
  return sessions
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => !s.archivee)
    .sort((a, b) => ordreSessions(cleOrdre(a.s), cleOrdre(b.s)) || a.i - b.i)
    .map(({ s }) => s);
}

/**
 * The number a person reads for session `i` of `sessions` (1-based): its rank in `sessionsEnOrdre`.
 * One source for the rules' and "Publier"'s messages and the pages' « Session N », whatever order
 * the list comes in (a revision keeps its sessions in the order they were added).
 */
export function numeroDeSession(sessions: readonly SessionNumerotee[], i: number): number {
  return sessionsEnOrdre(sessions).indexOf(sessions[i]!) + 1;
}

const vide = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

export function champsObligatoiresManquants(f: ChampsObligatoiresSource): ChampManquant[] {
  const out: ChampManquant[] = [];
  const manque = (champ: string, libelle: string) => out.push({ champ, libelle });
  if (vide(f.intitule)) manque('intitule', 'l’intitulé');
  if (vide(f.objectif)) manque('objectif', 'l’objectif');
  if (f.formation_continue === null)
    manque('modalites.formation_continue', 'la modalité « formation continue » (oui / non)');
  if (f.contrat_professionnalisation === null)
    manque(
      'modalites.contrat_professionnalisation',
      'la modalité « contrat de professionnalisation » (oui / non)',
    );
  if (f.contrat_apprentissage === null)
    manque('modalites.contrat_apprentissage', 'la modalité « contrat d’apprentissage » (oui / non)');
  if (f.contrat_apprentissage === true && f.annees_apprentissage.length === 0)
    manque('modalites.annees_apprentissage', 'les années du cursus ouvertes à l’apprentissage');
  if (f.duree_annees === null) manque('modalites.duree_annees', 'la durée du cursus (en années)');
  if (!f.responsable) manque('responsable.siret', 'l’organisme responsable (SIRET)');
  if (!f.formateur) manque('formateur.siret', 'l’organisme formateur (SIRET)');
  if (!f.contacts.some((c) => !vide(c.nom) && (!vide(c.telephone) || !vide(c.courriel))))
    manque('contacts', 'un contact (nom et téléphone ou courriel)');
  f.sessions.forEach((s, i) => {
    if (s.archivee) return;
    const n = numeroDeSession(f.sessions, i);
    if (!s.debut) manque(`sessions.${i}.debut`, `la date de début de la session ${n}`);
    if (!s.fin) manque(`sessions.${i}.fin`, `la date de fin de la session ${n}`);
    if (vide(s.code_insee) && (vide(s.code_postal) || vide(s.commune)))
      manque(`sessions.${i}.lieu`, `le lieu de la session ${n} (code postal et commune)`);
  });
  return out;
}

/** What the formation form shows of an offer (its sessions aside): read by `obligatoiresPerdus`. */
export interface FicheObligatoire {
  readonly intitule?: string | null;
  readonly objectif?: string | null;
  readonly modalites?: {
    readonly formation_continue?: boolean | null;
    readonly contrat_professionnalisation?: boolean | null;
    readonly contrat_apprentissage?: boolean | null;
    readonly annees_apprentissage?: readonly number[] | null;
    readonly duree_annees?: number | null;
  } | null;
  readonly responsable?: { readonly siret?: string | null } | null;
  readonly formateur?: { readonly siret?: string | null } | null;
  readonly contacts?:
    | readonly { nom?: string | null; telephone?: string | null; courriel?: string | null }[]
    | null;
}

const sourceDeFiche = (f: FicheObligatoire): ChampsObligatoiresSource => ({
  intitule: f.intitule ?? null,
  objectif: f.objectif ?? null,
  // A modality not sent (undefined) is none the form changed: not reported as missing.
  formation_continue: f.modalites?.formation_continue === null ? null : true,
  contrat_professionnalisation: f.modalites?.contrat_professionnalisation === null ? null : true,
  contrat_apprentissage:
    f.modalites?.contrat_apprentissage === null ? null : (f.modalites?.contrat_apprentissage ?? false),
  annees_apprentissage: f.modalites?.annees_apprentissage ?? [],
  duree_annees: f.modalites?.duree_annees === null ? null : 1,
  responsable: f.responsable?.siret?.trim() ? f.responsable : null,
  formateur: f.formateur?.siret?.trim() ? f.formateur : null,
  contacts: (f.contacts ?? []).map((c) => ({
    nom: c.nom ?? null,
    telephone: c.telephone ?? null,
    courriel: c.courriel ?? null,
  })),
  sessions: [],
});

/**
 * The mandatory fields of the formation form (its sessions aside) that `apres` misses and `avant`
 * did not: what « Publier » and a published offer's revision would refuse (publication.ts
 * refusRevisionIncomplete), known before the write so that the form says it with its other errors.
 */
export function obligatoiresPerdus(avant: FicheObligatoire, apres: FicheObligatoire): ChampManquant[] {
  const deja = new Set(champsObligatoiresManquants(sourceDeFiche(avant)).map((m) => m.champ));
  return champsObligatoiresManquants(sourceDeFiche(apres)).filter((m) => !deja.has(m.champ));
}

const OFFRE_VIDE: ChampsObligatoiresSource = {
  intitule: null,
  objectif: null,
  formation_continue: null,
  contrat_professionnalisation: null,
  contrat_apprentissage: null,
  annees_apprentissage: [],
  duree_annees: null,
  responsable: null,
  formateur: null,
  contacts: [],
  sessions: [],
};

const champsDe = (f: ChampsObligatoiresSource) => champsObligatoiresManquants(f).map((m) => m.champ);

/**
 * The formation's fields « Publier » requires whatever the offer (`intitule`, `objectif`,
 * `modalites.formation_continue`, `responsable.siret`, `contacts`…): those champsObligatoiresManquants
 * finds missing from an empty offer — the form marks them « obligatoire pour publier ».
 */
export const CHAMPS_POUR_PUBLIER: ReadonlySet<string> = new Set(champsDe(OFFRE_VIDE));

/** The fields « Publier » requires only of an offer open to apprenticeship (`modalites.annees_apprentissage`). */
export const CHAMPS_POUR_PUBLIER_EN_APPRENTISSAGE: ReadonlySet<string> = new Set(
  champsDe({ ...OFFRE_VIDE, contrat_apprentissage: true }).filter((c) => !CHAMPS_POUR_PUBLIER.has(c)),
);
