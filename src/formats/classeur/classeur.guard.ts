import { StringDecoder } from 'node:string_decoder';
import yauzl from 'yauzl';
import { type CodeErreur, entreeErreur } from '../../domain/errors.catalogue.ts';
import { OffreError } from '../../domain/errors.ts';
import { nombre } from '../../domain/nombres.ts';
import { SaxesParserRapide } from '../xml/saxes.parser.ts';
import { estZip, natureXml } from '../zip.ts';
import type { EvenementSax } from './classeur.exceljs.ts';

// Hostile-file guard, run BEFORE exceljs sees the file: exceljs inflates every part in memory and
// trusts nothing but the bytes, so EVERY part is inflated here once, as a stream, counting the bytes
// it actually gives — per part (never more than the central directory declares, never more than
// `partie`) and in total — and stopping at the first byte over. The declared sizes are only a
// first, cheap filter. The sheets and shared strings are parsed on the way (saxes) to count rows and
// measure cells. The streaming reader (classeur.reader.ts) chains exceljs's readers to these
// checks part by part (`openArchive`, `inflater`, `evenementsGardes`): they get the events of the
// guard's own parsing of a chunk once the guard has checked it, so each part is parsed once. `inspectClasseur` runs them all at once, before exceljs loads a whole workbook
// (the copy with the `Erreurs` column).

export const LIMITES = Object.freeze({
  octets: 20 * 1024 * 1024, // the file as sent
  entrees: 2_000,
  decompresseTotal: 200 * 1024 * 1024, // bytes actually inflated, all parts together
  partie: 100 * 1024 * 1024, // bytes actually inflated by one part
  partieTexte: 10 * 1024 * 1024, // theme and styles, read whole as text
  ratio: 200, // inflated / compressed, for parts over 1 MB (a 5,000-row sheet stays below 30)
  lignes: 50_000, // far above any organisme's offer; 1M-row sheets stop here
  caracteresCellule: 32_767, // Excel's own maximum for one cell
});

export interface ClasseurInspecte {
  readonly themeXml: string | undefined;
  readonly stylesXml: string | undefined;
  readonly lignes: number;
}

/** A refusal with the status the error catalogue gives its code (the contract: 413 for the size, 422 otherwise). */
const refus = (code: CodeErreur, message: string, details: Record<string, unknown> = {}) =>
  new OffreError(code, message, details, entreeErreur(code).status);

/** The archive once its central directory passed the checks: entries in their order, bytes inflated so far. */
export interface ArchiveClasseur {
  readonly zip: yauzl.ZipFile;
  readonly entries: readonly yauzl.Entry[];
  readonly compteur: { total: number };
}

/**
 * The checks made before inflating anything: file size, old .xls, zip signature, central directory
 * (number of parts, declared sizes and ratios), presence of xl/workbook.xml. The caller closes `zip`.
 * Errors: 413 CLASSEUR_TROP_VOLUMINEUX; 422 CLASSEUR_FORMAT_XLS, _FICHIER_LHEO (an XML file), _PAS_XLSX, _ZIP_SUSPECT, _ZIP_BOMBE.
 */
