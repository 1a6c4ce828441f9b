import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAMPS_FICHE } from '../../src/http/web/espace/saisie.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { SIRET_A, SIRET_B } from '../api/helpers.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  champsDeLaPage,
  confirmer,
  creerParFormulaire,
  ficheComplete,
  idDe,
  liensDuResume,
  loadReferentiels,
  sessionForm,
  versionLue,
} from './espace.helpers.ts';

// The organisation's space over HTTP: the flow (form → sessions → publish → read back → confirm),
// its boundaries (anonymous, other roles, another SIREN's offers through every page and forged
// post) and bad form input (400 with the field named, never a 500).

let t: TestWeb;
let navA: Navigateur;
let navB: Navigateur;
const SIREN_A = SIRET_A.slice(0, 9);
const SIREN_B = SIRET_B.slice(0, 9);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  navA = await connecte(t, { email: 'claire@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.20.0.1');
  navB = await connecte(t, { email: 'bruno@cfa-b.test', role: 'organisme', siren: SIREN_B }, '10.20.0.2');
});
afterAll(() => t.close());

describe('the space’s boundaries', () => {
  it('sends anonymous visitors to sign in, and refuses other roles', async () => {
    const anonyme = new Navigateur(t.app, '10.20.1.1');
    for (const p of ['/espace', '/espace/formations/nouvelle', '/espace/formations/fo_x/relire']) {
      const r = await anonyme.get(p);
      expect(r.statusCode, p).toBe(303);
      expect(r.headers.location).toBe(`/connexion?retour=${encodeURIComponent(p)}`);
    }
    const g = await compte(t, { email: 'g@carif.test', role: 'gestionnaire', region: '84' });
    const navG = new Navigateur(t.app, '10.20.1.2');
    await navG.seConnecter(g.email, g.motDePasse);
    const r = await navG.get('/espace');
    expect(r.statusCode).toBe(403);
    expect(r.body).toContain('Accès refusé');
  });

  it('shows A nothing of B’s offers and refuses every page and forged post on them', async () => {
    const idB = await creerParFormulaire(navB, ficheComplete(SIRET_B, { intitule: 'Brouillon de B' }));
    const r = await navB.post(`/espace/formations/${idB}/sessions/nouvelle`, sessionForm());
    expect(r.statusCode).toBe(303);
    const sidB = (
      await t.ctx.db
        .selectFrom('session')
        .select('id')
        .where('formation_id', '=', idB)
        .executeTakeFirstOrThrow()
    ).id;

    await navA.get('/espace');
    expect((await navA.get('/espace')).body).not.toContain('Brouillon de B');
    for (const p of [
      `/espace/formations/${idB}`,
      `/espace/formations/${idB}/relire`,
      `/espace/formations/${idB}/sessions/nouvelle`,
      `/espace/formations/${idB}/sessions/${sidB}`,
    ]) {
      const r = await navA.get(p);
      expect(r.statusCode, p).toBe(404);
      // The way back is the space's list, not the refused formation.
      expect(r.body, p).toContain('href="/espace">Retour à mes formations');
      expect(r.body, p).not.toContain(`href="/espace/formations/${idB}"`);
    }
    const posts: [string, Record<string, string>][] = [
      [`/espace/formations/${idB}`, ficheComplete(SIRET_B, { intitule: 'Pirate' })],
      [`/espace/formations/${idB}/sessions/nouvelle`, sessionForm()],
      [`/espace/formations/${idB}/sessions/${sidB}`, sessionForm({ capacite: '1' })],
      [`/espace/formations/${idB}/sessions/${sidB}/retirer`, {}],
      [`/espace/formations/${idB}/publier`, {}],
      [`/espace/formations/${idB}/confirmer`, {}],
    ];
    for (const [p, form] of posts) {
      const res = await navA.post(p, form);
      expect(res.statusCode, p).toBe(404);
      expect(res.body).toContain('introuvable');
    }
    // Nothing changed on B's offer.
    const f = await t.ctx.db
      .selectFrom('formation')
      .select(['intitule', 'statut'])
      .where('id', '=', idB)
      .executeTakeFirstOrThrow();
    expect(f).toEqual({ intitule: 'Brouillon de B', statut: 'brouillon' });
    const sessions = await t.ctx.db
      .selectFrom('session')
      .select(['id', 'capacite'])
      .where('formation_id', '=', idB)
      .execute();
    expect(sessions).toEqual([{ id: sidB, capacite: 24 }]);

    // A cannot create an offer in B's name either: the field says why.
    await navA.get('/espace/formations/nouvelle');
    const pirate = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_B, { confirmer_doublon: 'oui' }),
    );
    expect(pirate.statusCode).toBe(400);
    expect(texte(pirate.body)).toContain(
      `Organisme responsable : le SIREN ${SIREN_B} n’est pas celui de votre structure`,
    );
    expect(pirate.body).toContain('href="#responsable.siret"');
  });

  it('says how to declare the duration of a course shorter than a year (conventionné courses)', async () => {
    const r = await navA.get('/espace/formations/nouvelle');
    expect(texte(r.body)).toContain(
      'Nombre entier d’années, de 0 à 10 ; 0 pour une formation de moins d’un an.',
    );
  });

  it('refuses a form post without the CSRF token', async () => {
    const r = await navA.post('/espace/formations/nouvelle', ficheComplete(SIRET_A), { csrf: null });
    expect(r.statusCode).toBe(403);
    expect(r.body).toContain('Formulaire expiré');
  });
});

