import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A, setCatalogue } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import {
  confirmer,
  creerParFormulaire,
  espaceAvecReferentiels,
  ficheComplete,
  sessionForm,
  validerParRevue,
  versionLue,
} from './espace.helpers.ts';

// A fresh tester's findings (05/12) on the space's formation form and the pages around it: every
// error at once, an unchosen contact role, capacities written as French numbers, and the error
// page of a malformed formation address.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('lows@cfa.test', '10.57.0.1'));
  const g = await compte(t, { email: 'g11@lows.test', role: 'gestionnaire', region: '11' });
  g11 = new Navigateur(t.app, '10.57.0.2');
  await g11.seConnecter(g.email, g.motDePasse);
});
afterAll(() => t?.close());

const nbFormations = async () => (await t.ctx.db.selectFrom('formation').select('id').execute()).length;

/** The error summary's text (the DSFR alert at the top of the form). */
const resume = (html: string) => {
  const debut = html.indexOf('fr-alert--error');
  return texte(html.slice(debut, html.indexOf('</div>', debut)));
};

describe('the formation form says every error at once', () => {
  const MAUVAIS = {
    'modalites.duree_annees': '99999999999999999999',
    url: 'javascript:alert(1)',
    'contacts.0.courriel': 'pas-un-courriel',
    'contacts.0.telephone': 'abc',
  };

  it('a new formation: the duration’s, the link’s, the courriel’s and the telephone’s, nothing stored', async () => {
    const avant = await nbFormations();
    await org.get('/espace/formations/nouvelle');
    const r = await org.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, MAUVAIS),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    const s = resume(r.body);
    expect(s).toContain('Le formulaire contient 4 erreurs');
    expect(s).toContain('Durée du cursus : indiquez un nombre entier de 0 à 10');
    for (const champ of ['modalites.duree_annees', 'url', 'contacts.0.courriel', 'contacts.0.telephone'])
      expect(r.body).toContain(`href="#${champ}"`);
    expect(await nbFormations()).toBe(avant);
  });

  it('an existing formation: the same four errors at once, the stored values kept', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'BTS toutes les erreurs' }));
    const version = await versionLue(org, `/espace/formations/${id}`);
    const r = await org.post(`/espace/formations/${id}`, { ...ficheComplete(SIRET_A, MAUVAIS), version });
    expect(r.statusCode).toBe(400);
    for (const champ of ['modalites.duree_annees', 'url', 'contacts.0.courriel', 'contacts.0.telephone'])
      expect(r.body).toContain(`href="#${champ}"`);
    const f = await t.ctx.db
      .selectFrom('formation')
      .select('duree_annees')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(f?.duree_annees).toBe(2);
  });
});

describe('a contact’s role left unchosen', () => {
  it('is refused under the role field, naming the contact, nothing stored', async () => {
    const avant = await nbFormations();
    await org.get('/espace/formations/nouvelle');
    const r = await org.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, { intitule: 'BTS rôle non choisi', 'contacts.0.type': '' }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#contacts.0.type"');
    expect(texte(r.body)).toContain('Contact 1 : rôle : choisissez le rôle de ce contact');
    expect(await nbFormations()).toBe(avant);
  });

  it('the new contact row offers no role chosen in advance', async () => {
    const r = await org.get('/espace/formations/nouvelle');
    const select = /<select[^>]*name="contacts\.0\.type"[^>]*>([\s\S]*?)<\/select>/.exec(r.body)?.[1] ?? '';
    expect(select).toMatch(/<option value(?:="")? selected/);
    expect(select).not.toMatch(/value="referent_handicap" selected/);
  });

  it('an empty row (no name, telephone nor courriel) needs no role', async () => {
    const id = await creerParFormulaire(
      org,
      ficheComplete(SIRET_A, { intitule: 'BTS ligne vide', 'contacts.1.type': '' }),
    );
    const contacts = await t.ctx.db
      .selectFrom('contact')
      .select(['type', 'nom'])
      .where('formation_id', '=', id)
      .execute();
    expect(contacts).toEqual([{ type: 'referent_handicap', nom: 'Camille Martin' }]);
  });
});

describe('capacities are written as French numbers', () => {
  it('« 100 000 places » on the public page and the space’s pages', async () => {
    const id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'BTS grande capacité' }));
    for (const s of [
      sessionForm({ capacite: '100000' }),
      sessionForm({ debut: '2027-09-01', fin: '2028-06-30', capacite: '1500' }),
    ])
      expect((await org.post(`/espace/formations/${id}/sessions/nouvelle`, s)).statusCode).toBe(303);
    // The grouping space is U+202F (src/domain/nombres.ts), read as a space by `texte`.
    const brut = (await org.get(`/espace/formations/${id}`)).body;
    expect(brut).toContain('100\u202f000 places');
    const fiche = texte(brut);
    expect(fiche).toContain('100 000 places');
    expect(fiche).not.toContain('100000');
    expect((await org.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
    expect((await confirmer(org, id)).statusCode).toBe(303);
    await validerParRevue(g11, id);
    // The conformity verdict stood in for (the fixtures' RNCP ends before the sessions): diffused.
    await setCatalogue(t.ctx, id, 'general');
    const publique = await t.app.inject({ method: 'GET', url: `/formations/${id}` });
    expect(publique.statusCode).toBe(200);
    expect(publique.body).toContain('100\u202f000');
    expect(texte(publique.body)).toContain('100 000');
    expect(texte(publique.body)).toContain('1 500');
    expect(texte(publique.body)).not.toContain('100000');
  });
});

describe('the error page of a malformed formation address', () => {
  it('offers the way back to the list, not to a formation that does not exist', async () => {
    for (const url of ['/espace/formations/%ZZ', '/espace/formations/%ZZ/sessions/nouvelle']) {
      const r = await org.get(url);
      expect(r.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(r.body, url).not.toContain('Retour à la formation');
      expect(r.body, url).toContain('href="/espace">Retour à mes formations');
    }
  });
});
