import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { connecte, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { formationFixture } from '../helpers/formations.ts';

// The evidence of the rules on the gestionnaire's review, in French: the reference files' own field
// names (« actionsDeFormationParApprentissage = true », « etatAdministratifEtablissement = A ») are
// read through their labels (domain/regles/champs-referentiels.ts). Real fixtures of
// test/fixtures/referentiels/organismes (SIRET 73282932000074: open in Sirene, Qualiopi
// apprenticeship in the DGEFP list); real HTTP layer (inject).

const fixture = (p: string) =>
  fileURLToPath(new URL(`../fixtures/referentiels/organismes/${p}`, import.meta.url));
const SIRET = '73282932000074';
let t: TestWeb;
let id: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await importReferentiel(t.ctx, { kind: 'sirene', fichier: fixture('StockEtablissement.csv'), force: true });
  await importReferentiel(t.ctx, { kind: 'lpof', fichier: fixture('liste-publique-of.csv'), force: true });
  ({ id } = await saveFormation(t.ctx, organismeDe(SIRET.slice(0, 9)), formationFixture({ siret: SIRET })));
});
afterAll(() => t.close());

describe('the evidence on the review page', () => {
  it('names the reference fields in French, never by their file identifiers', async () => {
    const nav = await connecte(t, { email: 'gael@admin-preuves.test', role: 'admin' }, '10.43.0.1');
    const r = await nav.get(`/gestion/formations/${id}`);
    expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(200);
    const h = texte(r.body);
    expect(h).toContain(
      'NDA 11755555575 (SIRET) : certifié Qualiopi pour les actions de formation par apprentissage : oui',
    );
    expect(h).toContain(`SIRET ${SIRET} : établissement : actif`);
    expect(h).not.toContain('actionsDeFormationParApprentissage');
    expect(h).not.toContain('etatAdministratifEtablissement');
  });
});
