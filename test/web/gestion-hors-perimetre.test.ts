import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A, SIREN_B } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// A gestionnaire opening another région's offer it may not even read (a draft, an offer waiting
// for validation) was told « Cette formation n’existe pas ou a été supprimée. » (404): false, and
// it sent people looking for a deleted offer. The gestion pages now say it exists and which région
// it belongs to (403), nothing more; an unknown id keeps its 404; nothing is changed either way.
// A tester's report (05/12): the API answered its 404 to the same gestionnaire (valider, retourner,
// GET …/revision), unjournaled, where README and docs/api.md say 403 naming the région; it does now,
// journaled as `acces_refuse`. An organisme reading another's unpublished offer still gets 404.

let t: TestWeb;
let g32: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  g32 = await connecte(t, { email: 'g32@perimetre.test', role: 'gestionnaire', region: '32' }, '10.46.0.1');
});
afterAll(() => t.close());

const RETOUR_FILE = '<a class="fr-btn" href="/gestion">Retour à la file de validation</a>';
const HORS = 'relève de la région Auvergne-Rhône-Alpes : elle est hors de votre périmètre (Hauts-de-France).';

/** An offer held in Lyon (région 84), published (waiting for validation) and, with `valider`, validated. */
async function offreDeLyon(cle: string, intitule: string, valider = false) {
  const org = organismeDe(SIREN_A);
  const { id } = await saveFormation(t.ctx, org, formationFixture({ cle_externe: cle, intitule }));
  await transition(t.ctx, org, id, 'publier');
  if (valider) await transition(t.ctx, gestionnaireDe('84'), id, 'valider');
  return id;
}

const etat = (id: string) =>
  t.ctx.db
    .selectFrom('formation')
    .select(['statut', 'version', 'commentaire_gestionnaire'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('an offer of another région the gestionnaire may not read', () => {
  it('is refused (403) naming its région and the gestionnaire’s, never « n’existe pas »', async () => {
    const id = await offreDeLyon('HP-ATTENTE', 'BTS Confidentiel');
    const r = await g32.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(403);
    const lu = texte(r.body);
    expect(lu).toContain(`Cette formation ${HORS}`);
    expect(lu).not.toContain('n’existe pas');
    // Only its région and that it exists: no title, no id, no organisme.
    expect(lu).not.toContain('BTS Confidentiel');
    expect(lu).not.toContain(id);
    expect(lu).not.toContain(SIREN_A);
    expect(r.body).toContain(RETOUR_FILE);
  });

  it('its decisions are refused the same way (403) and change nothing, on the pages and the API', async () => {
    const id = await offreDeLyon('HP-DECIDER', 'BTS Pas à vous');
    const avant = await etat(id);
    await g32.get('/gestion');
    const valider = await g32.post(`/gestion/formations/${id}/valider`, {});
    const retourner = await g32.post(`/gestion/formations/${id}/retourner`, { commentaire: 'Non.' });
    for (const r of [valider, retourner]) {
      expect(r.statusCode).toBe(403);
      expect(texte(r.body)).toContain(`Cette formation ${HORS}`);
      expect(r.body).not.toContain('BTS Pas à vous');
    }
    const api = (method: 'GET' | 'POST', action: string, payload?: object) =>
      t.app.inject({
        method,
        url: `/api/v1/formations/${id}/${action}`,
        cookies: Object.fromEntries(g32.cookies),
        headers: { 'x-csrf-token': g32.csrf! },
        ...(payload ? { payload } : {}),
      });
    const refus = [
      await api('POST', 'valider'),
      await api('POST', 'retourner', { commentaire: 'Non.' }),
      await api('GET', 'revision'),
    ];
    for (const r of refus) {
      expect(r.statusCode).toBe(403);
      const p = r.json() as { code: string; detail: string };
      expect(p.code).toBe('ACCES_REFUSE');
      expect(p.detail).toBe(`Cette formation ${HORS}`);
      expect(r.body).not.toContain('BTS Pas à vous');
    }
    expect(await etat(id)).toEqual(avant);
    expect(avant.statut).toBe('en_attente_validation');
    // Each refusal is in the security journal, with the gestionnaire as actor.
    const journal = await t.ctx.db
      .selectFrom('audit_securite')
      .select(['acteur', 'cible', 'details'])
      .where('evenement', '=', 'acces_refuse')
      .where('cible', 'like', `% /api/v1/formations/${id}/%`)
      .orderBy('id')
      .execute();
    expect(journal).toEqual(
      ['POST valider', 'POST retourner', 'GET revision'].map((x) => {
        const [m, a] = x.split(' ');
        return {
          acteur: 'utilisateur:g32@perimetre.test',
          cible: `${m} /api/v1/formations/${id}/${a}`,
          details: { code: 'ACCES_REFUSE' },
        };
      }),
    );
  });

  it('an organisme reading another organisme’s unpublished offer through the API is told 404, never that it exists', async () => {
    const id = await offreDeLyon('HP-AUTRE-ORG', 'BTS D’un autre');
    const orgB = await connecte(
      t,
      { email: 'b@autre-org.test', role: 'organisme', siren: SIREN_B },
      '10.46.0.2',
    );
    for (const url of [`/api/v1/formations/${id}/revision`, `/api/v1/formations/${id}`]) {
      const r = await orgB.get(url);
      expect(r.statusCode).toBe(404);
      expect((r.json() as { detail: string }).detail).not.toContain('Auvergne');
    }
  });

  it('a diffused offer of another région: named by its title and its région (403)', async () => {
    const id = await offreDeLyon('HP-DIFFUSEE', 'BTS Diffusé ailleurs', true);
    const r = await g32.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(403);
    expect(texte(r.body)).toContain(`La formation « BTS Diffusé ailleurs » ${HORS}`);
  });

  it('an unknown or deleted offer keeps its 404', async () => {
    const r = await g32.get('/gestion/formations/fo_inexistant');
    expect(r.statusCode).toBe(404);
    expect(texte(r.body)).toContain('Cette formation n’existe pas ou a été supprimée.');
    const org = organismeDe(SIREN_A);
    const { id } = await saveFormation(t.ctx, org, formationFixture({ cle_externe: 'HP-SUPPR' }));
    await transition(t.ctx, org, id, 'supprimer');
    expect((await g32.get(`/gestion/formations/${id}`)).statusCode).toBe(404);
  });
});
