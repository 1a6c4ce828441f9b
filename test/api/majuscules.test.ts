import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// Every sentence of an API refusal starts with a capital letter: the `detail`, and each message of
// `erreurs`. A refused character used to read « caractère nul ou demi-paire de substitution
// isolée » in `erreurs`, and an upload refused as a whole « corps de la requête, ligne 1 : … »,
// « le classeur envoyé n’est pas un classeur Excel… », « le fichier déclare des entités XML… ».
// With one field at fault, its message in `erreurs` is the `detail` (as for every invalid request).

const t = useTestApi();

const MAJUSCULE = /^[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŒ]/;

function phrases(corps: string): string[] {
  const p = JSON.parse(corps) as { detail: string; erreurs?: { message: string }[] };
  return [p.detail, ...(p.erreurs ?? []).map((e) => e.message)];
}

describe('API refusals start each sentence with a capital letter', () => {
  it('a forbidden character, in the body or the query: erreurs[].message is the detail', async () => {
    const corps = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: { ...formationFixture({ cle_externe: 'MAJ-NUL' }), intitule: 'BTS\u0000' },
    });
    const requete = await t.app.inject({ url: '/api/v1/formations?q=%C3%28' });
    for (const r of [corps, requete]) {
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().code).toBe('CARACTERE_INTERDIT');
      for (const m of phrases(r.body)) expect(m).toMatch(MAJUSCULE);
      expect(r.json().erreurs).toEqual([
        expect.objectContaining({ message: r.json().detail, code: 'CARACTERE_INTERDIT' }),
      ]);
    }
  });

  it.each([
    [
      'LHEO with entities',
      '/api/v1/imports/lheo',
      'application/xml',
      '<?xml version="1.0"?><!DOCTYPE lheo [<!ENTITY x "y">]><lheo xmlns="http://lheo.gouv.fr/2.3"/>',
      'LHEO_ENTITES_INTERDITES',
    ],
    [
      'LHEO that is a zip',
      '/api/v1/imports/lheo',
      'application/xml',
      'PK\u0003\u0004xxxxxxxxxxxx',
      'LHEO_PAS_XML',
    ],
    [
      'LHEO nested too deep',
      '/api/v1/imports/lheo',
      'application/xml',
      `<lheo xmlns="http://lheo.gouv.fr/2.3">${'<a>'.repeat(100)}${'</a>'.repeat(100)}</lheo>`,
      'LHEO_PROFONDEUR',
    ],
    [
      'a PNG as a workbook',
      '/api/v1/imports/classeur',
      'application/octet-stream',
      '\u0089PNG\r\n\u001a\nxxxxxxxx',
      'CLASSEUR_PAS_XLSX',
    ],
  ])('%s: the detail starts with a capital', async (_, url, type, corps, code) => {
    const r = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(t.keys.writeA), 'content-type': type },
      payload: corps,
    });
    expect(r.json().code, r.body).toBe(code);
    for (const m of phrases(r.body)) expect(m).toMatch(MAJUSCULE);
  });
});
