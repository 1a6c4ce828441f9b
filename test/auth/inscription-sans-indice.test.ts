import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// Sign-up tells a stranger nothing about a SIREN or an address — not by its answer, not by how many
// e-mails it sends (per structure, whatever the IP), not by the time it takes — and tells those who
// should know (docs/comptes.md « Inscription »). Real SMTP server; « IPs » are the injected
// remote addresses (each its own per-IP counter).

const LIMITE = 3;
let t: TestWeb;
let gestionnaire: string;
beforeAll(async () => {
  t = await testWeb({ comptes: { demandesParStructure: LIMITE } });
  gestionnaire = (await compte(t, { email: 'g.84@carif-discret.test', role: 'gestionnaire', region: '84' }))
    .email;
});
afterAll(() => t.close());

let ip = 0;
async function inscrire(over: { siren: string; email: string; nom?: string; raison_sociale?: string }) {
  const nav = new Navigateur(t.app, `10.72.0.${++ip}`);
  await nav.get('/inscription');
  return nav.post('/inscription', {
    raison_sociale: 'CFA Discret',
    region: '84',
    sirets: '',
    nom: 'Nom Saisi',
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
    ...over,
  });
}

/** The page as a reader sees it, the per-request tokens and the structure's name left out. */
const page = (html: string) =>
  texte(html.replace(/name="_?csrf" value="[^"]*"|nonce="[^"]*"/g, '')).replace(/CFA [A-Z][a-zé]+/g, 'X');

const recusPar = (email: string, sujet: RegExp) =>
  t.smtp.recus.filter((r) => r.to.includes(email) && sujet.test(r.subject));

const utilisateurs = (email: string) =>
  t.ctx.db.selectFrom('utilisateur').select('id').where('email', '=', email).execute();

describe('a sign-up for a SIREN whose sign-up is pending', () => {
  // The page answered 409 « Une inscription de cette structure attend déjà d’être examinée »
  // (STRUCTURE_EN_ATTENTE): anyone could learn that a SIREN had just asked for an account.
  it('answers as for a new structure, stores nothing, and tells the reviewers, not the pending author', async () => {
    const premiere = await inscrire({ siren: '418270104', email: 'premiere@cfa-discret.test' });
    expect(premiere.statusCode).toBe(200);
    await t.smtp.attendre(gestionnaire, /Nouvelle inscription/);
    const structure = await t.ctx.db
      .selectFrom('structure')
      .select(['statut', 'demandeur'])
      .where('siren', '=', '418270104')
      .executeTakeFirstOrThrow();

    const nouvelle = await inscrire({ siren: '418270112', email: 'temoin@cfa-discret.test' });
    const seconde = await inscrire({
      siren: '418270104',
      email: 'seconde@autre-discret.test',
      nom: 'Sam Second',
    });
    expect(seconde.statusCode).toBe(200);
    expect(page(seconde.body)).toBe(page(nouvelle.body));
    expect(await utilisateurs('seconde@autre-discret.test')).toEqual([]);
    expect(
      await t.ctx.db
        .selectFrom('structure')
        .select(['statut', 'demandeur'])
        .where('siren', '=', '418270104')
        .executeTakeFirstOrThrow(),
    ).toEqual(structure);
    // Those who review the pending sign-up hear of the competing claim, with what was typed.
    const mail = await t.smtp.attendre(gestionnaire, /Autre demande d’inscription/);
    expect(mail.subject).toContain('CFA Discret');
    expect(mail.text).toContain('Sam Second');
    expect(mail.text).toContain('seconde@autre-discret.test');
    expect(mail.text).toContain('(SIREN 418270104)');
    expect(mail.text).toContain('http://offre.test/gestion/inscriptions');
    await t.courrielsPartis();
    // Neither the person asking nor the pending request's author (unverified) is e-mailed about it.
    expect(t.smtp.recus.filter((r) => r.to.includes('seconde@autre-discret.test'))).toEqual([]);
    expect(t.smtp.recus.filter((r) => r.to.includes('premiere@cfa-discret.test'))).toEqual([]);
  });

  it('the pending request’s author asking again: the same answer, an e-mail to the address, no alert to the reviewers', async () => {
    const avant = recusPar(gestionnaire, /Autre demande/).length;
    const r = await inscrire({ siren: '418270104', email: 'premiere@cfa-discret.test' });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Demande enregistrée');
    await t.smtp.attendre('premiere@cfa-discret.test', /Demande de compte Offre avec votre adresse/);
    await t.courrielsPartis();
    expect(recusPar(gestionnaire, /Autre demande/).length).toBe(avant);
  });
});

