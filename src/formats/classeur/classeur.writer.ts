import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { jourLong } from '../../domain/dates.ts';
import { type Colonne, colonnesClasseur, FEUILLE_CONVENTIONS, FEUILLE_OFFRE } from './classeur.columns.ts';
import type { Valeurs } from './classeur.rows.ts';
import { empreintesLigne, FEUILLE_VERSIONS, writeVersions } from './classeur.versions.ts';

// Streams the campaign workbook of one organisme (exceljs WorkbookWriter: rows are flushed as they
// come, so memory does not grow with the offer).

export interface EnteteClasseur {
  readonly annee: number;
  readonly libelleCampagne: string;
  readonly siret: string;
  readonly raisonSociale: string | null;
  readonly genereLe: Date;
}

// Typed as text so that Excel keeps leading zeros and a French "1,2" is not turned into 1.2.
const FORMAT_TEXTE = new Set(['siret', 'uai', 'annees', 'telephone']);

export async function writeClasseur(
  out: Writable,
  entete: EnteteClasseur,
  lignes: AsyncIterable<Valeurs> | Iterable<Valeurs>,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'Offre';
  wb.created = entete.genereLe;
  const colonnes = colonnesClasseur(entete.annee);
  const ws = wb.addWorksheet(FEUILLE_OFFRE, { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = colonnes.map((c) => ({
    key: c.cle,
    width: c.largeur,
    style:
      c.genre === 'date'
        ? { numFmt: 'dd/mm/yyyy' }
        : FORMAT_TEXTE.has(c.genre) || c.cle === 'codePostal'
          ? { numFmt: '@' }
          : {},
  }));
  const head = ws.getRow(1);
  colonnes.forEach((c, i) => {
    const cell = head.getCell(i + 1);
    cell.value = c.entete;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.border = { bottom: { style: 'thin' } };
  });
  head.height = 32;
  head.commit();
  let n = 0;
  // Fingerprints of what each row is generated with (about 300 bytes a row), written after the rows.
  const versions: [string, string[]][] = [];
  for await (const v of lignes) {
    ws.addRow(colonnes.map((c) => valeurCellule(c, v[c.cle as keyof Valeurs] ?? null))).commit();
    if (v.reference) versions.push([v.reference, empreintesLigne(colonnes, v)]);
    n++;
  }
  const dernier = Math.max(n + 1, 2) + 500; // room for the rows the organisation adds
  const col = (cle: string) => String.fromCharCode(65 + colonnes.findIndex((c) => c.cle === cle));
  // The streaming worksheet has data validations, but exceljs's typings only declare them on the in-memory one.
  const validations = (
    ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
  ).dataValidations;
  for (const cle of ['contratPro', 'formationContinue'])
    validations.add(`${col(cle)}2:${col(cle)}${dernier}`, {
      type: 'list',
      allowBlank: true,
      formulae: ['"oui,non"'],
      showErrorMessage: true,
      errorTitle: 'Valeur attendue',
      error: 'Répondez « oui » ou « non ».',
    });
  ws.commit();
  writeConventions(wb.addWorksheet(FEUILLE_CONVENTIONS), entete);
  // Very hidden: not offered by Excel's « Afficher » menu, so nobody edits it by mistake.
  writeVersions(
    wb.addWorksheet(FEUILLE_VERSIONS, { state: 'veryHidden' }),
    colonnes,
    entete.genereLe,
    versions,
    entete.siret,
  );
  await wb.commit();
  return n;
}

function valeurCellule(c: Colonne, v: string | null): ExcelJS.CellValue {
  if (v === null) return null;
  if (c.genre === 'date') return new Date(`${v}T00:00:00Z`);
  if (c.genre === 'entier') return Number(v);
  return v;
}

function writeConventions(ws: ExcelJS.Worksheet, e: EnteteClasseur) {
  ws.columns = [{ width: 34 }, { width: 100 }];
  const lignes: [string, string][] = [
    [
      'Classeur de campagne',
      `${e.libelleCampagne} — organisme ${e.siret}${e.raisonSociale ? ` (${e.raisonSociale})` : ''}`,
    ],
    ['Généré le', jourLong(e.genereLe)],
    ['', ''],
    [
      'Une ligne',
      'Une formation dans un lieu de formation. Ne modifiez pas la colonne « Référence formation ».',
    ],
    [
      'Ligne surlignée en jaune',
      'La formation n’est plus proposée dans ce lieu : elle sera fermée. Laissez les dates vides.',
    ],
    [
      'Valeur en rouge',
      'Information modifiée : écrivez la nouvelle valeur en police rouge dans la cellule, sauf les dates d’une session déjà diffusée (voir « Session déjà diffusée »).',
    ],
    [
      'Ligne en bleu',
      'Nouvelle formation : ajoutez une ligne en police bleue, « Référence formation » vide, toutes les colonnes remplies.',
    ],
    [
      `Dates ${e.annee}`,
      `« Date de début ${e.annee} » et « Date de fin ${e.annee} » : la session ${e.annee} du lieu, au format JJ/MM/AAAA (dates prévisionnelles acceptées). Les deux sont obligatoires pour une nouvelle formation, un nouveau lieu, ou la première session d’une formation qui n’en a pas encore (sa ligne a le lieu et les dates vides : remplissez-les) ; laissez-les vides s’il n’y a pas de session ${e.annee} dans ce lieu. Un cycle de deux ans est une seule session de deux ans.`,
    ],
    [
      'Session déjà diffusée',
      'Les dates d’une session déjà diffusée (publiée et validée) ne changent plus : une session n’est jamais re-datée. Une autre date écrite sur sa ligne, même en rouge, est refusée (code CLASSEUR_SESSION_DIFFUSEE) et la ligne n’est pas appliquée. Pour une autre période : copiez la ligne entière, « Référence formation » comprise, sur une ligne vide, et écrivez les nouvelles dates dans la copie sans changer les colonnes de la formation : la copie ajoute une session (même lieu, même contact et, pour une action conventionnée, même financeur et même numéro de marché). Sur la ligne d’origine, laissez les dates telles qu’elles étaient. Si l’ancienne session n’a plus lieu, fermez son recrutement dans Offre (formulaire de la session, état de recrutement « Fermé »).',
    ],
    [
      'Années en apprentissage',
      'Années du cycle ouvertes à l’apprentissage, séparées par des virgules (ex. « 1,2 »).',
    ],
    ['Oui / non', '« Contrat de professionnalisation » et « Formation continue » : « oui » ou « non ».'],
    [
      'Au retour',
      'Offre compare chaque valeur avec l’offre enregistrée : une modification non coloriée est appliquée et signalée ; une couleur qui ne change rien est signalée. Une valeur que vous n’avez pas touchée mais qui a changé dans Offre depuis le téléchargement de ce classeur garde la valeur d’Offre ; si vous l’avez aussi modifiée, seule une valeur écrite en rouge remplace celle d’Offre. Les lignes en erreur ne sont pas appliquées : le classeur vous est rendu avec une colonne « Erreurs ».',
    ],
    [
      'Formules',
      'Une formule est remplacée par la valeur affichée dans Excel ; elle n’est jamais calculée par Offre.',
    ],
  ];
  // Swatches painted with the colours the import recognises.
  const echantillons: Record<number, Partial<ExcelJS.Style>> = {
    4: { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } } },
    5: { font: { bold: true, color: { argb: 'FFFF0000' } } },
    6: { font: { bold: true, color: { argb: 'FF0070C0' } } },
  };
  lignes.forEach(([a, b], i) => {
    const row = ws.addRow([a, b]);
    row.getCell(1).font = { bold: true };
    Object.assign(row.getCell(1), echantillons[i] ?? {});
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  });
  ws.commit();
}
