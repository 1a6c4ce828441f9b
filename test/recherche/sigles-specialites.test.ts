import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// What a fresh user of the public search typed and did not get (h-recherche3): a specialty by its
// usual acronym (« BTS MCO », src/domain/specialites-sigles.ts), without an acronym that is also a
// word (« sam », « ci ») losing its ordinary meaning; and a query too short to be searched
// (« q=a »), said rather than silently listing the whole offer. docs/recherche.md « Ce qu’on peut
// taper ». Real HTTP, both engines.

let app: AppLancee;
let ids: Map<string, string>;

beforeAll(async () => {
  app = await startApp();
  ids = await loadFixture(app.ctx, [
    {
      cle: 'BTS-SAM-NANTES',
      intitule: 'BTS Support à l’action managériale',
      lieux: [{ code_insee: '44109' }],
    },
    { cle: 'BTS-CI-ANGERS', intitule: 'BTS Commerce international', lieux: [{ code_insee: '49007' }] },
    { cle: 'CUISINE-SAM-LAVAL', intitule: 'Cuisine du monde avec Sam', lieux: [{ code_insee: '53130' }] },
    {
      cle: 'BUT-GEA-LAVAL',
      intitule: 'BUT Gestion des entreprises et des administrations',
      lieux: [{ code_insee: '53130' }],
    },
    { cle: 'BTS-MCO-ECRIT-NANTES', intitule: 'BTS MCO en alternance', lieux: [{ code_insee: '44109' }] },
  ]);
});
afterAll(() => app?.stop());

const { get, api, texte, cles: clesDe } = clientRecherche(() => app.base);
const cles = async (q: string) => clesDe(await api({ q }));

describe('a specialty by its acronym', () => {
  it.each([['BTS MCO'], ['bts mco'], ['MCO BTS'], ['mco'], ['brevet de technicien supérieur MCO']])(
    '« %s » finds the BTS Management commercial opérationnel, and offers that write « MCO »',
    async (q) => {
      expect(await cles(q)).toEqual(new Set(['BTS-MCO-LYON', 'BTS-MCO-ECRIT-NANTES']));
    },
  );

  it.each([
    ['BTS CG', 'BTS-CG-LAVAL'],
    ['BTS SAM', 'BTS-SAM-NANTES'],
    ['BTS CI', 'BTS-CI-ANGERS'],
    ['bac pro MSPC', 'BACPRO-MSPC-MARSEILLE'],
    ['mspc', 'BACPRO-MSPC-MARSEILLE'],
    ['BUT GEA', 'BUT-GEA-LAVAL'],
    ['DUT GEA', 'BUT-GEA-LAVAL'],
    ['gea', 'BUT-GEA-LAVAL'],
  ])('« %s » finds %s alone', async (q, cle) => {
    expect(await cles(q)).toEqual(new Set([cle]));
  });

  it('keeps an acronym that is also a word for its ordinary meaning without its diploma', async () => {
    // « sam » is a name: not the BTS SAM unless typed with « BTS ».
    expect(await cles('sam')).toEqual(new Set(['CUISINE-SAM-LAVAL']));
    expect(await cles('cuisine sam')).toEqual(new Set(['CUISINE-SAM-LAVAL']));
    // Beside another diploma, the acronym is not that diploma's specialty.
    expect(await cles('CAP SAM')).toEqual(new Set());
    expect(await cles('CAP CG')).not.toContain('BTS-CG-LAVAL');
  });

  it('is never corrected into another word', async () => {
    expect((await api({ q: 'BTS MCO' })).suggestion).toBeNull();
    expect((await api({ q: 'BTS MCO Lyon' })).suggestion).toBeNull();
  });

  it('searches the page the same way', async () => {
    const html = await (await get('/?q=BTS%20MCO')).text();
    expect(html).toContain(`/formations/${ids.get('BTS-MCO-LYON')}`);
    expect(texte(html)).toContain('2 formations trouvées');
  });
});

describe('a term too short to be searched', () => {
  it('« a » alone: the whole offer, said as such in the API', async () => {
    const tout = await api({});
    const r = await api({ q: 'a' });
    expect(r.termes_ignores).toEqual(['a']);
    expect(r.requete_ignoree).toBe(true);
    expect(r.total).toBe(tout.data.length);
  });

  it('« a » alone: said on the page, above the whole offer', async () => {
    const html = texte(await (await get('/?q=a')).text());
    expect(html).toContain(
      'Le terme « a » est trop court pour être cherché (3 lettres ou chiffres au moins, sauf un sigle de diplôme comme « BP » ou « CAP ») : toute l’offre est affichée.',
    );
  });

  it('beside searched words: named, the words searched', async () => {
    const r = await api({ q: 'boulanger x' });
    expect(r.termes_ignores).toEqual(['x']);
    expect(r.requete_ignoree).toBeUndefined();
    expect(r.data.map((f) => f.cle_externe)).toContain('CAP-BOUL-NANTES');
    const html = texte(await (await get('/?q=boulanger%20x')).text());
    expect(html).toContain('Le terme « x » est trop court pour être cherché');
    expect(html).toContain('il a été ignoré.');
  });

  it('says nothing of short stop words between words, nor of recognised short forms', async () => {
    for (const q of ['boulanger à Nantes', 'cap de boulanger', 'BP coiffure', 'BTS CI']) {
      const r = await api({ q });
      expect(r.termes_ignores, q).toBeUndefined();
      expect(r.requete_ignoree, q).toBeUndefined();
    }
    expect((await api({ q: 'ci' })).termes_ignores).toEqual(['ci']);
    expect(texte(await (await get('/?q=boulanger')).text())).not.toContain('trop court');
  });
});
