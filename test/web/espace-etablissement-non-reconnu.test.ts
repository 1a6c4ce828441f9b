import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnComplete } from '../../src/domain/identifiants.ts';
import { SIREN_B, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { ficheComplete, liensDuResume, loadReferentiels } from './espace.helpers.ts';

// The form's channel of ETABLISSEMENT_NON_RECONNU (domain/etablissement-reconnu.ts): Sirene not
// loaded (so the co-contractor is not checked against it), a mandataire's user types as
// co-contractor an invented establishment of B, a structure Offre knows: refused on its field,
// nothing stored, the establishment not created.

const INVENTE = luhnComplete(`${SIREN_B}0777`);
const SIREN_A = SIRET_A.slice(0, 9);

let t: TestWeb;
let mandataire: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  const now = new Date();
  await t.ctx.db
    .insertInto('organisme')
    .values({ siret: SIRET_B, siren: SIREN_B, raison_sociale: 'Lycée B', created_at: now, updated_at: now })
    .execute();
  mandataire = await connecte(
    t,
    { email: 'saisie@pirate.test', role: 'organisme', siren: SIREN_A },
    '10.82.0.1',
  );
}, 400_000);
afterAll(() => t?.close());

const nombre = async (table: 'formation' | 'organisme', siret?: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .$if(!!siret, (q) => q.where('siret' as never, '=', siret as never))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('the formation form naming an invented establishment of another structure', () => {
  it('is refused on the co-contractor’s field, nothing stored', async () => {
    const avant = await nombre('formation');
    await mandataire.get('/espace/formations/nouvelle');
    const r = await mandataire.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, {
        intitule: 'Prépa avenir métiers',
        'certification.rncp': '',
        'modalites.contrat_apprentissage': 'non',
        'modalites.annees_apprentissage.1': '',
        'modalites.annees_apprentissage.2': '',
        'modalites.duree_annees': '0',
        'financeurs.region': 'oui',
        'mandataire.siret': SIRET_A,
        'responsable.siret': '',
        'responsable.siret_autre': INVENTE,
        'formateur.siret': '',
        'formateur.siret_autre': SIRET_A,
      }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toContain(
      `Organisme responsable : le SIRET 552 100 554 ${INVENTE.slice(9)} n’est connu ni d’Offre ni des référentiels`,
    );
    expect(liensDuResume(r.body)).toEqual(['responsable.siret']);
    expect(await nombre('formation')).toBe(avant);
    expect(await nombre('organisme', INVENTE)).toBe(0);
  });
});
