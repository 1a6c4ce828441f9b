import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, NOW, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, texte } from './imports.helpers.ts';

// A fresh user's report (07/12/2026): the yellow row of a published offer, through /espace/imports,
// said « Fermeture à valider » and « attend la validation d’un gestionnaire » while the closing was
// written at once on the diffused version (the recruitment rule). The page now says what happens.

let t: TestWeb;
let id: string;
let a: Navigateur;

const LYON = { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' };
const VILLEURBANNE = { adresse: '5 cours Émile Zola', code_postal: '69100', commune: 'Villeurbanne' };

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  const sessions = [
    { debut: '2026-09-08', fin: '2028-06-19', etat_recrutement: 'ouvert', capacite: 24, lieu: LYON },
    { debut: '2027-09-09', fin: '2029-06-02', etat_recrutement: 'ouvert', capacite: 24, lieu: LYON },
    { debut: '2027-09-06', fin: '2029-06-30', etat_recrutement: 'ouvert', capacite: 24, lieu: VILLEURBANNE },
  ] as const;
  id = (await saveFormation(t.ctx, SYSTEME('test'), formationFixture({ sessions: [...sessions] }))).id;
  await transition(t.ctx, SYSTEME('test'), id, 'publier');
  await transition(t.ctx, SYSTEME('test'), id, 'valider');
  const u = await compte(t, { email: 'jaune@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.1.2');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t?.close());

describe('a yellow row of a published formation, through /espace/imports', () => {
  it('previews « Fermée », closed at once, then applies it so, without a revision', async () => {
    const wb = await ouvrir(await exportClasseur({ ctx: t.ctx } as never));
    const ws = wb.getWorksheet('Offre')!;
    let r = 0;
    ws.eachRow((row, n) => {
      if (
        String(row.getCell(COL.reference!).value ?? '').startsWith(`${id}/`) &&
        row.getCell(COL.commune!).value === 'Lyon'
      )
        r = n;
    });
    for (let c = 1; c <= colonnesClasseur(2027).length; c++)
      peindre(ws.getRow(r).getCell(c), {
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } },
      });
    const post = await envoyer(a, 'classeur', 'jaune.xlsx', await enBuffer(wb));
    const url = post.headers.location as string;
    const p = texte((await attendre(a, url)).body);
    expect(p).toContain('0 modifiée, 1 fermée, 1 inchangée, 0 en erreur');
    expect(p).not.toContain('à valider');
    const ligne = p.slice(p.indexOf(`Offre, ligne ${r} `));
    expect(ligne).toMatch(
      new RegExp(`^Offre, ligne ${r} BTS Management commercial opérationnel ${id}/\\S+ Fermée `),
    );
    expect(ligne).toContain('sera fermé tout de suite sur l’offre diffusée');
    expect(p).not.toMatch(/soumise à la validation|attend la validation|reste en ligne jusque-là/);

    await a.get(url);
    expect((await a.post(`${url}/appliquer`, {})).statusCode).toBe(303);
    const fin = texte((await attendre(a, url)).body);
    expect(fin).toContain('Import appliqué');
    expect(fin).toContain('a été fermé tout de suite sur l’offre diffusée');
    expect(fin).not.toMatch(/attend la validation|Fermeture à valider/);
    const revisions = await t.ctx.db
      .selectFrom('formation_revision')
      .select('id')
      .where('formation_id', '=', id)
      .execute();
    expect(revisions).toHaveLength(0);
  });
});
