import type { Formation } from './formation.schema.ts';
import { cleTypeDiplome } from './types-diplome.ts';

// The entry requirements a family reads on a formation page (docs/recherche.md « La page d’une
// formation »): the usual entry route of the certification's *type* (the reference's type_diplome:
// RNCP Abrege_Libelle / ABREGE_CODE, BCN type from the CFD — 'CAP', 'BAC PRO', 'BTS', 'TP'…), the
// legal conditions of an apprenticeship contract (Code du travail, articles L6222-1 and L6222-2),
// and the official fiche that states the exact prerequisites. The level alone does not tell the
// route (a level-4 titre professionnel is no bac pro), so a type absent from ENTREE_PAR_TYPE says
// nothing rather than something wrong. Pure; nothing here is invented per offer.

/**
 * A type's usual entry route; `scolaire`: the route of initial training (after the 3e…), said of
 * an apprenticeship offer only — an adult in a publicly funded (conventionné) course enters a
 * CAP without it.
 */
interface Entree {
  readonly phrase: string;
  readonly scolaire: boolean;
}

const APRES_BAC: Entree = {
  phrase: 'Accessible après un baccalauréat ou un autre diplôme de niveau 4.',
  scolaire: false,
};
const APRES_BAC_2: Entree = {
  phrase: 'Accessible après un diplôme de niveau 5 (bac + 2).',
  scolaire: false,
};

/**
 * Entry route per certification type, by the search filter's key (types-diplome.ts cleTypeDiplome:
 * « LIC PRO » and « Licence Professionnelle » are « LP », « TITRE PROFESSIONNEL » is « TP »).
 */
const ENTREE_PAR_TYPE: Readonly<Record<string, Entree>> = {
  CAP: { phrase: 'Accessible après la classe de 3e.', scolaire: true },
  CAPA: { phrase: 'Accessible après la classe de 3e.', scolaire: true },
  'BAC PRO': {
    phrase: 'Accessible après la classe de 3e, ou après un CAP du même domaine.',
    scolaire: true,
  },
  BP: {
    phrase: 'Accessible après un CAP du même métier ou une expérience professionnelle dans ce métier.',
    scolaire: false,
  },
  BTS: APRES_BAC,
  BTSA: APRES_BAC,
  DUT: APRES_BAC,
  BUT: APRES_BAC,
  DEUST: APRES_BAC,
  DMA: APRES_BAC,
  'DN MADE': APRES_BAC,
  LICENCE: APRES_BAC,
  LP: APRES_BAC_2,
  MASTER: { phrase: 'Accessible après un diplôme de niveau 6 (bac + 3, licence).', scolaire: false },
  // Titre professionnel of the ministère du Travail (RNCP « TP »): no diploma is required by the
  // title; the organisme checks before entry that the candidate can follow the course.
  TP: {
    phrase:
      'Titre professionnel du ministère du Travail : aucun diplôme n’est exigé ; l’organisme vérifie avant l’entrée que vous pouvez suivre la formation (tests, entretien).',
    scolaire: false,
  },
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

/**
 * The entry requirements of `f`, as sentences (possibly none). `typeDiplome`: its certification's
 * type in the reference (null when the reference has none or does not know the code).
 */
export function conditionsAcces(f: Formation, typeDiplome: string | null): string[] {
  const lignes: string[] = [];
  const apprentissage = f.types_offre.includes('apprentissage');
  const entree = typeDiplome ? ENTREE_PAR_TYPE[cleTypeDiplome(typeDiplome)] : undefined;
  if (entree && (apprentissage || !entree.scolaire)) lignes.push(entree.phrase);
  if (f.modalites.contrat_apprentissage) lignes.push(CONDITIONS_APPRENTISSAGE);
  return lignes;
}
