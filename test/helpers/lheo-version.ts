/**
 * `xml` (an export of Offre) without the extras that carry each formation's version
 * (formats/lheo/lheo.version.ts): a file as another system writes it, applied whatever changed in
 * Offre since. For the tests whose subject is not that guard (they edit and resend one export).
 */
export const sansVersion = (xml: string): string =>
  xml.replace(/<extra info="(?:formation|version|exporte-le)">[^<]*<\/extra>/g, '');
