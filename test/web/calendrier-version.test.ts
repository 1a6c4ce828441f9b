import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';

// The campaign calendar form carried no version (team notes, 05/12): every post replaced all the
// dates, so two people editing at once — two tabs, two gestionnaires of a région, two
// administrators — saw the last one silently win. The page now carries the version of the calendar
// it shows (hidden `version`): a stale one is refused (409 CALENDRIER_MODIFIE) saying who changed
// what and when, listing what saving again would replace, the entries kept; a form without it 400
// VERSION_MANQUANTE. Through the API, `If-Match` with the calendar's `version` (412), optional.

const maintenant = new Date('2026-11-28T10:00:00Z'); // collection of rentrée 2027
let t: TestWeb;
let lea: Navigateur;
let marc: Navigateur;
let admin1: Navigateur;
let admin2: Navigateur;

const versionDe = (html: string) => /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';
const alerteDe = (html: string) => {
  const debut = html.indexOf('id="conflit"');
  return debut < 0 ? '' : texte(html.slice(debut, html.indexOf('</div>', debut)));
};
const valeurDe = (html: string, champ: string) =>
  new RegExp(`name="${champ}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="${champ}"`)
    .exec(html)
    ?.slice(1)
    .find(Boolean);
const region84 = async () =>
  t.ctx.db
    .selectFrom('campagne_region')
    .selectAll()
    .where('annee', '=', 2027)
    .where('region', '=', '84')
    .executeTakeFirst();
const national = async () =>
  t.ctx.db.selectFrom('campagne').selectAll().where('annee', '=', 2027).executeTakeFirstOrThrow();

/** An API call with a signed-in person's session (and the page's CSRF token for writes). */
const api = (n: Navigateur, method: 'GET' | 'PUT', url: string, payload?: unknown, headers = {}) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    cookies: Object.fromEntries(n.cookies),
    headers: { ...(n.csrf ? { 'x-csrf-token': n.csrf } : {}), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => maintenant });
  const comptes = await Promise.all([
    compte(t, { email: 'lea@region.test', role: 'gestionnaire', region: '84', nom: 'Léa Durand' }),
    compte(t, { email: 'marc@region.test', role: 'gestionnaire', region: '84', nom: 'Marc Petit' }),
    compte(t, { email: 'admin1@offre.test', role: 'admin', nom: 'Alice Admin' }),
    compte(t, { email: 'admin2@offre.test', role: 'admin', nom: 'Bruno Admin' }),
  ]);
  [lea, marc, admin1, admin2] = comptes.map((_, i) => new Navigateur(t.app, `10.66.0.${i + 1}`));
  for (const [i, n] of [lea, marc, admin1, admin2].entries())
    await n!.seConnecter(comptes[i]!.email, comptes[i]!.motDePasse);
});
afterAll(() => t?.close());

