import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffreError } from '../../src/domain/errors.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveSession } from '../../src/services/espace-sessions.service.ts';
import { formationFixture, SIRET_A } from '../api/helpers.ts';
import { type Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete, sessionForm } from './espace.helpers.ts';

// A tester's finding (LOW): « 53012 CEDEX » typed in the session form's « Code postal » (a CEDEX
// code written with its mention, as on an envelope) got a bare format error, where the workbook
// import explains what a CEDEX code is. Now the form says it too, and where each part goes (the
// commune's postal code in « Code postal », the mention in « Cedex »); the commune's own postal
// code written with a CEDEX mention (« 53000 CEDEX 9 ») is split into the two fields. The API's
// write explains it as well instead of a length error. Communes: test/fixtures (53000 → Laval;
// 53012, a CEDEX code, is in no reference).

let t: TestWeb;
let nav: Navigateur;
let id: string;

beforeAll(async () => {
  ({ t, nav } = await espaceAvecReferentiels('lea@cfa-cedex.test', '10.44.0.1'));
  id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'Sessions à un code CEDEX' }));
});
afterAll(() => t.close());

const url = () => `/espace/formations/${id}/sessions/nouvelle`;
const sessions = () =>
  t.ctx.db
    .selectFrom('session')
    .select(['code_postal', 'commune', 'code_insee', 'cedex'])
    .where('formation_id', '=', id)
    .orderBy('created_at')
    .execute();
const poster = async (over: Record<string, string>) => {
  await nav.get(url());
  return nav.post(url(), { ...sessionForm(over), confirmer_doublon: 'oui' });
};
const erreurDuChamp = (html: string, champ: string) => {
  const m = new RegExp(
    `<p class="fr-message fr-message--error" id="${champ.replace(/\./g, '\\.')}-erreur">([\\s\\S]*?)</p>`,
  ).exec(html);
  return m ? texte(m[1]!) : null;
};

