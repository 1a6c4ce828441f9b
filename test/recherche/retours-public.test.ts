import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from './fixtures.ts';

// A fresh user's findings on the public search (h-recherche3): the result card of a search by place
// announces the formation's next start like every other search mode and the formation page; past
// information meetings are hidden from the public (marked « passée » for professionals).

let t: TestWeb;
let ids: Map<string, string>;
let prescripteur: Navigateur;

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2026-12-01T10:00:00Z') });
  ids = await loadFixture(t.ctx, [
    {
      // Found near Paris through a session that has started; its next start is in Lyon.
      cle: 'ECOLE-COMMERCE-PARIS-LYON',
      intitule: 'Bachelor commerce et distribution',
      lieux: [
        { code_insee: '75111', debut: '2025-09-08' },
        { code_insee: '69383', debut: '2027-09-09', reunions: ['2026-06-07', '2027-01-15', '2026-04-13'] },
      ],
    },
    {
      cle: 'VENDEUR-HOSTILE',
      intitule: 'Vendeur <conseil>',
      objectif:
        'Apprendre le « métier » de <vendeur> & "conseiller"</title><script>x</script>. Deuxième phrase.',
      lieux: [{ code_insee: '53130' }],
    },
  ]);
  const c = await compte(t, { email: 'prescripteur@offre.test', role: 'prescripteur' });
  prescripteur = new Navigateur(t.app);
  expect((await prescripteur.seConnecter(c.email, c.motDePasse)).statusCode).toBe(303);
});
afterAll(() => t.close());

const get = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  expect(r.statusCode, url).toBe(200);
  return r.body;
};
/** The card of the formation `cle` in a result page, tags removed. */
const carte = (html: string, cle: string) => {
  const i = html.indexOf(`href="/formations/${ids.get(cle)}"`);
  expect(i, cle).toBeGreaterThan(0);
  const fin = html.indexOf('fr-card__detail', i);
  return html.slice(i, html.indexOf('</p>', fin)).replace(/<[^>]+>/g, '');
};

describe('the result card announces the formation’s next start in every search mode', () => {
  it.each([
    ['/?ou=Paris&rayon=10'],
    ['/?ou=Paris'],
    ['/?ou=75011&rayon=10&tri=debut'],
    ['/?q=bachelor%20commerce'],
    ['/?q=bachelor&ou=Paris&rayon=30'],
  ])('%s', async (url) => {
    const c = carte(await get(url), 'ECOLE-COMMERCE-PARIS-LYON');
    expect(c).toContain('Prochaine session le 9 septembre 2027');
    expect(c).not.toContain('Prochaine date à venir');
  });

  it('as the formation page does', async () => {
    const html = await get(`/formations/${ids.get('ECOLE-COMMERCE-PARIS-LYON')}`);
    expect(html).toContain('Prochaine rentrée : 9 septembre 2027.');
  });
});

describe('information meetings on the formation page', () => {
  const reunions = (html: string) => {
    const i = html.indexOf('Réunions d’information</h3>');
    return i < 0 ? '' : html.slice(i, html.indexOf('</ul>', i)).replace(/<[^>]+>/g, '');
  };

  it('hides past meetings from the public (ctx.now is 1 December 2026)', async () => {
    const r = reunions(await get(`/formations/${ids.get('ECOLE-COMMERCE-PARIS-LYON')}`));
    expect(r).toContain('15 janvier 2027');
    expect(r).not.toContain('13 avril 2026');
    expect(r).not.toContain('7 juin 2026');
  });

  it('lists them for professionals, by date, the past ones marked « passée »', async () => {
    const html = (await prescripteur.get(`/formations/${ids.get('ECOLE-COMMERCE-PARIS-LYON')}`)).body;
    const r = reunions(html);
    expect(r).toMatch(
      /13 avril 2026[\s\S]*\(passée\)[\s\S]*7 juin 2026[\s\S]*\(passée\)[\s\S]*15 janvier 2027/,
    );
    expect(r.match(/passée/g)).toHaveLength(2);
  });

  it('shows no heading when every meeting is past', async () => {
    const html = await get(`/formations/${ids.get('CAP-BOUL-NANTES')}`);
    expect(html).not.toContain('Réunions d’information');
  });
});

describe('a commune name and a postal code that do not match', () => {
  const alerte = (html: string) => {
    const i = html.indexOf('id="lieu-inconnu"');
    expect(i).toBeGreaterThan(0);
    return html.slice(i, html.indexOf('</div>', i)).replace(/<[^>]+>/g, '');
  };

  it('are not searched: the page says so and offers both communes', async () => {
    const html = await get('/?ou=Nantes%20(75011)&rayon=10&q=maintenance');
    expect(alerte(html)).toContain(
      '« Nantes » et le code postal 75011 ne désignent pas la même commune : aucune recherche n’a été faite.',
    );
    // 75011 is the 11th arrondissement's code: that arrondissement is offered (saisies-usuelles.test.ts).
    expect(alerte(html)).toContain('Vouliez-vous dire Nantes (44000) ou Paris 11e Arrondissement (75011) ?');
    expect(html).toContain('href="/?q=maintenance&amp;ou=Nantes+%2844000%29&amp;rayon=10"');
    expect(html).not.toContain('Commune retenue');
    expect(html).not.toContain(`/formations/${ids.get('TECH-MAINT-PARIS')}`);
  });

  it('a name that matches nothing offers the postal code’s commune', async () => {
    expect(alerte(await get('/?ou=Pari%20(75011)'))).toContain(
      'Vouliez-vous dire Paris 11e Arrondissement (75011) ?',
    );
  });

  it('a matching pair is searched as before', async () => {
    const html = await get('/?ou=Paris%20(75011)&rayon=10');
    expect(html).not.toContain('id="lieu-inconnu"');
    expect(html).toContain(`/formations/${ids.get('TECH-MAINT-PARIS')}`);
  });

  it('the API returns nothing and both communes in lieux_proches', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/formations?ou=Nantes%20(75011)' });
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.total).toBe(0);
    expect(b.data).toEqual([]);
    expect(b.lieux_proches).toEqual([
      { code_insee: '44109', nom: 'Nantes', code_postal: '44000', code_departement: '44' },
      {
        code_insee: '75111',
        nom: 'Paris 11e Arrondissement',
        code_postal: '75011',
        code_departement: '75',
      },
    ]);
  });
});

