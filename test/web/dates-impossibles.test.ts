import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { readAudit } from '../../src/services/audit.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { seedDataDir, TEST_ENGINE } from '../helpers/db.ts';
import { ficheComplete, loadReferentiels, sessionForm } from './espace.helpers.ts';

// Issue 11 item 16: a day the calendar does not have (2026-02-30, 2027-13-45) is refused on every
// date input — API bodies, forms, LHEO, API keys, the campaign calendar, the security log's
// filters, CLI options (the workbook: src/formats/classeur/classeur.values.test.ts) — naming the
// field, never a 500 and never stored. One home reads them: src/domain/dates.ts.

let t: TestWeb;
let nav: Navigateur;
let cle: string;
let admin: string;
const SIREN_A = SIRET_A.slice(0, 9);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  nav = await connecte(t, { email: 'lea@cfa-dates.test', role: 'organisme', siren: SIREN_A }, '10.21.0.9');
  cle = (await createApiKey(t.ctx, { name: 'dates', scope: 'write', siren: SIREN_A })).key;
  admin = (await createApiKey(t.ctx, { name: 'dates-admin', scope: 'admin' })).key;
});
afterAll(() => t.close());

const nbFormations = async () => (await t.ctx.db.selectFrom('formation').select('id').execute()).length;
const envoyer = (method: 'POST' | 'PUT', url: string, key: string, payload: object) =>
  t.app.inject({ method, url, headers: bearer(key), payload });

describe('impossible dates on the API', () => {
  it('a formation: every date field named, with what the calendar says', async () => {
    const avant = await nbFormations();
    const f = formationFixture({ cle_externe: 'DATES-KO' });
    const r = await envoyer('POST', '/api/v1/formations', cle, {
      ...f,
      sessions: [
        {
          ...f.sessions[0],
          debut: '2026-02-30',
          fin: '2027-13-45',
          date_notification_marche: '2026-04-31',
          reunions_information: [{ date: '2027-02-29', libelle: 'Portes ouvertes' }],
        },
      ],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().erreurs.map((e: { champ: string; message: string }) => [e.champ, e.message])).toEqual([
      [
        'sessions.0.debut',
        'Le champ « sessions[0].debut » est invalide : « 2026-02-30 » n’est pas une date du calendrier (AAAA-MM-JJ).',
      ],
      [
        'sessions.0.fin',
        'Le champ « sessions[0].fin » est invalide : « 2027-13-45 » n’est pas une date du calendrier (AAAA-MM-JJ).',
      ],
      [
        'sessions.0.date_notification_marche',
        'Le champ « sessions[0].date_notification_marche » est invalide : « 2026-04-31 » n’est pas une date du calendrier (AAAA-MM-JJ).',
      ],
      [
        'sessions.0.reunions_information.0.date',
        'Le champ « sessions[0].reunions_information[0].date » est invalide : « 2027-02-29 » n’est pas une date du calendrier (AAAA-MM-JJ).',
      ],
    ]);
    expect(await nbFormations()).toBe(avant);
  });

  it('a session added, an API key, the campaign calendar', async () => {
    const cree = await envoyer(
      'POST',
      '/api/v1/formations',
      cle,
      formationFixture({ cle_externe: 'DATES-OK' }),
    );
    expect(cree.statusCode).toBe(201);
    const s = await envoyer('POST', `/api/v1/formations/${cree.json().id}/sessions`, cle, {
      debut: '2027-13-45',
    });
    expect([s.statusCode, s.json().erreurs[0].champ]).toEqual([400, 'debut']);

    const k = await envoyer('POST', '/api/v1/admin/cles', admin, {
      name: 'x',
      scope: 'read',
      expire: '2026-02-30',
    });
    expect([k.statusCode, k.json().code, k.json().champ]).toEqual([400, 'CLE_EXPIRATION', 'expire']);
    expect(k.json().detail).toContain('« 2026-02-30 » : pas une date du calendrier');

    const c = await envoyer('PUT', '/api/v1/campagnes/2027/calendrier', admin, {
      fenetre_debut: '30/02/2026',
      fenetre_fin: '2027-13-45',
    });
    expect(c.statusCode).toBe(400);
    expect(c.json().erreurs.map((e: { champ: string }) => e.champ)).toEqual(['fenetre_debut', 'fenetre_fin']);
  });

  it('the security log filters', async () => {
    for (const [champ, v] of [
      ['du', '2026-02-30'],
      ['au', '2027-13-45'],
    ] as const)
      await expect(readAudit(t.ctx, { [champ]: v })).rejects.toMatchObject({
        code: 'AUDIT_FILTRE',
        status: 400,
        details: { champ },
      });
  });
});

describe('impossible dates in the forms and LHEO', () => {
  it('the session form names the field', async () => {
    await nav.get('/espace/formations/nouvelle');
    const cree = await nav.post('/espace/formations/nouvelle', {
      ...ficheComplete(SIRET_A, { intitule: 'Dates de session' }),
      confirmer_doublon: 'oui',
    });
    expect(cree.statusCode).toBe(303);
    const id = /\/espace\/formations\/([^/?#]+)/.exec(String(cree.headers.location))![1];
    await nav.get(`/espace/formations/${id}/sessions/nouvelle`);
    const r = await nav.post(
      `/espace/formations/${id}/sessions/nouvelle`,
      sessionForm({ debut: '30/02/2027', fin: '2029-13-45' }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#debut"');
    expect(r.body).toContain('href="#fin"');
    expect(texte(r.body)).toContain('indiquez une date valide');
  });

  it('LHEO: a period or an extra date the calendar does not have rejects its record only', async () => {
    const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8')
      .replaceAll('numero="F-', 'numero="DAT-')
      .replace('<debut>20260901</debut>', '<debut>20260230</debut>')
      .replace(
        '<extra info="numero-marche">M1451401</extra>',
        '<extra info="numero-marche">M1451401</extra><extra info="date-notification-marche">2027-13-45</extra>',
      );
    const report = await importLheo(t.ctx, SYSTEME('test-dates'), [xml]);
    expect(report.formations).toMatchObject({ creees: 1, rejetees: 2 });
    expect(report.rejets.map((r) => [r.code, r.message])).toEqual([
      ['LHEO_DATE_INVALIDE', expect.stringContaining('« 20260230 » n’est pas une date du calendrier')],
      [
        'LHEO_CHAMP_INVALIDE',
        expect.stringContaining(
          'Date de notification du marché de la session 1 (champ sessions.0.date_notification_marche) : « 2027-13-45 » n’est pas une date du calendrier',
        ),
      ],
    ]);
  });
});

describe.skipIf(TEST_ENGINE !== 'pglite')('impossible dates in CLI options', () => {
  const dir = mkdtempSync(join(tmpdir(), 'offre-dates-'));
  const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '' };
  beforeAll(() => seedDataDir(dir));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [
      ['apikey', 'add', '--name', 'x', '--expire', '2026-02-30'],
      '--expire 2026-02-30 : Date d’expiration « 2026-02-30 »',
    ],
    [['audit', 'list', '--from', '2027-13-45'], '--from « 2027-13-45 » : pas une date du calendrier'],
    [['audit', 'list', '--to', '31/02/2026'], '--to « 31/02/2026 » : pas une date du calendrier'],
    [
      ['campagne', 'calendrier', '--set', 'fenetre_fin=2026-02-30'],
      '« 2026-02-30 » n’est pas une date du calendrier',
    ],
  ])(
    'offre %j: status 1, French message naming the value',
    async (args, message) => {
      const r = await runCli(args, env);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/Erreur interne|at .*\.ts:\d+/);
    },
    120_000,
  );
});
