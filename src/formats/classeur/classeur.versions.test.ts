import { describe, expect, it } from 'vitest';
import { lireVersions, readVersions, versionsALaDemande, versionsDepliees } from './classeur.versions.ts';

// The `Versions` sheet crosses from the reader's worker to the import as read (each reference's
// fingerprints one string) and is split by column when the analysis reads a reference: the
// import must see exactly what splitting them all at once gives.

const E = (n: number) => n.toString(16).padStart(8, '0');
const lignes = (): [number, string | null, string | null][] => [
  [1, 'Généré le', '2026-11-24T10:00:00.000Z'],
  [2, 'Référence formation', 'intitule,commune'],
  [3, 'Organisme', '11111111100011'],
  [4, 'F-B', E(1) + E(2)],
  [5, '42', E(3) + E(4)],
  [6, 'F-A', E(5) + E(6)],
  [7, 'F-B', E(7) + E(8)], // the same reference again: first place, last row
  [8, 'F-C', 'abc'], // not what the export writes
  [9, '7', E(9) + E(10)],
  [10, null, E(11) + E(12)], // no reference: skipped
];

describe('Versions sheet read, then split by column', () => {
  it('gives what the export wrote: genereLe, per reference its fingerprints by column, organisme, invalid rows', () => {
    const v = readVersions(lignes());
    expect(v).toStrictEqual({
      genereLe: '2026-11-24T10:00:00.000Z',
      parReference: {
        '7': { intitule: E(9), commune: E(10) },
        '42': { intitule: E(3), commune: E(4) },
        'F-B': { intitule: E(7), commune: E(8) },
        'F-A': { intitule: E(5), commune: E(6) },
      },
      organisme: '11111111100011',
      invalides: { 'F-C': 8 },
    });
    expect(JSON.stringify(v)).toBe(JSON.stringify(versionsDepliees(lireVersions(lignes()))));
    expect(Object.keys(v!.parReference)).toEqual(['7', '42', 'F-B', 'F-A']);
  });

  it('split on demand answers as the object split at once: values, absent references, keys and their order', () => {
    const lues = lireVersions(lignes())!;
    // What the worker sends: one string a reference.
    expect(lues.empreintes.get('F-B')).toBe(E(7) + E(8));
    const aLaDemande = versionsALaDemande(lues)!;
    const depliees = versionsDepliees(lues)!;
    expect(aLaDemande).toStrictEqual(depliees);
    expect(JSON.stringify(aLaDemande)).toBe(JSON.stringify(depliees));
    const p = aLaDemande.parReference;
    expect(p['F-A']).toEqual({ intitule: E(5), commune: E(6) });
    expect(p['F-A']).toBe(p['F-A']); // split once, then kept
    expect(p['F-C']).toBeUndefined();
    expect(p.absente).toBeUndefined();
    expect('F-A' in p).toBe(true);
    expect('absente' in p).toBe(false);
    expect(p.toString).toBe(depliees.parReference.toString);
    expect(Object.keys(p)).toEqual(Object.keys(depliees.parReference));
    expect(Object.entries(p)).toEqual(Object.entries(depliees.parReference));
  });

  it('is null alike when the sheet is absent or not what the export writes', () => {
    expect(lireVersions(null)).toBeNull();
    expect(versionsALaDemande(null)).toBeNull();
    const sansEntete = lignes().map((l) => (l[0] === 2 ? ([2, 'Autre', 'x'] as typeof l) : l));
    expect(lireVersions(sansEntete)).toBeNull();
    expect(readVersions(sansEntete)).toBeNull();
    const sansOrganisme = lignes().filter((l) => l[0] !== 3);
    expect(versionsALaDemande(lireVersions(sansOrganisme))).toStrictEqual(readVersions(sansOrganisme));
    expect(readVersions(sansOrganisme)).not.toHaveProperty('organisme');
  });
});
