import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIREN_A, SIREN_B, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, NOW, OFFRE, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDatabase, testDataDir } from '../helpers/db.ts';
import { COL, ligneDe, texte } from './imports.helpers.ts';

// Imports made outside the organisme's page — `offre import lheo` on the command line, the LHEO and
// workbook endpoints of the API — are recorded for each SIREN whose offer they changed or refused
// (migration 0970): /espace/imports lists them with their origin and counts, and the detail of one
// shows only the signed-in organisme's formations; another organisme gets a 404.

const OFFRE_XML = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
/** The fixture's first formation, whose responsable is SIRET_A. */
const BLOC = OFFRE_XML.slice(
  OFFRE_XML.indexOf('<formation numero="F-BTS-MCO"'),
  OFFRE_XML.indexOf('</formation>') + 12,
);
const formation = (numero: string, intitule: string, siret: string) =>
  BLOC.replace('numero="F-BTS-MCO"', `numero="${numero}"`)
    .replace(/<intitule-formation>[^<]*</, `<intitule-formation>${intitule}<`)
    .replaceAll(SIRET_A, siret)
    .replaceAll('13002526500021', siret);
const lheo = (...formations: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="http://lheo.gouv.fr/2.3">\n  <offres>\n    ${formations.join('\n    ')}\n  </offres>\n</lheo>\n`;

/** One formation for A, one for B, B's again with the same number (refused: LHEO_NUMERO_DOUBLON). */
const NATIONAL = lheo(
  formation('F-ORIG-A', 'Formation A par la ligne de commande', SIRET_A),
  formation('F-ORIG-B', 'Formation B par la ligne de commande', SIRET_B),
  formation('F-ORIG-B', 'Formation B en double', SIRET_B),
);

let t: TestWeb;
let dir: string;
let cli: { code: number; stderr: string };
let a: Navigateur;
let b: Navigateur;
let cle: string;

const lignes = () =>
  t.ctx.db
    .selectFrom('import_tache')
    .select(['id', 'siren', 'origine', 'lot', 'cle_nom', 'fichier_nom', 'creees', 'modifiees', 'rejetees'])
    .orderBy('created_at')
    .orderBy('siren')
    .execute();
/** The rows written by `faire` (in order of SIREN). */
const ecrites = async (faire: () => Promise<unknown>) => {
  const avant = new Set((await lignes()).map((r) => r.id));
  await faire();
  return (await lignes()).filter((r) => !avant.has(r.id));
};
const api = (url: string, payload: Buffer | string, type: string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${cle}`, 'content-type': type },
    payload,
  });

