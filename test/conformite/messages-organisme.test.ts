import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { lignesConformite, recomputeAll } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A, SIRET_A, SIRET_B } from '../helpers/formations.ts';
import { loadReferentiels } from './faits.helper.ts';

// A data manager's report: « Le responsable (SIRET 13002526500013) n’a pas d’UAI » — which
// organisme is that? The rule messages name it as the pages do, « LYCÉE PROFESSIONNEL X (SIRET
// 130 025 265 00013) », from the names Offre already holds (its structure, here; Sirene's
// establishment name for an organisme nobody named), read with the rules' facts; everywhere the
// message is read: stored failures (formation JSON), live controls, the organisme's space, the
// gestionnaire's review, `offre check --json`. The evidence keeps the bare SIRET.

let t: TestWeb;
let orgA: Navigateur;
let g84: Navigateur;
let cle: string;
let attente: string;
let brouillon: string;
const NOM_A = 'LYCÉE PROFESSIONNEL X';
const UAI = `Le responsable ${NOM_A} (SIRET 130 025 265 00013) n’a pas d’UAI : renseignez son numéro UAI`;
const FERME = 'L’établissement formateur CFA SIRENE B (SIRET 552 100 554 00013) est fermé selon Sirene';

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx.db, {
    sirene: [
      { siret: SIRET_A, etat: 'A', code_commune: '69381' },
      { siret: SIRET_B, etat: 'F', code_commune: '69381', denomination: 'CFA SIRENE B' },
    ],
  });
  orgA = await connecte(t, { email: 'of@lycee-x.test', role: 'organisme', siren: SIREN_A }, '10.71.0.1');
  g84 = await connecte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' }, '10.71.0.2');
  // The structure as its sign-up names it; the form (and this input) sends the SIRET alone.
  await t.ctx.db
    .updateTable('structure')
    .set({ raison_sociale: NOM_A })
    .where('siren', '=', SIREN_A)
    .execute();
  const sansNom = { siret: SIRET_A, uai: null, raison_sociale: null };
  attente = (
    await saveFormation(
      t.ctx,
      organismeDe(SIREN_A),
      formationFixture({ cle_externe: 'NOMS-1', responsable: sansNom }),
    )
  ).id;
  await transition(t.ctx, organismeDe(SIREN_A), attente, 'publier');
  brouillon = (
    await saveFormation(
      t.ctx,
      organismeDe(SIREN_A),
      formationFixture({ cle_externe: 'NOMS-2', responsable: sansNom, formateur: { siret: SIRET_B } }),
    )
  ).id;
  cle = (await createApiKey(t.ctx, { name: 'noms', scope: 'admin' })).key;
}, 120_000);
afterAll(() => t?.close());

const api = (url: string) =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${cle}` } });

describe('a rule message names the organisme by its raison sociale with its SIRET', () => {
  it('in the stored failures (formation JSON conformite.echecs)', async () => {
    const echecs = (await api(`/api/v1/formations/${brouillon}`)).json().conformite.echecs as {
      code: string;
      message: string;
    }[];
    const message = (code: string) => echecs.find((e) => e.code === code)?.message;
    expect(message('ORG_UAI')).toMatch(new RegExp(`^${UAI.replace(/[()]/g, '\\$&')}`));
    expect(message('ORG_SIRET_FERME')).toMatch(new RegExp(`^${FERME.replace(/[()]/g, '\\$&')}`));
    expect(JSON.stringify(echecs)).not.toMatch(/\d{14}/);
  });

  it('in the live controls, the evidence keeping the bare SIRET', async () => {
    const r = await api(`/api/v1/formations/${brouillon}/controles`);
    expect(r.statusCode).toBe(200);
    const ferme = (
      r.json().data as { code: string; champ: string; message: string; preuves: { fait: string }[] }[]
    ).find((c) => c.code === 'ORG_SIRET_FERME' && c.champ === 'formateur.siret')!;
    expect(ferme.message).toContain(FERME);
    expect(ferme.preuves[0]!.fait).toBe(`SIRET ${SIRET_B} : etatAdministratifEtablissement = F`);
  });

  it('in the organisme’s space and the gestionnaire’s review', async () => {
    const espace = await orgA.get(`/espace/formations/${attente}`);
    expect(espace.statusCode).toBe(200);
    expect(texte(espace.body)).toContain(UAI);
    const revue = await g84.get(`/gestion/formations/${attente}`);
    expect(revue.statusCode).toBe(200);
    expect(texte(revue.body)).toContain(UAI);
  });

  it('in `offre check --json` (its lines, after the recomputation it runs)', async () => {
    await recomputeAll(t.ctx);
    let ligne: { id: string; echecs: readonly { code: string; message: string }[] } | undefined;
    for await (const l of lignesConformite(t.ctx.db)) if (l.id === attente) ligne = l;
    expect(ligne?.echecs.find((e) => e.code === 'ORG_UAI')?.message).toContain(UAI);
  });
});
