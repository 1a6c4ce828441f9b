import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels, sessionForm } from './espace.helpers.ts';

// Fresh user (03/12): a form sent twice (F5, double click) made two identical sessions, and two
// valid API keys of the same name. The second session is added only once confirmed, as a likely
// duplicate formation is; a key name already held by an active key of the same holder is refused.

let t: TestWeb;
let org: Navigateur;
let admin: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(
    t,
    { email: 'cfa@a.test', role: 'organisme', siren: SIRET_A.slice(0, 9) },
    '10.40.0.1',
  );
  const a = await compte(t, { email: 'admin@offre.test', role: 'admin', nom: 'Ada Admin' });
  admin = new Navigateur(t.app, '10.40.0.2');
  await admin.seConnecter(a.email, a.motDePasse);
});
afterAll(() => t.close());

const sessions = (id: string) =>
  t.ctx.db.selectFrom('session').select(['id', 'debut', 'fin']).where('formation_id', '=', id).execute();

describe('a new session identical to one of the formation’s', () => {
  it('is not added twice by a form sent again; added once « autre session » is ticked', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Double envoi' }));
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    await org.get(url);
    expect((await org.post(url, sessionForm())).statusCode).toBe(303);

    const encore = await org.post(url, sessionForm());
    expect(encore.statusCode).toBe(400);
    const lu = texte(encore.body);
    expect(lu).toContain(
      'Cette formation a déjà une session du 6 septembre 2027 au 30 juin 2029 à cet endroit :',
    );
    // Named by its dates, not by its internal reference (« (se_…) »).
    const [premiere] = await sessions(id);
    expect(lu).not.toContain(premiere!.id);
    expect(encore.body).toContain('href="#confirmer_doublon"');
    expect(encore.body).toContain('name="confirmer_doublon"');
    // The refusal's stable code, as every error shown on a page.
    expect(lu).toContain('Code de l’erreur : SESSION_EN_DOUBLE');
    expect(await sessions(id)).toHaveLength(1);

    // Another session (other days) needs no confirmation; the same one, confirmed, is added.
    expect((await org.post(url, sessionForm({ debut: '2027-09-13' }))).statusCode).toBe(303);
    expect((await org.post(url, { ...sessionForm(), confirmer_doublon: 'oui' })).statusCode).toBe(303);
    expect(await sessions(id)).toHaveLength(3);
  });
});

describe('an API key created twice with the same name', () => {
  const creer = (over: Record<string, string> = {}) =>
    admin.post('/admin/cles', { name: 'SI Affelnet', scope: 'read', siren: '', expire: '', ...over });

  it('is refused on the name field while the first one is active; free again once it is revoked', async () => {
    await admin.get('/admin/cles');
    expect((await creer()).statusCode).toBe(201);
    const encore = await creer();
    expect(encore.statusCode).toBe(400);
    expect(texte(encore.body)).toContain('Nom : une clé active s’appelle déjà « SI Affelnet »');
    expect(encore.body).toContain('href="#name"');
    expect(encore.body).not.toContain('id="cle-secrete"');
    // Another case or surrounding spaces name the same key.
    const casse = await creer({ name: ' si AFFELNET ' });
    expect(casse.statusCode).toBe(400);
    expect(texte(casse.body)).toContain('Nom : une clé active s’appelle déjà « SI Affelnet »');
    const actives = () =>
      t.ctx.db
        .selectFrom('api_key')
        .select('id')
        .where('name', '=', 'SI Affelnet')
        .where('revoked_at', 'is', null)
        .execute();
    const [cle] = await actives();
    expect(await actives()).toHaveLength(1);

    await admin.get(`/admin/cles/${cle!.id}/revoquer`);
    expect((await admin.post(`/admin/cles/${cle!.id}/revoquer`, {})).statusCode).toBe(303);
    await admin.get('/admin/cles');
    expect((await creer()).statusCode).toBe(201);
  });
});
