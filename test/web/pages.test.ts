import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { texte } from '../auth/web.helpers.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
let app: FastifyInstance;
let hidden: string;
beforeAll(async () => {
  database = await testDatabase();
  const ctx = { db: database.db, engine: database.engine, now: () => new Date('2026-11-24T10:00:00Z') };
  await loadDemo(ctx, { formations: 150, seed: 42 });
  // One diffused formation whose recruitment closes everywhere: the public must no longer see it.
  hidden = (await diffusees())[0]!.id;
  await sql`update session set etat_recrutement = 'ferme' where formation_id = ${hidden}`.execute(
    database.db,
  );
  app = await buildApp(ctx);
});
afterAll(async () => {
  await app?.close();
  await database.close();
});

/** What the public should see, straight from the tables. */
async function diffusees(q = '') {
  const { rows } = await sql<{ id: string; intitule: string }>`select id, intitule from formation f
    where statut = 'publiee' and catalogue = 'general' and unaccent(intitule) ilike unaccent(${`%${q}%`})
      and exists (select 1 from session s where s.formation_id = f.id and not s.archivee and s.etat_recrutement <> 'ferme')
    order by id`.execute(database.db);
  return rows;
}

const get = (url: string) => app.inject({ method: 'GET', url });
const links = (html: string) =>
  [...html.matchAll(/href="\/formations\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!));
const next = (html: string) => /href="([^"]+)"[^>]*>\s*Page suivante/.exec(html)?.[1]?.replace(/&amp;/g, '&');

async function allPages(url: string) {
  const seen: string[] = [];
  let pages = 0;
  for (let u: string | undefined = url; u; pages++) {
    const r = await get(u);
    expect(r.statusCode).toBe(200);
    seen.push(...links(r.body));
    u = next(r.body);
  }
  return { seen, pages };
}

describe('home page', () => {
  it('renders the DSFR frame in French with a labelled search box and the first diffused formations', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toMatch(/^<!doctype html><html lang="fr"/);
    expect(r.body).toContain('href="#contenu"');
    expect(r.body).toContain('République<br/>française');
    expect(r.body).toMatch(/<label class="fr-label" for="q">Rechercher une formation</);
    expect(r.body).toContain('href="/dsfr/dsfr.min.css"');
    const expected = (await diffusees()).slice(0, 20);
    expect(links(r.body)).toEqual(expected.map((f) => f.id));
    expect(r.body).toContain(expected[0]!.intitule);
    expect(next(r.body)).toBeTruthy();
  });

  it('pages through every publicly shown formation once, never the closed one', async () => {
    const { seen, pages } = await allPages('/');
    const expected = (await diffusees()).map((f) => f.id);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 20));
    expect(seen).not.toContain(hidden);
  });

  it('searches the titles, accents aside, and keeps the words in the paging links', async () => {
    const { seen } = await allPages('/?q=metiers');
    const expected = (await diffusees('metiers')).map((f) => f.id);
    expect(expected.length).toBeGreaterThan(0);
    // Full text also finds the word in certification titles and organismes: the titles are a subset.
    expect(seen).toEqual(expect.arrayContaining(expected));
    expect(new Set(seen).size).toBe(seen.length);
    const r = await get('/?q=zzzz-introuvable');
    expect(r.body).toContain('Aucune formation ne correspond à votre recherche.');
    expect((await get('/recherche?q=cap')).headers.location).toBe('/?q=cap');
  });

  it('reads a damaged search address leniently: the first page, not an error', async () => {
    const r = await get('/?page=%%%');
    expect(r.statusCode).toBe(200);
    expect(links(r.body)).toEqual((await diffusees()).slice(0, 20).map((f) => f.id));
    // A niveau or rayon not offered is said on its field since 03/12 (docs/recherche.md), escaped.
    const dit = await get('/?page=%%%&niveau=%3Cscript%3E&tri=n-importe&rayon=7');
    expect(dit.statusCode).toBe(200);
    expect(links(dit.body)).toEqual([]);
    expect(dit.body).toContain('Niveau « &lt;script> » inconnu');
    expect(dit.body).toContain('Rayon « 7 » non proposé');
    expect(dit.body).toContain('Tri « n-importe » inconnu');
    expect(dit.body).not.toContain('<script>');
  });

  // A fresh tester's report (03/12): these showed every formation with no word.
  it('says a bad type, type d’offre, sort or checkbox value on its field and lists no formation', async () => {
    for (const [qs, champ, message] of [
      ['type=%60', 'type', 'Type de diplôme « ` » inconnu : choisissez un type de diplôme dans la liste.'],
      ['type=ZZZ', 'type', 'Type de diplôme « ZZZ » inconnu : choisissez un type de diplôme dans la liste.'],
      [
        'modalite=x',
        'modalite',
        'Type d’offre « x » inconnu : choisissez apprentissage ou conventionne (offre conventionnée, financée).',
      ],
      ["tri='", 'tri', "Tri « ' » inconnu : choisissez pertinence, distance ou debut (date de début)."],
      [
        'ouvert=abc',
        'ouvert',
        '« Recrutement ouvert » : valeur « abc » inconnue ; 1 coche la case, 0 la décoche.',
      ],
      [
        'parcoursup=2',
        'parcoursup',
        '« Sur Parcoursup » : valeur « 2 » inconnue ; 1 coche la case, 0 la décoche.',
      ],
    ] as const) {
      const r = await get(`/?${qs}`);
      expect(r.statusCode, qs).toBe(200);
      expect(links(r.body), qs).toEqual([]);
      const page = texte(r.body);
      expect(page, qs).toContain('Aucune formation affichée : filtre à corriger');
      expect(r.body, qs).toContain(`href="#${champ}"`);
      expect(page, qs).toContain(message);
      expect(r.body, qs).toContain(`aria-describedby="${champ}-erreur"`);
    }
    // The form's own values search as before.
    const bon = await get('/?tri=debut&ouvert=1&modalite=apprentissage');
    expect(bon.body).not.toContain('lieux-inconnus');
    expect(links(bon.body).length).toBeGreaterThan(0);
  });
});

