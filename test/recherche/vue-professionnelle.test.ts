import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import { loadFixture } from './fixtures.ts';

// Issue 10 item 5: what the public must not see (closed sessions, bilans, the sessions' contacts for
// prescribers), tried from every side — page and API, anonymous, `read` key, signed-in roles, and
// the read cache between them. CAP-BOUL-ANGERS has an open session and a closed one (with a contact);
// CAP-BOUL-NEVERS-FERME has only a closed one; every session has a bilan.

let t: TestWeb;
let ids: Map<string, string>;
let cleLecture: string;
const navigateurs = new Map<string, Navigateur>();

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2026-11-30T10:00:00Z') });
  ids = await loadFixture(t.ctx);
  cleLecture = (await createApiKey(t.ctx, { name: 'partenaire', scope: 'read' })).key;
  for (const role of ['prescripteur', 'gestionnaire', 'admin', 'organisme'] as const) {
    const c = await compte(t, {
      email: `${role}@offre.test`,
      role,
      ...(role === 'gestionnaire' ? { region: '52' } : {}),
      ...(role === 'organisme' ? { siren: '552100554' } : {}),
    });
    const n = new Navigateur(t.app);
    expect((await n.seConnecter(c.email, c.motDePasse)).statusCode).toBe(303);
    navigateurs.set(role, n);
  }
});
afterAll(() => t.close());

const anonyme = () => new Navigateur(t.app);
type S = { etat_recrutement: string; bilans?: unknown[]; contact?: { nom?: string } | null };
type F = { id: string; cle_externe: string; sessions: S[] };
const fermees = (fs: F[]) => fs.flatMap((f) => f.sessions).filter((s) => s.etat_recrutement === 'ferme');
const bilans = (fs: F[]) => fs.flatMap((f) => f.sessions).flatMap((s) => s.bilans ?? []);
const sessionsDuTableau = (html: string) => (html.match(/<tr>/g) ?? []).length - 1;

describe('an anonymous reader gets neither bilans nor closed sessions', () => {
  it('on the formation page and the search page', async () => {
    const page = (await anonyme().get(`/formations/${ids.get('CAP-BOUL-ANGERS')}`)).body;
    expect(sessionsDuTableau(page)).toBe(1);
    expect(page).not.toContain('Recrutement fermé');
    expect(page).not.toContain('Bilan de mi-parcours');
    expect(page).not.toContain('Claire Prescription');
    expect(page).not.toContain('Vue professionnelle');
    expect((await anonyme().get(`/formations/${ids.get('CAP-BOUL-NEVERS-FERME')}`)).statusCode).toBe(404);
    const recherche = (await anonyme().get('/?q=boulanger')).body;
    expect(recherche).toContain('3 formations trouvées');
    expect(recherche).not.toContain(ids.get('CAP-BOUL-NEVERS-FERME'));
  });

  it('through the API: one formation, the list, the search, and the detail of a closed-only one', async () => {
    const a = anonyme();
    const un = (await a.get(`/api/v1/formations/${ids.get('CAP-BOUL-ANGERS')}`)).json() as F;
    expect(un.sessions).toHaveLength(1);
    expect(un.sessions[0]).not.toHaveProperty('bilans');
    const liste = (await a.get('/api/v1/formations?limit=100')).json().data as F[];
    const recherche = (await a.get('/api/v1/formations?q=boulanger&limit=100')).json().data as F[];
    for (const fs of [liste, recherche]) {
      expect(fs.length).toBeGreaterThan(0);
      expect(fermees(fs)).toEqual([]);
      expect(bilans(fs)).toEqual([]);
      expect(fs.map((f) => f.cle_externe)).not.toContain('CAP-BOUL-NEVERS-FERME');
    }
    expect((await a.get(`/api/v1/formations/${ids.get('CAP-BOUL-NEVERS-FERME')}`)).statusCode).toBe(404);
  });
});

