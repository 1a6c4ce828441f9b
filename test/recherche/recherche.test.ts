import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { type Criteres, rechercher } from '../../src/services/recherche.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { loadFixture } from './fixtures.ts';

// The public search over a small fixture (./fixtures.ts), on the engine of the vitest project.

let t: TestApi;
let ids: Map<string, string>;
const ANONYME: Acteur = { kind: 'anonyme' };
const AUJOURDHUI = '2026-11-30';

beforeAll(async () => {
  t = await testApi();
  // A word only a draft has: in the « Vouliez-vous dire » list (recherche_mot), in no public result.
  ids = await loadFixture(t.ctx, [
    {
      cle: 'CAP-FERRONNIER-BROUILLON',
      intitule: 'CAP Ferronnier',
      cfd: '50022137',
      lieux: [{ code_insee: '44109' }],
      brouillon: true,
    },
  ]);
});
afterAll(() => t.close());

const cherche = (c: Partial<Criteres>) =>
  rechercher(t.ctx.db, ANONYME, { taille: 50, publicSeulement: true, aujourdhui: AUJOURDHUI, ...c });
const cles = (fs: { cle_externe: string | null }[]) => fs.map((f) => f.cle_externe);

// [what is typed, "Où ?", radius, the formations found (cle_externe, in any order), the first one]
const CAS: [string, string | undefined, number | undefined, string[], string?][] = [
  ['boulanger', undefined, undefined, ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']],
  ['boulangr', undefined, undefined, ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']],
  ['Boulangère', undefined, undefined, ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']],
  ['boulangerie', undefined, undefined, ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']],
  ['boulanger CAP', undefined, undefined, ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE'], 'CAP-BOUL'],
  ['CAP boulanger', undefined, undefined, ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE'], 'CAP-BOUL'],
  ['managment', undefined, undefined, ['BTS-MCO-LYON', 'LP-MANAGEMENT-NANTES']],
  ['management commercial', undefined, undefined, ['BTS-MCO-LYON'], 'BTS-MCO-LYON'],
  ['maintenace', undefined, undefined, ['BACPRO-MSPC-MARSEILLE', 'TECH-MAINT-PARIS']],
  ['maintenance industrielle', undefined, undefined, ['TECH-MAINT-PARIS']],
  ['vendeuse', undefined, undefined, ['TP-VENDEUR-LAVAL']],
  ['vendeur', undefined, undefined, ['TP-VENDEUR-LAVAL']],
  ['coiffeur', undefined, undefined, ['CAP-COIFFURE-NEVERS']],
  ['coiffure', undefined, undefined, ['CAP-COIFFURE-NEVERS']],
  ['patissier', undefined, undefined, ['CAP-PATISSIER-LYON']],
  ['pâtisserie', undefined, undefined, ['CAP-PATISSIER-LYON']],
  ['Lyon', undefined, undefined, ['BTS-MCO-LYON', 'CAP-PATISSIER-LYON']],
  ['Laval', undefined, undefined, ['TP-VENDEUR-LAVAL', 'BTS-CG-LAVAL']],
  ['Nevers', undefined, undefined, ['CAP-COIFFURE-NEVERS']],
  ['compagnons du devoir', undefined, undefined, ['TECH-MAINT-PARIS', 'CAP-PATISSIER-LYON']],
  ['Compagnons', undefined, undefined, ['TECH-MAINT-PARIS', 'CAP-PATISSIER-LYON']],
  ['RNCP37537', undefined, undefined, ['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']],
  ['RNCP37098', undefined, undefined, ['TP-VENDEUR-LAVAL']],
  ['rncp38362', undefined, undefined, ['BTS-MCO-LYON']],
  ['32031213', undefined, undefined, ['BTS-MCO-LYON']],
  ['comptabilité', undefined, undefined, ['BTS-CG-LAVAL']],
  ['comptable', undefined, undefined, ['BTS-CG-LAVAL']],
  ['BTS', 'Laval', undefined, ['BTS-CG-LAVAL']],
  ['', 'Lyon', undefined, ['BTS-MCO-LYON', 'CAP-PATISSIER-LYON']],
  ['', '69003', undefined, ['BTS-MCO-LYON']],
  ['boulangr', 'Nantes', 30, ['CAP-BOUL-NANTES', 'MC-BOUL-REZE']],
  ['', 'Nantes', 10, ['CAP-BOUL-NANTES', 'MC-BOUL-REZE', 'LP-MANAGEMENT-NANTES']],
  ['boulanger', 'Nantes', 100, ['CAP-BOUL-NANTES', 'MC-BOUL-REZE', 'CAP-BOUL-ANGERS']],
  ['', 'Paris', undefined, ['TECH-MAINT-PARIS']],
  ['', 'Marseille', 30, ['BACPRO-MSPC-MARSEILLE']],
  ['chaudronnier', undefined, undefined, []],
  // Not a typo of « systèmes »: another, longer word (as « automobile » is not « mobile »).
  ['écosystèmes', undefined, undefined, []],
];

describe('the public search finds formations', () => {
  it.each(CAS)('« %s » où « %s » à %s km', async (q, ou, rayon_km, attendues, premiere) => {
    const r = await cherche({ q, ou, rayon_km });
    expect(new Set(cles(r.formations))).toEqual(new Set(attendues));
    expect(r.total).toBe(attendues.length);
    if (premiere) expect(r.formations[0]!.cle_externe).toContain(premiere);
  });

  it('says what it corrected: "Vouliez-vous dire"', async () => {
    expect((await cherche({ q: 'boulangr' })).suggestion).toBe('boulanger');
    expect((await cherche({ q: 'maintenace' })).suggestion).toBe('maintenance');
    expect((await cherche({ q: 'boulanger' })).suggestion).toBeNull();
  });

  it('offers no correction that finds nothing either (its word only in offers the reader cannot see)', async () => {
    const r = await cherche({ q: 'feronnier' });
    expect(r.total).toBe(0);
    expect(r.suggestion).toBeNull();
    expect(r.corrigee).toBe(false);
  });

  it('ranks the exact certification first for a diploma name', async () => {
    const r = await cherche({ q: 'BTS management commercial opérationnel' });
    expect(r.formations[0]!.cle_externe).toBe('BTS-MCO-LYON');
    const b = await cherche({ q: 'CAP boulanger' });
    expect(b.formations.map((f) => f.intitule).slice(0, 2)).toEqual(['CAP Boulanger', 'CAP Boulanger']);
  });

  it('sorts by distance from the commune, a place without coordinates at its commune centre', async () => {
    const r = await cherche({ q: 'boulanger', ou: 'Nantes', rayon_km: 100, tri: 'distance' });
    expect(cles(r.formations)).toEqual(['CAP-BOUL-NANTES', 'MC-BOUL-REZE', 'CAP-BOUL-ANGERS']);
    expect(r.distances.get(ids.get('CAP-BOUL-NANTES')!)).toBe(0);
    expect(r.distances.get(ids.get('CAP-BOUL-ANGERS')!)).toBeGreaterThan(70);
  });

  it('tells an unknown place, and offers the communes a postal code covers', async () => {
    const r = await cherche({ ou: 'Trifouilly-les-Oies' });
    expect(r.lieuInconnu).toBe(true);
    expect(r.formations).toEqual([]);
    expect(r.lieuxProches).toEqual([]);
    // A misspelt name is never searched silently: nothing found, the nearest names offered.
    const nants = await cherche({ q: 'boulanger', ou: 'nants' });
    expect([nants.lieuInconnu, nants.total, nants.lieu]).toEqual([true, 0, null]);
    expect(nants.lieuxProches.map((l) => l.nom)).toEqual(['Nantes']);
    expect((await cherche({ ou: 'Lyon' })).lieu).toMatchObject({ code_insee: '69123', nom: 'Lyon' });
  });

  it('counts facets, filters on them, and pages', async () => {
    const r = await cherche({ q: 'CAP' });
    expect(r.facettes.niveau).toEqual([{ valeur: '3', nombre: 4 }]);
    expect(r.facettes.type_diplome).toEqual([{ valeur: 'CAP', nombre: 4 }]);
    const bts = await cherche({ facettes: { type_diplome: 'BTS' } });
    expect(new Set(cles(bts.formations))).toEqual(new Set(['BTS-MCO-LYON', 'BTS-CG-LAVAL']));
    // The facet being filtered still counts every value (the others are one click away).
    expect(bts.facettes.type_diplome.find((c) => c.valeur === 'CAP')?.nombre).toBe(4);
    expect((await cherche({ facettes: { region: '52' } })).total).toBe(6);
    expect((await cherche({ facettes: { modalite: 'apprentissage' } })).total).toBe(10);
    const p2 = await cherche({ taille: 4, page: 3 });
    expect([p2.total, p2.page, p2.pages, p2.formations.length]).toEqual([11, 3, 3, 3]);
  });

  it('does not announce a past start date as upcoming', async () => {
    const r = await cherche({ q: 'coiffure' });
    expect(r.prochainDebut.get(ids.get('CAP-COIFFURE-NEVERS')!)).toBeUndefined();
    const b = await cherche({ q: 'CAP boulanger', tri: 'debut' });
    expect(b.prochainDebut.get(b.formations[0]!.id)).toBe('2027-09-06');
  });

  it('keeps the index current in the writing transaction', async () => {
    const id = ids.get('BTS-CG-LAVAL')!;
    await t.ctx.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('formation')
          .set({ intitule: 'BTS Comptabilité et gestion — horticulture' })
          .where('id', '=', id)
          .execute();
        const r = await rechercher(trx, ANONYME, { q: 'horticulture', taille: 10, aujourdhui: AUJOURDHUI });
        expect(cles(r.formations)).toEqual(['BTS-CG-LAVAL']);
        // An organisme renamed: its formations are found by the new name.
        await trx
          .updateTable('organisme')
          .set({ raison_sociale: 'Institut Jardinier' })
          .where('siret', '=', '55210055400013')
          .execute();
        const o = await rechercher(trx, ANONYME, { q: 'jardinier', taille: 10, aujourdhui: AUJOURDHUI });
        expect(new Set(cles(o.formations))).toEqual(new Set(['TECH-MAINT-PARIS', 'CAP-PATISSIER-LYON']));
        throw new Error('rollback');
      })
      .catch((e) => expect((e as Error).message).toBe('rollback'));
    expect((await cherche({ q: 'horticulture' })).total).toBe(0);
  });

  it('does not rewrite an index row that would not change, and keeps start dates sorted', async () => {
    const id = ids.get('BTS-CG-LAVAL')!;
    const ligne = async () =>
      (
        await sql<{
          version: string;
          debuts: string[];
        }>`select xmin::text as version, debuts_tous::text[] as debuts
          from formation_recherche where formation_id = ${id}`.execute(t.ctx.db)
      ).rows[0]!;
    const avant = await ligne();
    await sql`select recherche_indexer(array[${id}]::text[])`.execute(t.ctx.db);
    expect((await ligne()).version).toBe(avant.version);
    // A session starting before the others: the row is rewritten, its dates still in order.
    const session = await t.ctx.db
      .selectFrom('session')
      .select(['id', 'debut'])
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('session').set({ debut: '2020-01-06' }).where('id', '=', session.id).execute();
    const apres = await ligne();
    expect(apres.version).not.toBe(avant.version);
    expect(apres.debuts[0]).toBe('2020-01-06');
    expect([...apres.debuts].sort()).toEqual(apres.debuts);
    await t.ctx.db
      .updateTable('session')
      .set({ debut: session.debut })
      .where('id', '=', session.id)
      .execute();
  });
});

describe('the facet tokens (migration 0710)', () => {
  it('are small integers whose facet is id % 16, a new value added in the writing transaction', async () => {
    const { rows } = await sql<{ faux: number; n: number }>`select
      count(*) filter (where id % 16 <> recherche_facette_no(jeton))::int as faux, count(*)::int as n
      from recherche_jeton`.execute(t.ctx.db);
    expect(rows[0]!.faux).toBe(0);
    expect(rows[0]!.n).toBeGreaterThan(10);
    const id = ids.get('BTS-CG-LAVAL')!;
    await t.ctx.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('session')
          .set({ debut: '2031-09-01' })
          .where('formation_id', '=', id)
          .where('etat_recrutement', '<>', 'ferme')
          .execute();
        const r = await rechercher(trx, ANONYME, {
          q: 'comptabilité',
          taille: 20,
          publicSeulement: true,
          aujourdhui: AUJOURDHUI,
        });
        expect(r.facettes.rentree).toContainEqual({ valeur: '2031', nombre: 1 });
        const f = await rechercher(trx, ANONYME, {
          taille: 20,
          publicSeulement: true,
          aujourdhui: AUJOURDHUI,
          facettes: { rentree: 2031 },
        });
        expect(cles(f.formations)).toEqual(['BTS-CG-LAVAL']);
        throw new Error('rollback');
      })
      .catch((e: Error) => {
        if (e.message !== 'rollback') throw e;
      });
  });

  it('match nothing for a value never indexed, and still count the other values of its facet', async () => {
    const r = await cherche({ facettes: { departement: '2A' } });
    expect(r.total).toBe(0);
    expect(r.formations).toEqual([]);
    const tous = await cherche({});
    expect(tous.facettes.departement.length).toBeGreaterThan(3);
    expect(r.facettes.departement).toEqual(tous.facettes.departement);
  });
});

describe('GET /api/v1/formations with the search', () => {
  const get = async (qs: string, key?: string) => {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations?${qs}`,
      headers: key ? { authorization: `Bearer ${key}` } : {},
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      data: { cle_externe: string }[];
      total?: number;
      suggestion?: string | null;
      next_cursor: string | null;
    };
  };

  it('searches q with typos and returns the total and the correction', async () => {
    const r = await get('q=boulangr');
    expect(new Set(r.data.map((f) => f.cle_externe))).toEqual(
      new Set(['CAP-BOUL-NANTES', 'CAP-BOUL-ANGERS', 'MC-BOUL-REZE']),
    );
    expect(r.total).toBe(3);
    expect(r.suggestion).toBe('boulanger');
    // Partners (read keys) also get the offers whose recruitment is closed: the Nevers one.
    const partenaire = await get('q=boulangr', t.keys.read);
    expect(partenaire.data.map((f) => f.cle_externe)).toContain('CAP-BOUL-NEVERS-FERME');
    expect(partenaire.total).toBe(4);
  });

  it('takes a city code for its arrondissements, and a radius around a commune centre', async () => {
    const lyon = await get('code_insee=69123');
    expect(new Set(lyon.data.map((f) => f.cle_externe))).toEqual(
      new Set(['BTS-MCO-LYON', 'CAP-PATISSIER-LYON']),
    );
    const nantes = await get('code_insee=44109&rayon_km=10&tri=distance');
    expect(nantes.data.map((f) => f.cle_externe)).toEqual([
      'CAP-BOUL-NANTES',
      'MC-BOUL-REZE',
      'LP-MANAGEMENT-NANTES',
    ]);
  });

  it('pages a search with the opaque cursor', async () => {
    const p1 = await get('q=CAP&limit=3');
    expect([p1.total, p1.data.length]).toEqual([4, 3]);
    const p2 = await get(`q=CAP&limit=3&cursor=${p1.next_cursor}`);
    expect(p2.data).toHaveLength(1);
    expect(p2.next_cursor).toBeNull();
  });

  it('finds a place entered without coordinates by lat/lon/rayon_km (its commune centre)', async () => {
    const r = await get('lat=47.1833&lon=-1.55&rayon_km=2');
    expect(r.data.map((f) => f.cle_externe)).toEqual(['MC-BOUL-REZE']);
  });

  it('suggests communes for the "Où ?" field by name or postal code prefix', async () => {
    const noms = async (q: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/communes?q=${encodeURIComponent(q)}` })).json() as {
        nom: string;
        code_postal: string;
      }[];
    expect(await noms('nan')).toEqual([{ code_insee: '44109', nom: 'Nantes', code_postal: '44000' }]);
    expect((await noms('saint herb')).map((c) => c.nom)).toEqual(['Saint-Herblain']);
    expect((await noms('44')).map((c) => c.code_postal).sort()).toEqual(['44000', '44400', '44800']);
    const court = await t.app.inject({ method: 'GET', url: '/api/v1/communes?q=n' });
    expect(court.statusCode).toBe(400);
  });
});

