import { describe, expect, it } from 'vitest';
import { useTestApi } from '../api/helpers.ts';

// The router's own refusals (before any route or hook) on the pages: the same French DSFR error
// page as every other refusal, never Fastify's English JSON (issue 15, hostile inputs).
describe('router refusals on the pages', () => {
  const t = useTestApi();

  it('a malformed % escape gets the pages’ error page in French', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/formations/%E0%A4%A' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('class="fr-header"');
    expect(r.body).toContain('Demande invalide');
    expect(r.body).toContain('échappement « % » invalide');
    expect(r.body).not.toMatch(/FST_|Bad Request|statusCode/);
  });

  it('a path parameter over 100 characters gets it too, with 414', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/formations/${'a'.repeat(500)}` });
    expect(r.statusCode).toBe(414);
    expect(r.headers['content-type']).toMatch(/^text\/html/);
    expect(r.body).toContain('class="fr-header"');
    expect(r.body).toContain('Adresse trop longue');
    expect(r.body).toContain('dépasse 100 caractères');
  });
});
