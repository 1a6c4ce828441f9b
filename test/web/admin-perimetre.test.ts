import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { bearer } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';

// /admin/perimetre: the scope rules editor. A preview lists the offers the values would reclassify
// (nothing written), the save is a new version with its person, the offers then move exactly as
// previewed; field errors in French; administrators only (page and form posts tried by others).

let t: TestWeb;
const sys = SYSTEME('test');
let admin: Navigateur;
let a: string;
let b: string;

const statuts = async () =>
  Object.fromEntries(
    (await t.ctx.db.selectFrom('formation').select(['id', 'parcoursup']).execute()).map((r) => [
      r.id,
      r.parcoursup,
    ]),
  );
const nbRegles = async () =>
  (
    await t.ctx.db
      .selectFrom('plateforme_regle')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

async function publiee(cle: string) {
  const { id } = await saveFormation(t.ctx, sys, bts(cle, { intitule: `BTS ${cle}` }));
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  return id;
}

const empreinte = (html: string) => /name="empreinte" value="([^"]+)"/.exec(html)?.[1];
const versionDe = (html: string) => /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';

const recteurLyon = {
  plateforme: 'parcoursup',
  niveau: '',
  type_diplome: 'bts',
  duree: '',
  annee_entree: '',
  academie: '10',
  statut: 'a_publier_validation_recteur',
  priorite: '500',
  actif: 'oui',
};

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  a = await publiee('PERIM-A');
  b = await publiee('PERIM-B');
  const u = await compte(t, { email: 'admin@offre.test', role: 'admin', nom: 'Ada Admin' });
  admin = new Navigateur(t.app, '10.7.0.1');
  await admin.seConnecter(u.email, u.motDePasse);
});
afterAll(() => t.close());

