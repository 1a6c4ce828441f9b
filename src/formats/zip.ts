// The zip signature, for the checks that tell a zip (an .xlsx workbook, a zipped reference file)
// from the file a command expects before reading it.

/** « PK\x03\x04 »: the local file header signature that opens every zip (APPNOTE.TXT § 4.3.7). */
const SIGNATURE_ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** True when `head` (the first bytes of a file, any length) starts like a zip archive. */
export const estZip = (head: Buffer): boolean => head.subarray(0, 4).equals(SIGNATURE_ZIP);

/**
 * What an XML file given where a workbook is expected is (an LHEO file, most often: the two
 * imports sit side by side): `lheo` when its root is LHEO's, `xml` for another XML document, null
 * for anything else. `head`: the first bytes (a few kilobytes tell; a UTF-8 mark is skipped).
 */
export function natureXml(head: Buffer): 'lheo' | 'xml' | null {
  const texte = head.subarray(0, 4096).toString('latin1').replace(/^ï»¿/, '').trimStart();
  if (!texte.startsWith('<')) return null;
  return /<(?:[\w.-]+:)?lheo[\s>/]/.test(texte) ? 'lheo' : 'xml';
}
