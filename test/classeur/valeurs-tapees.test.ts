import { beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { getFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { COL, ligneDe } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, offreDeTest, ouvrir, peindre } from './classeur.helpers.ts';

// A fresh user's report (05/12): « 99999 » typed in « Code postal » on a returned row was read as a
// placeholder (« lu comme une valeur inconnue : la valeur enregistrée est gardée ») and the row
// was « inchangée », where the session form refuses that postal code. A number typed in the postal
// code, the duration, the years or the capacity is a value to check, never a placeholder: the row
// is refused with the form's message, nothing of it applied. A placeholder word or a dash keeps
// the stored value with a warning, as docs/formats.md says.

const ROUGE = { font: { color: { argb: 'FFFF0000' } } };
const systeme = SYSTEME('test');

describe('numbers typed in a returned workbook', () => {
  const offre = offreDeTest();

  beforeAll(async () => {
    await offre.api.ctx.db
      .insertInto('commune')
      .values(
        ['69001', '69002', '69003', '69004', '69007'].map((cp) => ({
          code_insee: `6938${cp.at(-1)}`,
          code_postal: cp,
          nom: 'Lyon',
          code_departement: '69',
          code_region: '84',
          lat: 45.76,
          lon: 4.83,
        })),
      )
      .execute();
  });

  const cas = [
    [
      'codePostal',
      '99999',
      'Code postal',
      'LIEU_INCONNU',
      'aucune commune n’a le code postal 99999 dans le référentiel des communes : vérifiez-le.',
    ],
    [
      'codePostal',
      '00000',
      'Code postal',
      'LIEU_INCONNU',
      'aucune commune n’a le code postal 00000 dans le référentiel des communes : vérifiez-le.',
    ],
    [
      'duree',
      '99999',
      'Durée cycle (années)',
      'CLASSEUR_NOMBRE_INVALIDE',
      '« 99999 » n’est pas un nombre entier positif',
    ],
    [
      'annees',
      '99999',
      'Années en apprentissage',
      'CLASSEUR_ANNEES_INVALIDES',
      '« 99999 » : indiquez les années du cycle ouvertes à l’apprentissage',
    ],
  ] as const;

  for (const [cle, tape, entete, code, message] of cas)
    it(`refuses « ${tape} » in « ${entete} » as the form does, nothing of the row applied`, async () => {
      const id = offre.ids[1]!;
      const avant = await getFormation(offre.api.ctx.db, systeme, id);
      const wb = await ouvrir(await exportClasseur(offre.api));
      const ws = wb.getWorksheet('Offre')!;
      const n = ligneDe(ws, id);
      const row = ws.getRow(n);
      row.getCell(COL[cle]!).value = tape;
      peindre(row.getCell(COL[cle]!), ROUGE);
      // The place of the campaign's session (a place changed needs its dates).
      if (cle === 'codePostal') {
        row.getCell(COL.debut!).value = '01/09/2027';
        row.getCell(COL.fin!).value = '30/06/2028';
      }
      // Another change on the same row: not applied either.
      row.getCell(COL.intitule!).value = 'Intitulé changé avec la ligne refusée';
      peindre(row.getCell(COL.intitule!), ROUGE);
      const fichier = await enBuffer(wb);
      for (const dryRun of [true, false]) {
        const { rapport } = await importClasseur(offre.api.ctx, systeme, fichier, { dryRun });
        const l = rapport.lignes.find((x) => x.ligne === n)!;
        expect(l.verdict, `${tape} ${dryRun}`).toBe('erreur');
        expect(l.erreurs).toEqual([
          expect.objectContaining({
            colonne: entete,
            code,
            message: expect.stringContaining(`Ligne ${n}, colonne « ${entete} » : ${message}`),
          }),
        ]);
        expect(l.avertissements.map((a) => a.code)).not.toContain('CLASSEUR_VALEUR_INCONNUE');
      }
      expect(await getFormation(offre.api.ctx.db, systeme, id)).toEqual(avant);
    });

  it('keeps the stored value of a placeholder word or dash, with a warning (docs/formats.md)', async () => {
    const id = offre.ids[1]!;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const n = ligneDe(ws, id);
    ws.getRow(n).getCell(COL.codePostal!).value = '-';
    ws.getRow(n).getCell(COL.formationContinue!).value = 'Non renseigné';
    const { rapport } = await importClasseur(offre.api.ctx, systeme, await enBuffer(wb), { dryRun: true });
    const l = rapport.lignes.find((x) => x.ligne === n)!;
    expect(l.verdict).toBe('inchangee');
    expect(l.avertissements.map((a) => [a.colonne, a.code])).toEqual([
      ['Code postal', 'CLASSEUR_VALEUR_INCONNUE'],
      ['Formation continue', 'CLASSEUR_VALEUR_INCONNUE'],
    ]);
  });
});

// A fresh user's report (05/12): « 99999999 » typed in « Code diplôme (CFD) » was read as a
// placeholder (« lu comme une valeur inconnue : la valeur enregistrée est gardée ») and the row
// was « inchangée ». A well-formed code typed in « Code diplôme (CFD) » or « Code RNCP » is taken
// as typed, as the formation form takes it, and the rules check it (CERT_INCONNUE when the BCN or
// the RNCP does not know it). A CFD too long says what a CFD is, and where an RNCP code goes.
describe('codes typed in a returned workbook', () => {
  const offre = offreDeTest();

  const changer = async (cle: string, tape: string) => {
    const id = offre.ids[1]!;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const n = ligneDe(ws, id);
    ws.getRow(n).getCell(COL[cle]!).value = tape;
    peindre(ws.getRow(n).getCell(COL[cle]!), ROUGE);
    return { id, n, fichier: await enBuffer(wb) };
  };

  for (const [cle, tape, champ] of [
    ['cfd', '99999999', 'cfd'],
    ['cfd', '00000000', 'cfd'],
    ['rncp', '99999', 'rncp'],
  ] as const)
    it(`takes « ${tape} » in « ${cle} » as typed, never as a placeholder`, async () => {
      const { id, n, fichier } = await changer(cle, tape);
      const { rapport } = await importClasseur(offre.api.ctx, systeme, fichier, { dryRun: true });
      const l = rapport.lignes.find((x) => x.ligne === n)!;
      expect(l.verdict).toBe('modifiee');
      expect(l.erreurs).toEqual([]);
      expect(l.avertissements.map((a) => a.code)).not.toContain('CLASSEUR_VALEUR_INCONNUE');
      await importClasseur(offre.api.ctx, systeme, fichier, { dryRun: false });
      const apres = (await getFormation(offre.api.ctx.db, systeme, id))!;
      expect(apres.certification[champ]).toBe(tape);
    });

  it('a CFD too long says what a CFD is, and where an RNCP code goes', async () => {
    for (const [tape, fin] of [
      [
        'RNCP99999999',
        ' ; « RNCP99999999 » ressemble à un code RNCP, qui s’écrit dans la colonne « Code RNCP ».',
      ],
      ['32031309-BTS', '.'],
    ] as const) {
      const { n, fichier } = await changer('cfd', tape);
      const { rapport } = await importClasseur(offre.api.ctx, systeme, fichier, { dryRun: true });
      const l = rapport.lignes.find((x) => x.ligne === n)!;
      expect(l.verdict).toBe('erreur');
      expect(l.erreurs.map((e) => [e.colonne, e.message])).toEqual([
        [
          'Code diplôme (CFD)',
          `Ligne ${n}, colonne « Code diplôme (CFD) » : « ${tape} » n’est pas un code diplôme (CFD) : un CFD compte 8 caractères, chiffres et lettres (ex. « 32031309 »)${fin}`,
        ],
      ]);
    }
  });
});
