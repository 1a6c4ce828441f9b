// A line of the certification picker (services/espace.service.ts CertificationProposee) as the
// rules read it: a line a new offer cannot use (CERT_EXPIREE, RULES.md) is listed after the
// others, under a badge that says why — the certification itself expired, or the fiche is active
// but the diploma paired with it has closed.

/** What the picker's rule reads of a line: its own expiry, its paired diploma's closing. */
export interface LigneCertification {
  /** Inactive, or past its end date (the line's own certification). */
  readonly expiree: boolean;
  /** The diploma paired on the same line; `ferme` when it has closed. */
  readonly lie: { readonly ferme?: unknown } | null;
}

/** The badge of a line a new offer cannot use, in the picker's words; null for a usable line. */
export function badgeCertification(c: LigneCertification): 'Expirée' | 'Diplôme fermé' | null {
  if (c.expiree) return 'Expirée';
  return c.lie?.ferme ? 'Diplôme fermé' : null;
}

/** Expired, or paired with a closed diploma: a line a new offer cannot use (CERT_EXPIREE). */
export const expireeOuFermee = (c: LigneCertification): boolean => badgeCertification(c) !== null;

/**
 * A certification (or diploma) the picker finds that has ended on `aujourdhui` (YYYY-MM-DD):
 * marked inactive by its référentiel (`actif` false: RNCP « Inactive », BCN closed), or past its
 * end date (`date_fin`, YYYY-MM-DD). Unknown (`null`) is not ended.
 */
export const certificationFinie = (
  c: { readonly actif: boolean | null; readonly date_fin: string | null },
  aujourdhui: string,
): boolean => c.actif === false || (!!c.date_fin && c.date_fin < aujourdhui);
