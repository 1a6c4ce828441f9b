import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, SIRET_B, useTestApi } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from './classeur.helpers.ts';

// What a fresh user found at the doors of the campaign workbook's import:
// 1. a yellow row closing an organisme's published formation archived it but left its session
//    « ouvert » (the closing went into a revision that the archiving then abandoned), and said it
//    would wait for a validation; the pending revision it abandoned was not named;
// 2. the unchanged row of an archived formation was an error (the API and LHEO pass it as
//    unchanged), and a real change got two errors and a message naming no formation;
// 3. the command line answered FORMATION_ARCHIVEE for another SIREN's formation (revealing it),
//    where the page says it is not in this organisme's offer; an unknown session id passed.

const t = useTestApi();
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const organisme = organismeDe(SIREN_A);
const systeme = SYSTEME('import-classeur');
const JAUNE: Partial<ExcelJS.Style> = {
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } },
};

async function api(method: 'POST' | 'PUT' | 'GET', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

/** Created by `key`'s organisme, published and validated (diffused: its session's dates are frozen). */
async function publiee(cle: string, key = t.keys.writeA, siret = SIRET_A): Promise<string> {
  const { id } = (
    await api('POST', '/formations', key, formationFixture({ cle_externe: cle, siret }))
  ).json();
  expect((await api('POST', `/formations/${id}/publier`, key)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  return id;
}

const archiver = async (id: string, key = t.keys.writeA) =>
  expect((await api('POST', `/formations/${id}/archiver`, key)).json()).toMatchObject({ statut: 'archivee' });

/** The workbook of SIRET A with the rows of each formation id changed by its function. */
async function classeur(fichier: Buffer, changes: Record<string, (row: ExcelJS.Row) => void>) {
  const wb = await ouvrir(fichier);
  wb.getWorksheet('Offre')!.eachRow((row, r) => {
    if (r === 1) return;
    const ref = String(row.getCell(COL.reference!).value ?? '');
    for (const [id, f] of Object.entries(changes)) if (ref.startsWith(`${id}/`)) f(row);
  });
  return enBuffer(wb);
}

const jaune = (row: ExcelJS.Row) => {
  for (let c = 1; c <= colonnesClasseur(ANNEE).length; c++) peindre(row.getCell(c), JAUNE);
};

const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;
const codes = (l: { avertissements: readonly { code: string }[] }) => l.avertissements.map((a) => a.code);

/** The formation as the API shows it to its organisme, and its revisions. */
async function etat(id: string) {
  const f = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
  const revisions = await t.ctx.db
    .selectFrom('formation_revision')
    .select('statut')
    .where('formation_id', '=', id)
    .execute();
  return {
    statut: f.statut as string,
    intitule: f.intitule as string,
    recrutement: (f.sessions as { etat_recrutement: string }[]).map((s) => s.etat_recrutement),
    revisions: revisions.map((r) => r.statut),
  };
}

describe('defect 1: a yellow row that archives an organisme’s published formation', () => {
  it('closes its sessions (no revision), and the report says it is archived, not waiting', async () => {
    const ids = { single: await publiee('P1-S'), bulk: await publiee('P1-B') };
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    for (const writePath of ['single', 'bulk'] as const) {
      const id = ids[writePath];
      const jaunie = await classeur(fichier, { [id]: jaune });
      const { rapport } = await importClasseur(t.ctx, organisme, jaunie, { dryRun: false, writePath });
      const l = ligneDe(rapport, id);
      expect(l).toMatchObject({ verdict: 'fermee', erreurs: [] });
      expect(codes(l)).not.toContain('CLASSEUR_EN_REVISION');
      expect(l.avertissements.every((a) => !a.message.includes('attendra la validation'))).toBe(true);
      expect(codes(l)).toContain('CLASSEUR_FORMATION_ARCHIVEE');
      // What the API shows: archived, its recruitment closed, no revision left behind.
      expect(await etat(id)).toEqual({
        statut: 'archivee',
        intitule: 'BTS Management commercial opérationnel',
        recrutement: ['ferme'],
        revisions: [],
      });
      // The same file again: already closed, nothing to do.
      const encore = await importClasseur(t.ctx, organisme, jaunie, { dryRun: false, writePath });
      expect(ligneDe(encore.rapport, id)).toMatchObject({ verdict: 'inchangee', erreurs: [] });
    }
  });

  // A fresh user's report (02/12): the preview said « elle est archivée » before anything was applied.
  it('says « sera archivée » in the preview and « a été archivée » once applied', async () => {
    const id = await publiee('P1-T');
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), { [id]: jaune });
    const message = async (dryRun: boolean) =>
      ligneDe((await importClasseur(t.ctx, organisme, jaunie, { dryRun })).rapport, id).avertissements.find(
        (a) => a.code === 'CLASSEUR_FORMATION_ARCHIVEE',
      )?.message;
    const apercu = await message(true);
    expect(apercu).toContain('elle sera archivée (plus diffusée)');
    expect(apercu).not.toContain('est archivée');
    expect(await message(false)).toContain('elle a été archivée (plus diffusée)');
  });

  it('abandons the organisme’s pending revision and names it; the diffused version is archived', async () => {
    const id = await publiee('P1-R');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const revision = await api(
      'PUT',
      `/formations/${id}`,
      t.keys.writeA,
      formationFixture({ cle_externe: 'P1-R', intitule: 'BTS MCO (révision en attente)' }),
    );
    expect(revision.json()).toMatchObject({ revision: true });
    const { rapport } = await importClasseur(t.ctx, organisme, await classeur(fichier, { [id]: jaune }), {
      dryRun: false,
    });
    const l = ligneDe(rapport, id);
    expect(l).toMatchObject({ verdict: 'fermee', erreurs: [] });
    const abandon = l.avertissements.find((a) => a.code === 'CLASSEUR_REVISION_ABANDONNEE');
    expect(abandon?.message).toMatch(/^Ligne \d+ : /);
    expect(abandon?.message).toContain(id);
    expect(abandon?.message).toContain('révision en attente de validation');
    expect(abandon?.message).toMatch(/le \d{1,2} \S+ \d{4} à \d\d:\d\d/);
    expect(await etat(id)).toEqual({
      statut: 'archivee',
      intitule: 'BTS Management commercial opérationnel',
      recrutement: ['ferme'],
      revisions: ['abandonnee'],
    });
  });

  // The same report for the abandoned revision: the preview said « cette révision est abandonnée ».
  it('says « sera abandonnée » in the preview and « a été abandonnée » once applied', async () => {
    const id = await publiee('P1-F');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    await api(
      'PUT',
      `/formations/${id}`,
      t.keys.writeA,
      formationFixture({ cle_externe: 'P1-F', intitule: 'BTS MCO (révision à abandonner)' }),
    );
    const jaunie = await classeur(fichier, { [id]: jaune });
    const message = async (dryRun: boolean) =>
      ligneDe((await importClasseur(t.ctx, organisme, jaunie, { dryRun })).rapport, id).avertissements.find(
        (a) => a.code === 'CLASSEUR_REVISION_ABANDONNEE',
      )?.message;
    const apercu = await message(true);
    expect(apercu).toContain('cette révision sera abandonnée, la formation sera archivée');
    expect(apercu).not.toMatch(/est abandonnée|est archivée|a été/);
    expect(await etat(id)).toMatchObject({ statut: 'publiee', revisions: ['en_attente_validation'] });
    const applique = await message(false);
    expect(applique).toContain('cette révision a été abandonnée, la formation a été archivée');
    expect(applique).not.toMatch(/sera|est abandonnée/);
  });

  it('the command line (a validateur) names the revision it abandons too', async () => {
    const id = await publiee('P1-V');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    await api(
      'PUT',
      `/formations/${id}`,
      t.keys.writeA,
      formationFixture({ cle_externe: 'P1-V', intitule: 'BTS MCO (autre révision)' }),
    );
    const jaunie = await classeur(fichier, { [id]: jaune });
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, systeme, jaunie, { dryRun });
      expect(codes(ligneDe(rapport, id))).toContain('CLASSEUR_REVISION_ABANDONNEE');
    }
    expect(await etat(id)).toMatchObject({ statut: 'archivee', recrutement: ['ferme'] });
  });
});

