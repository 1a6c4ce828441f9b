import { describe, expect, it } from 'vitest';
import { PALETTE_INDEXEE, THEME_OFFICE } from './couleur.classifier.ts';
import { readCouleursTheme, readPaletteIndexee } from './theme.reader.ts';

// The theme and styles parts are read with an XML parser, in one pass (issue 15, defect 4: the
// regular expressions they replace took 79 s on 150,000 unclosed colour schemes). Time is measured
// by `npm run bench` (suite « entrées hostiles »), not here: these check what is read.

const A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';

describe('reading the colours of the theme and styles parts', () => {
  it('takes the first colour of each slot of the first colour scheme', () => {
    const xml = `<a:theme ${A}><a:themeElements><a:clrScheme name="x">
      <a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:srgbClr val="fefefe"><a:alpha val="1"/></a:srgbClr></a:lt1>
      <a:accent1><a:srgbClr val="FFFF00"/><a:srgbClr val="00FF00"/></a:accent1></a:clrScheme>
      <a:clrScheme name="second"><a:accent2><a:srgbClr val="123456"/></a:accent2></a:clrScheme></a:themeElements></a:theme>`;
    const c = readCouleursTheme(xml);
    expect(c.slice(0, 2)).toEqual(['FEFEFE', '000000']);
    expect(c[4]).toBe('FFFF00');
    expect(c[5]).toBe(THEME_OFFICE[5]); // the second scheme is not the workbook's
  });

  it('gives Office defaults for 150,000 unclosed colour schemes, and for what is not XML', () => {
    const hostile = `<a:theme ${A}><a:themeElements>${'<a:clrScheme name="x">'.repeat(150_000)}`;
    expect(readCouleursTheme(hostile)).toEqual([...THEME_OFFICE]);
    expect(readCouleursTheme('<<<< pas du xml')).toEqual([...THEME_OFFICE]);
  });

  it('reads an indexedColors override, and ignores 150,000 unclosed ones past the palette', () => {
    const styles = `<styleSheet><colors><indexedColors><rgbColor rgb="FF111111"/><rgbColor rgb="00FFFF00"/></indexedColors></colors></styleSheet>`;
    expect(readPaletteIndexee(styles).slice(0, 3)).toEqual(['111111', 'FFFF00', PALETTE_INDEXEE[2]]);
    const hostile = `<styleSheet><colors>${'<indexedColors><rgbColor rgb="FF222222">'.repeat(150_000)}`;
    const p = readPaletteIndexee(hostile);
    expect(p).toHaveLength(64);
    expect(p[0]).toBe('222222');
  });
});
