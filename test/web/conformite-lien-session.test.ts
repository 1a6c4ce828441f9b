import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A } from '../helpers/formations.ts';

// A tester's report (04/12, MEDIUM): the organisme's page said « Pour corriger : indiquer le
// numéro du marché notifié par la Région » (CONV_MARCHE), and the tester found no field for it —
// the market number is entered on the session's form, which nothing on the rule led to. A rule
// that names a session now links to that session's form, at the field (and the API's /controles
// gives the session's id).

let t: TestWeb;
let org: Navigateur;
let id: string;
let sessions: { id: string; cle_externe: string | null }[];
let cle: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const f = formationFixture({
    cle_externe: 'CONV-SANS-MARCHE',
    intitule: 'Action conventionnée sans marché',
    financeurs: ['region'],
    sessions: [
      {
        cle_externe: 'S-AVEC',
        debut: '2026-09-01',
        fin: '2027-06-30',
        capacite: 12,
        etat_recrutement: 'ouvert',
        financeur: 'region',
        numero_marche: 'M1451401',
        lieu: { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' },
      },
      {
        cle_externe: 'S-SANS',
        debut: '2026-10-01',
        fin: '2027-06-30',
        capacite: 12,
        etat_recrutement: 'ouvert',
        financeur: 'region',
        lieu: { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' },
      },
    ],
  });
  id = (await saveFormation(t.ctx, organismeDe(SIREN_A), f)).id;
  sessions = await t.ctx.db
    .selectFrom('session')
    .select(['id', 'cle_externe'])
    .where('formation_id', '=', id)
    .execute();
  cle = (await createApiKey(t.ctx, { name: 'conv-lien', scope: 'write', siren: SIREN_A })).key;
  org = await connecte(t, { email: 'cfa@conv-lien.test', role: 'organisme', siren: SIREN_A }, '10.45.0.1');
}, 120_000);
afterAll(() => t?.close());

const sansMarche = () => sessions.find((s) => s.cle_externe === 'S-SANS')!.id;

describe('a rule naming a session leads to that session’s form', () => {
  it('the API’s /controles gives the id of the session CONV_MARCHE names', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}/controles`,
      headers: { authorization: `Bearer ${cle}` },
    });
    expect(r.statusCode).toBe(200);
    const marche = r.json().data.filter((c: { code: string }) => c.code === 'CONV_MARCHE');
    expect(marche).toEqual([
      expect.objectContaining({
        resultat: 'echec',
        champ: 'sessions[1].numero_marche',
        session_id: sansMarche(),
      }),
    ]);
    // A rule on the whole formation names no session.
    for (const c of r.json().data as { champ: string | null; session_id?: string }[])
      if (!c.champ?.startsWith('sessions[')) expect(c).not.toHaveProperty('session_id');
  });

  it('the organisme’s page links the failure to the session’s form at « Numéro de marché »', async () => {
    const fiche = await org.get(`/espace/formations/${id}`);
    expect(fiche.statusCode).toBe(200);
    const lien = `/espace/formations/${id}/sessions/${sansMarche()}#numero_marche`;
    expect(fiche.body).toContain(`href="${lien}"`);
    expect(fiche.body).toContain('Corriger dans la session');
    // The link leads to a form that has that field.
    const form = await org.get(lien.split('#')[0]!);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('id="numero_marche"');
  });

  it('an archived offer’s page offers no link (its sessions are not edited)', async () => {
    const autre = formationFixture({
      cle_externe: 'CONV-ARCHIVEE',
      intitule: 'Action archivée',
      financeurs: ['region'],
      sessions: [
        {
          cle_externe: 'S-A',
          debut: '2026-10-01',
          fin: '2027-06-30',
          capacite: 12,
          etat_recrutement: 'ouvert',
          financeur: 'region',
          lieu: { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' },
        },
      ],
    });
    const a = (await saveFormation(t.ctx, organismeDe(SIREN_A), autre)).id;
    await transition(t.ctx, organismeDe(SIREN_A), a, 'publier');
    await transition(t.ctx, gestionnaireDe('84'), a, 'valider');
    await transition(t.ctx, organismeDe(SIREN_A), a, 'archiver');
    expect(
      await t.ctx.db.selectFrom('formation').select('statut').where('id', '=', a).executeTakeFirst(),
    ).toEqual({
      statut: 'archivee',
    });
    const fiche = await org.get(`/espace/formations/${a}`);
    expect(fiche.statusCode).toBe(200);
    // The failure is shown, without a link.
    expect(fiche.body).toContain('CONV_MARCHE');
    expect(fiche.body).not.toContain('Corriger dans la session');
  });
});

// A tester's report (05/12, LOW): SESSION_DECOUPEE names a session (« La session du … au … est
// plus courte que le cursus ») but its result named none: no « Corriger dans la session » on the
// page, no session_id in /controles.
describe('SESSION_DECOUPEE names the session shorter than the cursus', () => {
  let cursus: string;
  let courte: string;

  beforeAll(async () => {
    const lieu = { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' };
    const f = formationFixture({
      cle_externe: 'CURSUS-DECOUPE',
      intitule: 'BTS en deux ans découpé',
      sessions: [
        {
          cle_externe: 'S-2ANS',
          debut: '2026-09-01',
          fin: '2028-06-30',
          capacite: 12,
          etat_recrutement: 'ouvert',
          lieu,
        },
        {
          cle_externe: 'S-1AN',
          debut: '2026-09-15',
          fin: '2027-06-30',
          capacite: 12,
          etat_recrutement: 'ouvert',
          lieu,
        },
      ],
    });
    cursus = (await saveFormation(t.ctx, organismeDe(SIREN_A), f)).id;
    courte = (await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', cursus)
      .where('cle_externe', '=', 'S-1AN')
      .executeTakeFirstOrThrow())!.id;
  });

  it('the API’s /controles gives the short session’s id', async () => {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${cursus}/controles`,
      headers: { authorization: `Bearer ${cle}` },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().data.filter((c: { code: string }) => c.code === 'SESSION_DECOUPEE')).toEqual([
      expect.objectContaining({ resultat: 'echec', champ: 'sessions[1].fin', session_id: courte }),
    ]);
  });

  it('the organisme’s page links the failure to that session’s form at its end date', async () => {
    const fiche = await org.get(`/espace/formations/${cursus}`);
    expect(fiche.statusCode).toBe(200);
    const lien = `/espace/formations/${cursus}/sessions/${courte}#fin`;
    expect(fiche.body).toContain(`href="${lien}"`);
    const form = await org.get(lien.split('#')[0]!);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('id="fin"');
  });
});