describe('/admin/perimetre', () => {
  it('previews the offers a new rule would reclassify, writes nothing, then saves it as version 1', async () => {
    const liste = await admin.get('/admin/perimetre');
    expect(liste.statusCode).toBe(200);
    expect(liste.body).toContain('Parcoursup');
    expect((await admin.get('/admin/perimetre/nouvelle')).statusCode).toBe(200);
    const avant = await statuts();
    expect([avant[a], avant[b]]).toEqual(['a_publier', 'a_publier']);
    const regles = await nbRegles();

    const apercu = await admin.post('/admin/perimetre/nouvelle', { ...recteurLyon, etape: 'apercu' });
    expect(apercu.statusCode).toBe(200);
    expect(apercu.body).toContain('2 offres sur 2 changeraient de statut');
    expect(apercu.body).toContain('BTS PERIM-A');
    expect(apercu.body).toContain('BTS PERIM-B');
    expect(apercu.body).toMatch(/À publier<\/td><td>À publier \(soumis à validation Recteur\)<\/td><td>2</);
    // A preview writes nothing.
    expect(await statuts()).toEqual(avant);
    expect(await nbRegles()).toBe(regles);

    const e = empreinte(apercu.body);
    expect(e).toBeDefined();
    const r = await admin.post('/admin/perimetre/nouvelle', {
      ...recteurLyon,
      etape: 'enregistrer',
      empreinte: e!,
    });
    expect(r.statusCode).toBe(303);
    expect(await nbRegles()).toBe(regles + 1);
    // The offers moved exactly as previewed.
    const apres = await statuts();
    expect([apres[a], apres[b]]).toEqual(['a_publier_validation_recteur', 'a_publier_validation_recteur']);
    const id = Number(/enregistree=(\d+)/.exec(r.headers.location as string)![1]);
    expect((await admin.get(r.headers.location as string)).body).toContain(
      `Règle n° ${id} enregistrée (version 1)`,
    );

    // Its history: who and when, on the page and through the API.
    const fiche = await admin.get(`/admin/perimetre/${id}`);
    expect(fiche.body).toContain('Historique des versions');
    expect(fiche.body).toContain('admin@offre.test');
    // Dates in full, Paris time (« 3 décembre 2026 à 22:14 »), never « 03/12/2026 22:14 ».
    expect(fiche.body).toMatch(/<td>(1er|\d\d?) [a-zéû]+ 20\d\d à \d\d:\d\d<\/td>/);
    expect(fiche.body).not.toMatch(/\d\d\/\d\d\/\d{4}/);
    const cle = await createApiKey(t.ctx, { name: 'lecteur', scope: 'read' });
    const h = await t.app.inject({
      url: `/api/v1/plateformes/regles/${id}/historique`,
      headers: bearer(cle.key),
    });
    expect(h.json().data).toMatchObject([
      { version: 1, action: 'create', acteur: 'utilisateur:admin@offre.test' },
    ]);
  });

  it('a change previews against today’s rules, and a save of other values than previewed previews again', async () => {
    const { id } = await t.ctx.db
      .selectFrom('plateforme_regle')
      .select('id')
      .where('academie', '=', '10')
      .executeTakeFirstOrThrow();
    const version = versionDe((await admin.get(`/admin/perimetre/${id}`)).body);
    expect(version).toBe('1');
    const inactive = { ...recteurLyon, type_diplome: 'BTS', actif: 'non', version };
    const apercu = await admin.post(`/admin/perimetre/${id}`, { ...inactive, etape: 'apercu' });
    expect(apercu.body).toMatch(/À publier \(soumis à validation Recteur\)<\/td><td>À publier<\/td><td>2</);
    expect(apercu.body).toContain('Enregistrer la version 2');
    // The values changed after the preview: no save, a new preview.
    const avant = await statuts();
    const autre = await admin.post(`/admin/perimetre/${id}`, {
      ...inactive,
      priorite: '600',
      etape: 'enregistrer',
      empreinte: empreinte(apercu.body)!,
    });
    expect(autre.statusCode).toBe(200);
    expect(autre.body).toContain('La règle a changé depuis l’aperçu');
    expect(await statuts()).toEqual(avant);
    const ok = await admin.post(`/admin/perimetre/${id}`, {
      ...inactive,
      priorite: '600',
      etape: 'enregistrer',
      empreinte: empreinte(autre.body)!,
    });
    expect(ok.statusCode).toBe(303);
    const apres = await statuts();
    expect([apres[a], apres[b]]).toEqual(['a_publier', 'a_publier']);
    const h = await t.ctx.db
      .selectFrom('plateforme_regle_historique')
      .select(['version', 'acteur'])
      .where('regle_id', '=', id)
      .orderBy('id')
      .execute();
    expect(h).toEqual([
      { version: 1, acteur: 'utilisateur:admin@offre.test' },
      { version: 2, acteur: 'utilisateur:admin@offre.test' },
    ]);
  });

  it('a rule saved by another administrator since the page opened is not replaced unseen (409), nor by a form without its version (400)', async () => {
    const { id } = await t.ctx.db
      .selectFrom('plateforme_regle')
      .select('id')
      .where('academie', '=', '10')
      .executeTakeFirstOrThrow();
    const page = await admin.get(`/admin/perimetre/${id}`);
    const lue = versionDe(page.body);
    // Another administrator saves the rule meanwhile (through the API).
    const cle = await createApiKey(t.ctx, { name: 'admin perimetre', scope: 'admin' });
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/plateformes/regles/${id}`,
      headers: { ...bearer(cle.key), 'content-type': 'application/json' },
      payload: JSON.stringify({
        plateforme: 'parcoursup',
        type_diplome: 'BTS',
        academie: '10',
        statut: 'a_publier',
        priorite: 700,
      }),
    });
    expect(put.statusCode, put.body).toBe(200);
    const nouvelle = String(put.json().regle.version);
    // Previewed from the page opened before: not the rule as it now stands.
    const r = await admin.post(`/admin/perimetre/${id}`, { ...recteurLyon, version: lue, etape: 'apercu' });
    expect(r.statusCode).toBe(409);
    expect(r.body).toContain(
      `La règle n° ${id} a été modifiée depuis l’ouverture de la page (version ${nouvelle},`,
    );
    expect(r.body).toContain('rien n’a été enregistré');
    expect(versionDe(r.body)).toBe(nouvelle);
    const stockee = async () =>
      await t.ctx.db
        .selectFrom('plateforme_regle')
        .select(['version', 'priorite'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await stockee()).toEqual({ version: Number(nouvelle), priorite: 700 });
    const sans = await admin.post(`/admin/perimetre/${id}`, {
      ...recteurLyon,
      etape: 'enregistrer',
      empreinte: empreinte(r.body)!,
    });
    expect(sans.statusCode).toBe(400);
    expect(sans.body).toContain('ne porte pas le champ « version »');
    expect(await stockee()).toEqual({ version: Number(nouvelle), priorite: 700 });
    // From the page as it now stands, the save goes through.
    const ok = await admin.post(`/admin/perimetre/${id}`, {
      ...recteurLyon,
      version: versionDe(r.body),
      etape: 'enregistrer',
      empreinte: empreinte(r.body)!,
    });
    expect(ok.statusCode).toBe(303);
    expect(await stockee()).toEqual({ version: Number(nouvelle) + 1, priorite: 500 });
  });

  it('says in French what is wrong, field by field, and stores nothing', async () => {
    await admin.get('/admin/perimetre/nouvelle');
    const regles = await nbRegles();
    const r = await admin.post('/admin/perimetre/nouvelle', {
      plateforme: '',
      niveau: '9',
      // 30 characters as the API's schema counts them (code points), though 60 UTF-16 code units.
      type_diplome: '🎓'.repeat(30),
      duree: 'deux',
      annee_entree: '7',
      academie: 'ZZ',
      statut: 'publie',
      priorite: '',
      actif: 'oui',
      etape: 'enregistrer',
    });
    expect(r.statusCode).toBe(400);
    for (const champ of ['plateforme', 'niveau', 'duree', 'annee_entree', 'academie', 'statut', 'priorite'])
      expect(r.body).toContain(`href="#${champ}"`);
    expect(r.body).toContain('Niveau de qualification : un chiffre de 3 à 8');
    expect(r.body).toContain('Durée : un nombre entier de 1 à 8 (saisi : « deux »)');
    expect(r.body).not.toContain('href="#type_diplome"');
    expect(r.body).not.toContain('Voir les offres reclassées</button><button');
    const long = await admin.post('/admin/perimetre/nouvelle', {
      ...recteurLyon,
      type_diplome: '🎓'.repeat(31),
      etape: 'enregistrer',
    });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('Type de diplôme : 30 caractères au plus.');
    expect(await nbRegles()).toBe(regles);
  });

  it('is for administrators only: gestionnaire, instructeur and organisme get 403 on pages and posts', async () => {
    const { id } = await t.ctx.db.selectFrom('plateforme_regle').select('id').executeTakeFirstOrThrow();
    const regles = await nbRegles();
    const avant = await statuts();
    const autres = [
      await compte(t, { email: 'g@carif.test', role: 'gestionnaire', region: '84' }),
      await compte(t, { email: 'i@ac-lyon.test', role: 'instructeur', academie: '10' }),
      await compte(t, { email: 'org@cfa.test', role: 'organisme', siren: '130025265' }),
    ];
    for (const [i, u] of autres.entries()) {
      const nav = new Navigateur(t.app, `10.7.1.${i + 1}`);
      await nav.seConnecter(u.email, u.motDePasse);
      await nav.get('/compte'); // a page of its own, for a CSRF token
      for (const url of ['/admin/perimetre', '/admin/perimetre/nouvelle', `/admin/perimetre/${id}`])
        expect((await nav.get(url)).statusCode, `${u.email} GET ${url}`).toBe(403);
      for (const [url, etape] of [
        ['/admin/perimetre/nouvelle', 'apercu'],
        ['/admin/perimetre/nouvelle', 'enregistrer'],
        [`/admin/perimetre/${id}`, 'apercu'],
        [`/admin/perimetre/${id}`, 'enregistrer'],
      ] as const)
        expect((await nav.post(url, { ...recteurLyon, etape })).statusCode, `${u.email} POST ${url}`).toBe(
          403,
        );
    }
    expect(await nbRegles()).toBe(regles);
    expect(await statuts()).toEqual(avant);
  });
});
