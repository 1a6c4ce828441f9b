import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { SIRET_A, SIRET_B } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  confirmer,
  creerParFormulaire,
  ficheComplete,
  liensDuResume,
  loadReferentiels,
  sessionForm,
  validerParRevue,
  versionDe,
} from './espace.helpers.ts';

// PRODUCT.md « Conventionné offer »: an action financed by the Région is entered under its
// mandataire (the holder of the market), whose co-contractor is responsable and formateur. Until
// now only the API and LHEO could say so; the formation form now has an « Action conventionnée »
// section. The SIRETs are real fixtures: 73282932000074 (CFA DU NORD) is open in the Sirene
// extract loaded here, SIRET_B (55210055400013, Luhn-valid) is absent from it. Real store, real
// HTTP layer (inject), both engines.

const fixture = (p: string) =>
  fileURLToPath(new URL(`../fixtures/referentiels/organismes/${p}`, import.meta.url));
const CO_TRAITANT = '73282932000074';
const SIREN_A = SIRET_A.slice(0, 9);
const SIREN_CO = CO_TRAITANT.slice(0, 9);

let t: TestWeb;
/** The mandataire's data entry person (SIREN of SIRET_A). */
let mandataire: Navigateur;
/** The co-contractor's own account (SIREN 732829320): responsable and formateur of the action. */
let coTraitant: Navigateur;
let gestionnaire: Navigateur;
let id: string;

/** The form of a Région-financed action of SIRET_A as mandataire, CFA DU NORD as co-contractor. */
const sousMandat = (over: Record<string, string> = {}) =>
  ficheComplete(SIRET_A, {
    intitule: 'Prépa avenir métiers',
    // Not certifying: a remise à niveau (docs/conventionne.md), RNCP34825's habilitation aside.
    'certification.rncp': '',
    'modalites.contrat_apprentissage': 'non',
    'modalites.annees_apprentissage.1': '',
    'modalites.annees_apprentissage.2': '',
    'modalites.duree_annees': '0',
    'financeurs.region': 'oui',
    'mandataire.siret': SIRET_A,
    'responsable.siret': '',
    'responsable.siret_autre': CO_TRAITANT,
    'formateur.siret': '',
    'formateur.siret_autre': CO_TRAITANT,
    ...over,
  });

const ligne = (id: string) =>
  t.ctx.db
    .selectFrom('formation')
    .select(['intitule', 'siren_proprietaire', 'responsable_siret', 'formateur_siret', 'mandataire_siret'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const nombreDeFormations = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom('formation')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  await importReferentiel(t.ctx, { kind: 'sirene', fichier: fixture('StockEtablissement.csv'), force: true });
  mandataire = await connecte(
    t,
    { email: 'saisie@mandataire.test', role: 'organisme', siren: SIREN_A },
    '10.81.0.1',
  );
  coTraitant = await connecte(
    t,
    { email: 'cfa@cotraitant.test', role: 'organisme', siren: SIREN_CO },
    '10.81.0.2',
  );
  gestionnaire = await connecte(
    t,
    { email: 'g@carif-mandat.test', role: 'gestionnaire', region: '11' },
    '10.81.0.3',
  );
}, 120_000);
afterAll(() => t?.close());

