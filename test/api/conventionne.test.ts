import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionsPubliques } from '../../src/domain/diffusion.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { COLONNES_CSV } from '../../src/formats/csv/offre-csv.writer.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { formationPublique } from '../../src/services/catalogue-public.service.ts';
import { produceFichier, runPlanifie } from '../../src/services/partenaires.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { bearer, formationFixture, SIRET_A, SIRET_B, useTestApi } from './helpers.ts';

// Issue 12: an Auvergne-style conventionné action (Région-financed, mandataire ≠ formateur, three
// sessions with market numbers, one closed) through the real store, conformity and API — no
// catalogue forced by hand: the rules decide.

const t = useTestApi();
let actionId: string;
let marchesId: string;
let brouillonId: string;

// The Région's list of markets, in the shape the funder sends it (docs/referentiels.md « marches »):
// the action's two markets, none for M1459999.
const LISTE_REGION = `Numéro de marché;Financeur;Organisme;Intitulé;Date de début;Date de fin;Date de notification
M1451401;Région;130025265;Prépa avenir métiers;01/01/2026;30/06/2027;
M1451402;Région;130025265;Prépa avenir métiers (lot 2);01/01/2026;30/06/2027;
`;

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
  const dir = mkdtempSync(join(tmpdir(), 'offre-conv-'));
  writeFileSync(join(dir, 'marches-region.csv'), LISTE_REGION);
  const liste = await importReferentiel(t.ctx, {
    kind: 'marches',
    fichier: join(dir, 'marches-region.csv'),
  });
  expect(liste).toMatchObject({ statut: 'importe', lignes: expect.objectContaining({ gardees: 2 }) });
  const post = (payload: FormationInput) =>
    t.app.inject({ method: 'POST', url: '/api/v1/formations', headers: bearer(t.keys.writeA), payload });
  // A never-diffused apprenticeship draft: its id must never reach the public feed.
  brouillonId = (await post(formationFixture({ cle_externe: 'BROUILLON-SECRET' }))).json().id;
  const created = await post(action());
  expect(created.statusCode).toBe(201);
  actionId = created.json().id;
  expect((await step(actionId, 'publier', t.keys.writeA)).statusCode).toBe(200);
  expect((await step(actionId, 'valider', t.keys.admin)).statusCode).toBe(200);
  // A second action of the same mandataire: its third session names a market the Région does not know.
  const marches = await post({
    ...action(),
    cle_externe: 'AUV-MARCHES',
    intitule: 'Remise à niveau',
    sessions: [
      session('M1', 'M1451401', '2026-09-14'),
      session('M2', 'M1451402', '2026-10-12'),
      session('M3', 'M1459999', '2026-11-09'),
    ],
  });
  expect(marches.statusCode).toBe(201);
  marchesId = marches.json().id;
  expect((await step(marchesId, 'publier', t.keys.writeA)).statusCode).toBe(200);
  expect((await step(marchesId, 'valider', t.keys.admin)).statusCode).toBe(200);
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

  it('is in the XLSX export: the CSV columns, all three sessions, a formula-like intitulé as a string', async () => {
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
    // A string cell is never evaluated: the intitulé as it is, without the CSV's apostrophe.
    expect(miennes[0]![col('intitule')]).toBe(`=HYPERLINK("http://x") Prépa avenir métiers`);
    expect(miennes[0]![col('mention_contrat')]).toBe('Contrat de professionnalisation possible');
    expect(miennes[0]![col('capacite')]).toBe(12);
    expect(JSON.stringify(rows)).not.toContain('BILAN-CONFIDENTIEL');
  });
});

