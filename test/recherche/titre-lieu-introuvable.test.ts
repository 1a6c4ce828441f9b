import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// A fresh user's pass (07/12): a place « Où ? » cannot read answered « Formations – Offre », the
// problem said in the page only. The title says it first, as the house's form errors do
// (« Erreur : … »); the answer stays 200, a search page. Real HTTP, both engines.

let app: AppLancee;
beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
});
afterAll(() => app?.stop());

const { get } = clientRecherche(() => app.base);
const titre = async (chemin: string) => /<title>([^<]*)<\/title>/.exec(await (await get(chemin)).text())?.[1];

describe('the page title of a place not found', () => {
  it.each([
    ['/?ou=Nulleparteville'],
    ['/?ou=44035'],
    ['/?ou=pr%C3%A8s+de+moi'],
    ['/?q=boulanger&ou=Nulleparteville'],
  ])('%s says « Erreur : lieu introuvable »', async (chemin) => {
    expect(await titre(chemin)).toMatch(/^Erreur : lieu introuvable – Formations/);
  });

  it('a place found keeps its title', async () => {
    expect(await titre('/?ou=Nantes')).toBe('Formations près de Nantes – Offre');
  });
});
