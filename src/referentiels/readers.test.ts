import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tableBcn } from './bcn.importer.ts';
import { readCsv } from './csv.reader.ts';
import { detectEncoding } from './encoding.ts';
import { membreRncp } from './rncp.importer.ts';
import { formeTexte } from './sniff.ts';
import { cleMembre, decodeMemberName } from './zip.reader.ts';

const records = async (text: Buffer, quote: boolean, encoding: 'utf8' | 'win1252' = 'utf8') => {
  const out = [];
  for await (const { ligne, valeurs } of readCsv(Readable.from([text]), { encoding, delimiter: ';', quote }))
    out.push({ ligne, valeurs });
  return out;
};

describe('encodings', () => {
  it('tells Windows-1252 from UTF-8 (U+FFFD included) by the bytes', () => {
    expect(detectEncoding(iconv.encode('MÉCANIQUE;é', 'win1252'))).toBe('win1252');
    expect(detectEncoding(Buffer.from('MÉCANIQUE;é'))).toBe('utf8');
    expect(detectEncoding(Buffer.from('M\ufffdcanique'))).toBe('utf8');
    // a sample cut in the middle of a multi-byte character is still UTF-8
    expect(detectEncoding(Buffer.from('abcé').subarray(0, 4))).toBe('utf8');
  });
});

describe('CSV records', () => {
  it('BCN: quotes off, a stray " is data, Windows-1252 decoded, line numbers kept', async () => {
    const rs = await records(iconv.encode('A;B\nCAP "X;Modèle\n\nBTS;Y\n', 'win1252'), false, 'win1252');
    expect(rs).toEqual([
      { ligne: 1, valeurs: ['A', 'B'] },
      { ligne: 2, valeurs: ['CAP "X', 'Modèle'] },
      { ligne: 4, valeurs: ['BTS', 'Y'] },
    ]);
  });
  it('a UTF-8 byte order mark is not part of the first header', async () => {
    expect((await records(Buffer.from('\uFEFFA;B\n1;2\n'), true))[0]!.valeurs).toEqual(['A', 'B']);
  });
  it('France compétences: CRLF, quoted `;` and newlines, the record starts where it starts', async () => {
    const rs = await records(Buffer.from('"A";"B"\r\n"x;y";"1\r\n2"\r\n"z";\r\n'), true);
    expect(rs).toEqual([
      { ligne: 1, valeurs: ['A', 'B'] },
      { ligne: 2, valeurs: ['x;y', '1\r\n2'] },
      { ligne: 4, valeurs: ['z', ''] },
    ]);
  });
});

describe('zip member names', () => {
  it('decodes UTF-8 names written without the flag, and matches NFC and NFD alike', () => {
    const nfc = 'export_fiches_CSV_VoixdAccès_2024_02_22.csv';
    const nfd = nfc.normalize('NFD');
    expect(decodeMemberName(Buffer.from(nfd, 'utf8'))).toBe(nfd);
    expect(cleMembre(nfd)).toBe(cleMembre(nfc));
    expect(membreRncp(cleMembre(nfd))).toBe('voixdacces');
    expect(membreRncp(cleMembre('export_fiches_CSV_Blocs_De_Compétences_2024_02_22.csv'))).toBeNull();
    // genuine CP437 (invalid as UTF-8) falls back to the zip's legacy code page
    expect(decodeMemberName(Buffer.from([0x82, 0x74, 0x65]))).toBe('éte');
  });
});

describe('recognition by content', () => {
  it('finds the delimiter and the BCN table from the header, whatever the file name', () => {
    const f = formeTexte(
      Buffer.from('MEF;DISPOSITIF_FORMATION;FORMATION_DIPLOME;DUREE_DISPOSITIF\n1;2;3;4\n'),
    );
    expect(f).toMatchObject({ type: 'csv', delimiter: ';' });
    expect(tableBcn(['FORMATION_DIPLOME', 'LIBELLE_LONG_200', 'DATE_FERMETURE', 'NOUVEAU_DIPLOME_1'])).toBe(
      'N_FORMATION_DIPLOME',
    );
    expect(tableBcn(['FORMATION_DIPLOME', 'LIBELLE_LONG_200', 'DATE_FERMETURE'])).toBe('V_FORMATION_DIPLOME');
    expect(tableBcn(['mef', 'dispositif_formation', 'formation_diplome'])).toBe('N_MEF');
    expect(formeTexte(Buffer.from('<?xml version="1.0"?>\n<!-- x -->\n<FICHES><FICHE/></FICHES>'))).toEqual({
      type: 'xml',
      racine: 'FICHES',
    });
  });
});

describe('a table whose last line is cut mid-row', () => {
  // Every importer reads its CSV through readTable: a truncated download is refused there, once.
  it('is refused (REFERENTIEL_LIGNE_TRONQUEE) naming file, line and first missing field', async () => {
    const { readTable } = await import('./table.reader.ts');
    const lire = async (texte: string) => {
      const out = [];
      const src = {
        path: '/tmp/N_FORMATION_DIPLOME.csv',
        forme: formeTexte(Buffer.from(texte)),
        open: async () => Readable.from([Buffer.from(texte)]),
        quote: false,
      };
      for await (const r of readTable(src)) out.push(r.record);
      return out;
    };
    await expect(lire('A;B;C\n1;2;3\n4;5')).rejects.toMatchObject({
      code: 'REFERENTIEL_LIGNE_TRONQUEE',
      details: { fichier: 'N_FORMATION_DIPLOME.csv', ligne: 3, colonne: 'C' },
      message: expect.stringMatching(
        /^Le fichier N_FORMATION_DIPLOME\.csv se termine au milieu de la ligne 3 : 2 champs sur 3, le champ « C »/,
      ),
    });
    // A complete last line without a final newline, or a short line that ends, is read as before.
    expect(await lire('A;B;C\n1;2;3\n4;5;6')).toHaveLength(2);
    expect(await lire('A;B;C\n1;2\n4;5;6\n')).toHaveLength(2);
  });
});
