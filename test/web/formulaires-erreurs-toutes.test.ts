import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { compte, Navigateur, posterCalendrier, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';

// A refused form says every problem of its fields at once — the DSFR error summary, each error a
// link to its field, each field its own message — not the first one the service met, as
// /admin/utilisateurs does: /admin/cles, a key's quotas, the campaign calendar (fresh user's
// report on 392e0e1f: « Le formulaire contient une erreur » and only « Nom »). Nothing stored.

let t: TestWeb;
let admin: Navigateur;
let g84: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => new Date('2026-11-28T10:00:00Z') });
  const comptes = await Promise.all([
    compte(t, { email: 'admin@offre.test', role: 'admin' }),
    compte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' }),
  ]);
  admin = new Navigateur(t.app, '10.66.0.1');
  g84 = new Navigateur(t.app, '10.66.0.2');
  await admin.seConnecter(comptes[0]!.email, comptes[0]!.motDePasse);
  await g84.seConnecter(comptes[1]!.email, comptes[1]!.motDePasse);
});
afterAll(() => t.close());

/** The error summary's links, in order: [field id, message]. */
const resume = (html: string) => {
  const bloc = /<div[^>]*id="resume-erreurs"[^>]*>([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? '';
  return [...bloc.matchAll(/<a href="#([^"]+)">([\s\S]*?)<\/a>/g)].map((m) => [m[1], texte(m[2]!)]);
};
/** The message each field says under itself (`<id>-erreur`). */
const sousLeChamp = (html: string, id: string) =>
  texte(new RegExp(`id="${id}-erreur">([\\s\\S]*?)</p>`).exec(html)?.[1] ?? '');

describe('a refused form lists every field error at once', () => {
  it('/admin/cles: name, scope, SIREN, expiry and profile, each linked and under its field', async () => {
    await admin.get('/admin/cles');
    const r = await admin.post('/admin/cles', {
      name: '',
      scope: 'superuser',
      siren: '12',
      expire: '2025-01-01',
      profils: 'inconnu',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Le formulaire contient 5 erreurs');
    const erreurs = resume(r.body);
    expect(erreurs.map(([champ]) => champ)).toEqual(['name', 'scope', 'siren', 'expire', 'profils']);
    expect(erreurs.map(([, m]) => m)).toEqual([
      'Nom : donnez un nom à la clé, par exemple le système qui l’utilisera.',
      'Portée : « superuser » inconnue : read, write ou admin.',
      'SIREN de l’organisme : SIREN « 12 » invalide (9 chiffres, clé de Luhn).',
      'Dernier jour de validité : « 2025-01-01 » est déjà passé.',
      expect.stringMatching(/^Profils partenaires : profil partenaire « inconnu » inconnu : france-travail/),
    ]);
    for (const [champ, message] of erreurs) expect(sousLeChamp(r.body, champ!)).toBe(message);
    expect(await t.ctx.db.selectFrom('api_key').select('id').execute()).toEqual([]);
  });

  it('/admin/cles: what a scope asks of the SIREN and the profiles is said with the other errors', async () => {
    await admin.get('/admin/cles');
    const r = await admin.post('/admin/cles', {
      name: 'x'.repeat(201),
      scope: 'write',
      siren: '',
      expire: '',
    });
    expect(resume(r.body).map(([champ]) => champ)).toEqual(['name', 'siren']);
    const lue = await admin.post('/admin/cles', { name: '', scope: 'admin', profils: 'affelnet' });
    expect(resume(lue.body).map(([champ]) => champ)).toEqual(['name', 'profils']);
    expect(await t.ctx.db.selectFrom('api_key').select('id').execute()).toEqual([]);
  });

  it('the API and the command line keep saying the first refusal', async () => {
    await expect(
      createApiKey(t.ctx, { name: '', scope: 'superuser', siren: '12', expire: '2025-01-01' }),
    ).rejects.toMatchObject({ code: 'CLE_NOM', details: { champ: 'name' } });
    await expect(createApiKey(t.ctx, { name: 'x', scope: 'superuser', siren: '12' })).rejects.toMatchObject({
      code: 'CLE_PORTEE',
    });
  });

  it('a key’s quotas: both fields at once', async () => {
    const k = await createApiKey(t.ctx, { name: 'Quotas', scope: 'read' });
    await admin.get(`/admin/cles/${k.id}/quota`);
    const r = await admin.post(`/admin/cles/${k.id}/quota`, { lecture: '0', ecriture: 'beaucoup' });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Le formulaire contient 2 erreurs');
    expect(resume(r.body).map(([champ]) => champ)).toEqual(['lecture', 'ecriture']);
    expect(sousLeChamp(r.body, 'ecriture')).toContain('Écritures par fenêtre : quota « beaucoup » invalide');
    const row = await t.ctx.db
      .selectFrom('api_key')
      .select(['quota_lecture', 'quota_ecriture'])
      .where('id', '=', k.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ quota_lecture: null, quota_ecriture: null });
  });

  it('the campaign calendar: a date that is none and the date typed next to it', async () => {
    const r = await posterCalendrier(g84, '2027', {
      region: '84',
      ouverture_collecte: '2027-13-45',
      retour_attendu: '2026-01-01',
      transmission_catalogue: '2026-12-15',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Le formulaire contient 2 erreurs');
    const erreurs = resume(r.body);
    expect(erreurs).toEqual([
      [
        'ouverture_collecte',
        'Ouverture de la collecte : « 2027-13-45 » n’est pas une date du calendrier (JJ/MM/AAAA).',
      ],
      [
        'retour_attendu',
        'Retour des classeurs attendu (1er janvier 2026) doit venir après ouverture de la collecte (15 septembre 2026, date en vigueur : celle saisie est refusée).',
      ],
    ]);
    for (const [champ, message] of erreurs) expect(sousLeChamp(r.body, champ!)).toBe(message);
    expect(await t.ctx.db.selectFrom('campagne_region').selectAll().execute()).toEqual([]);
  });
});
