import { describe, expect, it } from 'vitest';
import { OffreError } from '../../domain/errors.ts';
import { LIMITES_LHEO, streamFormations } from './lheo.stream.ts';
import { validateLheo } from './lheo.validator.ts';

// Issue 15, defect 4 (LHEO side): deep nesting is refused while streaming, before anything walks
// the tree recursively (`offre lheo validate` overflowed the stack at 10,000 levels).

const doc = (interieur: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation numero="F1">${interieur}</formation></offres></lheo>`;
const imbrique = (n: number) => `${'<x>'.repeat(n)}${'</x>'.repeat(n)}`;

const premiereErreur = async (p: Promise<unknown>) => {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(OffreError);
  return e as OffreError;
};

describe('depth of an LHEO document', () => {
  it('reads a formation nested up to the limit', async () => {
    const lues = [];
    for await (const f of streamFormations([doc(imbrique(LIMITES_LHEO.profondeur - 3))])) lues.push(f);
    expect(lues).toHaveLength(1);
  });

  it('refuses one level more, naming the file and line', async () => {
    const lire = async () => {
      for await (const _ of streamFormations([doc(imbrique(LIMITES_LHEO.profondeur - 2))], 'profond.xml'));
    };
    const e = await premiereErreur(lire());
    expect(e.code).toBe('LHEO_PROFONDEUR');
    expect(e.message).toMatch(/^profond\.xml, ligne 1 : éléments imbriqués sur plus de 64 niveaux/);
  });

  it('refuses 10,000 levels in `offre lheo validate` instead of overflowing the stack', async () => {
    const e = await premiereErreur(
      validateLheo([doc(imbrique(10_000))], 'profond.xml', 200, 'jamais-lu.xsd'),
    );
    expect(e.code).toBe('LHEO_PROFONDEUR');
  });
});
