import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';

// A tester's report (04/12, security): a Bretagne gestionnaire signed in downloaded through the API
// the campaign workbook of an organisme of Pays de la Loire only — drafts, offers off diffusion,
// pending revision values — while the région's ZIP and the review pages refused it. The API door
// checked « a gestionnaire with a région » instead of « an organisme with offer in its régions »,
// and listed every formation of the organisme. Now: 403 naming the régions unless the organisme
// has offer in the gestionnaire's régions, and then only the formations the gestionnaire may
// change (a live session in its régions), as each workbook of its région's ZIP.

const SIRET_NANTES = '93191000400049'; // Pays de la Loire (52) only
const SIREN_NANTES = '931910004';
const ANNEE = 2027;
const REF = colonnesClasseur(ANNEE).findIndex((c) => c.cle === 'reference') + 1;

const NANTES = {
  adresse: '1 quai de la Fosse',
  code_postal: '44000',
  commune: 'Nantes',
  code_insee: '44109',
};
const RENNES = {
  adresse: '1 place de la Mairie',
  code_postal: '35000',
  commune: 'Rennes',
  code_insee: '35238',
};

let t: TestWeb;
let g53: Navigateur;
let g52: Navigateur;
let orgA: Navigateur;
let orgNantes: Navigateur;
const ids: Record<string, string> = {};

async function creer(cle: string, siret: string, lieu?: typeof NANTES): Promise<string> {
  const f = formationFixture({ cle_externe: cle, siret });
  if (lieu) f.sessions = [{ ...f.sessions[0]!, lieu }];
  return (await saveFormation(t.ctx, SYSTEME('test'), f)).id;
}

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await ensureCampagne(t.ctx.db, ANNEE);
  await upsertOrganismes(
    t.ctx.db,
    [
      { siret: SIRET_NANTES, siren: SIREN_NANTES, uai: null, raison_sociale: 'CFA Nantais', nda: null },
      { siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: 'CFA Exemple', nda: null },
    ],
    t.ctx.now(),
  );
  ids.nantes = await creer('PX-NANTES', SIRET_NANTES, NANTES);
  // SIRET A: one draft in Rennes (53), one in Lyon (84, the fixture's place).
  ids.rennes = await creer('PX-RENNES', SIRET_A, RENNES);
  ids.lyon = await creer('PX-LYON', SIRET_A);
  g53 = await connecte(t, { email: 'g53@px.test', role: 'gestionnaire', region: '53' }, '10.53.0.1');
  g52 = await connecte(t, { email: 'g52@px.test', role: 'gestionnaire', region: '52' }, '10.52.0.1');
  orgA = await connecte(t, { email: 'of-a@px.test', role: 'organisme', siren: SIREN_A }, '10.53.0.2');
  orgNantes = await connecte(
    t,
    { email: 'of-n@px.test', role: 'organisme', siren: SIREN_NANTES },
    '10.52.0.2',
  );
});
afterAll(() => t?.close());

/** GET the workbook of `siret` through the API with `n`'s web session. */
const classeur = (n: Navigateur, siret: string) =>
  t.app.inject({
    method: 'GET',
    url: `/api/v1/organismes/${siret}/classeur?campagne=${ANNEE}`,
    cookies: Object.fromEntries(n.cookies),
  });

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

describe('GET /organismes/{siret}/classeur: a gestionnaire gets the organismes of its régions only', () => {
  it('a Bretagne gestionnaire: 403 for an organisme of Pays de la Loire only, naming both régions', async () => {
    const r = await classeur(g53, SIRET_NANTES);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(403);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'ACCES_REFUSE' });
    expect(r.json().detail).toBe(
      `L’offre de l’organisme ${SIRET_NANTES} relève de la région Pays de la Loire : son classeur est hors de votre périmètre (Bretagne).`,
    );
  });

  it('a Pays de la Loire gestionnaire and the organisme itself: 200 with its draft', async () => {
    for (const n of [g52, orgNantes]) {
      const r = await classeur(n, SIRET_NANTES);
      expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
      expect(await references(r.rawPayload)).toEqual([ids.nantes]);
    }
  });

  it('a user of another SIREN stays refused', async () => {
    const r = await classeur(orgA, SIRET_NANTES);
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ code: 'ACCES_REFUSE' });
  });

  it('an organisme of several régions: only the formations of the gestionnaire’s, as in its région’s ZIP', async () => {
    const api = await classeur(g53, SIRET_A);
    expect(api.statusCode).toBe(200);
    expect(await references(api.rawPayload)).toEqual([ids.rennes]);
    const zip = await g53.get(`/gestion/campagnes/${ANNEE}/classeurs.zip`);
    expect(zip.statusCode).toBe(200);
    const entrees = await entreesZip(zip.rawPayload);
    expect([...entrees.keys()]).toEqual([`offre-${SIRET_A}-campagne-${ANNEE}.xlsx`]);
    expect(await references(entrees.get(`offre-${SIRET_A}-campagne-${ANNEE}.xlsx`)!)).toEqual([ids.rennes]);
    // Its own organisme still gets all of it.
    const tout = await classeur(orgA, SIRET_A);
    expect((await references(tout.rawPayload)).sort()).toEqual([ids.rennes, ids.lyon].sort());
  });
});
