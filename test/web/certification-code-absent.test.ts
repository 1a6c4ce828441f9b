import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import type { Navigateur, TestWeb } from '../auth/web.helpers.ts';
import { espaceAvecReferentiels, ficheComplete, idDe } from './espace.helpers.ts';
import { texte } from './imports.helpers.ts';

// A fresh user's report (07/12), the certification field of the formation form, with a complete
// code no loaded reference holds (« RNCP37313 », the CFD « 01022107 » of the real kit
// apprentissage; the fixtures load two RNCP fiches and no BCN):
// - the JavaScript list (GET /espace/certifications.json) said only « Aucun résultat » where the
//   page's « Chercher » explains which reference was searched and what to do (one text:
//   domain/certification-absente.ts messageCodeAbsent);
// - saving the form with the code typed and nothing chosen stored the formation without it, and
//   said nothing. RULES.md has a rule for that very case (CERT_INCONNUE, bloquant: « the code is
//   not in the loaded RNCP or BCN data »), checked on every channel that takes a code as given
//   (API, workbook): the form now keeps the code and the rule says it. Words typed and never
//   chosen are no code: refused on the field, everything typed kept, nothing stored.

let t: TestWeb;
let nav: Navigateur;

beforeAll(async () => {
  ({ t, nav } = await espaceAvecReferentiels('claire@cfa-code-absent.test', '10.23.7.1'));
});
afterAll(() => t?.close());

const formations = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('formation')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const codesDe = (id: string) =>
  t.ctx.db
    .selectFrom('formation')
    .select(['code_rncp', 'code_cfd', 'catalogue'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** The new-formation form posted with `over` (no certification picked: its hidden fields empty). */
const enregistrer = async (over: Record<string, string>) => {
  await nav.get('/espace/formations/nouvelle');
  return nav.post('/espace/formations/nouvelle', {
    ...ficheComplete(SIRET_A, { 'certification.rncp': '', confirmer_doublon: 'oui' }),
    ...over,
  });
};

describe('GET /espace/certifications.json with a complete code absent from the loaded reference', () => {
  it('answers no proposal and the explanation « Chercher » gives, word for word', async () => {
    const r = await nav.get('/espace/certifications.json?q=RNCP37313');
    expect(r.statusCode).toBe(200);
    const json = r.json();
    expect(json.propositions).toEqual([]);
    expect(json.absent.code).toBe('RNCP37313');
    expect(json.absent.message).toMatch(
      /^Le code RNCP37313 n’est pas dans le RNCP chargé dans Offre \(fichier fiches-v4\.1\.xml, importé le \d{1,2}(er)? \S+ \d{4}, 2 fiches RNCP et RS\) : /,
    );
    expect(json.absent.message).toContain('le gestionnaire régional de l’offre met à jour les référentiels');
    // The page without JavaScript says the same sentence.
    await nav.get('/espace/formations/nouvelle');
    const page = await nav.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, { action: 'chercher', 'certification.recherche': 'RNCP37313' }),
    );
    expect(texte(page.body)).toContain(json.absent.message);
  });

  it('says so of a CFD when no BCN is loaded', async () => {
    const json = (await nav.get('/espace/certifications.json?q=01022107')).json();
    expect(json.propositions).toEqual([]);
    expect(json.absent.message).toMatch(
      /^Le code diplôme 01022107 n’est pas dans les référentiels chargés dans Offre : aucune BCN n’y est chargée ; /,
    );
  });

  it('has no explanation for words, nor for a code that is found', async () => {
    expect((await nav.get('/espace/certifications.json?q=zzzyx')).json()).toEqual({
      propositions: [],
      correction: null,
      absent: null,
    });
    const trouve = (await nav.get('/espace/certifications.json?q=RNCP34825')).json();
    expect(trouve.absent).toBeNull();
    expect(trouve.propositions.map((x: { valeur: string }) => x.valeur)).toContain('rncp:RNCP34825');
  });
});

describe('saving the form with a certification typed and not chosen', () => {
  it('keeps a complete RNCP code absent from the reference, and CERT_INCONNUE says it', async () => {
    const r = await enregistrer({ 'certification.recherche': ' rncp 37313 ' });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    const id = idDe(r.headers.location);
    // Blocking failure (RULES.md): Non réglementaire until the reference holds the code.
    expect(await codesDe(id)).toMatchObject({
      code_rncp: 'RNCP37313',
      code_cfd: null,
      catalogue: 'non_reglementaire',
    });
    const p = texte((await nav.get(`/espace/formations/${id}?info=cree`)).body);
    expect(p).toContain('Certification retenue : RNCP37313 (absent des référentiels chargés)');
    expect(p).toMatch(/Certification inconnue : le code RNCP37313 est absent du RNCP/);
  });

  it('keeps a complete CFD (the explanation said the formation can be saved with it)', async () => {
    const r = await enregistrer({ 'certification.recherche': '01022107' });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    expect(await codesDe(idDe(r.headers.location))).toMatchObject({ code_rncp: null, code_cfd: '01022107' });
  });

  it('refuses words never chosen, on the field, with everything typed kept and nothing stored', async () => {
    const avant = await formations();
    const r = await enregistrer({
      intitule: 'BTS gardé tel que saisi',
      'certification.recherche': 'management commercial',
    });
    expect(r.statusCode).toBe(400);
    const p = texte(r.body);
    expect(p).toContain(
      'Certification : « management commercial » n’est pas une certification choisie : choisissez-la dans les résultats de « Chercher la certification », saisissez son code complet (RNCP…, RS… ou code diplôme de 8 caractères) ou videz le champ.',
    );
    expect(p).toContain('CERTIFICATION_NON_CHOISIE');
    expect(r.body).toContain('href="#certification.recherche"');
    expect(r.body).toMatch(/id="certification\.recherche"[^>]*value="management commercial"/);
    expect(r.body).toContain('value="BTS gardé tel que saisi"');
    expect(await formations()).toBe(avant);
  });

  it('takes the certification chosen, whatever is left in the search field', async () => {
    const r = await enregistrer({
      'certification.recherche': 'ingénieur manager',
      'certification.choix': 'rncp:RNCP34825',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(303);
    expect(await codesDe(idDe(r.headers.location))).toMatchObject({ code_rncp: 'RNCP34825' });
  });

  it('searches, not saves, on « Chercher la certification »: the code is not taken before a save', async () => {
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post(
      '/espace/formations/nouvelle',
      ficheComplete(SIRET_A, {
        'certification.rncp': '',
        action: 'chercher',
        'certification.recherche': 'RNCP37313',
      }),
    );
    expect(r.statusCode).toBe(200);
    expect(texte(r.body)).toContain('Le code RNCP37313 n’est pas dans le RNCP chargé');
    expect(r.body).toMatch(/name="certification\.rncp"/);
    expect(r.body).not.toMatch(/name="certification\.rncp" value="RNCP37313"/);
  });
});
