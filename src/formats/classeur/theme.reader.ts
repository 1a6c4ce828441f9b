import type { SaxesTagPlain } from 'saxes';
import { SaxesParserRapide } from '../xml/saxes.parser.ts';
import { PALETTE_INDEXEE, type Palette, THEME_OFFICE } from './couleur.classifier.ts';

// The workbook's own colours: the theme part's `a:clrScheme` and an optional `indexedColors`
// override in styles.xml. Read with a streaming XML parser in one pass, in time linear in the
// part's size (regular expressions over these parts were quadratic on unclosed elements: a 262 KB
// theme froze the server for 79 s — issue 15, defect 4). A part that is not well-formed XML gives
// what was read before the fault, then Office defaults: colours are a hint, never a refusal.

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
const EMPLACEMENTS = new Set(ORDRE_INDEX);

const local = (nom: string) => nom.slice(nom.indexOf(':') + 1);

/** Calls `surOuverture` for every start tag of `xml` (local name, attributes, depth), in order. */
function parcourir(
  xml: string,
  surOuverture: (nom: string, attrs: Readonly<Record<string, string>>, profondeur: number) => void,
  surFermeture: (nom: string, profondeur: number) => void = () => {},
): void {
  const parser = new SaxesParserRapide({ xmlns: false, position: false });
  let profondeur = 0;
  parser.on('opentag', (t: SaxesTagPlain) => {
    profondeur++;
    surOuverture(local(t.name), t.attributes, profondeur);
    if (t.isSelfClosing) profondeur--;
  });
  parser.on('closetag', (t: SaxesTagPlain) => {
    if (t.isSelfClosing) return;
    surFermeture(local(t.name), profondeur);
    profondeur--;
  });
  parser.on('error', (e) => {
    throw e;
  });
  try {
    parser.write(xml).close();
  } catch {
    // Not well-formed: keep what was read.
  }
}

/** The 12 theme colours ('RRGGBB', SpreadsheetML index order) of a theme1.xml; Office defaults for what is missing. */
export function readCouleursTheme(xml: string | undefined): string[] {
  const trouvees = new Map<string, string>();
  if (xml) {
    // Inside the first clrScheme: each slot element (dk1, …) takes the colour of its first child.
    let schema = 0; // depth of the clrScheme being read; -1 once it is closed
    let emplacement: { nom: string; profondeur: number } | null = null;
    parcourir(
      xml,
      (nom, attrs, profondeur) => {
        if (schema === 0 && nom === 'clrScheme') schema = profondeur;
        else if (schema > 0 && profondeur === schema + 1 && EMPLACEMENTS.has(nom))
          emplacement = { nom, profondeur };
        else if (emplacement && profondeur === emplacement.profondeur + 1) {
          const val = nom === 'sysClr' ? attrs.lastClr : nom === 'srgbClr' ? attrs.val : undefined;
          if (val && /^[0-9A-Fa-f]{6}$/.test(val) && !trouvees.has(emplacement.nom))
            trouvees.set(emplacement.nom, val.toUpperCase());
          emplacement = null; // only the first child counts
        }
      },
      (nom, profondeur) => {
        if (schema > 0 && profondeur === schema && nom === 'clrScheme') schema = -1;
        if (emplacement && profondeur === emplacement.profondeur) emplacement = null;
      },
    );
  }
  return ORDRE_INDEX.map((nom, i) => trouvees.get(nom) ?? THEME_OFFICE[i]!);
}

/** The indexed palette, with a styles.xml `<indexedColors>` override applied when present. */
export function readPaletteIndexee(stylesXml: string | undefined): string[] {
  if (!stylesXml) return [...PALETTE_INDEXEE];
  const perso: string[] = [];
  let dans = 0; // depth of the first indexedColors; -1 once closed
  let vu = false;
  parcourir(
    stylesXml,
    (nom, attrs, profondeur) => {
      if (dans === 0 && nom === 'indexedColors') {
        dans = profondeur;
        vu = true;
      } else if (dans > 0 && nom === 'rgbColor' && perso.length < PALETTE_INDEXEE.length) {
        const rgb = attrs.rgb;
        if (rgb && /^[0-9A-Fa-f]{6,8}$/.test(rgb)) perso.push(rgb.slice(-6).toUpperCase());
      }
    },
    (nom, profondeur) => {
      if (dans > 0 && profondeur === dans && nom === 'indexedColors') dans = -1;
    },
  );
  if (!vu) return [...PALETTE_INDEXEE];
  return PALETTE_INDEXEE.map((c, i) => perso[i] ?? c);
}

export function paletteDuClasseur(themeXml: string | undefined, stylesXml: string | undefined): Palette {
  return { theme: readCouleursTheme(themeXml), indexed: readPaletteIndexee(stylesXml) };
}
