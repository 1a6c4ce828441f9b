import { describe, expect, it } from 'vitest';
import { certificationDeDiplome, mefDeLigne, niveauDe, typeDiplomeDeCfd } from './bcn.builder.ts';
import { FormationDiplomeRow, MefRow } from './bcn.rows.ts';
import { enteteKit, KitRow, lienDeKit } from './kit.importer.ts';
import { versWgs84 } from './lambert.ts';
import { actifDe, isVoieApprentissage, niveauEurope, romesDe, typeEnregistrement } from './rncp.builder.ts';
import { texteFc } from './rncp.rows.ts';
import { date, RowError, siret, stage } from './rows.ts';

describe('official values', () => {
  it('dates: JJ/MM/AAAA, the 01/01/1900 sentinel, impossible dates refused', () => {
    expect(date.parse('06/08/1991')).toBe('1991-08-06');
    expect(date.parse('01/01/1900')).toBeNull();
    expect(date.parse(' ')).toBeNull();
    expect(date.parse('2024-02-22')).toBe('2024-02-22');
    expect(date.safeParse('31/02/2020').success).toBe(false);
  });
  it('SIRET: the TAB France compétences writes inside the quotes is removed', () => {
    expect(siret.parse('\t11004301500012')).toBe('11004301500012');
    expect(siret.parse('')).toBeNull();
    expect(siret.safeParse('1100430150001').success).toBe(false);
  });
  it("doubled apostrophes ('') are undoubled", () => {
    expect(texteFc.parse("Management et ingénierie d''affaires")).toBe("Management et ingénierie d'affaires");
  });
  it('a validation failure names the official column', () => {
    const r = stage(
      FormationDiplomeRow,
      { FORMATION_DIPLOME: '50022326', DATE_FERMETURE: '32/01/2020' },
      'f.csv',
      7,
    );
    expect(r).toEqual({
      ok: false,
      rejet: {
        fichier: 'f.csv',
        ligne: 7,
        colonne: 'DATE_FERMETURE',
        message: 'date invalide « 32/01/2020 » (attendu JJ/MM/AAAA)',
      },
    });
  });
  it('a bound the schema did not word itself reads in French, not in Zod’s words', async () => {
    const { z } = await import('zod');
    await import('../config.ts');
    const r = stage(z.object({ LIBELLE: z.string().max(5) }), { LIBELLE: 'beaucoup trop long' }, 'f.csv', 3);
    expect(r.ok).toBe(false);
    const m = (r as { rejet: { message: string } }).rejet.message;
    expect(m.replace(/\s/g, ' ')).toBe('18 caractères, 5 au plus');
    expect(m).not.toMatch(/Trop grand|<=/);
  });
});

describe('BCN builders', () => {
  it('diploma type from the CFD prefix, level from the RNCP level or the old nomenclature', () => {
    expect(typeDiplomeDeCfd('50022326', 'CAP')).toBe('CAP');
    expect(typeDiplomeDeCfd('32031213', null)).toBe('BTS');
    expect(typeDiplomeDeCfd('46T31203', 'TP')).toBe('TP');
    expect(niveauDe('04', '400')).toBe('4');
    expect(niveauDe('00', '967')).toBeNull();
    expect(niveauDe(null, '500')).toBe('3');
    expect(niveauDe(null, '135')).toBe('7');
  });
  it('successions come from NOUVEAU_DIPLOME_n; a closed diploma is inactive', () => {
    const row = FormationDiplomeRow.parse({
      FORMATION_DIPLOME: '50022326',
      NIVEAU_FORMATION_DIPLOME: '500',
      LIBELLE_LONG_200: 'ALLIAGES',
      DATE_FERMETURE: '31/08/2009',
      NOUVEAU_DIPLOME_1: '50022340',
      NOUVEAU_DIPLOME_3: '5002234a',
    });
    expect(certificationDeDiplome(row, 'N_FORMATION_DIPLOME', '2026-09-01')).toMatchObject({
      successeurs: ['50022340', '5002234A'],
      actif: false,
      date_fin: '2009-08-31',
      niveau: '3',
    });
  });
  it('MEF10: 9th character = duration, 10th = year', () => {
    expect(mefDeLigne(MefRow.parse({ MEF: '2402100131', FORMATION_DIPLOME: '40025214' }))).toEqual({
      mef: '2402100131',
      cfd: '40025214',
      duree: 3,
      annee: 1,
    });
  });
});

describe('RNCP builders', () => {
  it('recognises the apprenticeship route whatever the apostrophe', () => {
    expect(isVoieApprentissage('En contrat d’apprentissage')).toBe(true);
    expect(isVoieApprentissage("En contrat d'apprentissage")).toBe(true);
    expect(isVoieApprentissage('En contrat de professionnalisation')).toBe(false);
  });
  it('is loud on unknown official values', () => {
    expect(typeEnregistrement('Enregistrement de droit', 'Type_Enregistrement')).toBe('droit');
    expect(typeEnregistrement('Enregistrement sur demande', 'Type_Enregistrement')).toBe('sur_demande');
    expect(() => typeEnregistrement('Enregistrement provisoire', 'Type_Enregistrement')).toThrow(RowError);
    expect(() => actifDe('PEUT-ETRE', 'Actif')).toThrow(RowError);
    expect(niveauEurope('NIV5')).toBe('5');
    expect(niveauEurope(null)).toBeNull();
  });
});

describe('kit builders', () => {
  it('maps every known header variant and restores a lost leading zero', () => {
    expect(['Code Diplôme', 'Code diplome', 'CFD', 'Code diplôme (CFD)'].map(enteteKit)).toEqual(
      Array(4).fill('Code Diplôme'),
    );
    expect(['FicheRNCP', 'Code RNCP', 'N° fiche RNCP'].map(enteteKit)).toEqual(Array(3).fill('FicheRNCP'));
    const lu = lienDeKit(KitRow.parse({ 'Code Diplôme': '1022001', FicheRNCP: '955' }));
    expect(lu).toEqual({
      faits: [{ table: 'certification_lien', row: { cfd: '01022001', rncp: 'RNCP955' } }],
    });
    expect(lienDeKit(KitRow.parse({ 'Code Diplôme': '13511008', FicheRNCP: 'NR' }))).toEqual({
      ignore: true,
      motif: 'code RNCP « NR » (non renseigné) ou absent',
    });
  });
});

describe('Lambert-93 → WGS84', () => {
  it('converts the projection origin and an overseas point', () => {
    expect(versWgs84(700000, 6600000, '075')).toEqual({ lat: 46.5, lon: 3 });
    const reunion = versWgs84(338000, 7690000, '974')!;
    expect(reunion.lat).toBeCloseTo(-20.9, 1);
    expect(reunion.lon).toBeCloseTo(55.4, 1);
    expect(versWgs84(null, 6600000, '075')).toBeNull();
    expect(versWgs84(0, 0, '075')).toBeNull();
  });
});

describe('RNCP builders, ROME', () => {
  it('keeps each ROME code once with its label, in the same order (a repeated row, a missing label)', () => {
    expect(
      romesDe(
        ['D1102', 'D1104', 'D1102', '', 'H1102'],
        ['Boulangerie - viennoiserie', ' Pâtisserie ', 'x', 'y'],
      ),
    ).toEqual({
      rome: ['D1102', 'D1104', 'H1102'],
      rome_libelles: ['Boulangerie - viennoiserie', 'Pâtisserie', ''],
    });
  });
});
