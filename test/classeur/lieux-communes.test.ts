import type ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findFormationIdsByCle } from '../../src/db/formation.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { cleNouvelle } from '../../src/formats/classeur/classeur.analyzer.ts';
import { getFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import {
  enBuffer,
  exportClasseur,
  NOW,
  nouvelleLigne,
  offreDeTest,
  ouvrir,
  peindre,
} from './classeur.helpers.ts';

// A fresh user found the places a workbook adds stored without their INSEE code (no « (INSEE …) »
// on the page, and FORM_DOUBLON blind to a copy made with the form), where the session form finds
// the commune in the communes reference. Now the workbook finds it the same way (one decision,
// domain/commune.ts choisirCommune), at the preview and at both write paths, and refuses the row of
// a place the reference does not know, as the form refuses it.

const BLEU = { font: { color: { argb: 'FF0070C0' } } };
const systeme = SYSTEME('test');

describe('the places a workbook adds', () => {
  const offre = offreDeTest();

  beforeAll(async () => {
    const commune = (code_insee: string, code_postal: string, nom: string, dep: string, reg: string) => ({
      code_insee,
      code_postal,
      nom,
      code_departement: dep,
      code_region: reg,
      lat: 45.76,
      lon: 4.83,
    });
    await offre.api.ctx.db
      .insertInto('commune')
      .values([
        commune('69123', '69001', 'Lyon', '69', '84'),
        commune('69123', '69002', 'Lyon', '69', '84'),
        commune('01183', '01090', 'Guéreins', '01', '84'),
        commune('01258', '01090', 'Montmerle-sur-Saône', '01', '84'),
      ])
      .execute();
  });

  /** Appends `valeurs` as a row (blue without a reference); returns its number. */
  const ajouter = (ws: ExcelJS.Worksheet, valeurs: Record<string, unknown>, reference?: string) => {
    const n = ws.rowCount + 1;
    if (reference) ws.getRow(n).getCell(COL.reference!).value = reference;
    for (const [cle, v] of Object.entries(valeurs)) {
      ws.getRow(n).getCell(COL[cle]!).value = v as never;
      if (!reference) peindre(ws.getRow(n).getCell(COL[cle]!), BLEU);
    }
    return n;
  };
  /** The cells of the exported row `n`, but its reference. */
  const copie = (ws: ExcelJS.Worksheet, n: number): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(COL)
        .filter(([cle]) => cle !== 'reference')
        .map(([cle, i]) => [cle, ws.getRow(n).getCell(i).value] as const),
    );

  for (const writePath of ['bulk', 'single'] as const)
    it(`stores a new formation’s and a new place’s INSEE code (${writePath})`, async () => {
      const ctx = offre.api.ctx;
      const wb = await ouvrir(await exportClasseur(offre.api));
      const ws = wb.getWorksheet('Offre')!;
      const nouvelle = nouvelleLigne({
        intitule: `Vendeur conseil ${writePath}`,
        adresse: '10 rue de la République',
        codePostal: '69001',
        commune: 'Lyon',
      });
      const a = ajouter(ws, nouvelle);
      const id = offre.ids[writePath === 'bulk' ? 0 : 1]!;
      const b = ajouter(
        ws,
        {
          ...copie(ws, ligneDe(ws, id)),
          adresse: `3 rue Mercière ${writePath}`,
          codePostal: '69002',
          commune: 'LYON',
          debut: '01/09/2027',
          fin: '30/06/2029',
        },
        id,
      );
      const fichier = await enBuffer(wb);
      const apercu = (await importClasseur(ctx, systeme, fichier, { dryRun: true })).rapport;
      expect(apercu.lignes.find((l) => l.ligne === a)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
      expect(apercu.lignes.find((l) => l.ligne === b)).toMatchObject({ verdict: 'modifiee', erreurs: [] });
      const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun: false, writePath });
      expect(rapport.lignes.find((l) => l.ligne === a)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
      const [[, cree]] = [
        ...(await findFormationIdsByCle(ctx.db, [{ siren: SIREN_A, cle: cleNouvelle(nouvelle as never) }])),
      ];
      const f = (await getFormation(ctx.db, systeme, cree!))!;
      expect(f.sessions.map((s) => s.lieu)).toEqual([
        expect.objectContaining({
          adresse: '10 rue de la République',
          code_postal: '69001',
          commune: 'Lyon',
          code_insee: '69123',
        }),
      ]);
      // A copy made with the form (its place resolved by the form: 69123) is now a duplicate of it.
      if (writePath === 'bulk') {
        const copieFormulaire = await ctx.db.transaction().execute((trx) =>
          saveFormationTx(
            trx,
            systeme,
            formationFixture({
              cle_externe: 'COPIE-FORMULAIRE',
              intitule: 'Vendeur conseil (copie)',
              certification: { rncp: 'RNCP37098', cfd: null },
              sessions: [
                {
                  debut: '2027-09-07',
                  fin: '2028-06-30',
                  etat_recrutement: 'ouvert',
                  capacite: 16,
                  lieu: {
                    adresse: '10 rue de la République',
                    code_postal: '69001',
                    commune: 'Lyon',
                    code_insee: '69123',
                  },
                  reunions_information: [],
                  bilans: [],
                },
              ],
            }),
            { now: NOW },
          ),
        );
        const echec = await ctx.db
          .selectFrom('controle_echec')
          .select('formation_liee')
          .where('formation_id', '=', copieFormulaire.id)
          .where('code', '=', 'FORM_DOUBLON')
          .executeTakeFirst();
        expect(echec?.formation_liee).toBe(cree);
      }
      const existante = (await getFormation(ctx.db, systeme, id))!;
      expect(
        existante.sessions.find((s) => s.lieu?.adresse === `3 rue Mercière ${writePath}`)?.lieu,
      ).toMatchObject({ code_postal: '69002', code_insee: '69123' });
    });

  it('refuses the row of a place the communes reference does not know, as the session form does', async () => {
    const ctx = offre.api.ctx;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const inconnu = ajouter(
      ws,
      nouvelleLigne({ intitule: 'Hors référentiel', codePostal: '23999', commune: 'Nulle' }),
    );
    const court = ajouter(ws, nouvelleLigne({ intitule: 'Court', codePostal: '6900', commune: 'Lyon' }));
    const ambigu = ajouter(ws, nouvelleLigne({ intitule: 'Ambigu', codePostal: '01090', commune: 'Lyon' }));
    const fichier = await enBuffer(wb);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun });
      const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne(inconnu)).toMatchObject({ verdict: 'erreur' });
      expect(ligne(inconnu).erreurs).toEqual([
        {
          colonne: 'Code postal',
          code: 'LIEU_INCONNU',
          message: `Ligne ${inconnu}, colonne « Code postal » : aucune commune n’a le code postal 23999 dans le référentiel des communes : vérifiez-le. La ligne est laissée de côté.`,
        },
      ]);
      expect(ligne(court).erreurs.map((e) => [e.code, e.message])).toEqual([
        [
          'CODE_POSTAL_INVALIDE',
          `Ligne ${court}, colonne « Code postal » : le code postal « 6900 » doit compter 5 chiffres. La ligne est laissée de côté.`,
        ],
      ]);
      expect(ligne(ambigu).erreurs.map((e) => [e.code, e.message])).toEqual([
        [
          'LIEU_A_PRECISER',
          `Ligne ${ambigu}, colonne « Commune » : 2 communes ont le code postal 01090 (Guéreins, Montmerle-sur-Saône) et aucune ne s’appelle « Lyon » : écrivez dans la colonne « Commune » le nom de la vôtre, comme le référentiel des communes l’écrit. La ligne est laissée de côté.`,
        ],
      ]);
    }
  });

  // A CEDEX postal code (« 69421 LYON CEDEX 03 ») is La Poste's, for mail: no commune has it (the
  // communes reference, La Poste's open base, lists none). A fresh user's report (06/12/2026): a real
  // CEDEX address was refused. Read as address tools read it: the commune by its name among the
  // communes of the code's département, the code and the mention kept as written; a commune of
  // another département is refused on « Commune »; the commune's postal code with a CEDEX mention
  // keeps the mention in the stored commune.
  it('finds the commune of a CEDEX code by its name in the département; the CEDEX mention stays', async () => {
    const ctx = offre.api.ctx;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const cedex = ajouter(
      ws,
      nouvelleLigne({ intitule: 'Au CEDEX', codePostal: '69421', commune: 'LYON CEDEX 03' }),
    );
    const commune = ajouter(
      ws,
      nouvelleLigne({ intitule: 'Au CEDEX, commune', codePostal: '69002', commune: 'LYON CEDEX 02' }),
    );
    const ailleurs = ajouter(
      ws,
      nouvelleLigne({ intitule: 'Au CEDEX, ailleurs', codePostal: '44035', commune: 'LYON CEDEX 03' }),
    );
    const fichier = await enBuffer(wb);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun });
      const ligne = (n: number) => rapport.lignes.find((l) => l.ligne === n)!;
      expect(ligne(cedex)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
      expect(ligne(commune)).toMatchObject({ verdict: 'nouvelle', erreurs: [] });
      expect(ligne(ailleurs).erreurs).toEqual([
        {
          colonne: 'Commune',
          code: 'LIEU_INCONNU',
          message: `Ligne ${ailleurs}, colonne « Commune » : le code postal 44035 est un code CEDEX (courrier) : il ne désigne aucune commune, la commune se lit dans son nom. Or aucune commune « LYON » n’a de code postal commençant par 44 dans le référentiel des communes : corrigez le nom de la commune ou le code postal. La ligne est laissée de côté.`,
        },
      ]);
    }
    const lieu = (intitule: string) =>
      ctx.db
        .selectFrom('session')
        .innerJoin('formation', 'formation.id', 'session.formation_id')
        .select(['session.commune', 'session.code_postal', 'session.code_insee'])
        .where('formation.intitule', '=', intitule)
        .executeTakeFirstOrThrow();
    expect(await lieu('Au CEDEX')).toEqual({
      commune: 'Lyon CEDEX 3',
      code_postal: '69421',
      code_insee: '69123',
    });
    // The workbook round trip: exported as stored (code and mention), imported again unchanged.
    const encore = await exportClasseur(offre.api);
    const lignes = (await ouvrir(encore)).getWorksheet('Offre')!;
    let exportee = 0;
    lignes.eachRow((r, n) => {
      if (r.getCell(COL.codePostal!).value === '69421') exportee = n;
    });
    expect(exportee).toBeGreaterThan(0);
    expect(lignes.getRow(exportee).getCell(COL.commune!).value).toBe('Lyon CEDEX 3');
    const { rapport } = await importClasseur(ctx, systeme, encore, { dryRun: true });
    expect(rapport.lignes.find((l) => l.ligne === exportee)).toMatchObject({
      verdict: 'inchangee',
      erreurs: [],
    });
    expect(await lieu('Au CEDEX, commune')).toEqual({
      commune: 'Lyon CEDEX 2',
      code_postal: '69002',
      code_insee: '69123',
    });
  });
});
