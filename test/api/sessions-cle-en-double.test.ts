import { describe, expect, it } from 'vitest';
import { ERREURS } from '../../src/domain/errors.catalogue.ts';
import { bearer, countRows, diffuseeParApi, formationFixture, useTestApi } from './helpers.ts';

// Two sessions of one formation sent with the same `cle_externe` (each session of a formation has
// its own key: the database holds one row per formation and key). The write used to reach the
// database and answer 409 ECRITURE_CONCURRENTE, « une autre requête a écrit… », as if a race had
// been lost: it is the body that is wrong. Refused before anything is written, 400
// SESSION_CLE_EN_DOUBLE, naming both sessions by their position in the body. The same through an
// LHEO file: the formation is rejected, naming both <session> elements and their lines.

const t = useTestApi();

const f = formationFixture({ cle_externe: 'CLE-DOUBLE' });
const s0 = f.sessions[0]!;
const avecCles = (...cles: (string | null)[]) => ({
  ...f,
  sessions: cles.map((cle, i) => ({
    ...s0,
    cle_externe: cle,
    debut: `${2027 + i}-09-01`,
    fin: `${2028 + i}-06-30`,
  })),
});
const MESSAGE =
  'Les champs « sessions[0].cle_externe » et « sessions[2].cle_externe » valent tous deux « X » : chaque session d’une formation a sa propre clé externe.';

const ecrire = (method: 'POST' | 'PUT', url: string, payload: object) =>
  t.app.inject({ method, url, headers: bearer(t.keys.writeA), payload });

function refusCleEnDouble(r: Awaited<ReturnType<typeof ecrire>>) {
  expect(r.statusCode, r.body).toBe(400);
  expect(r.json()).toMatchObject({
    code: 'SESSION_CLE_EN_DOUBLE',
    title: ERREURS.SESSION_CLE_EN_DOUBLE.titre,
    detail: MESSAGE,
    erreurs: [{ champ: 'sessions.2.cle_externe', code: 'SESSION_CLE_EN_DOUBLE', message: MESSAGE }],
  });
}

