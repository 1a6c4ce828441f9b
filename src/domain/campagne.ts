// Campaigns: a yearly collection for a rentrée. The current campaign is data (table campagne);
// these are only the defaults used to create one.

export interface CampagneDefaults {
  readonly annee: number;
  readonly libelle: string;
  readonly ouverture_collecte: string;
  readonly retour_attendu: string;
  readonly transmission_catalogue: string;
  readonly fermeture_affelnet: string;
  readonly fermeture_parcoursup: string;
  readonly fenetre_debut: string;
  readonly fenetre_fin: string;
}

/** Rentrée N: sessions starting from 1 August N to 31 July N+1; collection from the previous September. */
export function campagneDefaults(annee: number): CampagneDefaults {
  return {
    annee,
    libelle: `Rentrée ${annee}`,
    ouverture_collecte: `${annee - 1}-09-15`,
    retour_attendu: `${annee - 1}-11-30`,
    transmission_catalogue: `${annee - 1}-12-15`,
    fermeture_affelnet: `${annee}-01-31`,
    fermeture_parcoursup: `${annee}-09-15`,
    fenetre_debut: `${annee}-08-01`,
    fenetre_fin: `${annee + 1}-07-31`,
  };
}

/** The rentrée whose collection runs at `date`: from September of year N, the campaign is rentrée N+1. */
export function rentreeEnCollecte(date: Date): number {
  const y = date.getUTCFullYear();
  return date.getUTCMonth() >= 8 ? y + 1 : y;
}
