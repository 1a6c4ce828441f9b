import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAudit } from '../../src/db/audit.repository.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { addLimites } from '../../src/db/limite.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { bearer, setCatalogue } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../helpers/formations.ts';
import { loadFixture } from '../recherche/fixtures.ts';
import { tmp } from '../referentiels/helpers.ts';

// Both public read caches (the anonymous search page, the public API) under the public-data version
// (migration 0910): each kind of write a public reader can see empties them at its commit (the
// next answer is a miss, with the new content), and the writes no public reader sees leave them
// (the next answer is a hit). On PostgreSQL the version is the database's own: other databases of
// the server (the other test files) no longer move it, so a hit is expected at once.

let t: TestWeb;
let ids: Map<string, string>;
let cleEcriture: string;
let cleAdmin: string;
let identifiants: { email: string; motDePasse: string };
const systeme = SYSTEME('test-cache-version');
let jour = new Date('2025-08-30T10:00:00Z');

beforeAll(async () => {
  t = await testWeb({ now: () => jour });
  ids = await loadFixture(t.ctx);
  await upsertOrganismes(
    t.ctx.db,
    [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: null, nda: null }],
    t.ctx.now(),
    { remplacer: false },
  );
  cleEcriture = (await createApiKey(t.ctx, { name: 'cache version', scope: 'write', siren: SIREN_A })).key;
  cleAdmin = (await createApiKey(t.ctx, { name: 'cache version admin', scope: 'admin' })).key;
  const c = await compte(t, { email: 'lecteur@cache-version.test', role: 'prescripteur' });
  identifiants = { email: c.email, motDePasse: c.motDePasse };
});
afterAll(() => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const api = (method: 'POST' | 'PUT', url: string, cle: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(cle), ...(payload ? { payload } : {}) });

/** Reads each URL twice: the second read must come from the cache. */
async function enCache(...urls: string[]) {
  for (const url of urls) {
    expect((await get(url)).statusCode, url).toBe(200);
    expect((await get(url)).headers['x-offre-cache'], url).toBe('hit');
  }
}
/** The next read of `url`: computed again (a miss), returned for its content. */
async function recalculee(url: string) {
  const r = await get(url);
  expect(r.headers['x-offre-cache'], url).toBe('miss');
  return r;
}

const id = (cle: string) => ids.get(cle)!;

