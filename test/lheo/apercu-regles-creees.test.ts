import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRapportLheo } from '../../src/cli/commands/import-lheo.command.ts';
import { type LigneRapportLheo, ligneRapportCsv } from '../../src/formats/lheo/lheo.rapport.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo, type LheoImportReport } from '../../src/services/import-lheo.service.ts';
import { countRows, SIRET_A } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { apercuApi, apercuPage, baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';

// A user's report: the LHEO preview named the blocking rules of the formations it would update,
// never of those it would create — 102 new formations whose formateur's SIRET fails the Luhn check
// were previewed as ordinary « créées », then none could be diffused. And the rules stopped at the
// 100 formations the report lists, with no rule line in the full report (CSV). The preview now
// names, per formation created, the blocking rules it would fail (the same shape as an update's),
// counts those that would not be diffusable, counts each rule over every formation of the file,
// and writes one line per rule in the full report.

/** SIREN A's SIRET with a wrong Luhn key. */
const SIRET_FAUX = '13002526500012';
const SIRET_FAUX_LU = '130 025 265 00012';
/** New formations in the file: more than the report lists (100). */
const NOUVELLES = 102;

let t: TestWeb;
let fichier: Buffer;

beforeAll(async () => {
  ({ t } = await baseApercu('MOD-1'));
  const exp = await openLheoExport(t.ctx.db, organisme, { siret: SIRET_A }, new Date());
  let xml = '';
  for await (const c of exp.chunks) xml += c;
  const bloc = /<formation numero="MOD-1"[\s\S]*?<\/formation>/.exec(xml)![0];
  const fausse = (b: string) => b.replace(/(<SIRET-formateur>\s*<SIRET>)\d+</, `$1${SIRET_FAUX}<`);
  // MOD-1's formateur changed to the wrong SIRET, then NOUVELLES new formations with it.
  const nouvelles = Array.from({ length: NOUVELLES }, (_, i) =>
    fausse(bloc)
      .replace('numero="MOD-1"', `numero="NEW-${i + 1}"`)
      .replace(/<intitule-formation>[^<]*</, `<intitule-formation>BTS MCO nouvelle ${i + 1}<`),
  ).join('\n');
  fichier = Buffer.from(xml.replace(bloc, `${fausse(bloc)}\n${nouvelles}`));
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** What the preview must say of the file, whatever the door. */
function attendu(r: LheoImportReport) {
  expect(r.formations).toEqual({ creees: NOUVELLES, mises_a_jour: 1, inchangees: 0, rejetees: 0 });
  expect(r.creees).toHaveLength(100);
  for (const c of r.creees) {
    expect(c.regles).toMatchObject({
      publiee: false,
      levees: [],
      catalogue_avant: null,
      catalogue_apres: 'non_reglementaire',
    });
    expect(c.regles!.introduites.map((x) => [x.code, x.champ, x.severite])).toEqual([
      ['ORG_SIRET_FORMAT', 'formateur.siret', 'bloquant'],
    ]);
    expect(c.regles!.introduites[0]!.message).toContain(
      `(SIRET ${SIRET_FAUX_LU}) a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse`,
    );
  }
  expect(r.creees_non_diffusables).toBe(NOUVELLES);
  // The update, as before.
  expect(r.non_diffusables).toBe(1);
  expect(r.modifiees[0]!.regles).toMatchObject({
    catalogue_avant: 'general',
    catalogue_apres: 'non_reglementaire',
  });
  // Every formation of the file, listed or not.
  expect(r.regles_par_code).toEqual([{ code: 'ORG_SIRET_FORMAT', introduites: NOUVELLES + 1, levees: 0 }]);
}

describe('the preview of an LHEO import names the blocking rules of the formations it would create', () => {
  it('the service’s dry run: each created formation’s failures, the count, each rule over every formation; nothing stored', async () => {
    const avant = await countRows(t.ctx, 'formation');
    const lignes: LigneRapportLheo[] = [];
    const r = await importLheo(t.ctx, organisme, [fichier], { dryRun: true, onLigne: (l) => lignes.push(l) });
    attendu(r);
    expect(await countRows(t.ctx, 'formation')).toBe(avant);

    // The full report (CSV): one line per rule of every formation, the unlisted ones too, after the others.
    const regles = lignes.filter((l) => l.resultat === 'regle_introduite');
    expect(regles.map((l) => l.numero)).toEqual([
      'MOD-1',
      ...Array.from({ length: NOUVELLES }, (_, i) => `NEW-${i + 1}`),
    ]);
    expect(lignes.slice(-regles.length)).toEqual(regles);
    const derniere = regles.at(-1)!;
    expect(derniere).toMatchObject({
      intitule: `BTS MCO nouvelle ${NOUVELLES}`,
      element: 'formateur.siret',
      code: 'ORG_SIRET_FORMAT',
      avant: '',
      apres: '',
    });
    expect(ligneRapportCsv(derniere)).toMatch(
      new RegExp(
        `^\\d+;NEW-${NOUVELLES};BTS MCO nouvelle ${NOUVELLES};règle bloquante introduite;formateur\\.siret;ORG_SIRET_FORMAT;"?L’organisme formateur`,
      ),
    );

    // The command line's text (`offre import lheo --dry-run`).
    const sortie = renderRapportLheo(r, true);
    expect(sortie).toContain(
      `${NOUVELLES} formations créées ne seraient pas diffusables (Non réglementaire) : une règle bloquante échouerait.`,
    );
    expect(sortie).toMatch(
      new RegExp(
        `\\+ ligne \\d+, n° NEW-1 « BTS MCO nouvelle 1 » — ne serait pas diffusable\\n {6}! Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur CFA Exemple \\(SIRET ${SIRET_FAUX_LU}\\) a un SIRET invalide`,
      ),
    );
    expect(sortie).toContain(
      `Règles bloquantes introduites ou levées, par code :\n  ORG_SIRET_FORMAT : introduite dans ${NOUVELLES + 1} formations\n`,
    );
  });

  it('an applied import computes no rule (its conformity is stored, as before)', async () => {
    const lignes: LigneRapportLheo[] = [];
    const sans = Buffer.from(fichier.toString().replace(/<formation numero="NEW-[\s\S]*?<\/formation>/g, ''));
    const r = await importLheo(t.ctx, organisme, [sans], { onLigne: (l) => lignes.push(l) });
    expect(r.formations.mises_a_jour).toBe(1);
    expect(r).not.toHaveProperty('regles_par_code');
    expect(r).not.toHaveProperty('creees_non_diffusables');
    expect(lignes.some((l) => l.resultat.startsWith('regle'))).toBe(false);
  });
});

describe('the same preview by the API and the page', () => {
  it('the API’s dry run (POST /api/v1/imports/lheo?dry_run=true)', async () => {
    const avant = await countRows(t.ctx, 'formation');
    const rapport = await apercuApi<LheoImportReport>(t, 'lheo', fichier, 'apercu-creees');
    expect(rapport.creees_non_diffusables).toBe(NOUVELLES);
    expect(rapport.creees[0]!.regles).toMatchObject({
      catalogue_avant: null,
      catalogue_apres: 'non_reglementaire',
    });
    expect(rapport.regles_par_code).toEqual([
      { code: 'ORG_SIRET_FORMAT', introduites: expect.any(Number), levees: 0 },
    ]);
    expect(await countRows(t.ctx, 'formation')).toBe(avant);
  });

  it('the page /espace/imports: the count, each created formation with its rule, the counts by code', async () => {
    const p = await apercuPage(t, 'lheo', fichier, { email: 'creees@cfa-a.test', ip: '10.63.0.1' });
    expect(p).toContain(
      `${NOUVELLES} formations créées ne seraient pas diffusables (Non réglementaire) : une règle bloquante échouerait.`,
    );
    expect(p).toMatch(
      /n° NEW-1 – BTS MCO nouvelle 1 \(ligne \d+\) Ne serait pas diffusable Règle bloquante introduite : ORG_SIRET_FORMAT : L’organisme formateur CFA Exemple \(SIRET 130 025 265 00012\) a un SIRET invalide/,
    );
    expect(p).toContain('Règles bloquantes, par code');
    expect(p).toContain(
      'chaque liste s’arrête aux 100 premières) ; le rapport complet (CSV) donne chaque règle',
    );
    expect(p).toMatch(/ORG_SIRET_FORMAT \d+ 0/);
    expect(p).toContain('chaque règle bloquante introduite ou levée');
  });
});
