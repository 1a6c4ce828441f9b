import type ExcelJS from 'exceljs';
import type { KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import { cleNouvelle } from '../../src/formats/classeur/classeur.analyzer.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import {
  bearer,
  diffuseeParApi,
  formationFixture,
  SIREN_A,
  SIRET_A,
  SIRET_B,
  setCatalogue,
  useTestApi,
} from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, nouvelleLigne, ouvrir, peindre } from './classeur.helpers.ts';

// The preview of a workbook said a row was fine (or in error, « the others applied ») while
// « Appliquer » then refused the WHOLE file for it: a check of the store's write that the analysis
// did not make. Each such check is now the row's own error, at the preview and at the applied
// import alike: the row is left aside, the other rows are applied, and the applied report is the
// preview's (issue: the preview must say what « Appliquer » does).

const t = useTestApi();
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const organisme = organismeDe(SIREN_A);
const ROUGE = { font: { color: { argb: 'FFFF0000' } } } as const;

const api = (method: 'POST' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(t.keys.writeA), payload });

async function creer(cle: string): Promise<string> {
  return (await api('POST', '/formations', formationFixture({ cle_externe: cle, siret: SIRET_A }))).json().id;
}

/** A's workbook with `change` applied to the cells of each formation's rows. */
async function classeur(
  changes: Record<string, (row: ExcelJS.Row) => void>,
  nouvelles: Record<string, unknown>[] = [],
): Promise<Buffer> {
  const wb = await ouvrir(await exportClasseur(t, ANNEE, SIRET_A));
  const ws = wb.getWorksheet('Offre')!;
  ws.eachRow((row: ExcelJS.Row, r) => {
    if (r === 1) return;
    const id = String(row.getCell(COL.reference!).value ?? '').split('/')[0]!;
    changes[id]?.(row);
  });
  for (const v of nouvelles) {
    const row = ws.getRow(ws.rowCount + 1);
    for (const [cle, valeur] of Object.entries(v)) {
      const cell = row.getCell(COL[cle]!);
      cell.value = valeur as ExcelJS.CellValue;
      peindre(cell, { font: { color: { argb: 'FF0000FF' } } });
    }
  }
  return enBuffer(wb);
}

const changer = (cle: string, valeur: ExcelJS.CellValue) => (row: ExcelJS.Row) => {
  const cell = row.getCell(COL[cle]!);
  cell.value = valeur;
  peindre(cell, ROUGE);
};

/** The référent handicap, the fixture's only contact, emptied: its name and its courriel. */
const sansReferent = (row: ExcelJS.Row) => {
  changer('handicapNom', null)(row);
  changer('handicapCourriel', null)(row);
};

const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;
const resume = (r: RapportClasseur) =>
  r.lignes.map((l) => ({
    ligne: l.ligne,
    verdict: l.verdict,
    a_valider: l.a_valider,
    erreurs: l.erreurs.map((e) => `${e.code} ${e.colonne}`),
  }));

/**
 * Previews then applies `fichier` for organisme A: the applied report is the preview's, and
 * `bonne`'s capacity change (the valid row) is applied. Returns the preview.
 */
async function apercuPuisApplique(
  fichier: Buffer,
  bonne: string,
  acteur = organisme,
): Promise<RapportClasseur> {
  const apercu = (await importClasseur(t.ctx, acteur, fichier, { dryRun: true })).rapport;
  expect(ligneDe(apercu, bonne)).toMatchObject({ verdict: 'modifiee', champs: ['Capacité'] });
  // « Appliquer »: the same report, the valid row applied.
  const applique = (await importClasseur(t.ctx, acteur, fichier, { dryRun: false })).rapport;
  expect(resume(applique)).toEqual(resume(apercu));
  expect(applique.totaux).toEqual(apercu.totaux);
  expect((await lire(bonne)).sessions[0].capacite).toBe(30);
  return apercu;
}

const lire = async (id: string) => (await api('GET', `/formations/${id}`)).json();

const PARIS = { adresse: '1 rue de Rivoli', code_postal: '75001', commune: 'Paris', code_insee: '75101' };

/** A draft formation whose one session is in Paris (Île-de-France, 11), written with API key `cle` (A's by default). */
async function creerAParis(cleExterne: string, cle = t.keys.writeA, siret = SIRET_A): Promise<string> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(cle),
    payload: formationFixture({
      cle_externe: cleExterne,
      siret,
      sessions: [{ ...formationFixture().sessions[0]!, lieu: PARIS }],
    }),
  });
  return r.json().id as string;
}

