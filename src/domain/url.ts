// Web addresses given by callers end up as links in pages and in the exports (LHEO, CSV, XLSX):
// only absolute http:// and https:// addresses are accepted, never `javascript:`, `data:`,
// `vbscript:` or protocol-relative ones (issue 15, defect 9; OWASP ASVS 5.1.4).

/** Is `s` an absolute http(s) address with a host, free of spaces and control characters? */
export function isUrlWeb(s: string | null | undefined): boolean {
  if (!s || s.length > 2000) return false;
  // Browsers strip tabs and newlines inside a URL ("java\tscript:"): refuse any control or space.
  if (/\s/.test(s)) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return false;
  }
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A web address typed without its scheme ("www.cfa.fr", "cfa.fr/bts") is merely incomplete: it
 * gets `https://`. Anything else (an address with a scheme, or text that is no host name) is
 * returned as it is, for isUrlWeb to judge.
 */
export function completeUrl(s: string): string;
export function completeUrl(s: string | null | undefined): string | null | undefined;
export function completeUrl(s: string | null | undefined): string | null | undefined {
  if (!s || /^[a-z][a-z0-9+.-]*:/i.test(s) || s.startsWith('//')) return s;
  return /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?(?:[/?#]\S*)?$/i.test(s)
    ? `https://${s}`
    : s;
}

/** `s` when it is a web address, null otherwise (what was stored before the rule is never shown as a link). */
export const urlWebOuNull = (s: string | null | undefined): string | null => (isUrlWeb(s) ? s! : null);

export const MESSAGE_URL = 'adresse web http:// ou https:// attendue (javascript:, data: et autres refusés)';
