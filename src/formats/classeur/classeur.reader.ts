import ExcelJS from 'exceljs';
import { excelSerialDay, isoDay } from '../../domain/dates.ts';
import { OffreError } from '../../domain/errors.ts';
import {
  anneeDesEntetes,
  type CleColonne,
  type Colonne,
  colonnesClasseur,
  FEUILLE_OFFRE,
  NB_COLONNES,
} from './classeur.columns.ts';
import { inspectClasseur } from './classeur.guard.ts';
import { readVersions, type VersionsClasseur } from './classeur.versions.ts';
import { type CouleurExcel, classifyCouleur, type Palette, type Teinte } from './couleur.classifier.ts';
import { paletteDuClasseur } from './theme.reader.ts';

// Reads a returned campaign workbook: the values of each row (as text, dates as YYYY-MM-DD) and
// what its colours say. Deciding what a row means is classeur.ligne.ts's job.

export interface Remarque {
  readonly colonne: string;
  readonly code: string;
  readonly message: string;
}

export interface LigneLue {
  /** Excel row number. */
  readonly ligne: number;
  readonly valeurs: Readonly<Record<CleColonne, string | null>>;
  /** Yellow fill on the row (closed), or on only some of its cells. */
  readonly jaune: 'ligne' | 'partiel' | null;
  readonly bleue: boolean;
  /** Cells painted red (font, or fill as some people do). */
  readonly rouges: readonly CleColonne[];
  readonly erreurs: readonly Remarque[];
  readonly avertissements: readonly Remarque[];
}

export interface ClasseurLu {
  readonly annee: number;
  readonly lignes: readonly LigneLue[];
  /** What the workbook was generated with (hidden sheet `Versions`); null: an older or hand-made workbook. */
  readonly versions: VersionsClasseur | null;
  /** The loaded workbook, kept to write the copy with the `Erreurs` column. */
  readonly workbook: ExcelJS.Workbook;
}

export async function readClasseur(buffer: Buffer, fichier = 'le classeur'): Promise<ClasseurLu> {
  const inspecte = await inspectClasseur(buffer, fichier);
  const palette = paletteDuClasseur(inspecte.themeXml, inspecte.stylesXml);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw new OffreError('CLASSEUR_ILLISIBLE', `${fichier} : classeur Excel illisible.`, {}, 422);
  }
  const ws = workbook.getWorksheet(FEUILLE_OFFRE);
  if (!ws)
    throw new OffreError(
      'CLASSEUR_FEUILLE_ABSENTE',
      `${fichier} : la feuille « ${FEUILLE_OFFRE} » est absente.`,
      {},
      422,
    );
  const entetes: string[] = [];
  for (let c = 1; c <= NB_COLONNES; c++) entetes.push(texteCellule(ws.getRow(1).getCell(c).value) ?? '');
  const annee = anneeDesEntetes(entetes);
  if (annee === null)
    throw new OffreError(
      'CLASSEUR_ENTETES',
      `${fichier}, feuille « ${FEUILLE_OFFRE} », ligne 1 : les deux dernières colonnes doivent être « Date de début AAAA » et « Date de fin AAAA ».`,
      {},
      422,
    );
  const colonnes = colonnesClasseur(annee);
  const fausses = colonnes.filter((c, i) => normaliser(entetes[i]) !== normaliser(c.entete));
  if (fausses.length > 0)
    throw new OffreError(
      'CLASSEUR_ENTETES',
      `${fichier}, feuille « ${FEUILLE_OFFRE} », ligne 1 : en-têtes inattendus (${fausses
        .map(
          (c) =>
            `colonne ${lettre(colonnes.indexOf(c) + 1)} attendue « ${c.entete} », trouvée « ${entetes[colonnes.indexOf(c)]} »`,
        )
        .join(' ; ')}). Repartez du classeur exporté par Offre.`,
      {},
      422,
    );
  const lignes: LigneLue[] = [];
  ws.eachRow({ includeEmpty: false }, (row, numero) => {
    if (numero === 1) return;
    const lue = readLigne(row, numero, colonnes, palette);
    if (lue) lignes.push(lue);
  });
  return { annee, lignes, versions: readVersions(workbook), workbook };
}

