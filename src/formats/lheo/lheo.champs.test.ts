import { describe, expect, it } from 'vitest';
import '../../config.ts';
import { FormationInputSchema } from '../../domain/formation.schema.ts';
import { messageDeIssue } from '../../domain/probleme-champ.ts';
import { libelleLheo } from './lheo.reader.ts';

// The LHEO report's LHEO_CHAMP_INVALIDE in the form's words: « Intitulé (champ intitule) : 5 000
// caractères, 300 au plus. », the contract's path kept after the label, never Zod's wording
// (« Trop grand : chaîne de caractères doit avoir <=300 caractères »).

const ZOD = /Trop (grand|petit)|Entrée invalide|<=|>=|chaîne de caractères|tableau/;

describe('the formation schema’s issues as the LHEO report words them', () => {
  it('« Libellé (champ chemin) : problème. », never Zod’s wording', () => {
    const r = FormationInputSchema.safeParse(
      {
        cle_externe: 'x',
        intitule: 'a'.repeat(5000),
        modalites: { duree_annees: 'deux', annees_apprentissage: [7] },
        financeurs: Array(11).fill('region'),
        sessions: [{ debut: '2027-09-01', capacite: -1 }],
      },
      { reportInput: true },
    );
    if (r.success) throw new Error('parsed');
    const messages = r.error.issues.map((i) => {
      const c = i.path.join('.');
      return messageDeIssue(`${libelleLheo(c)} (champ ${c})`, i as never).replace(/\s/g, ' ');
    });
    expect(messages).toEqual(
      expect.arrayContaining([
        'Intitulé (champ intitule) : 5 000 caractères, 300 au plus.',
        'Durée du cursus (champ modalites.duree_annees) : un nombre attendu, reçu le texte « deux ».',
        'Années ouvertes à l’apprentissage (n° 1) (champ modalites.annees_apprentissage.0) : 7, 5 au plus.',
        'Financeurs (champ financeurs) : 11 éléments, 10 au plus.',
        'Capacité de la session 1 (champ sessions.0.capacite) : -1, 0 au moins.',
      ]),
    );
    for (const m of messages) expect(m).not.toMatch(ZOD);
  });
});
