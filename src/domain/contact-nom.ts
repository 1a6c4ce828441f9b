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