describe('public writes empty both caches at their commit', () => {
  it('a formation created, changed and validated through the API', async () => {
    const page = '/?q=soudure';
    const liste = '/api/v1/formations?q=soudure';
    await enCache(page, liste);
    const cree = await api('POST', '/api/v1/formations', cleEcriture, {
      ...formationFixture({ cle_externe: 'CV-SOUDURE', intitule: 'Soudure à l’arc' }),
    });
    expect(cree.statusCode, cree.body).toBe(201);
    const nouvel = cree.json().id as string;
    for (const [etape, cle] of [
      ['publier', cleEcriture],
      ['valider', cleAdmin],
    ] as const)
      expect((await api('POST', `/api/v1/formations/${nouvel}/${etape}`, cle)).statusCode).toBeLessThan(300);
    await setCatalogue(t.ctx, nouvel, 'general');
    expect((await recalculee(page)).body).toContain('Soudure à l’arc');
    expect((await recalculee(liste)).json().data.map((f: { id: string }) => f.id)).toContain(nouvel);

    // A change of a published formation: a revision, then its validation, which diffuses it.
    const detail = `/api/v1/formations/${nouvel}`;
    await enCache(page, detail);
    const change = await api('PUT', detail, cleEcriture, {
      ...formationFixture({ cle_externe: 'CV-SOUDURE', intitule: 'Soudure à l’arc et au chalumeau' }),
    });
    expect(change.statusCode, change.body).toBe(200);
    await recalculee(detail);
    await enCache(page, detail);
    expect((await api('POST', `${detail}/valider`, cleAdmin)).statusCode).toBeLessThan(300);
    expect((await recalculee(page)).body).toContain('Soudure à l’arc et au chalumeau');
    expect((await recalculee(detail)).json().intitule).toBe('Soudure à l’arc et au chalumeau');
  });

  it('an organisme renamed (as the SIRENE reference import writes it)', async () => {
    const page = '/?q=coiffure';
    const detail = `/api/v1/formations/${id('CAP-COIFFURE-NEVERS')}`;
    await enCache(page, detail);
    await upsertOrganismes(
      t.ctx.db,
      [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: 'CFA du Nivernais', nda: null }],
      t.ctx.now(),
      { remplacer: true },
    );
    expect((await recalculee(page)).body).toContain('CFA du Nivernais');
    expect((await recalculee(detail)).body).toContain('CFA du Nivernais');
  });

  it('a certification’s title changed by an RNCP import', async () => {
    const page = '/?q=vendeur';
    const detail = `/api/v1/formations/${id('TP-VENDEUR-LAVAL')}`;
    await enCache(page, detail);
    expect((await get(page)).body).toContain('Vendeur conseil en magasin');
    const fichier = join(tmp(), 'fiches.xml');
    writeFileSync(
      fichier,
      `<?xml version="1.0" encoding="UTF-8"?>
<FICHES><VERSION_FLUX>4.1</VERSION_FLUX><FICHE>
  <NUMERO_FICHE>RNCP37098</NUMERO_FICHE>
  <INTITULE>Vendeur conseil en magasin et en ligne</INTITULE>
  <ACTIF>Oui</ACTIF><ETAT_FICHE>Publiée</ETAT_FICHE>
  <NOMENCLATURE_EUROPE><NIVEAU>NIV4</NIVEAU><INTITULE>Niveau 4</INTITULE></NOMENCLATURE_EUROPE>
  <ABREGE><CODE>TP</CODE><LIBELLE>Titre professionnel</LIBELLE></ABREGE>
  <TYPE_ENREGISTREMENT>Enregistrement de droit</TYPE_ENREGISTREMENT>
  <DATE_DECISION>01/09/2021</DATE_DECISION><DATE_FIN_ENREGISTREMENT>31/08/2030</DATE_FIN_ENREGISTREMENT>
  <SI_JURY_CA><ACTIF>Oui</ACTIF></SI_JURY_CA>
</FICHE></FICHES>`,
    );
    const imp = await importReferentiel(t.ctx, { kind: 'rncp', fichier, force: true });
    expect(imp.diff?.certification?.modifications).toBe(1);
    // The import controls the offer again: this fixture formation (put in the Catalogue général
    // by hand) leaves it, which the public sees at once.
    expect((await recalculee(detail)).statusCode).toBe(404);
    expect((await recalculee(page)).body).not.toContain('Vendeur conseil en magasin');
  });

  it('a formation archived through the API', async () => {
    const page = '/?q=comptabilit%C3%A9';
    const detail = `/api/v1/formations/${id('BTS-CG-LAVAL')}`;
    await enCache(page, detail);
    expect((await api('POST', `${detail}/archiver`, cleEcriture)).statusCode).toBeLessThan(300);
    expect((await recalculee(page)).body).not.toContain('BTS Comptabilité et gestion');
    expect((await recalculee(detail)).statusCode).toBe(404);
  });

  it('a formation deleted through the API (by an administrator: an organisme archives a published offer)', async () => {
    const page = '/?q=maintenance';
    const detail = `/api/v1/formations/${id('BACPRO-MSPC-MARSEILLE')}`;
    await enCache(page, detail);
    expect((await api('POST', `${detail}/supprimer`, cleAdmin)).statusCode).toBeLessThan(300);
    expect((await recalculee(page)).body).not.toContain('Maintenance des systèmes de production');
    expect((await recalculee(detail)).statusCode).toBe(404);
  });

  it('a bulk LHEO import', async () => {
    const page = '/?q=boulanger';
    const detail = `/api/v1/formations/${id('CAP-BOUL-NANTES')}`;
    await enCache(page, detail);
    const avant = (await get(page)).body;
    const exp = await openLheoExport(t.ctx.db, systeme, {}, new Date());
    const parts: string[] = [];
    for await (const c of exp.chunks) parts.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
    const xml = parts
      .join('')
      .replaceAll('<intitule-formation>CAP Boulanger<', '<intitule-formation>CAP Boulanger (lot)<');
    expect(xml).toContain('CAP Boulanger (lot)');
    const r = await importLheo(t.ctx, systeme, Readable.from([xml]), { writePath: 'bulk' });
    expect(r.formations.mises_a_jour).toBeGreaterThan(0);
    // The import writes the new titles and controls the offers again: these fixture formations
    // (put in the Catalogue général by hand) leave it; either way the cached answers are gone.
    const apres = await recalculee(detail);
    if (apres.statusCode === 200) expect(apres.json().intitule).toBe('CAP Boulanger (lot)');
    else expect(apres.statusCode).toBe(404);
    expect((await recalculee(page)).body).not.toBe(avant);
  });
});

describe('the API cache and the day', () => {
  it('computes an API answer again when the day changes, without any write', async () => {
    const liste = '/api/v1/formations?q=coiffure';
    await enCache(liste);
    jour = new Date('2025-09-02T10:00:00Z');
    try {
      await recalculee(liste);
      expect((await get(liste)).headers['x-offre-cache']).toBe('hit');
    } finally {
      jour = new Date('2025-08-30T10:00:00Z');
    }
    expect((await get(liste)).headers['x-offre-cache']).toBe('hit');
  });
});

describe('writes no public reader sees leave both caches as they are', () => {
  it('API quota sync, a sign-in, a security-journal entry, an API key created', async () => {
    const page = '/?q=boulanger&tri=debut';
    const liste = '/api/v1/formations?limit=3';
    await enCache(page, liste);
    const ecritures: [string, () => Promise<unknown>][] = [
      ['quotas', () => addLimites(t.ctx.db, [{ cle: 'api:lecture:127.0.0.1', n: 40 }], t.ctx.now(), 60_000)],
      [
        'connexion',
        async () => {
          const n = new Navigateur(t.app);
          expect((await n.seConnecter(identifiants.email, identifiants.motDePasse)).statusCode).toBe(303);
        },
      ],
      [
        'journal',
        () =>
          insertAudit(t.ctx.db, [
            {
              at: t.ctx.now(),
              evenement: 'connexion_echec',
              acteur: null,
              ip: '127.0.0.1',
              cible: null,
              details: {},
            },
          ]),
      ],
      ['clé', () => createApiKey(t.ctx, { name: 'une de plus', scope: 'read' })],
    ];
    for (const [quoi, ecrire] of ecritures) {
      await ecrire();
      for (const url of [page, liste])
        expect((await get(url)).headers['x-offre-cache'], `${quoi} ${url}`).toBe('hit');
    }
  });
});
