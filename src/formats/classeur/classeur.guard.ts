import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import yauzl from 'yauzl';
import { OffreError } from '../../domain/errors.ts';

// Hostile-file guard, run BEFORE exceljs sees the file: exceljs inflates everything in memory, so
// sizes are checked from the zip central directory (yauzl also stops any entry that inflates past
// its declared size), then the sheets are streamed once through saxes to count rows and measure
// cells. Returns the two small parts the colour reader needs (theme, styles).

export const LIMITES = Object.freeze({
  octets: 20 * 1024 * 1024, // the file as sent
  entrees: 2_000,
  decompresseTotal: 200 * 1024 * 1024,
  ratio: 200, // inflated / compressed, for parts over 1 MB (a 5,000-row sheet stays below 30)
  lignes: 50_000, // far above any organisme's offer; 1M-row sheets stop here
  caracteresCellule: 32_767, // Excel's own maximum for one cell
});

export interface ClasseurInspecte {
  readonly themeXml: string | undefined;
  readonly stylesXml: string | undefined;
  readonly lignes: number;
}

const refus = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new OffreError(code, message, details, 422);

export async function inspecterClasseur(buffer: Buffer, fichier = 'le fichier'): Promise<ClasseurInspecte> {
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
  if (!buffer.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1')))
    throw refus(
      'CLASSEUR_PAS_XLSX',
      `${fichier} n’est pas un classeur Excel .xlsx (ce n’est pas une archive zip).`,
    );
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true, validateEntrySizes: true });
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
    let themeXml: string | undefined;
    let stylesXml: string | undefined;
    let lignes = 0;
    for (const e of entries) {
      if (e.fileName === 'xl/theme/theme1.xml') themeXml = await lireTexte(zip, e);
      else if (e.fileName === 'xl/styles.xml') stylesXml = await lireTexte(zip, e);
      else if (/^xl\/worksheets\/[^/]+\.xml$/.test(e.fileName))
        lignes = Math.max(lignes, await scanner(zip, e, fichier, 'feuille'));
      else if (e.fileName === 'xl/sharedStrings.xml') await scanner(zip, e, fichier, 'chaines');
    }
    return { themeXml, stylesXml, lignes };
  } finally {
    zip.close();
  }
}

async function lireTexte(zip: yauzl.ZipFile, e: yauzl.Entry): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await zip.openReadStreamPromise(e)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Streams one part: rows of a sheet (count and highest row number) and the length of every text. */
async function scanner(
  zip: yauzl.ZipFile,
  e: yauzl.Entry,
  fichier: string,
  genre: 'feuille' | 'chaines',
): Promise<number> {
  const parser = new SaxesParser({ xmlns: false });
  let lignes = 0;
  let texte = 0;
  let dansTexte = false;
  let erreur: Error | undefined;
  parser.on('doctype', () => {
    erreur = refus(
      'CLASSEUR_XML_INTERDIT',
      `${fichier} : le classeur contient une déclaration DOCTYPE (entités XML), refusée.`,
    );
  });
  parser.on('opentag', (t) => {
    const nom = t.name.replace(/^\w+:/, '');
    if (genre === 'feuille' && nom === 'row') {
      lignes++;
      const r = Number((t.attributes as Record<string, string>).r ?? lignes);
      if (lignes > LIMITES.lignes || r > LIMITES.lignes + 1)
        erreur = refus(
          'CLASSEUR_TROP_DE_LIGNES',
          `${fichier} : la feuille contient plus de ${LIMITES.lignes.toLocaleString('fr-FR')} lignes ; découpez le classeur.`,
        );
    } else if (nom === 'si' || nom === 'c') {
      texte = 0; // one cell (or one shared string, rich-text runs included)
    } else if (nom === 't' || nom === 'v') {
      dansTexte = true;
    }
  });
  parser.on('text', (s) => {
    if (!dansTexte) return;
    texte += s.length;
    if (texte > LIMITES.caracteresCellule)
      erreur = refus(
        'CLASSEUR_CELLULE_TROP_LONGUE',
        `${fichier} : une cellule dépasse ${LIMITES.caracteresCellule.toLocaleString('fr-FR')} caractères (la limite d’Excel) ; fichier refusé.`,
      );
  });
  parser.on('closetag', (t) => {
    const nom = t.name.replace(/^\w+:/, '');
    if (nom === 't' || nom === 'v') dansTexte = false;
  });
  const decoder = new StringDecoder('utf8');
  try {
    for await (const c of await zip.openReadStreamPromise(e)) {
      parser.write(decoder.write(c as Buffer));
      if (erreur) throw erreur;
    }
    parser.close();
  } catch (err) {
    if (err instanceof OffreError) throw err;
    throw refus(
      'CLASSEUR_XML_INVALIDE',
      `${fichier} : la partie « ${e.fileName} » du classeur n’est pas un XML valide.`,
    );
  }
  if (erreur) throw erreur;
  return lignes;
}
