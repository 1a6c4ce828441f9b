import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_B } from '../helpers/formations.ts';

// A tester's report (04/12, HIGH): GET /formations/{id}/controles of a published formation, asked
// anonymously, named its probable duplicate (FORM_DOUBLON: title, external reference, and id in
// `formation_liee`) while that duplicate was a draft the same caller got 404 for. A result names
// only a neighbour the caller may read (docs/conformite.md « Qui voit la formation nommée »); for
// the others the rule reads as if that neighbour did not exist, and the formation JSON's
// `conformite.echecs` never carries FORM_DOUBLON (it is the same text for every reader).

let t: TestWeb;
let cleA: string;
let cleB: string;
let cleAdmin: string;
let cleLecture: string;
let g84: Navigateur;
let g11: Navigateur;
const orgA = organismeDe(SIREN_A);
const BROUILLON = 'CAP Cuisine — brouillon caché';
const CLE_BROUILLON = 'CACHE-BROUILLON-1';

let publiee: string;
let brouillon: string;

/** The fixture (Lyon, 2026-09-01 → 2028-06-30; no referential loaded: diffusable once validated). */
const copie = (cle: string, intitule: string, over: Partial<FormationInput> = {}) =>
  formationFixture({ cle_externe: cle, intitule, ...over });

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  // The published offer, validated by the gestionnaire of its région (84: Lyon).
  publiee = (await saveFormation(t.ctx, orgA, copie('CACHE-PUBLIEE-1', 'CAP Cuisine publié'))).id;
  await transition(t.ctx, orgA, publiee, 'publier');
  await transition(t.ctx, gestionnaireDe('84'), publiee, 'valider');
  // Its duplicate, a draft of the same organisme: same certification, formateur, commune, dates.
  brouillon = (await saveFormation(t.ctx, orgA, copie(CLE_BROUILLON, BROUILLON))).id;
  await saveFormation(t.ctx, organismeDe(SIREN_B), formationFixture({ siret: SIRET_B, cle_externe: 'B-1' }));
  const cle = async (scope: string, siren?: string) =>
    (await createApiKey(t.ctx, { name: `doublon-${scope}-${siren ?? ''}`, scope, siren })).key;
  cleA = await cle('write', SIREN_A);
  cleB = await cle('write', SIREN_B);
  cleAdmin = await cle('admin');
  cleLecture = await cle('read');
  g84 = await connecte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' }, '10.41.0.1');
  g11 = await connecte(t, { email: 'g11@region.test', role: 'gestionnaire', region: '11' }, '10.41.0.2');
}, 120_000);
afterAll(() => t?.close());

const avecCle = (url: string, cle?: string) =>
  t.app.inject({ method: 'GET', url, headers: cle ? { authorization: `Bearer ${cle}` } : {} });

const doublonDe = (body: { data: { code: string }[] }) =>
  body.data.find((c) => c.code === 'FORM_DOUBLON') as
    | { resultat: string; message: string; formation_liee?: string }
    | undefined;

/** Nothing of the draft in `body`: not its title, external reference nor id. */
function taitLeBrouillon(body: string) {
  expect(body).not.toContain(BROUILLON);
  expect(body).not.toContain(CLE_BROUILLON);
  expect(body).not.toContain(brouillon);
}