describe('bad form input', () => {
  it('answers 400 with the form again, each message naming its field', async () => {
    await navA.get('/espace/formations/nouvelle');
    const r = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, {
        'modalites.duree_annees': 'deux',
        'modalites.contrat_apprentissage': 'peut-être',
        'responsable.siret': '12345',
      }),
    );
    expect(r.statusCode).toBe(400);
    const s = texte(r.body);
    // Every error at once, the SIRET's with the reading's (report of 03/12: one save each before).
    expect(s).toContain('Le formulaire contient 3 erreurs');
    expect(s).toContain('Durée du cursus : indiquez un nombre entier de 0 à 10.');
    expect(s).toContain('Contrat d’apprentissage : répondez « oui » ou « non ».');
    expect(s).toContain(
      'Organisme responsable : le SIRET « 12345 » a 5 chiffres au lieu de 14 : vérifiez-le sur l’avis de situation Sirene.',
    );
    expect(r.body).toContain('href="#modalites.duree_annees"');
    // The summary follows the page's order (report of 05/12: the reading's errors came first).
    expect(liensDuResume(r.body)).toEqual([
      'responsable.siret',
      'modalites.contrat_apprentissage',
      'modalites.duree_annees',
    ]);
    // …the order of CHAMPS_FICHE, which is the page's.
    const vierge = await navA.get('/espace/formations/nouvelle');
    expect(champsDeLaPage(vierge.body, CHAMPS_FICHE)).toEqual(
      CHAMPS_FICHE.filter((c) => champsDeLaPage(vierge.body, [c]).length),
    );
    // What was typed is kept.
    expect(r.body).toContain('value="Titre d’ingénieur manager par apprentissage"');

    const siret = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { 'responsable.siret': '12345' }),
    );
    expect(siret.statusCode).toBe(400);
    expect(texte(siret.body)).toContain(
      'Organisme responsable : le SIRET « 12345 » a 5 chiffres au lieu de 14 : vérifiez-le sur l’avis de situation Sirene.',
    );
    // 14 digits with a wrong key: the key is named, not the length (user pass of 05/12).
    const cle = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { 'formateur.siret': '130 025 265 00014' }),
    );
    expect(cle.statusCode).toBe(400);
    expect(texte(cle.body)).toContain(
      'Organisme formateur : le SIRET 130 025 265 00014 a 14 chiffres mais sa clé de contrôle est fausse : vérifiez-le sur l’avis de situation Sirene.',
    );

    const long = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { intitule: 'x'.repeat(2500) }),
    );
    expect(long.statusCode).toBe(400);
    expect(texte(long.body)).toContain('Intitulé : le texte est trop long : 2 500 caractères, 300 au plus.');
    expect(
      await t.ctx.db.selectFrom('formation').select('id').where('siren_proprietaire', '=', SIREN_A).execute(),
    ).toEqual([]);
  });

  it('refuses an impossible session date, an unknown postal code and an unknown recruitment state', async () => {
    const id = await creerParFormulaire(
      navA,
      ficheComplete(SIRET_A, { intitule: 'Pour les sessions invalides' }),
    );
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    await navA.get(url);
    const cas: [Record<string, string>, string, string][] = [
      [{ debut: '2027-02-31' }, 'debut', 'Date de début : indiquez une date valide au format JJ/MM/AAAA.'],
      [
        { 'lieu.code_postal': '99999' },
        'lieu.code_postal',
        'Code postal : aucune commune n’a le code postal 99999',
      ],
      [
        { etat_recrutement: 'peut-etre' },
        'etat_recrutement',
        'État du recrutement : valeur non proposée (« peut-etre ») : choisissez-en une dans la liste.',
      ],
      [{ fin: '2026-01-01' }, 'fin', 'Date de fin : le 1er janvier 2026 doit suivre la date de début'],
    ];
    for (const [over, champ, message] of cas) {
      const r = await navA.post(url, sessionForm(over));
      expect(r.statusCode, champ).toBe(400);
      expect(texte(r.body)).toContain(message);
      expect(r.body).toContain(`href="#${champ}"`);
    }
    expect(
      await t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute(),
    ).toEqual([]);
  });
});

