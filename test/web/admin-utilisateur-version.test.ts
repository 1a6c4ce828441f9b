import { afterAll, beforeAll, expect, it } from 'vitest';
import { compte, connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';

// /admin/utilisateurs/{id} replaced the role, régions and académies with what its form held: two
// administrators (or two tabs) changing one account saw the last one silently win. The page now
// carries the version of the role and scope it shows (hidden `version`): a stale one is refused
// (409 UTILISATEUR_MODIFIE, who changed it and when, what saving again would replace, the entries
// kept); a form without it 400 VERSION_MANQUANTE.

let t: TestWeb;
let ada: Navigateur;
let bob: Navigateur;
let id: string;

const versionDe = (html: string) => /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';
const alerteDe = (html: string) => {
  const debut = html.indexOf('id="conflit"');
  return debut < 0 ? '' : texte(html.slice(debut, html.indexOf('</div>', debut)));
};
const academies = async () =>
  (
    await t.ctx.db
      .selectFrom('utilisateur')
      .select('academies')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).academies;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  ada = await connecte(t, { email: 'ada@offre.test', role: 'admin', nom: 'Ada Admin' }, '10.67.0.1');
  bob = await connecte(t, { email: 'bob@offre.test', role: 'admin', nom: 'Bob Admin' }, '10.67.0.2');
  await compte(t, { email: 'ines@ac-lyon.test', role: 'instructeur', academie: '10' });
  id = (
    await t.ctx.db
      .selectFrom('utilisateur')
      .select('id')
      .where('email', '=', 'ines@ac-lyon.test')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(() => t?.close());

it('two administrators: the second save is refused (409), says who changed it and what it would replace', async () => {
  const a = await ada.get(`/admin/utilisateurs/${id}`);
  const b = await bob.get(`/admin/utilisateurs/${id}`);
  expect(versionDe(a.body)).toMatch(/^[0-9a-f]{16}$/);
  const premier = await ada.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(a.body),
    role: 'instructeur',
    regions: '',
    academies: '10, 08',
  });
  expect(premier.statusCode, texte(premier.body).slice(0, 300)).toBe(303);
  const second = await bob.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(b.body),
    role: 'instructeur',
    regions: '',
    academies: '10, 02',
  });
  expect(second.statusCode).toBe(409);
  const alerte = alerteDe(second.body);
  expect(alerte).toContain('Ada Admin');
  expect(alerte).toContain('Académies (actuellement « Lyon (10), Grenoble (08) »)');
  expect(alerte).not.toContain('Rôle (');
  expect(await academies()).toEqual(['10', '08']);
  expect(second.body).toContain('value="10, 02"');
  // Saved again knowingly, with the version the refusal page carries.
  const encore = await bob.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(second.body),
    role: 'instructeur',
    regions: '',
    academies: '10, 02',
  });
  expect(encore.statusCode).toBe(303);
  expect(await academies()).toEqual(['10', '02']);
});

it('a form without its version: 400 VERSION_MANQUANTE, nothing stored', async () => {
  await ada.get(`/admin/utilisateurs/${id}`);
  const r = await ada.post(`/admin/utilisateurs/${id}`, {
    role: 'instructeur',
    regions: '',
    academies: '01',
  });
  expect(r.statusCode).toBe(400);
  expect(alerteDe(r.body)).toContain('ne porte pas le champ « version »');
  expect(await academies()).toEqual(['10', '02']);
});

it('a role changed meanwhile is named as people read it, not by its code', async () => {
  const a = await ada.get(`/admin/utilisateurs/${id}`);
  const b = await bob.get(`/admin/utilisateurs/${id}`);
  const premier = await ada.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(a.body),
    role: 'gestionnaire',
    regions: '84',
    academies: '',
  });
  expect(premier.statusCode, texte(premier.body).slice(0, 300)).toBe(303);
  const second = await bob.post(`/admin/utilisateurs/${id}`, {
    version: versionDe(b.body),
    role: 'prescripteur',
    regions: '',
    academies: '',
  });
  expect(second.statusCode).toBe(409);
  const alerte = alerteDe(second.body);
  expect(alerte).toContain('Rôle (actuellement « Gestionnaire (Carif-Oref) »)');
  expect(alerte).not.toContain('« gestionnaire »');
});