describe('GET /formations/{id}/controles of a published formation whose duplicate is a draft', () => {
  it('the draft is unknown to the anonymous caller (404), and the controls do not name it', async () => {
    expect((await avecCle(`/api/v1/formations/${brouillon}`)).statusCode).toBe(404);
    const r = await avecCle(`/api/v1/formations/${publiee}/controles`);
    expect(r.statusCode).toBe(200);
    taitLeBrouillon(r.body);
    // As if the rule had not fired: the public does not learn the draft exists.
    expect(doublonDe(r.json())).toMatchObject({ resultat: 'passe' });
    expect(doublonDe(r.json())).not.toHaveProperty('formation_liee');
    // The offer's public state is unchanged.
    expect(r.json()).toMatchObject({ id: publiee, catalogue: 'general' });
  });

  it('a read key, another organisme’s write key: not named either', async () => {
    for (const cle of [cleLecture, cleB]) {
      expect((await avecCle(`/api/v1/formations/${brouillon}`, cle)).statusCode).toBe(404);
      const r = await avecCle(`/api/v1/formations/${publiee}/controles`, cle);
      expect(r.statusCode).toBe(200);
      taitLeBrouillon(r.body);
      expect(doublonDe(r.json())).toMatchObject({ resultat: 'passe' });
    }
  });

  it('a gestionnaire of another région (cookie): not named', async () => {
    expect((await g11.get(`/api/v1/formations/${brouillon}`)).statusCode).toBe(404);
    const r = await g11.get(`/api/v1/formations/${publiee}/controles`);
    expect(r.statusCode).toBe(200);
    taitLeBrouillon(r.body);
    expect(doublonDe(r.json())).toMatchObject({ resultat: 'passe' });
  });

  it('the organisme’s key, the gestionnaire of the région, an admin key: named, title and id', async () => {
    const lecteurs: (() => ReturnType<typeof avecCle>)[] = [
      () => avecCle(`/api/v1/formations/${publiee}/controles`, cleA),
      () => avecCle(`/api/v1/formations/${publiee}/controles`, cleAdmin),
      () => g84.get(`/api/v1/formations/${publiee}/controles`),
    ];
    for (const lire of lecteurs) {
      const r = await lire();
      expect(r.statusCode).toBe(200);
      const d = doublonDe(r.json());
      expect(d).toMatchObject({ resultat: 'echec', formation_liee: brouillon });
      expect(d!.message).toContain(`« ${BROUILLON} » (référence externe ${CLE_BROUILLON})`);
    }
    // The draft's own controls name the published offer, which every reader of the draft may read.
    const r = await avecCle(`/api/v1/formations/${brouillon}/controles`, cleA);
    expect(doublonDe(r.json())).toMatchObject({ resultat: 'echec', formation_liee: publiee });
  });

  it('a neighbour that is itself diffused is named to everyone', async () => {
    // A second published duplicate: anonymous readers of the draft's neighbour see it named.
    const autre = (await saveFormation(t.ctx, orgA, copie('CACHE-PUBLIEE-2', 'CAP Cuisine publié bis'))).id;
    await transition(t.ctx, orgA, autre, 'publier');
    await transition(t.ctx, gestionnaireDe('84'), autre, 'valider');
    const [premiere, seconde] = [publiee, autre].sort();
    const r = await avecCle(`/api/v1/formations/${seconde}/controles`);
    const d = doublonDe(r.json());
    expect(d).toMatchObject({ resultat: 'echec', formation_liee: premiere });
    taitLeBrouillon(r.body);
    const s = await avecCle(`/api/v1/formations/${premiere}/controles`);
    expect(doublonDe(s.json())).toMatchObject({ resultat: 'echec', formation_liee: seconde });
    taitLeBrouillon(s.body);
    await transition(t.ctx, orgA, autre, 'archiver');
  });
});

describe('the other channels of the published formation name no hidden neighbour', () => {
  it('GET /formations/{id}, the list, the change feed and the exports, for every reader', async () => {
    for (const cle of [undefined, cleLecture, cleB, cleA, cleAdmin]) {
      for (const url of [
        `/api/v1/formations/${publiee}`,
        '/api/v1/formations?limit=1000',
        '/api/v1/changes?limit=1000',
        '/api/v1/exports/csv',
        '/api/v1/exports/xlsx',
        '/api/v1/exports/lheo',
      ]) {
        const r = await avecCle(url, cle);
        if (r.statusCode !== 200) continue;
        if (cle === cleA || cle === cleAdmin) {
          // These readers may read the draft: it is listed, but the published offer's failures in
          // the formation JSON do not name it (FORM_DOUBLON is read in /controles).
          if (url === `/api/v1/formations/${publiee}`)
            expect(JSON.stringify(r.json().conformite.echecs)).not.toContain('FORM_DOUBLON');
          continue;
        }
        expect(r.body, `${url} (${cle ? 'clé' : 'anonyme'})`).not.toContain(BROUILLON);
        expect(r.body).not.toContain('FORM_DOUBLON');
      }
    }
    for (const nav of [g11, g84]) {
      const r = await nav.get(`/api/v1/formations/${publiee}`);
      expect(r.statusCode).toBe(200);
      expect(r.body).not.toContain(BROUILLON);
      expect(r.body).not.toContain('FORM_DOUBLON');
    }
  });
});
