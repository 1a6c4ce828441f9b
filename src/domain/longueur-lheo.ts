import { nombre } from './nombres.ts';

// LHEO 2.3 (its XSD) limits objectif-formation and contenu-formation to 3,000 characters, while
// Offre keeps up to 20,000 (LONGUEURS_MAX): the export sends the first 3,000
// (formats/lheo/lheo.elements.ts couper). Not a conformity rule: the organisme is told, nothing is
// refused.

/** Most characters (code points, as the XSD counts them) of a long text in an LHEO export. */
export const LONGUEUR_TEXTE_LHEO = 3000;

/** The offer's long texts the export cuts, with their name on the offer's page. */
export const TEXTES_LHEO = { objectif: 'L’objectif', contenu: 'Le contenu' } as const;

/** The hint under those fields of the form. */
export const INDICATION_LHEO = `Les partenaires (export LHEO) en reçoivent les ${nombre(LONGUEUR_TEXTE_LHEO)} premiers caractères.`;

/** The offer's long texts longer than the export keeps, with their length, in the form's order. */
export function textesCoupesLheo(
  s: Readonly<Partial<Record<keyof typeof TEXTES_LHEO, string | null>>>,
): { champ: keyof typeof TEXTES_LHEO; longueur: number }[] {
  return (Object.keys(TEXTES_LHEO) as (keyof typeof TEXTES_LHEO)[]).flatMap((champ) => {
    const longueur = Array.from(s[champ]?.trim() ?? '').length;
    return longueur > LONGUEUR_TEXTE_LHEO ? [{ champ, longueur }] : [];
  });
}
