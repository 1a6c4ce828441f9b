import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompteurRequetes, compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';

// The statements the organisation's formation pages send (the review of 6 December 2026: the
// formation page read its history twice and the offer three times, « Relire avant publication »
// its rules beside the offer read again). One service call per page now reads the offer, its
// form's content, its history and the certification titles once (espace.service.ts
// formationEspace, historiqueEspace). Counted by the Kysely plugin on the application's own
// database handle (src/db/compteur-requetes.ts), session and notification reads of the frame
// included. Lower is welcome: update.

/**
 * Statements per page on 6 December 2026 (before the change: 50, 46, 75, 71 and 25; the first four
 * with two history reads). The formation and « Relire » pages then read one more (46, 43, 65, 62): the platform states of
 * the offer's current identity, its identity's parts first (plateforme.etats.ts; the states naming
 * the formation, in no order, could be a former identity's). Then one less again (45, 42, 64, 61):
 * those states in one statement, the identity computed by the database (plateforme.repository.ts
 * identiteSql, selectEtatsDeSonIdentite).
 */
const ATTENDU = { fiche: 45, relire: 42, ficheRevision: 64, relireRevision: 61, historique: 23 };

let t: TestWeb;
let org: Navigateur;
let compteur: CompteurRequetes;
const organisme = organismeDe(SIREN_A);
let brouillon: string;
let revision: string;

beforeAll(async () => {
  compteur = compteurRequetes();
  t = await testWeb({
    smtp: false,
    compteur,
  });
  org = await connecte(
    t,
    { email: 'cfa@espace-requetes.test', role: 'organisme', siren: SIREN_A },
    '10.47.0.1',
  );
  brouillon = (await saveFormation(t.ctx, organisme, formationFixture({ cle_externe: 'REQ-BROUILLON' }))).id;
  // A published offer with an open revision: the page reads the revision and the rules of both.
  const publiee = formationFixture({ cle_externe: 'REQ-REVISION' });
  revision = (await saveFormation(t.ctx, organisme, publiee)).id;
  await transition(t.ctx, organisme, revision, 'publier');
  await transition(t.ctx, gestionnaireDe('84'), revision, 'valider');
  await saveFormation(t.ctx, organisme, { ...publiee, objectif: 'Un autre objectif.' });
});
afterAll(() => t?.close());

/** The statements sent while serving `url` a second time (the first visit's writes aside). */
async function requetes(url: string): Promise<readonly string[]> {
  await org.get(url);
  compteur.reset();
  const r = await org.get(url);
  expect(r.statusCode, url).toBe(200);
  return [...compteur.sqls];
}
const lecturesHistorique = (sqls: readonly string[]) =>
  sqls.filter((s) => s === 'SelectQueryNode historique');

describe('statements per formation page of the organisation’s space', () => {
  it('the formation page of a draft and its « Relire avant publication »: the history read once', async () => {
    const fiche = await requetes(`/espace/formations/${brouillon}`);
    expect(lecturesHistorique(fiche), fiche.join('\n')).toHaveLength(1);
    expect(fiche.length, fiche.join('\n')).toBe(ATTENDU.fiche);
    const relire = await requetes(`/espace/formations/${brouillon}/relire`);
    expect(lecturesHistorique(relire), relire.join('\n')).toHaveLength(1);
    expect(relire.length, relire.join('\n')).toBe(ATTENDU.relire);
  });

  it('the same pages of a published offer with a pending revision', async () => {
    const fiche = await requetes(`/espace/formations/${revision}`);
    expect(lecturesHistorique(fiche), fiche.join('\n')).toHaveLength(1);
    expect(fiche.length, fiche.join('\n')).toBe(ATTENDU.ficheRevision);
    const relire = await requetes(`/espace/formations/${revision}/relire`);
    expect(lecturesHistorique(relire), relire.join('\n')).toHaveLength(1);
    expect(relire.length, relire.join('\n')).toBe(ATTENDU.relireRevision);
  });

  it('the history page', async () => {
    const historique = await requetes(`/espace/formations/${revision}/historique`);
    expect(lecturesHistorique(historique), historique.join('\n')).toHaveLength(1);
    expect(historique.length, historique.join('\n')).toBe(ATTENDU.historique);
  });
});