describe('a search text over 200 characters', () => {
  it('is refused on its field, as the API does, instead of an empty result', async () => {
    const long = 'boulanger '.repeat(500);
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations?q=${encodeURIComponent(long)}`,
    });
    expect(api.statusCode).toBe(400);
    expect(api.body).toContain('ne doit pas dépasser 200 caractères');
    const r = await t.app.inject({ method: 'GET', url: `/?q=${encodeURIComponent(long)}` });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('<title>Erreur : ');
    const resume = r.body.slice(
      r.body.indexOf('id="erreurs-recherche"'),
      r.body.indexOf('</ul>', r.body.indexOf('id="erreurs-recherche"')),
    );
    expect(resume).toContain(
      '<a href="#q">Rechercher une formation : ne doit pas dépasser 200 caractères (4 999 saisis) : raccourcissez votre saisie.</a>',
    );
    expect(r.body).toMatch(
      /class="fr-input fr-input--error" type="search" id="q" name="q"[^>]*aria-describedby="q-erreur"/,
    );
    expect(r.body).toContain('<p class="fr-error-text" id="q-erreur">ne doit pas dépasser 200 caractères');
    expect(r.body).not.toContain('Aucune formation');
  });

  it('in « Où ? » too', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/?ou=${'N'.repeat(201)}` });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('<a href="#ou">Où ? : ne doit pas dépasser 200 caractères (201 saisis)');
  });

  it('a text given twice is refused on its field, not dropped (which listed every formation)', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/?q=boulanger&q=coiffeur&ou=Nantes&ou=Laval' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain(
      '<a href="#q">Rechercher une formation : est donné 2 fois (« boulanger », « coiffeur ») : une seule recherche à la fois, gardez-en une.</a>',
    );
    expect(r.body).toContain('<a href="#ou">Où ? : est donné 2 fois (« Nantes », « Laval »)');
    expect(r.body).not.toContain('Aucune formation');
    expect(r.body).not.toMatch(/formations? trouvées?/);
  });

  // A tester's report (05/12, LOW): the search's echoes were cut at 20 characters, every other
  // refusal at 40 then « … » (issue-zod.mots.ts `extrait`).
  it('echoes what was typed as every refusal does: 40 characters, then « … »', async () => {
    const mot = 'boulangerie-patisserie-chocolaterie-glacerie';
    const r = await t.app.inject({ method: 'GET', url: `/?q=${mot}&q=coiffeur` });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain(`est donné 2 fois (« ${mot.slice(0, 40)}… », « coiffeur »)`);
    const dep = `${'9'.repeat(40)}ZZZZZ`;
    const f = await t.app.inject({ method: 'GET', url: `/?q=boulanger&departement=${dep}` });
    expect(f.body).toContain(`Département « ${'9'.repeat(40)}… » inconnu`);
    const page = await t.app.inject({ method: 'GET', url: `/?q=boulanger&page=${dep}` });
    expect(page.body).toContain(`Page « ${'9'.repeat(40)}… » inexistante`);
    const deux = await t.app.inject({ method: 'GET', url: `/?q=boulanger&region=${dep}&region=84` });
    expect(deux.body).toContain(`Plusieurs régions demandées (${'9'.repeat(40)}…, 84)`);
  });

  it('200 characters are searched', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/?q=${'a'.repeat(200)}` })).statusCode).toBe(200);
  });
});

describe('the formation page’s meta description', () => {
  const meta = (html: string) => /<meta name="description" content="([^"]*)"\/>/.exec(html)?.[1];

  it('is the first sentence of the objectif', async () => {
    expect(meta(await get(`/formations/${ids.get('BTS-MCO-LYON')}`))).toBe(
      'Former des managers d’unité commerciale.',
    );
  });

  it('is « {intitulé} à {commune} — {organisme} » without an objectif', async () => {
    expect(meta(await get(`/formations/${ids.get('CAP-BOUL-NANTES')}`))).toBe(
      'CAP Boulanger à Nantes — CFA de l’Ouest',
    );
  });

  it('is escaped', async () => {
    const html = await get(`/formations/${ids.get('VENDEUR-HOSTILE')}`);
    expect(meta(html)).toBe(
      'Apprendre le « métier » de &lt;vendeur> &amp; &quot;conseiller&quot;&lt;/title>&lt;script>x&lt;/script>.',
    );
    expect(html).not.toContain('<vendeur>');
    expect(html).not.toContain('<script>x');
  });
});
