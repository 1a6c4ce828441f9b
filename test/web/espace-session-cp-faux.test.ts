import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { type Navigateur, type TestWeb, texte } from '../auth/web.helpers.ts';
import { creerParFormulaire, espaceAvecReferentiels, ficheComplete, sessionForm } from './espace.helpers.ts';

// Fresh user, 05/12/2026 (M2), the session form's side: a postal code no commune has (99999,
// Laval) is refused on its field with a message naming it, what was typed shown again, nothing
// stored — never stored empty. (The API and LHEO files keep it for LIEU_COMMUNE to report:
// test/api/lieu-code-postal-faux.test.ts; the workbook refuses the line: test/classeur/valeurs-tapees.)

let t: TestWeb;
let nav: Navigateur;
let id: string;

beforeAll(async () => {
  ({ t, nav } = await espaceAvecReferentiels('lou@cfa-cp-faux.test', '10.44.0.7'));
  id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'Session à un code postal faux' }));
});
afterAll(() => t.close());

describe('the session form: a postal code no commune has', () => {
  it('99999 Laval is refused on « Code postal », naming 99999; what was typed shown again; nothing stored', async () => {
    const sessions = () =>
      t.ctx.db.selectFrom('session').select('id').where('formation_id', '=', id).execute();
    const avant = await sessions();
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    await nav.get(url);
    const r = await nav.post(url, {
      ...sessionForm({
        'lieu.adresse': '18 avenue Jean Moulin',
        'lieu.code_postal': '99999',
        'lieu.commune': 'Laval',
      }),
      confirmer_doublon: 'oui',
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(400);
    const m = /id="lieu\.code_postal-erreur">([\s\S]*?)<\/p>/.exec(r.body);
    expect(m && texte(m[1]!)).toContain('99999');
    expect(r.body).toMatch(/name="lieu\.code_postal"[^>]*value="99999"/);
    expect(r.body).toMatch(/name="lieu\.adresse"[^>]*value="18 avenue Jean Moulin"/);
    expect(await sessions()).toEqual(avant);
  });
});