describe('the search page reads its address leniently', () => {
  const trouvees = async (qs: string) => {
    const r = await t.app.inject({ method: 'GET', url: `/?${qs}` });
    expect(r.statusCode).toBe(200);
    return new Set([...r.body.matchAll(/href="\/formations\/([^"?#]+)"/g)].map((m) => m[1]));
  };

  // A type is open data, not a list: one no formation of the search has is said on its field
  // since 03/12 (a tester's report: it was dropped in silence, listing every formation).
  it('lists no formation for a type the search does not have, and says so', async () => {
    const toutes = await trouvees('q=boulanger');
    expect(toutes.size).toBe(3);
    for (const inconnu of ['type=ZZZ', 'type=00']) {
      expect(await trouvees(`q=boulanger&${inconnu}`), inconnu).toEqual(new Set());
      const r = await t.app.inject({ method: 'GET', url: `/?q=boulanger&${inconnu}` });
      expect(r.body).toContain(`Type de diplôme « ${inconnu.slice(5)} » inconnu`);
    }
    // A known value still filters.
    expect((await trouvees('type=BTS')).size).toBe(2);
    expect((await trouvees('q=boulanger&departement=49')).size).toBe(1);
    // The API refuses a région that does not exist (a consumer's typo shows at once), never an error page.
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/formations?q=boulanger&region=99' });
    expect([api.statusCode, (api.json() as { code: string }).code]).toEqual([400, 'REGION_INCONNUE']);
  });

  it('says an unknown or repeated region, departement, niveau, rentree or rayon on its field (200, a warning), and lists no formation', async () => {
    for (const [qs, champ, message] of [
      ['region=99', 'region', 'Région « 99 » inconnue : choisissez une région dans la liste.'],
      ['region=00&niveau=9', 'region', 'Région « 00 » inconnue : choisissez une région dans la liste.'],
      [
        'departement=zz',
        'departement',
        'Département « zz » inconnu : choisissez un département dans la liste.',
      ],
      [
        'departement=100',
        'departement',
        'Département « 100 » inconnu : choisissez un département dans la liste.',
      ],
      // A fresh user's report (03/12): these were dropped in silence, listing every formation.
      [
        'departement=20',
        'departement',
        'Département « 20 » inconnu : la Corse est 2A (Corse-du-Sud) ou 2B (Haute-Corse) ; choisissez un département dans la liste.',
      ],
      [
        'departement=%3Cscript%3E',
        'departement',
        'Département « &lt;script> » inconnu : choisissez un département dans la liste.',
      ],
      [
        'departement=53&departement=44',
        'departement',
        'Plusieurs départements demandés (53, 44) : choisissez-en un seul dans la liste.',
      ],
      ['niveau=zz', 'niveau', 'Niveau « zz » inconnu : choisissez un niveau dans la liste.'],
      ['rentree=1900', 'rentree', 'Rentrée « 1900 » inconnue : choisissez une rentrée dans la liste.'],
      ['ou=Nantes&rayon=-5', 'rayon', 'Rayon « -5 » non proposé : choisissez 10, 30, 50 ou 100 km.'],
      ['ou=Nantes&rayon=abc', 'rayon', 'Rayon « abc » non proposé : choisissez 10, 30, 50 ou 100 km.'],
    ] as const) {
      const r = await t.app.inject({ method: 'GET', url: `/?q=boulanger&${qs}` });
      expect(r.statusCode, qs).toBe(200);
      // No formation, rather than all of them as if the filter were not there.
      expect([...r.body.matchAll(/href="\/formations\//g)], qs).toEqual([]);
      expect(r.body).toContain('La recherche n’a pas été faite.');
      // The DSFR warning at the top, a link to the field; the field in its error state, with the message.
      const alerte = r.body.slice(r.body.indexOf('id="lieux-inconnus"'));
      expect(r.body.indexOf('id="lieux-inconnus"')).toBeGreaterThan(0);
      expect(r.body.indexOf('id="lieux-inconnus"')).toBeLessThan(r.body.indexOf('id="q"'));
      expect(r.body).toMatch(
        /<div class="fr-alert fr-alert--warning[^"]*" role="alert" id="lieux-inconnus">/,
      );
      expect(alerte.slice(0, alerte.indexOf('</div>'))).toContain(`href="#${champ}"`);
      expect(alerte.slice(0, alerte.indexOf('</div>'))).toContain(message);
      const groupe = r.body.slice(
        r.body.lastIndexOf(
          '<div',
          r.body.indexOf(`<select class="fr-select fr-select--error" id="${champ}"`),
        ),
      );
      // The radius group also keeps its spacing class (fr-mb-3w: « Commune retenue » under it).
      const classes = /^<div class="([^"]*)">/.exec(groupe)?.[1]?.split(' ') ?? [];
      expect(classes, qs).toEqual(expect.arrayContaining(['fr-select-group', 'fr-select-group--error']));
      expect(groupe.slice(0, groupe.indexOf('</div>'))).toContain(
        `<p class="fr-error-text" id="${champ}-erreur">${message}</p>`,
      );
      expect(groupe).toContain(`aria-describedby="${champ}-erreur"`);
      // The refused value is named by the error, not offered as if it were a choice of the list.
      const select = groupe.slice(0, groupe.indexOf('</select>'));
      expect(select, qs).not.toMatch(/value="(zz|1900|-5|abc|20|&lt;script>)"/);
      expect(select, qs).not.toContain('(0 résultat)');
      expect(r.body).toContain('<title>Erreur : ');
    }
    // The other place filter keeps working beside it; the known one alone still filters.
    expect((await trouvees('q=boulanger&departement=49')).size).toBe(1);
  });
});

describe('found by search engines', () => {
  it('lists every public formation page in sitemap.xml, never a closed or unpublished one', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/sitemap.xml' });
    expect(r.headers['content-type']).toContain('application/xml');
    const locs = [...r.body.matchAll(/<loc>[^<]*\/formations\/([^<]+)<\/loc>/g)].map((m) => m[1]);
    const publiques = [...ids.entries()].filter(([cle]) => !/FERME|BROUILLON/.test(cle)).map(([, id]) => id);
    expect(new Set(locs)).toEqual(new Set(publiques));
    const robots = await t.app.inject({ method: 'GET', url: '/robots.txt' });
    expect(robots.body).toMatch(/^Sitemap: https?:\/\/\S+\/sitemap\.xml$/m);
    expect(robots.body).toContain('Disallow: /api/');
  });

  it('gives a formation page its canonical address and schema.org Course JSON-LD', async () => {
    const id = ids.get('CAP-BOUL-NANTES')!;
    const html = (await t.app.inject({ method: 'GET', url: `/formations/${id}` })).body;
    expect(html).toMatch(new RegExp(`<link rel="canonical" href="https?://[^"]+/formations/${id}"/>`));
    // A family finds the place on a map, and whether the offer is on Parcoursup / Affelnet.
    expect(html).toContain(
      'href="https://www.openstreetmap.org/?mlat=47.2184&amp;mlon=-1.5536#map=16/47.2184/-1.5536"',
    );
    expect(html).toMatch(/Sur Parcoursup<\/dt><dd[^>]*>non</);
    const reze = (await t.app.inject({ method: 'GET', url: `/formations/${ids.get('MC-BOUL-REZE')}` })).body;
    expect(reze).toContain('href="https://www.openstreetmap.org/search?query=44400+Rez%C3%A9"');
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    const ld = JSON.parse(json!);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Course',
      name: 'CAP Boulanger',
      courseCode: 'RNCP37537',
      provider: { '@type': 'Organization', name: 'CFA de l’Ouest' },
      hasCourseInstance: [
        {
          '@type': 'CourseInstance',
          startDate: '2027-09-06',
          location: { address: { postalCode: '44000', addressLocality: 'Nantes', addressCountry: 'FR' } },
        },
      ],
    });
  });
});

