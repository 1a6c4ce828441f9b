import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnComplete } from '../../src/domain/identifiants.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { SIREN_B, SIRET_B } from '../api/helpers.ts';
import type { TestWeb } from '../auth/web.helpers.ts';
import { baseApercu, ORGANISME_APERCU as organisme } from '../helpers/apercu.ts';
import { COL } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, ouvrir, peindre } from './classeur.helpers.ts';

// The workbook channel of ETABLISSEMENT_NON_RECONNU (domain/etablissement-reconnu.ts): an
// organisme's row naming as formateur an invented establishment of another structure's known
// SIREN is refused, its row and column named; the establishment is not created; the other rows apply.

const INVENTE = luhnComplete(`${SIREN_B}0777`);
const BLEU = { font: { color: { argb: 'FF0070C0' } } };

let t: TestWeb;
let fichier: Buffer;
const n: Record<string, number> = {};

beforeAll(async () => {
  ({ t } = await baseApercu('PUB-1'));
  // B is a structure Offre knows (one of its establishments is stored).
  await t.ctx.db
    .insertInto('organisme')
    .values({
      siret: SIRET_B,
      siren: SIREN_B,
      raison_sociale: 'Lycée B',
      created_at: new Date(),
      updated_at: new Date(),
    })
    .onConflict((oc) => oc.column('siret').doNothing())
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
  ajouter('pirate', { siretFormateur: INVENTE });
  ajouter('propre', {});
  fichier = await enBuffer(wb);
}, 400_000);
afterAll(async () => {
  await t?.close();
});

const ligne = (r: RapportClasseur, nom: string) => r.lignes.find((l) => l.ligne === n[nom])!;
const pirates = () => t.ctx.db.selectFrom('organisme').select('siret').where('siret', '=', INVENTE).execute();

describe('a workbook row naming an invented establishment of another structure', () => {
  for (const dryRun of [true, false])
    it(`is refused on its row and column (${dryRun ? 'preview' : 'import'}), the other row applied`, async () => {
      const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun });
      const pirate = ligne(rapport, 'pirate');
      expect(pirate.verdict).toBe('erreur');
      expect(pirate.erreurs.map((e) => [e.colonne, e.code])).toEqual([
        ['SIRET formateur', 'ETABLISSEMENT_NON_RECONNU'],
      ]);
      expect(pirate.erreurs[0]!.message).toContain('son SIREN 552100554 est celui d’une autre structure');
      expect(ligne(rapport, 'propre').verdict).toBe('nouvelle');
      expect(await pirates()).toEqual([]);
    });
});
