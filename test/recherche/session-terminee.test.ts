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
  ids = await loadFixture(t.ctx, [
    // An ended session beside one to come (h-public).
    {
      cle: 'BTS-MCO-DEUX-SESSIONS',
      intitule: 'BTS Management commercial opérationnel',
      lieux: [
        { code_insee: '58194', debut: '2027-09-06' },
        { code_insee: '44109', debut: '2029-09-03', fin: '2031-06-30' },
      ],
    },
  ]);
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

describe('an ended session beside one to come (h-public)', () => {
  // Fresh user, 07/12: the list headed « Sessions de la formation dont le recrutement n’est pas
  // fermé » held a finished 2025–2026 session (« SESSION TERMINÉE »): nobody can join it.
  it('is not in the list of sessions one can join, but listed apart as ended', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/formations/${ids.get('BTS-MCO-DEUX-SESSIONS')}` });
    expect(r.statusCode).toBe(200);
    const i = r.body.indexOf('id="sessions-terminees"');
    expect(i).toBeGreaterThan(0);
    const enCours = texte(r.body.slice(r.body.indexOf('id="quand-ou"'), i));
    const terminees = texte(r.body.slice(i, r.body.indexOf('<h2', i)));
    expect(enCours).toContain('Sessions à venir ou en cours dont le recrutement n’est pas fermé');
    expect(enCours).toContain('44000 Nantes');
    expect(enCours).not.toContain('Nevers');
    expect(enCours).not.toContain('Session terminée');
    expect(terminees).toContain('On ne peut plus s’inscrire à ces sessions');
    expect(terminees).toContain('58000 Nevers');
    expect(terminees).toContain('Session terminée');
    expect(terminees).not.toContain('Nantes');
  });

  it('lists a formation’s only session, ended, apart too', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/formations/${ids.get('CAP-COIFFURE-NEVERS')}` });
    const i = r.body.indexOf('id="sessions-terminees"');
    expect(i).toBeGreaterThan(0);
    expect(r.body.slice(0, i)).not.toContain('dont le recrutement n’est pas fermé');
    expect(texte(r.body)).toContain('les sessions ci-dessous sont terminées');
  });

  it('keeps the ended session in the API, its dates saying it ended (one rule: the page reads the clock)', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${ids.get('BTS-MCO-DEUX-SESSIONS')}`,
    });
    expect(r.statusCode).toBe(200);
    const f = r.json() as { sessions: { fin: string }[] };
    expect(f.sessions.map((s) => s.fin).sort()).toEqual(['2029-06-30', '2031-06-30']);
  });
});
