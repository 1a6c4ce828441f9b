import { describe, expect, it } from 'vitest';
import { applyTeinte, classifyCouleur, PALETTE_DEFAUT, resolveCouleur } from './couleur.classifier.ts';
import { paletteDuClasseur, readCouleursTheme, readPaletteIndexee } from './theme.reader.ts';

// A theme whose colours we control: accent1 is yellow, accent2 red, accent3 blue, text (dk1) dark blue.
const THEME = `<?xml version="1.0"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements>
<a:clrScheme name="Test"><a:dk1><a:srgbClr val="1F3864"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>
<a:dk2><a:srgbClr val="333333"/></a:dk2><a:lt2><a:srgbClr val="EEEEEE"/></a:lt2>
<a:accent1><a:srgbClr val="FFFF00"/></a:accent1><a:accent2><a:srgbClr val="C00000"/></a:accent2>
<a:accent3><a:srgbClr val="0070C0"/></a:accent3><a:accent4><a:srgbClr val="70AD47"/></a:accent4>
<a:accent5><a:srgbClr val="7030A0"/></a:accent5><a:accent6><a:srgbClr val="808080"/></a:accent6>
<a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme></a:themeElements></a:theme>`;

describe('colour classification', () => {
  const p = paletteDuClasseur(THEME, undefined);

  it('reads explicit ARGB colours by hue', () => {
    expect(classifyCouleur({ argb: 'FFFFFF00' }, p, 'remplissage')).toBe('jaune');
    expect(classifyCouleur({ argb: 'FFFFF2CC' }, p, 'remplissage')).toBe('jaune'); // "Or, accentuation 4, plus clair 80 %"
    expect(classifyCouleur({ argb: 'FFFF0000' }, p, 'police')).toBe('rouge');
    expect(classifyCouleur({ argb: 'FFC00000' }, p, 'police')).toBe('rouge');
    expect(classifyCouleur({ argb: 'FF0070C0' }, p, 'police')).toBe('bleu');
    expect(classifyCouleur({ argb: 'FF00B050' }, p, 'police')).toBe('autre');
    expect(classifyCouleur({ argb: 'FF000000' }, p, 'police')).toBeNull();
    expect(classifyCouleur({ argb: 'FFFFFFFF' }, p, 'remplissage')).toBeNull();
    expect(classifyCouleur({ argb: 'FF808080' }, p, 'police')).toBeNull();
  });

  it('reads the legacy indexed palette, system colours meaning automatic', () => {
    expect(classifyCouleur({ indexed: 13 }, p, 'remplissage')).toBe('jaune');
    expect(classifyCouleur({ indexed: 43 }, p, 'remplissage')).toBe('jaune'); // FFFF99
    expect(classifyCouleur({ indexed: 10 }, p, 'police')).toBe('rouge');
    expect(classifyCouleur({ indexed: 12 }, p, 'police')).toBe('bleu');
    expect(classifyCouleur({ indexed: 64 }, p, 'police')).toBeNull();
    expect(classifyCouleur({ indexed: 8 }, p, 'police')).toBeNull();
    expect(readPaletteIndexee(undefined)).toHaveLength(64);
  });

  it('resolves theme colours through the workbook theme, with tints', () => {
    expect(readCouleursTheme(THEME).slice(0, 5)).toEqual(['FFFFFF', '1F3864', 'EEEEEE', '333333', 'FFFF00']);
    expect(classifyCouleur({ theme: 4 }, p, 'remplissage')).toBe('jaune');
    expect(classifyCouleur({ theme: 4, tint: 0.7999816888943144 }, p, 'remplissage')).toBe('jaune');
    expect(classifyCouleur({ theme: 5 }, p, 'police')).toBe('rouge');
    expect(classifyCouleur({ theme: 6, tint: -0.249977111117893 }, p, 'police')).toBe('bleu');
    // tint to near white: no longer a colour anyone would read
    expect(classifyCouleur({ theme: 6, tint: 0.97 }, p, 'police')).toBeNull();
    // the same index means something else in the Office theme: accent1 is blue there
    expect(classifyCouleur({ theme: 4 }, PALETTE_DEFAUT, 'remplissage')).toBe('bleu');
  });

  it('treats the theme text colour as no colour even when the theme makes it blue', () => {
    expect(resolveCouleur({ theme: 1 }, p)).toBe('1F3864');
    expect(classifyCouleur({ theme: 1 }, p, 'police')).toBeNull();
    expect(classifyCouleur({ theme: 0 }, p, 'remplissage')).toBeNull();
  });

  it('applies Excel tints in HLS', () => {
    expect(applyTeinte('4472C4', 0.7999816888943144)).toBe('DAE3F3');
    expect(applyTeinte('4472C4', -0.499984740745262)).toBe('203864');
  });
});
