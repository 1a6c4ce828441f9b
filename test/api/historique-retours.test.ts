import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_B } from '../helpers/formations.ts';
import { setCatalogue } from './helpers.ts';

// A fresh user's report (06/12, MEDIUM): GET /formations/{id}/historique of a published offer,
// asked anonymously, gave the gestionnaire's return comments (`commentaire_gestionnaire` of a
// `retourner` entry, `commentaire` of a `revision_retournee` one). They are an exchange between the
// organisation and the gestionnaires of its région: the others read each entry without them.

let t: TestWeb;
let cles: Record<'A' | 'B' | 'admin' | 'lecture', string>;
let g84: Navigateur;
let g11: Navigateur;
let id: string;
const orgA = organismeDe(SIREN_A);
const RETOUR = 'RETOUR-UN : précisez le lieu.';
const RETOUR_REVISION = 'RETOUR-DEUX : la date de fin est fausse.';

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const g = gestionnaireDe('84');
  // Returned once, sent again, validated (Lyon: région 84), then a revision returned.
  id = (await saveFormation(t.ctx, orgA, formationFixture({ cle_externe: 'RETOURS-1' }))).id;
  await transition(t.ctx, orgA, id, 'publier');
  await transition(t.ctx, g, id, 'retourner', RETOUR);
  await transition(t.ctx, orgA, id, 'publier');
  await transition(t.ctx, g, id, 'valider');
  await setCatalogue(t.ctx, id, 'general');
  await saveFormation(t.ctx, orgA, formationFixture({ cle_externe: 'RETOURS-1', intitule: 'BTS révisé' }));
  await transition(t.ctx, g, id, 'retourner', RETOUR_REVISION);
  await saveFormation(t.ctx, organismeDe(SIREN_B), formationFixture({ siret: SIRET_B, cle_externe: 'B-1' }));
  const cle = async (scope: string, siren?: string) =>
    (await createApiKey(t.ctx, { name: `retours-${scope}-${siren ?? ''}`, scope, siren })).key;
  cles = {
    A: await cle('write', SIREN_A),
    B: await cle('write', SIREN_B),
    admin: await cle('admin'),
    lecture: await cle('read'),
  };
  g84 = await connecte(t, { email: 'g84@retours.test', role: 'gestionnaire', region: '84' }, '10.42.0.1');
  g11 = await connecte(t, { email: 'g11@retours.test', role: 'gestionnaire', region: '11' }, '10.42.0.2');
}, 120_000);
afterAll(() => t?.close());

const url = () => `/api/v1/formations/${id}/historique`;
const avecCle = async (cle?: string) =>
  t.app.inject({ method: 'GET', url: url(), headers: cle ? { authorization: `Bearer ${cle}` } : {} });

type Entree = { action: string; diff: { champ: string }[] };

describe('GET /formations/{id}/historique: the return comments', () => {
  it('are not given to the public, a read key, another organisation’s key, a gestionnaire of another région', async () => {
    for (const [qui, r] of [
      ['anonyme', await avecCle()],
      ['lecture', await avecCle(cles.lecture)],
      ['autre organisme', await avecCle(cles.B)],
      ['gestionnaire 11', await g11.get(url())],
    ] as const) {
      expect(r.statusCode, qui).toBe(200);
      expect(r.body, qui).not.toContain('RETOUR-UN');
      expect(r.body, qui).not.toContain('RETOUR-DEUX');
      // The return itself is kept: the entry, its change of statut.
      const retour = (r.json() as Entree[]).find((e) => e.action === 'retourner');
      expect(
        retour?.diff.map((d) => d.champ),
        qui,
      ).toEqual(['statut']);
    }
  });

  it('are given to the organisation, the gestionnaires of its région and administrators', async () => {
    for (const [qui, r] of [
      ['organisme', await avecCle(cles.A)],
      ['gestionnaire 84', await g84.get(url())],
      ['admin', await avecCle(cles.admin)],
    ] as const) {
      expect(r.statusCode, qui).toBe(200);
      expect(r.body, qui).toContain('RETOUR-UN');
      expect(r.body, qui).toContain('RETOUR-DEUX');
    }
  });
});
