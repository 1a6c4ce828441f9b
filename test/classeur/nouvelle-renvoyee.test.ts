import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { COL } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, offreDeTest, ouvrir } from './classeur.helpers.ts';

// A tester's finding (LOW): a new formation's row (no reference) written without the blue font,
// sent again in the same workbook, was counted « inchangée » — it finds the formation its first
// sending created — while its message still said « traitée comme une nouvelle formation ». Now the
// message says what the count says: the formation was created by an earlier sending, named by id,
// and the report carries that id (formation_existante) for the page to link it.

const systeme = SYSTEME('test');

describe('a new formation’s row sent again', () => {
  const offre = offreDeTest();

  it('is « inchangée », and its message says its formation was created by an earlier sending', async () => {
    const ctx = offre.api.ctx;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const n = ws.rowCount + 1;
    // No blue font: the row is new because its reference is empty.
    for (const [cle, v] of Object.entries(nouvelleLigne({ intitule: 'Vendeur conseil renvoyé' })))
      ws.getRow(n).getCell(COL[cle]!).value = v as never;
    const fichier = await enBuffer(wb);

    const premier = await importClasseur(ctx, systeme, fichier, { dryRun: false });
    const l1 = premier.rapport.lignes.find((l) => l.ligne === n)!;
    expect(l1.verdict).toBe('nouvelle');
    expect(l1.avertissements.map((a) => a.message)).toEqual([
      `Ligne ${n} : ligne sans référence : traitée comme une nouvelle formation (la convention est une police bleue).`,
    ]);
    const id = l1.formation_creee!;
    expect(id).toMatch(/^fo_/);

    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun });
      const l = rapport.lignes.find((x) => x.ligne === n)!;
      expect(l.verdict).toBe('inchangee');
      expect(rapport.totaux.nouvelle).toBe(0);
      expect(l.avertissements).toEqual([
        {
          colonne: '',
          code: 'CLASSEUR_NOUVELLE_DEJA_CREEE',
          message: `Ligne ${n} : ligne sans référence, déjà créée par un envoi précédent du classeur : formation ${id} (« Vendeur conseil renvoyé ») ; la ligne lui est comparée.`,
        },
      ]);
      expect(l.formation_existante).toBe(id);
      expect(l.formation_creee).toBeUndefined();
      expect(JSON.stringify(l)).not.toContain('traitée comme une nouvelle formation');
    }
  });
});
