// One refusal or warning of a LHEO file, as the reader (lheo.reader.ts), the duplicate checks
// (lheo.doublons.ts), the report (lheo.rapport.ts) and the import service share it. A module of its
// own so that the reader and the duplicate checks do not import each other.

export interface LheoRejet {
  /** XPath of the element refused: `/lheo/offres/formation[3]/action[1]/session[2]/periode`. */
  readonly chemin: string;
  /** Stable code (domain/errors.catalogue.ts). */
  readonly code: string;
  /** French message, naming the formation's rank and line. */
  readonly message: string;
  /** Line of the element in the file (1-based), when known. */
  readonly ligne?: number;
  /** The formation's `numero` attribute (its external key), null when absent. */
  readonly numero?: string | null;
}