describe('defect 2: the row of an archived formation', () => {
  it('unchanged: « inchangée » with no error, as the API and LHEO; changed: one error naming the formation', async () => {
    const id = await publiee('P2');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    await archiver(id);
    for (const acteur of [organisme, systeme]) {
      const { rapport } = await importClasseur(t.ctx, acteur, fichier, { dryRun: false });
      expect(ligneDe(rapport, id)).toMatchObject({ verdict: 'inchangee', erreurs: [] });
      expect(rapport.totaux.erreur).toBe(0);
    }
    // Its capacity and its (diffused) dates changed: one error, FORMATION_ARCHIVEE, for one fact.
    const change = await classeur(fichier, {
      [id]: (row) => {
        row.getCell(COL.capacite!).value = 30;
        row.getCell(COL.debut!).value = new Date('2026-09-15T00:00:00Z');
      },
    });
    for (const acteur of [organisme, systeme]) {
      const { rapport } = await importClasseur(t.ctx, acteur, change, { dryRun: true });
      const l = ligneDe(rapport, id);
      expect(l.verdict).toBe('erreur');
      expect(l.erreurs.map((e) => e.code)).toEqual(['FORMATION_ARCHIVEE']);
      const m = l.erreurs[0]!.message;
      expect(m).toContain(`${id} « BTS Management commercial opérationnel »`);
      expect(m).toContain('« Publier »');
      expect(m).not.toContain('donnez-lui des dates');
    }
  });
});

