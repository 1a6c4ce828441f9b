import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { describe, expect, it, vi } from 'vitest';
import { readParties } from '../../../test/classeur/zip.fixture.ts';
import { colonnesClasseur } from './classeur.columns.ts';
import { readClasseur } from './classeur.reader.ts';
import { writeClasseur } from './classeur.writer.ts';

// Colours read from a real workbook whose theme we control: the same theme index means yellow
// here and blue in Office's default theme, so only a reader that resolves the theme passes.
const THEME = (accent1: string, accent2: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Test"><a:themeElements><a:clrScheme name="Test">
<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>
<a:accent1><a:srgbClr val="${accent1}"/></a:accent1><a:accent2><a:srgbClr val="${accent2}"/></a:accent2>
<a:accent3><a:srgbClr val="0070C0"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4>
<a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6>
<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme>
<a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme>
<a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst>
<a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst>
<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>
<a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme>
</a:themeElements></a:theme>`;

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

async function classeurPeint(theme: string | null): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  const ligne = { reference: 'fo_a/se_a', intitule: 'BTS MCO', capacite: '24' };
  await writeClasseur(
    out,
    {
      annee: 2027,
      libelleCampagne: 'Rentrée 2027',
      siret: '13002526500013',
      raisonSociale: null,
      genereLe: new Date(),
    },
    [ligne, { ...ligne, reference: 'fo_b/se_b' }, { ...ligne, reference: null }],
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Offre')!;
  // Row 2: theme accent1 with a light tint as fill on the whole row; red theme accent2 font on Capacité.
  for (let c = 1; c <= 25; c++)
    ws.getRow(2).getCell(c).style = {
      fill: { type: 'pattern', pattern: 'solid', fgColor: { theme: 4, tint: 0.3999755851924192 } as never },
    };
  ws.getRow(3).getCell(COL.capacite!).style = {
    font: { color: { theme: 5, tint: -0.249977111117893 } as never },
  };
  // Row 3: the theme's own text colour on Intitulé is "no colour".
  ws.getRow(3).getCell(COL.intitule!).style = { font: { color: { theme: 1 } } };
  // Row 4: a new row in legacy indexed blue (12 = 0000FF).
  for (const c of [COL.intitule!, COL.capacite!])
    ws.getRow(4).getCell(c).style = { font: { color: { indexed: 12 } as never } };
  if (theme) (wb as unknown as { _themes: Record<string, string> })._themes = { theme1: theme };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('reading the colours of a returned workbook', () => {
  it('resolves theme colours and tints through the workbook theme, and indexed colours', async () => {
    const lu = await readClasseur(await classeurPeint(THEME('FFFF00', 'FF0000')));
    const [l2, l3, l4] = lu.lignes;
    expect(l2).toMatchObject({ ligne: 2, jaune: 'ligne', bleue: false, rouges: [] });
    expect(l3).toMatchObject({ ligne: 3, jaune: null, bleue: false, rouges: ['capacite'] });
    expect(l4).toMatchObject({ ligne: 4, jaune: null, bleue: true });
  });

  it('reads the same theme indices differently under another theme', async () => {
    // accent1 blue, accent2 green: the fill is no longer yellow, the font no longer red.
    const lu = await readClasseur(await classeurPeint(THEME('4472C4', '00B050')));
    expect(lu.lignes[0]).toMatchObject({ jaune: null });
    expect(lu.lignes[1]).toMatchObject({ rouges: [] });
    expect(lu.lignes[1]!.avertissements.map((a) => a.code)).toEqual(['CLASSEUR_COULEUR_INCONNUE']);
  });

  it('reads a row filled in blue as a new row, without a « colour without meaning » warning per cell', async () => {
    // A fresh user's report (04/12/2026): every cell of a blue-filled new row was warned that blue
    // has no meaning « (… bleu = nouvelle) ».
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await classeurPeint(THEME('FFFF00', 'FF0000'))) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Offre')!;
    for (let c = 1; c <= 25; c++)
      ws.getRow(4).getCell(c).style = {
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF0070C0' } },
      };
    const lu = await readClasseur(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(lu.lignes[2]).toMatchObject({ ligne: 4, bleue: true, jaune: null, rouges: [] });
    expect(lu.lignes[2]!.avertissements.map((a) => a.code)).not.toContain('CLASSEUR_COULEUR_INCONNUE');
  });
});

describe('one parse of each part', () => {
  it('parses each sheet and the shared strings once: the guard’s parsing feeds exceljs’s readers', async () => {
    // 200 rows, saved again by exceljs as Excel does (shared strings): every XML parser of the read
    // (the guard's and exceljs's, all saxes) counted by the characters it is given. Before, the
    // guard then exceljs parsed each sheet and the shared strings: about twice the parts' size.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await classeurPeint(null)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Offre')!;
    for (let r = 5; r <= 200; r++) {
      ws.getRow(r).getCell(COL.intitule!).value = `Formation ${r} é`;
      ws.getRow(r).getCell(COL.capacite!).value = r;
    }
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const parties = await readParties(xlsx);
    const taille = (re: RegExp) =>
      parties.filter((p) => re.test(p.name)).reduce((n, p) => n + p.data.toString('utf8').length, 0);
    const xml = taille(/\.(xml|rels)$/);
    const grosses = taille(/^xl\/(worksheets\/[^/]+|sharedStrings)\.xml$/);
    // Ours (the guard's) and exceljs's own copy of saxes.
    const requireExcel = createRequire(createRequire(import.meta.url).resolve('exceljs'));
    const classes = [SaxesParser, (requireExcel('saxes') as { SaxesParser: typeof SaxesParser }).SaxesParser];
    const espions = [...new Set(classes)].map((c) => vi.spyOn(c.prototype, 'write'));
    try {
      const lu = await readClasseur(xlsx);
      expect(lu.lignes).toHaveLength(199);
      const lus = espions
        .flatMap((w) => w.mock.calls)
        .reduce((n, [c]) => n + (typeof c === 'string' ? c.length : 0), 0);
      expect(grosses).toBeGreaterThan(xml / 2);
      // Every part parsed at most once (the small ones — workbook, relationships, styles — by exceljs alone).
      expect(lus).toBeLessThanOrEqual(xml);
    } finally {
      for (const w of espions) w.mockRestore();
    }
  });
});

describe('cell references', () => {
  it('reads each cell’s column without exceljs’s decodeAddress (an address object and three strings a cell)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await classeurPeint(null)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Offre')!;
    for (let r = 5; r <= 200; r++) {
      ws.getRow(r).getCell(COL.intitule!).value = `Formation ${r}`;
      ws.getRow(r).getCell(COL.capacite!).value = r;
    }
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const colCache = createRequire(import.meta.url)('exceljs/lib/utils/col-cache.js') as {
      decodeAddress(ref: string): unknown;
    };
    const espion = vi.spyOn(colCache, 'decodeAddress');
    try {
      const lu = await readClasseur(xlsx);
      expect(lu.lignes).toHaveLength(199);
      expect(lu.lignes[198]!.valeurs.intitule).toBe('Formation 200');
      expect(lu.lignes[198]!.valeurs.capacite).toBe('200');
      // Before: one call a cell read (more than 400 cells here).
      expect(espion.mock.calls.length).toBeLessThan(20);
    } finally {
      espion.mockRestore();
    }
  });
});
