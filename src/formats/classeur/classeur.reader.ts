import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type yauzl from 'yauzl';
import { excelSerialDay, isoDay } from '../../domain/dates.ts';
import { OffreError } from '../../domain/errors.ts';
import { nombre } from '../../domain/nombres.ts';
import { COLONNES_EXPORT, EXPORT_NON_REIMPORTABLE, enteteExportOffre } from '../export-offre.ts';
import {
  anneeDesEntetes,
  type CleColonne,
  type Colonne,
  colonnesClasseur,
  FEUILLE_OFFRE,
  NB_COLONNES,
} from './classeur.columns.ts';
import {
  type EvenementSax,
  type LecteurClasseur,
  RowExcel,
  utilsExcel,
  WorkbookReader,
  WorksheetReader,
} from './classeur.exceljs.ts';
import {
  type CelluleBrute,
  celluleTropLongue,
  estFeuille,
  evenementsGardes,
  inflater,
  inspectClasseur,
  LIMITES,
  openArchive,
  readTexte,
  type SuiviPartie,
  texteGarde,
} from './classeur.guard.ts';
import {
  FEUILLE_VERSIONS,
  lireVersions,
  type VersionsClasseur,
  type VersionsLues,
  versionsDepliees,
} from './classeur.versions.ts';
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
}

/** ClasseurLu with the `Versions` sheet as read (VersionsLues): what the reader's worker sends. */
export interface ClasseurBrut extends Omit<ClasseurLu, 'versions'> {
  readonly versions: VersionsLues | null;
}

const illisible = (fichier: string) =>
  new OffreError('CLASSEUR_ILLISIBLE', `${fichier} : classeur Excel illisible.`, {}, 422);

/**
 * Told, while the sheet is read, the references (column `reference`, as written) of the rows read
 * so far, a batch at a time: the import starts loading the formations they name meanwhile. Every
 * reference of the rows returned is told once the read ends (rows refused later included).
 */
export type SurReferences = (references: string[]) => void;

/**
 * Told, while the sheet is read, the rows read so far, a packet at a time (in the order read, not
 * yet sorted by row number), so that the reader's worker sends them as they come instead of all at
 * the end (classeur.isolated.ts). `null`: forget the rows told so far, the sheet is read again
 * (merged cells found after its rows). Once the read ends, every row returned has been told.
 */
export type SurLignes = (lot: LigneLue[] | null) => void;

/** Rows read between two packets told (SurLignes). */
export const LOT_LIGNES = 250;

/** The order of the rows returned: by row number (rows told by SurLignes are sorted by it). */
export const parLigne = (a: LigneLue, b: LigneLue) => a.ligne - b.ligne;

/**
 * Reads a returned campaign workbook in one streaming pass: each part inflated, parsed and checked
 * by the guard (classeur.guard.ts), exceljs's streaming readers building the rows from the guard's
 * parsing events (parsed once: classeur.exceljs.ts), rows read as they come.
 * Same outcome as loading the whole workbook with exceljs (values, colours, merged cells), without
 * holding it. Errors (422): the guard's codes, CLASSEUR_ILLISIBLE, CLASSEUR_FEUILLE_ABSENTE,
 * CLASSEUR_ENTETES (naming `fichier`, the sheet and the row); the guard's refusals come first.
 */
export async function readClasseur(buffer: Buffer, fichier = 'le classeur'): Promise<ClasseurLu> {
  const lu = await lireClasseur(buffer, fichier);
  return { ...lu, versions: versionsDepliees(lu.versions) };
}

/**
 * readClasseur, the `Versions` sheet left as read (classeur.versions.ts VersionsLues); with
 * `surLignes`, the rows told in packets while read (they are returned all the same).
 */