describe('the calendar page carries the version it shows', () => {
  it('a région’s calendar: the second tab is refused (409), says who changed what, keeps its entries', async () => {
    const a = await lea.get('/gestion/campagnes?annee=2027&region=84');
    const b = await marc.get('/gestion/campagnes?annee=2027&region=84');
    const version = versionDe(a.body);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(versionDe(b.body)).toBe(version);

    const premier = await lea.post('/gestion/campagnes/2027/calendrier', {
      region: '84',
      version,
      ouverture_collecte: '2026-09-20',
      retour_attendu: '2026-11-30',
      transmission_catalogue: '2026-12-15',
    });
    expect(premier.statusCode, texte(premier.body).slice(0, 400)).toBe(303);
    expect((await region84())?.ouverture_collecte).toBe('2026-09-20');

    const second = await marc.post('/gestion/campagnes/2027/calendrier', {
      region: '84',
      version: versionDe(b.body),
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-12-01',
      transmission_catalogue: '2026-12-15',
    });
    expect(second.statusCode).toBe(409);
    const alerte = alerteDe(second.body);
    expect(alerte).toContain('Léa Durand');
    expect(alerte).toContain('Ouverture de la collecte : 15 septembre 2026 → 20 septembre 2026');
    expect(alerte).toContain('ces champs remplaceront la version actuelle');
    expect(alerte).toContain('Ouverture de la collecte (actuellement « 20 septembre 2026 »)');
    expect(alerte).toContain('Retour des classeurs attendu (actuellement « 30 novembre 2026 »)');
    expect(alerte).not.toContain('Transmission au catalogue national');
    // Nothing stored; the entries kept; the form now carries the current version.
    expect((await region84())?.ouverture_collecte).toBe('2026-09-20');
    expect((await region84())?.retour_attendu).toBeNull();
    expect(valeurDe(second.body, 'retour_attendu')).toBe('2026-12-01');
    expect(valeurDe(second.body, 'ouverture_collecte')).toBe('2026-09-15');
    const actuelle = versionDe((await lea.get('/gestion/campagnes?annee=2027&region=84')).body);
    expect(versionDe(second.body)).toBe(actuelle);

    // Saving again, knowingly, replaces the current version.
    const encore = await marc.post('/gestion/campagnes/2027/calendrier', {
      region: '84',
      version: versionDe(second.body),
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-12-01',
      transmission_catalogue: '2026-12-15',
    });
    expect(encore.statusCode, texte(encore.body).slice(0, 400)).toBe(303);
    expect((await region84())?.retour_attendu).toBe('2026-12-01');
  });

  it('the national calendar: two administrators, the last one refused (409)', async () => {
    const a = await admin1.get('/gestion/campagnes?annee=2027');
    const b = await admin2.get('/gestion/campagnes?annee=2027');
    const form = {
      region: '',
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-11-30',
      transmission_catalogue: '2026-12-15',
      fermeture_affelnet: '2027-01-31',
      ouverture_parcoursup: '2027-01-15',
      fermeture_parcoursup: '2027-09-15',
      fenetre_debut: '2027-08-01',
      fenetre_fin: '2028-07-31',
    };
    const premier = await admin1.post('/gestion/campagnes/2027/calendrier', {
      ...form,
      version: versionDe(a.body),
      fermeture_affelnet: '2027-02-10',
    });
    expect(premier.statusCode, texte(premier.body).slice(0, 400)).toBe(303);
    const second = await admin2.post('/gestion/campagnes/2027/calendrier', {
      ...form,
      version: versionDe(b.body),
      fermeture_parcoursup: '2027-09-20',
    });
    expect(second.statusCode).toBe(409);
    const alerte = alerteDe(second.body);
    expect(alerte).toContain('Alice Admin');
    expect(alerte).toContain('Fermeture d’Affelnet : 31 janvier 2027 → 10 février 2027');
    expect(alerte).toContain('Fermeture d’Affelnet (actuellement « 10 février 2027 »)');
    expect(alerte).toContain('Fermeture de Parcoursup (actuellement « 15 septembre 2027 »)');
    expect((await national()).fermeture_affelnet).toBe('2027-02-10');
    expect((await national()).fermeture_parcoursup).toBe('2027-09-15');
    expect(valeurDe(second.body, 'fermeture_parcoursup')).toBe('2027-09-20');
  });

  it('« Revenir à la date nationale » carries the version too', async () => {
    const page = await lea.get('/gestion/campagnes?annee=2027&region=84');
    expect(page.body).toMatch(/name="nationale"/);
    const bouton = page.body.slice(0, page.body.indexOf('name="nationale"'));
    expect(versionDe(bouton.slice(bouton.lastIndexOf('<form')))).toBe(versionDe(page.body));
  });

  it('a form without its version: 400 VERSION_MANQUANTE, nothing stored', async () => {
    const avant = await region84();
    const r = await lea.post('/gestion/campagnes/2027/calendrier', {
      region: '84',
      ouverture_collecte: '2026-10-01',
      retour_attendu: '2026-12-01',
      transmission_catalogue: '2026-12-15',
    });
    expect(r.statusCode).toBe(400);
    expect(alerteDe(r.body)).toContain('ne porte pas le champ « version »');
    expect(await region84()).toEqual(avant);
  });
});

describe('the API: the version in GET, an optional If-Match on PUT', () => {
  it('a stale If-Match: 412 PRECONDITION_ECHOUEE saying who changed it; the current one or none: saved', async () => {
    const lu = await api(lea, 'GET', '/campagnes/2027?region=84');
    const version = lu.json().version as string;
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(versionDe((await lea.get('/gestion/campagnes?annee=2027&region=84')).body)).toBe(version);
    const liste = await api(lea, 'GET', '/campagnes?region=84');
    expect(liste.json().data.find((c: { annee: number }) => c.annee === 2027).version).toBe(version);

    const corps = { region: '84', ouverture_collecte: '2026-09-16', retour_attendu: '2026-12-01' };
    const ok = await api(lea, 'PUT', '/campagnes/2027/calendrier', corps, { 'if-match': `"${version}"` });
    expect(ok.statusCode, ok.body).toBe(200);
    const nouvelle = ok.json().calendrier.version as string;
    expect(nouvelle).not.toBe(version);

    const perime = await api(
      marc,
      'PUT',
      '/campagnes/2027/calendrier',
      { ...corps, ouverture_collecte: '2026-09-17' },
      { 'if-match': `"${version}"` },
    );
    expect(perime.statusCode).toBe(412);
    expect(perime.json().code).toBe('PRECONDITION_ECHOUEE');
    expect(perime.json().detail).toContain('Léa Durand');
    expect(perime.json().detail).toContain(`"${nouvelle}"`);
    expect((await region84())?.ouverture_collecte).toBe('2026-09-16');

    const malforme = await api(marc, 'PUT', '/campagnes/2027/calendrier', corps, { 'if-match': 'abc' });
    expect(malforme.statusCode).toBe(400);
    expect(malforme.json().code).toBe('IF_MATCH_INVALIDE');

    const sans = await api(marc, 'PUT', '/campagnes/2027/calendrier', {
      ...corps,
      ouverture_collecte: '2026-09-18',
    });
    expect(sans.statusCode).toBe(200);
    expect((await region84())?.ouverture_collecte).toBe('2026-09-18');
  });
});

