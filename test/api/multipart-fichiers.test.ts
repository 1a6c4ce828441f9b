import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { compter, enBuffer, exportClasseur, loadOffre, NOW, ouvrir } from '../classeur/classeur.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { bearer, type TestApi, testApi } from './helpers.ts';

// Review 05/12: a workbook form with a second file was imported — @fastify/multipart's
// request.file() hands over the first file and the rest of the form is never read, so the
// parser's FST_FILES_LIMIT (raised when the next part is asked for) was lost. The rest of the
// form is now read before anything is applied: a second file is 413 MULTIPART_TROP_DE_FICHIERS,
// a form over its parts 413 MULTIPART_TROP_DE_PARTIES, nothing stored. Over real HTTP (fetch,
// FormData as a script sends it).

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

let t: TestApi;
let base: string;
/** A workbook of SIRET A that changes three sessions when applied. */
let classeur: Buffer;

beforeAll(async () => {
  t = await testApi({ now: () => NOW });
  await loadOffre(t);
  await ensureCampagne(t.ctx.db, 2027);
  const wb = await ouvrir(await exportClasseur(t, 2027));
  const ws = wb.getWorksheet('Offre')!;
  for (const r of [2, 3, 4]) {
    ws.getRow(r).getCell(COL.debut!).value = '01/09/2027';
    ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
  }
  classeur = await enBuffer(wb);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => t?.close());

type Partie = [nom: string, valeur: string] | [nom: string, fichier: Buffer, nomFichier: string];

const envoyer = async (parties: Partie[], query = '') => {
  const form = new FormData();
  for (const [nom, valeur, nomFichier] of parties)
    if (typeof valeur === 'string') form.append(nom, valeur);
    else form.append(nom, new Blob([new Uint8Array(valeur)], { type: XLSX }), nomFichier);
  const r = await fetch(`${base}/api/v1/imports/classeur${query}`, {
    method: 'POST',
    headers: bearer(t.keys.writeA),
    body: form,
  });
  return { status: r.status, type: r.headers.get('content-type'), corps: await r.json() };
};

const importsTraces = () => compterLignes(t.ctx.db, 'import_tache');

const UN_SEUL =
  'Le formulaire envoyé contient plus d’un fichier : un seul fichier est accepté (champ « fichier »). Retirez les autres et renvoyez le formulaire.';

describe('POST /imports/classeur: a form with a second file', () => {
  it.each([
    [
      'two files',
      [
        ['fichier', 'c', 'a.xlsx'],
        ['autre', 'c', 'b.xlsx'],
      ],
    ],
    [
      'a file, a field, another file',
      [
        ['fichier', 'c', 'a.xlsx'],
        ['note', 'x'],
        ['fichier', 'c', 'b.xlsx'],
      ],
    ],
    [
      'a field, two files',
      [
        ['note', 'x'],
        ['fichier', 'c', 'a.xlsx'],
        ['fichier', 'c', 'b.xlsx'],
      ],
    ],
  ] as const)('%s: 413 MULTIPART_TROP_DE_FICHIERS, nothing applied', async (_cas, forme) => {
    const avant = { ...(await compter(t)), traces: await importsTraces() };
    const parties = forme.map((p) => (p.length === 3 ? [p[0], classeur, p[2]] : [...p])) as Partie[];
    const r = await envoyer(parties);
    expect(r.status, JSON.stringify(r.corps)).toBe(413);
    expect(r.type).toContain('application/problem+json');
    expect(r.corps).toMatchObject({
      code: 'MULTIPART_TROP_DE_FICHIERS',
      title: 'Formulaire multipart : trop de fichiers',
      limite: 1,
      detail: UN_SEUL,
    });
    expect({ ...(await compter(t)), traces: await importsTraces() }).toEqual(avant);
  });

  it('a form over its parts (a file, then 11 fields): 413 MULTIPART_TROP_DE_PARTIES, nothing applied', async () => {
    const avant = await compter(t);
    const champs = Array.from({ length: 11 }, (_, i) => [`x${i}`, 'v'] as Partie);
    const r = await envoyer([['fichier', classeur, 'a.xlsx'], ...champs]);
    expect(r.status, JSON.stringify(r.corps)).toBe(413);
    expect(r.corps).toMatchObject({
      code: 'MULTIPART_TROP_DE_PARTIES',
      limite: 11,
      detail:
        'Le formulaire envoyé contient plus de 11 parties (champs et fichiers) : retirez ce qui est en trop et renvoyez le formulaire avec son fichier (champ « fichier »).',
    });
    expect(await compter(t)).toEqual(avant);
  });

  it('one file and a few fields around it are still taken (the fields ignored)', async () => {
    const avant = await compter(t);
    const r = await envoyer([
      ['note', 'avant'],
      ['fichier', classeur, 'a.xlsx'],
      ['note', 'après'],
    ]);
    expect(r.status, JSON.stringify(r.corps)).toBe(200);
    expect(r.corps.totaux).toMatchObject({ modifiee: 3 });
    expect((await compter(t)).sessions).toBe(avant.sessions + 3);
  });
});
