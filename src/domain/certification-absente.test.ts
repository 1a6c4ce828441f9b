import { describe, expect, it } from 'vitest';
import { certificationTapee, codeCertificationComplet, messageCodeAbsent } from './certification-absente.ts';

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
    // What to do meanwhile: the code is kept on save, and the rule that says it (docs/RULES.md).
    expect(m).toContain(
      'vous pouvez enregistrer la formation avec ce code laissé dans le champ : il est gardé tel que saisi',
    );
    expect(m).toContain('« Non réglementaire » (contrôle CERT_INCONNUE, bloquant');
    expect(m).toContain('recontrôlée dès la mise à jour du référentiel');
    const sansBcn = messageCodeAbsent({ code: '01022107', repertoire: 'bcn', charge: null });
    expect(sansBcn).toMatch(
      /^Le code diplôme 01022107 n’est pas dans les référentiels chargés dans Offre : aucune BCN n’y est chargée ; /,
    );
    // No BCN loaded: CERT_INCONNUE cannot run yet (non applicable), the message does not say « Non réglementaire ».
    expect(sansBcn).toContain('sera contrôlé (contrôle CERT_INCONNUE, bloquant) dès qu’une BCN sera chargée');
    expect(sansBcn).not.toContain('Non réglementaire');
  });
});

describe('the certification a save takes from the search field', () => {
  it('is a complete code where its choice would go, nothing for words or a beginning', () => {
    expect(certificationTapee(' rncp 37313 ')).toEqual({ rncp: 'RNCP37313' });
    expect(certificationTapee('37313')).toEqual({ rncp: 'RNCP37313' });
    expect(certificationTapee('rs5841')).toEqual({ rncp: 'RS5841' });
    expect(certificationTapee('01022107')).toEqual({ cfd: '01022107' });
    for (const s of ['', 'RNCP3', 'management commercial', 'RNCP34825 – Titre d’ingénieur'])
      expect(certificationTapee(s)).toBeNull();
  });
});