describe('two sessions of one formation with the same cle_externe', () => {
  it('POST /formations: 400 SESSION_CLE_EN_DOUBLE naming both sessions, nothing stored', async () => {
    const avant = await countRows(t.ctx, 'session');
    refusCleEnDouble(await ecrire('POST', '/api/v1/formations', avecCles('X', 'Y', 'X')));
    expect(await countRows(t.ctx, 'session')).toBe(avant);
    const f0 = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('cle_externe', '=', 'CLE-DOUBLE')
      .executeTakeFirst();
    expect(f0).toBeUndefined();
  });

  it('spaces around a key do not make it another key', async () => {
    const r = await ecrire('POST', '/api/v1/formations', avecCles('X', 'Y', ' X '));
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().code).toBe('SESSION_CLE_EN_DOUBLE');
  });

  it('sessions without a key, or with distinct keys, are written', async () => {
    const r = await ecrire('POST', '/api/v1/formations', {
      ...avecCles(null, 'Y', null),
      cle_externe: 'CLE-DISTINCTES',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().formation.sessions).toHaveLength(3);
  });

  it('PUT /formations/{id}: the same refusal, the formation unchanged', async () => {
    const cree = await ecrire('POST', '/api/v1/formations', { ...f, cle_externe: 'CLE-DOUBLE-PUT' });
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id;
    const avant = await countRows(t.ctx, 'session');
    refusCleEnDouble(
      await ecrire('PUT', `/api/v1/formations/${id}`, {
        ...avecCles('X', 'Y', 'X'),
        cle_externe: 'CLE-DOUBLE-PUT',
      }),
    );
    expect(await countRows(t.ctx, 'session')).toBe(avant);
  });

  it('PUT of a published formation by its organisme: refused, not kept as a revision to fail later', async () => {
    const id = await diffuseeParApi(t, 'CLE-DOUBLE-PUBLIEE');
    const revisions = await countRows(t.ctx, 'formation_revision');
    refusCleEnDouble(
      await ecrire('PUT', `/api/v1/formations/${id}`, {
        ...avecCles('X', 'Y', 'X'),
        cle_externe: 'CLE-DOUBLE-PUBLIEE',
      }),
    );
    expect(await countRows(t.ctx, 'formation_revision')).toBe(revisions);
  });

  it('POST /formations/{id}/sessions with the key of a session of the formation updates that session', async () => {
    const cree = await ecrire('POST', '/api/v1/formations', avecCles('X', 'Y'));
    expect(cree.statusCode, cree.body).toBe(201);
    const id = cree.json().id;
    const r = await ecrire('POST', `/api/v1/formations/${id}/sessions`, {
      ...s0,
      cle_externe: 'X',
      capacite: 7,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().created).toBe(false);
    expect(r.json().formation.sessions).toHaveLength(2);
  });
});

describe('a key that another session of the formation already has, through its id', () => {
  it('POST /formations/{id}/sessions naming session A by id with session B’s key: 400, nothing written', async () => {
    const cree = await ecrire('POST', '/api/v1/formations', { ...avecCles('X', 'Y'), cle_externe: 'CLE-ID' });
    expect(cree.statusCode, cree.body).toBe(201);
    const { id, formation } = cree.json();
    const a = formation.sessions.find((s: { cle_externe: string }) => s.cle_externe === 'X');
    const avant = await countRows(t.ctx, 'historique');
    const r = await ecrire('POST', `/api/v1/formations/${id}/sessions`, {
      ...s0,
      id: a.id,
      cle_externe: 'Y',
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'SESSION_CLE_EN_DOUBLE',
      champ: 'cle_externe',
      detail:
        'Le champ « cle_externe » vaut « Y », la clé externe d’une autre session de la formation (la session du 1er septembre 2028 au 30 juin 2029) : chaque session d’une formation a sa propre clé externe.',
    });
    expect(await countRows(t.ctx, 'historique')).toBe(avant);
  });

  it('PUT giving a session the key of a diffused session it leaves out (kept, archived): 400', async () => {
    const id = await diffuseeParApi(t, 'CLE-ARCHIVEE');
    const ajout = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/sessions`,
      headers: bearer(t.keys.admin),
      payload: { ...s0, cle_externe: 'NOUVELLE', debut: '2027-09-01', fin: '2028-06-30' },
    });
    expect(ajout.statusCode, ajout.body).toBe(201);
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.admin),
      payload: {
        ...f,
        cle_externe: 'CLE-ARCHIVEE',
        sessions: [
          {
            ...s0,
            id: ajout.json().session_id,
            cle_externe: s0.cle_externe,
            debut: '2027-09-01',
            fin: '2028-06-30',
          },
        ],
      },
    });
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json()).toMatchObject({ code: 'SESSION_CLE_EN_DOUBLE', champ: 'sessions.0.cle_externe' });
    expect(r.json().detail).toMatch(
      /^Le champ « sessions\[0\]\.cle_externe » vaut « S2026 », la clé externe d’une autre session de la formation \(la session du .+\) : chaque session d’une formation a sa propre clé externe\.$/,
    );
  });
});

describe('LHEO: two sessions of one formation with the same numero', () => {
  const lieu =
    '<lieu-de-formation><coordonnees><adresse><ligne>12 rue de la République</ligne><codepostal>69002</codepostal><ville>Lyon</ville></adresse></coordonnees></lieu-de-formation>';
  const resp =
    '<organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation><raison-sociale>CFA Lumière</raison-sociale></organisme-formation-responsable>';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
    <formation numero="LHEO-DOUBLE">
      <intitule-formation>BTS Commerce international</intitule-formation>
      <action>
        ${lieu}
        <session numero="S-X"><periode><debut>20270906</debut><fin>20290630</fin></periode></session>
        <session numero="S-Y"><periode><debut>20280904</debut><fin>20300630</fin></periode></session>
      </action>
      <action>
        ${lieu}
        <session numero="S-X"><periode><debut>20290903</debut><fin>20310630</fin></periode></session>
      </action>
      ${resp}
    </formation>
    <formation numero="LHEO-AUTRE">
      <intitule-formation>CAP Boulanger</intitule-formation>
      <action>
        ${lieu}
        <session numero="S-X"><periode><debut>20270906</debut><fin>20290630</fin></periode></session>
      </action>
      ${resp}
    </formation>
  </offres>
</lheo>`;

  it('rejects that formation naming both sessions and their lines; another formation may use the key', async () => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
      payload: xml,
    });
    expect(r.statusCode, r.body).toBe(200);
    const rapport = r.json();
    expect(rapport.formations).toMatchObject({ creees: 1, rejetees: 1 });
    expect(rapport.rejets).toHaveLength(1);
    expect(rapport.rejets[0]).toMatchObject({
      code: 'LHEO_SESSION_NUMERO_EN_DOUBLE',
      chemin: '/lheo/offres/formation[1]/action[2]/session[1]',
      ligne: 13,
    });
    expect(rapport.rejets[0].message).toBe(
      'Formation n° 1 (ligne 4) : la session 1 de l’action 2 (ligne 13) porte le même numéro « S-X » que la session 1 de l’action 1 (ligne 8) : chaque session d’une formation a son propre numéro.',
    );
    const cles = await t.ctx.db
      .selectFrom('formation')
      .select('cle_externe')
      .where('cle_externe', 'in', ['LHEO-DOUBLE', 'LHEO-AUTRE'])
      .execute();
    expect(cles.map((c) => c.cle_externe)).toEqual(['LHEO-AUTRE']);
  });
});