describe('a conventionné action entered under its mandataire in the pages', () => {
  it('offers the section: public funders, and the user’s establishments or « Aucun » as mandataire', async () => {
    const r = await mandataire.get('/espace/formations/nouvelle');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Action conventionnée');
    for (const x of ['region', 'france_travail', 'agefiph'])
      expect(r.body).toContain(`name="financeurs.${x}"`);
    // No establishment known yet for the structure (no Sirene row, no offer): SIRETs are typed.
    expect(r.body).toMatch(/<input[^>]*name="mandataire.siret"/);
    // Once one is (the action below stores SIRET_A), a list, « Aucun », and the co-contractor fields.
    await creerParFormulaire(mandataire, ficheComplete(SIRET_A, { intitule: 'Offre en apprentissage' }));
    const liste = (await mandataire.get('/espace/formations/nouvelle')).body;
    expect(liste).toMatch(/<select[^>]*name="mandataire.siret"/);
    expect(texte(liste)).toContain('Aucun (action non conventionnée');
    expect(liste).toContain(`<option value="${SIRET_A}"`);
    expect(liste).toContain('name="responsable.siret_autre"');
    expect(liste).toContain('name="formateur.siret_autre"');
  });

  it('creates it with a co-contractor responsable and formateur: the mandataire’s SIREN owns it', async () => {
    id = await creerParFormulaire(mandataire, sousMandat());
    expect(await ligne(id)).toEqual({
      intitule: 'Prépa avenir métiers',
      siren_proprietaire: SIREN_A,
      responsable_siret: CO_TRAITANT,
      formateur_siret: CO_TRAITANT,
      mandataire_siret: SIRET_A,
    });
    // The form shows the co-contractor typed, with its raison sociale (Sirene), and the mandataire chosen.
    const page = await mandataire.get(`/espace/formations/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`name="responsable.siret_autre"[^>]*value="${CO_TRAITANT}"`));
    expect(texte(page.body)).toContain('Enregistré : CFA DU NORD (SIRET 732 829 320 00074)');
    expect(page.body).toMatch(new RegExp(`<option value="${SIRET_A}" selected`));
    expect(page.body).toMatch(/id="financeurs.region"[^>]*checked/);
  });

  // The third has the second's days and place under a new market: another session, not a double
  // (PRODUCT.md: « a new market on an existing action is a new session »), no confirmation asked.
  it('adds sessions with their market numbers, entered as the mandataire', async () => {
    for (const [debut, marche] of [
      ['2027-01-11', 'm 145 1401'],
      ['2027-03-08', 'M1451402'],
      ['2027-03-08', 'M1451403'],
    ] as const) {
      const r = await mandataire.post(
        `/espace/formations/${id}/sessions/nouvelle`,
        sessionForm({
          debut,
          fin: '2027-06-30',
          financeur: 'region',
          numero_marche: marche,
          'contact.nom': 'Mme Roux',
          'contact.telephone': '0473000000',
        }),
      );
      expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    }
    const sessions = await t.ctx.db
      .selectFrom('session')
      .select(['numero_marche', 'financeur'])
      .where('formation_id', '=', id)
      .orderBy('debut')
      .orderBy('numero_marche')
      .execute();
    expect(sessions).toEqual([
      { numero_marche: 'M1451401', financeur: 'region' },
      { numero_marche: 'M1451402', financeur: 'region' },
      { numero_marche: 'M1451403', financeur: 'region' },
    ]);
  });

  it('edits it as its page shows it, the co-contractor kept; the read-back names the mandataire', async () => {
    const page = await mandataire.get(`/espace/formations/${id}`);
    const r = await mandataire.post(
      `/espace/formations/${id}`,
      sousMandat({ intitule: 'Prépa avenir métiers (lot 1)', version: versionDe(page.body) }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    expect(await ligne(id)).toMatchObject({
      intitule: 'Prépa avenir métiers (lot 1)',
      siren_proprietaire: SIREN_A,
      responsable_siret: CO_TRAITANT,
      mandataire_siret: SIRET_A,
    });
    const relire = texte((await mandataire.get(`/espace/formations/${id}/relire`)).body);
    expect(relire).toContain('Financeur public de l’action Région');
    expect(relire).toContain('Mandataire SIRET 130 025 265 00013');
    expect(relire).toContain('Organisme responsable CFA DU NORD (SIRET 732 829 320 00074)');
  });

  it('refuses a co-contractor absent from the loaded Sirene, on its field, nothing stored', async () => {
    const avant = await nombreDeFormations();
    await mandataire.get('/espace/formations/nouvelle');
    const r = await mandataire.post('/espace/formations/nouvelle', {
      ...sousMandat({ 'responsable.siret_autre': SIRET_B }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(
      'Organisme responsable : le SIRET 552 100 554 00013 est absent des données Sirene chargées',
    );
    expect(liensDuResume(r.body)).toEqual(['responsable.siret']);
    // The field the summary links to is the typed one, which keeps what was typed.
    expect(r.body).toMatch(
      /id="responsable.siret"[^>]*name="responsable.siret_autre"|name="responsable.siret_autre"[^>]*id="responsable.siret"/,
    );
    expect(await nombreDeFormations()).toBe(avant);
  });

  it('refuses a co-contractor Sirene says closed, on its field, with its SIRET, nothing stored (ORG_SIRET_FERME)', async () => {
    // CFA DU NORD's former establishment, closed: the rule ORG_SIRET_FERME (bloquant) would flag it
    // only after the save; the form says it at once.
    const FERME = '73282932000108';
    const run = await t.ctx.db
      .selectFrom('ref_run')
      .select('id')
      .where('kind', '=', 'sirene')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('etablissement')
      .values({
        siret: FERME,
        siren: FERME.slice(0, 9),
        etat: 'F',
        denomination: 'CFA DU NORD',
        code_commune: '59350',
        code_postal: '59000',
        run_id: run.id,
      })
      .execute();
    const avant = await nombreDeFormations();
    await mandataire.get('/espace/formations/nouvelle');
    const r = await mandataire.post('/espace/formations/nouvelle', {
      ...sousMandat({ 'formateur.siret_autre': FERME }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(
      'Organisme formateur : l’établissement CFA DU NORD (SIRET 732 829 320 00108) est fermé selon Sirene : indiquez le SIRET de l’établissement actif qui porte la formation (une offre qui le garde n’est pas diffusée, règle ORG_SIRET_FERME).',
    );
    expect(liensDuResume(r.body)).toEqual(['formateur.siret']);
    expect(await nombreDeFormations()).toBe(avant);
  });

  it('refuses a malformed SIRET, a co-contractor without mandataire, a mandataire without public funder', async () => {
    const avant = await nombreDeFormations();
    const essai = async (over: Record<string, string>) => {
      await mandataire.get('/espace/formations/nouvelle');
      const r = await mandataire.post('/espace/formations/nouvelle', {
        ...sousMandat(over),
        confirmer_doublon: 'oui',
      });
      expect(r.statusCode).toBe(400);
      return texte(r.body);
    };
    expect(await essai({ 'formateur.siret_autre': '73282932000075' })).toContain(
      'Organisme formateur : le SIRET 732 829 320 00075 a 14 chiffres mais sa clé de contrôle est fausse',
    );
    expect(await essai({ 'mandataire.siret': '', 'financeurs.region': '' })).toContain(
      `Organisme responsable : le SIREN ${SIREN_CO} n’est pas celui de votre structure (SIREN ${SIREN_A})`,
    );
    expect(await essai({ 'financeurs.region': '' })).toContain(
      'Mandataire : une action n’a de mandataire que si elle est conventionnée',
    );
    expect(await nombreDeFormations()).toBe(avant);
  });
});

describe('the boundary: another organisme’s account cannot cross it', () => {
  it('the co-contractor’s account cannot open nor post the mandataire’s action by its id (404)', async () => {
    const avant = await ligne(id);
    expect((await coTraitant.get(`/espace/formations/${id}`)).statusCode).toBe(404);
    await coTraitant.get('/espace/formations/nouvelle');
    const r = await coTraitant.post(
      `/espace/formations/${id}`,
      ficheComplete(CO_TRAITANT, { intitule: 'Repris par le co-traitant', 'mandataire.siret': '' }),
    );
    expect(r.statusCode).toBe(404);
    expect(texte(r.body)).toContain('introuvable');
    expect(await ligne(id)).toEqual(avant);
    // Nor by the session form.
    const s = await coTraitant.post(`/espace/formations/${id}/sessions/nouvelle`, sessionForm());
    expect(s.statusCode).toBe(404);
    // Its space does not list it: the action is the mandataire’s.
    expect(texte((await coTraitant.get('/espace')).body)).not.toContain('Prépa avenir métiers');
  });

  it('a crafted post naming another structure’s establishment as mandataire: 403, French message, nothing stored', async () => {
    const avant = await nombreDeFormations();
    const page = await coTraitant.get('/espace/formations/nouvelle');
    // The page never offers it: only the co-contractor’s own establishments.
    expect(page.body).not.toContain(`<option value="${SIRET_A}"`);
    for (const over of <Record<string, string>[]>[
      // Under SIRET_A's mandate, with its own establishment as responsable…
      { 'responsable.siret_autre': '', 'responsable.siret': CO_TRAITANT },
      // …or with SIRET_A's as responsable too…
      { 'responsable.siret_autre': SIRET_A, 'formateur.siret_autre': SIRET_A },
      // …or sent before the duplicate check (no confirmation): refused there, as by the save.
      { 'responsable.siret_autre': '', 'responsable.siret': CO_TRAITANT, confirmer_doublon: '' },
    ]) {
      await coTraitant.get('/espace/formations/nouvelle');
      const r = await coTraitant.post('/espace/formations/nouvelle', {
        confirmer_doublon: 'oui',
        ...ficheComplete(CO_TRAITANT, {
          intitule: 'Action détournée',
          'modalites.contrat_apprentissage': 'non',
          'financeurs.region': 'oui',
          'mandataire.siret': SIRET_A,
          ...over,
        }),
      });
      expect(r.statusCode).toBe(403);
      expect(texte(r.body)).toContain(
        `Mandataire : le SIRET 130 025 265 00013 n’est pas un établissement de votre structure (SIREN ${SIREN_CO})`,
      );
      expect(liensDuResume(r.body)).toEqual(['mandataire.siret']);
    }
    // Nor on an offer of its own.
    const sienne = await creerParFormulaire(
      coTraitant,
      ficheComplete(CO_TRAITANT, { intitule: 'Offre du co-traitant' }),
    );
    const edition = await coTraitant.get(`/espace/formations/${sienne}`);
    const r = await coTraitant.post(`/espace/formations/${sienne}`, {
      ...ficheComplete(CO_TRAITANT, {
        intitule: 'Offre du co-traitant',
        'financeurs.region': 'oui',
        'mandataire.siret': SIRET_A,
      }),
      version: versionDe(edition.body),
    });
    expect(r.statusCode).toBe(403);
    expect((await ligne(sienne)).mandataire_siret).toBeNull();
    expect(await nombreDeFormations()).toBe(avant + 1);
  });
});

describe('published: the review and the public page show the mandataire', () => {
  it('the gestionnaire’s review names it; the public page shows it once validated', async () => {
    expect((await mandataire.post(`/espace/formations/${id}/publier`, {})).statusCode).toBe(303);
    expect((await confirmer(mandataire, id)).statusCode).toBe(303);
    const revue = await gestionnaire.get(`/gestion/formations/${id}`);
    expect(revue.statusCode).toBe(200);
    expect(texte(revue.body)).toContain(
      'Mandataire (titulaire du marché, propriétaire de l’offre) : SIRET 130 025 265 00013',
    );
    await validerParRevue(gestionnaire, id);
    const publique = await new Navigateur(t.app, '10.81.0.4').get(`/formations/${id}`);
    expect(publique.statusCode).toBe(200);
    const lu = texte(publique.body);
    expect(lu).toContain('Mandataire (titulaire du marché)');
    expect(lu).toContain('130 025 265 00013');
    // The co-contractor, typed by SIRET only, is named as Sirene names it.
    expect(lu).toMatch(/Organisme responsable Raison sociale CFA DU NORD SIRET 732 829 320 00074/);
    // The responsable's account reads it as the public does (docs/conventionne.md), never in its space.
    expect((await coTraitant.get(`/formations/${id}`)).statusCode).toBe(200);
    expect((await coTraitant.get(`/espace/formations/${id}`)).statusCode).toBe(404);
  });
});
