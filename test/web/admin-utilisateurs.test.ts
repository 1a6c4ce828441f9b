import { afterAll, beforeAll, expect, it } from 'vitest';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { liensDuResume } from './espace.helpers.ts';

// /admin/utilisateurs: create (one-time password shown once), disable (sessions ended at once),
// role and scope; administrators only.

let t: TestWeb;
let admin: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  admin = await connecte(t, { email: 'admin@offre.test', role: 'admin', nom: 'Ada Admin' }, '10.2.0.1');
});
afterAll(() => t.close());

it('creates an instructeur, changes its académies, disables it: its open session ends at once', async () => {
  await admin.get('/admin/utilisateurs');
  const bad = await admin.post('/admin/utilisateurs', {
    email: 'ines@ac-lyon.test',
    nom: '',
    role: 'instructeur',
    siren: '',
    region: '',
    academie: '99',
  });
  expect(bad.statusCode).toBe(400);
  expect(bad.body).toContain('href="#academie"');
  expect(bad.body).toContain('Académies : académie « 99 » inconnue');
  // A form names its fields, never the CLI's options (`offre user add --region …`).
  for (const [role, champ] of [
    ['organisme', 'siren'],
    ['gestionnaire', 'region'],
    ['instructeur', 'academie'],
  ] as const) {
    const r = await admin.post('/admin/utilisateurs', {
      email: `sans-${champ}@offre.test`,
      nom: '',
      role,
      siren: '',
      region: '',
      academie: '',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain(`href="#${champ}"`);
    expect(r.body).not.toMatch(/--(siren|region|academie)/);
  }
  const cree = await admin.post('/admin/utilisateurs', {
    email: 'ines@ac-lyon.test',
    nom: 'Inès',
    role: 'instructeur',
    siren: '',
    region: '',
    academie: '10',
  });
  expect(cree.statusCode).toBe(201);
  const motDePasse = /id="mot-de-passe-unique">([^<]+)</.exec(cree.body)?.[1];
  expect(motDePasse).toBeDefined();
  const row = await t.ctx.db
    .selectFrom('utilisateur')
    .selectAll()
    .where('email', '=', 'ines@ac-lyon.test')
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({ role: 'instructeur', academies: ['10'], doit_changer_mot_de_passe: true });

  // The page's form carries the version of the role and scope it shows (hidden `version`).
  const version = /name="version" value="([^"]*)"/.exec(
    (await admin.get(`/admin/utilisateurs/${row.id}`)).body,
  )?.[1];
  const mal = await admin.post(`/admin/utilisateurs/${row.id}`, {
    version: version ?? '',
    role: 'gestionnaire',
    regions: '',
    academies: '',
  });
  expect(mal.statusCode).toBe(400);
  expect(mal.body).toContain('href="#regions"');
  expect(
    (
      await admin.post(`/admin/utilisateurs/${row.id}`, {
        version: version ?? '',
        role: 'instructeur',
        regions: '',
        academies: '10, 08',
      })
    ).statusCode,
  ).toBe(303);
  expect(
    (
      await t.ctx.db
        .selectFrom('utilisateur')
        .select('academies')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow()
    ).academies,
  ).toEqual(['10', '08']);

  // Signed in elsewhere, then disabled: the next page sends it to the sign-in page.
  const ines = await compte(t, { email: 'autre@ac-lyon.test', role: 'instructeur', academie: '10' });
  const nav = new Navigateur(t.app, '10.2.0.2');
  await nav.seConnecter(ines.email, ines.motDePasse);
  expect((await nav.get('/instruction')).statusCode).toBe(200);
  // « Désactiver » in the list leads to the account's page, where a ticked box confirms it.
  const liste = await admin.get('/admin/utilisateurs');
  expect(liste.body).not.toContain(`action="/admin/utilisateurs/${ines.id}/desactiver"`);
  expect(liste.body).toContain(`href="/admin/utilisateurs/${ines.id}#desactivation"`);
  const fiche = await admin.get(`/admin/utilisateurs/${ines.id}`);
  expect(fiche.body).toContain(`action="/admin/utilisateurs/${ines.id}/desactiver"`);
  expect(fiche.body).toContain('name="confirmer_desactivation"');
  const sansCase = await admin.post(`/admin/utilisateurs/${ines.id}/desactiver`, {});
  expect(sansCase.statusCode).toBe(400);
  expect(sansCase.body).toContain('Cochez la case pour confirmer la désactivation : rien n’a changé.');
  expect((await nav.get('/instruction')).statusCode).toBe(200); // still signed in, still active
  const d = await admin.post(`/admin/utilisateurs/${ines.id}/desactiver`, { confirmer_desactivation: 'oui' });
  expect(d.statusCode).toBe(303);
  expect((await admin.get(d.headers.location as string)).body).toContain(
    'ses sessions ouvertes sont terminées',
  );
  const apres = await nav.get('/instruction');
  expect(apres.statusCode).toBe(303);
  expect(apres.headers.location).toMatch(/^\/connexion/);
  expect(
    (
      await t.ctx.db
        .selectFrom('connexion')
        .select('utilisateur_id')
        .where('utilisateur_id', '=', ines.id)
        .execute()
    ).length,
  ).toBe(0);
  expect((await nav.seConnecter(ines.email, ines.motDePasse)).statusCode).not.toBe(303);

  // Every change is history with its person, shown on the user's page.
  const page = await admin.get(`/admin/utilisateurs/${row.id}`);
  expect(page.body).toContain('Création du compte par Ada Admin (admin@offre.test)');
  expect(page.body).toContain('Changement de rôle ou de périmètre par Ada Admin (admin@offre.test)');
  expect(page.body).not.toContain('par utilisateur:');
  // Dates in full, Paris time (« 3 décembre 2026 à 22:14 – Création du compte … »), never « 03/12/2026 ».
  expect(page.body).toMatch(/<li>(1er|\d\d?) [a-zéû]+ 20\d\d à \d\d:\d\d – Création du compte par/);
  expect(page.body).not.toMatch(/\d\d\/\d\d\/\d{4}/);
});

