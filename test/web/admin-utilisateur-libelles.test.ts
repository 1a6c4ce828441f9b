import { afterAll, beforeAll, expect, it } from 'vitest';
import { compte, connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';

// User pass of 05/12 on /admin/utilisateurs/{id}: the conflict alert said « Gestionnaire
// (Carif-Oref) » where the role's select said « Gestionnaire (par région) » (two lists of role
// labels); the régions read as codes in one place and names in another; régions typed for an
// administrator (a role without régions) were dropped without a word. Now: one list of labels
// (acteur.ts LIBELLES_ROLES); a région is « Auvergne-Rhône-Alpes (84) » everywhere the page
// names it; régions or académies typed for a role that has none are not kept, and the page says so.

let t: TestWeb;
let ada: Navigateur;
let id: string;

const versionDe = (html: string) => /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';
const options = (html: string) =>
  [...html.matchAll(/<option value="([a-z]+)"[^>]*>([^<]+)<\/option>/g)].map((m) => [m[1], m[2]]);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  ada = await connecte(t, { email: 'ada@offre.test', role: 'admin', nom: 'Ada Admin' }, '10.68.0.1');
  id = (await compte(t, { email: 'gaelle@carif.test', role: 'gestionnaire', region: '84' })).id;
});
afterAll(() => t?.close());

it('the role select names the roles as the rest of the site does', async () => {
  const page = await ada.get(`/admin/utilisateurs/${id}`);
  expect(options(page.body)).toEqual([
    ['organisme', 'Organisme de formation'],
    ['gestionnaire', 'Gestionnaire (Carif-Oref)'],
    ['instructeur', 'Instructeur (académie)'],
    ['prescripteur', 'Prescripteur'],
    ['admin', 'Administrateur'],
  ]);
  const liste = texte((await ada.get('/admin/utilisateurs')).body);
  expect(liste).toContain('gaelle@carif.test Gestionnaire (Carif-Oref)');
});

it('a région reads « name (code) » in the list, the header and the conflict alert', async () => {
  expect(texte((await ada.get('/admin/utilisateurs')).body)).toContain('Régions : Auvergne-Rhône-Alpes (84)');
  const a = await ada.get(`/admin/utilisateurs/${id}`);
  expect(texte(a.body)).toContain('Compte actif – Régions : Auvergne-Rhône-Alpes (84)');
  const premier = await ada.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(a.body),
    role: 'gestionnaire',
    regions: '84, 27',
    academies: '',
  });
  expect(premier.statusCode).toBe(303);
  const second = await ada.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(a.body),
    role: 'gestionnaire',
    regions: '53',
    academies: '',
  });
  expect(second.statusCode).toBe(409);
  const alerte = texte(second.body.slice(second.body.indexOf('id="conflit"')));
  expect(alerte).toContain(
    'Régions (actuellement « Auvergne-Rhône-Alpes (84), Bourgogne-Franche-Comté (27) »)',
  );
});

it('régions typed for an administrator are not kept, and the page says so', async () => {
  const a = await ada.get(`/admin/utilisateurs/${id}`);
  const r = await ada.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(a.body),
    role: 'admin',
    regions: '84, 27',
    academies: '',
  });
  expect(r.statusCode).toBe(303);
  const row = await t.ctx.db
    .selectFrom('utilisateur')
    .select(['role', 'regions'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({ role: 'admin', regions: [] });
  const liste = texte((await ada.get(r.headers.location as string)).body);
  expect(liste).toContain('Rôle et périmètre enregistrés.');
  expect(liste).toContain(
    'Les régions saisies ne s’appliquent qu’à un gestionnaire : elles n’ont pas été gardées pour ce rôle.',
  );
});

it('on creation too: académies typed for a prescripteur are not kept, and the page says so', async () => {
  await ada.get('/admin/utilisateurs');
  const r = await ada.post('/admin/utilisateurs', {
    email: 'paul@prescripteur.test',
    nom: '',
    role: 'prescripteur',
    siren: '',
    region: '',
    academie: '10',
  });
  expect(r.statusCode).toBe(201);
  expect(texte(r.body)).toContain(
    'Les académies saisies ne s’appliquent qu’à un instructeur : elles n’ont pas été gardées pour ce rôle.',
  );
});

// User pass (06/12): the creation form labelled « Régions (facultatif) » while its hint said a
// gestionnaire needs one (and so for the SIREN of an organisme, the académies of an instructeur).
// Each scope field now says for which role it is required; none carries `required` (the form without
// JavaScript is sent whatever the role; the server says what is missing).
it('labels each scope field as required for its role, never « (facultatif) », without `required`', async () => {
  const label = (html: string, champ: string) =>
    texte(new RegExp(`<label[^>]*for="${champ}"[^>]*>([\\s\\S]*?)</label>`).exec(html)?.[1] ?? '');
  const input = (html: string, champ: string) => new RegExp(`<input[^>]*id="${champ}"[^>]*>`).exec(html)?.[0];
  const creation = (await ada.get('/admin/utilisateurs')).body;
  expect(label(creation, 'siren')).toMatch(/^SIREN \(obligatoire pour un organisme\)/);
  expect(label(creation, 'region')).toMatch(/^Régions \(obligatoire pour un gestionnaire\)/);
  expect(label(creation, 'academie')).toMatch(/^Académies \(obligatoire pour un instructeur\)/);
  const fiche = (await ada.get(`/admin/utilisateurs/${id}`)).body;
  expect(label(fiche, 'regions')).toMatch(/^Régions \(obligatoire pour un gestionnaire\)/);
  expect(label(fiche, 'academies')).toMatch(/^Académies \(obligatoire pour un instructeur\)/);
  for (const [html, champ] of [
    [creation, 'siren'],
    [creation, 'region'],
    [creation, 'academie'],
    [fiche, 'regions'],
    [fiche, 'academies'],
  ] as const) {
    expect(label(html, champ)).not.toContain('facultatif');
    expect(input(html, champ)).toBeDefined();
    expect(input(html, champ)).not.toMatch(/\srequired/);
  }
  // The error summary still names the field by its short label.
  const r = await ada.post('/admin/utilisateurs', {
    email: 'gilles@carif.test',
    nom: '',
    role: 'gestionnaire',
    siren: '',
    region: '',
    academie: '',
  });
  expect(r.statusCode).toBe(400);
  expect(texte(r.body)).toContain('Régions : un gestionnaire doit être lié à une ou plusieurs régions');
});
