import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_A } from '../helpers/formations.ts';
import { confirmer, ficheComplete, sessionForm, versionLue } from './espace.helpers.ts';

// An archived formation in the signed-in pages (docs/produit.md « Archivage, suppression »):
// the organisme's page says it is archived and how it comes back (« Publier »), shows it read-only
// and offers only « Publier »; every form of it, forged, is refused whole (409) by a page that says
// why and leads back to the formation; the gestionnaire's review says what is true of it.

let t: TestWeb;
let navA: Navigateur;
let navB: Navigateur;
let navG: Navigateur;
const orgA = organismeDe(SIREN_A);
const g84 = gestionnaireDe('84'); // the fixture's session is in Lyon

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const a = await compte(t, { email: 'claire@cfa-a.test', role: 'organisme', siren: SIREN_A });
  const g = await compte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' });
  navA = new Navigateur(t.app, '10.21.0.1');
  navB = await connecte(t, { email: 'bruno@cfa-b.test', role: 'organisme', siren: SIREN_B }, '10.21.0.2');
  navG = new Navigateur(t.app, '10.21.0.3');
  await navA.seConnecter(a.email, a.motDePasse);
  await navG.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t.close());

/** A formation of A, published, validated, then archived (as the workbook's yellow row does). */
async function archivee(cle: string, intitule: string, etat?: 'ferme'): Promise<{ id: string; sid: string }> {
  const f = formationFixture({ cle_externe: cle, intitule });
  const input = etat ? { ...f, sessions: f.sessions.map((s) => ({ ...s, etat_recrutement: etat })) } : f;
  const { id } = await saveFormation(t.ctx, orgA, input);
  await transition(t.ctx, orgA, id, 'publier');
  await transition(t.ctx, g84, id, 'valider');
  await transition(t.ctx, orgA, id, 'archiver');
  const { sid } = await t.ctx.db
    .selectFrom('session')
    .select('id as sid')
    .where('formation_id', '=', id)
    .executeTakeFirstOrThrow();
  return { id, sid };
}

