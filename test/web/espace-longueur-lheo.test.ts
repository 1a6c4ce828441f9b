import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';

// A CFA typed an 11,200-character objectif in the form: saved whole, but the partners who receive
// the offer in LHEO 2.3 get its first 3,000 characters only (the XSD's maxLength), and nothing told
// it. The form's objectif and contenu now say so under their label, and the offer's page says which
// saved text is longer, by how much — a notice, not a refusal (no conformity rule).

let t: TestWeb;
let org: Navigateur;
let longue: string;
let courte: string;
/** 11,200 characters of whole words. */
const OBJECTIF = `${'Former des professionnels capables. '.repeat(311)}Fin.`;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(t, { email: 'long@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.34.0.1');
  const a = organismeDe(SIREN_A);
  longue = (
    await saveFormation(
      t.ctx,
      a,
      formationFixture({ cle_externe: 'LONG', intitule: 'BTS long', objectif: OBJECTIF }),
    )
  ).id;
  courte = (await saveFormation(t.ctx, a, formationFixture({ cle_externe: 'COURT', intitule: 'BTS court' })))
    .id;
});
afterAll(() => t?.close());

describe('long texts and the LHEO export’s 3,000 characters', () => {
  it('the form’s objectif and contenu say what partners receive', async () => {
    const r = await org.get('/espace/formations/nouvelle');
    expect(r.statusCode).toBe(200);
    const indications = r.body.match(
      /<span class="fr-hint-text">Les partenaires \(export LHEO\) en reçoivent les 3\s000 premiers caractères\.<\/span>/g,
    );
    expect(indications).toHaveLength(2);
  });

  it('the offer’s page says a saved text is longer, without refusing anything', async () => {
    const r = await org.get(`/espace/formations/${longue}`);
    expect(r.statusCode).toBe(200);
    const avis = /<div class="fr-alert[^"]*" id="longueur-lheo">([\s\S]*?)<\/div>/.exec(r.body)?.[1] ?? '';
    expect(avis).toMatch(
      /L’objectif fait 11\s200 caractères : les partenaires qui reçoivent l’offre par l’export LHEO n’en reçoivent que les 3\s000 premiers\./,
    );
    expect(avis).not.toContain('Le contenu');
    const c = await org.get(`/espace/formations/${courte}`);
    expect(c.statusCode).toBe(200);
    expect(c.body).not.toContain('id="longueur-lheo"');
  });

  it('the export sends the first 3,000 characters, cut after a whole word', async () => {
    const r = await org.get('/espace/imports/lheo');
    expect(r.statusCode).toBe(200);
    const objectifs = [...r.body.matchAll(/<objectif-formation>([^<]*)<\/objectif-formation>/g)].map(
      (m) => m[1]!,
    );
    const coupe = objectifs.find((o) => o.startsWith('Former des professionnels'))!;
    expect(Array.from(coupe).length).toBeLessThanOrEqual(3000);
    expect(Array.from(coupe).length).toBeGreaterThan(2900);
    // A prefix of the saved text that ends where a word does.
    expect(OBJECTIF.startsWith(coupe)).toBe(true);
    expect(OBJECTIF[coupe.length]).toBe(' ');
  });
});
