import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { compter, enBuffer, exportClasseur, loadOffre, NOW, ouvrir } from '../classeur/classeur.helpers.ts';
import { formationLueFixture } from '../helpers/formations.ts';
import { bearer, type TestApi, testApi } from './helpers.ts';

// Review 05/12: an API import sent as the request's body that lost its race with another import
// (409 IMPORT_CONCURRENT) was named « L’import (Le corps de la requête) » — the subject of its
// refusals' sentences in brackets. It is named as its page names it: the file's name, or, for a
// body, « … envoyé dans le corps de la requête ». The race is made to be lost every time by the
// database itself: a trigger refuses every write of a formation as a concurrent insert would
// (unique_violation), so each replay fails too.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));
const SUITE =
  'écrit les mêmes formations qu’un autre import envoyé en même temps, et n’a pas pu passer après lui : rien n’a été enregistré. Renvoyez-le dans un instant.';

let t: TestApi;
let classeur: Buffer;

beforeAll(async () => {
  t = await testApi({ now: () => NOW });
  await loadOffre(t);
  await ensureCampagne(t.ctx.db, 2027);
  const wb = await ouvrir(await exportClasseur(t, 2027));
  const ws = wb.getWorksheet('Offre')!;
  for (const r of [2, 3, 4]) {
    ws.getRow(r).getCell(COL.debut!).value = '01/09/2027';
    ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
  }
  classeur = await enBuffer(wb);
  await sql`
    create function course_perdue() returns trigger language plpgsql as $$
    begin
      raise exception 'course perdue' using errcode = 'unique_violation';
    end $$;
    create trigger course_perdue before insert or update on formation
      for each row execute function course_perdue();
    create trigger course_perdue before insert or update on session
      for each row execute function course_perdue();
  `.execute(t.ctx.db);
});
afterAll(() => t?.close());

const poster = (url: string, type: string, corps: Buffer | string) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(t.keys.writeA), 'content-type': type },
    payload: corps,
  });

function attendre409(
  r: { statusCode: number; body: string; json: () => { code: string; detail: string } },
  quoi: string,
) {
  expect(r.statusCode, r.body).toBe(409);
  expect(r.json().code).toBe('IMPORT_CONCURRENT');
  expect(r.json().detail).toBe(`${quoi} ${SUITE}`);
  expect(r.body).not.toContain('(Le corps de la requête)');
}

describe('IMPORT_CONCURRENT names the import as its page does', () => {
  it('an LHEO file sent as the body: « L’import du fichier LHEO envoyé dans le corps de la requête »', async () => {
    const xml =
      LHEO_DEBUT + formationToLheo(formationLueFixture({ cle_externe: 'COURSE-1' }), () => {}) + LHEO_FIN;
    const avant = await compter(t);
    const r = await poster('/api/v1/imports/lheo', 'application/xml', xml);
    // The LHEO import refuses the formation it could not write, in its report (the others are
    // kept): the rejection says so, never « rien n’a été enregistré » under a 200 (review 05/12).
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().rejets).toEqual([
      expect.objectContaining({
        code: 'IMPORT_CONCURRENT',
        message:
          'Formation n° 1 (ligne 4) : cette formation était modifiée au même moment par une autre écriture (un autre import, une saisie, l’API) et n’a pas pu être enregistrée après 3 essais. Renvoyez le fichier dans un instant : ce qui est déjà enregistré restera inchangé.',
      }),
    ]);
    expect(r.body).not.toContain('rien n’a été enregistré');
    expect(await compter(t)).toEqual(avant);
    // Its preview says it of the preview.
    const apercu = await poster('/api/v1/imports/lheo?dry_run=true', 'application/xml', xml);
    expect(apercu.json().rejets[0].message).toContain(
      'n’a pas pu être simulée après 3 essais : elle est refusée dans cet aperçu. Relancez l’aperçu dans un instant.',
    );
  });

  it('an LHEO import whose race is lost outside its records: refused as a whole, 409, nothing stored', async () => {
    // The trace of an API import is written last, in the import's transaction: a race lost there
    // rolls everything back, and the answer says so (it was a 409 ECRITURE_CONCURRENTE).
    await sql`
      drop trigger course_perdue on formation;
      drop trigger course_perdue on session;
      create trigger course_perdue before insert on import_tache
        for each row execute function course_perdue();
    `.execute(t.ctx.db);
    try {
      const xml =
        LHEO_DEBUT +
        formationToLheo(formationLueFixture({ cle_externe: 'COURSE-TRACE' }), () => {}) +
        LHEO_FIN;
      const avant = await compter(t);
      const r = await poster('/api/v1/imports/lheo', 'application/xml', xml);
      attendre409(r, 'L’import du fichier LHEO envoyé dans le corps de la requête');
      expect(await compter(t)).toEqual(avant);
    } finally {
      await sql`
        drop trigger course_perdue on import_tache;
        create trigger course_perdue before insert or update on formation
          for each row execute function course_perdue();
        create trigger course_perdue before insert or update on session
          for each row execute function course_perdue();
      `.execute(t.ctx.db);
    }
  });

  it('a workbook sent as the body: « L’import du classeur de campagne envoyé dans le corps de la requête »', async () => {
    const r = await poster('/api/v1/imports/classeur', XLSX, classeur);
    attendre409(r, 'L’import du classeur de campagne envoyé dans le corps de la requête');
  });

  it('a workbook sent in a form: by its file’s name, « L’import de « offre.xlsx » »', async () => {
    const form = new FormData();
    form.append('fichier', new Blob([new Uint8Array(classeur)], { type: XLSX }), 'offre.xlsx');
    const req = new Request('http://offre.test/', { method: 'POST', body: form });
    const r = await poster(
      '/api/v1/imports/classeur',
      req.headers.get('content-type')!,
      Buffer.from(await req.arrayBuffer()),
    );
    attendre409(r, 'L’import de « offre.xlsx »');
  });
});