describe('a search address the page cannot follow whole (tester’s report, 03/12)', () => {
  it('says a page under 1 and shows the first, never silently', async () => {
    const r = await get('/?page=-1');
    expect(r.statusCode).toBe(200);
    expect(links(r.body)).toEqual((await diffusees()).slice(0, 20).map((f) => f.id));
    expect(texte(r.body)).toContain(
      'Page « -1 » inexistante : les pages se numérotent à partir de 1 ; la première page est affichée.',
    );
  });

  it('says a page past the last, how many there are, and shows the last with a link to its address', async () => {
    const toutes = (await diffusees()).map((f) => f.id);
    const n = Math.ceil(toutes.length / 20);
    expect(n).toBeGreaterThan(1);
    const r = await get('/?page=99999');
    expect(r.statusCode).toBe(200);
    expect(texte(r.body)).toContain(`Cette page n’existe pas : la recherche a ${n} pages.`);
    expect(r.body).toMatch(new RegExp(`<a href="/\\?page=${n}">la page ${n}</a>`));
    expect(links(r.body)).toEqual(toutes.slice((n - 1) * 20));
    // An existing page says nothing of the kind.
    expect((await get(`/?page=${n}`)).body).not.toContain('page-inexistante');
  });

  it('says a radius given without a place is not applied, and lists every formation', async () => {
    const r = await get('/?rayon=50');
    expect(r.statusCode).toBe(200);
    expect(texte(r.body)).toContain('Rayon « 50 km » sans lieu');
    expect(r.body).toContain('href="#ou"');
    expect(links(r.body)).toEqual((await diffusees()).slice(0, 20).map((f) => f.id));
    // The form's own default radius beside an empty « Où ? » (a search by words) is not warned:
    // left out with the empty fields (a redirection to the address without them).
    const formulaire = await get('/?q=&ou=&rayon=30');
    expect(formulaire.statusCode).toBe(303);
    expect(formulaire.headers.location).toBe('/');
    expect((await get('/')).body).not.toContain('rayon-sans-lieu');
  });

  it('says a sort by distance without a place is by relevance instead (was silently ignored)', async () => {
    const r = await get('/?tri=distance');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('id="tri-sans-lieu"');
    expect(texte(r.body)).toContain('Tri par distance sans lieu');
    expect(links(r.body)).toEqual((await diffusees()).slice(0, 20).map((f) => f.id));
    expect((await get('/?tri=distance&ou=Lyon')).body).not.toContain('tri-sans-lieu');
  });
});

describe('formation page', () => {
  it('shows the certification, organismes, modalités and open sessions with their places', async () => {
    const id = (await diffusees())[1]!.id;
    const f = (await get(`/api/v1/formations/${id}`)).json();
    const r = await get(`/formations/${id}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain(`<h1>${f.intitule}</h1>`);
    expect(r.body).toContain(f.certification.rncp);
    // Shown grouped for reading (« 130 025 265 00013 »), as rule messages write it; its link keeps it bare.
    expect(r.body).toContain(f.responsable.siret.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 '));
    expect(r.body).toContain(`href="/organismes/${f.responsable.siret}"`);
    expect(r.body).toContain('Contrat d’apprentissage');
    const open = f.sessions.filter((s: { etat_recrutement: string }) => s.etat_recrutement !== 'ferme');
    expect(open.length).toBeGreaterThan(0);
    for (const s of open) expect(r.body).toContain(`${s.lieu.code_postal} ${s.lieu.commune}`);
    expect((r.body.match(/<tr>/g) ?? []).length).toBe(open.length + 1);
  });

  it('answers 404 in French for a closed, an undiffused or an unknown formation', async () => {
    const { rows } = await sql<{
      id: string;
    }>`select id from formation where statut = 'brouillon' limit 1`.execute(database.db);
    for (const id of [hidden, rows[0]!.id, 'fo_inconnue']) {
      const r = await get(`/formations/${id}`);
      expect(r.statusCode).toBe(404);
      expect(r.body).toContain('Formation introuvable');
      expect(r.body).toContain('<code>INTROUVABLE</code>');
      expect(r.body).toContain('lang="fr"');
    }
    expect((await get('/nulle-part')).body).toContain('Page introuvable');
  });

  it('serves the design system from the installed package', async () => {
    const r = await get('/dsfr/dsfr.min.css');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/css');
    expect((await get('/dsfr/dsfr.module.min.js')).statusCode).toBe(200);
  });
});