export async function lireClasseur(
  buffer: Buffer,
  fichier = 'le classeur',
  surLignes?: SurLignes,
): Promise<ClasseurBrut> {
  const archive = await openArchive(buffer, fichier);
  const { zip, entries, compteur } = archive;
  try {
    const lecteur = new WorkbookReader(null, { styles: 'cache', sharedStrings: 'cache' });
    let themeXml: string | undefined;
    let stylesXml: string | undefined;
    let illisibleLe: OffreError | undefined;
    // exceljs's own parsers may throw on what the guard lets through: the file is unreadable, as when
    // exceljs failed to load it whole; the guard's refusals pass as they are.
    const parExcel = async (f: () => Promise<void>) => {
      try {
        await f();
      } catch (e) {
        if (e instanceof OffreError) throw e;
        illisibleLe ??= illisible(fichier);
      }
    };
    const feuilles: yauzl.Entry[] = [];
    // The shared strings over a cell's limit: refused at the cell that uses one, by its address.
    const longues = new Set<number>();
    for (const e of entries) {
      if (estFeuille(e.fileName)) {
        feuilles.push(e); // read once the shared strings, styles and sheet names are known
        continue;
      }
      const flux = inflater(zip, e, fichier, compteur);
      if (e.fileName === 'xl/theme/theme1.xml') themeXml = await readTexte(flux, e, fichier);
      else if (e.fileName === 'xl/styles.xml') stylesXml = await readTexte(flux, e, fichier);
      else if (e.fileName === 'xl/workbook.xml') {
        const xml = await readTexte(flux, e, fichier);
        await parExcel(() => lecteur._parseWorkbook(Readable.from([xml])));
      } else if (e.fileName === 'xl/_rels/workbook.xml.rels') {
        const xml = await readTexte(flux, e, fichier);
        await parExcel(() => lecteur._parseRels(Readable.from([xml])));
      } else if (e.fileName === 'xl/sharedStrings.xml') {
        const texte = evenementsGardes(flux, e, fichier, 'chaines', { lignes: 0, longues });
        await parExcel(async () => {
          for await (const _ of lecteur._parseSharedStrings(Readable.from(texte)));
        });
        for await (const _ of texte); // what exceljs left unread, guarded all the same
      } else for await (const _ of flux); // images, drawings, anything: inflated and counted all the same
    }
    if (stylesXml !== undefined) {
      const xml = stylesXml;
      await parExcel(() => lecteur._parseStyles(Readable.from([xml])));
    }
    const palette = paletteDuClasseur(themeXml, stylesXml);
    const partie = (nom: string) => {
      const rId = lecteur.model?.sheets?.find((f) => f.name === nom)?.rId;
      const cible = lecteur.workbookRels?.find((r) => r.Id === rId)?.Target;
      if (!cible) return null;
      return cible.startsWith('/') ? cible.slice(1) : `xl/${cible}`;
    };
    const partieOffre = partie(FEUILLE_OFFRE);
    const partieVersions = partie(FEUILLE_VERSIONS);
    /** What the guard knows of a sheet: its name (for the refusals of its cells), the long strings. */
    const suiviDe = (e: yauzl.Entry): SuiviPartie => {
      const feuille = lecteur.model?.sheets?.find((f) => partie(f.name) === e.fileName)?.name;
      return { lignes: 0, longues, ...(feuille === undefined ? {} : { feuille }) };
    };
    let offre: FeuilleOffre | null = null;
    let lignesVersions: [number, ExcelJS.CellValue, ExcelJS.CellValue][] | null = null;
    for (const e of feuilles) {
      const flux = inflater(zip, e, fichier, compteur);
      if (e.fileName === partieOffre && !illisibleLe) {
        const fusions: string[] = [];
        const brutes = new Map<string, CelluleBrute>();
        const texte = evenementsGardes(flux, e, fichier, 'feuille', { ...suiviDe(e), fusions, brutes });
        await parExcel(async () => {
          offre = await readFeuilleOffre(lecteur, texte, brutes, palette, fichier, null, surLignes);
        });
        for await (const _ of texte);
        if (fusions.length > 0 && !illisibleLe) {
          // Merged cells show their first cell's value (exceljs's whole-workbook model does the same);
          // the ranges come after the rows: the sheet is read again, checked again, with them known.
          const fusionnees = fusionsDe(fusions, fichier);
          surLignes?.(null);
          const brutes2 = new Map<string, CelluleBrute>();
          const texte2 = evenementsGardes(inflater(zip, e, fichier, { total: 0 }), e, fichier, 'feuille', {
            ...suiviDe(e),
            brutes: brutes2,
          });
          await parExcel(async () => {
            offre = await readFeuilleOffre(lecteur, texte2, brutes2, palette, fichier, fusionnees, surLignes);
          });
          for await (const _ of texte2);
        }
      } else if (e.fileName === partieVersions && !illisibleLe) {
        const texte = evenementsGardes(flux, e, fichier, 'feuille', suiviDe(e));
        await parExcel(async () => {
          const lignes: [number, ExcelJS.CellValue, ExcelJS.CellValue][] = [];
          for await (const row of new WorksheetReader({
            workbook: lecteur,
            id: 0,
            iterator: texte,
            options: LIRE,
          }))
            if (row.hasValues) lignes.push([row.number, row.getCell(1).value, row.getCell(2).value]);
          lignesVersions = lignes;
        });
        for await (const _ of texte);
      } else for await (const _ of texteGarde(flux, e, fichier, 'feuille', suiviDe(e)));
    }
    // A long shared string no cell uses: refused all the same, where it is cannot be said.
    if (longues.size > 0) throw celluleTropLongue(fichier);
    if (illisibleLe) throw illisibleLe;
    if (!partieOffre || !offre)
      throw new OffreError(
        'CLASSEUR_FEUILLE_ABSENTE',
        `${fichier} : la feuille « ${FEUILLE_OFFRE} » est absente.`,
        {},
        422,
      );
    const lue: FeuilleOffre = offre;
    if (lue.erreur) throw lue.erreur;
    return { annee: lue.annee, lignes: lue.lignes, versions: lireVersions(lignesVersions) };
  } finally {
    zip.close();
  }
}

