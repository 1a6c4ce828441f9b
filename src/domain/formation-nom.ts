// How messages name an offer to a person: by what the person knows of it — its intitulé and its
// reference (the key of its file or workbook) —, never by Offre's internal id, which an API problem
// carries apart (`formation_id`).

export interface FormationNommable {
  readonly id: string;
  readonly intitule?: string | null;
  readonly cle_externe?: string | null;
}

/**
 * « la formation « BTS MCO » (référence MCO-27) », « la formation « BTS MCO » », « la formation de
 * référence MCO-27 », or « la formation sans intitulé ni référence »; `enTete`: « La formation … »,
 * to open a sentence.
 */
export function nomFormation(f: FormationNommable, enTete = false): string {
  const intitule = f.intitule?.trim();
  const ref = f.cle_externe?.trim();
  const article = enTete ? 'La' : 'la';
  if (intitule) return `${article} formation « ${intitule} »${ref ? ` (référence ${ref})` : ''}`;
  return `${article} formation ${ref ? `de référence ${ref}` : 'sans intitulé ni référence'}`;
}
