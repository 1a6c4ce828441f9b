import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { COLONNES_CSV } from '../../src/formats/csv/offre-csv.writer.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, setCatalogue, type TestApi, testApi } from '../api/helpers.ts';
import { SIRET_A, SIRET_B } from '../helpers/formations.ts';

// The CSV export read back by a real CSV parser: columns, quoting, BOM, one line per session.

describe('CSV export', () => {
  let api: TestApi;
  let diffusee: string;
  beforeAll(async () => {
    api = await testApi();
    const now = new Date('2026-11-24T10:00:00Z');
    const save = (f: ReturnType<typeof formationFixture>, statut?: 'publiee') =>
      api.ctx.db.transaction().execute((trx) => saveFormationTx(trx, SYSTEME('test'), f, { now, statut }));
    diffusee = (
      await save(
        formationFixture({
          cle_externe: 'CSV-1',
          intitule: 'BTS « Commerce » ; option "international"',
          objectif: 'Ligne 1\nLigne 2',
          contenu: '=HYPERLINK("http://example.invalid")',
          sessions: [
            {
              debut: '2026-09-01',
              fin: '2028-06-30',
              etat_recrutement: 'ouvert',
              capacite: 24,
              lieu: {
                adresse: '1 rue de la Paix',
                code_postal: '69001',
                commune: 'Lyon',
                lat: 45.76,
                lon: 4.83,
              },
              reunions_information: [],
              bilans: [],
            },
            {
              debut: '2027-09-01',
              fin: '2029-06-30',
              etat_recrutement: 'ferme',
              capacite: 12,
              lieu: { adresse: '2 rue Neuve', code_postal: '69002', commune: 'Lyon' },
              contact: { nom: 'Lou', telephone: '+33 4 72 00 00 00' },
              reunions_information: [],
              bilans: [],
            },
          ],
        }),
        'publiee',
      )
    ).id;
    await setCatalogue(api.ctx, diffusee, 'general');
    const sansSession = (
      await save(
        formationFixture({ cle_externe: 'CSV-2', intitule: 'Sans session', sessions: [], siret: SIRET_B }),
        'publiee',
      )
    ).id;
    await setCatalogue(api.ctx, sansSession, 'general');
    await save(formationFixture({ cle_externe: 'CSV-3', intitule: 'Brouillon non diffusé' }));
  });
  afterAll(() => api.close());

  it('streams every diffused formation × session, all columns, Excel-in-France friendly', async () => {
    const r = await api.app.inject({ method: 'GET', url: '/api/v1/exports/csv' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    const raw = r.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8');
    expect(text).toContain('\r\n');
    const rows: Record<string, string>[] = parse(text, {
      bom: true,
      delimiter: ';',
      columns: true,
      relax_column_count: false,
    });
    expect(Object.keys(rows[0]!)).toEqual(COLONNES_CSV.map((c) => c.nom));
    expect(rows).toHaveLength(3);
    expect(rows.map((x) => x.intitule).sort()).toEqual([
      'BTS « Commerce » ; option "international"',
      'BTS « Commerce » ; option "international"',
      'Sans session',
    ]);
    const [s1, s2] = rows
      .filter((x) => x.formation_id === diffusee)
      .sort((a, b) => a.debut!.localeCompare(b.debut!));
    expect(s1).toMatchObject({
      objectif: 'Ligne 1\nLigne 2',
      debut: '2026-09-01',
      fin: '2028-06-30',
      etat_recrutement: 'ouvert',
      capacite: '24',
      lieu_lat: '45.76',
      contrat_apprentissage: 'oui',
      annees_apprentissage: '1,2',
      statut: 'publiee',
      catalogue: 'general',
    });
    // A formula is neutralised for spreadsheets; a phone number is left alone.
    expect(s1!.contenu).toBe('\'=HYPERLINK("http://example.invalid")');
    expect(s2).toMatchObject({ etat_recrutement: 'ferme', session_contact_telephone: '+33 4 72 00 00 00' });
    expect(rows.find((x) => x.intitule === 'Sans session')).toMatchObject({ session_id: '', debut: '' });
    // The raw text quotes exactly what RFC 4180 requires.
    expect(text).toContain('"BTS « Commerce » ; option ""international"""');
  });

  // The file of one organisme, as the LHEO export gives it (fresh user of stop 23).
  it('filters by siret (CSV and XLSX), the same rule and message as the LHEO export', async () => {
    const csv = async (query: string) => {
      const r = await api.app.inject({ method: 'GET', url: `/api/v1/exports/csv?${query}` });
      expect(r.statusCode, r.body).toBe(200);
      return parse(r.rawPayload.toString('utf8'), { bom: true, delimiter: ';', columns: true }) as Record<
        string,
        string
      >[];
    };
    expect((await csv(`siret=${SIRET_B}`)).map((x) => x.intitule)).toEqual(['Sans session']);
    const a = await csv(`siret=${SIRET_A}`);
    expect(a.map((x) => x.formation_id)).toEqual([diffusee, diffusee]);
    // A filter that selects no formation: 404 AUCUNE_FORMATION, as the LHEO export (the whole
    // offer, even empty, is still the header alone).
    const vide = await api.app.inject({ method: 'GET', url: '/api/v1/exports/csv?siret=55210055400021' });
    expect(vide.statusCode).toBe(404);
    expect(vide.json().code).toBe('AUCUNE_FORMATION');

    const x = await api.app.inject({ method: 'GET', url: `/api/v1/exports/xlsx?siret=${SIRET_B}` });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const feuille = wb.worksheets[0]!;
    const colonne = (feuille.getRow(1).values as unknown[]).indexOf('intitule');
    expect(feuille.actualRowCount).toBe(2);
    expect(feuille.getRow(2).getCell(colonne).value).toBe('Sans session');

    for (const url of ['/api/v1/exports/csv?siret=1234', '/api/v1/exports/xlsx?siret=1234']) {
      const bad = await api.app.inject({ method: 'GET', url });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().detail ?? bad.body).toMatch(/SIRET de 14 chiffres attendu/);
    }
  });
});
