import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// A fresh user's report (03/12) on the gestionnaire's refusals: another région's offer was refused
// as « La formation fo_… n’est pas dans votre région » (an id, no way back), an unknown one as
// « Formation fo_inexistant introuvable. » with only « Retour à l’accueil », and an offer without a
// title was headed with its id.

let t: TestWeb;
let g11: Navigateur;
let g84: Navigateur;
let orga: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  g11 = await connecte(t, { email: 'g11@libelles.test', role: 'gestionnaire', region: '11' }, '10.44.0.1');
  g84 = await connecte(t, { email: 'g84@libelles.test', role: 'gestionnaire', region: '84' }, '10.44.0.2');
  orga = await connecte(t, { email: 'cfa@libelles.test', role: 'organisme', siren: SIREN_A }, '10.44.0.3');
});
afterAll(() => t.close());

/** An offer held in Lyon (région 84), published and, with `valider`, validated (diffused): its id. */
async function offreDeLyon(cle: string, intitule: string, valider = true) {
  const org = organismeDe(SIREN_A);
  const { id } = await saveFormation(t.ctx, org, formationFixture({ cle_externe: cle, intitule }));
  await transition(t.ctx, org, id, 'publier');
  if (valider) await transition(t.ctx, gestionnaireDe('84'), id, 'valider');
  return id;
}

const RETOUR_FILE = '<a class="fr-btn" href="/gestion">Retour à la file de validation</a>';

describe('a review the gestionnaire may not open', () => {
  it('of another région: names the formation by its title, not its id, and leads back to the queue', async () => {
    const id = await offreDeLyon('LIB-AUTRE', 'BTS Hors région');
    const r = await g11.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(403);
    const lu = texte(r.body);
    expect(lu).toContain(
      'La formation « BTS Hors région » relève de la région Auvergne-Rhône-Alpes : elle est hors de votre périmètre (Île-de-France).',
    );
    expect(lu).not.toContain(id);
    expect(r.body).toContain(RETOUR_FILE);
  });

  it('unknown: « Cette formation n’existe pas ou a été supprimée. », back to the queue', async () => {
    const r = await g84.get('/gestion/formations/fo_inexistant');
    expect(r.statusCode).toBe(404);
    const lu = texte(r.body);
    expect(lu).toContain('Cette formation n’existe pas ou a été supprimée.');
    expect(lu).not.toContain('fo_inexistant');
    expect(r.body).toContain(RETOUR_FILE);
  });

  it('an organisme refused the gestion pages gets no link to a queue it may not see', async () => {
    const r = await orga.get('/gestion/formations/fo_inexistant');
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain('Retour à la file de validation');
  });
});

describe('a review of an offer without a title', () => {
  it('is headed « Formation sans intitulé », never its id', async () => {
    const id = await offreDeLyon('LIB-SANS-TITRE', 'Titre effacé ensuite', false);
    await t.ctx.db.updateTable('formation').set({ intitule: null }).where('id', '=', id).execute();
    const r = await g84.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<h1>Formation sans intitulé</h1>');
    expect(r.body).toContain('<title>Revue : Formation sans intitulé');
    expect(r.body).not.toMatch(new RegExp(`<h1>${id}</h1>`));
  });
});
