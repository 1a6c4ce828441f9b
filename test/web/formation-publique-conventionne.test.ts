import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A } from '../helpers/formations.ts';

// A tester's report (05/12, LOW): the public page of a conventionné, non-certifying action (no
// certification, contrat_apprentissage false, duree_annees 0) read « Durée du cycle non
// renseigné », four empty certification fields and « Années ouvertes à l’apprentissage non
// renseigné »; the search page's heading said « en apprentissage » even when filtering on
// conventionné offers.

let t: TestWeb;
let action: string;
let apprentissage: string;
const organisme = organismeDe(SIREN_A);

async function publiee(input: ReturnType<typeof formationFixture>): Promise<string> {
  const { id } = await saveFormation(t.ctx, organisme, input);
  await transition(t.ctx, organisme, id, 'publier');
  await transition(t.ctx, gestionnaireDe('84'), id, 'valider');
  return id;
}

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  action = await publiee(
    formationFixture({
      cle_externe: 'CONV-PREPA-1',
      intitule: 'Prépa avenir métiers',
      certification: {},
      modalites: {
        formation_continue: true,
        contrat_professionnalisation: false,
        contrat_apprentissage: false,
        annees_apprentissage: [],
        duree_annees: 0,
      },
      financeurs: ['region'],
      // Complete for the Région (market, contact): CONV_MARCHE / CONV_CONTACT check the sessions
      // of a Région-funded action, their own funder given or not (docs/conventionne.md).
      sessions: formationFixture().sessions.map((s) => ({
        ...s,
        financeur: 'region' as const,
        numero_marche: 'M1451401',
        date_notification_marche: '2026-03-10',
        contact: { nom: 'M. Martin', telephone: '0473000000' },
      })),
    }),
  );
  apprentissage = await publiee(formationFixture({ cle_externe: 'APP-BTS-1' }));
}, 120_000);
afterAll(() => t?.close());

const page = async (url: string) => {
  const r = await t.app.inject({ method: 'GET', url });
  expect(r.statusCode).toBe(200);
  return { html: r.body, texte: texte(r.body) };
};

describe('the public page of a conventionné, non-certifying action', () => {
  it('reads « moins d’un an », « Action non certifiante » and no apprenticeship years', async () => {
    const p = await page(`/formations/${action}`);
    expect(p.texte).toContain('Durée du cycle moins d’un an');
    expect(p.texte).toContain('Certification préparée Action non certifiante');
    expect(p.texte).not.toContain('Code RNCP');
    expect(p.texte).not.toContain('Années ouvertes');
    expect(p.texte).not.toMatch(/non renseigné(?!e)/);
  });

  it('leaves an apprenticeship formation’s page as it was: certification and years', async () => {
    const p = await page(`/formations/${apprentissage}`);
    expect(p.texte).toContain('Code RNCP RNCP38368');
    expect(p.texte).toContain('Code diplôme (CFD) 32031213');
    expect(p.texte).toContain('Années ouvertes à l’apprentissage 1re année, 2e année');
    expect(p.texte).toContain('Durée du cycle 2 ans');
    expect(p.texte).not.toContain('Action non certifiante');
  });
});

describe('the search page’s heading follows the type-of-offer filter', () => {
  it.each([
    ['/', 'Trouver une formation'],
    ['/?modalite=apprentissage', 'Trouver une formation en apprentissage'],
    ['/?modalite=conventionne', 'Trouver une formation conventionnée'],
  ])('%s → « %s » in <title> and <h1>', async (url, titre) => {
    const { html } = await page(url);
    expect(texte(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '').trim()).toBe(titre);
    expect(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1]).toMatch(new RegExp(`^${titre} [–-] `));
  });
});
