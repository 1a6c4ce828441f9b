import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAMPS_SESSION } from '../../src/http/web/espace/saisie.ts';
import { SIRET_A } from '../api/helpers.ts';
import { type Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import {
  champsDeLaPage,
  creerParFormulaire,
  espaceAvecReferentiels,
  ficheComplete,
  liensDuResume,
  sessionForm,
} from './espace.helpers.ts';

// A fresh user's findings on the session form, JavaScript off (real HTTP layer, the test database,
// the communes of test/fixtures and the COG list their import completes):
// - 53000 and « Nantes » was stored as Laval, the postal code's one commune, without a word. Now
//   the form refuses a commune that is none of its postal code's as the workbook does
//   (choisirCommuneDuCodePostal, LIEU_HORS_CODE_POSTAL on « Commune »); other spellings of the right
//   commune still pass, and a postal code of several communes none of that name still asks to pick.
// - A session contact with a telephone and no name was kept. Now refused under « Nom du contact »,
//   as the formation form refuses it (domain/contact-nom.ts).

let t: TestWeb;
let nav: Navigateur;
let id: string;

beforeAll(async () => {
  ({ t, nav } = await espaceAvecReferentiels('noe@cfa-lieu-form.test', '10.43.0.1'));
  id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'Sessions du lieu et du contact' }));
});
afterAll(() => t.close());

const url = () => `/espace/formations/${id}/sessions/nouvelle`;
const sessions = () =>
  t.ctx.db
    .selectFrom('session')
    .select(['id', 'code_postal', 'commune', 'code_insee'])
    .where('formation_id', '=', id)
    .orderBy('created_at')
    .execute();
const poster = async (over: Record<string, string>) => {
  await nav.get(url());
  return nav.post(url(), { ...sessionForm(over), confirmer_doublon: 'oui' });
};
/** The field error shown under `champ` (its DSFR message), or null. */
const erreurDuChamp = (html: string, champ: string) => {
  const m = new RegExp(
    `<p class="fr-message fr-message--error" id="${champ.replace(/\./g, '\\.')}-erreur">([\\s\\S]*?)</p>`,
  ).exec(html);
  return m ? texte(m[1]!) : null;
};

