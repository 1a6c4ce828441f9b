import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTS_VIDES } from '../../src/domain/recherche.ts';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// A query of common words only (« pour », « de la », « pour les »): the French index ignores them,
// and the search answered 0 results without a word (h-recherche4). Like a term too short (« q=a »),
// such a query lists the whole offer and says why, page and API (`termes_ignores`,
// `requete_ignoree`); between searched words they go unsaid. docs/recherche.md « Ce qu’on peut
// taper ». Real HTTP, both engines.

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
});
afterAll(() => app?.stop());

const { get, api, cles, texte } = clientRecherche(() => app.base);
type Reponse = Awaited<ReturnType<typeof api>> & { termes_ignores?: string[]; requete_ignoree?: true };
const apiBrut = async (params: Record<string, string>) => (await api(params)) as Reponse;

describe('a query of common words only', () => {
  it.each([
    ['pour', ['pour']],
    ['de la', ['de', 'la']],
    ['pour les', ['pour', 'les']],
    ['Dans', ['dans']],
  ])('« %s »: the whole offer, said as such in the API', async (q, termes) => {
    const tout = await api({});
    const r = await apiBrut({ q });
    expect(r.termes_ignores).toEqual(termes);
    expect(r.requete_ignoree).toBe(true);
    expect(r.total).toBe(tout.data.length);
    expect(r.total).toBeGreaterThan(0);
  });

  it('says it on the page, above the whole offer', async () => {
    const html = texte(await (await get('/?q=pour')).text());
    expect(html).toContain(
      'Le mot « pour » est un mot courant, que la recherche ignore (comme « de », « dans » ou « avec ») : toute l’offre est affichée. Précisez un métier, un diplôme ou un code RNCP.',
    );
    expect(texte(await (await get('/?q=de%20la')).text())).toContain(
      'Les mots « de », « la » sont des mots courants, que la recherche ignore',
    );
  });

  it('between searched words: unsaid, the words searched as without them', async () => {
    const r = await apiBrut({ q: 'boulanger pour adultes' });
    expect(r.termes_ignores).toBeUndefined();
    expect(r.requete_ignoree).toBeUndefined();
    expect(cles(await apiBrut({ q: 'cap pour boulanger' }))).toEqual(cles(await api({ q: 'cap boulanger' })));
    expect(cles(await apiBrut({ q: 'cap pour boulanger' })).size).toBeGreaterThan(0);
  });

  it('is the list of words the index drops, on this engine', async () => {
    // « les » aside: PostgreSQL's list lacks it (the index keeps it as « le »), the search leaves it out.
    const longs = [...MOTS_VIDES].filter((m) => m.length >= 3 && m !== 'les');
    const { rows } = await sql<{ w: string }>`select w from unnest(${longs}::text[]) w
      where to_tsvector('french_unaccent', w) <> ''::tsvector`.execute(app.ctx.db);
    expect(rows.map((r) => r.w)).toEqual([]);
    // A word that is none is indexed.
    const { rows: mot } = await sql<{
      v: string;
    }>`select to_tsvector('french_unaccent', 'boulanger')::text as v`.execute(app.ctx.db);
    expect(mot[0]!.v).not.toBe('');
  });
});
