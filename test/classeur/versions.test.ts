import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { compter, enBuffer, exportClasseur, loadOffre, NOW, ouvrir, peindre } from './classeur.helpers.ts';

// A stale campaign workbook (optimistic concurrency, docs/campagnes.md « Classeur périmé »): the
// workbook remembers what each row was generated with; a value Offre changed since the download
// is not undone by a cell the organisation did not touch, and a change on both sides is applied
// only when written in red.

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const ROUGE = { font: { color: { argb: 'FFFF0000' } } };
const test = SYSTEME('test');

/**
 * A report's rows as a preview and its applied import must agree: warnings by code; the blocking
 * rules a preview names (`regles`, imports/apercu-regles.ts) set aside, the applied report has none.
 */
const verdicts = (ls: Awaited<ReturnType<typeof importClasseur>>['rapport']['lignes']) =>
  ls.map(({ regles: _apercuSeul, ...l }) => ({ ...l, avertissements: l.avertissements.map((x) => x.code) }));

describe('stale campaign workbook', () => {
  let api: TestApi;
  let ids: string[];
  beforeAll(async () => {
    api = await testApi({ now: () => NOW });
    ids = await loadOffre(api);
    // Every formation has its 2027 session already, so an untouched row is complete (dates given).
    for (const id of ids)
      await modifier(id, (f) => {
        const s = (f.sessions as { lieu: unknown; capacite: unknown }[])[0]!;
        (f.sessions as unknown[]).push({
          debut: '2027-09-06',
          fin: '2029-07-05',
          etat_recrutement: 'ouvert',
          capacite: s.capacite,
          lieu: s.lieu,
          reunions_information: [],
          bilans: [],
        });
      });
  });
  afterAll(() => api.close());

  /** A change made in Offre by the API (PUT /api/v1/formations/{id}), as LHEO and the forms do. */
  async function modifier(id: string, change: (f: Record<string, unknown>) => void) {
    const get = await api.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}`,
      headers: bearer(api.keys.admin),
    });
    expect(get.statusCode).toBe(200);
    const f = get.json() as Record<string, unknown>;
    change(f);
    const put = await api.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: bearer(api.keys.admin),
      payload: f,
    });
    expect(put.statusCode, put.body).toBe(200);
  }

  const ligneDe = (ws: ExcelJS.Worksheet, id: string) => {
    for (let r = 2; r <= ws.rowCount; r++)
      if (String(ws.getRow(r).getCell(1).value).startsWith(`${id}/`)) return r;
    throw new Error(`no row for ${id}`);
  };
  const intitule = async (id: string) => (await getFormation(api.ctx.db, test, id))!.intitule;
  const codes = (l: { avertissements: readonly { code: string }[] } | undefined) =>
    l!.avertissements.map((a) => a.code);

  it('writes the versions in a very hidden sheet', async () => {
    const wb = await ouvrir(await exportClasseur(api));
    const ws = wb.getWorksheet('Versions')!;
    expect(ws.state).toBe('veryHidden');
    expect(ws.getRow(1).getCell(2).value).toBe(NOW.toISOString());
    expect(ws.actualRowCount).toBe(3 + ids.length);
    expect(String(ws.getRow(2).getCell(2).value)).toMatch(/^intitule,objectif,.*,debut,fin$/);
    // The organisme whose workbook it is: the import reads the references of its offer only.
    expect([ws.getRow(3).getCell(1).value, ws.getRow(3).getCell(2).value]).toEqual(['Organisme', SIRET_A]);
    expect(String(ws.getRow(4).getCell(2).value)).toMatch(/^[0-9a-f]{192}$/); // 24 columns × 8
  });

  it('keeps the newer value of Offre when the workbook is older and its cell untouched', async () => {
    const id = ids[1]!;
    const fichier = await exportClasseur(api); // 1. downloaded
    await modifier(id, (f) => {
      f.intitule = 'CAP Cuisine (import LHEO)'; // 2. changed in Offre afterwards
    });
    const avant = await compter(api);
    // 3. the older workbook uploaded again, row untouched (re-saved by Excel).
    const wb = await ouvrir(fichier);
    const r = ligneDe(wb.getWorksheet('Offre')!, id);
    const retour = await enBuffer(wb);

    const apercu = await importClasseur(api.ctx, test, retour, { dryRun: true });
    const l = apercu.rapport.lignes.find((x) => x.ligne === r)!;
    expect(l).toMatchObject({ verdict: 'inchangee', champs: [], erreurs: [] });
    expect(l.avertissements).toEqual([
      {
        colonne: 'Intitulé',
        code: 'CLASSEUR_VERSION_ANCIENNE',
        message: `Ligne ${r}, colonne « Intitulé » : inchangé dans le classeur, modifié dans Offre depuis le 24 novembre 2026 : la valeur d’Offre est gardée (« CAP Cuisine (import LHEO) » ; le classeur porte encore « CAP Cuisine »).`,
      },
    ]);
    expect(apercu.rapport.totaux.modifiee).toBe(0);
    expect(await compter(api)).toEqual(avant);

    const res = await importClasseur(api.ctx, test, retour, { dryRun: false });
    // The same verdicts; the preview says what will be done, the report what was done.
    expect(verdicts(res.rapport.lignes)).toEqual(verdicts(apercu.rapport.lignes));
    expect(await intitule(id)).toBe('CAP Cuisine (import LHEO)');
    expect(await compter(api)).toMatchObject({ formations: avant.formations, sessions: avant.sessions });
    // Again: nothing changes.
    const encore = await importClasseur(api.ctx, test, retour, { dryRun: false });
    expect(encore.rapport.totaux.modifiee).toBe(0);
    expect(await intitule(id)).toBe('CAP Cuisine (import LHEO)');
  });

  it('applies a change written in red on a formation changed in Offre since, and says so', async () => {
    const id = ids[0]!;
    const fichier = await exportClasseur(api);
    await modifier(id, (f) => {
      f.intitule = 'BTS MCO (API)';
    });
    const wb = await ouvrir(fichier);
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, id);
    ws.getRow(r).getCell(COL.intitule!).value = 'BTS Management commercial opérationnel — alternance';
    peindre(ws.getRow(r).getCell(COL.intitule!), ROUGE);
    const retour = await enBuffer(wb);

    const apercu = await importClasseur(api.ctx, test, retour, { dryRun: true });
    const res = await importClasseur(api.ctx, test, retour, { dryRun: false });
    // The same verdicts; the preview says what will be done, the report what was done.
    expect(verdicts(res.rapport.lignes)).toEqual(verdicts(apercu.rapport.lignes));
    const l = res.rapport.lignes.find((x) => x.ligne === r)!;
    expect(l).toMatchObject({ verdict: 'modifiee', champs: ['Intitulé'], erreurs: [] });
    expect(codes(l)).toEqual(['CLASSEUR_CONFLIT_ROUGE']);
    expect(l.avertissements[0]!.message).toContain('« BTS MCO (API) »');
    expect(await intitule(id)).toBe('BTS Management commercial opérationnel — alternance');
    const apres = await compter(api);
    const encore = await importClasseur(api.ctx, test, retour, { dryRun: false });
    expect(encore.rapport.totaux.modifiee).toBe(0);
    expect(await compter(api)).toEqual(apres);
  });

  it('reports a change not in red on a formation changed in Offre since as a conflict, not applied', async () => {
    const id = ids[2]!;
    const fichier = await exportClasseur(api);
    await modifier(id, (f) => {
      f.intitule = 'Bac pro Métiers du commerce et de la vente';
    });
    const wb = await ouvrir(fichier);
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, id);
    ws.getRow(r).getCell(COL.intitule!).value = 'Bac pro Commerce (3 ans)'; // not red
    ws.getRow(r).getCell(COL.capacite!).value = 18; // a change Offre did not make: applied as today
    const retour = await enBuffer(wb);

    const apercu = await importClasseur(api.ctx, test, retour, { dryRun: true });
    const res = await importClasseur(api.ctx, test, retour, { dryRun: false });
    // The same verdicts; the preview says what will be done, the report what was done.
    expect(verdicts(res.rapport.lignes)).toEqual(verdicts(apercu.rapport.lignes));
    const l = res.rapport.lignes.find((x) => x.ligne === r)!;
    expect(l).toMatchObject({ verdict: 'modifiee', champs: ['Capacité'], erreurs: [] });
    expect(codes(l)).toEqual(['CLASSEUR_CONFLIT_VERSION', 'CLASSEUR_MODIFICATION_NON_SIGNALEE']);
    expect(l.avertissements[0]).toMatchObject({
      colonne: 'Intitulé',
      message: expect.stringContaining(
        '(« Bac pro Métiers du commerce et de la vente ») et dans le classeur sans être écrit en rouge (« Bac pro Commerce (3 ans) ») : la valeur d’Offre est gardée',
      ),
    });
    const f = (await getFormation(api.ctx.db, test, id))!;
    expect(f.intitule).toBe('Bac pro Métiers du commerce et de la vente');
    expect(f.sessions.find((s) => s.debut === '2027-09-06')!.capacite).toBe(18);
    const apres = await compter(api);
    const encore = await importClasseur(api.ctx, test, retour, { dryRun: false });
    expect(encore.rapport.totaux.modifiee).toBe(0);
    expect(codes(encore.rapport.lignes.find((x) => x.ligne === r))).toEqual(['CLASSEUR_CONFLIT_VERSION']);
    expect(await compter(api)).toEqual(apres);
  });

  it('applies the changes of a workbook without versions as before, with a warning', async () => {
    const id = ids[3]!;
    const wb = await ouvrir(await exportClasseur(api));
    wb.removeWorksheet(wb.getWorksheet('Versions')!.id); // a workbook downloaded before versions
    const ws = wb.getWorksheet('Offre')!;
    const r = ligneDe(ws, id);
    ws.getRow(r).getCell(COL.intitule!).value = 'BTS NDRC';
    const retour = await enBuffer(wb);

    const apercu = await importClasseur(api.ctx, test, retour, { dryRun: true });
    const res = await importClasseur(api.ctx, test, retour, { dryRun: false });
    // The same verdicts; the preview says what will be done, the report what was done.
    expect(verdicts(res.rapport.lignes)).toEqual(verdicts(apercu.rapport.lignes));
    expect(apercu.rapport.lignes.find((x) => x.ligne === r)!.avertissements[1]!.message).toMatch(
      /classeur sans version .* la modification sera appliquée/,
    );
    const l = res.rapport.lignes.find((x) => x.ligne === r)!;
    expect(l).toMatchObject({ verdict: 'modifiee', champs: ['Intitulé'] });
    expect(codes(l)).toEqual(['CLASSEUR_MODIFICATION_NON_SIGNALEE', 'CLASSEUR_SANS_VERSION']);
    expect(l.avertissements[1]!.message).toMatch(/classeur sans version .* la modification a été appliquée/);
    expect(await intitule(id)).toBe('BTS NDRC');
    // Untouched rows of that workbook stay unchanged, without a warning.
    for (const x of res.rapport.lignes.filter((y) => y.ligne !== r))
      expect(x).toMatchObject({ verdict: 'inchangee', avertissements: [] });
  });

  it('reads a row whose version cell is unreadable as unversioned: a warning naming the cell, never a blocked import', async () => {
    const [change, garde] = [ids[0]!, ids[1]!];
    const wb = await ouvrir(await exportClasseur(api));
    const ws = wb.getWorksheet('Offre')!;
    const versions = wb.getWorksheet('Versions')!;
    const ligneVersion = (id: string) => {
      for (let r = 4; r <= versions.rowCount; r++)
        if (String(versions.getRow(r).getCell(1).value).startsWith(`${id}/`)) return r;
      throw new Error(`no version for ${id}`);
    };
    const [vChange, vGarde] = [ligneVersion(change), ligneVersion(garde)];
    versions.getRow(vChange).getCell(2).value = 'pas une version'; // edited by hand
    versions.getRow(vGarde).getCell(2).value = 12345; // retyped as a number
    const [rChange, rGarde] = [ligneDe(ws, change), ligneDe(ws, garde)];
    ws.getRow(rChange).getCell(COL.intitule!).value = 'BTS Version illisible';
    const retour = await enBuffer(wb);

    const apercu = await importClasseur(api.ctx, test, retour, { dryRun: true });
    const res = await importClasseur(api.ctx, test, retour, { dryRun: false });
    const message = (l: (typeof res.rapport.lignes)[number] | undefined, code: string) =>
      l!.avertissements.find((a) => a.code === code)?.message;
    // The changed row: applied as in a workbook without versions, the cell named.
    const l = res.rapport.lignes.find((x) => x.ligne === rChange)!;
    expect(l).toMatchObject({ verdict: 'modifiee', champs: ['Intitulé'], erreurs: [] });
    expect(codes(l)).toEqual(['CLASSEUR_MODIFICATION_NON_SIGNALEE', 'CLASSEUR_VERSION_INVALIDE']);
    expect(message(l, 'CLASSEUR_VERSION_INVALIDE')).toBe(
      `Ligne ${rChange} : feuille « Versions », ligne ${vChange}, colonne B : la version de cette ligne est illisible (modifiée à la main ?) : Offre ne peut pas savoir si la formation a changé depuis le téléchargement ; la modification a été appliquée.`,
    );
    expect(
      message(
        apercu.rapport.lignes.find((x) => x.ligne === rChange),
        'CLASSEUR_VERSION_INVALIDE',
      ),
    ).toMatch(/la modification sera appliquée\.$/);
    expect(await intitule(change)).toBe('BTS Version illisible');
    // The unchanged row: listed, « sans effet ».
    const g = res.rapport.lignes.find((x) => x.ligne === rGarde)!;
    expect(g).toMatchObject({ verdict: 'inchangee', champs: [], erreurs: [] });
    expect(codes(g)).toEqual(['CLASSEUR_VERSION_INVALIDE']);
    expect(message(g, 'CLASSEUR_VERSION_INVALIDE')).toBe(
      `Ligne ${rGarde} : feuille « Versions », ligne ${vGarde}, colonne B : la version de cette ligne est illisible (modifiée à la main ?) ; sans effet : la ligne ne change rien.`,
    );
    // The other rows: as if nothing happened.
    for (const x of res.rapport.lignes.filter((y) => y.ligne !== rChange && y.ligne !== rGarde))
      expect(x).toMatchObject({ verdict: 'inchangee', avertissements: [] });
  });
});
