import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { controlesDeFormation } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// Issue 9: the review of a pending revision shows the rules evaluated on the revision (what
// validating it would store), beside the diffused version's, on the page and through the API.
// Before, it showed the diffused version's results only.

let t: TestWeb;
let g84: Navigateur;
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');

/** An apprenticeship offer also funded by the Région: its session needs a market number (CONV_MARCHE). */
function conventionnee(cle: string, numero_marche: string | null): FormationInput {
  const base = formationFixture({ cle_externe: cle, intitule: `BTS Révision ${cle}` });
  return {
    ...base,
    sessions: base.sessions.map((s) => ({
      ...s,
      financeur: 'region' as const,
      numero_marche,
      contact: { nom: 'Accueil', telephone: '0472000000', courriel: 'accueil@cfa.example' },
    })),
  };
}

/** Published and validated `input`, then `revision` submitted by the organisme: the offer's id. */
async function revisee(input: FormationInput, revision: FormationInput): Promise<string> {
  const { id } = await saveFormation(t.ctx, organisme, input);
  await transition(t.ctx, organisme, id, 'publier');
  await transition(t.ctx, gestionnaire, id, 'valider');
  const r = await saveFormation(t.ctx, organisme, revision, { id });
  expect(r.revision).toBe(true);
  return id;
}

/** The page's row of `code` in the rules table: [revision's result, diffused version's result]. */
function ligne(html: string, code: string): [string, string] {
  const table = html.slice(html.indexOf('id="controles"'), html.indexOf('id="organisme"'));
  const m = table.match(new RegExp(`<th scope="row">${code}</th><td>([^<]*)</td><td>([^<]*)</td>`));
  if (!m) throw new Error(`pas de ligne ${code}`);
  return [m[1]!, m[2]!];
}

const echecs = (cs: readonly { code: string; resultat: string }[]) =>
  [...new Set(cs.filter((c) => c.resultat === 'echec').map((c) => c.code))].sort();

async function apiRevision(id: string) {
  const res = await t.app.inject({
    url: `/api/v1/formations/${id}/revision`,
    cookies: Object.fromEntries(g84.cookies),
  });
  expect(res.statusCode).toBe(200);
  return res.json() as {
    controles: { code: string; resultat: string }[];
    ecarts: { corrige: string[]; introduit: string[] };
  };
}

beforeAll(async () => {
  t = await testWeb();
  const a = await compte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' });
  g84 = new Navigateur(t.app, '10.21.0.1');
  await g84.seConnecter(a.email, a.motDePasse);
});
afterAll(() => t?.close());

describe('review of a pending revision', () => {
  it('shows a blocking rule the revision fixes as passing, while the diffused version still fails it', async () => {
    const id = await revisee(conventionnee('REV-FIX', null), conventionnee('REV-FIX', 'M1451401'));
    // The diffused version fails CONV_MARCHE (bloquant), as stored.
    expect(echecs(await controlesDeFormation(t.ctx.db, id, t.ctx.now(), null))).toContain('CONV_MARCHE');

    const page = await g84.get(`/gestion/formations/${id}`);
    expect(page.statusCode).toBe(200);
    expect(ligne(page.body, 'CONV_MARCHE')).toEqual(['Conforme', 'Échec (bloquant)']);
    expect(page.body).toContain('Cette révision corrige <strong>CONV_MARCHE</strong>');
    expect(page.body).not.toContain('la révision est contrôlée une fois validée');

    const api = await apiRevision(id);
    expect(api.ecarts).toEqual({ corrige: ['CONV_MARCHE'], introduit: [] });
    expect(api.controles.find((c) => c.code === 'CONV_MARCHE')?.resultat).toBe('passe');

    // What the review announced is what validating stores.
    await transition(t.ctx, gestionnaire, id, 'valider');
    expect(echecs(await controlesDeFormation(t.ctx.db, id, t.ctx.now(), null))).toEqual(
      echecs(api.controles),
    );
  });

  it('shows a rule the revision breaks as failing before it is validated', async () => {
    const input = formationFixture({ cle_externe: 'REV-BREAK', intitule: 'BTS Révision REV-BREAK' });
    // The revision drops the référent handicap (ORG_REFERENT_HANDICAP) and adds a session.
    const revision: FormationInput = {
      ...input,
      // Its only contact becomes a pedagogical one: no référent handicap, the contact still there.
      contacts: input.contacts.map((c) => ({ ...c, type: 'pedagogique' as const, telephone: '0102030405' })),
      sessions: [
        ...input.sessions,
        { ...input.sessions[0]!, cle_externe: 'S2027', debut: '2027-09-01', fin: '2029-06-30' },
      ],
    };
    const id = await revisee(input, revision);
    expect(echecs(await controlesDeFormation(t.ctx.db, id, t.ctx.now(), null))).not.toContain(
      'ORG_REFERENT_HANDICAP',
    );

    const page = await g84.get(`/gestion/formations/${id}`);
    expect(ligne(page.body, 'ORG_REFERENT_HANDICAP')).toEqual(['Échec (plateforme)', 'Conforme']);
    expect(page.body).toContain('Cette révision introduit <strong>ORG_REFERENT_HANDICAP</strong>');

    const api = await apiRevision(id);
    expect([...api.ecarts.introduit].sort()).toEqual(['ORG_REFERENT_HANDICAP']);
    // (The added session may fix SESSION_CAMPAGNE, depending on today's campaign.)
    expect(api.ecarts.corrige).not.toContain('ORG_REFERENT_HANDICAP');

    await transition(t.ctx, gestionnaire, id, 'valider');
    expect(echecs(await controlesDeFormation(t.ctx.db, id, t.ctx.now(), null))).toEqual(
      echecs(api.controles),
    );
  });

  it('says so when a revision changes no failing rule', async () => {
    const input = formationFixture({ cle_externe: 'REV-SAME', intitule: 'BTS Révision REV-SAME' });
    const id = await revisee(input, { ...input, objectif: 'Un autre objectif, sans effet sur les règles.' });
    const page = await g84.get(`/gestion/formations/${id}`);
    expect(page.body).toContain('Cette révision ne change aucun contrôle en échec.');
    expect((await apiRevision(id)).ecarts).toEqual({ corrige: [], introduit: [] });
  });
});
