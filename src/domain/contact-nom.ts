// A contact is a name with a telephone or a courriel (the formation form's hint, the mandatory
// « un contact (nom et téléphone ou courriel) » of champs-obligatoires.ts): a telephone or a
// courriel without a name shows on the public page as « Référent handicap — 02 … », nobody to ask
// for. The workbook refuses it for the référent handicap (CLASSEUR_REFERENT_HANDICAP_SANS_NOM);
// the formation form, for every contact.

export interface ContactLu {
  readonly type?: string | null;
  readonly nom?: string | null;
  readonly telephone?: string | null;
  readonly courriel?: string | null;
}

export interface ContactSansNom {
  /** The contact's index in the list given. */
  readonly index: number;
  readonly referentHandicap: boolean;
  /** What is wrong and how to fix it, in French, without the field's name. */
  readonly message: string;
}

const vide = (v: string | null | undefined) => !v || v.trim() === '';

/** Every contact of `contacts` with a telephone or a courriel but no name (blank counts as none). */
export function contactsSansNom(contacts: readonly ContactLu[]): ContactSansNom[] {
  return contacts.flatMap((c, index) => {
    if (!vide(c.nom) || (vide(c.telephone) && vide(c.courriel))) return [];
    const referentHandicap = c.type === 'referent_handicap';
    const message = referentHandicap
      ? 'le référent handicap a un téléphone ou un courriel mais pas de nom : le public lirait ses coordonnées sans savoir qui joindre. Indiquez son nom, ou videz aussi son téléphone et son courriel.'
      : 'ce contact a un téléphone ou un courriel mais pas de nom : indiquez le nom d’une personne ou d’un service (ex. « Accueil »), ou videz aussi son téléphone et son courriel.';
    return [{ index, referentHandicap, message }];
  });
}

const norm = (v: string | null | undefined) => (v ?? '').trim();
const meme = (a: ContactLu, b: ContactLu) =>
  (a.type ?? 'autre') === (b.type ?? 'autre') &&
  norm(a.nom) === norm(b.nom) &&
  norm(a.telephone) === norm(b.telephone) &&
  norm(a.courriel) === norm(b.courriel);

/**
 * The référents handicap of `contacts` without a name that the formation does not already have
 * as they are (`avant`: its stored contacts): what an API write refuses. One already stored
 * (an LHEO import, data from before the rule) stays readable and may be sent back unchanged.
 */
export function referentsSansNomNouveaux(
  contacts: readonly ContactLu[],
  avant: readonly ContactLu[],
): ContactSansNom[] {
  return contactsSansNom(contacts).filter(
    (c) => c.referentHandicap && !avant.some((a) => meme(a, contacts[c.index]!)),
  );
}