// A review of the calendar's API (05/12): a PUT without `region` whose If-Match carried the version
// of a région's calendar was told « Le calendrier national … a été modifié », which was false (the
// tag was of another calendar); and a PUT with one date reset the région's other dates to the
// national ones. Now the mismatch is named (400 VERSION_AUTRE_CALENDRIER), and a date absent
// from the body is left as it is (null or "" clears it: for a région, back to the national date).
describe('the API: a version of another calendar, a partial body', () => {
  it('If-Match of the région’s calendar on a body without `region`: 400 naming the mismatch, nothing stored', async () => {
    const version84 = (await api(lea, 'GET', '/campagnes/2027?region=84')).json().version as string;
    const avant = await national();
    await admin1.get('/gestion/campagnes');
    const r = await api(
      admin1,
      'PUT',
      '/campagnes/2027/calendrier',
      { fermeture_affelnet: '2027-02-20' },
      { 'if-match': `"${version84}"` },
    );
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().code).toBe('VERSION_AUTRE_CALENDRIER');
    const detail = r.json().detail as string;
    expect(detail).toContain('la version du calendrier de la région Auvergne-Rhône-Alpes');
    expect(detail).toContain('calendrier national');
    expect(detail).toContain('"region": "84"');
    expect(detail).not.toContain('a été modifié');
    expect(await national()).toEqual(avant);

    // The other way round: the national version on a région's body.
    const versionNat = (await api(admin1, 'GET', '/campagnes/2027')).json().version as string;
    const inverse = await api(
      lea,
      'PUT',
      '/campagnes/2027/calendrier',
      { region: '84', retour_attendu: '2026-12-03' },
      { 'if-match': `"${versionNat}"` },
    );
    expect(inverse.statusCode, inverse.body).toBe(400);
    expect(inverse.json().code).toBe('VERSION_AUTRE_CALENDRIER');
    expect(inverse.json().detail).toContain('la version du calendrier national');
    expect(inverse.json().detail).toContain('région Auvergne-Rhône-Alpes');
  });

  it('a body with one date keeps the région’s other dates; null takes one back to the national date', async () => {
    await lea.get('/gestion/campagnes?annee=2027&region=84');
    const tout = await api(lea, 'PUT', '/campagnes/2027/calendrier', {
      region: '84',
      ouverture_collecte: '2026-09-21',
      retour_attendu: '2026-12-01',
      transmission_catalogue: '2026-12-21',
    });
    expect(tout.statusCode, tout.body).toBe(200);
    const un = await api(lea, 'PUT', '/campagnes/2027/calendrier', {
      region: '84',
      retour_attendu: '2026-12-04',
    });
    expect(un.statusCode, un.body).toBe(200);
    expect(await region84()).toMatchObject({
      ouverture_collecte: '2026-09-21',
      retour_attendu: '2026-12-04',
      transmission_catalogue: '2026-12-21',
    });
    const nul = await api(lea, 'PUT', '/campagnes/2027/calendrier', {
      region: '84',
      transmission_catalogue: null,
    });
    expect(nul.statusCode, nul.body).toBe(200);
    expect(await region84()).toMatchObject({
      ouverture_collecte: '2026-09-21',
      retour_attendu: '2026-12-04',
      transmission_catalogue: null,
    });
    expect(nul.json().calendrier.origines.transmission_catalogue).toBe('nationale');
    expect(nul.json().calendrier.transmission_catalogue).toBe((await national()).transmission_catalogue);
  });

  it('the national calendar too: a body with one date leaves the others as they are', async () => {
    const avant = await national();
    await admin1.get('/gestion/campagnes');
    const r = await api(admin1, 'PUT', '/campagnes/2027/calendrier', { fermeture_affelnet: '2027-02-21' });
    expect(r.statusCode, r.body).toBe(200);
    const apres = await national();
    expect(apres.fermeture_affelnet).toBe('2027-02-21');
    for (const k of [
      'ouverture_collecte',
      'retour_attendu',
      'transmission_catalogue',
      'ouverture_parcoursup',
    ] as const)
      expect(apres[k]).toEqual(avant[k]);
    expect([apres.fenetre_debut, apres.fenetre_fin]).toEqual([avant.fenetre_debut, avant.fenetre_fin]);
  });
});
