import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionsPubliques } from '../../src/domain/diffusion.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { COLONNES_CSV } from '../../src/formats/csv/offre-csv.writer.ts';
import { formationPublique } from '../../src/services/catalogue-public.service.ts';
import { bearer, formationFixture, SIRET_A, SIRET_B, useTestApi } from './helpers.ts';

// Issue 12: an Auvergne-style conventionné action (Région-financed, mandataire ≠ formateur, three
// sessions with market numbers, one closed) through the real store, conformity and API — no
// catalogue forced by hand: the rules decide.

const t = useTestApi();
let actionId: string;
let brouillonId: string;

const contact = { nom: 'Mme Roux', telephone: '0473000000' };
const bilan = { date: '2026-11-15', lieu: 'Clermont-Ferrand', libelle: 'BILAN-CONFIDENTIEL intermédiaire' };
const session = (cle: string, marche: string, debut: string, etat: 'ouvert' | 'ferme' = 'ouvert') => ({
  cle_externe: cle,
  debut,
  fin: `${debut.slice(0, 4)}-12-18`,
  etat_recrutement: etat,
  capacite: 12,
  financeur: 'region' as const,
  numero_marche: marche,
  contact,
  lieu: { adresse: '2 rue Bois', code_postal: '63000', commune: 'Clermont-Ferrand', code_insee: '63113' },
  reunions_information: [{ date: '2026-08-20', lieu: 'Agence', libelle: 'Réunion d’information' }],
  bilans: [bilan],
});

const action = (): FormationInput =>
  formationFixture({
    cle_externe: 'AUV-PREPA-AVENIR',
    intitule: '=HYPERLINK("http://x") Prépa avenir métiers',
    certification: {},
    // The prestataire is responsable and formateur; the mandataire holds the market and owns the action.
    responsable: { siret: SIRET_B, raison_sociale: 'Prestataire formateur' },
    mandataire: { siret: SIRET_A, raison_sociale: 'Groupement mandataire' },
    formateur: { siret: SIRET_B, raison_sociale: 'Prestataire formateur' },
    modalites: {
      formation_continue: true,
      contrat_professionnalisation: true,
      contrat_apprentissage: false,
      annees_apprentissage: [],
      duree_annees: 1,
    },
    financeurs: ['region'],
    sessions: [
      session('S1', 'M1451401', '2026-09-07'),
      session('S2', 'M1451401', '2026-10-05'),
      session('S3', 'M1451402', '2026-06-01', 'ferme'),
    ],
  });

const get = (url: string, key?: string) =>
  t.app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} });
const step = (id: string, s: string, key: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/formations/${id}/${s}`, headers: bearer(key), payload: {} });

beforeAll(async () => {
  const post = (payload: FormationInput) =>
    t.app.inject({ method: 'POST', url: '/api/v1/formations', headers: bearer(t.keys.writeA), payload });
  // A never-diffused apprenticeship draft: its id must never reach the public feed.
  brouillonId = (await post(formationFixture({ cle_externe: 'BROUILLON-SECRET' }))).json().id;
  const created = await post(action());
  expect(created.statusCode).toBe(201);
  actionId = created.json().id;
  expect((await step(actionId, 'publier', t.keys.writeA)).statusCode).toBe(200);
  expect((await step(actionId, 'valider', t.keys.admin)).statusCode).toBe(200);
});

describe('a conventionné action that is not apprenticeship', () => {
  it('is conventionné only, passes the conventionné rules, and is in the Catalogue général', async () => {
    const f = (await get(`/api/v1/formations/${actionId}`, t.keys.admin)).json();
    expect(f.conformite.echecs).toEqual([]);
    expect(f.types_offre).toEqual(['conventionne']);
    expect(f.statut).toBe('publiee');
    const codes = f.conformite.echecs.map((e: { code: string }) => e.code);
    expect(codes).not.toContain('FORM_APPRENTISSAGE');
    expect(codes).not.toContain('CONV_MARCHE');
    expect(f.conformite.catalogue).toBe('general');
    // Parcoursup and Affelnet take apprenticeship only.
    expect(f.conformite.parcoursup).not.toBe('publiee');
  });

  it('is public, its closed session hidden from the public pages', async () => {
    const anonyme = await get(`/api/v1/formations/${actionId}`);
    expect(anonyme.statusCode).toBe(200);
    const f = await formationPublique(t.ctx.db, actionId);
    expect(f).not.toBeNull();
    expect(sessionsPubliques(f!).map((s) => s.cle_externe)).toEqual(['S1', 'S2']);
  });

  it('is in the CSV export with all three sessions, its type and the derived contract mention', async () => {
    const csv = (await get('/api/v1/exports/csv')).body;
    const lignes = csv.split('\r\n').filter((l) => l.includes('AUV-PREPA-AVENIR'));
    expect(lignes).toHaveLength(3);
    expect(lignes.some((l) => l.includes(';ferme;'))).toBe(true);
    expect(lignes[0]).toContain(';conventionne;Contrat de professionnalisation possible');
    // Formula injection: the intitulé starting with "=" is neutralised.
    expect(lignes[0]).toContain(`'=HYPERLINK`);
  });

  it('is in the XLSX export: the CSV columns, all three sessions, formulas neutralised', async () => {
    const res = await get('/api/v1/exports/xlsx');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Offre')!;
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][];
    const entete = rows[0]!.slice(1);
    expect(entete).toEqual(COLONNES_CSV.map((c) => c.nom));
    const col = (nom: string) => entete.indexOf(nom) + 1;
    const miennes = rows.filter((r) => r[col('cle_externe')] === 'AUV-PREPA-AVENIR');
    expect(miennes.map((r) => r[col('etat_recrutement')]).sort()).toEqual(['ferme', 'ouvert', 'ouvert']);
    expect(miennes[0]![col('intitule')]).toBe(`'=HYPERLINK("http://x") Prépa avenir métiers`);
    expect(miennes[0]![col('mention_contrat')]).toBe('Contrat de professionnalisation possible');
    expect(miennes[0]![col('capacite')]).toBe(12);
    expect(JSON.stringify(rows)).not.toContain('BILAN-CONFIDENTIEL');
  });
});

