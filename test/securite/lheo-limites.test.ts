import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// Issue 15, defect 2: POST /api/v1/imports/lheo bounds the body, one formation, one text node and
// the nesting depth. Each hostile part sits in the LAST formation of a valid file, so the earlier
// ones were already written in the import's transaction: refused means nothing stored at all.

const valide = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const fin = valide.lastIndexOf('</formation>');
/** The valid file with `xml` added at the end of its last formation. */
const avec = (xml: string) => `${valide.slice(0, fin)}${xml}${valide.slice(fin)}`;

describe('limits of an LHEO import through the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi();
  });
  afterAll(() => api.close());

  const formations = () => compterLignes(api.ctx.db, 'formation');
  const envoyer = (payload: string, headers: Record<string, string> = {}, query = '') =>
    api.app.inject({
      method: 'POST',
      url: `/api/v1/imports/lheo${query}`,
      headers: { authorization: `Bearer ${api.keys.admin}`, 'content-type': 'application/xml', ...headers },
      payload,
    });
  const refuse = async (payload: string, status: number, code: string, headers = {}) => {
    const r = await envoyer(payload, headers);
    expect(r.statusCode).toBe(status);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ status, code });
    expect(r.body).not.toMatch(/at \w+ \(|node_modules|\.ts:\d+/);
    expect(await formations()).toBe(0);
    return r.json();
  };

  it('previews the valid file as three new formations (the baseline of the refusals below)', async () => {
    const r = await envoyer(valide, {}, '?dry_run=true');
    expect(r.json().formations).toMatchObject({ creees: 3, rejetees: 0 });
    expect(await formations()).toBe(0);
  });

  it('refuses a text node past 100,000 characters, naming the line', async () => {
    const p = await refuse(
      avec(`<extras><extra info="x">${'a'.repeat(300_000)}</extra></extras>`),
      422,
      'LHEO_TEXTE_TROP_LONG',
    );
    expect(p.detail).toMatch(
      /^Le corps de la requête, ligne \d+ : un texte ou une balise dépasse 100\s000 caractères/,
    );
    // The same in one gigantic attribute, or a comment.
    await refuse(avec(`<x a="${'a'.repeat(300_000)}"/>`), 422, 'LHEO_TEXTE_TROP_LONG');
    await refuse(avec(`<!--${'a'.repeat(300_000)}-->`), 422, 'LHEO_TEXTE_TROP_LONG');
  });

  it('refuses 50,000 nested elements without freezing or overflowing the stack', async () => {
    const p = await refuse(avec(`${'<x>'.repeat(50_000)}${'</x>'.repeat(50_000)}`), 422, 'LHEO_PROFONDEUR');
    expect(p.detail).toMatch(/plus de 64 niveaux/);
  });

  it('refuses one formation of more than 100,000 elements or 10 million characters', async () => {
    await refuse(avec('<x/>'.repeat(120_000)), 422, 'LHEO_FORMATION_TROP_VOLUMINEUSE');
    const p = await refuse(
      avec(`<x a="${'a'.repeat(90_000)}"/>`.repeat(120)),
      422,
      'LHEO_FORMATION_TROP_VOLUMINEUSE',
    );
    expect(p.detail).toMatch(/la formation n° 3 dépasse 10\s000\s000 caractères/);
  });

  it('refuses a body past the limit (50 MB by default), announced or streamed, with 413', async () => {
    const p = await refuse(valide, 413, 'LHEO_CORPS_TROP_VOLUMINEUX', {
      'content-length': String(60 * 1024 * 1024),
    });
    expect(p.detail).toMatch(
      /^Le fichier LHEO dépasse 50 Mo : importez-le avec la commande « offre import lheo »/,
    );
    // Counted as it streams, whatever the announced length says: a server set to 2 MB
    // (OFFRE_LHEO_CORPS_MO) is told 100 bytes and sent 3 MB of filler (no formation) after the
    // three valid formations.
    const petit = await buildApp({ ...api.ctx, config: { ...readConfig(), lheoCorpsMo: 2 } });
    const apres = fin + '</formation>'.length;
    const remplissage = `<x a="${'a'.repeat(99_000)}"/>`.repeat(32);
    const r = await petit.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: {
        authorization: `Bearer ${api.keys.admin}`,
        'content-type': 'application/xml',
        'content-length': '100',
      },
      payload: `${valide.slice(0, apres)}${remplissage}${valide.slice(apres)}`,
    });
    await petit.close();
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({
      code: 'LHEO_CORPS_TROP_VOLUMINEUX',
      detail: expect.stringMatching(/2 Mo/),
    });
    expect(await formations()).toBe(0);
  });
});
