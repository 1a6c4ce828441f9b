import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lienDans } from '../helpers/smtp-server.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// What a fresh tester found: any organisme user could make Offre send unlimited invitation
// e-mails (40 addresses, the same one 5 times), and an existing gestionnaire's account was told it
// belonged to « une autre structure ». Invitations now have a per-account and per-IP limit (the
// sign-in and sign-up counters, shared by every process), one pending invitation per address and
// structure, and a mail worded for the role of an existing account. E-mails go through the real
// SMTP test server.

let t: TestWeb;
let horloge = Date.parse('2026-12-01T09:00:00Z');
beforeAll(async () => {
  t = await testWeb({
    now: () => new Date(horloge),
    comptes: { invitationParCompte: 4, invitationParIp: 6 },
  });
});
afterAll(() => t.close());

const SIREN_A = '130025265';
const SIREN_B = '552100554';
let ip = 0;
/** A signed-in organisme user of `siren` on a browser of its own address (unless `adresse` is given). */
async function organisme(email: string, siren = SIREN_A, adresse?: string) {
  const u = await compte(t, { email, role: 'organisme', siren, nom: `Nom ${email}` });
  const nav = new Navigateur(t.app, adresse ?? `10.40.0.${++ip}`);
  await nav.seConnecter(u.email, u.motDePasse);
  await nav.get('/compte');
  return nav;
}
const recusPour = (email: string) => t.smtp.recus.filter((r) => r.to.includes(email));
const inviter = (nav: Navigateur, email: string) => nav.post('/compte/invitations', { email });
const attendreLivraison = () => new Promise((r) => setTimeout(r, 300));

describe('one pending invitation per address', () => {
  it('refuses a repeat within 24 hours, saying when it was sent; allows a resend after, voiding the old link', async () => {
    const nav = await organisme('chef@repeat.test');
    expect((await inviter(nav, 'collegue@repeat.test')).headers.location).toBe('/compte?info=invitation');
    const premier = await t.smtp.attendre('collegue@repeat.test', /Invitation/);
    const r = await inviter(nav, 'Collegue@Repeat.test');
    expect(r.statusCode).toBe(409);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    const page = texte(r.body);
    expect(page).toContain(
      'Adresse électronique du collègue : une invitation a déjà été envoyée à collegue@repeat.test le 1er décembre 2026 à 10:00',
    );
    expect(page).toContain('Vous pourrez la renvoyer à partir du 2 décembre 2026 à 10:00');
    expect(r.body).toContain('href="#email"');
    await attendreLivraison();
    expect(recusPour('collegue@repeat.test')).toHaveLength(1);

    // 25 hours later: a new link, the first one no longer works.
    horloge += 25 * 3_600_000;
    await nav.seConnecter('chef@repeat.test', 'un mot de passe solide'); // the session has ended
    await nav.get('/compte');
    expect((await inviter(nav, 'collegue@repeat.test')).statusCode).toBe(303);
    await t.smtp.attendre('collegue@repeat.test', /Invitation/);
    for (let i = 0; i < 50 && recusPour('collegue@repeat.test').length < 2; i++) await attendreLivraison();
    const [a, b] = recusPour('collegue@repeat.test');
    const ancien = new URL(lienDans(a!.text, '/invitation'));
    const nouveau = new URL(lienDans(b!.text, '/invitation'));
    expect(ancien.href).toBe(lienDans(premier.text, '/invitation'));
    const invite = new Navigateur(t.app, '10.41.0.1');
    expect((await invite.get(ancien.pathname + ancien.search)).statusCode).toBe(410);
    expect((await invite.get(nouveau.pathname + nouveau.search)).statusCode).toBe(200);
  });

  it('a repeat for an address with an account elsewhere gets the same answer as for a new one, and no second mail', async () => {
    await compte(t, { email: 'ailleurs@autre-cfa.test', role: 'organisme', siren: SIREN_B, nom: 'Ailleurs' });
    const nav = await organisme('sonde@repeat.test');
    const reponses: Awaited<ReturnType<typeof inviter>>[] = [];
    for (const email of ['ailleurs@autre-cfa.test', 'personne@nouveau.test'])
      reponses.push(await inviter(nav, email), await inviter(nav, email));
    expect(reponses.map((r) => r.statusCode)).toEqual([303, 409, 303, 409]);
    expect(reponses[0]!.headers.location).toBe(reponses[2]!.headers.location);
    const sans = (r: (typeof reponses)[number], email: string) => texte(r.body).replaceAll(email, 'X');
    expect(sans(reponses[1]!, 'ailleurs@autre-cfa.test')).toBe(sans(reponses[3]!, 'personne@nouveau.test'));
    await t.smtp.attendre('ailleurs@autre-cfa.test', /Invitation/);
    await attendreLivraison();
    expect(recusPour('ailleurs@autre-cfa.test')).toHaveLength(1);
    expect(recusPour('personne@nouveau.test')).toHaveLength(1);
  });
  it('two invitations at once to one address send one e-mail', async () => {
    const nav = await organisme('double@repeat.test');
    const r = await Promise.all([inviter(nav, 'ensemble@repeat.test'), inviter(nav, 'ensemble@repeat.test')]);
    expect(r.map((x) => x.statusCode).sort()).toEqual([303, 409]);
    await t.smtp.attendre('ensemble@repeat.test', /Invitation/);
    await attendreLivraison();
    expect(recusPour('ensemble@repeat.test')).toHaveLength(1);
  });
});

