import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';

export const FIXTURES = new URL('../fixtures/referentiels/', import.meta.url).pathname;
export const fixture = (p: string) => join(FIXTURES, p);

export const contexte = (database: Database, now = new Date('2026-09-01T08:00:00Z')): AppContext => ({
  db: database.db,
  engine: database.engine,
  now: () => now,
});

export const tmp = () => mkdtempSync(join(tmpdir(), 'offre-ref-'));

/**
 * A stored (uncompressed) zip written byte by byte, so that member names can be exactly what
 * France compétences writes: UTF-8 bytes WITHOUT the zip UTF-8 flag (bit 11), NFC or NFD.
 */
export function buildZip(
  path: string,
  entries: { name: string; data: Buffer }[],
  opts: { utf8Flag?: boolean } = {},
): string {
  const flag = opts.utf8Flag ? 0x0800 : 0;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flag, 6);
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flag, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  writeFileSync(path, Buffer.concat([...locals, cd, end]));
  return path;
}

/** The RNCP CSV fixture members zipped like France compétences does (names without the UTF-8 flag). */
export function zipRncp(
  dir: string,
  form: 'NFC' | 'NFD' = 'NFC',
  filter: (name: string) => boolean = () => true,
): string {
  const src = fixture('rncp/csv');
  const entries = readdirSync(src)
    .filter(filter)
    .map((n) => ({ name: n.normalize(form), data: readFileSync(join(src, n)) }));
  return buildZip(join(dir, `export-fiches-csv-${form}.zip`), entries);
}
