import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from './fixtures.ts';

// A withheld session (session.retenue, CONV_MARCHE_INCONNU: a conventionné session whose market is
// unknown) is diffused to no one (domain/diffusion.ts): the search must not match on its place,
// commune, dates or region (migration 0770), for the public, a `read` key or a professional; the
// professional formation page shows it, marked. PATIS-RETENUE: open in Nevers, withheld in Laval
// (rentrée 2028); COIFF-RETENUE: its only session, in Laval, withheld.

let t: TestWeb;
let ids: Map<string, string>;
let cleLecture: string;
let prescripteur: Navigateur;

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2026-11-30T10:00:00Z') });
  ids = await loadFixture(t.ctx, [
    {
      cle: 'PATIS-RETENUE',
      intitule: 'Pâtisserie fine',
      cfd: '50022136',
      lieux: [{ code_insee: '58194' }, { code_insee: '53130', debut: '2028-09-04' }],
    },
    { cle: 'COIFF-RETENUE', intitule: 'Coiffure studio', cfd: '45033608', lieux: [{ code_insee: '53130' }] },
  ]);
  // What the conformity recomputation writes for CONV_MARCHE_INCONNU (conformite.repository.ts).
  await sql`update session set retenue = true
    where commune = 'Laval' and formation_id in (${ids.get('PATIS-RETENUE')}, ${ids.get('COIFF-RETENUE')})`.execute(
    t.ctx.db,
  );
  cleLecture = (await createApiKey(t.ctx, { name: 'partenaire', scope: 'read' })).key;
  const c = await compte(t, { email: 'prescripteur@offre.test', role: 'prescripteur' });
  prescripteur = new Navigateur(t.app);
  expect((await prescripteur.seConnecter(c.email, c.motDePasse)).statusCode).toBe(303);
});
afterAll(() => t.close());

type Reponse = { data: { cle_externe: string }[]; facettes?: Record<string, { valeur: string }[]> };
const anonyme = () => new Navigateur(t.app);
const api = async (qs: string, cle?: string) => {
  const r = await t.app.inject({
    url: `/api/v1/formations?${qs}&limit=100`,
    headers: cle ? { authorization: `Bearer ${cle}` } : {},
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Reponse;
};
const cles = (r: Reponse) => r.data.map((f) => f.cle_externe);

// [query string, what must be absent, what must stay]
const RECHERCHES: [string, string[], string[]][] = [
  ['ou=Laval', ['PATIS-RETENUE', 'COIFF-RETENUE'], ['TP-VENDEUR-LAVAL']],
  ['ou=Laval&rayon_km=20', ['PATIS-RETENUE', 'COIFF-RETENUE'], ['TP-VENDEUR-LAVAL']],
  ['code_insee=53130&rayon_km=5', ['PATIS-RETENUE', 'COIFF-RETENUE'], ['BTS-CG-LAVAL']],
  ['q=laval', ['PATIS-RETENUE', 'COIFF-RETENUE'], ['BTS-CG-LAVAL']],
  ['q=patisserie&region=52', ['PATIS-RETENUE'], []],
  ['q=patisserie&departement=53', ['PATIS-RETENUE'], []],
  ['q=patisserie&ou=Nevers', [], ['PATIS-RETENUE']],
];

describe('a withheld session is out of the search', () => {
  for (const [qs, absentes, presentes] of RECHERCHES)
    it(`API ${qs}: anonymous and read key`, async () => {
      for (const cle of [undefined, cleLecture]) {
        const trouvees = cles(await api(qs, cle));
        for (const a of absentes) expect(trouvees, `${qs} ${cle ? 'clé' : 'anonyme'}`).not.toContain(a);
        for (const p of presentes) expect(trouvees, `${qs} ${cle ? 'clé' : 'anonyme'}`).toContain(p);
      }
    });

  it('the API list filters (no search) do not match on it either', async () => {
    for (const qs of [
      'code_insee=53130',
      'departement=53',
      'rentree=2028',
      'lat=48.0733&lon=-0.77&rayon_km=5',
    ])
      expect(cles(await api(qs)), qs).not.toContain('PATIS-RETENUE');
  });

  it('nor do the facets count its region, département or rentrée', async () => {
    for (const cle of [undefined, cleLecture]) {
      const r = await api('q=patisserie', cle);
      expect(cles(r)).toContain('PATIS-RETENUE');
      const valeurs = JSON.stringify(r.facettes);
      expect(valeurs).toContain('"58"');
      expect(valeurs).not.toContain('"53"');
      expect(valeurs).not.toContain('2028');
    }
  });

  it('on the public page, the search « près de Laval » and a withheld-only formation', async () => {
    const html = (await anonyme().get('/?q=patisserie&ou=Laval&rayon=20')).body;
    expect(html).not.toContain(`/formations/${ids.get('PATIS-RETENUE')}`);
    // Withheld everywhere, not shown to the public at all (for partners the conformity recomputation
    // takes such a formation out of the Catalogue général: CONV_MARCHE_INCONNU, docs/regles.md).
    expect((await anonyme().get('/?q=coiffure')).body).not.toContain(
      `/formations/${ids.get('COIFF-RETENUE')}`,
    );
    expect(cles(await api('q=coiffure'))).toEqual(['CAP-COIFFURE-NEVERS']);
    expect((await anonyme().get(`/formations/${ids.get('COIFF-RETENUE')}`)).statusCode).toBe(404);
    const page = (await anonyme().get(`/formations/${ids.get('PATIS-RETENUE')}`)).body;
    expect(page).toContain('Nevers');
    expect(page).not.toContain('Laval');
    expect(page).not.toContain('Session retenue');
  });

  it('the sitemap leaves out a formation whose only live session is withheld', async () => {
    const plan = (await anonyme().get('/sitemap.xml')).body;
    expect(plan).toContain(ids.get('PATIS-RETENUE'));
    expect(plan).not.toContain(ids.get('COIFF-RETENUE'));
  });
});

describe('a prescripteur', () => {
  it('is not led to it by the search either', async () => {
    const html = (await prescripteur.get('/?q=patisserie&ou=Laval&rayon=20')).body;
    expect(html).not.toContain(`/formations/${ids.get('PATIS-RETENUE')}`);
  });

  it('sees it marked on the formation page', async () => {
    const page = (await prescripteur.get(`/formations/${ids.get('PATIS-RETENUE')}`)).body;
    expect(page).toContain('Laval');
    // Once in the sessions' table, once in their cards for phones (formation.page.tsx: one shown by width).
    expect(page.match(/Session retenue : non diffusée/g)).toHaveLength(2);
    const seule = await prescripteur.get(`/formations/${ids.get('COIFF-RETENUE')}`);
    expect(seule.statusCode).toBe(200);
    expect(seule.body).toContain('Session retenue : non diffusée');
  });
});
