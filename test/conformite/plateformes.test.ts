import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { recomputeAll } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { decidePlateforme } from '../../src/services/plateforme.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { bearer, type TestApi, testApi } from '../api/helpers.ts';
import { loadReferentiels } from './faits.helper.ts';
import { bts, NOW, REFERENTIELS } from './formations.fixture.ts';

// Parcoursup / Affelnet statuses: instructor decisions (sticky), platform feed and returns.

let t: TestApi;
const sys = SYSTEME('test');
const instructeurLyon: Acteur = {
  kind: 'utilisateur',
  id: 'u-i',
  email: 'instructeur@ac-lyon.fr',
  nom: 'Instructeur Lyon',
  role: 'instructeur',
  siren: null,
  regions: [],
  academies: ['10'],
};
const instructeurLille: Acteur = {
  ...instructeurLyon,
  id: 'u-j',
  email: 'instructeur@ac-lille.fr',
  academies: ['09'],
};

beforeAll(async () => {
  t = await testApi({ now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
});
afterAll(() => t.close());

const statut = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('parcoursup').where('id', '=', id).executeTakeFirstOrThrow())
    .parcoursup;

async function publiee(cle: string) {
  const { id } = await saveFormation(t.ctx, sys, bts(cle));
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  return id;
}

describe('instructor decisions', () => {
  it('non_publie is sticky: recomputation, leaving the offer and coming back keep it; reprendre lifts it', async () => {
    const id = await publiee('STICKY');
    expect(await statut(id)).toBe('a_publier');
    const e = await decidePlateforme(t.ctx, instructeurLyon, id, 'parcoursup', {
      action: 'non_publier',
      motif: 'Capacité d’accueil insuffisante',
    });
    expect([e.statut, e.motif, e.libelle]).toEqual([
      'non_publie',
      'Capacité d’accueil insuffisante',
      'Non publié',
    ]);
    await recomputeAll(t.ctx);
    expect(await statut(id)).toBe('non_publie');
    // The offer disappears from the organisation's import (archived), then comes back: republished
    // (an archived offer is not changed, FORMATION_ARCHIVEE), then changed.
    await transition(t.ctx, sys, id, 'archiver');
    // Archived, it is out of the platforms' perimeter: « Non publiable » meanwhile, the decision kept.
    expect(await statut(id)).toBe('non_publiable');
    const garde = await t.ctx.db
      .selectFrom('plateforme_etat')
      .select('decision')
      .where('formation_id', '=', id)
      .where('plateforme', '=', 'parcoursup')
      .executeTakeFirstOrThrow();
    expect(garde.decision).toBe('non_publie');
    await transition(t.ctx, sys, id, 'publier');
    await saveFormation(t.ctx, sys, bts('STICKY', { objectif: 'Former des managers (mis à jour).' }));
    await transition(t.ctx, sys, id, 'valider');
    expect(await statut(id)).toBe('non_publie');
    const repris = await decidePlateforme(t.ctx, instructeurLyon, id, 'parcoursup', { action: 'reprendre' });
    expect(repris.statut).toBe('a_publier');
    const h = await t.ctx.db
      .selectFrom('historique')
      .select(['action', 'acteur'])
      .where('entite', '=', 'plateforme:parcoursup')
      .where('formation_id', '=', id)
      .orderBy('id')
      .execute();
    // With the recomputation's status moves (action recalcul): validated (« À publier »), archived
    // (out of the perimeter: « Non publiable »), validated again (the decision kept applies again),
    // the decision lifted (« À publier » again).
    const recalcul = { action: 'recalcul', acteur: 'systeme:conformite' };
    expect(h).toEqual([
      recalcul,
      { action: 'non_publier', acteur: 'utilisateur:instructeur@ac-lyon.fr' },
      recalcul,
      recalcul,
      { action: 'reprendre', acteur: 'utilisateur:instructeur@ac-lyon.fr' },
      recalcul,
    ]);
  });

  it('refuses an instructor of another académie, an organisation key, and an impossible transition', async () => {
    const id = await publiee('ACCES');
    await expect(
      decidePlateforme(t.ctx, instructeurLille, id, 'parcoursup', { action: 'publier' }),
    ).rejects.toThrow(/académie/);
    const cle = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/plateformes/parcoursup/decision`,
      headers: bearer(t.keys.writeA),
      payload: { action: 'publier' },
    });
    expect([cle.statusCode, cle.json().code]).toEqual([403, 'ACCES_REFUSE']);
    const aff = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/plateformes/affelnet/decision`,
      headers: bearer(t.keys.admin),
      payload: { action: 'publier' },
    });
    expect([aff.statusCode, aff.json().code]).toEqual([409, 'TRANSITION_PLATEFORME_INTERDITE']);
    expect(aff.json().detail).toContain('Affelnet');
  });
});

