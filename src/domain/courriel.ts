import { OffreError } from './errors.ts';

// Contact e-mail addresses given for an offer (formation contacts, session contact): shown to the
// public as mailto: links and exported in LHEO <courriel>, so a form, the API and the workbook refuse
// what is not an address. Stored data and LHEO imports from before the rule are shown as they are.

/** Is `s` shaped like an e-mail address (local@domain.tld, no space, at most 254 characters)? */
export function isCourriel(s: string | null | undefined): boolean {
  if (!s || s.length > 254) return false;
  return /^[^@\s<>()[\],;:"]+@[^@\s<>()[\],;:"]+\.[^@\s<>()[\],;:".]{2,}$/.test(s);
}

export const MESSAGE_COURRIEL = 'adresse électronique attendue, par exemple contact@organisme.fr';

/**
 * A normalised e-mail address (trimmed, lower case), or a refusal naming the field; `absente` is
 * the message when it is empty (whose address it is: the user's own by default).
 */
export function normalizeEmail(
  email: string,
  champ = 'email',
  absente = 'Indiquez votre adresse électronique.',
): string {
  const e = email.trim().toLowerCase();
  if (!e) throw new OffreError('UTILISATEUR_EMAIL', absente, { champ });
  if (!isCourriel(e))
    throw new OffreError(
      'UTILISATEUR_EMAIL',
      `« ${email.trim()} » n’est pas une adresse électronique valide (format attendu : nom@domaine.fr).`,
      { champ },
    );
  return e;
}