describe('what an anonymous reader does not get', () => {
  it('gives the sessions’ bilans to a writing key, never to an anonymous reader or a read key (API, feed, search)', async () => {
    const id = ids.get('CAP-BOUL-NANTES')!;
    type F = { sessions: { bilans?: unknown[] }[] };
    const get = async (url: string, key?: string) =>
      (
        await t.app.inject({ method: 'GET', url, headers: key ? { authorization: `Bearer ${key}` } : {} })
      ).json();
    const bilans = (f: F) => f.sessions.flatMap((s) => s.bilans ?? []);
    expect(bilans(await get(`/api/v1/formations/${id}`))).toEqual([]);
    expect(bilans(await get(`/api/v1/formations/${id}`, t.keys.read))).toEqual([]);
    expect(bilans(await get(`/api/v1/formations/${id}`, t.keys.admin))).toHaveLength(1);
    const liste = (await get('/api/v1/formations?limit=100')).data as F[];
    expect(liste.flatMap(bilans)).toEqual([]);
    const recherche = (await get('/api/v1/formations?q=boulanger')).data as F[];
    expect(recherche.flatMap(bilans)).toEqual([]);
    expect(
      ((await get('/api/v1/formations?q=boulanger', t.keys.admin)).data as F[]).flatMap(bilans).length,
    ).toBeGreaterThan(0);
    const flux = (await get('/api/v1/changes?limit=1000')).data as { formation: F | null }[];
    expect(flux.flatMap((e) => (e.formation ? bilans(e.formation) : []))).toEqual([]);
  });
});
