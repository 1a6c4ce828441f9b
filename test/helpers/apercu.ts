import { expect } from 'vitest';
import { XLSX } from '../../src/contract/classeur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { bearer, formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { attendre, envoyer } from '../web/imports.helpers.ts';
import { organismeDe } from './acteurs.ts';
import { diffusee } from './revision.ts';

// The preview of an import (LHEO file or campaign workbook) by each of its doors: the tests of what
// a preview says (test/lheo/apercu-regles*.test.ts, test/classeur/apercu-regles*.test.ts) send the
// same file to the service, the API's dry run and the page /espace/imports, and expect the same.

/** The organisme whose offer the preview tests import: SIREN A's. */
export const ORGANISME_APERCU = organismeDe(SIREN_A);

/**
 * A preview test file's application (testWeb, no SMTP) whose SIREN A has diffused formations, one per
 * `cles` (external keys, from formationFixture): their ids, in order.
 */
export async function baseApercu(...cles: string[]): Promise<{ t: TestWeb; ids: string[] }> {
  const t = await testWeb({ smtp: false });
  const ids: string[] = [];
  for (const cle of cles) ids.push(await diffusee(t.ctx, formationFixture({ cle_externe: cle })));
  return { t, ids };
}

/**
 * The API's dry run of `fichier` (POST /api/v1/imports/{format}?dry_run=true) with a new write key
 * of SIREN A named `cle`: the report, once the answer is seen to be 200.
 */
export async function apercuApi<R>(
  t: TestWeb,
  format: 'lheo' | 'classeur',
  fichier: Buffer,
  cle: string,
): Promise<R> {
  const { key } = await createApiKey(t.ctx, { name: cle, scope: 'write', siren: SIREN_A });
  const r = await t.app.inject({
    method: 'POST',
    url: `/api/v1/imports/${format}?dry_run=true`,
    headers: { ...bearer(key), 'content-type': format === 'lheo' ? 'application/xml' : XLSX },
    payload: fichier,
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as R;
}

/**
 * The preview page of `fichier` sent from /espace/imports by a new organisme user of SIREN A
 * (`email`, browsing from `ip`), once ready: its visible text.
 */
export async function apercuPage(
  t: TestWeb,
  format: 'lheo' | 'classeur',
  fichier: Buffer,
  qui: { email: string; ip: string },
): Promise<string> {
  const a = await connecte(t, { email: qui.email, role: 'organisme', siren: SIREN_A }, qui.ip);
  await a.get('/espace/imports');
  const envoi = await envoyer(a, format, format === 'lheo' ? 'laval.xml' : 'laval.xlsx', fichier);
  expect(envoi.statusCode, envoi.body).toBe(303);
  return texte((await attendre(a, envoi.headers.location as string)).body);
}
