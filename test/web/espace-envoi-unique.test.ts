import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { ficheComplete, idDe, loadReferentiels } from './espace.helpers.ts';

// A tester's report (04/12): « Enregistrer le brouillon » of a new formation sent several times
// (three tabs at once, Back then send again) created as many drafts, the duplicate warning only
// running with a certification chosen. The form's one-time token (migration 1040): one formation.

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@envoi.test', role: 'organisme', siren: SIREN_A }, '10.45.0.1');
});
afterAll(() => t?.close());

/** The one-time token of the new-formation form as the page hands it out. */
async function jetonDuFormulaire(): Promise<string> {
  const page = await org.get('/espace/formations/nouvelle');
  const m = /name="jeton_envoi" value="([^"]+)"/.exec(page.body);
  expect(m, 'the form carries a one-time token').not.toBeNull();
  return m![1]!;
}

const nombre = async (intitule: string) =>
  (await t.ctx.db.selectFrom('formation').select('id').where('intitule', '=', intitule).execute()).length;

// No certification: the duplicate warning does not run, only the token holds.
const sansCertification = (intitule: string) =>
  ficheComplete(SIRET_A, { intitule, 'certification.rncp': '' });

describe('the new-formation form sent more than once', () => {
  it('creates one formation for concurrent POSTs with the same token', async () => {
    const jeton = await jetonDuFormulaire();
    const form = { ...sansCertification('Trois onglets à la fois'), jeton_envoi: jeton };
    const reponses = await Promise.all([1, 2, 3].map(() => org.post('/espace/formations/nouvelle', form)));
    expect(reponses.map((r) => r.statusCode)).toEqual([303, 303, 303]);
    expect(new Set(reponses.map((r) => idDe(r.headers.location))).size).toBe(1);
    expect(await nombre('Trois onglets à la fois')).toBe(1);
    const infos = reponses.map((r) => String(r.headers.location).split('?info=')[1]).sort();
    expect(infos).toEqual(['cree', 'deja_creee', 'deja_creee']);
  });

  it('leads a second sending (Back, then send again) to the formation created, with a notice', async () => {
    const jeton = await jetonDuFormulaire();
    const form = { ...sansCertification('Retour puis renvoi'), jeton_envoi: jeton };
    const premier = await org.post('/espace/formations/nouvelle', form);
    expect(premier.statusCode).toBe(303);
    const id = idDe(premier.headers.location);
    const second = await org.post('/espace/formations/nouvelle', {
      ...form,
      intitule: 'Retour puis renvoi, retouché',
    });
    expect(second.statusCode).toBe(303);
    expect(second.headers.location).toBe(`/espace/formations/${id}?info=deja_creee`);
    expect(texte((await org.get(String(second.headers.location))).body)).toContain(
      'Ce formulaire a déjà été envoyé : voici la formation créée.',
    );
    expect(await nombre('Retour puis renvoi')).toBe(1);
    expect(await nombre('Retour puis renvoi, retouché')).toBe(0);
    // A new form (a new token) creates another one, as asked.
    const autre = await org.post('/espace/formations/nouvelle', {
      ...form,
      jeton_envoi: await jetonDuFormulaire(),
    });
    expect(idDe(autre.headers.location)).not.toBe(id);
  });

  it('keeps the token through a refused form, which consumes nothing', async () => {
    const jeton = await jetonDuFormulaire();
    const refuse = await org.post('/espace/formations/nouvelle', {
      ...sansCertification(''),
      jeton_envoi: jeton,
    });
    expect(refuse.statusCode).toBe(400);
    expect(refuse.body).toContain(`name="jeton_envoi" value="${jeton}"`);
    const ok = await org.post('/espace/formations/nouvelle', {
      ...sansCertification('Corrigée puis envoyée'),
      jeton_envoi: jeton,
    });
    expect(String(ok.headers.location)).toMatch(/\?info=cree$/);
    expect(await nombre('Corrigée puis envoyée')).toBe(1);
  });

  it('purges the tokens older than 30 days when a formation is created, keeping the recent ones', async () => {
    const jour = 86_400_000;
    const ilYa = (jours: number) => new Date(Date.now() - jours * jour);
    await t.ctx.db
      .insertInto('formulaire_envoi')
      .values([
        { jeton: 'jeton-ancien-de-31-jours', siren: SIREN_A, created_at: ilYa(31) },
        { jeton: 'jeton-recent-de-29-jours', siren: SIREN_A, created_at: ilYa(29) },
      ])
      .execute();
    const cree = await org.post('/espace/formations/nouvelle', {
      ...sansCertification('Créée, la purge passe'),
      jeton_envoi: await jetonDuFormulaire(),
    });
    expect(String(cree.headers.location)).toMatch(/\?info=cree$/);
    const jetons = (await t.ctx.db.selectFrom('formulaire_envoi').select('jeton').execute()).map(
      (r) => r.jeton,
    );
    expect(jetons).not.toContain('jeton-ancien-de-31-jours');
    expect(jetons).toContain('jeton-recent-de-29-jours');
    expect(jetons.length).toBeGreaterThan(1); // this test's earlier tokens stay too
  });
});
