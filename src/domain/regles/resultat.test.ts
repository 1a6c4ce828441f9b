import { describe, expect, it } from 'vitest';
import { preuveTexte } from './resultat.ts';

describe('preuveTexte', () => {
  const base = {
    kind: 'communes',
    run_id: 1,
    fait: 'communes des lieux trouvées',
    importe_le: '2026-11-03T10:00:00Z',
  };

  it('names a file without its own date (the built-in list) by its import date, never "null"', () => {
    const texte = preuveTexte({ ...base, fichier: '@etalab/decoupage-administratif 6.0.0', date: null });
    expect(texte).toBe(
      'communes des lieux trouvées (source : @etalab/decoupage-administratif 6.0.0, importé le 3 novembre 2026)',
    );
  });

  it('gives the file’s own date and the import date apart', () => {
    const texte = preuveTexte({ ...base, fichier: 'communes.csv', date: '2026-11-02' });
    expect(texte).toBe(
      'communes des lieux trouvées (source : communes.csv du 2 novembre 2026, importé le 3 novembre 2026)',
    );
  });
});
