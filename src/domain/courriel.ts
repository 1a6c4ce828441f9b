// Contact e-mail addresses given for an offer (formation contacts, session contact): shown to the
// public as mailto: links and exported in LHEO <courriel>, so a form, the API and the workbook refuse
// what is not an address. Stored data and LHEO imports from before the rule are shown as they are.

/** Is `s` shaped like an e-mail address (local@domain.tld, no space, at most 254 characters)? */
export function isCourriel(s: string | null | undefined): boolean {
  if (!s || s.length > 254) return false;
  return /^[^@\s<>()[\],;:"]+@[^@\s<>()[\],;:"]+\.[^@\s<>()[\],;:".]{2,}$/.test(s);
}

export const MESSAGE_COURRIEL = 'adresse électronique attendue, par exemple contact@organisme.fr';
