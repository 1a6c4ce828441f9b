import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// The e-mails a stranger's request sends to an address — « Demande de compte Offre avec votre
// adresse » (a sign-up with an address that has an account) and the password-reset link — are
// limited per address whatever the IP, in the database (every process counts in one place): a
// spread attacker cannot flood one mailbox. The pages answer the same past the limit.
// « IPs » are the injected remote addresses (each its own per-IP counter).

const LIMITE = 2;
let t: TestWeb;
beforeAll(async () => {
  t = await testWeb({ comptes: { demandesParAdresse: LIMITE } });
});
afterAll(() => t.close());

let ip = 0;
async function inscrire(siren: string, email: string) {
  const nav = new Navigateur(t.app, `10.74.0.${++ip}`);
  await nav.get('/inscription');
  return nav.post('/inscription', {
    siren,
    raison_sociale: 'CFA Boite',
    region: '84',
    sirets: '',
    nom: 'Nom Saisi',
    email,
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
  });
}

async function oublier(email: string) {
  const nav = new Navigateur(t.app, `10.74.1.${++ip}`);
  await nav.get('/mot-de-passe/oublie');
  return nav.post('/mot-de-passe/oublie', { email });
}

/** The page as a reader sees it, the per-request tokens left out. */
const page = (html: string) => texte(html.replace(/name="_?csrf" value="[^"]*"|nonce="[^"]*"/g, ''));

const recusPar = (email: string, sujet: RegExp) =>
  t.smtp.recus.filter((r) => r.to.includes(email) && sujet.test(r.subject));

const journal = (cible: string) =>
  t.ctx.db
    .selectFrom('audit_securite')
    .select(['evenement', 'ip', 'details'])
    .where('cible', '=', cible)
    .execute();

describe('sign-ups with an address that has an account', () => {
  // Limited per IP only: rotating IPs mail-bombed the address's owner with « Demande de compte ».
  it('e-mail its owner at most LIMITE times a day, answer every request the same, journal the first refusal', async () => {
    const u = await compte(t, { email: 'cible@boite.test', role: 'organisme', siren: '418270187' });
    const temoin = await inscrire('418270195', 'temoin@boite.test');
    const reponses = [];
    // Each from its own IP and for its own SIREN: neither the per-IP nor the per-SIREN limit refuses one.
    for (const siren of ['418270203', '418270211', '418270229', '418270237'])
      reponses.push(await inscrire(siren, 'Cible@Boite.test'));
    expect(reponses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    for (const r of reponses) expect(page(r.body)).toBe(page(temoin.body));
    await t.courrielsPartis();
    expect(recusPar(u.email, /Demande de compte Offre avec votre adresse/)).toHaveLength(LIMITE);
    const lignes = await journal(u.email);
    expect(lignes).toHaveLength(1);
    expect(lignes[0]).toMatchObject({
      evenement: 'limite_depassee',
      ip: `10.74.0.${ip - 1}`, // the first request refused (LIMITE + 1), from its own address
      details: { par: 'adresse', genre: 'inscription_compte_existant', limite: LIMITE, fenetre_s: 86_400 },
    });
    expect(
      await t.ctx.db.selectFrom('utilisateur').select('id').where('email', '=', u.email).execute(),
    ).toEqual([{ id: u.id }]);
  });
});

describe('password-reset requests', () => {
  // Limited per IP only as well: each request from another IP e-mailed the address a new link.
  it('e-mail an address at most LIMITE links a day whatever the IP, the page the same, the last link still valid', async () => {
    const u = await compte(t, { email: 'oubli@boite.test', role: 'organisme', siren: '418270245' });
    const reponses = [];
    for (let i = 0; i < LIMITE + 2; i++) reponses.push(await oublier(u.email));
    const inconnue = await oublier('personne@boite.test');
    expect([...reponses, inconnue].map((r) => r.statusCode)).toEqual(reponses.map(() => 200).concat(200));
    for (const r of reponses) expect(page(r.body)).toBe(page(inconnue.body));
    await t.courrielsPartis();
    expect(recusPar(u.email, /Réinitialisation/)).toHaveLength(LIMITE);
    // Past the limit nothing happens: the last link sent is not voided by the refused requests.
    const valides = await t.ctx.db
      .selectFrom('jeton')
      .select('token_hash')
      .where('email', '=', u.email)
      .where('type', '=', 'reinitialisation')
      .where('used_at', 'is', null)
      .execute();
    expect(valides).toHaveLength(1);
    const lignes = await journal(u.email);
    expect(lignes).toHaveLength(1);
    expect(lignes[0]).toMatchObject({
      evenement: 'limite_depassee',
      details: { par: 'adresse', genre: 'reinitialisation', limite: LIMITE, fenetre_s: 86_400 },
    });
  });
});
