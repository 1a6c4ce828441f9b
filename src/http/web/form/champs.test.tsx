import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ChampSelect, ChampTexte, ChampZoneTexte } from './champs.tsx';

// A field required for some choices only (« obligatoire pour publier », « … pour un gestionnaire »)
// never carries `required`: without JavaScript the browser would refuse a draft or another role's
// account before the server could say which choice needs it (h-petits3's reading, 06/12).
const OPTIONS: [string, string][] = [['12345678900011', 'CFA (SIRET 123 456 789 00011)']];

describe('the required attribute of a field', () => {
  const champs = {
    texte: (p: { requis?: boolean; conditionnel?: boolean }) =>
      render(<ChampTexte name="responsable.siret" label="Responsable" {...p} />),
    select: (p: { requis?: boolean; conditionnel?: boolean }) =>
      render(<ChampSelect name="responsable.siret" label="Responsable" options={OPTIONS} {...p} />),
    zone: (p: { requis?: boolean; conditionnel?: boolean }) =>
      render(<ChampZoneTexte name="motif" label="Motif" {...p} />),
  };

  for (const [nom, champ] of Object.entries(champs)) {
    it(`${nom}: required by default, never when conditional, never « (facultatif) » then`, () => {
      expect(champ({})).toMatch(/\srequired(=|\s|>)/);
      const conditionnel = champ({ conditionnel: true });
      expect(conditionnel).not.toMatch(/\srequired(=|\s|>)/);
      expect(conditionnel).not.toContain('facultatif');
      const facultatif = champ({ requis: false });
      expect(facultatif).not.toMatch(/\srequired(=|\s|>)/);
      expect(facultatif).toContain('(facultatif)');
    });
  }
});
