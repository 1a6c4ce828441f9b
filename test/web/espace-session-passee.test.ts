import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels, sessionForm } from './espace.helpers.ts';

// Fresh users (07/12): a new session whose dates were already over (2025 typed for 2026) was
// stored without a word; only a rule said it later. Now the form stops on « Date de fin », says
// why and proposes the same days the next year; ticking « bien terminée » stores it (an offer
// keeps finished sessions for memory), and a stored finished session is saved again unchanged.

let t: TestWeb;
let org: Navigateur;
let id: string;
let url: string;
// The Paris day is 7 December 2026 for the whole file.
const now = () => new Date('2026-12-07T10:00:00Z');

beforeAll(async () => {
  t = await testWeb({ smtp: false, now });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@passee.test', role: 'organisme', siren: SIREN_A }, '10.49.0.1');
  id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Sessions passées' }));
  url = `/espace/formations/${id}/sessions/nouvelle`;
}, 300_000);
afterAll(() => t?.close());

describe('a new session already over, on the session form', () => {
  it('is not stored: « Date de fin » says why and proposes the same days the next year', async () => {
    const avant = await countRows(t.ctx, 'session');
    const r = await org.post(url, sessionForm({ debut: '2025-09-01', fin: '2026-06-30' }));
    expect(r.statusCode).toBe(400);
    const lu = texte(r.body);
    expect(lu).toContain('Code de l’erreur : SESSION_PASSEE');
    expect(lu).toContain(
      'Date de fin : le 30 juin 2026 est déjà passé (nous sommes le 7 décembre 2026) : cette nouvelle session serait terminée dès son enregistrement. Une erreur d’année ? Les mêmes dates l’année suivante : du 1er septembre 2026 au 30 juin 2027.',
    );
    // The summary links to the field; the confirmation is offered; what was typed is kept.
    expect(r.body).toMatch(/<a href="#fin"/);
    expect(r.body).toContain('name="confirmer_passee"');
    expect(r.body).toContain('value="2025-09-01"');
    expect(await countRows(t.ctx, 'session')).toBe(avant);
  });

  it('is stored once « bien terminée » is ticked, and saved again unchanged without a word', async () => {
    const r = await org.post(
      url,
      sessionForm({ debut: '2024-09-02', fin: '2026-06-30', confirmer_passee: 'oui' }),
    );
    expect(r.statusCode).toBe(303);
    const fiche = await org.get(`/espace/formations/${id}`);
    const sid = /\/sessions\/([^/"?#]+)"/.exec(fiche.body)?.[1];
    expect(sid).toBeTruthy();
    const page = await org.get(`/espace/formations/${id}/sessions/${sid}`);
    const version = /name="version" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const encore = await org.post(
      `/espace/formations/${id}/sessions/${sid}`,
      sessionForm({ debut: '2024-09-02', fin: '2026-06-30', capacite: '30', version }),
    );
    expect(encore.statusCode).toBe(303);
  });

  it('a session ending today or later is stored at once', async () => {
    const r = await org.post(url, sessionForm({ debut: '2025-09-01', fin: '2026-12-07' }));
    expect(r.statusCode).toBe(303);
  });
});