describe('a prescripteur gets both', () => {
  it('on the formation page: closed session, its contact, the bilans, and a closed-only formation', async () => {
    const p = navigateurs.get('prescripteur')!;
    const r = await p.get(`/formations/${ids.get('CAP-BOUL-ANGERS')}`);
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.body).toContain('Vue professionnelle');
    expect(sessionsDuTableau(r.body)).toBe(2);
    expect(r.body).toContain('Recrutement fermé');
    expect(r.body).toContain('Claire Prescription — <a href="tel:+33241000000">02 41 00 00 00</a>');
    expect(r.body).toContain('Bilan de mi-parcours');
    const ferme = await p.get(`/formations/${ids.get('CAP-BOUL-NEVERS-FERME')}`);
    expect(ferme.statusCode).toBe(200);
    expect(ferme.body).toContain('Recrutement fermé');
  });

  it('in the same search, where closed sessions count', async () => {
    const r = (await navigateurs.get('prescripteur')!.get('/?q=boulanger')).body;
    expect(r).toContain('4 formations trouvées');
    expect(r).toContain(`/formations/${ids.get('CAP-BOUL-NEVERS-FERME')}`);
  });

  it('through the API with the session', async () => {
    const p = navigateurs.get('prescripteur')!;
    const r = await p.get(`/api/v1/formations/${ids.get('CAP-BOUL-ANGERS')}`);
    expect(r.headers['cache-control']).toBe('private, no-store');
    const f = r.json() as F;
    expect(fermees([f])).toHaveLength(1);
    expect(bilans([f])).toHaveLength(2);
    const recherche = (await p.get('/api/v1/formations?q=boulanger&limit=100')).json().data as F[];
    expect(recherche.map((x) => x.cle_externe)).toContain('CAP-BOUL-NEVERS-FERME');
  });

  it('but an organisation’s session gets the public view of the others’ offers through the API', async () => {
    const o = navigateurs.get('organisme')!;
    const r = await o.get(`/api/v1/formations/${ids.get('CAP-BOUL-ANGERS')}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['cache-control']).toBe('private, no-store');
    const f = r.json() as F;
    expect(fermees([f])).toEqual([]);
    expect(bilans([f])).toEqual([]);
    expect((await o.get(`/api/v1/formations/${ids.get('CAP-BOUL-NEVERS-FERME')}`)).statusCode).toBe(404);
    const liste = (await o.get('/api/v1/formations?limit=100')).json().data as F[];
    const autres = liste.filter((x) => x.cle_externe.startsWith('CAP-BOUL'));
    expect(autres.length).toBeGreaterThan(0);
    expect(autres.map((x) => x.cle_externe)).not.toContain('CAP-BOUL-NEVERS-FERME');
    expect(fermees(autres)).toEqual([]);
    expect(bilans(autres)).toEqual([]);
    const recherche = (await o.get('/api/v1/formations?q=boulanger&limit=100')).json().data as F[];
    expect(recherche.map((x) => x.cle_externe)).not.toContain('CAP-BOUL-NEVERS-FERME');
    expect(bilans(recherche)).toEqual([]);
    // Its own offers stay whole.
    const siennes = liste.filter((x) => x.cle_externe === 'CAP-PATISSIER-LYON');
    expect(siennes).toHaveLength(1);
    expect(bilans(siennes).length).toBeGreaterThan(0);
  });

  it('as gestionnaires and administrators do, but not an organisation', async () => {
    const url = `/formations/${ids.get('CAP-BOUL-ANGERS')}`;
    for (const role of ['gestionnaire', 'admin']) {
      const html = (await navigateurs.get(role)!.get(url)).body;
      expect(html, role).toContain('Bilan de mi-parcours');
      expect(sessionsDuTableau(html), role).toBe(2);
    }
    const organisme = (await navigateurs.get('organisme')!.get(url)).body;
    expect(organisme).not.toContain('Bilan de mi-parcours');
    expect(sessionsDuTableau(organisme)).toBe(1);
    // Nor does the gestionnaire's search show what is not diffused (a draft of its région).
    const g = (await navigateurs.get('gestionnaire')!.get('/?q=boulanger')).body;
    expect(g).not.toContain(ids.get('CAP-BOUL-BROUILLON'));
  });
});

describe('a read key (partner) and the read cache', () => {
  it('gives a read key the closed sessions without bilans', async () => {
    const r = await anonyme().get(`/api/v1/formations/${ids.get('CAP-BOUL-ANGERS')}`, {
      authorization: `Bearer ${cleLecture}`,
    });
    const f = r.json() as F;
    expect(fermees([f])).toHaveLength(1);
    expect(bilans([f])).toEqual([]);
  });

  it('never serves one reader’s cached answer to another', async () => {
    const url = '/api/v1/formations?q=boulanger&limit=49';
    const lecture = { authorization: `Bearer ${cleLecture}` };
    // The partner first (closed sessions), then the public, then a prescripteur, then both again.
    const p1 = await anonyme().get(url, lecture);
    expect(p1.headers['x-offre-cache']).toBe('miss');
    const a1 = await anonyme().get(url);
    expect(a1.headers['x-offre-cache']).toBe('miss');
    const pro = await navigateurs.get('prescripteur')!.get(url);
    expect(pro.headers['x-offre-cache']).toBeUndefined();
    const a2 = await anonyme().get(url);
    const p2 = await anonyme().get(url, lecture);
    // On the shared PostgreSQL server, any transaction anywhere moves the data version (a miss);
    // the embedded database moves only with this test's writes: there, the cache path is proven.
    if (TEST_ENGINE === 'pglite')
      expect([a2.headers['x-offre-cache'], p2.headers['x-offre-cache']]).toEqual(['hit', 'hit']);
    expect(a2.headers.vary).toContain('cookie');
    for (const r of [a1, a2]) {
      expect(fermees(r.json().data)).toEqual([]);
      expect(bilans(r.json().data)).toEqual([]);
    }
    expect(fermees(p2.json().data).length).toBeGreaterThan(0);
    expect(bilans(p2.json().data)).toEqual([]);
    expect(bilans(pro.json().data).length).toBeGreaterThan(0);
    expect(a1.headers.etag).not.toBe(p1.headers.etag);
  });
});
