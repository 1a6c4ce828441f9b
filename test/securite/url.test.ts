import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { bearer, formationFixture, type TestApi, testApi } from '../api/helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// Issue 15, defect 9: `javascript:` URLs were stored, rendered as links and exported. Only
// absolute http(s) addresses are accepted, by every channel; one stored before is never shown.

const HOSTILES = [
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(document.cookie)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '//evil.example/x',
  'http://',
  'ftp://files.example/x',
];

describe('web addresses of formations', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await testApi();
  });
  afterAll(() => t.close());

  const poster = (url: string, cle = 'URL') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: { ...formationFixture({ cle_externe: cle }), url },
    });
  const compter = () => compterLignes(t.ctx.db, 'formation');

  it('refuses every non-http(s) address through the API, naming the field', async () => {
    for (const url of HOSTILES) {
      const r = await poster(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().erreurs, url).toEqual([expect.objectContaining({ champ: 'url' })]);
      // An address holding a control character (« java\tscript: ») is refused for that character
      // first, as every one-line text is (domain/caracteres-texte.ts).
      expect(r.json().erreurs[0].message).toMatch(
        /[\t\n\r]/.test(url)
          ? /n’a pas sa place dans un champ d’une ligne/
          : /http:\/\/ ou https:\/\/ attendue/,
      );
    }
    expect(await compter()).toBe(0);
    const ok = await poster('https://cfa.example/bts?x=1#y');
    expect(ok.statusCode).toBe(201);
    expect(ok.json().formation.url).toBe('https://cfa.example/bts?x=1#y');
  });

  it('refuses it in the store too, whatever the channel', async () => {
    const e = await t.ctx.db
      .transaction()
      .execute((trx) =>
        saveFormationTx(
          trx,
          SYSTEME('test'),
          { ...formationFixture({ cle_externe: 'STORE' }), url: 'javascript:x' },
          { now: new Date() },
        ),
      )
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'URL_INVALIDE', status: 422, details: { champ: 'url' } });
  });

  it('rejects the formation of an LHEO file carrying one, and applies the others', async () => {
    const valide = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
    const xml = valide.replace('https://cfa-lumiere.example/bts-mco', 'javascript:alert(1)');
    expect(xml).not.toBe(valide);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(t.keys.admin), 'content-type': 'application/xml' },
      payload: xml,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().formations).toMatchObject({ creees: 2, rejetees: 1 });
    expect(r.json().rejets[0]).toMatchObject({ code: 'LHEO_CHAMP_INVALIDE' });
    expect(r.json().rejets[0].message).toMatch(/url/);
  });

  it('never shows nor exports an address stored before the rule', async () => {
    const id = (await poster('https://cfa.example/avant', 'AVANT')).json().id;
    await t.ctx.db
      .updateTable('formation')
      .set({ url: 'javascript:alert(1)' })
      .where('id', '=', id)
      .execute();
    const f = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(f.json().url).toBeNull();
    const lheo = await t.app.inject({
      method: 'GET',
      url: '/api/v1/exports/lheo',
      headers: bearer(t.keys.admin),
    });
    expect(lheo.statusCode).toBe(200);
    expect(lheo.body).not.toContain('javascript:');
  });
});
