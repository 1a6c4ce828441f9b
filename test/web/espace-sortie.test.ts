import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A, SIREN_B, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  confirmer,
  creerParFormulaire,
  entreesHistorique,
  ficheComplete,
  loadReferentiels,
  publieeParPages,
  retirerParPages,
  sessionForm,
  statutDe,
} from './espace.helpers.ts';

// A tester's report (04/12): an organisme could not delete a draft nor archive an offer from its
// pages (only the API or a workbook row could), though /espace has their tabs and FORM_DOUBLON
// tells it to archive one of two duplicates. « Supprimer le brouillon » / « Archiver »: a
// confirmation page, a POST, the API's transition (same rules, same history).

let t: TestWeb;
let org: Navigateur;
let orgB: Navigateur;
let g11: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@sortie.test', role: 'organisme', siren: SIREN_A }, '10.44.0.1');
  orgB = await connecte(t, { email: 'autre@sortie.test', role: 'organisme', siren: SIREN_B }, '10.44.0.2');
  g11 = await connecte(t, { email: 'g11@sortie.test', role: 'gestionnaire', region: '11' }, '10.44.0.3');
});
afterAll(() => t?.close());

const statut = (id: string) => statutDe(t.ctx, id);

describe('« Supprimer le brouillon »', () => {
  it('is offered on a draft, confirmed on its own page, then the draft is in « Supprimées »', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Brouillon à supprimer' }));
    const fiche = await org.get(`/espace/formations/${id}`);
    expect(fiche.body).toContain(`href="/espace/formations/${id}/supprimer"`);
    expect(fiche.body).not.toContain(`href="/espace/formations/${id}/archiver"`);

    const { confirmation, r } = await retirerParPages(org, id, 'supprimer', 'brouillon');
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('<h1>Supprimer le brouillon « Brouillon à supprimer » ?</h1>');
    expect(confirmation.body).toContain(`action="/espace/formations/${id}/supprimer"`);
    expect(texte(confirmation.body)).toContain('Annuler');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/espace?info=supprimee&formation=${id}`);
    expect(await statut(id)).toBe('supprimee');
    expect(texte((await org.get(String(r.headers.location))).body)).toContain(
      'Brouillon « Brouillon à supprimer » supprimé. Vous le retrouvez dans l’onglet « Supprimées »',
    );
    expect(texte((await org.get('/espace?statut=supprimee')).body)).toContain('Brouillon à supprimer');
    // The API's transition: the same history entry.
    const h = await t.ctx.db
      .selectFrom('historique')
      .select(['action', 'acteur'])
      .where('formation_id', '=', id)
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    expect(h.action).toBe('supprimer');
    // Sent again (Back, two tabs): said, nothing more done.
    const encore = await org.post(`/espace/formations/${id}/supprimer`, { statut: 'brouillon' });
    expect(encore.statusCode).toBe(409);
    expect(texte(encore.body)).toContain('La formation « Brouillon à supprimer » est déjà supprimée');
    expect(texte(encore.body)).toContain('Retour à la formation');
  });

  it('is refused, in French, on an offer that is not a draft, and when the statut changed since the confirmation', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Soumise entre-temps' }));
    await org.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    await org.get(`/espace/formations/${id}/supprimer`);
    // A colleague submits it meanwhile.
    await confirmer(org, id);
    expect(await statut(id)).toBe('en_attente_validation');
    const r = await org.post(`/espace/formations/${id}/supprimer`, { statut: 'brouillon' });
    expect(r.statusCode).toBe(409);
    expect(texte(r.body)).toContain(
      'La formation « Soumise entre-temps » n’est pas un brouillon jamais publié (son statut est « En attente de validation ») : elle ne se supprime pas depuis votre espace. Archivez-la',
    );
    expect((await org.get(`/espace/formations/${id}/supprimer`)).statusCode).toBe(409);
    expect(await statut(id)).toBe('en_attente_validation');

    // Confirmed as « En attente », validated meanwhile: archiving is allowed but not what was confirmed.
    await org.get(`/espace/formations/${id}/archiver`);
    await t.ctx.db.updateTable('formation').set({ statut: 'a_corriger' }).where('id', '=', id).execute();
    const change = await org.post(`/espace/formations/${id}/archiver`, { statut: 'en_attente_validation' });
    expect(change.statusCode).toBe(409);
    expect(texte(change.body)).toContain(
      'a changé de statut depuis l’affichage de la confirmation (« En attente de validation » → « À corriger ») : rien n’a été fait.',
    );
    expect(await statut(id)).toBe('a_corriger');
  });
});

describe('« Archiver »', () => {
  it('archives a published offer after its confirmation: sessions closed, notice naming it and its tab', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Offre à archiver');
    const fiche = await org.get(`/espace/formations/${id}`);
    expect(fiche.body).toContain(`href="/espace/formations/${id}/archiver"`);
    expect(fiche.body).not.toContain(`href="/espace/formations/${id}/supprimer"`);
    const { confirmation, r } = await retirerParPages(org, id, 'archiver', 'publiee');
    expect(confirmation.body).toContain('<h1>Archiver « Offre à archiver » ?</h1>');
    expect(texte(confirmation.body)).toContain('Cette offre ne sera plus diffusée');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`/espace?info=archivee&formation=${id}`);
    expect(await statut(id)).toBe('archivee');
    expect(texte((await org.get(String(r.headers.location))).body)).toContain(
      'Formation « Offre à archiver » archivée : elle n’est plus diffusée. Vous la retrouvez dans l’onglet « Archivées » ; pour la faire revivre, publiez-la de nouveau depuis sa page.',
    );
    const fermees = await t.ctx.db
      .selectFrom('session')
      .select('etat_recrutement')
      .where('formation_id', '=', id)
      .execute();
    expect(fermees.every((s) => s.etat_recrutement === 'ferme')).toBe(true);
    expect((await entreesHistorique(org, id))[0]).toMatch(/Archiv/);
    // The archived page offers neither again; a second post is said.
    const apres = await org.get(`/espace/formations/${id}`);
    expect(apres.body).not.toContain(`/espace/formations/${id}/archiver"`);
    const encore = await org.post(`/espace/formations/${id}/archiver`, { statut: 'publiee' });
    expect(encore.statusCode).toBe(409);
    expect(texte(encore.body)).toContain(
      'La formation « Offre à archiver » est déjà archivée : rien n’a été fait.',
    );
  });

  it('refuses a draft (« Supprimer le brouillon » instead)', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Brouillon non archivé' }));
    const r = await org.post(`/espace/formations/${id}/archiver`, { statut: 'brouillon' });
    expect(r.statusCode).toBe(409);
    expect(texte(r.body)).toContain('est un brouillon jamais publié : supprimez-le plutôt');
    expect(await statut(id)).toBe('brouillon');
  });
});

