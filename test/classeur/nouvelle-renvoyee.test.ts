import { describe, expect, it } from 'vitest';
import { renderRapportClasseur } from '../../src/cli/commands/classeur.command.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { COL } from '../web/imports.helpers.ts';
import { enBuffer, exportClasseur, nouvelleLigne, offreDeTest, ouvrir, peindre } from './classeur.helpers.ts';

// A tester's finding (LOW): a new formation's row (no reference) written without the blue font,
// sent again in the same workbook, was counted « inchangée » — it finds the formation its first
// sending created — while its message still said « traitée comme une nouvelle formation ». Now the
// message says what the count says: the formation was created by an earlier sending, named by id,
// and the report carries that id (formation_existante) for the page to link it.
// Review 05/12: the same row written in blue (the convention for a new row) said nothing at all —
// « inchangée » with a link on the page, no message there, in the API's JSON nor on the command
// line. It carries the same CLASSEUR_NOUVELLE_DEJA_CREEE warning, in the blue row's words.

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

  it('written in blue: the same warning, in a blue row’s words, by the API’s report and the command line', async () => {
    const ctx = offre.api.ctx;
    const wb = await ouvrir(await exportClasseur(offre.api));
    const ws = wb.getWorksheet('Offre')!;
    const n = ws.rowCount + 1;
    for (const [cle, v] of Object.entries(nouvelleLigne({ intitule: 'Vendeur conseil bleu renvoyé' }))) {
      const cell = ws.getRow(n).getCell(COL[cle]!);
      cell.value = v as never;
      peindre(cell, { font: { color: { argb: 'FF0070C0' } } });
    }
    const fichier = await enBuffer(wb);

    const premier = await importClasseur(ctx, systeme, fichier, { dryRun: false });
    const l1 = premier.rapport.lignes.find((l) => l.ligne === n)!;
    expect(l1.verdict).toBe('nouvelle');
    expect(l1.avertissements).toEqual([]);
    const id = l1.formation_creee!;

    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(ctx, systeme, fichier, { dryRun });
      const l = rapport.lignes.find((x) => x.ligne === n)!;
      expect(l.verdict).toBe('inchangee');
      expect(l.formation_existante).toBe(id);
      expect(l.avertissements).toEqual([
        {
          colonne: '',
          code: 'CLASSEUR_NOUVELLE_DEJA_CREEE',
          message: `Ligne ${n} : ligne nouvelle (en bleu), déjà créée par un envoi précédent du classeur : formation ${id} (« Vendeur conseil bleu renvoyé ») ; la ligne lui est comparée.`,
        },
      ]);
      // The command line lists it (an unchanged row is listed when it says something), with its formation.
      const texte = renderRapportClasseur(rapport, dryRun, null);
      expect(texte).toContain(
        `  ligne ${n} « Vendeur conseil bleu renvoyé » : inchangée — formation créée par un envoi précédent : ${id}\n`,
      );
      expect(texte).toContain(`    ! [CLASSEUR_NOUVELLE_DEJA_CREEE] Ligne ${n} : ligne nouvelle (en bleu)`);
    }
  });
});