export async function openArchive(buffer: Buffer, fichier = 'le fichier'): Promise<ArchiveClasseur> {
  if (buffer.length > LIMITES.octets)
    throw refus(
      'CLASSEUR_TROP_VOLUMINEUX',
      `${fichier} : le classeur dépasse ${LIMITES.octets / 1024 / 1024} Mo.`,
    );
  if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
    throw refus(
      'CLASSEUR_FORMAT_XLS',
      `${fichier} : ancien format Excel (.xls). Enregistrez-le au format .xlsx puis réimportez-le.`,
    );
  const xml = estZip(buffer) ? null : natureXml(buffer);
  if (xml)
    throw refus(
      'CLASSEUR_FICHIER_LHEO',
      `${fichier} est ${xml === 'lheo' ? 'un fichier LHEO (XML)' : 'un document XML (un fichier LHEO ?)'}, pas un classeur Excel .xlsx : importez-le comme fichier LHEO (« offre import lheo », l’API POST /api/v1/imports/lheo, ou la page Imports de l’espace, « Ou envoyer un fichier LHEO ») ; fichier refusé, rien n’a été enregistré.`,
    );
  if (!estZip(buffer))
    throw refus(
      'CLASSEUR_PAS_XLSX',
      `${fichier} n’est pas un classeur Excel .xlsx (ce n’est pas une archive zip).`,
    );
  let zip: yauzl.ZipFile;
  try {
    // Sizes are counted below, with a French message naming the part.
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: false });
  } catch {
    throw refus(
      'CLASSEUR_PAS_XLSX',
      `${fichier} n’est pas un classeur Excel .xlsx lisible (archive zip endommagée).`,
    );
  }
  try {
    const entries: yauzl.Entry[] = [];
    let total = 0;
    for await (const e of zip.eachEntry()) {
      entries.push(e);
      total += e.uncompressedSize;
      if (entries.length > LIMITES.entrees)
        throw refus(
          'CLASSEUR_ZIP_SUSPECT',
          `${fichier} : l’archive contient trop de parties (plus de ${LIMITES.entrees}).`,
        );
      const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
      if (total > LIMITES.decompresseTotal || (e.uncompressedSize > 1024 * 1024 && ratio > LIMITES.ratio))
        throw refus(
          'CLASSEUR_ZIP_BOMBE',
          `${fichier} : l’archive se décompresse en un volume anormal (partie « ${e.fileName} », ${Math.round(e.uncompressedSize / 1024 / 1024)} Mo) ; fichier refusé.`,
        );
    }
    if (!entries.some((e) => e.fileName === 'xl/workbook.xml'))
      throw refus('CLASSEUR_PAS_XLSX', `${fichier} est une archive zip mais pas un classeur Excel .xlsx.`);
    return { zip, entries, compteur: { total: 0 } };
  } catch (e) {
    zip.close();
    throw e;
  }
}

/** An element's local name (`x:row` → `row`); most names have no prefix, and skip the regular expression. */
const local = (nom: string) => (nom.includes(':') ? nom.replace(/^\w+:/, '') : nom);

