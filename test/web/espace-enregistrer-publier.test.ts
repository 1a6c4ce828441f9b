import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import type { Navigateur, TestWeb } from '../auth/web.helpers.ts';
import { texte } from '../auth/web.helpers.ts';
import {
  confirmer,
  creerParFormulaire,
  espaceAvecReferentiels,
  ficheComplete,
  sessionForm,
  versionLue,
} from './espace.helpers.ts';

// A tester's report (04/12, LOW): on a draft's page, typing the cursus duration then clicking
// « Publier » said « Champ obligatoire non renseigné : la durée du cursus » and the typed value was
// lost — « Publier » is its own form and publishes what is saved. The formation form now offers
// « Enregistrer et publier »: what is typed is saved, then published as « Publier » does.

let t: TestWeb;
let org: Navigateur;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('cfa@enregistrer-publier.test', '10.46.0.1'));
}, 120_000);
afterAll(() => t?.close());

const duree = async (id: string) =>
  await t.ctx.db
    .selectFrom('formation')
    .select(['duree_annees', 'statut'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('« Enregistrer et publier » on the formation form', () => {
  it('saves what was typed, then leads to the read-back page as « Publier » does', async () => {
    const id = await creerParFormulaire(
      org,
      ficheComplete(SIRET_A, { intitule: 'Brouillon sans durée', 'modalites.duree_annees': '' }),
    );
    expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm())).statusCode).toBe(
      303,
    );
    const fiche = await org.get(`/espace/formations/${id}`);
    expect(fiche.body).toMatch(
      /<button[^>]*name="action"[^>]*value="publier"[^>]*>\s*Enregistrer et publier/,
    );

    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, {
        action: 'publier',
        intitule: 'Brouillon sans durée',
        'modalites.duree_annees': '3',
      }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    expect(r.headers.location).toBe(`/espace/formations/${id}/relire`);
    // Saved, not yet published: the read-back page's « Confirmer la publication » does that.
    expect(await duree(id)).toEqual({ duree_annees: 3, statut: 'brouillon' });
    expect((await confirmer(org, id)).statusCode).toBe(303);
    expect((await duree(id)).statut).toBe('en_attente_validation');
  });

  it('with a mandatory field still missing: what was typed is kept, and the missing field listed', async () => {
    const id = await creerParFormulaire(
      org,
      ficheComplete(SIRET_A, { intitule: 'Brouillon sans session', 'modalites.duree_annees': '' }),
    );
    const r = await org.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, {
        action: 'publier',
        intitule: 'Brouillon sans session',
        'modalites.duree_annees': '2',
      }),
      version: await versionLue(org, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(400);
    expect(await duree(id)).toEqual({ duree_annees: 2, statut: 'brouillon' });
    // The duration is no longer missing; the session is.
    expect(texte(r.body)).not.toContain('la durée du cursus');
    expect(texte(r.body)).toMatch(/session/i);
  });

  it('is not offered on a formation waiting for validation', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Envoyée' }));
    expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm())).statusCode).toBe(
      303,
    );
    expect((await org.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
    expect((await confirmer(org, id)).statusCode).toBe(303);
    const fiche = await org.get(`/espace/formations/${id}`);
    expect(fiche.body).not.toContain('Enregistrer et publier');
  });
});
