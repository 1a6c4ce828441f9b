import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// An account an administrator attached to a structure whose sign-up was then refused (structure
// `refusee`, kept for that account): it signs in and sees nothing, and is told why — the
// refusal and what to do — not that its structure waits for a validation (docs/comptes.md).

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb();
});
afterAll(() => t.close());

const SIREN = '832420103';

describe('account of a refused structure', () => {
  it('says the sign-up was refused and what to do, on /compte after sign-in and on /espace; a new sign-up validated opens it', async () => {
    const g = await compte(t, { email: 'g.pdl@carif.test', role: 'gestionnaire', region: '52' });
    const inscription = new Navigateur(t.app, '10.7.0.1');
    await inscription.get('/inscription');
    const inscrire = (email: string) =>
      inscription.post('/inscription', {
        siren: SIREN,
        raison_sociale: 'CFA Refusé',
        region: '52',
        sirets: '',
        nom: 'Dana Demandeur',
        email,
        mot_de_passe: 'une phrase de passe assez longue',
        confirmation: 'une phrase de passe assez longue',
      });
    expect((await inscrire('demandeur@cfa-refuse.test')).statusCode).toBe(200);
    // The administrator attaches an account to the pending structure.
    const garde = await compte(t, { email: 'garde@cfa-refuse.test', role: 'organisme', siren: SIREN });

    const gestion = new Navigateur(t.app, '10.7.0.2');
    await gestion.seConnecter(g.email, g.motDePasse);
    await gestion.get('/gestion/inscriptions');
    const refus = await gestion.post(`/gestion/inscriptions/${SIREN}/refuser`, {
      motif: 'Pas un organisme.',
    });
    expect(refus.statusCode).toBe(303);

    const nav = new Navigateur(t.app, '10.7.0.3');
    const connexion = await nav.seConnecter(garde.email, garde.motDePasse);
    expect(connexion.headers.location).toBe('/compte/accueil');
    expect((await nav.get('/compte/accueil')).headers.location).toBe('/compte');
    const page = await nav.get('/compte');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('en attente');
    expect(texte(page.body)).toContain('Inscription de la structure refusée');
    expect(texte(page.body)).toContain(
      `L’inscription de votre structure CFA Refusé (SIREN ${SIREN}) a été refusée : votre compte ne donne accès à aucune offre.`,
    );
    expect(texte(page.body)).toContain('Contactez le Carif-Oref de la région Pays de la Loire');
    expect(page.body).toContain('href="/inscription"');

    const espace = await nav.get('/espace');
    expect(espace.statusCode).toBe(403);
    expect(espace.body).not.toContain('en attente');
    expect(espace.body).toContain('<h1>Inscription de la structure refusée</h1>');
    expect(texte(espace.body)).toContain('Contactez le Carif-Oref de la région Pays de la Loire');
    expect(espace.body).toContain('<code>COMPTE_STRUCTURE_REFUSEE</code>');
    // A tester's report (05/12, LOW): the refused visits were journaled as « anonyme »; they name
    // the account, so that a gestionnaire sees who tried.
    const refusees = async () =>
      t.ctx.db
        .selectFrom('audit_securite')
        .select(['acteur', 'ip', 'cible', 'details'])
        .where('evenement', '=', 'acces_refuse')
        .where('ip', '=', '10.7.0.3')
        .orderBy('id')
        .execute();
    expect(await refusees()).toEqual([
      {
        acteur: `utilisateur:${garde.email}`,
        ip: '10.7.0.3',
        cible: 'GET /espace',
        details: { code: 'COMPTE_STRUCTURE_REFUSEE' },
      },
    ]);

    // A new sign-up (another address) waits: the kept account is pending again, then opened.
    expect((await inscrire('demandeur2@cfa-refuse.test')).statusCode).toBe(200);
    expect(texte((await nav.get('/compte')).body)).toContain('Compte en attente de validation');
    // A pending account's refused visit names it too.
    expect((await nav.get('/espace')).statusCode).toBe(403);
    expect((await refusees()).at(-1)).toMatchObject({
      acteur: `utilisateur:${garde.email}`,
      cible: 'GET /espace',
      details: { code: 'COMPTE_EN_ATTENTE' },
    });
    await gestion.get('/gestion/inscriptions');
    expect((await gestion.post(`/gestion/inscriptions/${SIREN}/approuver`, {})).statusCode).toBe(303);
    await t.smtp.attendre(garde.email, /compte Offre est ouvert/);
    expect((await nav.get('/espace')).statusCode).toBe(200);
  });
});
