import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import {
  compter,
  enBuffer,
  exportClasseur,
  loadOffre,
  NOW,
  nouvelleLigne,
  ouvrir,
  peindre,
} from './classeur.helpers.ts';

// Acceptance: a workbook exported by Offre, edited as an organisation does, imported twice.

const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const ligneDe = (ws: ExcelJS.Worksheet, id: string) => {
  for (let r = 2; r <= ws.rowCount; r++)
    if (String(ws.getRow(r).getCell(1).value).startsWith(`${id}/`)) return r;
  throw new Error(`no row for ${id}`);
};
const JAUNE = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } } as const;

describe('campaign workbook round trip', () => {
  let api: TestApi;
  let ids: string[];
  beforeAll(async () => {
    api = await testApi({ now: () => NOW });
    ids = await loadOffre(api);
  });
  afterAll(() => api.close());

  it('exports the contract headers, one row per formation and place, empty campaign dates', async () => {
    const wb = await ouvrir(await exportClasseur(api));
    const ws = wb.getWorksheet('Offre')!;
    const entetes = (ws.getRow(1).values as unknown[]).slice(1);
    expect(entetes).toEqual([
      'Référence formation',
      'Intitulé',
      'Objectif',
      'Code RNCP',
      'Code diplôme (CFD)',
      'SIRET responsable',
      'UAI responsable',
      'SIRET formateur',
      'UAI formateur',
      'Adresse du lieu',
      'Code postal',
      'Commune',
      'UAI du lieu',
      'Durée cycle (années)',
      'Années en apprentissage',
      'Contrat de professionnalisation',
      'Formation continue',
      'Capacité',
      'Contact nom',
      'Contact téléphone',
      'Contact courriel',
      'Référent handicap nom',
      'Référent handicap courriel',
      'Date de début 2027',
      'Date de fin 2027',
    ]);
    expect(ws.actualRowCount).toBe(5);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getColumn(COL.intitule!).width).toBeGreaterThan(20);
    const row2 = ws.getRow(ligneDe(ws, ids[0]!));
    expect(String(row2.getCell(COL.reference!).value)).toMatch(new RegExp(`^${ids[0]}/se_`));
    expect(row2.getCell(COL.annees!).value).toBe('1,2');
    expect(row2.getCell(COL.siretResponsable!).value).toBe(SIRET_A);
    expect(row2.getCell(COL.debut!).value).toBeNull();
    expect(wb.getWorksheet('Conventions')!.getRow(5).getCell(1).value).toMatch(/jaune/);
    // A diffused session is never re-dated (CLASSEUR_SESSION_DIFFUSEE): the sheet that invites red
    // values says so, with what to do instead.
    const conventions = wb.getWorksheet('Conventions')!;
    const lignes = Array.from(
      { length: conventions.rowCount },
      (_, i) => conventions.getRow(i + 1).values as unknown[],
    ).map((v) => v.slice(1).join(' — '));
    const diffusee = lignes.find((l) => l.startsWith('Session déjà diffusée'));
    expect(diffusee).toMatch(/ne changent plus/);
    expect(diffusee).toMatch(/copiez la ligne/);
    expect(diffusee).toMatch(/CLASSEUR_SESSION_DIFFUSEE/);
    expect(lignes.find((l) => l.startsWith('Valeur en rouge'))).toMatch(
      /sauf les dates d’une session déjà diffusée/,
    );
  });

  it('imports an edited workbook with the expected report, store changes, and nothing the second time', async () => {
    const wb = await ouvrir(await exportClasseur(api));
    const ws = wb.getWorksheet('Offre')!;
    const [r1, r2, r3, r4] = ids.map((id) => ligneDe(ws, id)) as [number, number, number, number];
    const set = (row: number, cle: string, v: unknown) => {
      ws.getRow(row).getCell(COL[cle]!).value = v as never;
    };
    // Row 2 (F1): new dates typed as text, two red cells with new values.
    set(r1, 'debut', '01/09/2027');
    set(r1, 'fin', '30/06/2029');
    set(r1, 'intitule', 'BTS Management commercial opérationnel (MCO)');
    peindre(ws.getRow(r1).getCell(COL.intitule!), { font: { color: { argb: 'FFFF0000' } } });
    set(r1, 'capacite', 30);
    peindre(ws.getRow(r1).getCell(COL.capacite!), { font: { color: { indexed: 10 } as never } }); // legacy palette red
    // Row 3 (F2): closed, the whole row yellow.
    for (let c = 1; c <= 25; c++) peindre(ws.getRow(r2).getCell(c), { fill: JAUNE });
    // Row 4 (F3): start date only.
    set(r3, 'debut', new Date(Date.UTC(2027, 8, 1)));
    // Row 5 (F4): dates as real Excel dates.
    set(r4, 'debut', new Date(Date.UTC(2027, 8, 6)));
    set(r4, 'fin', new Date(Date.UTC(2029, 5, 28)));
    // Row 6: a new formation in blue.
    const nouvelle = nouvelleLigne();
    for (const [cle, v] of Object.entries(nouvelle)) {
      set(6, cle, v);
      peindre(ws.getRow(6).getCell(COL[cle]!), { font: { color: { argb: 'FF0070C0' } } });
    }
    const fichier = await enBuffer(wb);
    const avant = await compter(api);

    const apercu = await importClasseur(api.ctx, SYSTEME('test'), fichier, { dryRun: true });
    expect(await compter(api)).toEqual(avant);

    const res = await importClasseur(api.ctx, SYSTEME('test'), fichier, { dryRun: false });
    // The same report, but for the tense of what is done (« sera archivée » → « a été archivée »),
    // and the new row naming the formation it created.
    const fait = JSON.parse(JSON.stringify(apercu.rapport).replaceAll('sera archivée', 'a été archivée'));
    for (const l of fait.lignes)
      if (l.verdict === 'nouvelle') l.formation_creee = expect.stringMatching(/^fo_/);
    // The preview alone names the blocking rules of each formation updated, and of each one a new
    // row creates (imports/apercu-regles.ts).
    expect(fait.non_diffusables).toBe(0);
    expect(fait.creees_non_diffusables).toEqual(expect.any(Number));
    expect(fait.lignes.filter((l: { regles?: unknown }) => l.regles).length).toBe(3);
    expect(fait.lignes.find((l: { verdict: string }) => l.verdict === 'nouvelle').regles).toMatchObject({
      publiee: false,
      levees: [],
      catalogue_avant: null,
    });
    delete fait.non_diffusables;
    delete fait.creees_non_diffusables;
    for (const l of fait.lignes) delete l.regles;
    expect(JSON.stringify(apercu.rapport)).toContain('sera archivée');
    expect(res.rapport).toEqual(fait);
    expect(res.rapport.fichier).toEqual({
      empreinte: expect.stringMatching(/^[0-9a-f]{64}$/),
      deja_importe_le: null,
    });
    expect(res.rapport.totaux).toEqual({ nouvelle: 1, modifiee: 2, fermee: 1, inchangee: 0, erreur: 1 });
    const ligne = (n: number) => res.rapport.lignes.find((l) => l.ligne === n);
    const [l2, l3, l4, l5, l6] = [r1, r2, r3, r4, 6].map(ligne);
    expect(l2).toMatchObject({
      verdict: 'modifiee',
      champs: ['Intitulé', 'Capacité', 'Date de début 2027', 'Date de fin 2027'],
      erreurs: [],
      avertissements: [],
    });
    expect(l3).toMatchObject({ verdict: 'fermee', champs: [], erreurs: [] });
    expect(l4).toMatchObject({ verdict: 'erreur', champs: [] });
    expect(l4!.erreurs).toEqual([
      {
        colonne: 'Date de fin 2027',
        code: 'CLASSEUR_DATE_MANQUANTE',
        message: expect.stringMatching(
          /^Ligne \d, colonne « Date de fin 2027 » : la date de fin 2027 est obligatoire/,
        ),
      },
    ]);
    expect(l5).toMatchObject({ verdict: 'modifiee', champs: ['Date de début 2027', 'Date de fin 2027'] });
    expect(l6).toMatchObject({
      ligne: 6,
      reference: null,
      verdict: 'nouvelle',
      erreurs: [],
      avertissements: [],
    });

    const f1 = (await getFormation(api.ctx.db, SYSTEME('test'), ids[0]!))!;
    expect(f1.intitule).toBe('BTS Management commercial opérationnel (MCO)');
    expect(f1.sessions.map((s) => [s.debut, s.fin, s.capacite])).toEqual([
      ['2026-09-01', '2028-06-30', 24],
      ['2027-09-01', '2029-06-30', 30],
    ]);
    const f2 = (await getFormation(api.ctx.db, SYSTEME('test'), ids[1]!))!;
    expect(f2.statut).toBe('archivee');
    expect(f2.sessions.map((s) => s.etat_recrutement)).toEqual(['ferme']);
    const f3 = (await getFormation(api.ctx.db, SYSTEME('test'), ids[2]!))!;
    expect(f3.sessions).toHaveLength(1);
    const f4 = (await getFormation(api.ctx.db, SYSTEME('test'), ids[3]!))!;
    expect(f4.sessions.map((s) => s.debut)).toEqual(['2026-09-01', '2027-09-06']);
    // Conformity was computed for what the import wrote (once, at the end of the import).
    const creee = await api.ctx.db
      .selectFrom('formation')
      .select(['catalogue', 'statut'])
      .where('cle_externe', 'like', 'classeur-%')
      .executeTakeFirstOrThrow();
    expect(creee).toMatchObject({
      statut: 'brouillon',
      catalogue: expect.stringMatching(/^(general|non_reglementaire)$/),
    });
    const apres = await compter(api);
    expect(apres.formations).toBe(avant.formations + 1);
    expect(apres.sessions).toBe(avant.sessions + 3);

    // The copy given back names the row in error in its Erreurs column.
    const copie = (await ouvrir(await res.classeurErreurs())).getWorksheet('Offre')!;
    expect(copie.getRow(1).getCell(26).value).toBe('Erreurs');
    expect(String(copie.getRow(r3).getCell(26).value)).toMatch(/Date de fin 2027/);
    expect(copie.getRow(r1).getCell(26).value).toBeNull();

    // Same file again: nothing changes, not even the journal of applied workbooks.
    const journal = () =>
      api.ctx.db
        .selectFrom('classeur_import')
        .select((e) => e.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n));
    const journalAvant = await journal();
    const encore = await importClasseur(api.ctx, SYSTEME('test'), fichier, { dryRun: false });
    expect(encore.rapport.lignes.filter((l) => l.verdict === 'modifiee')).toEqual([]);
    expect(encore.rapport.fichier?.deja_importe_le).toBe(NOW.toISOString());
    expect(encore.rapport.totaux).toEqual({ nouvelle: 0, modifiee: 0, fermee: 0, inchangee: 4, erreur: 1 });
    expect(await compter(api)).toEqual(apres);
    expect(await journal()).toBe(journalAvant);
  });
});
