import type ExcelJS from 'exceljs';
import type { AppContext } from '../../src/context.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { Navigateur } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from '../classeur/classeur.helpers.ts';

// Uploads through the Imports page as a browser does (multipart/form-data, CSRF token in the
// body's first field), and waits for a job the way a person does: reloading its page.

export const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

export const ligneDe = (ws: ExcelJS.Worksheet, id: string) => {
  for (let r = 2; r <= ws.rowCount; r++)
    if (String(ws.getRow(r).getCell(1).value).startsWith(`${id}/`)) return r;
  throw new Error(`no row for ${id}`);
};

/**
 * The campaign workbook (2027) of what `ctx` holds, as exported, with the title of formation `id`
 * replaced by `titre` — painted red with `rouge`, as Excel users mark a change; `dates` [début,
 * fin] set on every row first. The workbook and the row of `id`.
 */
export async function classeurTitre(
  ctx: AppContext,
  id: string,
  titre: string,
  opts: { rouge?: boolean; dates?: readonly [debut: string, fin: string] } = {},
): Promise<{ buffer: Buffer; ligne: number }> {
  const wb = await ouvrir(await exportClasseur({ ctx }));
  const ws = wb.getWorksheet('Offre')!;
  if (opts.dates)
    for (let r = 2; r <= ws.rowCount; r++) {
      ws.getRow(r).getCell(COL.debut!).value = opts.dates[0];
      ws.getRow(r).getCell(COL.fin!).value = opts.dates[1];
    }
  const ligne = ligneDe(ws, id);
  const cell = ws.getRow(ligne).getCell(COL.intitule!);
  cell.value = titre;
  if (opts.rouge) peindre(cell, { font: { color: { argb: 'FFFF0000' } } });
  return { buffer: await enBuffer(wb), ligne };
}

/**
 * Posts `contenu` as the `fichier` field of the page's form for `format`, after the `_csrf` field
 * (`csrf: null` omits it; `csrfDansUrl` sends it in the query, as no form of ours does any more);
 * `base`: the space's import pages (/espace/imports by default, /gestion/imports).
 */
export async function envoyer(
  nav: Navigateur,
  format: string,
  nom: string,
  contenu: Buffer,
  opts: { csrf?: string | null; champ?: string; csrfDansUrl?: boolean; base?: string } = {},
) {
  const form = new FormData();
  const token = opts.csrf === undefined ? nav.csrf : opts.csrf;
  if (token && !opts.csrfDansUrl) form.append('_csrf', token);
  form.append(opts.champ ?? 'fichier', new Blob([new Uint8Array(contenu)]), nom);
  const req = new Request('http://offre.test/', { method: 'POST', body: form });
  return nav.app.inject({
    method: 'POST',
    url: `${opts.base ?? '/espace/imports'}/${format}${token && opts.csrfDansUrl ? `?_csrf=${encodeURIComponent(token)}` : ''}`,
    remoteAddress: nav.ip,
    headers: {
      cookie: [...nav.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': req.headers.get('content-type')!,
    },
    payload: Buffer.from(await req.arrayBuffer()),
  });
}

/** Reloads the job's page until it no longer shows progress ("Actualiser"); returns the last page. */
export async function attendre(nav: Navigateur, url: string) {
  for (let i = 0; i < 200; i++) {
    const r = await nav.get(url);
    if (!r.body.includes('>Actualiser<')) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${url} never finished`);
}

// texte lives in the pages' helpers (web.helpers.ts); the imports tests import it from here.
export { texte } from '../auth/web.helpers.ts';
