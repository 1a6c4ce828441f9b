import { describe, expect, it } from 'vitest';
import { MarcheRow, marcheDeLigne, marchesImporter } from './marches.importer.ts';
import type { Forme } from './sniff.ts';

// The financeurs a list of markets may name, as the file writes them, and how the import names
// them (its dataset's label, its messages): pinned so that reading the names from the one table
// (domain/libelles.ts FINANCEUR) changes none of them.

const forme = (financeur: string): Forme => ({
  type: 'csv',
  encoding: 'utf8',
  delimiter: ';',
  lignes: [
    ['Numéro de marché', 'Financeur', 'Date de notification'],
    ['M2600001', financeur, '10/02/2026'],
  ],
});
const ligne = (financeur: string) =>
  MarcheRow.parse({ numero_de_marche: 'M2600001', financeur, date_de_notification: '10/02/2026' });

describe('the financeur of a list of markets', () => {
  it.each([
    ['Région', 'region', 'Région'],
    ['region', 'region', 'Région'],
    ['Conseil régional', 'region', 'Région'],
    ['CONSEIL-REGIONAL', 'region', 'Région'],
    ['France Travail', 'france_travail', 'France Travail'],
    ['france_travail', 'france_travail', 'France Travail'],
    ['Pôle emploi', 'france_travail', 'France Travail'],
    ['Agefiph', 'agefiph', 'Agefiph'],
  ])('reads « %s » as %s, a « liste des marchés (%s) »', (ecrit, code, libelle) => {
    expect(marchesImporter.reconnaitre(forme(ecrit))).toMatchObject({
      jeu: code,
      libelle: `liste des marchés (${libelle})`,
    });
    expect(marcheDeLigne(code)(ligne(ecrit))).toMatchObject({ faits: [{ row: { financeur: code } }] });
  });

  it.each(['OPCO', 'Opérateur de compétences', 'opco', 'Département', ''])(
    'knows no list of « %s »',
    (ecrit) => {
      expect(marchesImporter.reconnaitre(forme(ecrit))).toBeNull();
    },
  );

  it('says which financeurs it expects, and which one the file is', () => {
    const r = MarcheRow.safeParse({
      numero_de_marche: 'M2600001',
      financeur: 'OPCO',
      date_de_notification: '',
    });
    expect(r.error?.issues.map((i) => i.message)).toEqual([
      'financeur inconnu (attendu Région, France Travail ou Agefiph)',
    ]);
    expect(() => marcheDeLigne('region')(ligne('Pôle emploi'))).toThrow(
      'financeur « Pôle emploi » différent de celui du fichier (Région) : une liste par financeur',
    );
    expect(() => marcheDeLigne('agefiph')(ligne('Région'))).toThrow('(Agefiph) : une liste par financeur');
    expect(() => marcheDeLigne('france_travail')(ligne('Agefiph'))).toThrow(
      '(France Travail) : une liste par financeur',
    );
  });
});