describe('the e-mails a sign-up sends about a structure, per SIREN whatever the IP', () => {
  // The join e-mails were limited per IP only: rotating addresses flooded a structure's users.
  it('e-mails its users about at most LIMITE requests a day, answers every request the same, journals the first refusal', async () => {
    const membres = ['a@cfa-inonde.test', 'b@cfa-inonde.test'];
    for (const email of membres) await compte(t, { email, role: 'organisme', siren: '418270120' });
    const temoin = await inscrire({ siren: '418270138', email: 'temoin2@cfa-discret.test' });
    const reponses = [];
    // Each from its own IP address: the per-IP limit (5 per window) never refuses one.
    for (let i = 0; i < LIMITE + 2; i++)
      reponses.push(await inscrire({ siren: '418270120', email: `intrus${i}@pirate-discret.test` }));
    expect(reponses.map((r) => r.statusCode)).toEqual(reponses.map(() => 200));
    for (const r of reponses) expect(page(r.body)).toBe(page(temoin.body));
    await t.courrielsPartis();
    for (const email of membres)
      expect(recusPar(email, /Demande pour rejoindre/).map((m) => m.text.match(/intrus\d/)?.[0])).toEqual([
        'intrus0',
        'intrus1',
        'intrus2',
      ]);
    const journal = await t.ctx.db
      .selectFrom('audit_securite')
      .select(['evenement', 'cible', 'ip', 'details'])
      .where('cible', '=', 'structure:418270120')
      .execute();
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({
      evenement: 'limite_depassee',
      ip: `10.72.0.${ip - 1}`, // the first request refused (LIMITE + 1), from its own address
      details: { par: 'siren', limite: LIMITE, fenetre_s: 86_400 },
    });
  });

  it('counts a pending structure’s competing requests too: its reviewers are not flooded', async () => {
    await inscrire({ siren: '418270146', email: 'auteur@cfa-attente.test' });
    for (let i = 0; i < LIMITE + 2; i++)
      expect(
        (await inscrire({ siren: '418270146', email: `rival${i}@pirate-discret.test` })).statusCode,
      ).toBe(200);
    await t.courrielsPartis();
    // The sign-up itself is one of the LIMITE requests of the day.
    expect(recusPar(gestionnaire, /Autre demande/).filter((m) => m.text.includes('418270146'))).toHaveLength(
      LIMITE - 1,
    );
  });
});

describe('the same work whatever the SIREN or the address (no answer sooner than another)', () => {
  // A request about a structure that has an account answered sooner than a new structure's (no
  // e-mail to examiners to wait for, or fewer): the time told what the page does not.
  it('answers every kind of sign-up before any of its e-mails leaves, then sends them', async () => {
    await compte(t, { email: 'membre@cfa-lent.test', role: 'organisme', siren: '418270153' });
    await inscrire({ siren: '418270161', email: 'auteur@cfa-lent.test' });
    await t.courrielsPartis();
    const recus = t.smtp.recus.length;
    const liberer = t.smtp.retenir();
    const sortes = [
      { siren: '418270179', email: 'nouvelle@cfa-lent.test' }, // a new structure: its examiners
      { siren: '418270153', email: 'rejoindre@cfa-lent.test' }, // one that has an account: its users
      { siren: '418270161', email: 'rival@cfa-lent.test' }, // a pending one: its reviewers
      { siren: '418270104', email: 'membre@cfa-lent.test' }, // an address that has an account: its owner
    ];
    let reponses: Awaited<ReturnType<typeof inscrire>>[] | 'en attente des courriels';
    try {
      reponses = await Promise.race([
        Promise.all(sortes.map((s) => inscrire(s))),
        new Promise<'en attente des courriels'>((ok) =>
          setTimeout(() => ok('en attente des courriels'), 5000),
        ),
      ]);
    } finally {
      liberer();
    }
    expect(reponses).not.toBe('en attente des courriels');
    if (typeof reponses === 'string') return;
    expect(reponses.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    // …and the e-mails leave afterwards, each to whom it concerns.
    await t.courrielsPartis();
    const partis = t.smtp.recus
      .slice(recus)
      .map((r) => `${r.to.join()} ${r.subject} ${/SIREN \d+/.exec(r.text)}`);
    expect(partis).toEqual(
      expect.arrayContaining([
        `${gestionnaire} Nouvelle inscription à examiner : CFA Discret SIREN 418270179`,
        'membre@cfa-lent.test Demande pour rejoindre 418270153 sur Offre SIREN 418270153',
        `${gestionnaire} Autre demande d’inscription pour CFA Discret SIREN 418270161`,
        'membre@cfa-lent.test Demande de compte Offre avec votre adresse SIREN 418270104',
      ]),
    );
  });
});
