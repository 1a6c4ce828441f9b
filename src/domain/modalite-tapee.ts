import type { Modalite } from './recherche.ts';

// The type of offer typed among the search's words (« cap cuisine en apprentissage », « apprenti
// boulanger »): a filter (the « Type d’offre » one), not a word the offers' text must contain.
// docs/recherche.md « Ce qu’on peut taper ».

/** The words of `q` read as the type of offer: as typed, the type, `q` without them. */
export interface ModaliteDansLesMots {
  readonly terme: string;
  readonly modalite: Modalite;
  readonly q: string;
}

/**
 * The apprenticeship as people type it: « apprentissage », « apprenti(e)(s) », after « en », « par »,
 * « par l’ », « en contrat d’ », « contrat d’ »… (any apostrophe, any case). Not followed by « de »,
 * « du », « des », « d’ » (« apprentissage du français », « Apprentis d’Auteuil »: a name), nor after
 * a letter or an apostrophe (« maître d’apprentissage »).
 */
const APPRENTISSAGE =
  /(^|[\s,;(])((?:(?:en|par|sous|pour)\s+)?(?:(?:l['’]\s*|un\s+)?contrat\s+d(?:['’]\s*|\s+)|l['’]\s*)?(?:apprentissage|apprentie?s?))(?![\p{L}\p{N}'’])(?!\s+(?:d(?:e|u|es)\s|d['’]))/giu;

/**
 * The type of offer `q` names among its words, or null: the apprenticeship (APPRENTISSAGE), every
 * time it is said taken out of the words (and the stop words left at either end).
 */
export function modaliteDansLesMots(q: string | undefined): ModaliteDansLesMots | null {
  const texte = (q ?? '').normalize('NFKC');
  const termes: string[] = [];
  const reste = texte.replace(APPRENTISSAGE, (_, avant: string, t: string) => {
    termes.push(t);
    return `${avant} `;
  });
  if (!termes.length) return null;
  return {
    terme: termes[0]!,
    modalite: 'apprentissage',
    q: reste
      .replace(/\s+/g, ' ')
      .replace(/^[\s,;:–-]+|[\s,;:–-]+$/g, '')
      .trim(),
  };
}
