import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { buildApp } from '../../src/http/app.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { testDatabase } from '../helpers/db.ts';

// The public page of an organisme (/organismes/{siret}): its facts, its formations the public is
// shown (links), its référents handicap, JSON-LD EducationalOrganization; 404 for an unknown
// organisme or one without a public formation; never a formation the public is not shown.

let database: Database;
let app: FastifyInstance;
const get = (url: string) => app.inject({ method: 'GET', url });
/** The organisme whose formations the 404 test withdraws. */
let retire = '';

beforeAll(async () => {
  database = await testDatabase();
  const ctx = { db: database.db, engine: database.engine, now: () => new Date('2026-11-24T10:00:00Z') };
  await loadDemo(ctx, { formations: 120, seed: 7 });
  app = await buildApp(ctx);
});
afterAll(async () => {
  await app?.close();
  await database.close();
});

/** Ids of the formations the public is shown where `siret` is responsable or formateur, straight from the tables. */
async function publiques(siret: string) {
  const { rows } = await sql<{ id: string }>`select id from formation f
    where statut = 'publiee' and catalogue = 'general' and ${siret} in (responsable_siret, formateur_siret)
      and exists (select 1 from session s where s.formation_id = f.id and not s.archivee and not s.retenue
        and s.etat_recrutement <> 'ferme')
    order by id`.execute(database.db);
  return rows.map((r) => r.id);
}

/** SIRETs of responsables, the one with the most diffused formations first. */
async function responsables() {
  const { rows } = await sql<{ siret: string }>`select responsable_siret as siret from formation
    where statut = 'publiee' and catalogue = 'general' and responsable_siret is not null
    group by responsable_siret order by count(*) desc, responsable_siret`.execute(database.db);
  return rows.map((r) => r.siret);
}

