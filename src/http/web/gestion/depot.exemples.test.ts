import { describe, expect, it } from 'vitest';
import { exempleLigne } from './depot.exemples.ts';

describe('exempleLigne', () => {
  it('shows a changed commune as its key, then each field before → after', () => {
    const t = exempleLigne({
      code_insee: '01001',
      champs: {
        nom: { avant: 'L’Abergement', apres: 'L’Abergement-Clémenciat' },
        code_postal: { avant: null, apres: '01400' },
      },
    });
    expect(t).not.toContain('[object Object]');
    expect(t).toBe(
      'code_insee 01001 — nom : L’Abergement → L’Abergement-Clémenciat ; code_postal : — → 01400',
    );
  });

  it('shows an added or removed row by its fields', () => {
    expect(exempleLigne({ code_insee: '01002', run_id: 3, nom: null })).toBe('code_insee 01002');
  });
});
