import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

export interface ZipMember {
  /** The name as written (UTF-8 when it decodes as such, else the zip's CP437). */
  readonly nom: string;
  /** Accent-insensitive, lower-case, NFC-independent form used to match official member names. */
  readonly cle: string;
  readonly taille: number;
  /** The member's own modification date (MS-DOS time, read as UTC), when valid. */
  readonly modifie: Date | null;
  open(): Promise<Readable>;
}

export interface ZipArchive {
  readonly membres: readonly ZipMember[];
  close(): void;
}

/** Lower case without accents: 'export_fiches_CSV_VoixdAccès' (NFC or NFD) → 'export_fiches_csv_voixdacces'. */
export function cleMembre(nom: string): string {
  return nom
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■ ';

/**
 * France compétences writes member names in UTF-8 without setting the zip's UTF-8 flag, so a
 * conforming reader would decode them as CP437: read the raw bytes and prefer UTF-8 when valid.
 */
export function decodeMemberName(raw: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    let s = '';
    for (const b of raw) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
    return s;
  }
}

function dateDe(entry: yauzl.Entry): Date | null {
  const d = entry.getLastModDate({ timezone: 'UTC' } as never);
  return Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1990 ? null : d;
}

export function openZip(path: string): Promise<ZipArchive> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, decodeStrings: false, autoClose: false }, (err, zip) => {
      if (err || !zip) return reject(err);
      const membres: ZipMember[] = [];
      zip.on('error', reject);
      zip.on('entry', (entry: yauzl.Entry) => {
        const nom = decodeMemberName(entry.fileName as unknown as Buffer);
        if (!nom.endsWith('/')) {
          membres.push({
            nom,
            cle: cleMembre(nom.split('/').pop()!),
            taille: entry.uncompressedSize,
            modifie: dateDe(entry),
            open: () =>
              new Promise<Readable>((res, rej) =>
                zip.openReadStream(entry, (e, s) => (e || !s ? rej(e) : res(s))),
              ),
          });
        }
        zip.readEntry();
      });
      zip.on('end', () => resolve({ membres, close: () => zip.close() }));
      zip.readEntry();
    });
  });
}
