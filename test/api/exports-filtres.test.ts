import { beforeAll, describe, expect, it } from 'vitest';
import { diffuseeParApi, SIRET_A, useTestApi } from './helpers.ts';

// The exports' filters (contract ExportFiltres): a région that does not exist is refused instead
// of an empty file, and the file name says which filter made it.

const t = useTestApi();
// One diffused formation of SIRET A, in région 84: the filters below select it (a filter that
// selects nothing is 404 AUCUNE_FORMATION, test/api/parametres-refus.test.ts).
beforeAll(() => diffuseeParApi(t, 'EXPORT-NOM-1'));
const jour = () => new Date().toISOString().slice(0, 10);

describe('exports filtered by région or SIRET', () => {
  for (const format of ['csv', 'xlsx', 'lheo'])
    it(`/exports/${format}?region=99: 400 REGION_INCONNUE listing the valid codes`, async () => {
      const r = await t.app.inject({ url: `/api/v1/exports/${format}?region=99` });
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      const p = r.json();
      expect(p.code).toBe('REGION_INCONNUE');
      expect(p.erreurs).toEqual([expect.objectContaining({ champ: 'region', code: 'REGION_INCONNUE' })]);
      expect(p.detail).toContain('région « 99 » inconnue : codes INSEE valides');
      expect(p.detail).toContain('01, 02, 03, 04, 06, 11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94');
    });

  for (const format of ['csv', 'xlsx', 'lheo'])
    it(`/exports/${format}?siret=123: 400 SIRET_INVALIDE, in French, naming the parameter`, async () => {
      const r = await t.app.inject({ url: `/api/v1/exports/${format}?siret=123` });
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
      const p = r.json();
      expect(p.code).toBe('SIRET_INVALIDE');
      expect(p.erreurs).toEqual([
        {
          champ: 'siret',
          code: 'SIRET_INVALIDE',
          message: 'Le paramètre siret est invalide : SIRET de 14 chiffres attendu ; reçu : 123.',
        },
      ]);
      expect(p.detail).toBe(p.erreurs[0].message);
    });

  it('/organismes/{siret} with a malformed SIRET: 400 SIRET_INVALIDE too, in the same words', async () => {
    const r = await t.app.inject({ url: '/api/v1/organismes/12AB' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'SIRET_INVALIDE',
      erreurs: [{ champ: 'siret', code: 'SIRET_INVALIDE' }],
    });
    expect(r.json().detail).toMatch(/: SIRET de 14 chiffres attendu ; reçu : le texte « 12AB »\.$/);
  });

  it('a well-formed known région, and one with spaces around it, are accepted', async () => {
    for (const region of ['84', '%2084%20'])
      expect((await t.app.inject({ url: `/api/v1/exports/csv?region=${region}` })).statusCode).toBe(200);
  });

  it('names the file after its filters and the day', async () => {
    const nom = async (url: string) =>
      (await t.app.inject({ url })).headers['content-disposition'] as string | undefined;
    expect(await nom(`/api/v1/exports/csv?siret=%20${SIRET_A}`)).toBe(
      `attachment; filename="offre-formations-siret-${SIRET_A}-${jour()}.csv"`,
    );
    expect(await nom('/api/v1/exports/xlsx?region=84')).toBe(
      `attachment; filename="offre-formations-region-84-${jour()}.xlsx"`,
    );
    expect(await nom('/api/v1/exports/csv')).toBe(`attachment; filename="offre-formations-${jour()}.csv"`);
  });

  it('names the LHEO file after its filters', async () => {
    const r = await t.app.inject({ url: `/api/v1/exports/lheo?siret=${SIRET_A}` });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="offre-lheo-2.3-siret-${SIRET_A}-${jour()}.xml"`,
    );
  });
});
