import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  retirerParPages,
  sessionForm,
  statutDe,
} from './espace.helpers.ts';

// A fresh user's report (07/12): a deleted draft's page still showed the whole form (« Enregistrer »,
// « Retirer la session 1 »); saving it said « Le formulaire contient une erreur » with
// FORMATION_SUPPRIMEE under « Intitulé ». A deleted offer is shown read-only, says it is deleted and
// who restores it (a gestionnaire); its forms, forged, are refused whole by a page that says why.

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@supprimee.test', role: 'organisme', siren: SIREN_A }, '10.45.0.1');
});
afterAll(() => t?.close());

async function supprime(intitule: string): Promise<{ id: string; sid: string }> {
  const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule }));
  const s = await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
  expect(s.statusCode, texte(s.body).slice(0, 300)).toBe(303);
  const { r } = await retirerParPages(org, id, 'supprimer', 'brouillon');
  expect(r.statusCode).toBe(303);
  expect(await statutDe(t.ctx, id)).toBe('supprimee');
  const { sid } = await t.ctx.db
    .selectFrom('session')
    .select('id as sid')
    .where('formation_id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, sid };
}

describe('the organisme’s page of a deleted draft', () => {
  it('says it is deleted and who restores it, and shows it read-only', async () => {
    const { id, sid } = await supprime('Brouillon supprimé lu');
    const r = await org.get(`/espace/formations/${id}`);
    expect(r.statusCode).toBe(200);
    const lu = texte(r.body);
    expect(r.body).toContain('id="supprimee"');
    expect(lu).toContain('Cette formation est supprimée');
    expect(lu).toContain('un gestionnaire de la région');
    expect(lu).toContain('Contenu de la formation (lecture seule)');
    expect(lu).toContain('Brouillon supprimé lu');
    expect(r.body).not.toMatch(
      /<(input|textarea|select)[^>]*name="(intitule|objectif|certification\.recherche)"/,
    );
    expect(r.body).not.toContain(`action="/espace/formations/${id}"`);
    for (const lien of [`/sessions/nouvelle?depuis=${sid}`, `/sessions/${sid}/retirer`])
      expect(r.body).not.toContain(lien);
    for (const bouton of ['Enregistrer', 'Retirer la session', 'Ajouter une session', 'Modifier la session'])
      expect(lu, bouton).not.toContain(bouton);
    expect([...r.body.matchAll(/<form[^>]*action="(\/espace\/formations\/[^"]+)"/g)]).toEqual([]);
  });

  it('refuses its forms, forged, whole (409), with a page-level reason — never a field error', async () => {
    const { id, sid } = await supprime('Brouillon supprimé posté');
    const avant = await t.ctx.db
      .selectFrom('formation')
      .select(['intitule', 'statut', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const posts: [string, Record<string, string>][] = [
      [
        `/espace/formations/${id}`,
        { ...ficheComplete(SIRET_A, { intitule: 'Changé' }), action: 'enregistrer' },
      ],
      [`/espace/formations/${id}/sessions/nouvelle`, sessionForm()],
      [`/espace/formations/${id}/sessions/${sid}`, sessionForm({ capacite: '3' })],
      [`/espace/formations/${id}/sessions/${sid}/retirer`, {}],
    ];
    for (const [url, form] of posts) {
      const r = await org.post(url, form);
      expect(r.statusCode, url).toBe(409);
      const lu = texte(r.body);
      expect(lu, url).toContain('Formation supprimée : action impossible');
      expect(lu, url).toContain('La formation « Brouillon supprimé posté » est supprimée');
      expect(lu, url).toContain('un gestionnaire de la région');
      expect(lu, url).toContain('Rien n’a été enregistré');
      expect(lu, url).not.toContain('Le formulaire contient');
      expect(r.body, url).not.toContain('fr-error-text');
      expect(r.body, url).toContain('Retour à la formation');
    }
    expect(
      await t.ctx.db
        .selectFrom('formation')
        .select(['intitule', 'statut', 'version'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow(),
    ).toEqual(avant);
  });
});
