import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { FormationInputSchema } from '../../src/domain/formation.schema.ts';
import { lheoXsdPath, validateLheo } from '../../src/formats/lheo/lheo.validator.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { testDatabase } from '../helpers/db.ts';
import { sansVersion } from '../helpers/lheo-version.ts';

// The official XSD lives in shared/reference (never copied into the project): without it, skip.
const XSD = lheoXsdPath();
/** Said in the title only when the test is skipped. */
const SANS_XSD = XSD ? '' : ' (ignoré : shared/reference/lheo absent)';

const fixture = (name: string) => new URL(`../fixtures/lheo/${name}`, import.meta.url);
const systeme = SYSTEME('test-lheo');

// Time-ordered ids: a ticking clock keeps the store's order equal to the file's order.
const ticking = () => {
  let clock = Date.UTC(2026, 0, 15);
  return () => new Date(clock++);
};

async function exportAll(ctx: AppContext, acteur: Acteur = systeme, region?: string): Promise<string> {
  const exp = await openLheoExport(ctx.db, acteur, { region }, new Date());
  let out = '';
  for await (const chunk of exp.chunks) out += chunk;
  return out;
}

let t: TestApi;
beforeAll(async () => {
  t = await testApi({ now: ticking() });
  await importLheo(t.ctx, systeme, createReadStream(fixture('offre-2.3.xml')));
  await importLheo(t.ctx, systeme, createReadStream(fixture('offre-2.2.xml')));
  const awkward = [
    {
      cle_externe: 'BIZARRE-1',
      intitule: `Intitulé « très » long & <spécial> ${'é'.repeat(250)}`,
      objectif: `Objectif avec ]]> et "guillemets" ${'o'.repeat(4000)}`,
      contenu: 'Contenu\navec\tdes\r\nretours',
      url: 'https://exemple.fr/?a=1&b=<2>',
      responsable: { siret: SIRET_A, raison_sociale: 'R'.repeat(290), nda: 'trop-court' },
      formateur: { siret: '123', raison_sociale: 'Formateur sans SIRET valide' },
      contacts: [
        {
          type: 'referent_apprentissage',
          nom: 'Nom très très long '.repeat(5),
          courriel: 'a.b+c@exemple.fr',
        },
      ],
      certification: { rncp: 'RS12', cfd: '40025214' },
      sessions: [
        {
          cle_externe: 'S-LONGUE',
          debut: '2026-09-01',
          fin: null,
          lieu: {
            adresse:
              'Bâtiment B, 12 bis avenue du Général de Gaulle, résidence des Lilas, escalier C, 3e étage, porte gauche, au fond du couloir',
            code_postal: '69003',
            commune: 'Lyon 3e Arrondissement avec un nom de commune interminable',
            lat: 45.76,
            lon: 4.85,
          },
        },
        {
          cle_externe: 'S-SANS-LIEU',
          debut: null,
          fin: null,
          etat_recrutement: 'suspendu',
          lieu: { commune: 'Quelque part' },
        },
      ],
    },
    { cle_externe: 'SANS-SESSION', intitule: 'Formation sans session', responsable: { siret: SIRET_A } },
    { cle_externe: 'MINIMALE', responsable: { siret: SIRET_A }, sessions: [{ cle_externe: 'M1' }] },
  ];
  for (const f of awkward) await saveFormation(t.ctx, systeme, FormationInputSchema.parse(f));
});
afterAll(async () => t?.close());

describe('LHEO export', () => {
  it.skipIf(!XSD)(
    `produces a document valid against the official XSD, awkward data included${SANS_XSD}`,
    async () => {
      const xml = await exportAll(t.ctx);
      const rapport = await validateLheo([xml]);
      expect(rapport.erreurs).toEqual([]);
      expect(rapport.formations).toBe(8);
      expect(xml).toContain('&amp; &lt;spécial&gt;');
    },
  );

  it('exports for the public only the diffused offer (none here) and refuses an empty file', async () => {
    await expect(exportAll(t.ctx, { kind: 'anonyme' })).rejects.toMatchObject({ code: 'AUCUNE_FORMATION' });
  });

  it('round trip: export → import into an empty store → export gives the same document', async () => {
    const first = await exportAll(t.ctx);
    const database = await testDatabase();
    try {
      const ctx2: AppContext = { db: database.db, engine: database.engine, now: ticking() };
      const report = await importLheo(ctx2, systeme, [first]);
      expect(report.formations).toEqual({ creees: 8, mises_a_jour: 0, inchangees: 0, rejetees: 0 });
      // The same document but each formation's version (another store: other ids, another instant).
      expect(sansVersion(await exportAll(ctx2)).split('\n')).toEqual(sansVersion(first).split('\n'));
    } finally {
      await database.close();
    }
  });

  it('streams through GET /api/v1/exports/lheo', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exports/lheo',
      headers: { authorization: `Bearer ${t.keys.admin}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    if (XSD) expect((await validateLheo([res.body])).erreurs).toEqual([]);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/exports/lheo' });
    expect(anonymous.statusCode).toBe(404);
    expect(anonymous.json().code).toBe('AUCUNE_FORMATION');
  });
});
