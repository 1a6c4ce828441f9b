import { describe, expect, it } from 'vitest';
import { raisonRecalcul } from './plateforme-recalcul.ts';

// The reason written with a status the recomputation moved (action recalcul): each cause named.

const sans = { hors: null, echecs: [], regle: { id: 3, statut: 'a_publier' }, fermeture: null };
const avant = { statut: 'pret_pour_integration' as const, annee: 2026 };
const np = { statut: 'non_publiable' as const, decision: null, annee: 2026 };

describe('raisonRecalcul', () => {
  it('non-publishable: outside the perimeter, with the blocking rules that took it out', () => {
    expect(
      raisonRecalcul('parcoursup', avant, np, {
        ...sans,
        hors: 'l’offre n’est pas au Catalogue général',
        echecs: [{ code: 'SESSION_DATES', severite: 'bloquant' }],
      }),
    ).toEqual({
      raison:
        'hors du périmètre de Parcoursup : l’offre n’est pas au Catalogue général (règle bloquante en échec : SESSION_DATES (Dates de session valides)).',
      regles: ['SESSION_DATES'],
    });
  });

  it('non-publishable: failing platform rules, no scope rule, a scope rule that excludes it', () => {
    const deux = raisonRecalcul('affelnet', avant, np, {
      ...sans,
      echecs: [
        { code: 'FORM_PREMIERE_ANNEE', severite: 'plateforme' },
        { code: 'LIEU_UAI', severite: 'plateforme' },
      ],
    });
    expect(deux.regles).toEqual(['FORM_PREMIERE_ANNEE', 'LIEU_UAI']);
    expect(deux.raison).toMatch(/^règles en échec : FORM_PREMIERE_ANNEE \(.+\) et LIEU_UAI \(.+\)\.$/);
    expect(raisonRecalcul('affelnet', avant, np, { ...sans, regle: null }).raison).toBe(
      'aucune règle de périmètre d’Affelnet ne couvre l’offre.',
    );
    expect(
      raisonRecalcul('parcoursup', avant, np, { ...sans, regle: { id: 7, statut: 'non_publiable' } }).raison,
    ).toBe('la règle de périmètre n° 7 : « Non publiable » exclut l’offre de Parcoursup.');
  });

  it('back in: a kept decision applies again; published last campaign; publishable', () => {
    const prec = { statut: 'non_publiable' as const, annee: 2026 };
    expect(
      raisonRecalcul('parcoursup', prec, { statut: 'non_publie', decision: 'non_publie', annee: 2026 }, sans)
        .raison,
    ).toBe(
      'l’offre est de nouveau dans le périmètre de Parcoursup : la décision d’instructeur « Ne pas publier » gardée s’applique de nouveau.',
    );
    expect(
      raisonRecalcul(
        'parcoursup',
        { statut: 'publie', annee: 2026 },
        { statut: 'pret_pour_integration', decision: null, annee: 2027 },
        sans,
      ).raison,
    ).toBe(
      'Nouvelle campagne 2027 : publiée sur Parcoursup la campagne précédente : prête pour intégration sans nouvelle décision.',
    );
    expect(
      raisonRecalcul('parcoursup', prec, { statut: 'a_publier', decision: null, annee: 2026 }, sans).raison,
    ).toBe(
      'l’offre devient publiable (règle de périmètre n° 3 : « À publier ») : plus aucune condition ne l’écarte de Parcoursup. Un instructeur décide de sa publication (une décision « Publier » antérieure n’est pas reprise).',
    );
  });
});
