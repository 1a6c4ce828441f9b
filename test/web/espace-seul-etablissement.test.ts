import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_B } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { creerParFormulaire, ficheComplete, loadReferentiels } from './espace.helpers.ts';

// A structure of one establishment: a new formation's « Organisme responsable » and « Organisme
// formateur » start on it (a fresh user, 07/12, saved a draft with both empty and learnt it only at
// « Publier »); with two establishments the choice stays the user's.

let t: TestWeb;
let nav: Navigateur;
const SIREN_B = SIRET_B.slice(0, 9);

/** The `<option>` elements of the select named `name` in `html`, with whether each is selected. */
function options(html: string, name: string): { valeur: string; choisie: boolean }[] {
  const select = html.match(
    new RegExp(`<select[^>]*name="${name.replace('.', '\\.')}"[^>]*>([\\s\\S]*?)</select>`),
  );
  if (!select) throw new Error(`pas de liste ${name} dans la page`);
  return [...select[1]!.matchAll(/<option([^>]*)>/g)].map((o) => ({
    valeur: o[1]!.match(/value="([^"]*)"/)?.[1] ?? '',
    choisie: /\sselected(?:=""|\b)/.test(o[1]!),
  }));
}

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'seul@cfa-b.test', role: 'organisme', siren: SIREN_B }, '10.21.0.1');
  // The structure's one known establishment: the one its first offer names.
  await creerParFormulaire(nav, ficheComplete(SIRET_B, { intitule: 'Première offre' }));
});
afterAll(() => t.close());

describe('a new formation of a structure with one establishment', () => {
  it('starts with that establishment as responsable and formateur', async () => {
    const r = await nav.get('/espace/formations/nouvelle');
    expect(r.statusCode).toBe(200);
    for (const champ of ['responsable.siret', 'formateur.siret']) {
      const o = options(r.body, champ);
      expect(
        o.filter((x) => x.valeur !== '').map((x) => x.valeur),
        champ,
      ).toEqual([SIRET_B]);
      expect(
        o.filter((x) => x.choisie).map((x) => x.valeur),
        champ,
      ).toEqual([SIRET_B]);
    }
  });

  it('leaves the choice empty when the structure has two', async () => {
    const autre = `${SIREN_B}00021`; // a valid SIRET (Luhn) of the same SIREN
    await t.ctx.db
      .insertInto('organisme')
      .values({ siret: autre, siren: SIREN_B, raison_sociale: 'CFA B, second site' } as never)
      .execute();
    const r = await nav.get('/espace/formations/nouvelle');
    const o = options(r.body, 'responsable.siret');
    expect(
      o
        .filter((x) => x.valeur !== '')
        .map((x) => x.valeur)
        .sort(),
    ).toEqual([autre, SIRET_B].sort());
    expect(o.filter((x) => x.choisie).map((x) => x.valeur)).toEqual(['']);
  });
});
