import { PALETTE_INDEXEE, type Palette, THEME_OFFICE } from './couleur.classifier.ts';

// The workbook's own colours: the theme part's `a:clrScheme` and an optional `indexedColors`
// override in styles.xml. Pure string parsing of two small, well-known parts.

// clrScheme lists dk1, lt1, dk2, lt2, …; SpreadsheetML theme indices swap each pair (0 = lt1, 1 = dk1).
const ORDRE_INDEX = [
  'lt1',
  'dk1',
  'lt2',
  'dk2',
  'accent1',
  'accent2',
  'accent3',
  'accent4',
  'accent5',
  'accent6',
  'hlink',
  'folHlink',
];

/** The 12 theme colours ('RRGGBB', SpreadsheetML index order) of a theme1.xml; Office defaults for what is missing. */
export function lireCouleursTheme(xml: string | undefined): string[] {
  const trouvees = new Map<string, string>();
  const scheme = xml ? /<(?:\w+:)?clrScheme\b[\s\S]*?<\/(?:\w+:)?clrScheme>/.exec(xml)?.[0] : undefined;
  if (scheme) {
    const re =
      /<(?:\w+:)?(dk1|lt1|dk2|lt2|accent[1-6]|hlink|folHlink)>\s*<(?:\w+:)?(srgbClr|sysClr)\b([^>]*)>/g;
    for (const m of scheme.matchAll(re)) {
      const attrs = m[3]!;
      const val =
        m[2] === 'sysClr'
          ? /lastClr="([0-9A-Fa-f]{6})"/.exec(attrs)?.[1]
          : /val="([0-9A-Fa-f]{6})"/.exec(attrs)?.[1];
      if (val) trouvees.set(m[1]!, val.toUpperCase());
    }
  }
  return ORDRE_INDEX.map((nom, i) => trouvees.get(nom) ?? THEME_OFFICE[i]!);
}

/** The indexed palette, with a styles.xml `<indexedColors>` override applied when present. */
export function lirePaletteIndexee(stylesXml: string | undefined): string[] {
  const bloc = stylesXml
    ? /<(?:\w+:)?indexedColors>([\s\S]*?)<\/(?:\w+:)?indexedColors>/.exec(stylesXml)?.[1]
    : undefined;
  if (!bloc) return [...PALETTE_INDEXEE];
  const perso = [...bloc.matchAll(/rgb="([0-9A-Fa-f]{6,8})"/g)].map((m) => m[1]!.slice(-6).toUpperCase());
  return PALETTE_INDEXEE.map((c, i) => perso[i] ?? c);
}

export function paletteDuClasseur(themeXml: string | undefined, stylesXml: string | undefined): Palette {
  return { theme: lireCouleursTheme(themeXml), indexed: lirePaletteIndexee(stylesXml) };
}
