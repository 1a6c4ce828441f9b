import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { ENCODAGES_LARGES } from '../lheo/encodages-larges.ts';
import { envoyer, texte } from './imports.helpers.ts';

// A UTF-16 file with its mark (Windows Notepad's « Unicode ») sent on the Imports page got « not
// an LHEO XML document », where the API and the CLI say LHEO_ENCODAGE « encodé en UTF-16 ». The
// page now gives the same refusal, for UTF-16 and UTF-32 with or without their mark, before any
// job is queued (test/lheo/encodage.test.ts for the API and the CLI).

let t: TestWeb;
let a: Navigateur;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const u = await compte(t, { email: 'encodage@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.8.9.1');
  await a.seConnecter(u.email, u.motDePasse);
});
afterAll(async () => t?.close());

describe('the Imports page refuses a UTF-16 or UTF-32 LHEO file as the API does', () => {
  it.each(ENCODAGES_LARGES)('%s', async (nom, enc, octets) => {
    const r = await envoyer(a, 'lheo', nom, octets);
    expect(r.statusCode).toBe(422);
    expect(texte(r.body)).toContain(
      `« ${nom} » : le fichier est encodé en ${enc}, non pris en charge (UTF-8 ou ISO-8859-1 attendu) : enregistrez-le en UTF-8 ; fichier refusé.`,
    );
    expect(texte(r.body)).not.toContain('n’est pas un document XML LHEO');
    expect(r.body).toContain('id="fichier-lheo-erreur"');
    expect(await compterLignes(t.ctx.db, 'import_tache')).toBe(0);
  });
});
