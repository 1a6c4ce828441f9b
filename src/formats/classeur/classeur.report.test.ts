import { describe, expect, it } from 'vitest';
import {
  type LigneRapport,
  lignesAutrementQueLApercu,
  messageApercuRecalcule,
  parentheseSessionAjoutee,
  phraseSessionAjoutee,
  rapportDe,
} from './classeur.report.ts';

// A stored preview confirmed after the offer changed: which rows came out otherwise (the wording's
// tense aside), and what the page says of it.

const ligne = (n: number, over: Partial<LigneRapport> = {}): LigneRapport => ({
  ligne: n,
  reference: `fo_${n}`,
  verdict: 'modifiee',
  champs: ['Intitulé'],
  erreurs: [],
  avertissements: [
    { colonne: 'Intitulé', code: 'CLASSEUR_MODIFICATION_NON_SIGNALEE', message: 'sera appliquée' },
  ],
  ...over,
});

describe('a preview recomputed at application', () => {
  it('is the same when only the tense of the messages differs', () => {
    const apercu = rapportDe([ligne(2), ligne(3)]);
    const applique = rapportDe([
      ligne(2, {
        avertissements: [
          { colonne: 'Intitulé', code: 'CLASSEUR_MODIFICATION_NON_SIGNALEE', message: 'a été appliquée' },
        ],
      }),
      ligne(3),
    ]);
    expect(lignesAutrementQueLApercu(apercu, applique)).toEqual([]);
  });

  it('names the rows whose verdict, columns or codes changed', () => {
    const apercu = rapportDe([ligne(2), ligne(3), ligne(4)]);
    const applique = rapportDe([
      ligne(2, { verdict: 'inchangee', champs: [], avertissements: [] }),
      ligne(3),
      ligne(4, { erreurs: [{ colonne: '', code: 'REVISION_EN_ATTENTE', message: '…' }], verdict: 'erreur' }),
    ]);
    expect(lignesAutrementQueLApercu(apercu, applique)).toEqual([2, 4]);
    expect(messageApercuRecalcule([2, 4])).toBe(
      'Les données ont changé depuis l’aperçu : l’aperçu a été recalculé au moment d’appliquer, et 2 lignes ont un autre résultat que celui qu’il annonçait (lignes 2, 4). Le détail ci-dessous est ce qui a été appliqué.',
    );
  });

  it('names ten rows at most', () => {
    const n = Array.from({ length: 12 }, (_, i) => i + 2);
    expect(messageApercuRecalcule(n)).toContain('(lignes 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 et 2 autres)');
  });
});

describe('a row adding a session to an existing formation', () => {
  const s = {
    nouveau_lieu: true,
    adresse: '12 rue Paul Bert',
    code_postal: '69003',
    commune: 'Lyon 3e Arrondissement',
    debut: '2027-09-01',
    fin: '2029-06-30',
  };
  it('names the session added, its place and its dates, and its formation', () => {
    expect(phraseSessionAjoutee(s, 'BTS MCO')).toBe(
      'Session ajoutée (nouveau lieu : Lyon 3e Arrondissement, du 1er septembre 2027 au 30 juin 2029) à la formation « BTS MCO » ; ses autres sessions ne changent pas.',
    );
    expect(parentheseSessionAjoutee({ ...s, nouveau_lieu: false, commune: null })).toBe(
      '(lieu : 12 rue Paul Bert, du 1er septembre 2027 au 30 juin 2029)',
    );
  });
});
