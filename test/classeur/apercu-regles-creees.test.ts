import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRapportClasseur } from '../../src/cli/commands/classeur.command.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { countRows } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { apercuApi, apercuPage, baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';
import { COL } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, ouvrir, peindre } from './classeur.helpers.ts';

// The workbook preview named the blocking rules of the formations it would update, never of those
// its new (blue) rows would create: a new row whose « SIRET formateur » fails the Luhn check was an
// ordinary « Nouvelle », and the formation it created could never be diffused. The preview — service,
// API dry run, page, command line, annotated workbook — now names them on the new rows, with the
// same fields as an update's (`regles`: introduites, catalogue_avant null), and counts the formations
// created that would not be diffusable (`creees_non_diffusables`). Nothing is written.

/** SIREN A's SIRET with a wrong Luhn key. */
const SIRET_FAUX = '13002526500012';
const SIRET_FAUX_LU = '130 025 265 00012';
const BLEU = { font: { color: { argb: 'FF0070C0' } } };

let t: TestWeb;
let fichier: Buffer;
/** The rows of the new formations: one with the wrong SIRET, one without. */
let luhn: number;
let correcte: number;

beforeAll(async () => {
  ({ t } = await baseApercu('PUB-1'));
  const wb = await ouvrir(await exportClasseur(t));
  const ws = wb.getWorksheet('Offre')!;
  const ajouter = (v: Record<string, unknown>) => {
    const n = ws.rowCount + 1;
    for (const [cle, valeur] of Object.entries(nouvelleLigne(v))) {
      const cellule = ws.getRow(n).getCell(COL[cle]!);
      cellule.value = valeur as never;
      peindre(cellule, BLEU);
    }
    return n;
  };
  luhn = ajouter({ intitule: 'Vendeur conseil Luhn', siretFormateur: SIRET_FAUX });
  correcte = ajouter({ intitule: 'Vendeur conseil correct' });
  fichier = await enBuffer(wb);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ligne = (r: RapportClasseur, n: number) => r.lignes.find((l) => l.ligne === n)!;

/** What the preview must say of the workbook, whatever the door. */
function attendu(r: RapportClasseur) {
  expect(r.totaux).toMatchObject({ nouvelle: 2, erreur: 0 });
  const l = ligne(r, luhn);
  expect(l.verdict).toBe('nouvelle');
  expect(l.regles).toMatchObject({
    publiee: false,
    levees: [],
    catalogue_avant: null,
    catalogue_apres: 'non_reglementaire',
  });
  expect(l.regles!.introduites.map((x) => [x.code, x.champ, x.severite])).toContainEqual([
    'ORG_SIRET_FORMAT',
    'formateur.siret',
    'bloquant',
  ]);
  expect(l.regles!.introduites.find((x) => x.code === 'ORG_SIRET_FORMAT')!.message).toContain(
    `SIRET ${SIRET_FAUX_LU} a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse`,
  );
  // The other new formation: its rules are said too, without the SIRET's.
  const c = ligne(r, correcte);
  expect(c.regles).toMatchObject({ publiee: false, levees: [], catalogue_avant: null });
  expect(c.regles!.introduites.map((x) => x.code)).not.toContain('ORG_SIRET_FORMAT');
  expect(r.creees_non_diffusables).toBe(c.regles!.catalogue_apres === 'non_reglementaire' ? 2 : 1);
  expect(r.non_diffusables).toBe(0);
}

describe('the preview of a workbook names the blocking rules of the formations its new rows would create', () => {
  it('the service’s dry run and `offre import classeur --dry-run`; nothing stored', async () => {
    const avant = await countRows(t.ctx, 'formation');
    const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    attendu(rapport);
    expect(await countRows(t.ctx, 'formation')).toBe(avant);
    const sortie = renderRapportClasseur(rapport, true, null);
    expect(sortie).toMatch(
      /formations? créées? ne serai(?:en)?t pas diffusables? \(Non réglementaire\) : une règle bloquante échouerait\..*corrigez le classeur avant d’appliquer/,
    );
    expect(sortie).toMatch(
      new RegExp(
        `ligne ${luhn} « Vendeur conseil Luhn » : nouvelle.* — ne serait pas diffusable\\n( {4}.*\\n)*? {4}! Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur SIRET ${SIRET_FAUX_LU} a un SIRET invalide`,
      ),
    );
  });

  it('the annotated workbook says the rules of the new row, as warnings', async () => {
    const res = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    const ws = (await ouvrir(await res.classeurErreurs())).getWorksheet('Offre')!;
    const col = (ws.getRow(1).values as unknown[]).indexOf('Erreurs');
    expect(col).toBeGreaterThan(0);
    expect(String(ws.getRow(luhn).getCell(col).value)).toMatch(
      /Attention : Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur SIRET 130 025 265 00012 a un SIRET invalide/,
    );
  });

  it('the API’s dry run (POST /api/v1/imports/classeur?dry_run=true)', async () => {
    attendu(await apercuApi(t, 'classeur', fichier, 'apercu-creees-classeur'));
  });

  it('the page /espace/imports: the count, then the new row with its rule', async () => {
    const p = await apercuPage(t, 'classeur', fichier, {
      email: 'creees-classeur@cfa-a.test',
      ip: '10.64.0.1',
    });
    expect(p).toMatch(/formations? créées? ne serai(?:en)?t pas diffusables? \(Non réglementaire\)/);
    expect(p).toMatch(
      /Vendeur conseil Luhn.*Nouvelle.*Ne serait pas diffusable.*Règles? bloquantes? introduites? : .*ORG_SIRET_FORMAT : L’organisme formateur SIRET 130 025 265 00012 a un SIRET invalide/,
    );
  });
});
