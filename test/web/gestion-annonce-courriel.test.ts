import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_B } from '../api/helpers.ts';
import { connecte, decider, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';

// A fresh user's report (06/12, M3): after « Valider » or « Retourner », /gestion said « un courriel
// en informe l’organisme » even when the organisme had no user account — no mail was queued (the
// outbox stayed empty). The message now says how many users were told, or that there was nobody.

let t: TestWeb;
let g84: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  g84 = await connecte(t, { email: 'g84@annonce.test', role: 'gestionnaire', region: '84' }, '10.41.0.1');
  // SIREN_A has one user account; SIREN_B none.
  await connecte(t, { email: 'cfa@annonce.test', role: 'organisme', siren: SIREN_A }, '10.41.0.2');
});
afterAll(() => t?.close());

async function enAttente(siren: string, cle: string) {
  const siret = siren === SIREN_B ? SIRET_B : undefined;
  const f = formationFixture({ cle_externe: cle, intitule: `BTS ${cle}`, ...(siret ? { siret } : {}) });
  const { id } = await saveFormation(t.ctx, organismeDe(siren), f);
  await transition(t.ctx, organismeDe(siren), id, 'publier');
  return id;
}
const courriels = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('courriel')
        .select((e) => e.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const annonce = async (r: { statusCode: number; headers: Record<string, unknown> }) => {
  expect(r.statusCode).toBe(303);
  return texte((await g84.get(String(r.headers.location))).body);
};

describe('the notice after a decision says who was e-mailed', () => {
  it('an organisme without any user: « aucun utilisateur de l’organisme à prévenir », no mail queued', async () => {
    const avant = await courriels();
    const validee = await annonce(await decider(g84, await enAttente(SIREN_B, 'SANS-V'), 'valider'));
    expect(validee).toContain('Offre validée : aucun utilisateur de l’organisme à prévenir');
    expect(validee).not.toContain('un courriel en informe');
    const retournee = await annonce(
      await decider(g84, await enAttente(SIREN_B, 'SANS-R'), 'retourner', { commentaire: 'Précisez.' }),
    );
    expect(retournee).toContain(
      'Offre retournée à l’organisme avec votre commentaire : aucun utilisateur de l’organisme à prévenir',
    );
    expect(retournee).not.toContain('un courriel l’en informe');
    expect(await courriels()).toBe(avant);
  });

  it('an organisme with one user: says one user was e-mailed, and one mail is queued per decision', async () => {
    const avant = await courriels();
    const validee = await annonce(await decider(g84, await enAttente(SIREN_A, 'AVEC-V'), 'valider'));
    expect(validee).toContain('Offre validée : un courriel en informe 1 utilisateur de l’organisme.');
    const retournee = await annonce(
      await decider(g84, await enAttente(SIREN_A, 'AVEC-R'), 'retourner', { commentaire: 'Précisez.' }),
    );
    expect(retournee).toContain(
      'Offre retournée à l’organisme avec votre commentaire : un courriel en informe 1 utilisateur de l’organisme.',
    );
    expect(await courriels()).toBe(avant + 2);
  });
});
