import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { transitionTx } from '../../src/services/workflow.service.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, REFERENTIELS } from '../conformite/formations.fixture.ts';

// The rollover over HTTP leaves aside, and names, every offer waiting for a decision or a
// correction: a first publication waiting for validation (here one entered pending by a system
// write, as the demo data and bulk loads do: no « publier » in its history), one returned to its
// organisation « à corriger », a published one whose revision waits; only the validated offer
// receives its session. A write never moves an offer back in the queue.

let maintenant = new Date('2027-03-01T10:00:00Z');
let t: TestWeb;
let g84: Navigateur;
const sys = SYSTEME('test');
const ids: Record<string, string> = {};
let identifiants: { email: string; motDePasse: string };

/** Moves the clock; sessions are timed by it, so the gestionnaire signs in again. */
async function horloge(iso: string) {
  maintenant = new Date(iso);
  g84.cookies.clear();
  await g84.seConnecter(identifiants.email, identifiants.motDePasse);
}

/** A BTS in Lyon (région 84) with one session of rentrée 2027. */
const offre = (cle: string, intitule: string): FormationInput => {
  const base = bts(cle, { intitule });
  const s = base.sessions[0]!;
  return { ...base, sessions: [{ ...s, cle_externe: 'S2027', debut: '2027-09-01', fin: '2029-06-30' }] };
};

const sessions = async (id: string) =>
  (
    await t.ctx.db
      .selectFrom('session')
      .select('debut')
      .where('formation_id', '=', id)
      .orderBy('debut')
      .execute()
  ).map((s) => s.debut);

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => maintenant });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const now = maintenant;
  await t.ctx.db.transaction().execute(async (trx) => {
    const save = async (nom: string, intitule: string, statut?: 'en_attente_validation' | 'publiee') =>
      (ids[nom] = (
        await saveFormationTx(trx, sys, offre(nom, intitule), { now, ...(statut ? { statut } : {}) })
      ).id);
    await save('publiee', 'BTS validé', 'publiee');
    await save('attente', 'BTS en attente', 'en_attente_validation');
    await save('retournee', 'BTS retourné');
    await transitionTx(trx, sys, ids.retournee!, 'publier', now);
    await transitionTx(trx, sys, ids.retournee!, 'retourner', now, 'Précisez le lieu.');
    await save('revision', 'BTS modifié', 'publiee');
    const organisme = { kind: 'cle', id: 'k', name: 'k', scope: 'write', siren: '130025265' } as const;
    expect(
      await saveFormationTx(
        trx,
        organisme,
        { ...offre('revision', 'BTS modifié'), intitule: 'BTS renommé' },
        {
          id: ids.revision,
          now,
        },
      ),
    ).toMatchObject({ revision: true });
  });
  identifiants = await compte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' });
  g84 = new Navigateur(t.app, '10.66.0.1');
});
afterAll(() => t.close());

describe('rollover of offers waiting for a decision', () => {
  it('previews them as left aside, by name, and the apply leaves them (and their age) untouched', async () => {
    // 40 days later: the pending offer has waited 40 days.
    await horloge('2027-04-10T10:00:00Z');
    const avant = texte((await g84.get(`/gestion/formations/${ids.attente}`)).body);
    expect(avant).toContain('Nouvelle publication, soumise il y a 40 jours');

    const apercu = await g84.get('/gestion/campagnes/2027/reconduction?region=84');
    expect(apercu.statusCode).toBe(200);
    const a = texte(apercu.body);
    expect(a).toContain('1 session à créer pour 1 formation');
    expect(a).toContain('3 formations en attente de décision laissées de côté');
    expect(a).toContain('BTS en attente (en attente de validation)');
    expect(a).toContain('BTS retourné (retournée à l’organisme, à corriger)');
    expect(a).toContain('BTS renommé (modification en attente de validation)');
    expect(apercu.body).toContain(`href="/gestion/formations/${ids.attente}"`);
    expect(a).toContain('Appliquer la reconduction (1 session ; 3 formations laissées de côté)');

    const fait = await g84.post('/gestion/campagnes/2027/reconduction', { region: '84' });
    expect(fait.statusCode).toBe(303);
    expect(fait.headers.location).toContain('info=reconduite-1-3');
    // The page after the apply recalls what was left aside and where they are named.
    const confirmation = texte((await g84.get(fait.headers.location as string)).body);
    expect(confirmation).toContain(
      'Reconduction faite : 1 session créée. 3 formations en attente de décision laissées de côté, sans session ajoutée : l’aperçu de la reconduction les nomme ; reconduisez-les une fois décidées.',
    );
    expect(await sessions(ids.publiee!)).toEqual(['2027-09-01', '2028-09-01']);
    for (const nom of ['attente', 'retournee', 'revision'])
      expect(await sessions(ids[nom]!)).toEqual(['2027-09-01']);
    const apres = texte((await g84.get(`/gestion/formations/${ids.attente}`)).body);
    expect(apres).toContain('Nouvelle publication, soumise il y a 40 jours');
    expect(apres).not.toMatch(/septembre 2028/);
  });

  it('keeps a pending offer’s place in the queue when a gestionnaire or the system writes to it', async () => {
    await horloge('2027-04-12T10:00:00Z');
    await t.ctx.db.transaction().execute((trx) =>
      saveFormationTx(
        trx,
        sys,
        { ...offre('attente', 'BTS en attente'), objectif: 'Un objectif précisé.' },
        {
          id: ids.attente,
          now: maintenant,
        },
      ),
    );
    const page = texte((await g84.get(`/gestion/formations/${ids.attente}`)).body);
    expect(page).toContain('Nouvelle publication, soumise il y a 42 jours');
  });
});