/** A sheet (rows counted, merged ranges collected) or the shared strings, as `texteGarde` reads it. */
export const estFeuille = (partie: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(partie);

/**
 * The whole guard in one pass, before any reader: every part inflated and counted, sheets and
 * shared strings parsed (rows, cell lengths, DOCTYPE). Returns the two small parts the colour
 * reader needs (theme, styles). The streaming reader (classeur.reader.ts) runs the same checks
 * part by part, chained to its own parsing (`inflater`, `texteGarde`).
 */
export async function inspectClasseur(buffer: Buffer, fichier = 'le fichier'): Promise<ClasseurInspecte> {
  const { zip, entries, compteur } = await openArchive(buffer, fichier);
  try {
    let themeXml: string | undefined;
    let stylesXml: string | undefined;
    let lignes = 0;
    for (const e of entries) {
      const flux = inflater(zip, e, fichier, compteur);
      if (e.fileName === 'xl/theme/theme1.xml') themeXml = await readTexte(flux, e, fichier);
      else if (e.fileName === 'xl/styles.xml') stylesXml = await readTexte(flux, e, fichier);
      else if (estFeuille(e.fileName)) {
        const suivi: SuiviPartie = { lignes: 0 };
        for await (const _ of texteGarde(flux, e, fichier, 'feuille', suivi));
        lignes = Math.max(lignes, suivi.lignes);
      } else if (e.fileName === 'xl/sharedStrings.xml')
        for await (const _ of texteGarde(flux, e, fichier, 'chaines', { lignes: 0 }));
      else for await (const _ of flux); // images, drawings, anything: inflated and counted all the same
    }
    return { themeXml, stylesXml, lignes };
  } finally {
    zip.close();
  }
}

const bombe = (fichier: string, partie: string, pourquoi: string) =>
  refus(
    'CLASSEUR_ZIP_BOMBE',
    `${fichier} : l’archive se décompresse en un volume anormal (partie « ${partie} », ${pourquoi}) ; fichier refusé.`,
    { partie },
  );

/**
 * Inflates one part as a stream of chunks, counting the bytes actually produced: refused (422
 * CLASSEUR_ZIP_BOMBE) past the size the central directory declares, past LIMITES.partie, past
 * LIMITES.decompresseTotal for all parts so far (`compteur`), or past LIMITES.ratio.
 */
export async function* inflater(
  zip: yauzl.ZipFile,
  e: yauzl.Entry,
  fichier: string,
  compteur: { total: number },
): AsyncGenerator<Buffer> {
  let flux: NodeJS.ReadableStream;
  try {
    flux = await zip.openReadStreamPromise(e);
  } catch {
    throw refus(
      'CLASSEUR_PAS_XLSX',
      `${fichier} : la partie « ${e.fileName} » de l’archive est illisible (chiffrée ou compression inconnue).`,
    );
  }
  let octets = 0;
  const mo = (n: number) => `${Math.round(n / 1024 / 1024)} Mo`;
  try {
    for await (const c of flux) {
      const chunk = c as Buffer;
      octets += chunk.length;
      compteur.total += chunk.length;
      if (octets > e.uncompressedSize)
        throw bombe(fichier, e.fileName, `plus de ${octets} octets pour ${e.uncompressedSize} déclarés`);
      if (octets > LIMITES.partie) throw bombe(fichier, e.fileName, `plus de ${mo(LIMITES.partie)}`);
      if (compteur.total > LIMITES.decompresseTotal)
        throw bombe(fichier, e.fileName, `plus de ${mo(LIMITES.decompresseTotal)} pour l’ensemble`);
      if (octets > 1024 * 1024 && octets / Math.max(1, e.compressedSize) > LIMITES.ratio)
        throw bombe(fichier, e.fileName, `taux de compression supérieur à ${LIMITES.ratio}`);
      yield chunk;
    }
  } catch (err) {
    if (err instanceof OffreError) throw err;
    throw refus(
      'CLASSEUR_PAS_XLSX',
      `${fichier} : la partie « ${e.fileName} » de l’archive est endommagée (décompression impossible).`,
    );
  } finally {
    (flux as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  }
}

/** A small part (theme, styles, workbook, relationships) read whole as text, at most LIMITES.partieTexte. */
export async function readTexte(
  flux: AsyncIterable<Buffer>,
  e: yauzl.Entry,
  fichier: string,
): Promise<string> {
  const chunks: Buffer[] = [];
  let octets = 0;
  for await (const c of flux) {
    octets += c.length;
    if (octets > LIMITES.partieTexte)
      throw bombe(fichier, e.fileName, `plus de ${LIMITES.partieTexte / 1024 / 1024} Mo`);
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** What `texteGarde` saw of one part: rows of a sheet, and its merged ranges when `fusions` is given. */
export interface SuiviPartie {
  lignes: number;
  /** The sheet's name, when the caller knows it: a refusal of one of its cells names it. */
  feuille?: string;
  /**
   * Indexes of the shared strings over LIMITES.caracteresCellule, when the caller passes a set
   * (the same to the shared strings and to the sheets, read after them): the sheet's cell that
   * uses one is refused by its address (a shared string has none); without a set, the shared
   * strings part refuses it itself, without saying where.
   */
  longues?: Set<number>;
  /** `ref` of each `mergeCell` (e.g. `A2:A4`), collected only when the caller passes an array. */
  fusions?: string[];
  /**
   * The cells exceljs's streaming reader gets wrong, by address, collected only when the caller
   * passes a map: inline strings (it keeps only the last run and decodes entities twice) and the
   * cached boolean or error result of a formula (it reads them as numbers). Their text, as written.
   */
  brutes?: Map<string, CelluleBrute>;
}

/** One cell of `SuiviPartie.brutes`: its type (`t`), whether it has a formula, the text of its `t`/`v`. */
export interface CelluleBrute {
  readonly t: 'inlineStr' | 'b' | 'e';
  formule: boolean;
  texte: string;
}

/**
 * The refusal of a cell over LIMITES.caracteresCellule: where it is (sheet, row, column) when the
 * sheet's cell is known, as every refusal of a workbook's cell says it (a fresh user's report, 06/12).
 */
export function celluleTropLongue(
  fichier: string,
  ou?: { suivi: SuiviPartie; cellule: Record<string, string> | undefined },
): OffreError {
  const limite = `${nombre(LIMITES.caracteresCellule)} caractères (la limite d’Excel) ; fichier refusé.`;
  if (!ou) return refus('CLASSEUR_CELLULE_TROP_LONGUE', `${fichier} : une cellule dépasse ${limite}`);
  // `r` is optional in the format: the row's rank then, and no column.
  const m = /^([A-Z]{1,3})(\d+)$/.exec(ou.cellule?.r ?? '');
  const lieu = [
    ou.suivi.feuille === undefined ? null : `feuille « ${ou.suivi.feuille} »`,
    `ligne ${m ? m[2] : ou.suivi.lignes}`,
    m ? `colonne ${m[1]}` : null,
  ].filter((x) => x !== null);
  return refus(
    'CLASSEUR_CELLULE_TROP_LONGUE',
    `${fichier}, ${lieu.join(', ')} : la cellule dépasse ${limite}`,
    {
      ...(ou.suivi.feuille === undefined ? {} : { feuille: ou.suivi.feuille }),
      cellule: ou.cellule?.r ?? null,
    },
  );
}

/**
 * Streams one part as text (UTF-8 decoded across chunk boundaries), each chunk given out only
 * after the guard's parser checked it: rows of a sheet (count and highest row number), length of
 * every text, no DOCTYPE, well-formed XML. Errors: 422 CLASSEUR_TROP_DE_LIGNES,
 * _CELLULE_TROP_LONGUE, _XML_INTERDIT, _XML_INVALIDE (naming the part).
 */
export function texteGarde(
  flux: AsyncIterable<Buffer>,
  e: yauzl.Entry,
  fichier: string,
  genre: 'feuille' | 'chaines',
  suivi: SuiviPartie,
): AsyncGenerator<string> {
  return garder(flux, e, fichier, genre, suivi, false) as AsyncGenerator<string>;
}

/**
 * texteGarde giving out, instead of each chunk of text, the events its parser produced from it
 * (opening tags, texts, closing tags, in exceljs's shape: classeur.exceljs.ts EvenementSax), once
 * the guard checked them: exceljs's readers build the rows from them without parsing the part again.
 */
export function evenementsGardes(
  flux: AsyncIterable<Buffer>,
  e: yauzl.Entry,
  fichier: string,
  genre: 'feuille' | 'chaines',
  suivi: SuiviPartie,
): AsyncGenerator<EvenementSax[]> {
  return garder(flux, e, fichier, genre, suivi, true) as AsyncGenerator<EvenementSax[]>;
}

async function* garder(
  flux: AsyncIterable<Buffer>,
  e: yauzl.Entry,
  fichier: string,
  genre: 'feuille' | 'chaines',
  suivi: SuiviPartie,
  evenements: boolean,
): AsyncGenerator<string | EvenementSax[]> {
  // No positions: the guard's messages name the part, never a line (saxes counts them per character).
  const parser = new SaxesParserRapide({ xmlns: false, position: false });
  let texte = 0;
  let dansTexte = false;
  let phonetique = false;
  let brute: { ref: string; cellule: CelluleBrute } | undefined;
  // The open cell's attributes (its address `r`, its type `t`), for a refusal that names it.
  let cellule: Record<string, string> | undefined;
  let chaine = -1; // index of the open shared string
  // A sheet read after an oversized shared string: the `<v>` of each shared-string cell, to find it.
  const chercher = genre === 'feuille' && (suivi.longues?.size ?? 0) > 0;
  let indice = '';
  let erreur: Error | undefined;
  let lot: EvenementSax[] = [];
  parser.on('doctype', () => {
    erreur = refus(
      'CLASSEUR_XML_INTERDIT',
      `${fichier} : le classeur contient une déclaration DOCTYPE (entités XML), refusée.`,
    );
  });
  parser.on('opentag', (t) => {
    if (evenements) lot.push({ eventType: 'opentag', value: t });
    const nom = local(t.name);
    if (genre === 'feuille' && nom === 'row') {
      const lignes = ++suivi.lignes;
      const r = Number((t.attributes as Record<string, string>).r ?? lignes);
      if (lignes > LIMITES.lignes || r > LIMITES.lignes + 1)
        erreur = refus(
          'CLASSEUR_TROP_DE_LIGNES',
          `${fichier} : la feuille contient plus de ${nombre(LIMITES.lignes)} lignes ; découpez le classeur.`,
        );
    } else if (nom === 'si' || nom === 'c') {
      texte = 0; // one cell (or one shared string, rich-text runs included)
      if (nom === 'si') chaine++;
      else cellule = t.attributes as Record<string, string>;
      if (nom === 'c' && suivi.brutes) {
        const a = t.attributes as Record<string, string>;
        brute =
          a.t === 'inlineStr' || a.t === 'b' || a.t === 'e'
            ? { ref: a.r ?? '', cellule: { t: a.t, formule: false, texte: '' } }
            : undefined;
      }
    } else if (nom === 't' || nom === 'v') {
      dansTexte = true;
    } else if (nom === 'f' && brute) {
      brute.cellule.formule = true;
    } else if (nom === 'rPh') {
      phonetique = true;
    } else if (nom === 'mergeCell' && suivi.fusions) {
      const ref = (t.attributes as Record<string, string>).ref;
      if (ref) suivi.fusions.push(ref);
    }
  });
  parser.on('text', (s) => {
    if (evenements) lot.push({ eventType: 'text', value: s });
    if (!dansTexte) return;
    if (brute && !phonetique) brute.cellule.texte += s;
    if (chercher) indice += s;
    texte += s.length;
    if (texte > LIMITES.caracteresCellule) {
      if (genre === 'chaines' && suivi.longues) suivi.longues.add(chaine);
      else erreur = celluleTropLongue(fichier, genre === 'feuille' ? { suivi, cellule } : undefined);
    }
  });
  parser.on('closetag', (t) => {
    if (evenements) lot.push({ eventType: 'closetag', value: t });
    const nom = local(t.name);
    if (nom === 't' || nom === 'v') {
      dansTexte = false;
      if (chercher) {
        if (nom === 'v' && cellule?.t === 's' && suivi.longues!.has(Number(indice)))
          erreur = celluleTropLongue(fichier, { suivi, cellule });
        indice = '';
      }
    } else if (nom === 'rPh') phonetique = false;
    else if (nom === 'c' && brute) {
      if (brute.cellule.t === 'inlineStr' || brute.cellule.formule)
        suivi.brutes!.set(brute.ref, brute.cellule);
      brute = undefined;
    }
  });
  /** What one chunk gave: its text, or its events (then a new batch for the next chunk). */
  const sortie = (morceau: string): string | EvenementSax[] => {
    if (!evenements) return morceau;
    const l = lot;
    lot = [];
    return l;
  };
  const decoder = new StringDecoder('utf8');
  try {
    for await (const c of flux) {
      const morceau = decoder.write(c);
      parser.write(morceau);
      if (erreur) throw erreur;
      yield sortie(morceau);
    }
    const fin = decoder.end();
    if (fin) parser.write(fin);
    parser.close();
    if (erreur) throw erreur;
    if (fin || lot.length > 0) yield sortie(fin);
  } catch (err) {
    if (err instanceof OffreError) throw err;
    throw refus(
      'CLASSEUR_XML_INVALIDE',
      `${fichier} : la partie « ${e.fileName} » du classeur n’est pas un XML valide.`,
    );
  }
  if (erreur) throw erreur;
}
