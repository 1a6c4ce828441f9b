import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { recomputeAll } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import {
  compte,
  connecte,
  deciderPlateforme,
  Navigateur,
  type TestWeb,
  testWeb,
  texte,
} from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';

// /instruction: an instructeur of académie 10 (Lyon) decides on its offers (publier, ne pas
// publier with a mandatory reason), decisions survive a recomputation and are history with their
// person; an instructeur of académie 09 (Lille) cannot see nor decide; an organisme user gets 403.

let t: TestWeb;
const sys = SYSTEME('test');
let lyon: Navigateur;
let a: string;
let b: string;

const statut = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('parcoursup').where('id', '=', id).executeTakeFirstOrThrow())
    .parcoursup;

async function publiee(cle: string) {
  const { id } = await saveFormation(t.ctx, sys, bts(cle, { intitule: `BTS ${cle}` }));
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  return id;
}

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  a = await publiee('INSTR-A');
  b = await publiee('INSTR-B');
  const i = await compte(t, {
    email: 'ines@ac-lyon.test',
    role: 'instructeur',
    academie: '10',
    nom: 'Inès Martin',
  });
  lyon = new Navigateur(t.app, '10.3.0.1');
  await lyon.seConnecter(i.email, i.motDePasse);
});
afterAll(() => t.close());

it('lists the académie’s offers with status and filters, shows an offer’s file, decides', async () => {
  const liste = await lyon.get('/instruction?plateforme=parcoursup');
  expect(liste.statusCode).toBe(200);
  expect(liste.body).toContain('BTS INSTR-A');
  expect(liste.body).toContain('BTS INSTR-B');
  const filtre = await lyon.get('/instruction?plateforme=parcoursup&q=INSTR-B&statut=a_publier');
  expect(filtre.body).toContain('BTS INSTR-B');
  expect(filtre.body).not.toContain('BTS INSTR-A');
  expect((await lyon.get('/instruction?plateforme=parcoursup&statut=publie')).body).not.toContain(
    'BTS INSTR-B',
  );

  const fiche = await lyon.get(`/instruction/parcoursup/${a}`);
  expect(fiche.statusCode).toBe(200);
  expect(fiche.body).toContain('Règle de périmètre appliquée');
  expect(fiche.body).toMatch(/Règle n° \d+/);

  const sansMotif = await deciderPlateforme(lyon, 'parcoursup', b, { action: 'non_publier', motif: ' ' });
  expect(sansMotif.statusCode).toBe(400);
  expect(sansMotif.body).toContain('href="#motif"');
  expect(await statut(b)).toBe('a_publier');
  // The motif is shown to the organisme: refused with a control or bidirectional character, as
  // every typed text (fresh user, 06/12); line breaks are kept.
  for (const motif of ['Capacité\u0001 non confirmée', 'Capacité \u202E non confirmée']) {
    const interdit = await deciderPlateforme(lyon, 'parcoursup', b, { action: 'non_publier', motif });
    expect(interdit.statusCode).toBe(400);
    expect(interdit.body).toContain('href="#motif"');
    expect(texte(interdit.body)).toContain('n’est pas accepté ; retirez ce caractère');
    expect(await statut(b)).toBe('a_publier');
  }

  expect((await deciderPlateforme(lyon, 'parcoursup', a, { action: 'publier', motif: '' })).statusCode).toBe(
    303,
  );
  expect(
    (
      await deciderPlateforme(lyon, 'parcoursup', b, {
        action: 'non_publier',
        motif: 'Capacité non confirmée',
      })
    ).statusCode,
  ).toBe(303);
  await recomputeAll(t.ctx);
  const flux = await lyon.get('/instruction?plateforme=parcoursup');
  expect(flux.body).toMatch(/statut=non_publie">Non publié<\/a> : 1/);
  expect(flux.body).toMatch(/statut=pret_pour_integration">Prêt pour intégration<\/a> : 1/);
  expect(await statut(a)).toBe('pret_pour_integration');
  expect(await statut(b)).toBe('non_publie');
  const apres = await lyon.get(`/instruction/parcoursup/${b}?fait=1`);
  expect(apres.body).toContain('Décision enregistrée');
  expect(apres.body).toContain('Décision de l’instructeur : Non publié');
  expect(apres.body).not.toContain('Décision de l’instructeur : non_publie');
  expect(apres.body).toContain('Motif (obligatoire pour ne pas publier)');
  expect(apres.body).not.toContain('Motif (facultatif)');
  expect(apres.body).toContain('Académie de l’offre : Lyon (10)');
  expect(flux.body).toContain('Académie : Lyon (10).');
  // The decision is history with the person's name (issue 9 item 8), on the page and through the API.
  expect(apres.body).toContain(
    'Ne pas publier par Inès Martin (ines@ac-lyon.test) – motif : Capacité non confirmée',
  );
  expect(apres.body).not.toContain('par utilisateur:');
  // Its date in full, Paris time (« 3 décembre 2026 à 22:14 »), never « 03/12/2026 22:14:05 ».
  const historique = /<ul id="historique">[\s\S]*?<\/ul>/.exec(apres.body)![0];
  expect(historique).toMatch(/<li>(1er|\d\d?) [a-zéû]+ 20\d\d à \d\d:\d\d – Ne pas publier par/);
  expect(historique).not.toMatch(/\d\d\/\d\d\/\d{4}/);
  const cle = await createApiKey(t.ctx, { name: 'admin', scope: 'admin' });
  const h = await t.app.inject({
    url: `/api/v1/formations/${b}/historique`,
    headers: { authorization: `Bearer ${cle.key}` },
  });
  expect(h.json()).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        entite: 'plateforme:parcoursup',
        action: 'non_publier',
        acteur: 'utilisateur:ines@ac-lyon.test',
        diff: [expect.objectContaining({ motif: 'Capacité non confirmée', apres: 'non_publie' })],
      }),
    ]),
  );
  // An impossible move is refused with the machine's message, nothing changes.
  const refus = await deciderPlateforme(lyon, 'parcoursup', b, { action: 'publier', motif: '' });
  expect(refus.statusCode).toBe(409);
  expect(refus.body).toContain('impossible de publier');
  expect(await statut(b)).toBe('non_publie');
});

it('an instructeur of another académie cannot see nor decide; an organisme user gets 403', async () => {
  const i = await compte(t, { email: 'ian@ac-lille.test', role: 'instructeur', academie: '09' });
  const lille = new Navigateur(t.app, '10.3.0.2');
  await lille.seConnecter(i.email, i.motDePasse);
  const liste = await lille.get('/instruction?plateforme=parcoursup');
  expect(liste.statusCode).toBe(200);
  expect(liste.body).not.toContain('BTS INSTR-A');
  expect((await lille.get(`/instruction/parcoursup/${b}`)).statusCode).toBe(403);
  expect(
    (await lille.post(`/instruction/parcoursup/${b}`, { action: 'reprendre', motif: '' })).statusCode,
  ).toBe(403);
  expect(await statut(b)).toBe('non_publie');

  const nav = await connecte(t, { email: 'org@cfa.test', role: 'organisme', siren: '130025265' }, '10.3.0.3');
  await nav.get('/compte');
  expect((await nav.get('/instruction')).statusCode).toBe(403);
  expect((await nav.get(`/instruction/parcoursup/${b}`)).statusCode).toBe(403);
  expect(
    (await nav.post(`/instruction/parcoursup/${b}`, { action: 'reprendre', motif: '' })).statusCode,
  ).toBe(403);
  expect(await statut(b)).toBe('non_publie');
});
