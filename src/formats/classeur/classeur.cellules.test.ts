import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readParties, zipper } from '../../../test/classeur/zip.fixture.ts';
import { colonnesClasseur, FEUILLE_CONVENTIONS } from './classeur.columns.ts';
import { lettre, readClasseur } from './classeur.reader.ts';
import { writeClasseur } from './classeur.writer.ts';

// The cells exceljs's streaming reader reads otherwise than its whole-workbook load (which the
// reader used before): each must come out as a person sees it in Excel. Workbooks written by
// exceljs (Excel writes the same XML), the few kinds it never writes edited in the sheet's XML.

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1])) as Record<
  string,
  number
>;
const adresse = (cle: string, ligne: number) => `${lettre(COL[cle]!)}${ligne}`;

async function classeur(edit: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  const ligne = { reference: 'fo_a/se_a', intitule: 'BTS MCO', capacite: '24' };
  await writeClasseur(
    out,
    {
      annee: 2027,
      libelleCampagne: 'Rentrée 2027',
      siret: '13002526500013',
      raisonSociale: null,
      genereLe: new Date(),
    },
    [ligne, { ...ligne, reference: 'fo_b/se_b' }, { ...ligne, reference: 'fo_c/se_c' }],
  );
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  edit(wb.getWorksheet('Offre')!);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The same workbook with cells of the `Offre` sheet (the one whose XML has them all) replaced: [address, XML]. */
async function feuilleEditee(
  xlsx: Buffer,
  cellules: readonly (readonly [string, string])[],
): Promise<Buffer> {
  const parts = await readParties(xlsx);
  const motif = (ref: string) => new RegExp(`<c r="${ref}"[^>]*?(/>|>.*?</c>)`);
  const offre = parts.find(
    (p) =>
      p.name.startsWith('xl/worksheets/') &&
      cellules.every(([ref]) => motif(ref).test(p.data.toString('utf8'))),
  );
  if (!offre) throw new Error('feuille introuvable');
  let xml = offre.data.toString('utf8');
  for (const [ref, c] of cellules) xml = xml.replace(motif(ref), c);
  return zipper(parts.map((p) => (p === offre ? { ...p, data: Buffer.from(xml) } : p)));
}

describe('cells the streaming reader must read as Excel shows them', () => {
  it('gives every cell of a merged range its first cell’s value, across rows too', async () => {
    const lu = await readClasseur(
      await classeur((ws) => {
        ws.getCell(adresse('contactNom', 2)).value = 'Mme Martin';
        ws.mergeCells(`${adresse('contactNom', 2)}:${adresse('contactNom', 4)}`);
        ws.getCell(adresse('commune', 3)).value = 'Lyon';
        ws.mergeCells(`${adresse('commune', 3)}:${adresse('uaiLieu', 3)}`);
      }),
    );
    expect(lu.lignes.map((l) => [l.ligne, l.valeurs.contactNom])).toEqual([
      [2, 'Mme Martin'],
      [3, 'Mme Martin'],
      [4, 'Mme Martin'],
    ]);
    expect(lu.lignes[1]!.valeurs).toMatchObject({ commune: 'Lyon', uaiLieu: 'Lyon' });
  });

  it('reads a formula’s cached boolean, error and date as such', async () => {
    const lu = await readClasseur(
      await classeur((ws) => {
        ws.getCell(adresse('objectif', 2)).value = { formula: 'TRUE()', result: true } as never;
        ws.getCell(adresse('rncp', 2)).value = { formula: 'NA()', result: { error: '#N/A' } } as never;
        const c = ws.getCell(adresse('contactNom', 2));
        c.value = { formula: 'DATE(2027,9,1)', result: new Date(Date.UTC(2027, 8, 1)) } as never;
        c.numFmt = 'dd/mm/yyyy';
      }),
    );
    const l = lu.lignes[0]!;
    expect(l.valeurs).toMatchObject({ objectif: 'true', rncp: null, contactNom: '2027-09-01' });
    expect(l.erreurs).toEqual([
      {
        colonne: 'Code RNCP',
        code: 'CLASSEUR_VALEUR_ERREUR',
        message: 'colonne « Code RNCP » : la cellule contient l’erreur #N/A.',
      },
    ]);
  });

  it('reads an inline string whole, its runs joined and its entities decoded once', async () => {
    const [intitule, contact] = [adresse('intitule', 2), adresse('contactNom', 2)];
    const xlsx = await feuilleEditee(
      await classeur((ws) => {
        ws.getCell(contact).value = 'à remplacer';
      }),
      [
        [
          intitule,
          `<c r="${intitule}" t="inlineStr"><is><r><t xml:space="preserve">BTS </t></r><r><rPr><b/></rPr><t>MCO</t></r></is></c>`,
        ],
        [contact, `<c r="${contact}" t="inlineStr"><is><t>Dupont &amp;amp; fils</t></is></c>`],
      ],
    );
    expect((await readClasseur(xlsx)).lignes[0]!.valeurs).toMatchObject({
      intitule: 'BTS MCO',
      contactNom: 'Dupont &amp; fils',
    });
  });

  it('keeps accented text whole where the inflated part is cut into chunks', async () => {
    // Characters of 2 and 3 bytes over 150 KB of shared strings: zlib gives the part in chunks, some
    // cut inside a character (exceljs's public WorkbookReader decodes each chunk alone: « � »).
    const textes = ['é€', 'aé€', 'ç'].map((motif) => motif.repeat(Math.floor(30_000 / motif.length)));
    const lu = await readClasseur(
      await classeur((ws) => {
        textes.forEach((t, i) => {
          ws.getCell(adresse('objectif', i + 2)).value =
            i === 2 ? { richText: [{ text: 'x' }, { text: t }] } : t;
        });
      }),
    );
    expect(lu.lignes.map((l) => l.valeurs.objectif)).toEqual([textes[0], textes[1], `x${textes[2]}`]);
  });

  it('names the workbook, the sheet and the column of headers that are not the contract ones', async () => {
    const e = await readClasseur(
      await classeur((ws) => {
        ws.getCell(adresse('capacite', 1)).value = 'Places';
      }),
      'retour.xlsx',
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'CLASSEUR_ENTETES',
      message:
        'retour.xlsx, feuille « Offre », ligne 1 : en-têtes inattendus (colonne R attendue « Capacité », trouvée « Places »). Repartez du classeur exporté par Offre.',
    });
  });

  it('names a deleted column, not the date columns that are still there', async () => {
    // Before: « les deux dernières colonnes doivent être « Date de début AAAA » … » (they were there).
    const e = await readClasseur(
      await classeur((ws) => {
        ws.spliceColumns(COL.objectif!, 1);
      }),
      'retour.xlsx',
    ).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'CLASSEUR_ENTETES',
      message: `retour.xlsx, feuille « Offre », ligne 1 : la colonne « Objectif » manque (attendue en colonne ${lettre(COL.objectif!)}). Repartez du classeur exporté par Offre.`,
    });
  });
});

describe('the conventions sheet', () => {
  it('says when the workbook was made with the day in full (Paris day), never « 24/11/2026 »', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    const entete = {
      annee: 2027,
      libelleCampagne: 'Rentrée 2027',
      siret: '13002526500013',
      raisonSociale: null,
    };
    // 23:30 UTC on 30 November is already 1 December in Paris.
    await writeClasseur(out, { ...entete, genereLe: new Date('2026-11-30T23:30:00Z') }, []);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet(FEUILLE_CONVENTIONS)!;
    const genere = [...Array(ws.rowCount).keys()]
      .map((i) => ws.getRow(i + 1))
      .find((r) => r.getCell(1).value === 'Généré le');
    expect(genere?.getCell(2).value).toBe('1er décembre 2026');
  });
});
