import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRapportClasseur } from '../../src/cli/commands/classeur.command.ts';
import { findOpenRevision } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { apercuApi, apercuPage, baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from './classeur.helpers.ts';

// The LHEO preview names the blocking rules each update would introduce or clear; the workbook's
// preview said nothing of them: a « SIRET formateur » changed to a Luhn-invalid one was an ordinary
// « Modification à valider », and once validated the offer left the diffusion (ORG_SIRET_FORMAT).
// The workbook preview — service, API dry run, page, command line — now says the same as LHEO's,
// with the same fields (`regles` on each row of a formation updated, `non_diffusables`).

/** SIREN A's SIRET with a wrong Luhn key. */
const SIRET_FAUX = '13002526500012';
/** SIRET_FAUX as the rule messages write it (grouped). */
const SIRET_FAUX_LU = '130 025 265 00012';
const ROUGE = { font: { color: { argb: 'FFFF0000' } } };

let t: TestWeb;
let fichier: Buffer;
const ids: Record<string, string> = {};
const n: Record<string, number> = {};

const catalogue = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('catalogue').where('id', '=', id).executeTakeFirstOrThrow())
    .catalogue;

/** Sets a cell of the formation's row and paints it red (a change). */
function changer(ws: ExcelJS.Worksheet, cle: string, colonne: string, valeur: string) {
  n[cle] = ligneDe(ws, ids[cle]!);
  const cellule = ws.getRow(n[cle]!).getCell(COL[colonne]!);
  cellule.value = valeur;
  peindre(cellule, ROUGE);
}

