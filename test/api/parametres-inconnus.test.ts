import { describe, expect, it } from 'vitest';
import { useTestApi } from './helpers.ts';

// An operator's report: `/api/v1/formations?regoin=52` (a typo of `region`) answered 200 with the
// whole catalogue. A query parameter the route's contract does not declare is refused instead.

const t = useTestApi();
const get = (url: string) => t.app.inject({ url });

describe('unknown query parameters on /api/v1', () => {
  it('?regoin=52 is refused, names the parameter, suggests region, lists the accepted ones', async () => {
    const r = await get('/api/v1/formations?regoin=52');
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p).toMatchObject({ code: 'PARAMETRE_INCONNU', status: 400, champ: 'regoin' });
    expect(p.detail).toMatch(/^Paramètre « regoin » inconnu\. Vouliez-vous dire « region » \? /);
    expect(p.detail).toContain('Paramètres acceptés : ');
    expect(p.parametres_acceptes).toEqual(expect.arrayContaining(['region', 'limit', 'cursor', 'q']));
  });

  it('on every kind of route, without suggesting something far off', async () => {
    const c = (await get('/api/v1/changes?sinse=2026-01-01T00:00:00Z')).json();
    expect(c).toMatchObject({ code: 'PARAMETRE_INCONNU', champ: 'sinse' });
    expect(c.detail).toContain('« since » ?');
    const z = (await get('/api/v1/communes?q=Lyon&zzzzzzzz=1')).json();
    expect(z).toMatchObject({ code: 'PARAMETRE_INCONNU', champ: 'zzzzzzzz' });
    expect(z.detail).not.toContain('Vouliez-vous dire');
    // A route that takes no query parameter says so.
    const m = (await get('/api/v1/sante?x=1')).json();
    expect(m).toMatchObject({ code: 'PARAMETRE_INCONNU', champ: 'x' });
    expect(m.detail).toBe('Paramètre « x » inconnu : cette route n’accepte aucun paramètre de requête.');
  });

  it('the declared parameters still work', async () => {
    expect((await get('/api/v1/formations?region=52&limit=5')).statusCode).toBe(200);
    expect((await get('/api/v1/communes?q=Lyon')).statusCode).toBe(200);
    expect((await get('/api/v1/changes?limit=5')).statusCode).toBe(200);
  });
});
