import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// Finding (MEDIUM): the gestionnaire's review of a new submission named an added session by its
// dates, place and recruitment only: its financeur, numéro de marché and date de notification du
// marché (what makes it conventionnée) appeared nowhere on the page before validating it.

let t: TestWeb;
let g84: Navigateur;
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');

/** An offer whose sessions the Région finances under market `numero_marche`, notified on `notification`. */
function conventionnee(cle: string, numero_marche: string, notification: string): FormationInput {
  const base = formationFixture({ cle_externe: cle, intitule: `BTS Conventionné ${cle}` });
  return {
    ...base,
    sessions: base.sessions.map((s) => ({
      ...s,
      financeur: 'region' as const,
      numero_marche,
      date_notification_marche: notification,
      contact: { nom: 'Accueil', telephone: '0472000000', courriel: 'accueil@cfa.example' },
    })),
  };
}

/** The review page's « Modifications » section, as its visible text. */
async function modifications(id: string) {
  const page = await g84.get(`/gestion/formations/${id}`);
  expect(page.statusCode).toBe(200);
  return texte(page.body.slice(page.body.indexOf('id="modifications"'), page.body.indexOf('id="controles"')));
}

beforeAll(async () => {
  t = await testWeb();
  const a = await compte(t, { email: 'g84-conv@region.test', role: 'gestionnaire', region: '84' });
  g84 = new Navigateur(t.app, '10.21.7.1');
  await g84.seConnecter(a.email, a.motDePasse);
});
afterAll(() => t?.close());

describe('review of a conventionnée session', () => {
  it('a new submission shows each session’s financeur, numéro de marché and notification date', async () => {
    const { id } = await saveFormation(t.ctx, organisme, conventionnee('conv-1', 'M1451401', '2026-11-15'));
    await transition(t.ctx, organisme, id, 'publier');
    const m = await modifications(id);
    expect(m).toContain('ajoutée');
    expect(m).toContain('Financeur : Région');
    expect(m).toContain('Numéro de marché : M1451401');
    expect(m).toContain('Notification du marché : 15 novembre 2026');
    expect(m).not.toContain('numero_marche');
  });

  it('a revision changing the notification date reads in French, the market still shown', async () => {
    const { id } = await saveFormation(t.ctx, organisme, conventionnee('conv-2', 'M1451401', '2026-11-15'));
    await transition(t.ctx, organisme, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    const r = await saveFormation(t.ctx, organisme, conventionnee('conv-2', 'M1451401', '2026-12-01'), {
      id,
    });
    expect(r.revision).toBe(true);
    const m = await modifications(id);
    expect(m).toContain('Numéro de marché : M1451401');
    expect(m).toContain('Notification du marché : 1er décembre 2026');
    expect(m).toMatch(/notification du marché\s*15 novembre 2026\s*1er décembre 2026/i);
    expect(m).not.toMatch(/numero_marche|date_notification_marche/);
  });
});
