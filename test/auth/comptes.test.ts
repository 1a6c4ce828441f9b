import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUtilisateur } from '../../src/services/comptes/utilisateur.service.ts';
import { lienDans } from '../helpers/smtp-server.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// Accounts end to end over HTTP with a real SMTP server: sign-up → pending → approval → e-mail →
// sign-in; first-sign-in change; reset by e-mailed link; invitations; refusals.

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb();
});
afterAll(() => t.close());

const SIREN_A = '130025265';
const SIREN_B = '552100554';

async function inscrire(nav: Navigateur, over: Record<string, string> = {}) {
  await nav.get('/inscription');
  return nav.post('/inscription', {
    siren: SIREN_A,
    raison_sociale: 'CFA des Volcans',
    region: '84',
    sirets: '13002526500013',
    nom: 'Claire Volcan',
    email: 'claire@cfa-volcans.test',
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
    ...over,
  });
}

describe('sign-up of a structure, approval by a gestionnaire of its région', () => {
  // Tester (05/12, LOW): SIREN 000000000 passed the Luhn check at sign-up.
  it('refuses the all-zero SIREN with the invalid-SIREN message, nothing stored', async () => {
    const r = await inscrire(new Navigateur(t.app, '10.1.0.9'), {
      siren: '000 000 000',
      sirets: '00000000000000',
      email: 'zero@cfa.test',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#siren"');
    expect(texte(r.body)).toContain(
      'SIREN : le SIREN 000 000 000 n’est fait que de zéros : vérifiez-le sur l’avis de situation Sirene.',
    );
    expect(
      await t.ctx.db.selectFrom('utilisateur').select('id').where('email', '=', 'zero@cfa.test').execute(),
    ).toEqual([]);
  });

  it('lists every field error of the sign-up form, linked to its field', async () => {
    const r = await inscrire(new Navigateur(t.app, '10.1.0.1'), {
      siren: '123',
      region: '',
      email: 'pas-une-adresse',
      confirmation: 'autre',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Le formulaire contient 5 erreurs');
    for (const champ of ['siren', 'region', 'sirets', 'email', 'confirmation'])
      expect(r.body).toContain(`href="#${champ}"`);
    expect(r.body).not.toContain('une phrase de passe assez longue'); // never sent back
  });

  it('creates a pending account that sees nothing until a gestionnaire of the région approves it, then e-mails it', async () => {
    const gAra = await compte(t, {
      email: 'g.ara@carif.test',
      role: 'gestionnaire',
      region: '84',
      nom: 'Gestion ARA',
    });
    const cfa = new Navigateur(t.app, '10.1.0.2');
    const r = await inscrire(cfa);
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Demande enregistrée');
    // The région's gestionnaire is told.
    expect((await t.smtp.attendre(gAra.email, /Nouvelle inscription/)).text).toContain(
      '/gestion/inscriptions',
    );

    // Pending: signs in, but sees nothing.
    await cfa.seConnecter('claire@cfa-volcans.test', 'une phrase de passe assez longue');
    const espace = await cfa.get('/espace');
    expect(espace.statusCode).toBe(403);
    expect(espace.body).toContain('Compte en attente de validation');
    // A tester's report (05/12): this refused visit was journaled as « anonyme »; it names the
    // pending account, so that the journal's reader sees who tried.
    expect(
      await t.ctx.db
        .selectFrom('audit_securite')
        .select(['acteur', 'cible', 'details'])
        .where('evenement', '=', 'acces_refuse')
        .where('ip', '=', '10.1.0.2')
        .execute(),
    ).toEqual([
      {
        acteur: 'utilisateur:claire@cfa-volcans.test',
        cible: 'GET /espace',
        details: { code: 'COMPTE_EN_ATTENTE' },
      },
    ]);
    const api = await cfa.get('/api/v1/formations?limit=5');
    expect(api.statusCode).toBe(200);
    const own = await t.ctx.db
      .selectFrom('structure')
      .selectAll()
      .where('siren', '=', SIREN_A)
      .executeTakeFirstOrThrow();
    expect(own.statut).toBe('en_attente');
    const write = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      cookies: Object.fromEntries(cfa.cookies),
      headers: { 'x-csrf-token': cfa.csrf! },
      payload: { intitule: 'Brouillon pirate', responsable: { siret: '13002526500013' } },
    });
    expect(write.statusCode).toBe(401); // no actor: a pending structure acts as nobody

    // A gestionnaire of another région neither sees nor approves it.
    const idf = await connecte(
      t,
      { email: 'g.idf@carif.test', role: 'gestionnaire', region: '11' },
      '10.1.0.3',
    );
    expect((await idf.get('/gestion/inscriptions')).body).not.toContain('CFA des Volcans');
    const forge = await idf.post(`/gestion/inscriptions/${SIREN_A}/approuver`, {});
    expect(forge.statusCode).toBe(403);

    // The région's gestionnaire sees the facts and approves.
    const ara = new Navigateur(t.app, '10.1.0.4');
    await ara.seConnecter(gAra.email, gAra.motDePasse);
    const liste = await ara.get('/gestion/inscriptions');
    expect(liste.body).toContain('CFA des Volcans – SIREN 130025265');
    expect(liste.body).toContain('13002526500013'); // declared establishment
    const ok = await ara.post(`/gestion/inscriptions/${SIREN_A}/approuver`, {});
    expect(ok.headers.location).toBe('/gestion/inscriptions?info=approuvee');
    const mail = await t.smtp.attendre('claire@cfa-volcans.test', /compte Offre est ouvert/);
    expect(mail.text).toContain('http://offre.test/connexion');

    // Now the same session acts for its SIREN, and the approval is a notification too.
    expect((await cfa.get('/espace')).statusCode).toBe(200);
    const notifs = await cfa.get('/notifications');
    expect(notifs.body).toContain('Compte validé');
    const hist = await t.ctx.db
      .selectFrom('historique')
      .selectAll()
      .where('entite_id', '=', SIREN_A)
      .execute();
    expect(hist.map((h) => [h.action, h.acteur])).toEqual([
      ['inscription', 'utilisateur:claire@cfa-volcans.test'],
      ['approbation', 'utilisateur:g.ara@carif.test'],
    ]);
    // The approval is visible on the région's structures page, with the person's name (issue 9 item 8).
    const structures = await ara.get('/gestion/structures');
    expect(structures.body).toContain('Inscription par Claire Volcan (claire@cfa-volcans.test)');
    expect(structures.body).toContain('Inscription approuvée par Gestion ARA (g.ara@carif.test)');
  });

  // A fresh CFA user's finding (07/12/2026): a SIREN with an account answered 409 « Cette structure
  // a déjà un compte sur Offre », telling anyone which structures have one — where the invitation
  // and an address that has an account say nothing. The answer is now that of a new structure;
  // nothing is stored, and the structure's users are e-mailed that someone asked to join.
  it('does not tell whether a SIREN has an account: same answer, nothing stored, its users e-mailed', async () => {
    const avec = { raison_sociale: 'CFA Témoin du SIREN', sirets: '', region: '84' };
    const nouvelle = await inscrire(new Navigateur(t.app, '10.1.0.5'), {
      ...avec,
      siren: '418270021',
      email: 'nouvelle@cfa-siren.test',
    });
    const existante = await inscrire(new Navigateur(t.app, '10.1.0.15'), {
      ...avec,
      siren: SIREN_A,
      nom: 'Iris Nouvelle',
      email: 'intrus@pirate.test',
    });
    expect(existante.statusCode).toBe(nouvelle.statusCode);
    expect(existante.statusCode).toBe(200);
    const page = (r: typeof nouvelle) =>
      texte(r.body.replace(/name="csrf" value="[^"]*"|nonce="[^"]*"/g, '')).replace(
        /CFA des Volcans|CFA Témoin du SIREN/g,
        'X',
      );
    expect(page(existante)).toBe(page(nouvelle));
    expect(existante.body).not.toContain('demandez à l’un de ses utilisateurs de vous inviter');
    expect(existante.body).toContain(
      'ses utilisateurs sont prévenus de votre demande et peuvent vous inviter',
    );
    expect(
      await t.ctx.db
        .selectFrom('utilisateur')
        .selectAll()
        .where('email', '=', 'intrus@pirate.test')
        .execute(),
    ).toEqual([]);
    expect(
      await t.ctx.db.selectFrom('structure').select('statut').where('siren', '=', SIREN_A).execute(),
    ).toEqual([{ statut: 'active' }]);
    // The structure's user is told, with what to do: the person is not left stranded.
    const mail = await t.smtp.attendre('claire@cfa-volcans.test', /Demande pour rejoindre/);
    expect(mail.subject).toContain('CFA des Volcans');
    expect(mail.text).toContain('Iris Nouvelle');
    expect(mail.text).toContain('intrus@pirate.test');
    expect(mail.text).toContain('http://offre.test/compte');
    // The person asking gets no e-mail saying so (that would tell which structures have an account).
    expect(t.smtp.recus.filter((r) => r.to.includes('intrus@pirate.test'))).toEqual([]);
  });

  // A fresh user's report (03/12): « Un compte existe déjà pour cette adresse » told anyone which
  // addresses have an account. The answer is the same as for a new address; the owner is e-mailed.
  it('does not tell whether an address has an account: same answer, nothing stored, its owner e-mailed', async () => {
    const deja = await compte(t, { email: 'deja@cfa-existant.test', role: 'prescripteur', nom: 'Déjà' });
    const nouvelle = await inscrire(new Navigateur(t.app, '10.1.0.6'), {
      siren: '418270005',
      raison_sociale: 'CFA Témoin',
      sirets: '',
      email: 'nouvelle@cfa-temoin.test',
    });
    const existante = await inscrire(new Navigateur(t.app, '10.1.0.7'), {
      siren: '418270013',
      raison_sociale: 'CFA Témoin',
      sirets: '',
      email: deja.email,
    });
    expect(existante.statusCode).toBe(nouvelle.statusCode);
    expect(existante.statusCode).toBe(200);
    const page = (r: typeof nouvelle) => r.body.replace(/name="csrf" value="[^"]*"|nonce="[^"]*"/g, '');
    expect(page(existante)).toBe(page(nouvelle));
    expect(existante.body).not.toContain('existe déjà');
    // Nothing stored for the second: no structure, the account untouched.
    expect(
      await t.ctx.db.selectFrom('structure').select('siren').where('siren', '=', '418270013').execute(),
    ).toEqual([]);
    const u = await t.ctx.db
      .selectFrom('utilisateur')
      .select(['role', 'siren'])
      .where('email', '=', deja.email)
      .executeTakeFirstOrThrow();
    expect(u).toEqual({ role: 'prescripteur', siren: null });
    const mail = await t.smtp.attendre(deja.email, /Demande de compte Offre avec votre adresse/);
    expect(mail.text).toContain('CFA Témoin (SIREN 418270013)');
    expect(mail.text).toContain('aucun nouveau compte n’a été créé');
    expect(mail.text).toContain('http://offre.test/mot-de-passe/oublie');
  });

  it('reports a differing confirmation even when the password itself is refused', async () => {
    const r = await inscrire(new Navigateur(t.app, '10.1.0.8'), {
      mot_de_passe: 'court',
      confirmation: 'autre',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('Le formulaire contient 2 erreurs');
    expect(r.body).toContain('href="#mot_de_passe"');
    expect(r.body).toContain('href="#confirmation"');
    expect(r.body).toContain('Confirmez le mot de passe : les deux mots de passe saisis sont différents.');
  });

  it('refuses a sign-up with a reason: the structure is removed and the reason e-mailed', async () => {
    const g = await compte(t, { email: 'g.bfc@carif.test', role: 'gestionnaire', region: '27' });
    await inscrire(new Navigateur(t.app, '10.1.0.6'), {
      siren: SIREN_B,
      sirets: '',
      region: '27',
      email: 'faux@cfa.test',
      raison_sociale: 'Faux CFA',
    });
    const nav = new Navigateur(t.app, '10.1.0.7');
    await nav.seConnecter(g.email, g.motDePasse);
    await nav.get('/gestion/inscriptions');
    const sans = await nav.post(`/gestion/inscriptions/${SIREN_B}/refuser`, { motif: ' ' });
    expect(sans.statusCode).toBe(400);
    expect(sans.body).toContain(`href="#motif-${SIREN_B}"`);
    await nav.post(`/gestion/inscriptions/${SIREN_B}/refuser`, {
      motif: 'SIREN sans activité de formation.',
    });
    expect((await t.smtp.attendre('faux@cfa.test', /pas été acceptée/)).text).toContain(
      'SIREN sans activité de formation.',
    );
    expect(await t.ctx.db.selectFrom('structure').selectAll().where('siren', '=', SIREN_B).execute()).toEqual(
      [],
    );
    expect(
      await t.ctx.db.selectFrom('utilisateur').selectAll().where('email', '=', 'faux@cfa.test').execute(),
    ).toEqual([]);
  });
  // A tester's report: « 832 420 004 00026 » was split on its spaces (« SIRET invalide … : 832, 420… »).
  it('reads the establishments one per line (or commas, semicolons), spaces inside a SIRET ignored, each once', async () => {
    const r = await inscrire(new Navigateur(t.app, '10.1.0.9'), {
      siren: '832 420 004',
      raison_sociale: 'CFA des Espaces',
      sirets:
        '832 420 004 00026\r\n8324 2000 400018\r\n832 420 004 00026\r\n83242000400026 ; 83242000400018,',
      email: 'espaces@cfa.test',
    });
    expect(r.statusCode).toBe(200);
    expect(
      (
        await t.ctx.db
          .selectFrom('structure_etablissement')
          .select('siret')
          .where('siren', '=', '832420004')
          .orderBy('siret')
          .execute()
      ).map((e) => e.siret),
    ).toEqual(['83242000400018', '83242000400026']);
    // Each wrong one is named whole, with what is wrong with it (the one wording of an invalid SIRET).
    const faux = await inscrire(new Navigateur(t.app, '10.1.0.10'), {
      siren: '832420012',
      sirets: '832 420 012 00014\n832 420 004 00026',
      email: 'faux-siret@cfa.test',
    });
    expect(faux.statusCode).toBe(400);
    expect(texte(faux.body)).toContain(
      'Établissements (SIRET) : le SIRET 832 420 012 00014 a 14 chiffres mais sa clé de contrôle est fausse : vérifiez-le sur l’avis de situation Sirene. Le SIRET 832 420 004 00026 est d’un autre SIREN (832420004) : chaque SIRET commence par le SIREN de la structure.',
    );
  });
  // A tester's report: an admin attached o2 to a pending sign-up without being told; refusing the
  // sign-up then deleted o2 too, and e-mailed o2 the refusal.
  it('tells an admin that a SIREN’s structure is pending; refusing the sign-up keeps the accounts an admin made', async () => {
    const SIREN = '832420103';
    const g = await compte(t, { email: 'g.pdl@carif.test', role: 'gestionnaire', region: '52' });
    expect(
      (
        await inscrire(new Navigateur(t.app, '10.1.0.11'), {
          siren: SIREN,
          raison_sociale: 'CFA en Attente',
          region: '52',
          sirets: '',
          email: 'demandeur@cfa-attente.test',
        })
      ).statusCode,
    ).toBe(200);
    const admin = await connecte(t, { email: 'admin@carif.test', role: 'admin' }, '10.1.0.12');
    await admin.get('/admin/utilisateurs');
    const cree = await admin.post('/admin/utilisateurs', {
      email: 'o2@carif.example',
      nom: 'O Deux',
      role: 'organisme',
      siren: SIREN,
      region: '',
      academie: '',
    });
    expect(cree.statusCode).toBe(201);
    expect(texte(cree.body)).toContain(
      `La structure CFA en Attente (SIREN ${SIREN}) est en attente de validation : ce compte ne verra rien tant qu’un gestionnaire de la région Pays de la Loire ne l’a pas validée.`,
    );
    expect(cree.body).toContain(`href="/gestion/inscriptions#structure-${SIREN}"`);
    const ligne = (html: string, email: string) =>
      texte(/<tr>(?:(?!<tr>).)*?<\/tr>/gs.exec(html.slice(html.indexOf(email) - 200))?.[0] ?? '');
    const liste = (await admin.get('/admin/utilisateurs')).body;
    expect(ligne(liste, 'o2@carif.example')).toContain('En attente (structure à valider)');
    expect(ligne(liste, 'demandeur@cfa-attente.test')).toContain('En attente (structure à valider)');

    const nav = new Navigateur(t.app, '10.1.0.13');
    await nav.seConnecter(g.email, g.motDePasse);
    await nav.get('/gestion/inscriptions');
    expect(
      (await nav.post(`/gestion/inscriptions/${SIREN}/refuser`, { motif: 'Pas un organisme.' })).statusCode,
    ).toBe(303);
    expect((await t.smtp.attendre('demandeur@cfa-attente.test', /pas été acceptée/)).text).toContain(
      'Pas un organisme.',
    );
    const emails = async () =>
      (
        await t.ctx.db
          .selectFrom('utilisateur')
          .select('email')
          .where('siren', '=', SIREN)
          .orderBy('email')
          .execute()
      ).map((u) => u.email);
    expect(await emails()).toEqual(['o2@carif.example']);
    expect(
      (
        await t.ctx.db
          .selectFrom('structure')
          .select('statut')
          .where('siren', '=', SIREN)
          .executeTakeFirstOrThrow()
      ).statut,
    ).toBe('refusee');
    expect(ligne((await admin.get('/admin/utilisateurs')).body, 'o2@carif.example')).toContain(
      'Structure refusée',
    );
    // Only the sign-up's person was e-mailed the refusal.
    expect(t.smtp.recus.filter((r) => r.to.includes('o2@carif.example'))).toEqual([]);

    // The SIREN may sign up again: the refused structure waits anew, with its kept account.
    expect(
      (
        await inscrire(new Navigateur(t.app, '10.1.0.14'), {
          siren: SIREN,
          raison_sociale: 'CFA en Attente, bis',
          region: '52',
          sirets: '',
          email: 'demandeur2@cfa-attente.test',
        })
      ).statusCode,
    ).toBe(200);
    expect(
      await t.ctx.db
        .selectFrom('structure')
        .select(['statut', 'raison_sociale'])
        .where('siren', '=', SIREN)
        .executeTakeFirstOrThrow(),
    ).toEqual({ statut: 'en_attente', raison_sociale: 'CFA en Attente, bis' });
    expect(await emails()).toEqual(['demandeur2@cfa-attente.test', 'o2@carif.example']);
  });
});

describe('passwords', () => {
  it('forces a password change at the first sign-in of an `offre user add` account', async () => {
    // The structure of a bootstrapped organisme user is named as Sirene names it.
    await t.ctx.db
      .insertInto('etablissement')
      .values({ siret: '35600000000048', siren: '356000000', etat: 'A', denomination: 'LA POSTE' })
      .execute();
    const u = await createUtilisateur(t.ctx, {
      email: 'premier@cfa.test',
      role: 'organisme',
      siren: '356000000',
    });
    const nav = new Navigateur(t.app, '10.2.0.1');
    const r = await nav.seConnecter(u.email, u.password);
    expect(r.headers.location).toBe('/compte/accueil');
    expect((await nav.get('/compte/accueil')).headers.location).toBe('/compte/mot-de-passe');
    const bloque = await nav.get('/espace');
    expect(bloque.headers.location).toBe('/compte/mot-de-passe?retour=%2Fespace');
    const page = await nav.get('/compte/mot-de-passe');
    expect(page.body).toContain('Choisissez votre mot de passe');
    expect(page.body).not.toContain('Mot de passe actuel');
    const court = await nav.post('/compte/mot-de-passe', { nouveau: 'court', confirmation: 'court' });
    expect(court.statusCode).toBe(400);
    expect(court.body).toContain('au moins 12 caractères');
    // Long enough, yet trivially simple (ANSSI): refused in French, nothing stored.
    for (const [simple, pourquoi] of [
      ['azertyuiopqs', 'c’est une suite (« abcdef… », « 123456… ») ou une rangée du clavier'],
      ['123456789012', 'c’est une suite'],
      ['abababababab', 'il compte 3 caractères différents ou moins'],
    ]) {
      const r = await nav.post('/compte/mot-de-passe', { nouveau: simple, confirmation: simple });
      expect(r.statusCode, simple).toBe(400);
      expect(r.body).toContain(`Nouveau mot de passe : le mot de passe est trop simple : ${pourquoi}`);
      expect((await new Navigateur(t.app, '10.2.0.3').seConnecter(u.email, simple)).statusCode).toBe(401);
    }
    const ok = await nav.post('/compte/mot-de-passe', {
      nouveau: 'mon nouveau mot de passe',
      confirmation: 'mon nouveau mot de passe',
    });
    expect(ok.headers.location).toBe('/compte/accueil');
    const espace = await nav.get('/espace');
    expect(espace.statusCode).toBe(200);
    expect(espace.body).toContain('Structure LA POSTE – SIREN 356000000');
    expect((await new Navigateur(t.app, '10.2.0.2').seConnecter(u.email, u.password)).statusCode).toBe(401);
  });

  it('places an `offre user add` structure in its région with its known SIRETs (Sirene, DGEFP)', async () => {
    await t.ctx.db
      .insertInto('etablissement')
      .values([
        {
          siret: '93191000400015',
          siren: '931910004',
          etat: 'A',
          denomination: 'CFA DU RHONE',
          code_commune: '69123',
        },
        { siret: '93191000400023', siren: '931910004', etat: 'A', denomination: null, code_commune: '69383' },
        { siret: '93191000400031', siren: '931910004', etat: 'F', denomination: null, code_commune: '75056' },
      ])
      .execute();
    await t.ctx.db
      .insertInto('organisme_declare')
      .values({
        nda: '84691234569',
        siren: '931910004',
        siret: '93191000400049',
        denomination: 'CFA DU RHONE',
      })
      .execute();
    await createUtilisateur(t.ctx, { email: 'amorce@cfa-rhone.test', role: 'organisme', siren: '931910004' });
    const g84 = await compte(t, { email: 'g84-amorce@region.test', role: 'gestionnaire', region: '84' });
    const nav = new Navigateur(t.app, '10.2.0.9');
    await nav.seConnecter(g84.email, g84.motDePasse);
    const page = (await nav.get('/gestion/structures')).body;
    expect(page).toContain('CFA DU RHONE');
    for (const siret of ['93191000400015', '93191000400023', '93191000400049']) expect(page).toContain(siret);
    const s = await t.ctx.db
      .selectFrom('structure')
      .select('region')
      .where('siren', '=', '931910004')
      .executeTakeFirst();
    expect(s?.region).toBe('84');
    const rattaches = await t.ctx.db
      .selectFrom('structure_etablissement')
      .select('siret')
      .where('siren', '=', '931910004')
      .orderBy('siret')
      .execute();
    // A closed establishment (etat F) is not attached.
    expect(rattaches.map((r) => r.siret)).toEqual(['93191000400015', '93191000400023', '93191000400049']);
  });

  it('resets a password by a single-use e-mailed link, and ends every session', async () => {
    const u = await compte(t, { email: 'oubli@cfa.test', role: 'organisme', siren: '356000000' });
    const ailleurs = new Navigateur(t.app, '10.2.0.3');
    await ailleurs.seConnecter(u.email, u.motDePasse);
    const nav = new Navigateur(t.app, '10.2.0.4');
    await nav.get('/mot-de-passe/oublie');
    const demande = await nav.post('/mot-de-passe/oublie', { email: 'OUBLI@cfa.test' });
    expect(demande.body).toContain('Si un compte existe pour cette adresse');
    // Same answer for an unknown address, and no e-mail.
    await nav.get('/mot-de-passe/oublie');
    expect((await nav.post('/mot-de-passe/oublie', { email: 'inconnu@cfa.test' })).body).toContain(
      'Si un compte existe',
    );
    const mail = await t.smtp.attendre(u.email, /Réinitialisation/);
    const lien = new URL(lienDans(mail.text, '/mot-de-passe/nouveau'));
    const stored = await t.ctx.db
      .selectFrom('jeton')
      .select('token_hash')
      .where('email', '=', u.email)
      .execute();
    expect(stored.map((j) => j.token_hash)).not.toContain(lien.searchParams.get('jeton')); // stored hashed
    const form = await nav.get(lien.pathname + lien.search);
    expect(form.statusCode).toBe(200);
    const ok = await nav.post('/mot-de-passe/nouveau', {
      jeton: lien.searchParams.get('jeton')!,
      nouveau: 'le mot de passe retrouvé',
      confirmation: 'le mot de passe retrouvé',
    });
    expect(ok.headers.location).toBe('/connexion?info=reinitialise');
    expect((await ailleurs.get('/espace')).statusCode).toBe(303); // sessions ended
    // Used twice: refused.
    expect((await nav.get(lien.pathname + lien.search)).statusCode).toBe(410);
    await nav.get('/connexion');
    const encore = await nav.post('/mot-de-passe/nouveau', {
      jeton: lien.searchParams.get('jeton')!,
      nouveau: 'un autre mot de passe long',
      confirmation: 'un autre mot de passe long',
    });
    expect(encore.statusCode).toBe(410);
    expect((await nav.seConnecter(u.email, 'le mot de passe retrouvé')).statusCode).toBe(303);
    expect(
      await t.ctx.db.selectFrom('notification').select('titre').where('utilisateur_id', '=', u.id).execute(),
    ).toEqual([{ titre: 'Réinitialisation du mot de passe demandée' }]);
  });

  it('refuses an expired reset link', async () => {
    const u = await compte(t, { email: 'expire@cfa.test', role: 'organisme', siren: '356000000' });
    const nav = new Navigateur(t.app, '10.2.0.5');
    await nav.get('/mot-de-passe/oublie');
    await nav.post('/mot-de-passe/oublie', { email: u.email });
    const lien = new URL(
      lienDans((await t.smtp.attendre(u.email, /Réinitialisation/)).text, '/mot-de-passe/nouveau'),
    );
    await t.ctx.db
      .updateTable('jeton')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('email', '=', u.email)
      .execute();
    expect((await nav.get(lien.pathname + lien.search)).statusCode).toBe(410);
  });
});

describe('invitations', () => {
  it('lets a structure’s user invite a colleague by a single-use e-mailed link', async () => {
    const a = await compte(t, { email: 'chef@cfa-a.test', role: 'organisme', siren: SIREN_A, nom: 'Chef A' });
    const nav = new Navigateur(t.app, '10.3.0.1');
    await nav.seConnecter(a.email, a.motDePasse);
    await nav.get('/compte');
    const r = await nav.post('/compte/invitations', { email: 'collegue@cfa-a.test' });
    expect(r.headers.location).toBe('/compte?info=invitation');
    const mail = await t.smtp.attendre('collegue@cfa-a.test', /Invitation à rejoindre CFA des Volcans/);
    const lien = new URL(lienDans(mail.text, '/invitation'));
    const invite = new Navigateur(t.app, '10.3.0.2');
    expect((await invite.get(lien.pathname + lien.search)).body).toContain('Rejoindre CFA des Volcans');
    const ok = await invite.post('/invitation', {
      jeton: lien.searchParams.get('jeton')!,
      nom: 'Camille Collègue',
      nouveau: 'le mot de passe du collègue',
      confirmation: 'le mot de passe du collègue',
    });
    expect(ok.headers.location).toBe('/espace');
    expect((await invite.get('/espace')).body).toContain(`SIREN ${SIREN_A}`);
    const encore = await new Navigateur(t.app, '10.3.0.3').get(lien.pathname + lien.search);
    expect(encore.statusCode).toBe(410);
  });

  it('an unused link whose address got an account since shows the way to sign in, not a form to fill in vain', async () => {
    const a = await compte(t, {
      email: 'chef2@cfa-a.test',
      role: 'organisme',
      siren: SIREN_A,
      nom: 'Chef bis',
    });
    const nav = new Navigateur(t.app, '10.3.2.1');
    await nav.seConnecter(a.email, a.motDePasse);
    await nav.get('/compte');
    await nav.post('/compte/invitations', { email: 'tardif@cfa-a.test' });
    const lien = new URL(
      lienDans((await t.smtp.attendre('tardif@cfa-a.test', /Invitation/)).text, '/invitation'),
    );
    await compte(t, { email: 'tardif@cfa-a.test', role: 'organisme', siren: SIREN_A, nom: 'Tardif' });
    const page = await new Navigateur(t.app, '10.3.2.2').get(lien.pathname + lien.search);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Un compte existe déjà pour');
    expect(page.body).toContain('href="/connexion"');
    expect(page.body).not.toContain('name="nouveau"');
  });

  it('does not reveal an account outside the structure; says so for a colleague of the same one', async () => {
    await compte(t, { email: 'admin@carif.example', role: 'admin' });
    const a = await compte(t, { email: 'sonde@cfa-a.test', role: 'organisme', siren: SIREN_A, nom: 'Sonde' });
    const nav = new Navigateur(t.app, '10.3.1.1');
    await nav.seConnecter(a.email, a.motDePasse);
    await nav.get('/compte');
    const r = await nav.post('/compte/invitations', { email: 'admin@carif.example' });
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/compte?info=invitation');
    expect(r.body).not.toContain('existe');
    await t.courrielsPartis(); // the e-mail leaves once the page has answered
    const envois = await t.ctx.db
      .selectFrom('courriel')
      .select('modele')
      .where('destinataire', '=', 'admin@carif.example')
      .execute();
    expect(envois.filter((e) => e.modele === 'invitation')).toEqual([]);
    // Its owner learns why no link came (the inviter learns nothing more).
    expect(envois.map((e) => e.modele)).toContain('invitation_compte_existant');
    const avis = await t.smtp.attendre('admin@carif.example', /Invitation à rejoindre CFA des Volcans/);
    expect(avis.text).toContain('votre adresse a déjà un compte Offre');
    expect(avis.text).not.toContain('/invitation?jeton=');
    const meme = await nav.post('/compte/invitations', { email: 'chef@cfa-a.test' });
    expect(meme.statusCode).toBe(409);
    expect(meme.body).toContain(
      'Adresse électronique du collègue : un compte existe déjà pour chef@cfa-a.test dans votre structure',
    );
  });
});