it('an administrator cannot disable itself; other roles get 403 on the pages and posts', async () => {
  const soi = await t.ctx.db
    .selectFrom('utilisateur')
    .select('id')
    .where('email', '=', 'admin@offre.test')
    .executeTakeFirstOrThrow();
  const liste = await admin.get('/admin/utilisateurs');
  // Its own row offers no « Désactiver » (the others do).
  expect(liste.body).not.toContain(`/admin/utilisateurs/${soi.id}/desactiver`);
  expect(liste.body).not.toContain('aria-label="Désactiver admin@offre.test"');
  expect(liste.body).toMatch(/\/admin\/utilisateurs\/[^/"]+(#desactivation|\/reactiver)"/);
  expect((await admin.get(`/admin/utilisateurs/${soi.id}`)).body).not.toContain('confirmer_desactivation');
  expect(
    (await admin.post(`/admin/utilisateurs/${soi.id}/desactiver`, { confirmer_desactivation: 'oui' }))
      .statusCode,
  ).toBe(409);
  const org = await compte(t, { email: 'org@cfa.test', role: 'organisme', siren: '130025265' });
  const nav = new Navigateur(t.app, '10.2.0.3');
  await nav.seConnecter(org.email, org.motDePasse);
  await nav.get('/compte');
  expect((await nav.get('/admin/utilisateurs')).statusCode).toBe(403);
  expect((await nav.get(`/admin/utilisateurs/${soi.id}`)).statusCode).toBe(403);
  for (const url of [
    '/admin/utilisateurs',
    `/admin/utilisateurs/${soi.id}`,
    `/admin/utilisateurs/${soi.id}/desactiver`,
  ])
    expect(
      (await nav.post(url, { email: 'x@y.test', role: 'admin', regions: '', academies: '' })).statusCode,
    ).toBe(403);
  expect(
    (await t.ctx.db.selectFrom('utilisateur').select('role').where('email', '=', 'x@y.test').execute())
      .length,
  ).toBe(0);
});

// The creation form reported its problems one at a time (an invalid address hid the missing
// SIREN and the unknown académie): every problem is now said in the one response, each in the
// error summary and under its field.
it('reports every problem of the creation form at once', async () => {
  await admin.get('/admin/utilisateurs');
  const r = await admin.post('/admin/utilisateurs', {
    email: 'pas-une-adresse',
    nom: '',
    role: 'organisme',
    siren: '',
    region: '',
    academie: '99',
  });
  expect(r.statusCode).toBe(400);
  expect(liensDuResume(r.body)).toEqual(['email', 'siren', 'academie']);
  const page = texte(r.body);
  // « Libellé : problème. » as every form says them (fresh user, 06/12, second pass).
  expect(page).toContain('Adresse électronique : « pas-une-adresse »');
  expect(page).toContain('SIREN : un utilisateur « organisme » doit être lié à un SIREN.');
  expect(page).toContain('Académies : académie « 99 » inconnue');
  for (const champ of ['email', 'siren', 'academie'])
    expect(r.body, champ).toContain(`class="fr-message fr-message--error" id="${champ}-erreur"`);
  expect(
    await t.ctx.db.selectFrom('utilisateur').select('id').where('email', '=', 'pas-une-adresse').execute(),
  ).toEqual([]);
});
