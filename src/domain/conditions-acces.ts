import type { Formation } from './formation.schema.ts';

// The entry requirements a family reads on a formation page (docs/recherche.md « La page d’une
// formation »): the usual entry level for the certification's level (French qualification frame,
// décret n° 2019-14 du 8 janvier 2019), the legal conditions of an apprenticeship contract (Code du
// travail, articles L6222-1 and L6222-2), and the official fiche that states the exact prerequisites.
// Pure; the model has no free-text prerequisites field, so nothing here is invented per offer.

/** Usual entry level per certification level (niveau 3–8). */
const NIVEAU_ENTREE: Readonly<Record<string, string>> = {
  '3': 'Accessible après la classe de 3e.',
  '4': 'Accessible après la classe de 3e (bac professionnel) ou après un diplôme de niveau 3 (CAP) du même métier, selon le diplôme.',
  '5': 'Accessible après un diplôme de niveau 4 (baccalauréat ou équivalent).',
  '6': 'Accessible après un diplôme de niveau 5 (bac + 2).',
  '7': 'Accessible après un diplôme de niveau 6 (bac + 3).',
  '8': 'Accessible après un diplôme de niveau 7 (bac + 5).',
};

/** Code du travail L6222-1 (16–29 years; 15 after the 3e) and L6222-2 (no age limit cases). */
export const CONDITIONS_APPRENTISSAGE =
  'En apprentissage : avoir de 16 à 29 ans révolus à la signature du contrat (15 ans pour un jeune qui a terminé la classe de 3e), sans limite d’âge pour une personne reconnue travailleur handicapé, un projet de création ou de reprise d’entreprise ou un sportif de haut niveau ; et signer un contrat avec un employeur — l’organisme aide à en trouver un.';

/** The official page of a certification: France compétences for RNCP/RS fiches, else null. */
export function ficheOfficielle(f: Formation): { url: string; libelle: string } | null {
  const m = /^(RNCP|RS)(\d+)$/i.exec(f.certification.rncp ?? '');
  if (!m) return null;
  const type = m[1]!.toUpperCase();
  return {
    url: `https://www.francecompetences.fr/recherche/${type.toLowerCase()}/${m[2]}/`,
    libelle: `Fiche ${type}${m[2]} sur le site de France compétences`,
  };
}

/** The entry requirements of `f`, as sentences (possibly none). */
export function conditionsAcces(f: Formation): string[] {
  const lignes: string[] = [];
  const niveau = f.certification.niveau ? NIVEAU_ENTREE[f.certification.niveau] : undefined;
  if (niveau) lignes.push(niveau);
  if (f.modalites.contrat_apprentissage) lignes.push(CONDITIONS_APPRENTISSAGE);
  return lignes;
}
