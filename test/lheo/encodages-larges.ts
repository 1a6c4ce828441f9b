import { readFileSync } from 'node:fs';

// The offre-2.3.xml fixture saved as Windows Notepad's « Unicode » (UTF-16 LE with its mark) and
// its siblings: each must be refused with LHEO_ENCODAGE by every channel (API, CLI, page).

const texte = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8').replace(
  'encoding="UTF-8"',
  'encoding="UTF-16"',
);
const le16 = Buffer.from(texte, 'utf16le');
const be16 = Buffer.from(le16).swap16();
const le32 = Buffer.alloc(le16.length * 2);
for (let i = 0; i < texte.length; i++) le32.writeUInt32LE(texte.charCodeAt(i), i * 4);
const be32 = Buffer.from(le32).swap32();
const avec = (marque: number[], b: Buffer) => Buffer.concat([Buffer.from(marque), b]);

/** [file name, encoding named in the message, bytes]. */
export const ENCODAGES_LARGES: readonly (readonly [string, 'UTF-16' | 'UTF-32', Buffer])[] = [
  ['utf16-bom.xml', 'UTF-16', avec([0xff, 0xfe], le16)],
  ['utf16be-bom.xml', 'UTF-16', avec([0xfe, 0xff], be16)],
  ['utf16.xml', 'UTF-16', le16],
  ['utf16be.xml', 'UTF-16', be16],
  ['utf32-bom.xml', 'UTF-32', avec([0xff, 0xfe, 0, 0], le32)],
  ['utf32be-bom.xml', 'UTF-32', avec([0, 0, 0xfe, 0xff], be32)],
  ['utf32.xml', 'UTF-32', le32],
  ['utf32be.xml', 'UTF-32', be32],
];