describe('defect 3: a reference outside the organisme’s offer, an unknown session', () => {
  it('another SIREN’s formation is not in this organisme’s offer, on every door, whatever its status', async () => {
    const id = await publiee('P3-A');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const deB = { archivee: await publiee('P3-B1', t.keys.writeB, SIRET_B), publiee: '' };
    deB.publiee = await publiee('P3-B2', t.keys.writeB, SIRET_B);
    await archiver(deB.archivee, t.keys.writeB);
    for (const autre of [deB.archivee, deB.publiee]) {
      const wb = await ouvrir(fichier);
      wb.getWorksheet('Offre')!.eachRow((row) => {
        const ref = String(row.getCell(COL.reference!).value ?? '');
        if (ref.startsWith(`${id}/`)) row.getCell(COL.reference!).value = ref.replace(id, autre);
      });
      const modifie = await enBuffer(wb);
      for (const acteur of [systeme, organisme]) {
        const { rapport } = await importClasseur(t.ctx, acteur, modifie, { dryRun: true });
        const l = ligneDe(rapport, autre);
        expect(l.erreurs.map((e) => e.code)).toEqual(['CLASSEUR_REFERENCE_INCONNUE']);
        expect(l.erreurs[0]!.message).toContain(
          `aucune formation « ${autre} » dans l’offre de cet organisme`,
        );
        expect(JSON.stringify(l)).not.toMatch(/archiv|SIREN|552100554/);
      }
    }
  });

  it('an unknown session id is refused, naming the row and the column', async () => {
    const id = await publiee('P3-S');
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const wb = await ouvrir(fichier);
    let n = 0;
    wb.getWorksheet('Offre')!.eachRow((row, r) => {
      const ref = String(row.getCell(COL.reference!).value ?? '');
      if (!ref.startsWith(`${id}/`)) return;
      row.getCell(COL.reference!).value = `${id}/se_inconnue`;
      n = r;
    });
    for (const acteur of [organisme, systeme]) {
      const { rapport } = await importClasseur(t.ctx, acteur, await enBuffer(wb), { dryRun: true });
      const l = ligneDe(rapport, id);
      expect(l.verdict).toBe('erreur');
      expect(l.erreurs.map((e) => e.code)).toEqual(['CLASSEUR_REFERENCE_INCONNUE']);
      expect(l.erreurs[0]!.message).toMatch(
        new RegExp(
          `^Ligne ${n}, colonne « Référence formation » : la session du 1er septembre 2026 au 30 juin 2028 de la formation « BTS Management commercial opérationnel » \\(référence externe P3-S\\) n’existe plus dans Offre`,
        ),
      );
    }
  });
});
