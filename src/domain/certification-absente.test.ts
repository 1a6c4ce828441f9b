import { describe, expect, it } from 'vitest';
import { codeCertificationComplet, messageCodeAbsent } from './certification-absente.ts';

describe('a complete certification code', () => {
  it('is an RNCP, RS or CFD code whole, not words nor a beginning', () => {
    expect(codeCertificationComplet(' rncp 37313 ')).toEqual({ code: 'RNCP37313', repertoire: 'rncp' });
    expect(codeCertificationComplet('37313')).toEqual({ code: 'RNCP37313', repertoire: 'rncp' });
    expect(codeCertificationComplet('RS5841')).toEqual({ code: 'RS5841', repertoire: 'rs' });
    expect(codeCertificationComplet('01022107')).toEqual({ code: '01022107', repertoire: 'bcn' });
    for (const s of ['RNCP3', '123', 'boulangerie', '0102210', '010221070'])
      expect(codeCertificationComplet(s)).toBeNull();
  });
});

describe('the message of a code absent from the loaded reference', () => {
  it('names the reference, its file, dates and size, who updates it and what to do meanwhile', () => {
    const m = messageCodeAbsent({
      code: 'RNCP37313',
      repertoire: 'rncp',
      charge: {
        fichier: 'export-fiches.zip',
        date: '2026-11-02',
        importe_le: '2026-11-03T09:00:00Z',
        nombre: 1234,
      },
    });
    expect(m).toMatch(
      /^Le code RNCP37313 n’est pas dans le RNCP chargé dans Offre \(fichier export-fiches\.zip du 2 novembre 2026, importé le 3 novembre 2026, 1\s234 fiches RNCP et RS\) : /,
    );
    expect(m).toContain('le gestionnaire régional de l’offre met à jour les référentiels');
    expect(m).toContain('CERT_ABSENTE');
    expect(messageCodeAbsent({ code: '01022107', repertoire: 'bcn', charge: null })).toMatch(
      /^Le code diplôme 01022107 n’est pas dans les référentiels chargés dans Offre : aucune BCN n’y est chargée ; /,
    );
  });
});
