import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, NOW, nouvelleLigne, ouvrir } from '../classeur/classeur.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels } from './espace.helpers.ts';
import { attendre, COL, envoyer, texte } from './imports.helpers.ts';

// A fresh user's report (07/12), an offer manager of a CFA on /espace:
// - « 12 » as a new workbook row's « Contact téléphone » was not flagged, the row's bad e-mail was
//   (the forms' side: formats-contacts.test.ts);
// - a well-formed RNCP or CFD code absent from the loaded reference (« RNCP37313 », « 01022107 »,
//   real codes of the kit apprentissage) read only « Aucune certification ne correspond… »;
// - the new-formation form's first error « Saisissez au moins l’intitulé… » had no « Intitulé : »;
// - the /espace header named the structure as typed at sign-up, the rest of the space by the
//   reference's name.

let t: TestWeb;
let nav: Navigateur;
const SIREN_A = SIRET_A.slice(0, 9);
const TAPE = "Centre de formation d'apprentis d'Amiens";
const SIRENE = 'CENTRE DE FORMATION D’APPRENTIS D’AMIENS';

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'offre@cfa-amiens.test', role: 'organisme', siren: SIREN_A }, '10.71.2.1');
  await t.ctx.db
    .updateTable('structure')
    .set({ raison_sociale: TAPE })
    .where('siren', '=', SIREN_A)
    .execute();
  await t.ctx.db
    .insertInto('etablissement')
    .values({ siret: SIRET_A, siren: SIREN_A, etat: 'A', denomination: SIRENE })
    .execute();
  // An offer of its establishment (the workbook is an organisme's).
  await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'CAP Boulanger' }));
}, 120_000);
afterAll(() => t?.close());

describe('a new workbook row with too short a telephone', () => {
  it('is flagged on « Contact téléphone » as its bad e-mail is on « Contact courriel »', async () => {
    const x = await nav.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=2027`);
    expect(x.statusCode, x.body.slice(0, 500)).toBe(200);
    const wb = await ouvrir(x.rawPayload);
    const ws = wb.getWorksheet('Offre')!;
    const n = ws.rowCount + 1;
    for (const [cle, valeur] of Object.entries(
      nouvelleLigne({ intitule: 'Vendeur Amiens', contactTelephone: '12', contactCourriel: 'accueil' }),
    ))
      ws.getRow(n).getCell(COL[cle]!).value = valeur as never;
    const post = await envoyer(nav, 'classeur', 'amiens.xlsx', await enBuffer(wb));
    expect(post.statusCode, texte(post.body).slice(0, 300)).toBe(303);
    const p = texte((await attendre(nav, post.headers.location as string)).body);
    expect(p).toMatch(/colonne « Contact courriel » : « accueil » : adresse électronique attendue/);
    expect(p).toMatch(/colonne « Contact téléphone » : « 12 » : numéro de téléphone attendu/);
  });
});

describe('a certification code absent from the loaded reference', () => {
  const chercher = async (q: string) => {
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A),
      action: 'chercher',
      'certification.recherche': q,
    });
    expect(r.statusCode).toBe(200);
    return texte(r.body);
  };

  it('says the RNCP loaded does not hold it, which file and how many fiches, who updates it and what to do', async () => {
    const p = await chercher('RNCP37313');
    // The file's import date is the clock's (the importer's), not the test's.
    expect(p).toMatch(
      /Le code RNCP37313 n’est pas dans le RNCP chargé dans Offre \(fichier fiches-v4\.1\.xml, importé le \d{1,2}(er)? \S+ \d{4}, 2 fiches RNCP et RS\) : la certification est peut-être plus récente que ce fichier, ou le code est mal saisi/,
    );
    expect(p).toContain('le gestionnaire régional de l’offre met à jour les référentiels');
    // What to do meanwhile: save with the code, kept as typed; CERT_INCONNUE says it
    // (test/web/certification-code-absent.test.ts saves it).
    expect(p).toContain('vous pouvez enregistrer la formation avec ce code laissé dans le champ');
    expect(p).toContain('CERT_INCONNUE');
    expect(p).not.toContain('Aucune certification ne correspond à « RNCP37313 »');
  });

  it('says so of a CFD when no BCN is loaded', async () => {
    const p = await chercher('01022107');
    expect(p).toContain(
      'Le code diplôme 01022107 n’est pas dans les référentiels chargés dans Offre : aucune BCN n’y est chargée',
    );
    expect(p).toContain('le gestionnaire régional de l’offre met à jour les référentiels');
  });

  it('keeps the words’ message for words', async () => {
    const p = await chercher('zzzyx');
    expect(p).toContain('Aucune certification ne correspond à « zzzyx ».');
    expect(p).not.toContain('gestionnaire régional');
  });
});

describe('the new-formation form without a title', () => {
  it('names the field first in the summary, as every other error', async () => {
    await nav.get('/espace/formations/nouvelle');
    const r = await nav.post('/espace/formations/nouvelle', ficheComplete(SIRET_A, { intitule: '' }));
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(
      'Intitulé : saisissez au moins l’intitulé pour enregistrer la formation, même en brouillon.',
    );
    expect(r.body).toContain('href="#intitule"');
  });
});

describe('the /espace header', () => {
  it('names the structure by the reference’s name, not as typed at sign-up', async () => {
    const p = texte((await nav.get('/espace')).body);
    expect(p).toContain(`Structure ${SIRENE} – SIREN ${SIREN_A}`);
    expect(p).not.toContain(TAPE);
  });
});
