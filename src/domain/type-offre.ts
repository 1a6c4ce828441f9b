// Offer types (issue 12, docs/conventionne.md): an offer is « apprentissage », « conventionné » (publicly
// funded: Région, France Travail, Agefiph — the Auvergne guide) or both. The type is derived from the
// offer's data, never typed: a public funder on the formation or on one of its sessions makes it
// conventionné; it is apprentissage when its contrat d'apprentissage modality is « oui », or when it
// is not conventionné at all (the apprenticeship offer stays the default, as before this type existed).

export const TYPES_OFFRE = ['apprentissage', 'conventionne'] as const;
export type TypeOffre = (typeof TYPES_OFFRE)[number];

/**
 * The funders whose markets make a session « conventionnée » (not the OPCO, which funds
 * apprenticeship), in the order the formation form lists them.
 */
export const LISTE_FINANCEURS_PUBLICS = ['region', 'france_travail', 'agefiph'] as const;
export const FINANCEURS_PUBLICS: ReadonlySet<string> = new Set(LISTE_FINANCEURS_PUBLICS);

export interface SourceTypeOffre {
  readonly contrat_apprentissage: boolean | null | undefined;
  readonly financeurs?: readonly string[] | null;
  readonly sessions: readonly { readonly financeur?: string | null }[];
}

export const isConventionnee = (f: SourceTypeOffre): boolean =>
  (f.financeurs ?? []).some((x) => FINANCEURS_PUBLICS.has(x)) ||
  f.sessions.some((s) => !!s.financeur && FINANCEURS_PUBLICS.has(s.financeur));

/** The offer's types, in TYPES_OFFRE order; never empty. */
export function typesOffre(f: SourceTypeOffre): TypeOffre[] {
  const conventionne = isConventionnee(f);
  const apprentissage = f.contrat_apprentissage === true || !conventionne;
  return TYPES_OFFRE.filter((t) => (t === 'apprentissage' ? apprentissage : conventionne));
}

/**
 * The mention the Auvergne guide prints for work-study contracts, derived from the modalités
 * (contrat d'apprentissage / de professionnalisation): null when neither is open.
 */
export function mentionContrat(m: {
  readonly contrat_apprentissage?: boolean | null;
  readonly contrat_professionnalisation?: boolean | null;
}): string | null {
  const a = m.contrat_apprentissage === true;
  const p = m.contrat_professionnalisation === true;
  if (a && p) return 'Contrat de professionnalisation ou Apprentissage possible';
  if (a) return "Contrat d'apprentissage possible";
  if (p) return 'Contrat de professionnalisation possible';
  return null;
}
