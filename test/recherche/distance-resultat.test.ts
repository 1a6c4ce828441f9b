import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppLancee, startApp } from '../browser/helpers/serveur.ts';
import { clientRecherche } from './client.ts';
import { loadFixture } from './fixtures.ts';

// The API's search results gave no distance when a place was given (h-recherche8): each result now
// carries `distance_km` (km from the place searched to its nearest session in the zone, one
// decimal, a JSON number) when the search has a zone — `ou` with `rayon_km`, or `lat`/`lon`.
// docs/api.md. Real HTTP, both engines.

let app: AppLancee;

beforeAll(async () => {
  app = await startApp();
  await loadFixture(app.ctx);
});
afterAll(() => app?.stop());

const { get } = clientRecherche(() => app.base);
type Resultat = { cle_externe: string; distance_km?: unknown };
const data = async (params: Record<string, string>) =>
  ((await (await get(`/api/v1/formations?${new URLSearchParams(params)}`)).json()) as { data: Resultat[] })
    .data;

describe('the distance of each result from the place searched', () => {
  it('is given, in km with one decimal, around a commune (ou + rayon_km)', async () => {
    const r = await data({ q: 'boulanger', ou: 'Nantes', rayon_km: '100', tri: 'distance' });
    expect(r.map((f) => f.cle_externe)).toEqual(['CAP-BOUL-NANTES', 'MC-BOUL-REZE', 'CAP-BOUL-ANGERS']);
    for (const f of r) {
      expect(typeof f.distance_km, f.cle_externe).toBe('number');
      expect(Math.round((f.distance_km as number) * 10) / 10).toBe(f.distance_km);
    }
    const [nantes, , angers] = r.map((f) => f.distance_km as number);
    expect(nantes).toBeLessThan(5);
    expect(angers).toBeGreaterThan(70);
    expect(angers).toBeLessThan(100);
  });

  it('is given around a point (lat, lon)', async () => {
    const r = await data({ q: 'boulanger', lat: '47.2184', lon: '-1.5536', rayon_km: '100' });
    expect(r.length).toBe(3);
    expect(r.every((f) => typeof f.distance_km === 'number')).toBe(true);
  });

  it('is absent without a place, and in a commune searched alone or a département', async () => {
    const recherches: Record<string, string>[] = [
      { q: 'boulanger' },
      { q: 'boulanger', ou: 'Nantes' },
      { q: 'boulanger', ou: '44' },
    ];
    for (const params of recherches) {
      const r = await data(params);
      expect(r.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(
        r.some((f) => 'distance_km' in f),
        JSON.stringify(params),
      ).toBe(false);
    }
  });
});
