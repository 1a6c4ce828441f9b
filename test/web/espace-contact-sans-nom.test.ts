import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels, versionLue } from './espace.helpers.ts';

// A contact is a name with a telephone or a courriel (the form's own hint). The workbook refuses a
// référent handicap left with a courriel but no name (CLASSEUR_REFERENT_HANDICAP_SANS_NOM); the
// formation form kept it, and the public page showed « Référent handicap — 02 … » with nobody to
// ask for. The form now refuses any contact with a telephone or courriel and no name, under the
// name field, the values typed kept, nothing stored.

let t: TestWeb;
let nav: Navigateur;
const SIREN_A = SIRET_A.slice(0, 9);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'lea@cfa-contacts.test', role: 'organisme', siren: SIREN_A }, '10.49.0.1');
});
afterAll(() => t.close());

const nbFormations = async () => (await t.ctx.db.selectFrom('formation').select('id').execute()).length;
const contactsDe = async (id: string) =>
  (
    await t.ctx.db
      .selectFrom('contact')
      .select(['type', 'nom', 'telephone', 'courriel'])
      .where('formation_id', '=', id)
      .orderBy('type')
      .execute()
  ).map((c) => ({ ...c }));

describe('the formation form refuses a contact without a name', () => {
  it('a new formation whose référent handicap has a telephone but no name: error under the name, values kept, nothing stored', async () => {
    const avant = await nbFormations();
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, {
        'contacts.0.type': 'pedagogique',
        'contacts.0.nom': 'Claire Martin',
        'contacts.0.courriel': 'claire.martin@cfa.example',
        'contacts.1.type': 'referent_handicap',
        'contacts.1.nom': '',
        'contacts.1.telephone': '02 40 00 00 00',
        'contacts.1.courriel': '',
      }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    const lu = texte(r.body);
    expect(lu).toContain('Le formulaire contient une erreur');
    expect(r.body).toContain('href="#contacts.1.nom"');
    expect(r.body).toContain('id="contacts.1.nom-erreur"');
    expect(lu).toContain(
      'Nom du contact 2 : le référent handicap a un téléphone ou un courriel mais pas de nom : le public lirait ses coordonnées sans savoir qui joindre. Indiquez son nom, ou videz aussi son téléphone et son courriel.',
    );
    // What the person typed is shown again.
    expect(r.body).toMatch(/name="contacts\.1\.telephone"[^>]*value="02 40 00 00 00"/);
    expect(r.body).toMatch(/name="contacts\.0\.nom"[^>]*value="Claire Martin"/);
    expect(r.body).toContain('Titre d’ingénieur manager par apprentissage');
    expect(await nbFormations()).toBe(avant);
  });

  it('an existing formation: emptying the référent’s name while keeping its courriel is refused, the stored contact kept', async () => {
    const id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'BTS contact nommé' }));
    const avant = await contactsDe(id);
    expect(avant).toEqual([
      { type: 'referent_handicap', nom: 'Camille Martin', telephone: null, courriel: 'handicap@cfa.example' },
    ]);
    await nav.get(`/espace/formations/${id}`);
    const r = await nav.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, { intitule: 'BTS contact nommé (modifié)', 'contacts.0.nom': '  ' }),
      version: await versionLue(nav, `/espace/formations/${id}`),
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#contacts.0.nom"');
    expect(texte(r.body)).toContain('Nom du contact 1 : le référent handicap a un téléphone ou un courriel');
    expect(r.body).toMatch(/name="intitule"[^>]*value="BTS contact nommé \(modifié\)"/);
    expect(await contactsDe(id)).toEqual(avant);
    const intitule = await t.ctx.db
      .selectFrom('formation')
      .select('intitule')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(intitule.intitule).toBe('BTS contact nommé');
  });

  it('any contact: an accueil with a courriel and no name is refused the same way', async () => {
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, {
        intitule: 'CAP accueil sans nom',
        'contacts.1.type': 'accueil',
        'contacts.1.courriel': 'accueil@cfa.example',
      }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#contacts.1.nom"');
    expect(texte(r.body)).toContain(
      'Nom du contact 2 : ce contact a un téléphone ou un courriel mais pas de nom : indiquez le nom d’une personne ou d’un service (ex. « Accueil »), ou videz aussi son téléphone et son courriel.',
    );
  });

  it('a named contact, or a row emptied entirely, is saved', async () => {
    const id = await creerParFormulaire(
      nav,
      ficheComplete(SIRET_A, {
        intitule: 'BP contacts complets',
        'contacts.1.type': 'accueil',
        'contacts.1.nom': 'Accueil du CFA',
        'contacts.1.telephone': '02 40 00 00 00',
      }),
    );
    expect(await contactsDe(id)).toHaveLength(2);
    await nav.get(`/espace/formations/${id}`);
    const r = await nav.post(`/espace/formations/${id}`, {
      ...ficheComplete(SIRET_A, {
        intitule: 'BP contacts complets',
        'contacts.1.type': 'accueil',
        'contacts.1.nom': '',
        'contacts.1.telephone': '',
        'contacts.1.courriel': '',
      }),
      version: await versionLue(nav, `/espace/formations/${id}`),
    });
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(303);
    expect(await contactsDe(id)).toEqual([
      { type: 'referent_handicap', nom: 'Camille Martin', telephone: null, courriel: 'handicap@cfa.example' },
    ]);
  });
});