describe('the mandataire owns the action', () => {
  const sessionS1 = (over: Record<string, unknown>) => ({
    ...session('S1', 'M1451401', '2026-09-07'),
    ...over,
  });
  const poster = (key: string, payload: Record<string, unknown>) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${actionId}/sessions`,
      headers: bearer(key),
      payload,
    });

  it('belongs to the mandataire’s SIREN; the formateur’s key cannot change the recruitment state', async () => {
    const f = (await get(`/api/v1/formations/${actionId}`, t.keys.admin)).json();
    expect(f.mandataire.siret).toBe(SIRET_A);
    expect(f.formateur.siret).toBe(SIRET_B);
    const refus = await poster(t.keys.writeB, sessionS1({ etat_recrutement: 'suspendu' }));
    expect(refus.statusCode).toBe(403);
    const accepte = await poster(t.keys.writeA, sessionS1({ etat_recrutement: 'suspendu' }));
    expect(accepte.statusCode).toBeLessThan(300);
  });

  it('a new market number on a diffused session is refused: it is a new session', async () => {
    const res = await poster(t.keys.writeA, sessionS1({ numero_marche: 'M1459999' }));
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'SESSION_NOUVEAU_MARCHE' });
    expect(res.json().detail).toContain('M1451401');
  });
});

describe('professional-only fields', () => {
  it('anonymous and read readers never receive bilans; the owner and the gestionnaire do', async () => {
    for (const key of [undefined, t.keys.read]) {
      const one = (await get(`/api/v1/formations/${actionId}`, key)).body;
      const list = (await get('/api/v1/formations', key)).body;
      const feed = (await get('/api/v1/changes?limit=1000', key)).body;
      for (const body of [one, list, feed]) {
        expect(body).toContain('AUV-PREPA-AVENIR');
        expect(body).not.toContain('BILAN-CONFIDENTIEL');
        expect(body).not.toContain('"bilans"');
      }
    }
    expect((await get('/api/v1/exports/csv')).body).not.toContain('BILAN-CONFIDENTIEL');
    expect((await get('/api/v1/exports/lheo')).body).not.toContain('BILAN-CONFIDENTIEL');
    for (const key of [t.keys.writeA, t.keys.admin]) {
      const f = (await get(`/api/v1/formations/${actionId}`, key)).json();
      expect(f.sessions[0].bilans).toEqual([bilan]);
    }
  });
});

describe('change feed without leaks', () => {
  it('never names a non-diffused offer to the public; entering is a create, leaving a tombstone', async () => {
    const lire = async (key?: string) => (await get('/api/v1/changes?limit=1000', key)).json().data;
    for (const key of [undefined, t.keys.read, t.keys.writeB]) {
      const data = await lire(key);
      expect(JSON.stringify(data)).not.toContain(brouillonId);
      const miens = data.filter((e: { id: string }) => e.id === actionId);
      expect(miens.map((e: { action: string }) => e.action)).toEqual(['create']);
      expect(miens[0].formation.id).toBe(actionId);
    }
    // The owner still follows its own drafts.
    expect(JSON.stringify(await lire(t.keys.writeA))).toContain(brouillonId);

    const avant = (await get('/api/v1/changes?limit=1000')).json().next_cursor;
    expect((await step(actionId, 'archiver', t.keys.writeA)).statusCode).toBe(200);
    const apres = (await get(`/api/v1/changes?since=${avant}`)).json().data;
    expect(apres).toEqual([expect.objectContaining({ id: actionId, action: 'archive', formation: null })]);
    // Archived, it is no longer named by later public events.
    const depuis = (await get(`/api/v1/changes?since=${apres[0].seq}`)).json().data;
    expect(depuis).toEqual([]);
  });
});