describe('a row the store would refuse at save time', () => {
  it('a published offer whose revision would lose a mandatory field: the row is in error, the others applied', async () => {
    // Published (a change by its organisme is a revision): its référent handicap, its only
    // contact, emptied (name and courriel: a nameless one is the row's own error) — the revision would miss a mandatory field (PUBLICATION_INCOMPLETE).
    const publiee = await diffuseeParApi(t, 'EXACT-PUB');
    const bonne = await creer('EXACT-OK-1');
    const fichier = await classeur({
      [publiee]: sansReferent,
      [bonne]: changer('capacite', 30),
    });
    const apercu = await apercuPuisApplique(fichier, bonne);
    const p = ligneDe(apercu, publiee);
    expect(p).toMatchObject({ verdict: 'erreur', a_valider: false });
    expect(p.erreurs.map((e) => e.code)).toEqual(['PUBLICATION_INCOMPLETE']);
    expect(p.erreurs[0]!.colonne).toBe('Référent handicap nom');
    expect(p.erreurs[0]!.message).toMatch(
      new RegExp(`^Ligne ${p.ligne}, colonne « Référent handicap nom » : `),
    );
    expect(p.erreurs[0]!.message).toContain('Champ obligatoire non renseigné : un contact');
    // The row speaks of itself only: what becomes of the others is the summary's (domain/import-apercu.ts).
    expect(p.erreurs[0]!.message).toContain('La ligne est laissée de côté : remettez');
    expect(p.erreurs[0]!.message).not.toContain('autres lignes');
    expect(p.avertissements.map((a) => a.code)).not.toContain('CLASSEUR_EN_REVISION');
    expect(apercu.totaux.erreur).toBe(1);
    expect((await lire(publiee)).revision_en_attente).toBe(false);
  });

  it('an offer waiting for validation that would lose a mandatory field: the row is in error, the others applied', async () => {
    const enAttente = await creer('EXACT-ATT');
    expect((await api('POST', `/formations/${enAttente}/publier`)).json()).toMatchObject({
      statut: 'en_attente_validation',
    });
    const bonne = await creer('EXACT-OK-2');
    const fichier = await classeur({
      [enAttente]: sansReferent,
      [bonne]: changer('capacite', 30),
    });
    const apercu = await apercuPuisApplique(fichier, bonne);
    const a = ligneDe(apercu, enAttente);
    expect(a.verdict).toBe('erreur');
    expect(a.erreurs.map((e) => `${e.code} ${e.colonne}`)).toEqual([
      'PUBLICATION_INCOMPLETE Référent handicap nom',
    ]);
    expect(a.erreurs[0]!.message).toContain('en attente de validation');
    expect(a.erreurs[0]!.message).not.toContain('refusé en entier');
    expect((await lire(enAttente)).contacts[0].nom).toBe('Camille Martin');
  });

  it('a responsable of another SIREN than the user’s: the row is in error, the others applied', async () => {
    const autreSiren = await creer('EXACT-SIREN');
    const bonne = await creer('EXACT-OK-3');
    const fichier = await classeur({
      [autreSiren]: changer('siretResponsable', SIRET_B),
      [bonne]: changer('capacite', 30),
    });
    const apercu = await apercuPuisApplique(fichier, bonne);
    const s = ligneDe(apercu, autreSiren);
    expect(s.verdict).toBe('erreur');
    expect(s.erreurs.map((e) => `${e.code} ${e.colonne}`)).toEqual(['CLASSEUR_ACCES SIRET responsable']);
    expect(s.erreurs[0]!.message).toMatch(new RegExp(`^Ligne ${s.ligne}, colonne « SIRET responsable » : `));
    expect(s.erreurs[0]!.message).toContain(SIRET_B);
    expect(s.erreurs[0]!.message).toContain(SIREN_A);
    expect((await lire(autreSiren)).responsable.siret).toBe(SIRET_A);

    // The one-by-one write path: the same outcome.
    const encore = (await importClasseur(t.ctx, organisme, fichier, { dryRun: false, writePath: 'single' }))
      .rapport;
    expect(resume(encore).filter((l) => l.verdict === 'erreur')).toEqual(
      resume(apercu).filter((l) => l.verdict === 'erreur'),
    );
  });

  it('a gestionnaire’s row that takes a formation out of its région: the row is in error, the others applied', async () => {
    const gestionnaire = gestionnaireDe('84');
    // Diffused: what a gestionnaire's workbook import reads of an organisme's offer today.
    const deplacee = await diffuseeParApi(t, 'EXACT-REG');
    const bonne = await diffuseeParApi(t, 'EXACT-OK-4');
    const paris = { adresse: '1 rue de Rivoli', codePostal: '75001', commune: 'Paris' };
    const aParis = await creerAParis('EXACT-PARIS');
    await api('POST', `/formations/${aParis}/publier`);
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${aParis}/valider`,
      headers: bearer(t.keys.admin),
    });
    await setCatalogue(t.ctx, aParis, 'general');
    const fichier = await classeur(
      {
        [deplacee]: (row) => {
          for (const [cle, valeur] of Object.entries(paris)) changer(cle, valeur)(row);
        },
        [bonne]: changer('capacite', 30),
        [aParis]: changer('capacite', 31),
      },
      [nouvelleLigne({ ...paris, debut: '07/09/2026', fin: '30/06/2027' })],
    );
    const apercu = await apercuPuisApplique(fichier, bonne, gestionnaire);
    // A diffused formation of the organisme in another région: not the gestionnaire's to change.
    const ailleurs = ligneDe(apercu, aParis);
    // On the row as a whole: nothing in it to correct (a fresh user's report, 05/12/2026).
    expect(ailleurs.erreurs.map((e) => `${e.code} ${e.colonne}`)).toEqual(['CLASSEUR_HORS_REGION ']);
    expect(ailleurs.erreurs[0]!.message).toContain(
      'relève de la région Île-de-France (11) ; vous gérez Auvergne-Rhône-Alpes (84) : elle est hors de votre périmètre',
    );
    expect((await lire(aParis)).sessions[0].capacite).toBe(24);
    const d = ligneDe(apercu, deplacee);
    expect(d.verdict).toBe('erreur');
    expect(d.erreurs.map((e) => `${e.code} ${e.colonne}`)).toEqual(['CLASSEUR_HORS_REGION Code postal']);
    expect(d.erreurs[0]!.message).toMatch(
      new RegExp(`^Ligne ${d.ligne}, colonne « Code postal » : code postal 75001 : `),
    );
    expect(d.erreurs[0]!.message).toContain('Auvergne-Rhône-Alpes (84)');
    expect(d.erreurs[0]!.message).toContain('Île-de-France (11)');
    const n = apercu.lignes.find((l) => l.reference === null)!;
    expect(n.erreurs.map((e) => `${e.code} ${e.colonne}`)).toEqual(['CLASSEUR_HORS_REGION Code postal']);
    expect((await lire(deplacee)).sessions[0].lieu.code_postal).toBe('69001');
  });

  it('a gestionnaire’s workbook with another région’s offers not yet diffused: unchanged rows stay unchanged, a changed one is outside its région', async () => {
    // A fresh user's report (04/12/2026): these rows were « aucune formation » errors, even unchanged,
    // where the same offers diffused were « inchangée » — a workbook of the organisme refused for
    // rows nobody had touched.
    const gestionnaire = gestionnaireDe('84');
    const bonne = await diffuseeParApi(t, 'EXACT-OK-5');
    const intacte = await creerAParis('EXACT-PARIS-BROUILLON');
    const touchee = await creerAParis('EXACT-PARIS-BROUILLON-2');
    const fichier = await classeur({ [bonne]: changer('capacite', 30), [touchee]: changer('capacite', 31) });
    const apercu = await apercuPuisApplique(fichier, bonne, gestionnaire);
    expect(ligneDe(apercu, intacte)).toMatchObject({ verdict: 'inchangee', erreurs: [] });
    const t2 = ligneDe(apercu, touchee);
    expect(t2.erreurs.map((e) => `${e.code} ${e.colonne}`)).toEqual(['CLASSEUR_HORS_REGION ']);
    expect(t2.erreurs[0]!.message).toContain('vous gérez Auvergne-Rhône-Alpes (84)');
    expect(t2.erreurs[0]!.message).toContain('Île-de-France (11)');
    expect((await lire(touchee)).sessions[0].capacite).toBe(24);
    expect(t2.erreurs[0]!.message).toContain('par un gestionnaire de cette région.');
  });

  it('a gestionnaire’s row of a formation of two other régions: sent to a gestionnaire of one of them', async () => {
    const gestionnaire = gestionnaireDe('84');
    const bonne = await diffuseeParApi(t, 'EXACT-OK-7');
    const session = formationFixture().sessions[0]!;
    const reponse = await api(
      'POST',
      '/formations',
      formationFixture({
        cle_externe: 'EXACT-PARIS-MARSEILLE',
        sessions: [
          { ...session, lieu: PARIS },
          {
            ...session,
            cle_externe: 'S2026-MARSEILLE',
            lieu: {
              adresse: '1 quai du Port',
              code_postal: '13002',
              commune: 'Marseille',
              code_insee: '13055',
            },
          },
        ],
      }),
    );
    expect(reponse.statusCode, reponse.body).toBe(201);
    const deux = reponse.json().id as string;
    const fichier = await classeur({ [bonne]: changer('capacite', 30), [deux]: changer('capacite', 31) });
    const apercu = await apercuPuisApplique(fichier, bonne, gestionnaire);
    const l = ligneDe(apercu, deux);
    expect(l.erreurs.map((e) => e.code)).toContain('CLASSEUR_HORS_REGION');
    const m = l.erreurs.find((e) => e.code === 'CLASSEUR_HORS_REGION')!.message;
    expect(m).toContain('Île-de-France (11)');
    expect(m).toContain('Provence-Alpes-Côte d’Azur (93)');
    expect(m).toContain('par un gestionnaire de l’une de ces régions.');
  });

  it('a gestionnaire naming, in a workbook of one organisme, another organisme’s offer outside its région: unknown, as before', async () => {
    const gestionnaire = gestionnaireDe('84');
    const bonne = await diffuseeParApi(t, 'EXACT-OK-6');
    const autre = await creerAParis('EXACT-B-PARIS', t.keys.writeB, SIRET_B);
    expect(autre).toMatch(/^fo_/);
    // A's workbook, the reference of one of A's rows replaced by B's offer's.
    const remplacee = await creer('EXACT-A-REMPLACEE');
    const fichier = await classeur({
      [bonne]: changer('capacite', 30),
      [remplacee]: (row) => {
        const ref = String(row.getCell(COL.reference!).value);
        row.getCell(COL.reference!).value = `${autre}/${ref.split('/').slice(1).join('/')}`;
      },
    });
    const rapport = (await importClasseur(t.ctx, gestionnaire, fichier, { dryRun: true })).rapport;
    const l = rapport.lignes.find((x) => x.reference?.startsWith(`${autre}/`))!;
    expect(l.verdict).toBe('erreur');
    expect(l.erreurs.map((e) => e.code)).not.toContain('CLASSEUR_HORS_REGION');
    expect(l.erreurs.map((e) => e.message).join(' ')).not.toContain('Île-de-France');
  });

  it('a gestionnaire’s new row whose key finds another région’s formation: that formation is not read outside the perimeter', async () => {
    // Only a row's reference may name a formation outside the perimeter that the import keeps
    // (loadFormations' garder); one found by a new row's key was read there, then dropped.
    const gestionnaire = gestionnaireDe('84');
    const bonne = await diffuseeParApi(t, 'EXACT-OK-8');
    const intitule = 'Titre professionnel Vendeur conseil à Paris';
    const cle = cleNouvelle({
      siretResponsable: SIRET_A,
      siretFormateur: SIRET_A,
      rncp: 'RNCP37098',
      intitule,
    });
    const ailleurs = await creerAParis(cle);
    const fichier = await classeur({ [bonne]: changer('capacite', 30) }, [
      nouvelleLigne({ intitule, adresse: '1 rue de Rivoli', codePostal: '75001', commune: 'Paris' }),
    ]);
    // The reads of formation rows naming `ailleurs`, as the engine receives them.
    const db = t.ctx.db;
    const lectures: string[] = [];
    const espion: KyselyPlugin = {
      transformQuery: (a) => {
        if (a.node.kind === 'SelectQueryNode') {
          const q = db.getExecutor().compileQuery(a.node, a.queryId);
          // Whole rows or the view's columns (selectFormationVues), by id.
          if (
            /^select (?:\*|"id", [^()]*) from "formation" where "id" in/.test(q.sql) &&
            q.parameters.includes(ailleurs)
          )
            lectures.push(q.sql);
        }
        return a.node;
      },
      transformResult: async (a) => a.result,
    };
    const rapport = (
      await importClasseur({ ...t.ctx, db: db.withPlugin(espion) }, gestionnaire, fichier, { dryRun: true })
    ).rapport;
    // Read once, within the gestionnaire's perimeter (where it is not), never again without it.
    expect(lectures).toHaveLength(1);
    expect(lectures[0]).toMatch(/ and /);
    const n = rapport.lignes.find((l) => l.reference === null)!;
    expect(n.erreurs.map((e) => `${e.code} ${e.colonne}`)).toEqual(['CLASSEUR_HORS_REGION Code postal']);
  });
});