describe('an address that already has an account', () => {
  it('tells a gestionnaire or an administrator why no link came, without a structure it does not have', async () => {
    await compte(t, { email: 'g84@carif.test', role: 'gestionnaire', region: '84' });
    await compte(t, { email: 'adm@carif.test', role: 'admin' });
    const nav = await organisme('chef@roles.test');
    for (const email of ['g84@carif.test', 'adm@carif.test']) {
      const r = await inviter(nav, email);
      expect(r.headers.location).toBe('/compte?info=invitation'); // as for any address
      const mail = await t.smtp.attendre(email, /Invitation/);
      expect(mail.text).not.toContain('autre structure');
      expect(mail.text).toContain('Aucun lien d’invitation n’a été envoyé');
      expect(mail.text).not.toContain('/invitation?jeton=');
      expect(mail.text).toContain('votre adresse a déjà un compte Offre');
    }
    expect((await t.smtp.attendre('g84@carif.test', /Invitation/)).text).toContain(
      'Gestionnaire (Carif-Oref)',
    );
    expect((await t.smtp.attendre('adm@carif.test', /Invitation/)).text).toContain('Administrateur');
    // An organisme user of another structure is still told its account belongs to another one.
    await compte(t, { email: 'autre@cfa-b.test', role: 'organisme', siren: SIREN_B });
    await inviter(nav, 'autre@cfa-b.test');
    expect((await t.smtp.attendre('autre@cfa-b.test', /Invitation/)).text).toContain(
      'rattaché à une autre structure',
    );
  });
});

describe('rate limits of invitations', () => {
  it('limits invitations per account with a French 429 page saying when to retry, journaled once', async () => {
    const nav = await organisme('rafale@limite.test');
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await inviter(nav, `victime${i}@limite.test`)).statusCode);
    expect(codes).toEqual([303, 303, 303, 303, 429, 429]);
    const r = await inviter(nav, 'victime9@limite.test');
    expect(r.statusCode).toBe(429);
    expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(texte(r.body)).toMatch(
      /Trop d’invitations envoyées depuis votre compte\. Réessayez dans \d+ minutes?/,
    );
    await attendreLivraison();
    for (let i = 4; i < 10; i++) expect(recusPour(`victime${i}@limite.test`)).toEqual([]);
    const journal = await t.ctx.db
      .selectFrom('audit_securite')
      .selectAll()
      .where('evenement', '=', 'limite_depassee')
      .where('acteur', '=', 'utilisateur:rafale@limite.test')
      .execute();
    expect(journal).toHaveLength(1);
    expect(journal[0]).toMatchObject({ cible: 'POST /compte/invitations' });
    // A colleague's account is not affected.
    expect((await inviter(await organisme('voisin@limite.test'), 'libre@limite.test')).statusCode).toBe(303);
  });

  it('limits invitations per IP address whatever the account', async () => {
    const a = await organisme('un@ip.test', SIREN_A, '10.42.0.1');
    const b = await organisme('deux@ip.test', SIREN_A, '10.42.0.1');
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await inviter(a, `a${i}@ip.test`)).statusCode);
    for (let i = 0; i < 3; i++) codes.push((await inviter(b, `b${i}@ip.test`)).statusCode);
    expect(codes).toEqual([303, 303, 303, 303, 303, 303, 429]);
    const r = await inviter(b, 'b9@ip.test');
    expect(texte(r.body)).toContain('Trop d’invitations envoyées depuis votre connexion internet');
  });

  it('counts only invitations that leave: refused ones (bad address, repeat, colleague already there) are given back', async () => {
    const nav = await organisme('distrait@limite.test', SIREN_A, '10.43.0.1');
    await compte(t, { email: 'deja@limite.test', role: 'organisme', siren: SIREN_A });
    expect((await inviter(nav, 'premier@limite.test')).statusCode).toBe(303);
    const refus = [];
    for (const email of ['pas-une-adresse', 'encore@', 'premier@limite.test', 'deja@limite.test', ' ', 'x@y'])
      refus.push((await inviter(nav, email)).statusCode);
    expect(refus.every((c) => c === 400 || c === 409)).toBe(true);
    // The account's limit is 4 and the IP's 6: three more invitations still leave.
    const envoyees = [];
    for (let i = 0; i < 3; i++) envoyees.push((await inviter(nav, `apres${i}@limite.test`)).statusCode);
    expect(envoyees).toEqual([303, 303, 303]);
    expect((await inviter(nav, 'de-trop@limite.test')).statusCode).toBe(429);
    await t.smtp.attendre('apres2@limite.test', /Invitation/);
  });
});