describe('a market unknown to the funder withholds that session only (CONV_MARCHE_INCONNU)', () => {
  it('fails the rule on the third session, naming the market; the formation stays in the Catalogue général', async () => {
    const f = (await get(`/api/v1/formations/${marchesId}`, t.keys.admin)).json();
    const echecs = f.conformite.echecs.filter((e: { code: string }) => e.code === 'CONV_MARCHE_INCONNU');
    expect(echecs).toHaveLength(1);
    expect(echecs[0]).toMatchObject({ severite: 'bloquant', champ: 'sessions[2].numero_marche' });
    expect(echecs[0].message).toContain('« M1459999 »');
    expect(f.conformite.catalogue).toBe('general');
    // The professional view shows it, marked as withheld.
    expect(
      f.sessions.map((s: { cle_externe: string; retenue?: boolean }) => [s.cle_externe, s.retenue ?? false]),
    ).toEqual([
      ['M1', false],
      ['M2', false],
      ['M3', true],
    ]);
  });

  it('is not diffused: absent for the public, read keys, public pages and the open exports', async () => {
    for (const key of [undefined, t.keys.read]) {
      const f = (await get(`/api/v1/formations/${marchesId}`, key)).json();
      expect(f.sessions.map((s: { cle_externe: string }) => s.cle_externe)).toEqual(['M1', 'M2']);
    }
    const page = await formationPublique(t.ctx.db, marchesId);
    expect(sessionsPubliques(page!).map((s) => s.cle_externe)).toEqual(['M1', 'M2']);
    const csv = (await get('/api/v1/exports/csv')).body
      .split('\r\n')
      .filter((l) => l.includes('AUV-MARCHES'));
    expect(csv).toHaveLength(2);
    expect(csv.join()).not.toContain('M1459999');
    expect((await get('/api/v1/exports/lheo')).body).not.toContain('M1459999');
  });
});

