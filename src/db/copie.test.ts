import { describe, expect, it } from 'vitest';
import { booleenCol, lireTuples, octetsCol, texteCol } from './copie.ts';

// The COPY binary reader takes the output as received, in chunks, without joining them first:
// the rows are the same wherever the chunks end (inside a length, a field, a tuple's count).

/** A COPY … (FORMAT binary) output of `rows` (null: a null field), with a header extension. */
function sortie(rows: readonly (readonly (Buffer | null)[])[]): Buffer {
  const int = (n: number, taille: 2 | 4) => {
    const b = Buffer.alloc(taille);
    if (taille === 2) b.writeInt16BE(n);
    else b.writeInt32BE(n);
    return b;
  };
  return Buffer.concat([
    Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
    int(0, 4),
    int(3, 4),
    Buffer.from('ext'),
    ...rows.flatMap((r) => [
      int(r.length, 2),
      ...r.flatMap((f) => (f ? [int(f.length, 4), f] : [int(-1, 4)])),
    ]),
    int(-1, 2),
  ]);
}

const COLONNES = [
  ['id', texteCol],
  ['ok', booleenCol],
  ['texte', octetsCol],
] as const;

const ROWS = [
  [Buffer.from('fo_1'), Buffer.from([1]), Buffer.from('{"intitule":"Étude « x »"}')],
  [Buffer.from('fo_2'), Buffer.from([0]), null],
  [Buffer.from(''), Buffer.from([1]), Buffer.from('𝄞'.repeat(20))],
];

const attendu = [
  { id: 'fo_1', ok: true, texte: Buffer.from('{"intitule":"Étude « x »"}') },
  { id: 'fo_2', ok: false, texte: null },
  { id: '', ok: true, texte: Buffer.from('𝄞'.repeat(20)) },
];

const lire = (m: Buffer | Buffer[]) =>
  lireTuples<Record<string, unknown>>(m, COLONNES).map((r) => ({
    ...r,
    texte: r.texte === null ? null : Buffer.from(r.texte as Uint8Array),
  }));

describe('lireTuples', () => {
  it('reads the same rows from one buffer and from chunks cut anywhere', () => {
    const tout = sortie(ROWS);
    expect(lire(tout)).toEqual(attendu);
    for (let i = 0; i <= tout.length; i++)
      expect(lire([tout.subarray(0, i), tout.subarray(i)]), `coupé à ${i}`).toEqual(attendu);
    const octetParOctet = [...tout].map((b) => Buffer.from([b]));
    expect(lire(octetParOctet)).toEqual(attendu);
  });

  it('refuses a truncated output, another signature, a wrong field count', () => {
    const tout = sortie(ROWS);
    expect(() => lire([tout.subarray(0, 30), tout.subarray(30, tout.length - 2)])).toThrow(/tronquée/);
    expect(() => lire([Buffer.from('PGCOPY\n')])).toThrow(/signature/);
    expect(() => lireTuples(sortie([[Buffer.from('x')]]), COLONNES)).toThrow(/1 champs, 3 attendus/);
  });

  it('reads a field that lies in one chunk in place, without a copy', () => {
    const tout = sortie(ROWS);
    const [premier] = lireTuples<{ texte: Buffer }>([tout], COLONNES);
    expect(premier!.texte.buffer).toBe(tout.buffer);
  });
});
