import { describe, expect, it } from 'vitest';
import { annonceRetrait, INFO_DE, retraitDeInfo, retraitPropose } from './sortie-espace.ts';

describe('retraitPropose', () => {
  it('offers deleting a draft never validated, archiving an offer, nothing once out', () => {
    expect(retraitPropose('brouillon', false)).toBe('supprimer');
    expect(retraitPropose('brouillon', true)).toBe('archiver');
    for (const s of ['en_attente_validation', 'a_corriger', 'publiee'] as const)
      expect(retraitPropose(s, true)).toBe('archiver');
    for (const s of ['archivee', 'supprimee'] as const) expect(retraitPropose(s, true)).toBeNull();
  });
});

describe('the notice after a retrait', () => {
  it('round-trips its code and names the formation and its tab', () => {
    expect(retraitDeInfo(INFO_DE.archiver)).toBe('archiver');
    expect(retraitDeInfo(INFO_DE.supprimer)).toBe('supprimer');
    expect(retraitDeInfo('cree')).toBeNull();
    expect(annonceRetrait('archiver', ' BTS MCO ')).toContain('Formation « BTS MCO » archivée');
    expect(annonceRetrait('supprimer', null)).toMatch(/^Brouillon sans intitulé supprimé\. .*« Supprimées »/);
  });
});
