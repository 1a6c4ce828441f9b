import { describe, expect, it } from 'vitest';
import type { SessionInput } from '../../domain/formation.schema.ts';
import { messageRecrutementFerme } from './classeur.recrutement.ts';

const s = (debut: string, fin: string) => ({ debut, fin, etat_recrutement: 'ouvert' }) as SessionInput;

describe('messageRecrutementFerme', () => {
  it('one session, in the preview’s future, another place still public', () => {
    expect(messageRecrutementFerme([s('2027-09-09', '2029-06-02')], 1, false, true)).toBe(
      'le recrutement de la session de ce lieu (du 9 septembre 2027 au 2 juin 2029) sera fermé tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; sa session d’un autre lieu reste proposée au public.',
    );
  });

  it('several, in the past, several left; none left with a pending revision', () => {
    const deux = [s('2026-09-08', '2028-06-19'), s('2027-09-09', '2029-06-02')];
    expect(messageRecrutementFerme(deux, 3, false, false)).toBe(
      'le recrutement des 2 sessions de ce lieu (du 8 septembre 2026 au 19 juin 2028 et du 9 septembre 2027 au 2 juin 2029) a été fermé tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; ses 3 sessions d’autres lieux restent proposées au public.',
    );
    expect(messageRecrutementFerme(deux, 0, true, false)).toMatch(
      / ; elle n’est plus proposée au public tant qu’aucune session n’est ouverte ; la révision en attente de validation le reprend\.$/,
    );
    expect(messageRecrutementFerme(deux, 0, true, true)).toMatch(
      / ; elle ne sera plus proposée au public tant qu’aucune session n’est ouverte ; la révision en attente de validation le reprendra\.$/,
    );
  });
});
