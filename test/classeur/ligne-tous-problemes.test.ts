import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRapportClasseur } from '../../src/cli/commands/classeur.command.ts';
import type { LigneRapport, RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { countRows } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { apercuApi, apercuPage, baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';
import { COL } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, ouvrir, peindre } from './classeur.helpers.ts';

// A fresh user's report: a new (blue) row whose « SIRET formateur » fails the Luhn check AND whose
// start date is no date got the date error only; once the date was corrected, the next preview
// told of the SIRET. The row, refused for its date, was checked no further: neither the blocking
// rules its formation would fail (ORG_SIRET_FORMAT…), nor its place in the communes reference
// (LIEU_INCONNU). Every problem of a row is now said at once — preview (service, command line, API,
// page), annotated workbook — and the applied import stores nothing of the refused rows.

/** SIREN A's SIRET with a wrong Luhn key (its SIREN is the organisme's: the row is its own). */
const SIRET_FAUX = '13002526500012';
const SIRET_FAUX_LU = '130 025 265 00012';
const BLEU = { font: { color: { argb: 'FF0070C0' } } };

let t: TestWeb;
let fichier: Buffer;
/** Row numbers, by what is wrong with them. */
const n: Record<string, number> = {};

beforeAll(async () => {
  ({ t } = await baseApercu('PUB-1'));
  // A communes reference (the row's place is looked up in it, as the session form does).
  await t.ctx.db
    .insertInto('commune')
    .values(
      ['69001', '69002'].map((code_postal) => ({
        code_insee: '69123',
        code_postal,
        nom: 'Lyon',
        code_departement: '69',
        code_region: '84',
        lat: 45.76,
        lon: 4.83,
      })),
    )
    .execute();
  const wb = await ouvrir(await exportClasseur(t));
  const ws = wb.getWorksheet('Offre')!;
  const ajouter = (nom: string, v: Record<string, unknown>) => {
    const i = ws.rowCount + 1;
    for (const [cle, valeur] of Object.entries(nouvelleLigne({ intitule: `Vendeur ${nom}`, ...v }))) {
      const cellule = ws.getRow(i).getCell(COL[cle]!);
      cellule.value = valeur as never;
      peindre(cellule, BLEU);
    }
    n[nom] = i;
  };
  ajouter('luhn-date', { siretFormateur: SIRET_FAUX, debut: '31/02/2027' });
  ajouter('luhn-incoherentes', { siretResponsable: SIRET_FAUX, debut: '01/09/2027', fin: '01/08/2027' });
  ajouter('luhn-obligatoire', { siretFormateur: SIRET_FAUX, objectif: null });
  ajouter('uai-date', { uaiResponsable: '069123', debut: '31/02/2027' });
  ajouter('siret-obligatoire', { siretFormateur: '130025265000130025265', objectif: null });
  ajouter('siret13-obligatoire', { siretFormateur: '1300252650001', objectif: null });
  ajouter('commune-date', { codePostal: '23999', debut: '31/02/2027' });
  ajouter('luhn-seul', { siretFormateur: SIRET_FAUX });
  fichier = await enBuffer(wb);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

const ligne = (r: RapportClasseur, nom: string) => r.lignes.find((l) => l.ligne === n[nom])!;
const erreurs = (l: LigneRapport) => l.erreurs.map((e) => [e.colonne, e.code]);
const regles = (l: LigneRapport) => (l.regles?.introduites ?? []).map((x) => [x.code, x.champ]);

/** Every problem of each row, whatever the door (`apercu`: the rules are the preview's). */
function attendu(r: RapportClasseur, apercu: boolean) {
  expect(r.totaux).toMatchObject({ nouvelle: 1, erreur: 7 });
  const luhn = ['ORG_SIRET_FORMAT', 'formateur.siret'];
  const luhnR = ['ORG_SIRET_FORMAT', 'responsable.siret'];

  const a = ligne(r, 'luhn-date');
  expect(a.verdict).toBe('erreur');
  expect(erreurs(a)).toEqual([['Date de début 2027', 'CLASSEUR_DATE_INVALIDE']]);
  if (apercu) {
    expect(regles(a)).toContainEqual(luhn);
    const m = a.regles!.introduites.find((x) => x.code === 'ORG_SIRET_FORMAT')!.message;
    expect(m).toContain(`SIRET ${SIRET_FAUX_LU} a un SIRET invalide`);
    // Nothing about the date the row's own error already names (SESSION_DATES…).
    expect(a.regles!.introduites.every((x) => !x.champ?.startsWith('sessions'))).toBe(true);
  }

  const b = ligne(r, 'luhn-incoherentes');
  expect(erreurs(b)).toEqual([['Date de fin 2027', 'CLASSEUR_DATES_INCOHERENTES']]);
  if (apercu) expect(regles(b)).toContainEqual(luhnR);

  const c = ligne(r, 'luhn-obligatoire');
  expect(erreurs(c)).toEqual([['Objectif', 'CLASSEUR_CHAMP_OBLIGATOIRE']]);
  if (apercu) {
    expect(regles(c)).toContainEqual(luhn);
    // The empty objectif is the row's error, not a rule besides.
    expect(regles(c).map(([, champ]) => champ)).not.toContain('objectif');
  }

  expect(erreurs(ligne(r, 'uai-date'))).toEqual([
    ['UAI responsable', 'CLASSEUR_UAI_INVALIDE'],
    ['Date de début 2027', 'CLASSEUR_DATE_INVALIDE'],
  ]);

  // A SIRET too long for any formation is said once: not also « obligatoire » as if the cell were empty.
  expect(erreurs(ligne(r, 'siret-obligatoire'))).toEqual([
    ['SIRET formateur', 'CLASSEUR_SIRET_INVALIDE'],
    ['Objectif', 'CLASSEUR_CHAMP_OBLIGATOIRE'],
  ]);
  // A SIRET of 13 digits is readable: no error of its own, its rule said with the row's.
  const treize = ligne(r, 'siret13-obligatoire');
  expect(erreurs(treize)).toEqual([['Objectif', 'CLASSEUR_CHAMP_OBLIGATOIRE']]);
  if (apercu) expect(regles(treize)).toContainEqual(luhn);

  const d = ligne(r, 'commune-date');
  expect(erreurs(d)).toEqual([
    ['Date de début 2027', 'CLASSEUR_DATE_INVALIDE'],
    ['Code postal', 'LIEU_INCONNU'],
  ]);
  expect(d.erreurs[1]!.message).toMatch(/^Ligne \d+, colonne « Code postal » : .*23999/);

  // Each error names its row and column, in French.
  for (const l of r.lignes.filter((x) => x.verdict === 'erreur'))
    for (const e of l.erreurs)
      expect(e.message).toMatch(new RegExp(`^Ligne ${l.ligne}, colonne « ${e.colonne} » : `));

  // The valid row is as before: new, its rule said; the rows refused are not counted as created.
  const seul = ligne(r, 'luhn-seul');
  expect(seul.verdict).toBe('nouvelle');
  if (apercu) {
    expect(regles(seul)).toContainEqual(luhn);
    expect(r.creees_non_diffusables).toBe(1);
  }
}

describe('a row in error says all its problems at once', () => {
  it('the service’s preview and `offre import classeur --dry-run`; nothing stored', async () => {
    const avant = await countRows(t.ctx, 'formation');
    const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    attendu(rapport, true);
    expect(await countRows(t.ctx, 'formation')).toBe(avant);
    const sortie = renderRapportClasseur(rapport, true, null);
    const bloc = sortie.slice(sortie.indexOf(`ligne ${n['luhn-date']} `));
    expect(bloc).toMatch(
      new RegExp(
        `^ligne ${n['luhn-date']} « Vendeur luhn-date » : ERREUR\\n {4}✗ \\[CLASSEUR_DATE_INVALIDE\\].*\\n {4}! Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur SIRET ${SIRET_FAUX_LU}`,
      ),
    );
    // A row refused creates nothing: it is not « ne serait pas diffusable ».
    expect(bloc.split('\n')[0]).not.toContain('diffusable');
  });

  it('the annotated workbook of the preview: the date error and the SIRET’s rule on the same row', async () => {
    const res = await importClasseur(t.ctx, organisme, fichier, { dryRun: true });
    const ws = (await ouvrir(await res.classeurErreurs())).getWorksheet('Offre')!;
    const col = (ws.getRow(1).values as unknown[]).indexOf('Erreurs');
    const cellule = (nom: string) => String(ws.getRow(n[nom]!).getCell(col).value);
    expect(cellule('luhn-date')).toMatch(
      new RegExp(
        `Ligne ${n['luhn-date']}, colonne « Date de début 2027 » : « 31/02/2027 » n’est pas une date du calendrier\\.\\nAttention : Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur SIRET ${SIRET_FAUX_LU} a un SIRET invalide`,
      ),
    );
    expect(cellule('commune-date')).toMatch(/Date de début 2027.*\n.*colonne « Code postal » :.*23999/);
  });

  it('the API’s dry run (POST /api/v1/imports/classeur?dry_run=true)', async () => {
    attendu(await apercuApi(t, 'classeur', fichier, 'tous-problemes-classeur'), true);
  });

  it('the page /espace/imports: the row’s date error and its SIRET’s rule', async () => {
    const p = await apercuPage(t, 'classeur', fichier, {
      email: 'tous-problemes@cfa-a.test',
      ip: '10.64.0.2',
    });
    expect(p).toMatch(
      /Vendeur luhn-date(?:(?!Vendeur ).)*Erreur(?:(?!Vendeur ).)*« 31\/02\/2027 » n’est pas une date du calendrier(?:(?!Vendeur ).)*Règles? bloquantes? introduites? : (?:(?!Vendeur ).)*ORG_SIRET_FORMAT : L’organisme formateur SIRET 130 025 265 00012 a un SIRET invalide/,
    );
    expect(p).toMatch(
      /Vendeur commune-date(?:(?!Vendeur ).)*Erreur(?:(?!Vendeur ).)*31\/02\/2027(?:(?!Vendeur ).)*23999/,
    );
  });

  // Last: it creates the valid row's formation, which the previews above find new.
  it('the applied import: the same errors, nothing of the refused rows stored', async () => {
    const avant = await countRows(t.ctx, 'formation');
    const sessions = await countRows(t.ctx, 'session');
    const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: false });
    attendu(rapport, false);
    // The one valid row: one formation, one session.
    expect(await countRows(t.ctx, 'formation')).toBe(avant + 1);
    expect(await countRows(t.ctx, 'session')).toBe(sessions + 1);
  });
});