describe('partner files', () => {
  let cleMissions: string;
  const fichiers = new Map<string, { id: string; sha256: string; formations: number; sessions: number }>();
  const telecharger = (id: string, key?: string) => get(`/api/v1/partenaires/fichiers/${id}`, key);

  beforeAll(async () => {
    cleMissions = (
      await createApiKey(t.ctx, { name: 'SI Missions locales', scope: 'read', profils: ['missions-locales'] })
    ).key;
    for (const code of ['france-travail', 'missions-locales', 'formations-collectives'])
      fichiers.set(code, await produceFichier(t.ctx, code));
  });

  it('France Travail (LHEO): the action with its closed session, never the withheld one', async () => {
    const lheo = (await telecharger(fichiers.get('france-travail')!.id, t.keys.admin)).body;
    for (const numero of ['S1', 'S2', 'S3', 'M1', 'M2']) expect(lheo).toContain(`numero="${numero}"`);
    expect(lheo).not.toContain('M1459999');
  });

  it('Missions locales (CSV): closed session and professional-only fields included', async () => {
    const res = await telecharger(fichiers.get('missions-locales')!.id, cleMissions);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lignes = res.body.split('\r\n');
    const entete = lignes[0]!.replace('\uFEFF', '').split(';');
    const miennes = lignes.filter((l) => l.includes('Prépa avenir')).map((l) => l.split(';'));
    expect(miennes.map((l) => l[entete.indexOf('etat_recrutement')]).sort()).toEqual([
      'ferme',
      'ouvert',
      'ouvert',
    ]);
    expect(res.body).toContain('BILAN-CONFIDENTIEL');
    expect(res.body).toContain('Mme Roux');
    expect(lignes.filter((l) => l.includes('Remise à niveau'))).toHaveLength(2);
    expect(res.body).not.toContain('M1459999');
    // The stored checksum is the content's, and the counts are the file's.
    expect(createHash('sha256').update(res.rawPayload).digest('hex')).toBe(
      fichiers.get('missions-locales')!.sha256,
    );
    expect(res.headers['x-offre-sha256']).toBe(fichiers.get('missions-locales')!.sha256);
    expect(fichiers.get('missions-locales')!.sessions).toBe(lignes.length - 2);
  });

  it('formations collectives (XLSX): conventionné offer only, all three sessions of the action', async () => {
    const res = await telecharger(fichiers.get('formations-collectives')!.id, t.keys.admin);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const rows = (wb.getWorksheet('Offre')!.getSheetValues().filter(Boolean) as unknown[][]).map((r) =>
      r.slice(1),
    );
    const entete = rows[0]!;
    const col = (nom: string) => entete.indexOf(nom);
    const miennes = rows.filter((r) => String(r[col('intitule')]).includes('Prépa avenir'));
    expect(miennes.map((r) => r[col('etat_recrutement')]).sort()).toEqual(['ferme', 'ouvert', 'ouvert']);
    expect(String(miennes[0]![col('bilans')])).toContain('BILAN-CONFIDENTIEL');
    expect(rows.filter((r) => r[col('intitule')] === 'Remise à niveau')).toHaveLength(2);
    // The apprenticeship draft and every non-conventionné offer are out.
    expect(rows.slice(1).every((r) => String(r[col('types_offre')]).includes('conventionne'))).toBe(true);
    expect(rows.slice(1)).toHaveLength(5);
    expect(fichiers.get('formations-collectives')).toMatchObject({ formations: 2, sessions: 5 });
  });

  it('a partner key reads its own profile only; a key without profile reads none; admin reads all', async () => {
    const liste = await get('/api/v1/partenaires/fichiers', cleMissions);
    expect(liste.statusCode).toBe(200);
    expect(liste.json().data.map((f: { profil: string }) => f.profil)).toEqual(['missions-locales']);
    expect(liste.json().data[0]).toMatchObject({
      url: `/api/v1/partenaires/fichiers/${fichiers.get('missions-locales')!.id}`,
    });
    const autre = await telecharger(fichiers.get('france-travail')!.id, cleMissions);
    expect(autre.statusCode).toBe(403);
    expect(autre.json()).toMatchObject({ code: 'PARTENAIRE_INTERDIT' });
    expect((await get('/api/v1/partenaires/fichiers?profil=france-travail', cleMissions)).statusCode).toBe(
      403,
    );
    expect((await get('/api/v1/partenaires/fichiers', t.keys.read)).statusCode).toBe(403);
    expect((await telecharger(fichiers.get('missions-locales')!.id, t.keys.writeA)).statusCode).toBe(403);
    expect((await telecharger(fichiers.get('missions-locales')!.id)).statusCode).toBe(401);
    const admin = (await get('/api/v1/partenaires/fichiers', t.keys.admin)).json().data;
    expect(new Set(admin.map((f: { profil: string }) => f.profil))).toEqual(
      new Set(['france-travail', 'missions-locales', 'formations-collectives']),
    );
  });

  it('a scheduled slot is written once even when two runs start together; the last files only are kept', async () => {
    // A slot after the files written above (the scheduler's is the minute it fired).
    await new Promise((r) => setTimeout(r, 5));
    const creneau = new Date();
    const runs = await Promise.all([
      runPlanifie(t.ctx, 'formations-collectives', creneau),
      runPlanifie(t.ctx, 'formations-collectives', creneau),
    ]);
    expect(runs.filter((r) => r !== null)).toHaveLength(1);
    for (let i = 0; i < 7; i++) await produceFichier(t.ctx, 'formations-collectives');
    const gardes = (
      await get('/api/v1/partenaires/fichiers?profil=formations-collectives', t.keys.admin)
    ).json().data;
    expect(gardes).toHaveLength(6);
    expect((await telecharger(fichiers.get('formations-collectives')!.id, t.keys.admin)).statusCode).toBe(
      404,
    );
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

describe('history without leaks (h-fuite item 1)', () => {
  // A reader never receives through the history what it cannot read in the offer's current view:
  // no bilans for the public and read keys, no closed session for the public, no withheld one for either.
  const historique = (id: string, key?: string) => get(`/api/v1/formations/${id}/historique`, key);
  const idDe = async (id: string, cle: string) =>
    (await get(`/api/v1/formations/${id}`, t.keys.admin))
      .json()
      .sessions.find((s: { cle_externe: string }) => s.cle_externe === cle).id as string;

  it('gives neither bilans nor the closed session to the public; read keys get the closed session without bilans', async () => {
    const s3 = await idDe(actionId, 'S3');
    const s1 = await idDe(actionId, 'S1');
    const anonyme = await historique(actionId);
    expect(anonyme.statusCode).toBe(200);
    expect(anonyme.body).toContain(s1);
    expect(anonyme.body).not.toContain(s3);
    const lecture = await historique(actionId, t.keys.read);
    expect(lecture.statusCode).toBe(200);
    expect(lecture.body).toContain(s3);
    for (const body of [anonyme.body, lecture.body]) {
      expect(body).not.toContain('BILAN-CONFIDENTIEL');
      expect(body).not.toContain('"bilans"');
    }
    // Professional readers keep everything.
    for (const key of [t.keys.writeA, t.keys.admin]) {
      const body = (await historique(actionId, key)).body;
      expect(body).toContain('BILAN-CONFIDENTIEL');
      expect(body).toContain(s3);
    }
  });

  it('never gives a withheld session (unknown market) to the public nor read keys', async () => {
    for (const key of [undefined, t.keys.read]) {
      const body = (await historique(marchesId, key)).body;
      expect(body).toContain('M1451402');
      expect(body).not.toContain('M1459999');
    }
    expect((await historique(marchesId, t.keys.admin)).body).toContain('M1459999');
  });

  it('an offer whose sessions are all closed: 404 to the public as its detail, no bilans to read keys', async () => {
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: {
        ...action(),
        cle_externe: 'AUV-TOUT-FERME',
        intitule: 'Toutes fermées',
        sessions: [session('F1', 'M1451401', '2026-09-21', 'ferme')],
      },
    });
    expect(cree.statusCode).toBe(201);
    const id = cree.json().id;
    expect((await step(id, 'publier', t.keys.writeA)).statusCode).toBe(200);
    expect((await step(id, 'valider', t.keys.admin)).statusCode).toBe(200);
    expect((await get(`/api/v1/formations/${id}`)).statusCode).toBe(404);
    const anonyme = await historique(id);
    expect(anonyme.statusCode).toBe(404);
    expect(anonyme.body).not.toContain('BILAN-CONFIDENTIEL');
    const lecture = await historique(id, t.keys.read);
    expect(lecture.statusCode).toBe(200);
    expect(lecture.body).toContain(await idDe(id, 'F1'));
    expect(lecture.body).not.toContain('BILAN-CONFIDENTIEL');
    expect((await historique(id, t.keys.writeA)).body).toContain('BILAN-CONFIDENTIEL');
  });

  it('guard: the public feed and list carry no closed session (the read feed keeps it, without bilans)', async () => {
    const s3 = await idDe(actionId, 'S3');
    expect((await get('/api/v1/changes?limit=1000')).body).not.toContain(s3);
    expect((await get(`/api/v1/formations/${actionId}`)).body).not.toContain(s3);
    expect((await get('/api/v1/changes?limit=1000', t.keys.read)).body).toContain(s3);
  });
});

describe('change feed without leaks', () => {
  it('never names a non-diffused offer to the public; entering is a create, leaving a tombstone', async () => {
    const lire = async (key?: string) => (await get('/api/v1/changes?limit=1000', key)).json().data;
    for (const key of [undefined, t.keys.read, t.keys.writeB]) {
      const data = await lire(key);
      expect(JSON.stringify(data)).not.toContain(brouillonId);
      const miens = data.filter((e: { id: string }) => e.id === actionId);
      // Created once; the changes of its document since (the markets list imported: its
      // conformity) are updates.
      const actions = miens.map((e: { action: string }) => e.action);
      expect(actions).toEqual(['create', ...actions.slice(1).map(() => 'update')]);
      expect(miens[0].formation.id).toBe(actionId);
    }
    // The owner still follows its own drafts.
    expect(JSON.stringify(await lire(t.keys.writeA))).toContain(brouillonId);

    const avant = (await get('/api/v1/changes?limit=1000')).json().next_cursor;
    expect((await step(actionId, 'archiver', t.keys.writeA)).statusCode).toBe(200);
    const apres = (await get(`/api/v1/changes?since=${avant}`)).json().data;
    // Archiving first closes its open sessions (an update), then archives. Without a key, the
    // closing of its last open sessions takes it out of what the public is shown: a tombstone
    // (`delete`), naming only the id the public already knew; the archiving is then not named.
    expect(apres).toEqual([expect.objectContaining({ id: actionId, action: 'delete', formation: null })]);
    // A read key (closed sessions kept) reads both, with no content (it is no longer diffused).
    expect((await get(`/api/v1/changes?since=${avant}`, t.keys.read)).json().data).toEqual([
      expect.objectContaining({ id: actionId, action: 'update', formation: null }),
      expect.objectContaining({ id: actionId, action: 'archive', formation: null }),
    ]);
    // Archived, it is no longer named by later public events.
    const depuis = (await get(`/api/v1/changes?since=${apres.at(-1).seq}`)).json().data;
    expect(depuis).toEqual([]);
  });
});