beforeAll(async () => {
  const cles = ['PUB-1', 'PUB-2'];
  const base = await baseApercu(...cles);
  t = base.t;
  for (const [i, id] of base.ids.entries()) {
    expect(await catalogue(id)).toBe('general');
    ids[cles[i]!] = id;
  }
  // A draft whose formateur's SIRET is wrong: the workbook corrects it.
  ids.FIX = (
    await saveFormation(
      t.ctx,
      organisme,
      formationFixture({ cle_externe: 'FIX', formateur: { siret: SIRET_FAUX } }),
    )
  ).id;
  expect(await catalogue(ids.FIX!)).toBe('non_reglementaire');
  const wb = await ouvrir(await exportClasseur(t));
  const ws = wb.getWorksheet('Offre')!;
  changer(ws, 'PUB-1', 'siretFormateur', SIRET_FAUX);
  changer(ws, 'PUB-2', 'intitule', 'BTS MCO (nouvel intitulé)');
  changer(ws, 'FIX', 'siretFormateur', '13002526500013');
  fichier = await enBuffer(wb);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ligne = (r: RapportClasseur, cle: string) => r.lignes.find((l) => l.ligne === n[cle])!;

/** What the preview must say of the workbook, whatever the door. */
function attendu(r: RapportClasseur) {
  expect(r.totaux).toMatchObject({ modifiee: 3, erreur: 0 });
  expect(r.non_diffusables).toBe(1);
  const pub = ligne(r, 'PUB-1');
  expect(pub).toMatchObject({ verdict: 'modifiee', a_valider: true });
  expect(pub.regles).toMatchObject({
    publiee: true,
    catalogue_avant: 'general',
    catalogue_apres: 'non_reglementaire',
    levees: [],
  });
  expect(pub.regles!.introduites.map((x) => [x.code, x.champ, x.severite])).toEqual([
    ['ORG_SIRET_FORMAT', 'formateur.siret', 'bloquant'],
  ]);
  expect(pub.regles!.introduites[0]!.message).toContain(
    `SIRET ${SIRET_FAUX_LU} a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse`,
  );
  expect(ligne(r, 'PUB-2').regles).toEqual({
    publiee: true,
    introduites: [],
    levees: [],
    catalogue_avant: 'general',
    catalogue_apres: 'general',
  });
  const fix = ligne(r, 'FIX').regles!;
  expect(fix.introduites).toEqual([]);
  expect(fix.levees.map((x) => [x.code, x.champ])).toEqual([['ORG_SIRET_FORMAT', 'formateur.siret']]);
  expect(fix).toMatchObject({ publiee: false, catalogue_avant: 'non_reglementaire' });
}

async function rienEnregistre() {
  for (const cle of ['PUB-1', 'PUB-2']) {
    expect(await catalogue(ids[cle]!)).toBe('general');
    expect(await findOpenRevision(t.ctx.db, ids[cle]!)).toBeUndefined();
  }
  expect(await catalogue(ids.FIX!)).toBe('non_reglementaire');
}

describe('the preview of a workbook names the blocking rules a change would introduce', () => {
  it('the service’s dry run and `offre import classeur --dry-run`: per row, rules introduced and cleared; the count of non-diffusable formations', async () => {
    const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    attendu(rapport);
    await rienEnregistre();
    const sortie = renderRapportClasseur(rapport, true, null);
    expect(sortie).toContain(
      '1 formation mise à jour deviendrait non diffusable (Non réglementaire) : une règle bloquante échouerait.',
    );
    expect(sortie).toMatch(
      new RegExp(
        `ligne ${n['PUB-1']} .*modification à valider \\(SIRET formateur\\) — deviendrait non diffusable\\n( {4}.*\\n)*? {4}! Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur SIRET ${SIRET_FAUX_LU} a un SIRET invalide`,
      ),
    );
    expect(sortie).toMatch(
      new RegExp(`ligne ${n.FIX} .*\\n {4}✓ Règle bloquante levée : ORG_SIRET_FORMAT : `),
    );
  });

  it('a validateur’s preview (the command line, a gestionnaire): a published formation written at once is counted too', async () => {
    const { rapport } = await importClasseur(t.ctx, SYSTEME('test'), fichier, { dryRun: true });
    expect(rapport.non_diffusables).toBe(1);
    const pub = ligne(rapport, 'PUB-1');
    expect(pub).toMatchObject({ verdict: 'modifiee', a_valider: false });
    expect(pub.regles).toMatchObject({ publiee: true, catalogue_apres: 'non_reglementaire' });
    expect(renderRapportClasseur(rapport, true, null)).toMatch(
      new RegExp(`ligne ${n['PUB-1']} .*: modifiée \\(SIRET formateur\\) — deviendrait non diffusable\\n`),
    );
    await rienEnregistre();
  });

  it('an applied import computes no rule: its report has neither `regles` nor `non_diffusables`', async () => {
    // A copy of the offer would be needed to apply and compare: the applied report is read for its shape.
    const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    expect(Object.keys(rapport)).toContain('non_diffusables');
    const sansRegles = await importClasseur(
      t.ctx,
      organisme,
      await enBuffer(await ouvrir(await exportClasseur(t))),
      {
        dryRun: false,
      },
    );
    expect(sansRegles.rapport).not.toHaveProperty('non_diffusables');
    expect(sansRegles.rapport.lignes.some((l) => 'regles' in l)).toBe(false);
  });

  it('the API’s dry run (POST /api/v1/imports/classeur?dry_run=true)', async () => {
    attendu(await apercuApi(t, 'classeur', fichier, 'apercu-regles-classeur'));
    await rienEnregistre();
  });

  it('the annotated workbook (the workbook’s full report) says the rules introduced, as warnings', async () => {
    const res = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    const ws = (await ouvrir(await res.classeurErreurs())).getWorksheet('Offre')!;
    const erreurs = ws.getRow(1).values as unknown[];
    const col = erreurs.indexOf('Erreurs');
    expect(col).toBeGreaterThan(0);
    expect(String(ws.getRow(n['PUB-1']!).getCell(col).value)).toMatch(
      /Attention : Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur SIRET 130 025 265 00012 a un SIRET invalide/,
    );
  });

  it('the page /espace/imports: the count, then each row with its rules, code and message', async () => {
    const p = await apercuPage(t, 'classeur', fichier, {
      email: 'luhn-classeur@cfa-a.test',
      ip: '10.62.0.1',
    });
    expect(p).toContain(
      '1 formation mise à jour deviendrait non diffusable (Non réglementaire) : une règle bloquante échouerait.',
    );
    expect(p).toMatch(
      /Modification à valider.*Deviendrait non diffusable.*Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur SIRET 130 025 265 00012 a un SIRET invalide/,
    );
    expect(p).toMatch(
      /Règle bloquante levée : ORG_SIRET_FORMAT : L’organisme formateur SIRET 130 025 265 00012 a un SIRET invalide/,
    );
    await rienEnregistre();
  });
});
