import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadFixture } from './fixtures.ts';

// Fresh user, 07/12: a published formation whose only session had ended (06/09/2025 → 30/06/2026,
// today 07/12/2026) read on its public page « Commencée le …, fin le … Recrutement ouvert ». An
// ended session is never advertised as open (RULES.md: SESSION_RECRUTEMENT only alerts the
// organisme; the stored état stays data): the pages say it ended, by the app's clock (ctx.now).
// Every fixture session ends on 30/06/2029; this app's day is after it.

let t: TestWeb;
let ids: Map<string, string>;

beforeAll(async () => {
  t = await testWeb({ now: () => new Date('2029-07-15T10:00:00Z') });
  ids = await loadFixture(t.ctx);
});
afterAll(() => t.close());

const texte = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('an ended session, recruitment stored « ouvert »', () => {
  it('reads « Session terminée » on the public formation page, never « Recrutement ouvert »', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/formations/${ids.get('CAP-COIFFURE-NEVERS')}` });
    expect(r.statusCode).toBe(200);
    const page = texte(r.body);
    expect(page).toContain('Commencée le 1er septembre 2025, fin le 30 juin 2029');
    expect(page).toContain('Session terminée');
    expect(page).not.toContain('Recrutement ouvert');
  });

  it('reads as ended on the public search result card too', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/?q=coiffure' });
    expect(r.statusCode).toBe(200);
    const carte = texte(r.body.slice(r.body.indexOf('BP Coiffure')));
    const detail = carte.slice(0, carte.indexOf('BP Coiffure') + 400);
    expect(detail).toContain('Session terminée');
    expect(detail).not.toContain('Recrutement ouvert');
  });
});
