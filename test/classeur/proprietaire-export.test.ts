import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';

// A fresh user's report (07/12): the CFA of SIREN A entered, under its own mandataire, a
// conventionnée action with the CFA of Laval as responsable and formateur, sessions in Laval, not
// submitted — a draft of A. The Pays de la Loire gestionnaire's ZIP (and `offre export classeur
// --siret`) put that draft, with A's contacts, in Laval's workbook, and none in A's: Laval's file
// sent back untouched was refused (CLASSEUR_REFERENCE_INCONNUE). A SIRET's workbook holds exactly
// the offers its SIREN owns (siren_proprietaire), in every channel, as the organisme's own download.

const SIRET_LAVAL = '93191000400049';
const SIREN_LAVAL = '931910004';
const ANNEE = 2027;
const REF = colonnesClasseur(ANNEE).findIndex((c) => c.cle === 'reference') + 1;
const LAVAL = { adresse: '5 rue de Bretagne', code_postal: '53000', commune: 'Laval', code_insee: '53130' };

let t: TestWeb;
let g52: Navigateur;
let orgLaval: Navigateur;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await ensureCampagne(t.ctx.db, ANNEE);
  await upsertOrganismes(
    t.ctx.db,
    [
      { siret: SIRET_LAVAL, siren: SIREN_LAVAL, uai: null, raison_sociale: 'CFA de Laval', nda: null },
      { siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: 'CFA Exemple', nda: null },
    ],
    t.ctx.now(),
  );
  const laval = formationFixture({ cle_externe: 'PR-LAVAL', siret: SIRET_LAVAL });
  laval.sessions = [{ ...laval.sessions[0]!, lieu: LAVAL }];
  ids.laval = (await saveFormation(t.ctx, organismeDe(SIREN_LAVAL), laval)).id;
  // A's draft: a conventionnée action (Région-financed) under A's mandataire, Laval responsable and
  // formateur, sessions in Laval — owned by A (formation.ecriture.ts proprietaireEcriture).
  const action = formationFixture({
    cle_externe: 'PR-ACTION-A',
    intitule: 'Prépa métiers du bâtiment',
    responsable: { siret: SIRET_LAVAL },
    formateur: { siret: SIRET_LAVAL },
    mandataire: { siret: SIRET_A },
    financeurs: ['region'],
  });
  action.sessions = [{ ...action.sessions[0]!, lieu: LAVAL }];
  const a = await saveFormation(t.ctx, organismeDe(SIREN_A), action);
  ids.action = a.id;
  g52 = await connecte(t, { email: 'g52@pr.test', role: 'gestionnaire', region: '52' }, '10.52.1.1');
  orgLaval = await connecte(
    t,
    { email: 'of-laval@pr.test', role: 'organisme', siren: SIREN_LAVAL },
    '10.52.1.2',
  );
});
afterAll(() => t?.close());

/** The formation ids of a workbook's rows. */
async function references(xlsx: Buffer): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as never);
  const out: string[] = [];
  wb.getWorksheet('Offre')!.eachRow((row, r) => {
    if (r > 1) out.push(String(row.getCell(REF).value ?? '').split('/')[0]!);
  });
  return out;
}

function entreesZip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) =>
        zip.openReadStream(e, (er, s) => {
          if (er) return reject(er);
          const parts: Buffer[] = [];
          s.on('data', (c: Buffer) => parts.push(c)).on('end', () => {
            out.set(e.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(out)).on('error', reject);
      zip.readEntry();
    });
  });
}

const nom = (siret: string) => `offre-${siret}-campagne-${ANNEE}.xlsx`;

/** The région 52 gestionnaire's ZIP, by file name. */
async function zip52(): Promise<Map<string, Buffer>> {
  const r = await g52.get(`/gestion/campagnes/${ANNEE}/classeurs.zip?region=52`);
  expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
  return entreesZip(r.rawPayload);
}

/** The workbook as `offre export classeur --siret` writes it (the command's very call). */
async function classeurCli(siret: string): Promise<Buffer> {
  const c = await prepareClasseur(t.ctx, SYSTEME('export-classeur'), { siret, annee: ANNEE });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await c.ecrire(out);
  return Buffer.concat(chunks);
}

/** GET the workbook of `siret` through the API with `n`'s web session. */
const classeurApi = (n: Navigateur, siret: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/organismes/${siret}/classeur?campagne=${ANNEE}`,
    cookies: Object.fromEntries(n.cookies),
  });

describe('a SIRET’s campaign workbook: the offers its SIREN owns, in every channel', () => {
  it('another SIREN’s draft naming Laval as responsable is absent from Laval’s file, in each channel', async () => {
    const zip = await zip52();
    expect(await references(zip.get(nom(SIRET_LAVAL))!)).toEqual([ids.laval]);
    expect(await references(await classeurCli(SIRET_LAVAL))).toEqual([ids.laval]);
    for (const n of [g52, orgLaval]) {
      const r = await classeurApi(n, SIRET_LAVAL);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
      expect(await references(r.rawPayload)).toEqual([ids.laval]);
    }
    const espace = await orgLaval.get(`/espace/imports/classeur?siret=${SIRET_LAVAL}&campagne=${ANNEE}`);
    expect(espace.statusCode, espace.body.slice(0, 300)).toBe(200);
    expect(await references(espace.rawPayload)).toEqual([ids.laval]);
  });

  it('the mandataire’s action is in the mandataire’s file of the ZIP, not the co-contractor’s', async () => {
    const zip = await zip52();
    expect([...zip.keys()].sort()).toEqual([nom(SIRET_A), nom(SIRET_LAVAL)].sort());
    expect(await references(zip.get(nom(SIRET_A))!)).toEqual([ids.action]);
    expect(await references(await classeurCli(SIRET_A))).toEqual([ids.action]);
    const api = await classeurApi(g52, SIRET_A);
    expect(api.statusCode, api.body.slice(0, 300)).toBe(200);
    expect(await references(api.rawPayload)).toEqual([ids.action]);
  });

  it.each<[string, string, Acteur]>([
    ['Laval', SIRET_LAVAL, organismeDe(SIREN_LAVAL)],
    ['the mandataire', SIRET_A, organismeDe(SIREN_A)],
  ])('a file of the gestionnaire’s ZIP sent back untouched by %s changes nothing', async (_, siret, of) => {
    const fichier = (await zip52()).get(nom(siret));
    expect(fichier, `${nom(siret)} in the ZIP`).toBeDefined();
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, of, fichier!, { dryRun });
      expect(
        rapport.lignes.flatMap((l) => l.erreurs.map((e) => e.code)),
        `dryRun ${dryRun}`,
      ).toEqual([]);
      expect(rapport.totaux).toMatchObject({ nouvelle: 0, modifiee: 0, fermee: 0, erreur: 0, inchangee: 1 });
    }
  });
});
