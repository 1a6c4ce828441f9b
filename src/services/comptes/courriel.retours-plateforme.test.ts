import { describe, expect, it } from 'vitest';
import { renderCourriel } from './courriel.modeles.ts';

// A platform's return batch may carry hundreds of one organisme's offers: the e-mail lists 50 and
// counts the rest; the in-app notification names three at most.

const rejetees = Array.from({ length: 52 }, (_, i) => ({
  formation: { id: `fo_${i}`, intitule: i === 0 ? null : `BTS n° ${i}` },
  motif: `motif ${i}`,
  actionCorrective: null,
}));

describe('retours_plateforme', () => {
  it('lists 50 offers then counts the others, and names an untitled offer by its id', () => {
    const m = renderCourriel(
      { modele: 'retours_plateforme', plateforme: 'affelnet', publiees: [], rejetees },
      'https://offre.test',
    );
    expect(m.sujet).toBe('Affelnet : 52 offres rejetées');
    expect(m.texte).toContain(
      '- « formation fo_0 »\n  Motif : motif 0\n  https://offre.test/espace/formations/fo_0#plateformes',
    );
    expect(m.texte).toContain('- « BTS n° 49 »');
    expect(m.texte).not.toContain('BTS n° 50');
    expect(m.texte).toContain('- … et 2 autres');
    expect(m.texte).not.toContain('Publiées');
    expect(m.notification).toEqual({
      titre: 'Affelnet : 52 offres rejetées',
      texte: 'À corriger : « formation fo_0 » (motif 0), « BTS n° 1 » (motif 1), « BTS n° 2 » (motif 2)…',
      lien: '/espace',
    });
  });

  it('links the notification to the offer itself when there is only one', () => {
    const m = renderCourriel(
      {
        modele: 'retours_plateforme',
        plateforme: 'parcoursup',
        publiees: [{ formation: { id: 'fo_1', intitule: 'CAP Cuisine' }, idPlateforme: null }],
        rejetees: [],
      },
      'https://offre.test',
    );
    expect(m.sujet).toBe('Parcoursup : 1 offre publiée');
    expect(m.texte).toContain('Publiées sur Parcoursup :\n- « CAP Cuisine »\n');
    expect(m.notification?.lien).toBe('/espace/formations/fo_1#plateformes');
  });
});