describe('the main flow', () => {
  it('creates, adds, duplicates and re-dates sessions, publishes after the read-back', async () => {
    // The certification picker: a plain search, then a choice.
    await navA.get('/espace/formations/nouvelle');
    const cherche = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, {
        action: 'chercher',
        'certification.recherche': 'ingénieur manager',
        'certification.rncp': '',
      }),
    );
    expect(cherche.statusCode).toBe(200);
    const s = texte(cherche.body);
    expect(s).toContain("RNCP34825 – Titre d'ingénieur & manager");
    expect(s).toContain('Niveau 7');
    expect(s).toContain('remplacée par RNCP39000');
    expect(cherche.body).toContain('value="rncp:RNCP34825"');
    const parCode = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { action: 'chercher', 'certification.recherche': '34825' }),
    );
    expect(parCode.body).toContain('value="rncp:RNCP34825"');

    // Created incomplete (a draft may be): no objectif.
    const cree = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, {
        'certification.rncp': '',
        'certification.choix': 'rncp:RNCP34825',
        objectif: '',
        confirmer_doublon: 'oui',
      }),
    );
    expect(cree.statusCode).toBe(303);
    const id = idDe(cree.headers.location);
    const page = await navA.get(cree.headers.location as string);
    expect(page.statusCode).toBe(200);
    expect(texte(page.body)).toContain('Formation créée');
    expect(texte(page.body)).toContain("Certification retenue : RNCP34825 – Titre d'ingénieur & manager");
    // Rules at entry: the failing mandatory field is shown next to it, with the verdict.
    expect(texte(page.body)).toContain('Non réglementaire');

    // Sessions: by postal code (one commune), then an ambiguous one, picked from the list.
    await navA.get(`/espace/formations/${id}/sessions/nouvelle`);
    const s1 = await navA.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    expect(s1.statusCode).toBe(303);
    const lieu = await t.ctx.db
      .selectFrom('session')
      .select(['id', 'code_insee', 'commune', 'lat'])
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(lieu).toMatchObject({ code_insee: '75101', commune: 'Paris 1er Arrondissement', lat: 48.86256 });
    const ambigu = await navA.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ 'lieu.commune': '' }),
    );
    expect(ambigu.statusCode).toBe(400);
    expect(texte(ambigu.body)).toContain('2 communes correspondent au code postal 75001');
    expect(ambigu.body).toContain('value="75101-75001"');
    const choisie = await navA.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ 'lieu.commune': '', 'lieu.choix': '75056-75001', debut: '2027-10-04' }),
    );
    expect(choisie.statusCode).toBe(303);
    const paris = await t.ctx.db
      .selectFrom('session')
      .select(['id', 'code_insee'])
      .where('formation_id', '=', id)
      .where('debut', '=', '2027-10-04')
      .executeTakeFirstOrThrow();
    expect(paris.code_insee).toBe('75056');
    // Never diffused: removing it drops it.
    expect((await navA.post(`/espace/formations/${id}/sessions/${paris.id}/retirer`, {})).statusCode).toBe(
      303,
    );

    // Duplicate the first, then change the copy's dates.
    const dup = await navA.get(`/espace/formations/${id}/sessions/nouvelle?depuis=${lieu.id}`);
    expect(texte(dup.body)).toContain('Copie de la session du 6 septembre 2027');
    expect(dup.body).toContain('value="2027-09-06"');
    const redate = await navA.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '2028-09-04', fin: '2030-06-28' }),
    );
    expect(redate.statusCode).toBe(303);
    const copie = /#session-(.+)$/.exec(String(redate.headers.location))![1]!;
    expect(copie).not.toBe(lieu.id);
    const sessions = await t.ctx.db
      .selectFrom('session')
      .select(['id', 'debut'])
      .where('formation_id', '=', id)
      .orderBy('debut')
      .execute();
    expect(sessions.map((x) => [x.id, String(x.debut)])).toEqual([
      [lieu.id, '2027-09-06'],
      [copie, '2028-09-04'],
    ]);

    // Publier with the missing objectif: the summary links to the field; nothing changes.
    const manque = await navA.post(`/espace/formations/${id}/publier`, {});
    expect(manque.statusCode).toBe(400);
    expect(manque.body).toContain('<a href="#objectif">Champ obligatoire non renseigné : l’objectif.</a>');
    await navA.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A),
      version: await versionLue(navA, `/espace/formations/${id}`),
    });
    const ok = await navA.post(`/espace/formations/${id}/publier`, {});
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe(`/espace/formations/${id}/relire`);
    const relire = await navA.get(ok.headers.location as string);
    expect(texte(relire.body)).toContain('Former des ingénieurs managers.');
    expect(relire.body).toContain(`href="/espace/formations/${id}#objectif"`);
    const confirme = await confirmer(navA, id);
    expect(confirme.statusCode).toBe(303);
    const f = await t.ctx.db
      .selectFrom('formation')
      .select('statut')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(f.statut).toBe('en_attente_validation');

    // An offer whose statut cannot be sent: its « Relire » page offers no confirmation (it says there
    // is nothing to publish), and a forged one is refused, the statut named in French.
    await t.ctx.db.updateTable('formation').set({ statut: 'publiee' }).where('id', '=', id).execute();
    const rien = await navA.get(`/espace/formations/${id}/relire`);
    expect(texte(rien.body)).toContain('il n’y a rien à publier');
    expect(rien.body).not.toContain(`action="/espace/formations/${id}/confirmer"`);
    const refus = await navA.post(`/espace/formations/${id}/confirmer`, {
      version: await versionLue(navA, `/espace/formations/${id}`),
    });
    expect(refus.statusCode).toBe(409);
    expect(texte(refus.body)).toContain(
      'Cette formation ne peut pas être soumise à la validation d’un gestionnaire : son statut est « Publiée ».',
    );
    await t.ctx.db
      .updateTable('formation')
      .set({ statut: 'en_attente_validation' })
      .where('id', '=', id)
      .execute();

    // The tab counts it; the history names who did what.
    const liste = await navA.get('/espace?statut=en_attente_validation');
    expect(texte(liste.body)).toContain('En attente de validation (1)');
    expect(liste.body).toContain(`href="/espace/formations/${id}"`);
    const fiche = await navA.get(`/espace/formations/${id}`);
    const h = texte(fiche.body);
    expect(h).toContain('Demande de publication');
    expect(h).toContain('par claire@cfa-a.test');
    expect(h).toContain('Objectif : vide → Former des ingénieurs managers.');
  });

  it('lists what a gestionnaire returned, with the comment, and warns of a likely duplicate', async () => {
    const id = await creerParFormulaire(
      navA,
      ficheComplete(SIRET_A, { intitule: 'À retourner', 'certification.rncp': 'RS5841' }),
    );
    await navA.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    await confirmer(navA, id);
    await transition(t.ctx, { kind: 'systeme', label: 'test' }, id, 'retourner', 'Précisez le contenu.');
    const r = await navA.get('/espace?statut=a_corriger');
    expect(texte(r.body)).toContain('À corriger (1)');
    expect(texte(r.body)).toContain('Précisez le contenu.');

    // Alertes: the offers with a failing rule stored, straight from the table.
    const enEchec = await t.ctx.db
      .selectFrom('controle_echec')
      .innerJoin('formation', 'formation.id', 'controle_echec.formation_id')
      .select('formation.id')
      .distinct()
      .where('formation.siren_proprietaire', '=', SIREN_A)
      .where('formation.statut', '<>', 'supprimee')
      .orderBy('formation.id')
      .execute();
    expect(enEchec.length).toBeGreaterThan(0);
    const alertes = await navA.get('/espace?onglet=alertes');
    expect(texte(alertes.body)).toContain(`Alertes (${enEchec.length})`);
    const liens = [...alertes.body.matchAll(/href="\/espace\/formations\/(fo_[^"]+)"/g)].map((m) => m[1]);
    expect(liens).toEqual(enEchec.map((f) => f.id));

    await navA.get('/espace/formations/nouvelle');
    const doublon = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { 'certification.rncp': 'RS5841' }),
    );
    expect(doublon.statusCode).toBe(200);
    expect(texte(doublon.body)).toContain('Cette formation existe peut-être déjà');
    expect(doublon.body).toContain(`href="/espace/formations/${id}"`);
    // Fresh user (06/12): the page said what to tick, not that the form must be sent again.
    expect(texte(doublon.body)).toContain(
      'Rien n’a été enregistré. Ouvrez la formation existante ; ou, s’il s’agit bien d’une autre formation, cochez « Il s’agit bien d’une autre formation » en haut du formulaire, puis enregistrez de nouveau.',
    );
    expect(doublon.body).toContain('href="#confirmer_doublon"');
    expect(texte(doublon.body)).toContain(
      'Il s’agit bien d’une autre formation : la créer quand même Cochez, puis enregistrez de nouveau (bouton en bas du formulaire).',
    );
    const avant = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('siren_proprietaire', '=', SIREN_A)
      .execute();
    const confirme = await navA.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { 'certification.rncp': 'RS5841', confirmer_doublon: 'oui' }),
    );
    expect(confirme.statusCode).toBe(303);
    const apres = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('siren_proprietaire', '=', SIREN_A)
      .execute();
    expect(apres.length).toBe(avant.length + 1);
  });

  it('edits a published offer as a revision, and refuses to re-date a diffused session with a way out', async () => {
    const id = await creerParFormulaire(
      navA,
      ficheComplete(SIRET_A, { intitule: 'Publiée puis révisée', 'certification.rncp': '' }),
    );
    await navA.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    expect((await confirmer(navA, id)).statusCode).toBe(303);
    await transition(t.ctx, { kind: 'systeme', label: 'test' }, id, 'valider');
    const sid = (
      await t.ctx.db
        .selectFrom('session')
        .select('id')
        .where('formation_id', '=', id)
        .executeTakeFirstOrThrow()
    ).id;

    // A tester's report (03/12): the button said « brouillon » and the page « une révision à publier »,
    // though each save of a published offer goes at once to the gestionnaire for validation.
    const publiee = texte((await navA.get(`/espace/formations/${id}`)).body);
    expect(publiee).toContain('Enregistrer et envoyer pour validation');
    expect(publiee).not.toContain('Enregistrer le brouillon');
    expect(publiee).not.toContain('révision à publier');
    // (This one is published but never diffused, its certification missing: « sera diffusée », not
    // « de nouveau »; espace-historique.test.ts reads a diffused one.)
    expect(publiee).toContain(
      'vos changements formeront une révision, envoyée pour validation au Carif-Oref de la région où ont lieu ses sessions ; validée, l’offre sera diffusée.',
    );
    const r = await navA.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, {
        intitule: 'Publiée puis révisée',
        'certification.rncp': '',
        objectif: 'Nouvel objectif.',
      }),
      version: await versionLue(navA, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toContain('info=revision');
    const page = texte((await navA.get(r.headers.location as string)).body);
    // Validated as it stands, this offer is Non réglementaire: published, not diffused. The page
    // no longer says its validated version « reste diffusée » (tester's report, 03/12).
    const { catalogue } = await t.ctx.db
      .selectFrom('formation')
      .select('catalogue')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(catalogue).toBe('non_reglementaire');
    expect(page).toContain(
      'la version validée reste hors diffusion jusqu’à ce qu’un gestionnaire valide la révision',
    );
    expect(page).toContain('Publiée — hors diffusion');
    expect(page).toContain('Nouvel objectif.'); // the form shows the revision
    const diffusee = await t.ctx.db
      .selectFrom('formation')
      .select(['objectif', 'statut'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(diffusee).toEqual({ objectif: 'Former des ingénieurs managers.', statut: 'publiee' });

    // The revision returned: listed "à corriger" with its comment, and "Publier" submits it again.
    await transition(t.ctx, { kind: 'systeme', label: 'test' }, id, 'retourner', 'Objectif trop vague.');
    const onglet = texte((await navA.get('/espace?statut=a_corriger')).body);
    expect(onglet).toContain('Publiée puis révisée');
    expect(onglet).toContain('Objectif trop vague.');
    expect(onglet).toContain('révision à corriger');
    expect(onglet).not.toContain('révision en attente');
    expect(texte((await navA.get(`/espace/formations/${id}`)).body)).toContain('Révision à corriger');
    expect((await navA.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
    expect((await confirmer(navA, id)).statusCode).toBe(303);
    const rev = await t.ctx.db
      .selectFrom('formation_revision')
      .select('statut')
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(rev.statut).toBe('en_attente_validation');
    // Submitted again, the revision is listed and counted "en attente de validation" (fresh user of
    // stop 23: the tab listed only first publications).
    const enAttente = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('siren_proprietaire', '=', SIREN_A)
      .where((eb) =>
        eb.or([
          eb('statut', '=', 'en_attente_validation'),
          eb.and([
            eb('statut', '=', 'publiee'),
            eb.exists(
              eb
                .selectFrom('formation_revision as r')
                .select('r.id')
                .whereRef('r.formation_id', '=', 'formation.id')
                .where('r.statut', '=', 'en_attente_validation'),
            ),
          ]),
        ]),
      )
      .execute();
    const attente = texte((await navA.get('/espace?statut=en_attente_validation')).body);
    expect(attente).toContain(
      `En attente de validation (${enAttente.length}, dont 1 révision d’offre publiée)`,
    );
    expect(attente).toContain('Publiée puis révisée');
    expect(attente).toContain('révision en attente');

    // A diffused session's dates cannot change: its form shows them read-only, said so (report of 03/12).
    const formulaire = (await navA.get(`/espace/formations/${id}/sessions/${sid}`)).body;
    expect(formulaire).toMatch(/<input[^>]*id="debut"[^>]*readonly/);
    expect(formulaire).toMatch(/<input[^>]*id="fin"[^>]*readonly/);
    expect(formulaire).not.toMatch(/<input[^>]*id="capacite"[^>]*readonly/);

    const redate = await navA.post(`/espace/formations/${id}/sessions/${sid}`, {
      ...sessionForm({ debut: '2027-10-01' }),
      version: await versionLue(navA, `/espace/formations/${id}/sessions/${sid}`),
    });
    expect(redate.statusCode).toBe(400);
    expect(texte(redate.body)).toContain('a déjà été diffusée : ses dates ne peuvent plus changer');
    expect(redate.body).toContain('href="#debut"');
    expect(texte(redate.body)).toContain('Créer une nouvelle session');
    expect(redate.body).toMatch(/<input type="hidden" name="debut" value="2027-10-01"\/>/);
    // "Créer une nouvelle session" opens the new session's form with those dates, saving nothing.
    const avant = await t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute();
    const nouvelle = await navA.post(`/espace/formations/${id}/sessions/nouvelle`, {
      debut: '2027-10-01',
      fin: '2029-06-30',
      'lieu.code_postal': '75001',
      pre_rempli: 'oui',
    });
    expect(nouvelle.statusCode).toBe(200);
    expect(texte(nouvelle.body)).toContain('Nouvelle session');
    expect(nouvelle.body).toContain('value="2027-10-01"');
    expect(
      await t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute(),
    ).toEqual(avant);
  });
});