describe('the session form: a CEDEX code in « Code postal »', () => {
  it('« 53012 CEDEX » without a commune is explained as a CEDEX code, saying what to write; nothing stored', async () => {
    const avant = await sessions();
    const r = await poster({ 'lieu.code_postal': '53012 CEDEX', 'lieu.commune': '' });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(400);
    expect(erreurDuChamp(r.body, 'lieu.code_postal')).toBe(
      'Le code postal « 53012 CEDEX » est un code CEDEX : il sert à distribuer le courrier et ne désigne aucune commune (le référentiel des communes ne connaît pas 53012). Indiquez aussi le nom de la commune dans « Commune » : c’est lui qui situe le lieu.',
    );
    expect(texte(r.body)).not.toMatch(/caractères au plus|doit compter 5 chiffres/);
    // What was typed is shown again.
    expect(r.body).toMatch(/name="lieu\.code_postal"[^>]*value="53012 CEDEX"/);
    expect(await sessions()).toEqual(avant);
  });

  // A fresh user's report (06/12/2026): « 53063 LAVAL CEDEX 9 », an organisation's real address,
  // was refused (no commune has 53063: La Poste's open base lists no CEDEX code), and « LAVAL
  // CEDEX 9 » with the commune's code was stored as Laval, its mention dropped. A CEDEX code is
  // read as address tools read it: the commune by its name in the code's département, the code
  // and the mention kept as typed.
  it('« 53063 » + « LAVAL CEDEX 9 »: the commune found by its name in the département, code and mention kept', async () => {
    const r = await poster({
      'lieu.code_postal': '53063',
      'lieu.commune': 'LAVAL CEDEX 9',
      debut: '2027-10-04',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    expect((await sessions()).at(-1)).toEqual({
      code_postal: '53063',
      commune: 'Laval',
      code_insee: '53130',
      cedex: 'CEDEX 9',
    });
  });

  it('« 53063 CEDEX 9 » in « Code postal » and « Laval »: the same place', async () => {
    const r = await poster({
      'lieu.code_postal': '53063 CEDEX 9',
      'lieu.commune': 'Laval',
      debut: '2027-10-11',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    expect((await sessions()).at(-1)).toEqual({
      code_postal: '53063',
      commune: 'Laval',
      code_insee: '53130',
      cedex: 'CEDEX 9',
    });
  });

  it('« LAVAL CEDEX 9 » with the commune’s own postal code keeps its mention in « Cedex »', async () => {
    const r = await poster({
      'lieu.code_postal': '53000',
      'lieu.commune': 'LAVAL CEDEX 9',
      debut: '2027-10-18',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    expect((await sessions()).at(-1)).toEqual({
      code_postal: '53000',
      commune: 'Laval',
      code_insee: '53130',
      cedex: 'CEDEX 9',
    });
  });

  it('a CEDEX code of another département than the commune’s is refused on « Commune »', async () => {
    const avant = await sessions();
    const r = await poster({
      'lieu.code_postal': '44035',
      'lieu.commune': 'LAVAL CEDEX 9',
      debut: '2027-10-25',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(400);
    expect(erreurDuChamp(r.body, 'lieu.commune')).toBe(
      'Le code postal 44035 est un code CEDEX (courrier) : il ne désigne aucune commune, la commune se lit dans son nom. Or aucune commune « LAVAL » n’a de code postal commençant par 44 dans le référentiel des communes : corrigez le nom de la commune ou le code postal.',
    );
    expect(await sessions()).toEqual(avant);
  });

  it('a commune’s mention other than the « Cedex » field’s is refused, naming both', async () => {
    const avant = await sessions();
    const r = await poster({
      'lieu.code_postal': '53063',
      'lieu.commune': 'LAVAL CEDEX 9',
      'lieu.cedex': 'CEDEX 1',
      debut: '2027-11-01',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(400);
    expect(erreurDuChamp(r.body, 'lieu.commune')).toBe(
      'Commune : « LAVAL CEDEX 9 » porte la mention CEDEX 9, et le champ « Cedex » dit « CEDEX 1 » : écrivez le nom de la commune, et la mention CEDEX dans le seul champ « Cedex ».',
    );
    expect(await sessions()).toEqual(avant);
  });

  it('the commune’s postal code with a CEDEX mention is split: postal code and « Cedex » field', async () => {
    const r = await poster({
      'lieu.code_postal': '53000 cedex 09',
      'lieu.commune': 'Laval',
      debut: '2027-09-13',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    expect((await sessions()).at(-1)).toEqual({
      code_postal: '53000',
      commune: 'Laval',
      code_insee: '53130',
      cedex: 'CEDEX 9',
    });
  });

  it('a « Cedex » field filled otherwise than the postal code’s mention is refused, naming both', async () => {
    const avant = await sessions();
    const r = await poster({
      'lieu.code_postal': '53000 CEDEX 9',
      'lieu.commune': 'Laval',
      'lieu.cedex': 'CEDEX 1',
      debut: '2027-09-20',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(400);
    expect(erreurDuChamp(r.body, 'lieu.code_postal')).toBe(
      'Code postal : « 53000 CEDEX 9 » porte la mention CEDEX 9, et le champ « Cedex » dit « CEDEX 1 » : écrivez le code postal en 5 chiffres et la mention CEDEX dans le seul champ « Cedex ».',
    );
    expect(await sessions()).toEqual(avant);
  });
});

describe('the API’s write: a CEDEX code in lieu.code_postal', () => {
  it('is refused with the CEDEX explanation, not a length error', async () => {
    const { key } = await createApiKey(t.ctx, { name: 'cedex', scope: 'write', siren: SIRET_A.slice(0, 9) });
    const f = formationFixture();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        ...f,
        sessions: [{ ...f.sessions[0], lieu: { ...f.sessions[0]!.lieu, code_postal: '53012 CEDEX' } }],
      },
    });
    expect(r.statusCode).toBe(400);
    const corps = JSON.stringify(r.json());
    expect(corps).toContain(
      '« 53012 CEDEX » : un code postal s’écrit en 5 chiffres, sans la mention CEDEX. Pour un code CEDEX (courrier), indiquez ses 5 chiffres dans code_postal, la mention CEDEX dans cedex et la commune, qui situe le lieu, dans commune.',
    );
    expect(corps).not.toMatch(/10 caract/);
  });

  it('reads full-width digits as digits (« ５３０００ » is 53000), as the session form does', async () => {
    // A tester's finding (05/12): the API stored « ５３０００ » as typed, with no commune.
    const { key } = await createApiKey(t.ctx, { name: 'chasse', scope: 'write', siren: SIRET_A.slice(0, 9) });
    const f = formationFixture();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { authorization: `Bearer ${key}` },
      payload: {
        ...f,
        sessions: [{ ...f.sessions[0], lieu: { ...f.sessions[0]!.lieu, code_postal: '５３０００' } }],
      },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().formation.sessions[0].lieu.code_postal).toBe('53000');
  });
});

// A fresh CFA user's finding (07/12/2026): « 5300 » in the workbook said « doit compter 5 chiffres »
// under the code LIEU_INCONNU (an unknown place), and the form answered SAISIE_INVALIDE. A format
// error has its own stable code on both paths: CODE_POSTAL_INVALIDE (the workbook's in
// test/classeur/lieux-communes.test.ts).
describe('a postal code that has not 5 digits', () => {
  it('is CODE_POSTAL_INVALIDE on « Code postal » in the session form, nothing stored', async () => {
    const avant = await sessions();
    const e = await saveSession(t.ctx, organismeDe(SIRET_A.slice(0, 9)), id, null, {
      debut: '2027-09-06',
      fin: '2029-06-30',
      etat_recrutement: 'ouvert',
      lieu: { adresse: '1 rue de Bretagne', code_postal: '5300', commune: 'Laval' },
    }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(OffreError);
    expect(e).toMatchObject({
      code: 'CODE_POSTAL_INVALIDE',
      status: 400,
      message:
        'Code postal : « 5300 » doit compter 5 chiffres (le nom de la commune va dans le champ « Commune »).',
      details: { champ: 'lieu.code_postal' },
    });
    expect(await sessions()).toEqual(avant);
  });
});