const LIRE = Object.freeze({ worksheets: 'emit', hyperlinks: 'ignore' });

interface FeuilleOffre {
  readonly annee: number;
  readonly lignes: LigneLue[];
  /** Headers refused: thrown once every part has passed the guard. */
  readonly erreur?: OffreError;
}

/** Merged ranges of the sheet's columns: for each cell of a range but its first, the first cell ("ligne:colonne"). */
interface Fusions {
  readonly maitres: ReadonlyMap<string, string>;
}

function fusionsDe(refs: readonly string[], fichier: string): Fusions {
  const maitres = new Map<string, string>();
  for (const ref of refs) {
    const [a, b = a] = ref.split(':');
    const [l1, c1] = adresse(a!);
    const [l2, c2] = adresse(b!);
    if (!l1 || !c1 || !l2 || !c2) continue;
    const [haut, bas, gauche, droite] = [
      Math.min(l1, l2),
      Math.max(l1, l2),
      Math.min(c1, c2),
      Math.max(c1, c2),
    ];
    // exceljs materialises every merged cell: a range past the row limit is a huge sheet.
    if (bas > LIMITES.lignes + 1)
      throw new OffreError(
        'CLASSEUR_TROP_DE_LIGNES',
        `${fichier} : la feuille contient plus de ${nombre(LIMITES.lignes)} lignes ; découpez le classeur.`,
        {},
        422,
      );
    const maitre = `${haut}:${gauche}`;
    for (let l = haut; l <= bas; l++)
      for (let c = gauche; c <= Math.min(droite, NB_COLONNES); c++) {
        const cle = `${l}:${c}`;
        if (cle === maitre) continue;
        // Overlapping ranges: exceljs refused to load such a workbook.
        if (maitres.has(cle)) throw illisible(fichier);
        maitres.set(cle, maitre);
      }
  }
  return { maitres };
}

/** `B12` → [12, 2] (row, column); [0, 0] when it is not a cell address. */
function adresse(a: string): [number, number] {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(a.trim());
  if (!m) return [0, 0];
  let c = 0;
  for (const ch of m[1]!.toUpperCase()) c = c * 26 + ch.charCodeAt(0) - 64;
  return [Number(m[2]), c];
}

/**
 * The `Offre` sheet's rows as they stream, each read as soon as it is complete; with `fusions`,
 * rows are kept until the end, merged cells then take their first cell's value (exceljs's
 * `Cell.merge`, style kept, as its whole-workbook load does) and rows are read in order.
 */
