import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { loadRegles } from '../../src/db/plateforme.repository.ts';
import { CERTIFICATIONS, EXPIREES } from '../../src/demo/certifications.data.ts';
import { PLATEFORMES, type RegleScope, regleApplicable } from '../../src/domain/plateforme.ts';
import { typeDiplome } from '../../src/domain/regles/certification.ts';
import { certification } from '../../src/domain/regles/regles.fixture.ts';
import { TYPE_PAR_PREFIXE } from '../../src/referentiels/bcn.builder.ts';
import { testDatabase } from '../helpers/db.ts';

// Issue 11 item 13: the default scope rules (as a new database has them) against every diploma
// type the importers and the demo produce, so that the vocabulary cannot drift again.

/** Raw types Offre knowingly does not name (no platform recruits on them by default). */
const NON_NOMMES = new Set(['BMA', 'BT', 'BTA', 'BAC TECHNO', 'BAC GENERAL', 'DMA']);
/** Named types outside the default scope (an administrator may add a rule). */
const HORS_PERIMETRE = new Set(['BEP', 'DUT', 'MASTER', 'INGENIEUR']);

/** What each source writes: BCN (CFD prefix), RNCP (Abrege_Libelle), the demo. */
const PRODUITS: [source: string, brut: string][] = [
  ...Object.values(TYPE_PAR_PREFIXE).map((t): [string, string] => ['BCN', t]),
  // A prefix the table does not name keeps the BCN's LIBELLE_COURT: the certificats de spécialisation.
  ...['CS3', 'CS4'].map((t): [string, string] => ['BCN', t]),
  ...['CAP', 'BTS', 'TP', 'Licence Professionnelle', 'Titre professionnel', 'BAC PRO'].map(
    (t): [string, string] => ['RNCP', t],
  ),
  ...[...CERTIFICATIONS, ...EXPIREES].map((c): [string, string] => ['démo', c.typeDiplome]),
];

let database: Database;
let regles: RegleScope[];
beforeAll(async () => {
  database = await testDatabase();
  regles = await loadRegles(database.db);
});
afterAll(() => database.close());

const nommer = (brut: string) =>
  typeDiplome({
    rncp: null,
    cfd: '00000000',
    ficheRncp: null,
    diplomeBcn: certification({ type: 'cfd', code: '00000000', type_diplome: brut }),
  });

const couvert = (type: string) =>
  PLATEFORMES.some((p) =>
    ['3', '4', '5', '6', '7'].some(
      (niveau) =>
        regleApplicable(regles, p, {
          niveau,
          type_diplome: type,
          duree: null,
          annee_entree: null,
          academies: [],
        }) !== null,
    ),
  );

describe('default scope rules and the diploma types actually produced', () => {
  it.each(PRODUITS)('%s « %s » is named, and reaches a platform or is knowingly out of scope', (_s, brut) => {
    const type = nommer(brut);
    if (type === null) {
      expect(NON_NOMMES, `type « ${brut} » sans nom canonique`).toContain(brut);
      return;
    }
    expect(couvert(type) || HORS_PERIMETRE.has(type), `type ${type} hors de toute règle par défaut`).toBe(
      true,
    );
  });

  it('licences professionnelles and titres professionnels reach Parcoursup', () => {
    const scope = (type_diplome: string, niveau: string) =>
      regleApplicable(regles, 'parcoursup', {
        niveau,
        type_diplome,
        duree: null,
        annee_entree: null,
        academies: [],
      })?.statut;
    expect(scope(nommer('LIC PRO')!, '6')).toBe('a_publier_verifier_acces_direct');
    expect(scope(nommer('LICENCE PRO')!, '6')).toBe('a_publier_verifier_acces_direct');
    expect(scope(nommer('TP')!, '5')).toBe('a_publier_habilitation');
    expect(scope(nommer('TITRE')!, '6')).toBe('a_publier_habilitation');
  });
});
