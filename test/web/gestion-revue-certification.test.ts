import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// A tester's report (03/12): the gestionnaire's review of a first publication showed the
// certification as codes only (« RNCP38368 / CFD 32031213 »), where the organisme's history names
// it by its title too. The review names it from the reference data (RNCP, BCN), code kept.

let t: TestWeb;
let g84: Navigateur;
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  g84 = await connecte(t, { email: 'g84@cert.test', role: 'gestionnaire', region: '84' }, '10.61.0.2');
  await t.ctx.db
    .insertInto('certification')
    .values([
      { type: 'rncp', code: 'RNCP38368', intitule: 'BTS Management commercial opérationnel', actif: true },
      { type: 'rncp', code: 'RNCP37537', intitule: 'CAP Cuisine', actif: true },
    ])
    .execute();
});
afterAll(() => t?.close());

/** The text of the review's « Modifications » section. */
const modifications = (html: string) =>
  texte(html.slice(html.indexOf('id="modifications"'), html.indexOf('id="controles"')));

describe('the certification on the gestionnaire’s review', () => {
  it('a first publication names it by its title, its codes beside it', async () => {
    const { id } = await saveFormation(t.ctx, organisme, formationFixture({ cle_externe: 'CERT-1' }));
    await transition(t.ctx, organisme, id, 'publier');
    const r = await g84.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(200);
    expect(modifications(r.body)).toContain(
      'RNCP38368 / CFD 32031213 – BTS Management commercial opérationnel',
    );
  });

  it('a revision changing it names both by their titles', async () => {
    const input = formationFixture({ cle_externe: 'CERT-2' });
    const { id } = await saveFormation(t.ctx, organisme, input);
    await transition(t.ctx, organisme, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    await saveFormation(t.ctx, organisme, { ...input, certification: { rncp: 'RNCP37537' } }, { id });
    const page = modifications((await g84.get(`/gestion/formations/${id}`)).body);
    expect(page).toContain('RNCP38368 – BTS Management commercial opérationnel');
    expect(page).toContain('RNCP37537 – CAP Cuisine');
  });
});