describe('platform feed and return', () => {
  it('publier → feed → retour publie (with the platform id) → rejet with reason and corrective action', async () => {
    const id = await publiee('FLUX');
    const dec = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/plateformes/parcoursup/decision`,
      headers: bearer(t.keys.admin),
      payload: { action: 'publier' },
    });
    expect(dec.json()).toMatchObject({ statut: 'pret_pour_integration', libelle: 'Prêt pour intégration' });
    const flux = await t.app.inject({
      method: 'GET',
      url: '/api/v1/plateformes/parcoursup/offres',
      headers: bearer(t.keys.read),
    });
    expect(flux.statusCode).toBe(200);
    const offre = flux.json().data.find((o: { id: string }) => o.id === id);
    expect(offre).toMatchObject({
      statut: 'pret_pour_integration',
      certification: { rncp: 'RNCP38368', cfd: '32031213' },
      responsable: { uai: '0693446W' },
    });
    expect(offre.sessions[0]).toMatchObject({ debut: '2026-09-01', code_insee: '69381' });
    const aff = await t.app.inject({
      method: 'GET',
      url: '/api/v1/plateformes/affelnet/offres',
      headers: bearer(t.keys.read),
    });
    expect([aff.statusCode, aff.json()]).toEqual([
      200,
      { plateforme: 'Affelnet', data: [], next_cursor: null },
    ]);

    const retour = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plateformes/parcoursup/retours',
      headers: bearer(t.keys.admin),
      payload: [
        { id, statut: 'publie', id_plateforme: 'PS-2026-42' },
        { id: 'inconnue', statut: 'publie' },
        { id, statut: 'rejet_publication' },
      ],
    });
    expect(retour.statusCode).toBe(200);
    expect(retour.json().appliques).toBe(1);
    expect(retour.json().erreurs.map((e: { code: string }) => e.code)).toEqual([
      'INTROUVABLE',
      'MOTIF_OBLIGATOIRE',
    ]);
    expect(await statut(id)).toBe('publie');
    await recomputeAll(t.ctx);
    expect(await statut(id)).toBe('publie');

    await t.app.inject({
      method: 'POST',
      url: '/api/v1/plateformes/parcoursup/retours',
      headers: bearer(t.keys.admin),
      payload: {
        retours: [
          {
            id,
            statut: 'rejet_publication',
            motif: 'UAI inconnu de Parcoursup',
            action_corrective: 'Vérifier l’UAI dans ACCE',
          },
        ],
      },
    });
    const etats = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/formations/${id}/plateformes`,
        headers: bearer(t.keys.admin),
      })
    ).json().data;
    expect(etats.find((e: { plateforme: string }) => e.plateforme === 'parcoursup')).toMatchObject({
      statut: 'rejet_publication',
      motif: 'UAI inconnu de Parcoursup',
      action_corrective: 'Vérifier l’UAI dans ACCE',
      id_plateforme: 'PS-2026-42',
    });
    const refus = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plateformes/parcoursup/retours',
      headers: bearer(t.keys.writeA),
      payload: [],
    });
    expect(refus.statusCode).toBe(403);
  });

  it('lists the scope rules shipped by the migration', async () => {
    const r = (
      await t.app.inject({ method: 'GET', url: '/api/v1/plateformes/regles', headers: bearer(t.keys.read) })
    ).json().data;
    expect(r).toHaveLength(15);
    expect(
      r.find(
        (x: { type_diplome: string; plateforme: string }) =>
          x.type_diplome === 'MC' && x.plateforme === 'parcoursup',
      ),
    ).toMatchObject({ niveau: '4', statut: 'a_publier_validation_recteur', version: 1 });
  });
});

describe('scope rules as data', () => {
  it('an administrator adds an académie override: new version, history, offers reclassified', async () => {
    const id = await publiee('SCOPE');
    expect(await statut(id)).toBe('a_publier');
    const refus = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plateformes/regles',
      headers: bearer(t.keys.writeA),
      payload: { plateforme: 'parcoursup', type_diplome: 'BTS', statut: 'non_publiable' },
    });
    expect(refus.statusCode).toBe(403);
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plateformes/regles',
      headers: bearer(t.keys.admin),
      payload: {
        plateforme: 'parcoursup',
        type_diplome: 'bts',
        academie: '10',
        statut: 'a_publier_validation_recteur',
        priorite: 500,
      },
    });
    expect(cree.statusCode).toBe(200);
    expect(cree.json().regle).toMatchObject({ type_diplome: 'BTS', academie: '10', version: 1 });
    expect(await statut(id)).toBe('a_publier_validation_recteur');
    const regleId = cree.json().regle.id;
    const modif = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/plateformes/regles/${regleId}`,
      headers: bearer(t.keys.admin),
      payload: {
        plateforme: 'parcoursup',
        type_diplome: 'BTS',
        academie: '10',
        statut: 'a_publier',
        priorite: 500,
        actif: false,
      },
    });
    expect(modif.json().regle).toMatchObject({ version: 2, actif: false });
    expect(await statut(id)).toBe('a_publier');
    const h = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/plateformes/regles/${regleId}/historique`,
        headers: bearer(t.keys.read),
      })
    ).json().data;
    expect(h.map((x: { version: number; action: string }) => [x.version, x.action])).toEqual([
      [1, 'create'],
      [2, 'update'],
    ]);
    const mauvais = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plateformes/regles',
      headers: bearer(t.keys.admin),
      payload: { plateforme: 'parcoursup', statut: 'publie' },
    });
    expect(mauvais.statusCode).toBe(400);
  });
});

describe('OpenAPI', () => {
  it('documents the conformity and platform routes', async () => {
    const doc = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const paths = Object.keys(doc.json().paths);
    for (const p of [
      '/formations/{id}/controles',
      '/plateformes/{plateforme}/offres',
      '/plateformes/{plateforme}/retours',
      '/formations/{id}/plateformes/{plateforme}/decision',
    ])
      expect(paths.some((x) => x.endsWith(p))).toBe(true);
  });
});
