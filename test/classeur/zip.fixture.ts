import { crc32, deflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';

// A minimal zip writer and reader for building hostile workbooks byte by byte (no dependency
// that would "fix" what we want broken).

export interface Part {
  readonly name: string;
  readonly data: Buffer;
  /** The uncompressed size written in the headers, when it must lie (zip bombs). */
  readonly declare?: number;
}

export async function readParties(xlsx: Buffer): Promise<Part[]> {
  const zip = await yauzl.fromBufferPromise(xlsx, { lazyEntries: true });
  const parts: Part[] = [];
  for await (const e of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
    parts.push({ name: e.fileName, data: Buffer.concat(chunks) });
  }
  zip.close();
  return parts;
}

export function zipper(parts: readonly Part[]): Buffer {
  const locaux: Buffer[] = [];
  const centraux: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const nom = Buffer.from(p.name, 'utf8');
    const comp = deflateRawSync(p.data);
    const crc = crc32(p.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(comp.length, 18);
    local.writeUInt32LE(p.declare ?? p.data.length, 22);
    local.writeUInt16LE(nom.length, 26);
    locaux.push(local, nom, comp);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(comp.length, 20);
    central.writeUInt32LE(p.declare ?? p.data.length, 24);
    central.writeUInt16LE(nom.length, 28);
    central.writeUInt32LE(offset, 42);
    centraux.push(central, nom);
    offset += 30 + nom.length + comp.length;
  }
  const cd = Buffer.concat(centraux);
  const fin = Buffer.alloc(22);
  fin.writeUInt32LE(0x06054b50, 0);
  fin.writeUInt16LE(parts.length, 8);
  fin.writeUInt16LE(parts.length, 10);
  fin.writeUInt32LE(cd.length, 12);
  fin.writeUInt32LE(offset, 16);
  return Buffer.concat([...locaux, cd, fin]);
}

/** The workbook with one part replaced (or added), its size declared as `declare` if given. */
export async function remplacer(xlsx: Buffer, name: string, data: Buffer, declare?: number): Promise<Buffer> {
  const parts = (await readParties(xlsx)).filter((p) => p.name !== name);
  return zipper([...parts, { name, data, declare }]);
}