/** What a refused write must leave as it was: the offer, its sessions, its history. */
async function etat(id: string) {
  const db = t.ctx.db;
  return {
    formation: await db
      .selectFrom('formation')
      .select(['intitule', 'statut', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    sessions: await db
      .selectFrom('session')
      .select(['id', 'capacite', 'archivee'])
      .where('formation_id', '=', id)
      .orderBy('id')
      .execute(),
    historique: (
      await db
        .selectFrom('historique')
        .select(db.fn.countAll<number>().as('n'))
        .where('formation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  };
}

describe('the organisme’s page of an archived formation', () => {
  it('says it is archived and how it comes back, shows it read-only, and offers only « Publier »', async () => {
    const { id, sid } = await archivee('ARCH-1', 'BTS archivé un');
    const r = await navA.get(`/espace/formations/${id}`);
    expect(r.statusCode).toBe(200);
    const lu = texte(r.body);
    expect(r.body).toContain('id="archivee"');
    expect(lu).toContain('Cette formation est archivée');
    expect(lu).toContain('Pour la faire revivre, publiez-la');
    // Read-only: the values shown, no field to edit, no session action.
    expect(lu).toContain('Contenu de la formation (lecture seule)');
    expect(lu).toContain('BTS archivé un');
    expect(lu).toContain(`référence ${sid}`);
    expect(r.body).not.toMatch(
      /<(input|textarea|select)[^>]*name="(intitule|objectif|certification\.recherche)"/,
    );
    expect(r.body).not.toContain(`action="/espace/formations/${id}"`);
    for (const lien of [`/sessions/nouvelle?depuis=${sid}`, `/sessions/${sid}/retirer`])
      expect(r.body).not.toContain(lien);
    for (const bouton of [
      'Enregistrer le brouillon',
      'Retirer la session',
      'Dupliquer la session',
      'Ajouter une session',
      'Modifier la session',
    ])
      expect(lu, bouton).not.toContain(bouton);
    // The one action that works: « Publier » (it brings the offer back through validation).
    const forms = [...r.body.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1]);
    expect(forms.filter((a) => a!.startsWith('/espace/formations/'))).toEqual([
      `/espace/formations/${id}/publier`,
    ]);
  });

  // A fresh user's report (02/12): « Parcoursup : Non publiable – parce que l’offre n’est pas encore
  // publiée » of an offer published then archived.
  it('says in the Conformité box that each platform does not publish it because it is archived', async () => {
    const { id } = await archivee('ARCH-PS', 'BTS archivé conformité');
    const lu = texte((await navA.get(`/espace/formations/${id}`)).body);
    for (const p of ['Parcoursup', 'Affelnet'])
      expect(lu).toMatch(new RegExp(`${p} : Non publiable – parce que l’offre est archivée`));
    expect(lu).not.toContain('pas encore publiée');
  });

  it('shows its sessions’ recruitment closed (archiving closed them), never « Recrutement ouvert »', async () => {
    const { id } = await archivee('ARCH-REC', 'BTS archivé recrutement');
    const lu = texte((await navA.get(`/espace/formations/${id}`)).body).toLowerCase();
    // Its session, read-only, and the history entry the archiving wrote for it.
    expect(lu).toMatch(/sessions session 1 [^»]*, recrutement fermé, 24 places/);
    // (The history may say the session was added with its recruitment open: not the page's state.)
    expect(lu.slice(0, lu.indexOf('historique dates et heures'))).not.toContain('recrutement ouvert');
    expect(lu).toMatch(/archivage le [^»]*modification le [^»]*: recrutement : ouvert → fermé/);
  });

  it('refuses every form of it, forged, whole (409), with the reason and a way back to the formation', async () => {
    const { id, sid } = await archivee('ARCH-2', 'BTS archivé deux');
    const avant = await etat(id);
    const posts: [string, Record<string, string>][] = [
      [`/espace/formations/${id}`, { action: 'enregistrer', intitule: 'Titre changé en douce' }],
      [`/espace/formations/${id}`, { action: 'chercher', 'certification.recherche': 'RNCP' }],
      [`/espace/formations/${id}/sessions/nouvelle`, sessionForm()],
      [`/espace/formations/${id}/sessions/${sid}`, sessionForm({ capacite: '3' })],
      [`/espace/formations/${id}/sessions/${sid}/retirer`, {}],
    ];
    for (const [url, form] of posts) {
      const r = await navA.post(url, form);
      expect(r.statusCode, url).toBe(409);
      const lu = texte(r.body);
      expect(lu, url).toContain('Formation archivée : action impossible');
      expect(lu, url).toContain('La formation « BTS archivé deux » est archivée : republiez-la d’abord');
      // Named by its title: the internal id is the address's, not a user's.
      expect(lu, url).not.toContain(id);
      expect(lu, url).toContain('Rien n’a été enregistré');
      expect(r.body, url).toMatch(
        new RegExp(`<a class="fr-btn" href="/espace/formations/${id}">Retour à la formation</a>`),
      );
    }
    // Nor are its session forms offered by address.
    for (const url of [
      `/espace/formations/${id}/sessions/nouvelle`,
      `/espace/formations/${id}/sessions/nouvelle?depuis=${sid}`,
      `/espace/formations/${id}/sessions/${sid}`,
    ]) {
      const r = await navA.get(url);
      expect(r.statusCode, url).toBe(409);
      expect(r.body, url).toContain('Retour à la formation');
    }
    expect(await etat(id)).toEqual(avant);
  });

  it('keeps another organisme’s boundary first: its forged posts on the archived offer are 404', async () => {
    const { id, sid } = await archivee('ARCH-3', 'BTS archivé trois');
    const avant = await etat(id);
    for (const url of [
      `/espace/formations/${id}`,
      `/espace/formations/${id}/sessions/${sid}/retirer`,
      `/espace/formations/${id}/publier`,
    ]) {
      const r = await navB.post(url, { intitule: 'Pirate' });
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toContain('Retour à la formation');
    }
    expect(await etat(id)).toEqual(avant);
  });

  it('comes back by « Publier » → relire → confirmer, then is editable again', async () => {
    const { id } = await archivee('ARCH-4', 'BTS archivé quatre');
    const p = await navA.post(`/espace/formations/${id}/publier`, {});
    expect(p.statusCode).toBe(303);
    expect(p.headers.location).toBe(`/espace/formations/${id}/relire`);
    const relire = await navA.get(`/espace/formations/${id}/relire`);
    expect(relire.statusCode).toBe(200);
    expect(texte(relire.body)).toContain(
      'Cette formation est archivée : elle ne se modifie qu’une fois republiée',
    );
    expect(relire.body).not.toContain('>Modifier<');
    const c = await confirmer(navA, id);
    expect(c.statusCode).toBe(303);
    const page = await navA.get(`/espace/formations/${id}`);
    expect(page.body).not.toContain('id="archivee"');
    expect(page.body).toContain(`action="/espace/formations/${id}"`);
    // Waiting for validation again, it keeps its mandatory fields: the whole form, as it shows it.
    const r = await navA.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'BTS revenu', 'certification.rncp': 'RNCP38368' }),
      version: await versionLue(navA, `/espace/formations/${id}`),
    });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    expect((await etat(id)).formation).toMatchObject({
      intitule: 'BTS revenu',
      statut: 'en_attente_validation',
    });
  });
});

describe('the gestionnaire’s review of an archived formation', () => {
  it('says it is archived and waits for nothing — not a « re-publication inchangée »', async () => {
    // Its recruitment closed before: the archiving changes nothing else (it closes open sessions).
    const { id } = await archivee('ARCH-5', 'BTS archivé cinq', 'ferme');
    const r = await navG.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(200);
    const lu = texte(r.body);
    expect(lu).toContain('Offre archivée : elle n’attend pas de validation');
    expect(lu).toContain('Aucune modification depuis la dernière validation.');
    expect(lu).toContain('Cette offre est archivée : elle n’attend pas de validation, aucune décision');
    expect(lu).not.toContain('re-publication');
    expect(lu).not.toContain('Première publication');
    // Republished unchanged, it is truly an unchanged re-publication, in the queue.
    await transition(t.ctx, orgA, id, 'publier');
    const apres = texte((await navG.get(`/gestion/formations/${id}`)).body);
    expect(apres).toContain('re-publication inchangée');
    expect(apres).not.toContain('Offre archivée');
  });

  it('does not call an archived offer never validated a « première publication »', async () => {
    const { id } = await saveFormation(
      t.ctx,
      orgA,
      formationFixture({ cle_externe: 'ARCH-6', intitule: 'Brouillon archivé' }),
    );
    await transition(t.ctx, orgA, id, 'archiver');
    const r = await navG.get(`/gestion/formations/${id}`);
    expect(r.statusCode).toBe(200);
    const lu = texte(r.body);
    expect(lu).toContain('Jamais validée : aucune version validée à comparer');
    expect(lu).not.toContain('Première publication');
    expect(lu).toContain('Offre archivée');
  });
});