function readLigne(
  row: ExcelJS.Row,
  numero: number,
  colonnes: readonly Colonne[],
  palette: Palette,
): LigneLue | null {
  const valeurs = {} as Record<CleColonne, string | null>;
  const erreurs: Remarque[] = [];
  const avertissements: Remarque[] = [];
  const rouges: CleColonne[] = [];
  let jaunes = 0;
  let bleues = 0;
  let remplies = 0;
  colonnes.forEach((col, i) => {
    const cell = row.getCell(i + 1);
    const lu = valeurCellule(cell.value, col);
    valeurs[col.cle as CleColonne] = lu.valeur;
    if (lu.valeur !== null) remplies++;
    if (lu.erreur) erreurs.push({ colonne: col.entete, ...lu.erreur });
    if (lu.zeros)
      avertissements.push({
        colonne: col.entete,
        code: 'CLASSEUR_ZERO_RESTAURE',
        message: `Ligne ${numero}, colonne « ${col.entete} » : nombre ${lu.zeros} saisi comme un nombre, lu « ${lu.valeur} » (zéro initial rétabli) ; vérifiez-le et saisissez-le comme du texte.`,
      });
    if (lu.formule)
      avertissements.push({
        colonne: col.entete,
        code: 'CLASSEUR_FORMULE',
        message: `Ligne ${numero}, colonne « ${col.entete} » : formule remplacée par la valeur affichée dans Excel.`,
      });
    const fond = teinteRemplissage(cell.fill, palette);
    const police = classifyCouleur(cell.font?.color as CouleurExcel | undefined, palette, 'police');
    if (fond === 'jaune') jaunes++;
    if (police === 'bleu' && lu.valeur !== null) bleues++;
    if (police === 'rouge' || fond === 'rouge') rouges.push(col.cle as CleColonne);
    else if (
      (police === 'autre' || fond === 'autre' || fond === 'bleu' || police === 'jaune') &&
      lu.valeur !== null
    )
      avertissements.push({
        colonne: col.entete,
        code: 'CLASSEUR_COULEUR_INCONNUE',
        message: `Ligne ${numero}, colonne « ${col.entete} » : couleur sans signification dans les conventions (jaune = fermée, rouge = modifiée, bleu = nouvelle) ; ignorée.`,
      });
  });
  const ligneJaune = teinteRemplissage(row.fill, palette) === 'jaune' || jaunes * 2 > colonnes.length;
  if (remplies === 0 && !ligneJaune) return null;
  const ligneBleue =
    classifyCouleur(row.font?.color as CouleurExcel | undefined, palette, 'police') === 'bleu' ||
    bleues * 2 > remplies;
  return {
    ligne: numero,
    valeurs,
    jaune: ligneJaune ? 'ligne' : jaunes > 0 ? 'partiel' : null,
    bleue: ligneBleue,
    rouges: ligneBleue ? [] : rouges,
    erreurs,
    avertissements,
  };
}

function teinteRemplissage(fill: ExcelJS.Fill | undefined, palette: Palette): Teinte | null {
  if (!fill) return null;
  if (fill.type === 'pattern')
    return fill.pattern === 'none'
      ? null
      : classifyCouleur(fill.fgColor as CouleurExcel, palette, 'remplissage');
  if (fill.type === 'gradient')
    return classifyCouleur(fill.stops?.[0]?.color as CouleurExcel, palette, 'remplissage');
  return null;
}

interface Lu {
  valeur: string | null;
  formule?: boolean;
  /** The number Excel stored, when leading zeros it dropped were put back. */
  zeros?: string;
  erreur?: { code: string; message: string };
}

/** A cell's value as the text or ISO date the columns expect. Formulas give their cached result (never evaluated). */
function valeurCellule(v: ExcelJS.CellValue, col: Colonne, formule = false): Lu {
  if (v === null || v === undefined) return { valeur: null, formule };
  if (typeof v === 'object' && !(v instanceof Date)) {
    if ('formula' in v || 'sharedFormula' in v) {
      const result = (v as ExcelJS.CellFormulaValue).result;
      if (result === undefined || result === null)
        return {
          valeur: null,
          erreur: {
            code: 'CLASSEUR_FORMULE_SANS_VALEUR',
            message: `colonne « ${col.entete} » : formule sans valeur calculée ; remplacez-la par sa valeur.`,
          },
        };
      return valeurCellule(result as ExcelJS.CellValue, col, true);
    }
    if ('error' in v)
      return {
        valeur: null,
        erreur: {
          code: 'CLASSEUR_VALEUR_ERREUR',
          message: `colonne « ${col.entete} » : la cellule contient l’erreur ${v.error}.`,
        },
      };
  }
  if (col.genre === 'date') {
    if (v instanceof Date) return { valeur: isoDay(v), formule };
    // An unformatted Excel serial (days since 1899-12-30).
    if (typeof v === 'number' && v > 0 && v < 2_958_466)
      return {
        valeur: excelSerialDay(v),
        formule,
      };
  }
  const t = texteCellule(v);
  if (t === null) return { valeur: null, formule };
  if (typeof v === 'number') {
    const rendu = zerosRendus(col, t);
    if (rendu !== t) return { valeur: rendu, formule, zeros: t };
  }
  return { valeur: t, formule };
}

/**
 * Identifiers typed as numbers lose their leading zeros in Excel (`474000000` for 04 74 00 00 00,
 * `1234` for postal code 01234, a 13-digit SIRET): put back what the column's format says —
 * SIRET 14 digits, code postal 5, a French telephone number 10 digits starting with 0 (9 digits
 * typed; 33XXXXXXXXX typed → +33XXXXXXXXX). Other numbers are returned as they are.
 */
export function zerosRendus(col: Colonne, t: string): string {
  if (!/^\d+$/.test(t)) return t;
  if (col.genre === 'siret' && t.length < 14) return t.padStart(14, '0');
  if (col.cle === 'codePostal' && t.length < 5) return t.padStart(5, '0');
  if (col.cle === 'contactTelephone') {
    if (/^[1-9]\d{8}$/.test(t)) return `0${t}`;
    if (/^33[1-9]\d{8}$/.test(t)) return `+${t}`;
  }
  return t;
}

export function texteCellule(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  let s: string;
  if (v instanceof Date) s = isoDay(v);
  else if (typeof v === 'object') {
    if ('richText' in v) s = v.richText.map((r) => r.text).join('');
    else if ('text' in v && typeof v.text === 'string') s = v.text;
    else if ('result' in v) return texteCellule(v.result as ExcelJS.CellValue);
    else return null;
  } else s = String(v);
  s = s.replace(/\r\n?/g, '\n').trim();
  return s === '' ? null : s;
}

const normaliser = (s: string | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

export function lettre(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