beforeAll(async () => {
  // The command runs on the database the web application opens next (a folder on PGlite, where one
  // process at a time holds it; the test's own database on PostgreSQL).
  dir = mkdtempSync(join(tmpdir(), 'offre-imports-origine-'));
  const fichier = join(dir, 'national.xml');
  writeFileSync(fichier, NATIONAL);
  if (TEST_ENGINE === 'postgres') {
    const database = await testDatabase();
    const url = (database as { url?: string }).url!;
    cli = await runCli(['import', 'lheo', fichier], { DATABASE_URL: url });
    t = await testWeb({ smtp: false, now: () => NOW, database });
  } else {
    const data = await testDataDir('offre-imports-origine-cli-');
    cli = await runCli(['import', 'lheo', fichier], { OFFRE_DATA_DIR: data, DATABASE_URL: '' });
    const database = await openDatabase({ dataDir: data });
    t = await testWeb({ smtp: false, now: () => NOW, database });
    const fermer = t.close;
    t.close = async () => {
      await fermer();
      rmSync(data, { recursive: true, force: true });
    };
  }
  await t.ctx.db.transaction().execute(async (trx) => {
    for (const f of OFFRE.slice(0, 2)) await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW });
  });
  cle = (await createApiKey(t.ctx, { name: 'SI Région', scope: 'admin' })).key;
  const ua = await compte(t, { email: 'origine@cfa-a.test', role: 'organisme', siren: SIREN_A });
  const ub = await compte(t, { email: 'origine@cfa-b.test', role: 'organisme', siren: SIREN_B });
  a = new Navigateur(t.app, '10.8.2.1');
  b = new Navigateur(t.app, '10.8.2.2');
  await a.seConnecter(ua.email, ua.motDePasse);
  await b.seConnecter(ub.email, ub.motDePasse);
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('an import from the command line', () => {
  it('is recorded once per SIREN it touched, one lot, with each SIREN’s counts', async () => {
    expect(cli.code).toBe(1); // B's duplicate is refused; the rest is applied
    const rows = (await lignes()).filter((r) => r.origine === 'cli');
    expect(rows.map((r) => [r.siren, r.fichier_nom, r.creees, r.modifiees, r.rejetees])).toEqual([
      [SIREN_A, 'national.xml', 1, 0, 0],
      [SIREN_B, 'national.xml', 1, 0, 1],
    ]);
    expect(rows[0]!.lot).toMatch(/^lot_/);
    expect(rows[1]!.lot).toBe(rows[0]!.lot);
  });

  it('is listed on each organisme’s page with its origin and counts', async () => {
    const pa = texte((await a.get('/espace/imports')).body);
    expect(pa).toContain('Date Fichier Type Origine État Résultat');
    expect(pa).toContain(
      'national.xml Fichier LHEO Ligne de commande Appliqué 1 créée, 0 mise à jour, 0 inchangée, 0 rejetée',
    );
    const pb = texte((await b.get('/espace/imports')).body);
    expect(pb).toContain(
      'national.xml Fichier LHEO Ligne de commande Appliqué 1 créée, 0 mise à jour, 0 inchangée, 1 rejetée',
    );
  });

  it('shows, in its detail, only the signed-in organisme’s formations; another organisme gets a 404', async () => {
    const [ra, rb] = (await lignes()).filter((r) => r.origine === 'cli');
    const da = await a.get(`/espace/imports/${ra!.id}`);
    expect(da.statusCode).toBe(200);
    const pa = texte(da.body);
    expect(pa).toContain('origine : Ligne de commande');
    expect(pa).toContain('Seules les formations de votre structure sont présentées ici.');
    expect(pa).toContain('Créées Modifiées Inchangées Refusées 1 0 0 0');
    expect(pa).toContain('n° F-ORIG-A – Formation A par la ligne de commande');
    expect(pa).not.toContain('F-ORIG-B');
    const db = texte((await b.get(`/espace/imports/${rb!.id}`)).body);
    expect(db).toContain('n° F-ORIG-B – Formation B par la ligne de commande');
    expect(db).toContain('LHEO_NUMERO_DOUBLON');
    expect(db).not.toContain('F-ORIG-A');
    // Across the boundary: the other SIREN's row of the same lot, its file, its « Appliquer ».
    const croise = await b.get(`/espace/imports/${ra!.id}`);
    expect(croise.statusCode).toBe(404);
    expect(croise.body).not.toContain('F-ORIG-A');
    expect((await b.get(`/espace/imports/${ra!.id}/fichier`)).statusCode).toBe(404);
    expect((await b.post(`/espace/imports/${ra!.id}/appliquer`, {})).statusCode).toBe(404);
  });
});