describe('boundaries', () => {
  it('another organisme’s formation is not found (404), a gestionnaire is refused (403), anonymous signs in', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Pas à eux' }));
    for (const action of ['supprimer', 'archiver']) {
      const vue = await orgB.get(`/espace/formations/${id}/${action}`);
      expect(vue.statusCode).toBe(404);
      expect(texte(vue.body)).toContain(
        'Cette formation n’existe pas ou n’est pas dans l’offre de votre structure.',
      );
      await orgB.get('/espace');
      expect(
        (await orgB.post(`/espace/formations/${id}/${action}`, { statut: 'brouillon' })).statusCode,
      ).toBe(404);
      expect((await g11.get(`/espace/formations/${id}/${action}`)).statusCode).toBe(403);
      await g11.get('/gestion');
      expect((await g11.post(`/espace/formations/${id}/${action}`, {})).statusCode).toBe(403);
      const anonyme = new Navigateur(t.app, '10.44.0.9');
      const a = await anonyme.get(`/espace/formations/${id}/${action}`);
      expect(a.statusCode).toBe(303);
      expect(String(a.headers.location)).toMatch(/^\/connexion\?retour=/);
    }
    // Without the form's CSRF token: refused, nothing done.
    await org.get(`/espace/formations/${id}/supprimer`);
    expect((await org.post(`/espace/formations/${id}/supprimer`, {}, { csrf: null })).statusCode).toBe(403);
    expect(await statut(id)).toBe('brouillon');
    void SIRET_B;
  });
});
