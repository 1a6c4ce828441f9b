import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, NOW, nouvelleLigne, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// What the Imports page says once a workbook is applied: the formation a new (blue) row created,
// by its id and a link (it showed « — »); and, when the offer changed between the preview and
// « Appliquer » (the application analyses the workbook again), that the preview was recomputed and
// which rows came out otherwise (it said nothing).

let t: TestWeb;
let ids: string[];
let a: Navigateur;
const BLEU = { font: { color: { argb: 'FF0070C0' } } };
const ROUGE = { font: { color: { argb: 'FFFF0000' } } };

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await t.ctx.db.transaction().execute(async (trx) => {
    ids = [];
    for (const f of OFFRE.slice(0, 2))
      ids.push((await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW })).id);
  });
  const u = await compte(t, { email: 'imports@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.1');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

const telecharger = async () => {
  const x = await a.get('/espace/imports/classeur?campagne=2027');
  expect(x.statusCode).toBe(200);
  return ouvrir(x.rawPayload);
};

describe('an applied workbook', () => {
  it('names the formation a blue row created, with a link to it, where the preview had « — »', async () => {
    const wb = await telecharger();
    const ws = wb.getWorksheet('Offre')!;
    const n = ws.rowCount + 1;
    for (const [cle, v] of Object.entries(nouvelleLigne({ intitule: 'Vendeur conseil créé' }))) {
      ws.getRow(n).getCell(COL[cle]!).value = v as never;
      peindre(ws.getRow(n).getCell(COL[cle]!), BLEU);
    }
    const job = (await envoyer(a, 'classeur', 'nouvelle.xlsx', await enBuffer(wb))).headers
      .location as string;
    expect(texte((await attendre(a, job)).body)).toContain(
      `Offre, ligne ${n} Vendeur conseil créé — Nouvelle`,
    );
    expect((await a.post(`${job}/appliquer`, {})).statusCode).toBe(303);
    const page = (await attendre(a, job)).body;
    const cree = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('intitule', '=', 'Vendeur conseil créé')
      .executeTakeFirstOrThrow();
    expect(page).toContain(`<a href="/espace/formations/${cree.id}">${cree.id}</a>`);
    expect(texte(page)).toContain(
      `Offre, ligne ${n} Vendeur conseil créé ${cree.id} (créée par l’import) Nouvelle`,
    );
    // Nothing changed between the preview and the application: nothing to say of it.
    expect(texte(page)).not.toContain('Les données ont changé depuis l’aperçu');
    expect((await a.get(`/espace/formations/${cree.id}`)).statusCode).toBe(200);
  });

  it('a new row sent again names the formation an earlier sending created, with a link, as « Inchangée »', async () => {
    // A tester's finding (LOW): counted « inchangée », the row still said « traitée comme une
    // nouvelle formation ». No blue font here: the row is new by its empty reference.
    const wb = await telecharger();
    const ws = wb.getWorksheet('Offre')!;
    const n = ws.rowCount + 1;
    for (const [cle, v] of Object.entries(nouvelleLigne({ intitule: 'Vendeur conseil renvoyé' })))
      ws.getRow(n).getCell(COL[cle]!).value = v as never;
    const fichier = await enBuffer(wb);
    const premier = (await envoyer(a, 'classeur', 'renvoi.xlsx', fichier)).headers.location as string;
    await attendre(a, premier);
    expect((await a.post(`${premier}/appliquer`, {})).statusCode).toBe(303);
    await attendre(a, premier);
    const cree = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('intitule', '=', 'Vendeur conseil renvoyé')
      .executeTakeFirstOrThrow();
    const second = (await envoyer(a, 'classeur', 'renvoi.xlsx', fichier)).headers.location as string;
    const page = (await attendre(a, second)).body;
    expect(page).toContain(`<a href="/espace/formations/${cree.id}">${cree.id}</a>`);
    const lu = texte(page);
    expect(lu).toContain(
      `Offre, ligne ${n} Vendeur conseil renvoyé ${cree.id} (créée par un envoi précédent) Inchangée`,
    );
    expect(lu).toContain(
      `déjà créée par un envoi précédent du classeur : formation ${cree.id} (« Vendeur conseil renvoyé »)`,
    );
    expect(lu).not.toContain('traitée comme une nouvelle formation');
  });

  it('says the preview was recomputed, and which rows differ, when the offer changed before « Appliquer »', async () => {
    const wb = await telecharger();
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, ids[0]!);
    ws.getRow(r).getCell(COL.intitule!).value = 'Intitulé du classeur';
    peindre(ws.getRow(r).getCell(COL.intitule!), ROUGE);
    const job = (await envoyer(a, 'classeur', 'perime.xlsx', await enBuffer(wb))).headers.location as string;
    expect(texte((await attendre(a, job)).body)).toContain('Modifiée Colonnes modifiées : Intitulé');
    // Meanwhile, the same title is written in Offre (the form, the API, another import): the row
    // now changes nothing.
    await t.ctx.db
      .transaction()
      .execute((trx) =>
        saveFormationTx(
          trx,
          SYSTEME('test'),
          { ...OFFRE[0]!, intitule: 'Intitulé du classeur' },
          { id: ids[0]!, now: NOW },
        ),
      );
    expect((await a.post(`${job}/appliquer`, {})).statusCode).toBe(303);
    const fin = texte((await attendre(a, job)).body);
    expect(fin).toContain('Import appliqué');
    expect(fin).toContain(
      `Les données ont changé depuis l’aperçu : l’aperçu a été recalculé au moment d’appliquer, et une ligne a un autre résultat que celui qu’il annonçait (ligne ${r}). Le détail ci-dessous est ce qui a été appliqué.`,
    );
  });
});
