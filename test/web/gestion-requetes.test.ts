import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { type CompteurRequetes, compteurRequetes } from '../../src/db/compteur-requetes.ts';
import type { Database } from '../../src/db/database.ts';
import type { Acteur } from '../../src/domain/acteur.ts';
import { buildApp } from '../../src/http/app.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, Navigateur, type TestWeb } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { testDatabase } from '../helpers/db.ts';

// The number of statements the gestionnaire's queue and review pages send to the database
// (issue 9 speed: a page's cost under load is mostly its round trips). Pinned: a change that adds
// a read, or reads per offer / per session / per history entry (N+1), fails here. Counted by a
// Kysely plugin on the application's own database handle (src/db/compteur-requetes.ts), session
// and notification reads of the page frame included.

/**
 * Statements per page on 1 December 2026 (docs/mesures.md; before the work: 5, 40 and 47). Lower
 * is welcome: update. Every offer here has a neighbour (same responsable and certification), so
 * the duplicate rule's neighbour reads are always made.
 */
// revueNouvelle 35 → 36 on 3 December 2026: the certification's titles read once (one statement,
// whatever the offer) to name it on the review of a first publication.
// revueNouvelle 36 → 37, revueRevision 41 → 42 on 4 December 2026: which of the neighbours the
// reader may read (formation.lisible.ts, one statement), so that FORM_DOUBLON names none other.
// revueNouvelle 37 → 38, revueRevision 42 → 43 on 5 December 2026: the structures' names read with
// the rules' facts (one statement, whatever the offer), so that rule messages name the organisme.
// revueNouvelle 38 → 41, revueRevision 43 → 46 on 7 December 2026: the review's additions of the
// day (the other régions of the offer, its mandataire), still fixed whatever the sessions.
const ATTENDU = { file: 3, revueNouvelle: 41, revueRevision: 46 };

let database: Database;
let t: TestWeb;
let compteur: CompteurRequetes;
let g: Navigateur;
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'x',
  email: 'cfa@a.test',
  nom: 'CFA',
  role: 'organisme',
  siren: '130025265',
  regions: [],
  academies: [],
};
const gestionnaire: Acteur = { ...organisme, role: 'gestionnaire', siren: null, regions: ['84'] };

/** Statements sent while serving `url` to the signed-in gestionnaire (200 expected). */
async function requetes(url: string): Promise<number> {
  compteur.reset();
  const r = await g.get(url);
  expect(r.statusCode, url).toBe(200);
  return compteur.n;
}

/** A published offer waiting for validation, with `sessions` sessions in Lyon. */
async function enAttente(cle: string, sessions = 1) {
  const base = bts(cle, { intitule: `BTS ${cle}` });
  const s0 = base.sessions[0]!;
  const input = {
    ...base,
    sessions: Array.from({ length: sessions }, (_, i) => ({ ...s0, cle_externe: `S${i}` })),
  };
  const { id } = await saveFormation(t.ctx, organisme, input);
  await transition(t.ctx, organisme, id, 'publier');
  return { id, input };
}

beforeAll(async () => {
  compteur = compteurRequetes();
  database = await testDatabase();
  const ctx: AppContext = {
    db: database.db.withPlugin(compteur),
    engine: database.engine,
    now: () => NOW,
    config: { ...readConfig({}), urlPublique: 'http://offre.test' },
  };
  const app = await buildApp(ctx);
  t = {
    database,
    ctx,
    app,
    smtp: undefined as never,
    courrielsPartis: () => app.travauxApresReponse(),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
  await loadReferentiels(ctx.db, REFERENTIELS);
  const a = await compte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' });
  g = new Navigateur(app, '10.30.0.1');
  await g.seConnecter(a.email, a.motDePasse);
});
afterAll(() => t.close());

describe('statements per gestionnaire page', () => {
  it('the queue: a fixed number, whatever the number of offers waiting (no read per offer)', async () => {
    for (let i = 0; i < 3; i++) await enAttente(`FQ-${i}`, 2);
    await g.get('/gestion'); // warm: session renewal, first-visit writes
    const trois = await requetes('/gestion');
    for (let i = 3; i < 9; i++) await enAttente(`FQ-${i}`, 3);
    const neuf = await requetes('/gestion');
    expect(neuf, compteur.sqls.join('\n')).toBe(trois);
    expect(trois, compteur.sqls.join('\n')).toBe(ATTENDU.file);
    expect(await requetes('/gestion?nature=nouvelle&departement=69')).toBe(ATTENDU.file);
  });

  it('the review of a first publication: fixed, whatever its sessions and history', async () => {
    const un = await enAttente('RV-1', 1);
    const quatre = await enAttente('RV-4', 4);
    // More history on the second: returned, corrected, published again.
    await transition(t.ctx, gestionnaire, quatre.id, 'retourner', 'Précisez le contenu.');
    await saveFormation(t.ctx, organisme, { ...quatre.input, objectif: 'Un objectif précisé.' });
    await transition(t.ctx, organisme, quatre.id, 'publier');
    const a = await requetes(`/gestion/formations/${un.id}`);
    const b = await requetes(`/gestion/formations/${quatre.id}`);
    expect(b, compteur.sqls.join('\n')).toBe(a);
    expect(a, compteur.sqls.join('\n')).toBe(ATTENDU.revueNouvelle);
  });

  it('the review of a pending revision: fixed, whatever its sessions', async () => {
    await enAttente('RV-VOISINE'); // a neighbour, as in the other cases
    const rev = await enAttente('RV-REV', 2);
    const rev3 = await enAttente('RV-REV3', 5);
    await transition(t.ctx, gestionnaire, rev3.id, 'valider');
    await saveFormation(t.ctx, organisme, { ...rev3.input, objectif: 'Un autre objectif.' });
    await transition(t.ctx, gestionnaire, rev.id, 'valider');
    await saveFormation(t.ctx, organisme, { ...rev.input, objectif: 'Nouvel objectif.' });
    const n = await requetes(`/gestion/formations/${rev.id}`);
    expect(n, compteur.sqls.join('\n')).toBe(ATTENDU.revueRevision);
    expect(await requetes(`/gestion/formations/${rev3.id}`)).toBe(ATTENDU.revueRevision);
  });
});
