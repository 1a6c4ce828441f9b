import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formationFixture } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { publieeEtRevisee } from '../helpers/revision.ts';

// A fresh tester's report (03/12): the queue's row of a revision took its Type and Verdict from
// the published version and its Départements from the revision (a CAP revision restoring the
// apprenticeship contract read « Hors apprentissage · Non réglementaire »). The row describes the
// revision being decided: its title, type and départements. Its verdict is computed on its review
// page only (no rule run per row of a queue of thousands): the row shows the published version's,
// labelled as such, not « Non calculé » (03/12, later: the row had lost every verdict).

let t: TestWeb;
let g84: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  g84 = await connecte(t, { email: 'g84@file.test', role: 'gestionnaire', region: '84' }, '10.44.0.1');
});
afterAll(() => t?.close());

/** The visible text of the queue's row of offer `id`. */
async function ligne(id: string): Promise<string> {
  const html = (await g84.get('/gestion?nature=revision')).body;
  const tr = html.split('<tr').find((x) => x.includes(`/gestion/formations/${id}"`));
  expect(tr, 'la ligne de la file').toBeDefined();
  return texte(`<tr${tr!}`);
}

describe('the queue’s row of a revision', () => {
  it('shows the revision’s title and type, not the published version’s', async () => {
    const base = formationFixture({ cle_externe: 'CAP-CUISINE-REV', intitule: 'CAP Cuisine sans contrat' });
    const publiee = {
      ...base,
      modalites: { ...base.modalites, contrat_apprentissage: false, annees_apprentissage: [] },
    };
    const id = await publieeEtRevisee(t.ctx, publiee, {
      intitule: 'CAP Cuisine en apprentissage',
      modalites: base.modalites,
    });
    const row = await ligne(id);
    expect(row).toContain('CAP Cuisine en apprentissage');
    expect(row).toContain('Apprentissage');
    expect(row).not.toContain('Hors apprentissage');
    expect(row).toContain('Rhône');
    // The published version's verdict, said to be the published version's.
    const publieeLue = t.ctx.db.selectFrom('formation').select('catalogue').where('id', '=', id);
    expect((await publieeLue.executeTakeFirstOrThrow()).catalogue).toBe('non_reglementaire');
    expect(row).toContain('Version diffusée : Non réglementaire');
    expect(row).toContain('révision : verdict sur sa page de revue');
    expect(row).not.toContain('Non calculé');
    // The verdict filter reads the same verdict.
    const filtree = (await g84.get('/gestion?nature=revision&verdict=non_reglementaire')).body;
    expect(filtree).toContain(`/gestion/formations/${id}"`);
    expect((await g84.get('/gestion?nature=revision&verdict=non_calcule')).body).not.toContain(
      `/gestion/formations/${id}"`,
    );
  });
});