async function readFeuilleOffre(
  lecteur: LecteurClasseur,
  texte: AsyncIterable<EvenementSax[]>,
  brutes: Map<string, CelluleBrute>,
  palette: Palette,
  fichier: string,
  fusions: Fusions | null,
  surLignes?: SurLignes,
): Promise<FeuilleOffre> {
  const feuille = new WorksheetReader({ workbook: lecteur, id: 0, iterator: texte, options: LIRE });
  const date1904 = Boolean(
    (lecteur.properties as { model?: { date1904?: boolean } } | undefined)?.model?.date1904,
  );
  let colonnes: readonly Colonne[] | null = null;
  let annee = 0;
  let erreur: OffreError | undefined;
  const lignes: LigneLue[] = [];
  const gardees = new Map<number, ExcelJS.Row>();
  const entetes = (row: ExcelJS.Row | undefined) => {
    const r = entetesDe(row, fichier);
    if ('erreur' in r) erreur = r.erreur;
    else ({ annee, colonnes } = r);
  };
  // The rows told so far (SurLignes): lignes[0, dites).
  let dites = 0;
  const dire = () => {
    if (surLignes && dites < lignes.length) surLignes(lignes.slice(dites));
    dites = lignes.length;
  };
  const lire = (row: ExcelJS.Row) => {
    if (!colonnes || !row.hasValues) return;
    const lue = readLigne(row, row.number, colonnes, palette);
    if (!lue) return;
    lignes.push(lue);
    if (lignes.length - dites >= LOT_LIGNES) dire();
  };
  let vu1 = false;
  for await (const row of feuille) {
    if (brutes.size > 0) corriger(row, brutes);
    datesDesFormules(row, date1904);
    if (fusions) {
      gardees.set(row.number, row);
      continue;
    }
    if (!vu1) {
      vu1 = true;
      entetes(row.number === 1 ? row : undefined);
      if (row.number === 1) continue;
    }
    if (!erreur) lire(row);
  }
  if (fusions) {
    // Rows holding only merged cells exist too, as exceljs creates them.
    const cellule = (cle: string) => {
      const [l, c] = cle.split(':').map(Number) as [number, number];
      let row = gardees.get(l);
      if (!row) {
        row = new RowExcel(feuille, l);
        gardees.set(l, row);
      }
      return row.getCell(c) as ExcelJS.Cell & { merge(maitre: ExcelJS.Cell, sansStyle: boolean): void };
    };
    for (const [cle, maitre] of fusions.maitres) cellule(cle).merge(cellule(maitre), true);
    const numeros = [...gardees.keys()].sort((a, b) => a - b);
    entetes(gardees.get(1));
    if (!erreur) for (const n of numeros) if (n !== 1) lire(gardees.get(n)!);
  } else if (!vu1) entetes(undefined);
  // Told in the order read: whoever gets them sorts them as below (the sort is stable).
  dire();
  if (!fusions) lignes.sort(parLigne);
  return { annee, lignes, ...(erreur ? { erreur } : {}) };
}

/**
 * Gives the cells exceljs's streaming reader gets wrong (classeur.guard.ts `SuiviPartie.brutes`)
 * the value its whole-workbook load gives them: an inline string's runs joined, as written; a
 * formula's cached boolean (`true`/`false`) or error (`{ error: '#N/A' }`).
 */
function corriger(row: ExcelJS.Row, brutes: Map<string, CelluleBrute>): void {
  for (let c = 1; c <= NB_COLONNES && brutes.size > 0; c++) {
    const ref = `${lettre(c)}${row.number}`;
    const b = brutes.get(ref);
    if (!b) continue;
    brutes.delete(ref);
    const cell = row.getCell(c);
    const brut =
      b.t === 'b' ? Number.parseInt(b.texte, 10) !== 0 : b.t === 'e' ? { error: b.texte } : b.texte;
    if (b.formule) {
      const v = cell.value as ExcelJS.CellFormulaValue | null;
      if (v && typeof v === 'object' && 'formula' in v && b.texte !== '')
        cell.value = { ...v, result: brut } as ExcelJS.CellFormulaValue;
    } else cell.value = b.texte === '' ? null : (brut as string);
  }
  if (brutes.size > 0) for (const ref of brutes.keys()) if (adresse(ref)[0] <= row.number) brutes.delete(ref);
}

/** A formula's cached number in a date-formatted cell is a date (as exceljs's whole-workbook load reads it). */
function datesDesFormules(row: ExcelJS.Row, date1904: boolean): void {
  for (let c = 1; c <= NB_COLONNES; c++) {
    const cell = row.findCell(c);
    const v = cell?.value;
    if (
      v &&
      typeof v === 'object' &&
      'formula' in v &&
      typeof v.result === 'number' &&
      utilsExcel.isDateFmt(cell!.numFmt)
    )
      cell!.value = { ...v, result: utilsExcel.excelToDate(v.result, date1904) } as ExcelJS.CellFormulaValue;
  }
}