describe('the session form: a commune that is not its postal code’s', () => {
  it('refuses « Nantes » at 53000 on « Commune », naming Laval, the values typed kept, nothing stored', async () => {
    const avant = await sessions();
    const r = await poster({
      'lieu.adresse': '3 rue de Bretagne',
      'lieu.code_postal': '53000',
      'lieu.commune': 'Nantes',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(400);
    expect(texte(r.body)).toContain('Le formulaire contient une erreur');
    expect(r.body).toContain('href="#lieu.commune"');
    expect(erreurDuChamp(r.body, 'lieu.commune')).toBe(
      'Commune : « Nantes » n’est pas une commune du code postal 53000 (Laval) : écrivez la commune du code postal, ou corrigez le code postal.',
    );
    expect(r.body).toMatch(/name="lieu\.commune"[^>]*value="Nantes"/);
    expect(r.body).toMatch(/name="lieu\.code_postal"[^>]*value="53000"/);
    expect(r.body).toMatch(/name="lieu\.adresse"[^>]*value="3 rue de Bretagne"/);
    // No list to pick from: the postal code has one commune, and it is not the one typed.
    expect(r.body).not.toContain('name="lieu.choix"');
    expect(await sessions()).toEqual(avant);
  });

  it('reports it with the form’s other errors, all at once', async () => {
    const r = await poster({
      'lieu.code_postal': '53000',
      'lieu.commune': 'Nantes',
      fin: '2020-01-01',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Le formulaire contient 2 erreurs');
    expect(erreurDuChamp(r.body, 'lieu.commune')).toMatch(/^Commune : « Nantes » n’est pas une commune/);
    expect(erreurDuChamp(r.body, 'fin')).toMatch(/doit suivre la date de début/);
  });

  // A fresh user's report (05/12): the summary listed the reading's errors, then the place's, then
  // the schema's, not the page's order. It now follows the fields as the page shows them.
  it('lists the errors of the summary in the order of the fields on the page', async () => {
    const r = await poster({
      capacite: 'beaucoup',
      'lieu.code_postal': '53000',
      'lieu.commune': 'Nantes',
      'contact.nom': 'Accueil',
      'contact.telephone': 'abc',
      fin: '2020-01-01',
    });
    expect(r.statusCode).toBe(400);
    expect(liensDuResume(r.body)).toEqual(['fin', 'lieu.commune', 'capacite', 'contact.telephone']);
    // The list the summary follows is the page's: its fields come in that order.
    const page = await nav.get(url());
    expect(champsDeLaPage(page.body, CHAMPS_SESSION)).toEqual(
      CHAMPS_SESSION.filter((c) => champsDeLaPage(page.body, [c]).length),
    );
  });

  it('accepts the right commune written otherwise: case, CEDEX, « st », article, accents, a delegated commune', async () => {
    const cas: [Record<string, string>, { code_postal: string; commune: string; code_insee: string }][] = [
      [
        { 'lieu.code_postal': '53000', 'lieu.commune': 'LAVAL' },
        { code_postal: '53000', commune: 'Laval', code_insee: '53130' },
      ],
      [
        { 'lieu.code_postal': '53000', 'lieu.commune': 'laval cedex 9' },
        { code_postal: '53000', commune: 'Laval', code_insee: '53130' },
      ],
      [
        { 'lieu.code_postal': '44600', 'lieu.commune': 'st nazaire' },
        { code_postal: '44600', commune: 'Saint-Nazaire', code_insee: '44184' },
      ],
      [
        { 'lieu.code_postal': '17000', 'lieu.commune': 'Rochelle (La)' },
        { code_postal: '17000', commune: 'La Rochelle', code_insee: '17300' },
      ],
      [
        { 'lieu.code_postal': '53200', 'lieu.commune': 'chateau gontier sur mayenne' },
        { code_postal: '53200', commune: 'Château-Gontier-sur-Mayenne', code_insee: '53062' },
      ],
      // A delegated commune of the postal code's commune: the rule LIEU_COMMUNE accepts it (alerte).
      [
        { 'lieu.code_postal': '53200', 'lieu.commune': 'Château-Gontier' },
        { code_postal: '53200', commune: 'Château-Gontier-sur-Mayenne', code_insee: '53062' },
      ],
    ];
    for (const [i, [over, attendu]] of cas.entries()) {
      const r = await poster({ ...over, debut: `2027-09-0${i + 1}` });
      expect(r.statusCode, `${JSON.stringify(over)}: ${texte(r.body).slice(0, 600)}`).toBe(303);
      const stockees = await sessions();
      expect(stockees.at(-1), JSON.stringify(over)).toMatchObject(attendu);
    }
  });

  it('still asks to pick among a postal code’s several communes when none has the name typed', async () => {
    const avant = await sessions();
    const r = await poster({ 'lieu.code_postal': '01090', 'lieu.commune': 'Lyon' });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('name="lieu.choix"');
    expect(texte(r.body)).toContain(
      'Commune : « Lyon » n’est pas une commune du code postal 01090, qui en compte 6 : choisissez la vôtre dans la liste',
    );
    expect(r.body).toContain('value="01263-01090"');
    expect(await sessions()).toEqual(avant);
  });

  it('a commune picked then a place typed again: the new typing is looked up, never the old pick stored', async () => {
    // A fresh user's report (04/12/2026): 01090 « Lyon », Francheleins picked in the list, then
    // 53000 « Laval » typed: the session was stored at Francheleins (01165), in another région.
    const r = await poster({
      'lieu.code_postal': '53000',
      'lieu.commune': 'Laval',
      'lieu.choix': '01165-01090',
      debut: '2027-10-01',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    expect((await sessions()).at(-1)).toMatchObject({
      code_postal: '53000',
      commune: 'Laval',
      code_insee: '53130',
    });
    // Another typing the old pick cannot serve: refused for what is typed.
    const avant = await sessions();
    const n = await poster({
      'lieu.code_postal': '53000',
      'lieu.commune': 'Nantes',
      'lieu.choix': '01165-01090',
    });
    expect(n.statusCode).toBe(400);
    expect(erreurDuChamp(n.body, 'lieu.commune')).toContain(
      '« Nantes » n’est pas une commune du code postal 53000',
    );
    expect(await sessions()).toEqual(avant);
    // The pick still holds for the postal code it was proposed for (the ordinary path).
    const p = await poster({
      'lieu.code_postal': '01090',
      'lieu.commune': 'Lyon',
      'lieu.choix': '01165-01090',
      debut: '2027-10-02',
    });
    expect(p.statusCode, texte(p.body).slice(0, 600)).toBe(303);
    expect((await sessions()).at(-1)).toMatchObject({ code_postal: '01090', code_insee: '01165' });
  });
});

describe('the session form: a contact without a name', () => {
  it('refuses a telephone without a name under « Nom du contact », the values typed kept, nothing stored', async () => {
    const avant = await sessions();
    const r = await poster({
      'contact.nom': '  ',
      'contact.telephone': '02 43 00 00 00',
      'contact.courriel': '',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(400);
    expect(r.body).toContain('href="#contact.nom"');
    expect(erreurDuChamp(r.body, 'contact.nom')).toBe(
      'Nom du contact : ce contact a un téléphone ou un courriel mais pas de nom : indiquez le nom d’une personne ou d’un service (ex. « Accueil »), ou videz aussi son téléphone et son courriel.',
    );
    expect(r.body).toMatch(/name="contact\.telephone"[^>]*value="02 43 00 00 00"/);
    expect(await sessions()).toEqual(avant);
  });

  it('refuses a courriel without a name along with a wrong commune, both named', async () => {
    const r = await poster({
      'lieu.code_postal': '53000',
      'lieu.commune': 'Nantes',
      'contact.courriel': 'accueil@cfa.example',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain('Le formulaire contient 2 erreurs');
    expect(erreurDuChamp(r.body, 'contact.nom')).toMatch(/^Nom du contact : ce contact a un téléphone/);
    expect(erreurDuChamp(r.body, 'lieu.commune')).toMatch(/^Commune : « Nantes »/);
  });

  it('accepts a contact with a name, and no contact at all', async () => {
    const contacts: Record<string, string>[] = [
      { 'contact.nom': 'Accueil', 'contact.telephone': '02 43 00 00 00' },
      { 'contact.nom': '', 'contact.telephone': '', 'contact.courriel': '' },
    ];
    for (const [i, contact] of contacts.entries()) {
      const r = await poster({ ...contact, debut: `2027-10-0${i + 1}` });
      expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    }
  });
});
