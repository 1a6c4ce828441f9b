// Reads colours the way people paint them in Excel or LibreOffice: explicit ARGB, the legacy
// indexed palette, or a theme colour with a tint resolved through the workbook's own theme.
// Pure: the theme and palette come from theme.reader.ts.

/** A colour as exceljs exposes it on a font or a fill. */
export interface CouleurExcel {
  readonly argb?: string;
  readonly theme?: number;
  readonly tint?: number;
  readonly indexed?: number;
}

export type Teinte = 'jaune' | 'rouge' | 'bleu' | 'autre';

export interface Palette {
  /** The 12 theme colours in SpreadsheetML index order (0 lt1, 1 dk1, 2 lt2, 3 dk2, 4–9 accents, 10–11 links), 'RRGGBB'. */
  readonly theme: readonly string[];
  /** The 64 legacy indexed colours, 'RRGGBB' (a workbook may override them in styles.xml). */
  readonly indexed: readonly string[];
}

// ECMA-376 §18.8.27 default indexed palette (indices 0–63; 64/65 are the system text/background).
export const PALETTE_INDEXEE: readonly string[] = Object.freeze(
  (
    '000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF 000000 FFFFFF FF0000 00FF00 0000FF FFFF00 FF00FF 00FFFF ' +
    '800000 008000 000080 808000 800080 008080 C0C0C0 808080 9999FF 993366 FFFFCC CCFFFF 660066 FF8080 0066CC CCCCFF ' +
    '000080 FF00FF FFFF00 00FFFF 800080 800000 008080 0000FF 00CCFF CCFFFF CCFFCC FFFF99 99CCFF FF99CC CC99FF FFCC99 ' +
    '3366FF 33CCCC 99CC00 FFCC00 FF9900 FF6600 666699 969696 003366 339966 003300 333300 993300 993366 333399 333333'
  ).split(' '),
);

// Office 2013+ default theme, used when a workbook carries no theme part.
export const THEME_OFFICE: readonly string[] = Object.freeze([
  'FFFFFF',
  '000000',
  'E7E6E6',
  '44546A',
  '4472C4',
  'ED7D31',
  'A5A5A5',
  'FFC000',
  '5B9BD5',
  '70AD47',
  '0563C1',
  '954F72',
]);

export const PALETTE_DEFAUT: Palette = Object.freeze({ theme: THEME_OFFICE, indexed: PALETTE_INDEXEE });

const SYSTEME_TEXTE = 64;
const SYSTEME_FOND = 65;

/** The colour's RGB ('RRGGBB'), or null for "automatic" (system colours, nothing set). */
export function resolveCouleur(c: CouleurExcel | undefined, palette: Palette): string | null {
  if (!c) return null;
  let rgb: string | null = null;
  if (typeof c.argb === 'string' && /^[0-9A-Fa-f]{6,8}$/.test(c.argb)) rgb = c.argb.slice(-6).toUpperCase();
  else if (typeof c.theme === 'number') rgb = palette.theme[c.theme] ?? null;
  else if (typeof c.indexed === 'number') {
    if (c.indexed === SYSTEME_TEXTE || c.indexed === SYSTEME_FOND) return null;
    rgb = palette.indexed[c.indexed] ?? null;
  }
  if (!rgb) return null;
  return c.tint ? applyTeinte(rgb, c.tint) : rgb;
}

/**
 * Excel's tint (ECMA-376 §18.8.19): in HLS, darken (tint < 0) L·(1+tint) or lighten
 * (tint > 0) L·(1−tint) + tint.
 */
export function applyTeinte(rgb: string, tint: number): string {
  const [h, l, s] = rgbToHls(rgb);
  const l2 = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  return hlsToRgb(h, Math.min(1, Math.max(0, l2)), s);
}

/**
 * What a person meant by a colour: `null` = no colour (black/automatic text, white/no fill, the
 * theme's text or background colour, greys), else its hue family.
 */
export function classifyCouleur(
  c: CouleurExcel | undefined,
  palette: Palette,
  usage: 'police' | 'remplissage',
): Teinte | null {
  if (!c) return null;
  // The theme's own text (dk1) / background (lt1) colour is the default, whatever RGB the theme gives it.
  if (!c.tint && !c.argb && c.theme === (usage === 'police' ? 1 : 0)) return null;
  const rgb = resolveCouleur(c, palette);
  if (!rgb) return null;
  return classifyRgb(rgb);
}

/** Hue family of an RGB; greys, near-black and near-white are "no colour". */
export function classifyRgb(rgb: string): Teinte | null {
  const [h, l, s] = rgbToHls(rgb);
  if (s < 0.2 || l < 0.08 || l > 0.96) return null;
  const deg = h * 360;
  if (deg < 15 || deg >= 340) return 'rouge';
  // Excel's "Orange" standard colour (FFC000) and Gold tints (FFF2CC) sit at 45°: people use them as yellow.
  if (deg >= 42 && deg < 72) return 'jaune';
  if (deg >= 180 && deg < 260) return 'bleu';
  return 'autre';
}

/** RGB → [hue 0–1, lightness 0–1, saturation 0–1]. */
export function rgbToHls(rgb: string): [number, number, number] {
  const r = Number.parseInt(rgb.slice(0, 2), 16) / 255;
  const g = Number.parseInt(rgb.slice(2, 4), 16) / 255;
  const b = Number.parseInt(rgb.slice(4, 6), 16) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, l, 0];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  let h: number;
  if (max === r) h = (g - b) / d + (g < b ? 6 : 0);
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  return [h / 6, l, s];
}

export function hlsToRgb(h: number, l: number, s: number): string {
  const hex = (x: number) =>
    Math.round(x * 255)
      .toString(16)
      .padStart(2, '0')
      .toUpperCase();
  if (s === 0) return hex(l).repeat(3);
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const chan = (t: number) => {
    let u = t;
    if (u < 0) u += 1;
    if (u > 1) u -= 1;
    if (u < 1 / 6) return p + (q - p) * 6 * u;
    if (u < 1 / 2) return q;
    if (u < 2 / 3) return p + (q - p) * (2 / 3 - u) * 6;
    return p;
  };
  return hex(chan(h + 1 / 3)) + hex(chan(h)) + hex(chan(h - 1 / 3));
}