/** Row 1: the campaign's year and columns, or the French refusal (CLASSEUR_ENTETES). */
function entetesDe(
  row: ExcelJS.Row | undefined,
  fichier: string,
): { annee: number; colonnes: readonly Colonne[] } | { erreur: OffreError } {
  const entetes: string[] = [];
  // A few columns past the contract's: a column deleted shifts the date columns to the left, one
  // added to the right; either way the dates are found and the column at fault is named.
  const lues = Math.max(NB_COLONNES, Math.min(row?.cellCount ?? 0, NB_COLONNES + 10));
  for (let c = 1; c <= lues; c++) entetes.push((row && texteCellule(row.getCell(c).value)) ?? '');
  const enPlace = anneeDesEntetes(entetes);
  const annee = enPlace ?? anneeAilleurs(entetes);
  const ligne1 = `${fichier}, feuille « ${FEUILLE_OFFRE} », ligne 1 :`;
  // Offre's XLSX export (same sheet name): said for what it is, not as a workbook with wrong headers.
  if (annee === null && enteteExportOffre(entetes))
    return {
      erreur: new OffreError(
        'CLASSEUR_ENTETES',
        `${ligne1} ce fichier est un export XLSX de l’offre d’Offre (${COLONNES_EXPORT}), pas un classeur de campagne. ${EXPORT_NON_REIMPORTABLE}.`,
        {},
        422,
      ),
    };
  if (annee === null)
    return {
      erreur: new OffreError(
        'CLASSEUR_ENTETES',
        `${ligne1} les deux dernières colonnes doivent être « Date de début AAAA » et « Date de fin AAAA ».`,
        {},
        422,
      ),
    };
  const colonnes = colonnesClasseur(annee);
  const presents = new Set(entetes.map(normaliser));
  // Dates moved: a column was deleted (a renamed one keeps them in place, named below).
  const manquantes = enPlace === null ? colonnes.filter((c) => !presents.has(normaliser(c.entete))) : [];
  if (manquantes.length > 0) {
    const noms = manquantes.map((c) => `« ${c.entete} »`).join(', ');
    const places = manquantes.map((c) => lettre(colonnes.indexOf(c) + 1)).join(', ');
    const dit =
      manquantes.length === 1
        ? `la colonne ${noms} manque (attendue en colonne ${places})`
        : `les colonnes ${noms} manquent (attendues en colonnes ${places})`;
    return {
      erreur: new OffreError(
        'CLASSEUR_ENTETES',
        `${ligne1} ${dit}. Repartez du classeur exporté par Offre.`,
        { colonnes: manquantes.map((c) => c.entete) },
        422,
      ),
    };
  }
  const fausses = colonnes.filter((c, i) => normaliser(entetes[i]) !== normaliser(c.entete));
  if (fausses.length > 0)
    return {
      erreur: new OffreError(
        'CLASSEUR_ENTETES',
        `${ligne1} en-têtes inattendus (${fausses
          .map(
            (c) =>
              `colonne ${lettre(colonnes.indexOf(c) + 1)} attendue « ${c.entete} », trouvée « ${entetes[colonnes.indexOf(c)]} »`,
          )
          .join(' ; ')}). Repartez du classeur exporté par Offre.`,
        {},
        422,
      ),
    };
  return { annee, colonnes };
}

/** The campaign year of `Date de début/fin YYYY` headers found elsewhere than at their place. */
function anneeAilleurs(entetes: readonly string[]): number | null {
  const annees = (re: RegExp) =>
    new Set(entetes.map((e) => re.exec(normaliser(e))?.[1]).filter((a): a is string => !!a));
  const debuts = annees(/^Date de début (\d{4})$/);
  const fins = annees(/^Date de fin (\d{4})$/);
  const communes = [...debuts].filter((a) => fins.has(a));
  return communes.length === 1 ? Number(communes[0]) : null;
}

/**
 * The whole workbook loaded by exceljs, once the guard has inflated and checked every part: to
 * write the copy with the `Erreurs` column (classeur.errors.ts). Errors: the guard's, 422
 * CLASSEUR_ILLISIBLE.
 */
export async function loadClasseur(buffer: Buffer, fichier = 'le classeur'): Promise<ExcelJS.Workbook> {
  await inspectClasseur(buffer, fichier);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch {
    throw illisible(fichier);
  }
  return workbook;
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
    // Blue font (the Conventions sheet's) or blue fill (« a row in blue », as people also paint it):
    // a new row either way, never a colour « sans signification » (a fresh user's report, 04/12/2026).
    if ((police === 'bleu' || fond === 'bleu') && lu.valeur !== null) bleues++;
    if (police === 'rouge' || fond === 'rouge') rouges.push(col.cle as CleColonne);
    else if ((police === 'autre' || fond === 'autre' || police === 'jaune') && lu.valeur !== null)
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
    teinteRemplissage(row.fill, palette) === 'bleu' ||
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
  // Replaced only where there is a carriage return to replace (else a copy of every text read).
  if (s.includes('\r')) s = s.replace(/\r\n?/g, '\n');
  s = s.trim();
  return s === '' ? null : s;
}

const normaliser = (s: string | undefined) => (s ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();

export function lettre(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
