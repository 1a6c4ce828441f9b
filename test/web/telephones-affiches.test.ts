import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A } from '../helpers/formations.ts';

// Fresh users (07/12): the pages showed a contact's number as typed (« 0612345678 »,
// « +33 6 12 34 56 78 », « 06.12.34.56.78 »). Shown now in the national writing with a tel: link
// in E.164, overseas numbers with their own country code; the API keeps the value typed.

let t: TestWeb;
let id: string;
const organisme = organismeDe(SIREN_A);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  ({ id } = await saveFormation(
    t.ctx,
    organisme,
    formationFixture({
      cle_externe: 'TEL-AFFICHE-1',
      contacts: [
        { type: 'pedagogique', nom: 'Claire Martin', telephone: '0612345678', courriel: null },
        { type: 'accueil', nom: 'Accueil', telephone: '+33 4 72 00 00 01', courriel: null },
        { type: 'referent_apprentissage', nom: 'Réunion', telephone: '0262.12.34.56', courriel: null },
        { type: 'autre', nom: 'Standard', telephone: '04 72 00 00 00', courriel: null },
        { type: 'referent_handicap', nom: 'Paul Durand', telephone: null, courriel: 'handicap@cfa.example' },
      ],
    }),
  ));
  // A number stored before writes refused the incomplete ones (« 04 72 00 »): shown as it is.
  await t.ctx.db
    .updateTable('contact')
    .set({ telephone: '04 72 00' })
    .where('formation_id', '=', id)
    .where('nom', '=', 'Standard')
    .execute();
  await transition(t.ctx, organisme, id, 'publier');
  await transition(t.ctx, gestionnaireDe('84'), id, 'valider');
}, 120_000);
afterAll(() => t?.close());

describe('contact numbers on the public formation page', () => {
  it('are in the national writing, each a tel: link in E.164; text that is no number as typed', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/formations/${id}` });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('<a href="tel:+33612345678">06 12 34 56 78</a>');
    expect(r.body).toContain('<a href="tel:+33472000001">04 72 00 00 01</a>');
    expect(r.body).toContain('<a href="tel:+262262123456">0262 12 34 56</a>');
    const lu = texte(r.body);
    expect(lu).toContain('Standard — 04 72 00');
    expect(lu).not.toContain('0612345678');
    expect(r.body).not.toContain('tel:+33047200');
  });

  it('keeps the value typed in the API', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/formations/${id}` });
    expect(r.json().contacts.map((c: { telephone: string | null }) => c.telephone)).toEqual([
      '0612345678',
      '+33 4 72 00 00 01',
      '0262.12.34.56',
      '04 72 00',
      null,
    ]);
  });
});