describe('an import through the API', () => {
  it('records an LHEO body as « corps de la requête », with the key’s name, for the SIRENs it changed only', async () => {
    // A dry run records nothing.
    const apercu = lheo(formation('F-ORIG-A', 'Formation A renommée par l’API', SIRET_A));
    const rien = await ecrites(async () =>
      expect((await api('/api/v1/imports/lheo?dry_run=true', apercu, 'application/xml')).statusCode).toBe(
        200,
      ),
    );
    expect(rien).toEqual([]);
    // A renamed, B sent again as it is: only A's offer changes.
    const corps = lheo(
      formation('F-ORIG-A', 'Formation A renommée par l’API', SIRET_A),
      formation('F-ORIG-B', 'Formation B par la ligne de commande', SIRET_B),
    );
    const nouvelles = await ecrites(async () => {
      const r = await api('/api/v1/imports/lheo', corps, 'application/xml');
      expect(r.statusCode).toBe(200);
      expect(r.json().formations).toEqual({ creees: 0, mises_a_jour: 1, inchangees: 1, rejetees: 0 });
    });
    expect(nouvelles.map((x) => [x.siren, x.origine, x.fichier_nom, x.cle_nom, x.modifiees])).toEqual([
      [SIREN_A, 'api', 'corps de la requête', 'SI Région', 1],
    ]);
    const pa = texte((await a.get('/espace/imports')).body);
    expect(pa).toContain(
      'Envoi par l’API (sans fichier) Fichier LHEO API (clé « SI Région ») Appliqué 0 créée, 1 mise à jour, 0 inchangée, 0 rejetée',
    );
    expect(texte((await b.get('/espace/imports')).body)).not.toContain('corps de la requête');
    const detail = texte((await a.get(`/espace/imports/${nouvelles[0]!.id}`)).body);
    expect(detail).toContain('Cet import a été fait par l’API');
    // The body is no file: said so, not « corps de la requête » quoted as a file's name.
    expect(detail).toContain('Fichier LHEO envoyé dans le corps de la requête');
    expect(detail).not.toContain('« corps de la requête »');
    // Nor in its breadcrumb: the last item names the API sending.
    expect(detail).toContain('Envoi par l’API (sans fichier)');
    expect(detail).toContain('Formation A par la ligne de commande → Formation A renommée par l’API');
  });

  it('records nothing for a SIREN outside the key’s perimeter (its formations refused)', async () => {
    const cleA = (await createApiKey(t.ctx, { name: 'CFA A', scope: 'write', siren: SIREN_A })).key;
    const corps = lheo(formation('F-ORIG-B', 'Formation B détournée', SIRET_B));
    const rien = await ecrites(async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/imports/lheo',
        headers: { authorization: `Bearer ${cleA}`, 'content-type': 'application/xml' },
        payload: corps,
      });
      expect(r.json().formations.rejetees).toBe(1);
    });
    expect(rien).toEqual([]);
  });

  it('records a workbook under its file name, with its rows of the organisme', async () => {
    const wb = await ouvrir(await exportClasseur({ ctx: t.ctx } as never));
    const ws = wb.getWorksheet('Offre')!;
    for (let r = 2; r <= ws.rowCount; r++) {
      ws.getRow(r).getCell(COL.debut!).value = '07/09/2027';
      ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
    }
    const ids = (
      await t.ctx.db
        .selectFrom('formation')
        .select('id')
        .where('cle_externe', '=', OFFRE[0]!.cle_externe!)
        .execute()
    ).map((x) => x.id);
    const r = ligneDe(ws, ids[0]!);
    ws.getRow(r).getCell(COL.intitule!).value = 'BTS MCO (par l’API)';
    peindre(ws.getRow(r).getCell(COL.intitule!), { font: { color: { argb: 'FFFF0000' } } });
    const form = new FormData();
    form.append('fichier', new Blob([new Uint8Array(await enBuffer(wb))]), 'rentree-2027.xlsx');
    const req = new Request('http://offre.test/', { method: 'POST', body: form });
    let totaux: Record<string, number> = {};
    const nouvelles = await ecrites(async () => {
      const res = await api(
        '/api/v1/imports/classeur',
        Buffer.from(await req.arrayBuffer()),
        req.headers.get('content-type')!,
      );
      expect(res.statusCode).toBe(200);
      totaux = res.json().totaux;
    });
    // Every row of the workbook is A's: its counts are the whole report's.
    expect(totaux.modifiee).toBeGreaterThanOrEqual(1);
    expect(nouvelles.map((x) => [x.siren, x.origine, x.fichier_nom, x.modifiees, x.rejetees])).toEqual([
      [SIREN_A, 'api', 'rentree-2027.xlsx', totaux.modifiee, totaux.erreur],
    ]);
    const pa = texte((await a.get('/espace/imports')).body);
    expect(pa).toMatch(
      /rentree-2027\.xlsx Classeur de campagne API \(clé « SI Région »\) Appliqué \d+ nouvelles?, [1-9]\d* modifiées?, \d+ fermées?, \d+ inchangées?, \d+ en erreur/,
    );
    const detail = texte((await a.get(`/espace/imports/${nouvelles[0]!.id}`)).body);
    expect(detail).toContain('Seules les lignes de votre structure sont présentées ici.');
    expect(detail).toMatch(new RegExp(`Offre, ligne ${r} BTS MCO \\(par l’API\\) ${ids[0]}/\\S+ Modifiée`));
    expect((await b.get(`/espace/imports/${nouvelles[0]!.id}`)).statusCode).toBe(404);
  });
});
