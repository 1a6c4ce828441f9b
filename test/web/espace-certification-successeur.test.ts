import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDemo } from '../../src/services/demo.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';

// A fresh user's report (05/12): the picker offered « RNCP35316 ↔ CFD 50022136 – CAP Pâtissier ·
// active · valide … au 31 août 2030 », and the formation saved with it failed CERT_EXPIREE
// (50022136 closed on 31 August 2020, replaced by 50022141) — which the demo did not even hold.
// A fiche outlives its diplomas: the picker pairs it with its current diploma, and says so when
// the only one it has is closed.

interface Ligne {
  valeur: string;
  codes: string;
  details: string;
  expiree: boolean;
  badge: string | null;
}
let t: TestWeb;
let nav: Navigateur;
const chercher = async (q: string) =>
  (await nav.get(`/espace/certifications.json?q=${encodeURIComponent(q)}`)).json().propositions as Ligne[];

beforeAll(async () => {
  t = await testWeb();
  await loadDemo(t.ctx, { formations: 10, seed: 3 });
  const { siren_proprietaire } = await t.ctx.db
    .selectFrom('formation')
    .select('siren_proprietaire')
    .executeTakeFirstOrThrow();
  nav = await connecte(t, { email: 'lea@cfa-patisserie.test', role: 'organisme', siren: siren_proprietaire });
});
afterAll(() => t?.close());

it('pairs the fiche with its current diploma first, the closed one listed after as expired', async () => {
  const lignes = await chercher('cap patissier');
  expect(lignes[0]).toMatchObject({ valeur: 'rncp:RNCP35316+cfd:50022141', expiree: false });
  expect(lignes[0]!.details).not.toContain('fermé');
  // The closed diploma's own line (its BCN dates), paired with the fiche it was linked to.
  const ancien = lignes.find((l) => l.valeur === 'rncp:RNCP35316+cfd:50022136');
  expect(ancien).toMatchObject({ expiree: true, badge: 'Expirée' });
  expect(ancien!.details).toContain('remplacée par 50022141');
  expect(lignes.filter((l) => l.valeur.includes('50022136') && !l.expiree)).toEqual([]);
  // The successor CERT_EXPIREE names is found by its code too.
  expect((await chercher('50022141')).map((l) => l.valeur)).toEqual(['rncp:RNCP35316+cfd:50022141']);
});

it('says the paired diploma has closed, and lists the line with the expired ones, when it is the only one', async () => {
  // The référentiel as it was: the fiche linked to the closed diploma alone.
  await t.ctx.db.deleteFrom('certification_lien').where('cfd', '=', '50022141').execute();
  await t.ctx.db.deleteFrom('certification').where('code', '=', '50022141').execute();
  const lignes = await chercher('cap patissier');
  const paire = lignes.find((l) => l.valeur === 'rncp:RNCP35316+cfd:50022136')!;
  // Listed with the expired lines, under a badge that says what is true: the fiche is active
  // (its details say so), the diploma paired with it is closed.
  expect(paire).toMatchObject({ expiree: true, badge: 'Diplôme fermé' });
  expect(paire.details).toContain('active');
  expect(paire.details).toContain('diplôme CFD 50022136 fermé le 31 août 2020, remplacé par 50022141');
  expect(lignes.slice(lignes.indexOf(paire)).every((l) => l.expiree)).toBe(true);
});
