import { describe, expect, it } from 'vitest';
import { departementOfInsee, REGIONS, regionOfDepartement } from '../domain/geo.ts';
import { isValidSiret, isValidUai } from '../domain/identifiants.ts';
import { COMMUNES } from './communes.data.ts';
import { generateFormation, planOf } from './formations.ts';
import { generateOrganismes, organismeCount } from './organismes.ts';

const plan = (seed: number, n = 2000) => planOf(seed, 2027, generateOrganismes(seed, organismeCount(n)));
const formations = (seed: number, n: number) => {
  const p = plan(seed, n);
  return Array.from({ length: n }, (_, i) => generateFormation(p, i));
};

describe('demo generator', () => {
  it('gives the same offer for the same seed, another for another seed', () => {
    expect(formations(7, 300)).toEqual(formations(7, 300));
    expect(formations(8, 50).map((f) => f.id)).not.toEqual(formations(7, 50).map((f) => f.id));
  });

  it('writes the objective with the article of the diploma: « la Licence professionnelle », « le BTS »', () => {
    const objectifs = formations(42, 2000).map((f) => f.objectif ?? '');
    expect(objectifs.some((o) => o.includes('en alternance la Licence professionnelle'))).toBe(true);
    expect(objectifs.some((o) => o.includes('en alternance le Certificat de spécialisation'))).toBe(true);
    expect(objectifs.some((o) => o.includes('en alternance le BTS'))).toBe(true);
    expect(objectifs.filter((o) => /alternance le (Mention|Licence)/.test(o))).toEqual([]);
  });

  it('forges valid SIRET everywhere and valid UAI except the deliberately wrong ones', () => {
    const orgs = generateOrganismes(3, 800);
    expect(orgs.every((o) => isValidSiret(o.siret) && o.siret.startsWith(o.siren))).toBe(true);
    expect(new Set(orgs.map((o) => o.siret)).size).toBe(orgs.length);
    for (const o of orgs.filter((x) => x.uai)) expect(isValidUai(o.uai)).toBe(o.defaut !== 'uai_invalide');
    expect(orgs.filter((o) => o.nda).every((o) => /^\d{11}$/.test(o.nda!))).toBe(true);
  });

  // The stored sessions take their department and region from geo.ts (sessionRow), not from this table.
  it('places the communes table in every region, each row consistent with its department', () => {
    expect(new Set(COMMUNES.map((c) => c[4]))).toEqual(new Set(Object.keys(REGIONS)));
    for (const [insee, cp, , dep, reg] of COMMUNES) {
      expect(regionOfDepartement(dep)).toBe(reg);
      expect(departementOfInsee(insee)).toBe(dep);
      expect(cp).toMatch(/^\d{5}$/);
    }
  });

  it('spreads formations over every region, with about 13 % deliberately non-compliant', () => {
    const fs = formations(42, 2000);
    const regions = new Set(fs.flatMap((f) => f.sessions.map((s) => s.code_region)));
    expect(regions).toEqual(new Set(Object.keys(REGIONS)));
    const share = fs.filter((f) => f.defaut).length / fs.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.16);
    expect(fs.filter((f) => f.statut === 'publiee').length / fs.length).toBeGreaterThan(0.75);
  });

  it('closes the recruitment of every session of an archived formation', () => {
    const archivees = formations(42, 1000).filter((f) => f.statut === 'archivee');
    expect(archivees.length).toBeGreaterThan(10);
    for (const f of archivees)
      expect(f.sessions.map((s) => s.etat_recrutement)).toEqual(['ferme', 'ferme', 'ferme']);
  });

  it('keeps a multi-year cycle in ONE session, and splits it only for the deliberate SESSION_DECOUPEE case', () => {
    for (const f of formations(42, 1000)) {
      const years = f.sessions.map((s) => Number(s.fin!.slice(0, 4)) - Number(s.debut!.slice(0, 4)));
      if (f.defaut === 'session_decoupee' && f.duree_annees > 1) expect(years).toContain(1);
      else if (f.defaut !== 'duree') expect(years.every((y) => y === f.duree_annees)).toBe(true);
    }
  });

  it('gives conventionné sessions a financeur, a market number of 8 characters (bar the deliberate gap) and a contact', () => {
    const conv = formations(42, 2000).filter((f) => f.financeurs.length);
    expect(conv.length).toBeGreaterThan(20);
    for (const f of conv)
      for (const s of f.sessions) {
        expect(s.financeur).not.toBeNull();
        expect(s.contact?.nom).toBeTruthy();
        if (f.defaut === 'marche') expect(s.numero_marche).toBeNull();
        else expect(s.numero_marche).toMatch(/^[A-Z]\d{7}$/);
      }
  });
});