const liens = (html: string) =>
  [...html.matchAll(/href="\/formations\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]!)).sort();

describe('the public page of an organisme', () => {
  it('shows its name, address, UAI, formations (links), référents handicap and JSON-LD', async () => {
    const [siret] = await responsables();
    const o = await database.db
      .selectFrom('organisme')
      .selectAll()
      .where('siret', '=', siret!)
      .executeTakeFirst();
    const r = await get(`/organismes/${siret}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    const nom = o?.raison_sociale ?? '';
    expect(nom).not.toBe('');
    const h1 = /<h1>([^<]*)<\/h1>/
      .exec(r.body)![1]!
      .replace(/&amp;/g, '&')
      .replace(/&#x27;|&#39;/g, "'");
    expect(h1).toBe(nom);
    // The SIRET grouped for reading, as rule messages write it (the JSON-LD below keeps it bare).
    expect(r.body).toContain(siret!.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 '));
    if (o?.uai) expect(r.body).toContain(o.uai);
    if (o?.commune) expect(r.body).toContain(o.commune);
    expect(r.body).toMatch(new RegExp(`<link rel="canonical" href="[^"]*/organismes/${siret}"`));
    expect(liens(r.body)).toEqual(await publiques(siret!));
    expect(r.body).toContain('Accessibilité et handicap');
    const ld = JSON.parse(/<script type="application\/ld\+json">([^<]*)<\/script>/.exec(r.body)![1]!);
    expect(ld).toMatchObject({ '@context': 'https://schema.org', '@type': 'EducationalOrganization' });
    expect(ld.identifier).toContainEqual({ '@type': 'PropertyValue', propertyID: 'SIRET', value: siret });
    expect(ld.hasOfferCatalog.itemListElement).toHaveLength((await publiques(siret!)).length);
  });

  it('never lists a formation the public is not shown (draft, other catalogue, recruitment closed)', async () => {
    // Three more public formations given to this organisme, then withdrawn from the public three ways.
    const siret = (await responsables())[0]!;
    const { rows: autres } = await sql<{ id: string }>`select id from formation f
      where statut = 'publiee' and catalogue = 'general' and responsable_siret <> ${siret}
        and formateur_siret is distinct from ${siret}
        and exists (select 1 from session s where s.formation_id = f.id and not s.archivee and not s.retenue
          and s.etat_recrutement <> 'ferme')
      order by id limit 3`.execute(database.db);
    const [a, b, c] = autres.map((r) => r.id);
    expect(c).toBeDefined();
    await sql`update formation set responsable_siret = ${siret} where id in (${a}, ${b}, ${c})`.execute(
      database.db,
    );
    expect(liens((await get(`/organismes/${siret}`)).body)).toEqual(expect.arrayContaining([a, b, c]));
    await sql`update formation set statut = 'brouillon' where id = ${a}`.execute(database.db);
    await sql`update formation set catalogue = 'non_reglementaire' where id = ${b}`.execute(database.db);
    await sql`update session set etat_recrutement = 'ferme' where formation_id = ${c}`.execute(database.db);
    const r = await get(`/organismes/${siret}`);
    expect(r.statusCode).toBe(200);
    const vus = liens(r.body);
    for (const id of [a, b, c]) {
      expect(vus).not.toContain(id);
      expect(r.body).not.toContain(id);
    }
    expect(vus).toEqual(await publiques(siret!));
  });

  it('answers 404 for an unknown SIRET and an organisme without a public formation, saying so', async () => {
    const dernier = (await responsables()).at(-1)!;
    retire = dernier;
    for (const id of await publiques(dernier))
      await sql`update formation set statut = 'brouillon' where id = ${id}`.execute(database.db);
    for (const siret of ['99999999999999', '73282932000075', dernier]) {
      const r = await get(`/organismes/${siret}`);
      expect(r.statusCode, siret).toBe(404);
      const lu = r.body.replace(/&#x27;|&#39;/g, "'");
      expect(lu, siret).toContain('Organisme introuvable');
      expect(lu, siret).toContain(
        `Aucun organisme n’est connu ni diffusé sous le SIRET ${siret.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ')}`,
      );
      expect(lu, siret).not.toContain('la formation n’est plus diffusée');
      expect(lu, siret).toContain('<code>INTROUVABLE</code>');
    }
  });

  it('sends a SIRET with spaces around or inside to its one address (301)', async () => {
    const [siret] = await responsables();
    const r = await get(`/organismes/%20${siret}%20`);
    expect(r.statusCode).toBe(301);
    expect(r.headers.location).toBe(`/organismes/${siret}`);
    // Written as people write it: 3 3 3 5.
    const groupes = `${siret!.slice(0, 3)}%20${siret!.slice(3, 6)}%20${siret!.slice(6, 9)}%20${siret!.slice(9)}`;
    const ecrit = await get(`/organismes/${groupes}`);
    expect(ecrit.statusCode).toBe(301);
    expect(ecrit.headers.location).toBe(`/organismes/${siret}`);
  });

  it('answers 400 for a malformed SIRET, with the one message « SIRET de 14 chiffres attendu »', async () => {
    for (const siret of ['123', 'abc', '1234567890123', '123456789012345', '7328293200007x']) {
      const r = await get(`/organismes/${siret}`);
      expect(r.statusCode, siret).toBe(400);
      expect(r.headers['content-type']).toContain('text/html');
      expect(r.body, siret).toContain('SIRET invalide');
      expect(r.body.match(/SIRET de 14 chiffres attendu/g), siret).toHaveLength(1);
      expect(r.body, siret).toContain(`« ${siret} » n’est pas un SIRET`);
      expect(r.body, siret).not.toContain('plus diffusée');
      expect(r.body, siret).toContain('<code>SIRET_INVALIDE</code>');
    }
  });

  it('is linked from the public formation page and listed in sitemap.xml', async () => {
    const [siret] = await responsables();
    const [id] = await publiques(siret!);
    const f = await get(`/formations/${encodeURIComponent(id!)}`);
    expect(f.body).toContain(`href="/organismes/${siret}"`);
    const plan = await get('/sitemap.xml');
    expect(plan.body).toContain(`/organismes/${siret}</loc>`);
    expect(retire).not.toBe('');
    expect(plan.body).not.toContain(`/organismes/${retire}</loc>`);
  });
});
