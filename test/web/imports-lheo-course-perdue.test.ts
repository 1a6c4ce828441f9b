import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { formationLueFixture } from '../helpers/formations.ts';
import { attendre, envoyer, texte } from './imports.helpers.ts';

// User pass of 05/12: after an LHEO import lost its race on one formation (IMPORT_CONCURRENT: another
// write changed it meanwhile, nothing wrong in the file), the result page still advised « corrigez-la
// dans le fichier » above a refusal that says to send the file again. The advice follows the code:
// such a formation is not to be corrected, the file is to be sent again. The race is lost on
// purpose, on both engines: a trigger refuses the writes of one formation as a concurrent insert
// would (test/api/import-lheo-course-perdue.test.ts has the real race on PostgreSQL).

const fichier = (numeros: string[]) =>
  LHEO_DEBUT +
  numeros
    .map((n) =>
      formationToLheo(formationLueFixture({ cle_externe: n, intitule: `Formation ${n}` }), () => {}),
    )
    .join('') +
  LHEO_FIN;

let t: TestWeb;
let a: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  const u = await compte(t, { email: 'course@cfa-a.test', role: 'organisme', siren: SIREN_A });
  a = new Navigateur(t.app, '10.45.0.1');
  await a.seConnecter(u.email, u.motDePasse);
  await sql`
    create function course_perdue_page() returns trigger language plpgsql as $$
    begin
      if new.cle_externe like 'PERDUE-%' then
        raise exception 'course perdue' using errcode = 'unique_violation';
      end if;
      return new;
    end $$;
    create trigger course_perdue_page before insert or update on formation
      for each row execute function course_perdue_page();
  `.execute(t.ctx.db);
});
afterAll(() => t?.close());

/** Uploads `numeros` as an LHEO file, applies it, returns the result page's visible text. */
async function appliquer(numeros: string[]) {
  await a.get('/espace/imports');
  const envoi = await envoyer(a, 'lheo', 'course.xml', Buffer.from(fichier(numeros)));
  expect(envoi.statusCode, texte(envoi.body).slice(0, 300)).toBe(303);
  const job = envoi.headers.location as string;
  await attendre(a, job);
  expect((await a.post(`${job}/appliquer`, {})).statusCode).toBe(303);
  const page = await attendre(a, job);
  expect(page.statusCode).toBe(200);
  return texte(page.body);
}

it('a formation refused for a lost race only: the page says to send the file again, not to correct it', async () => {
  const p = await appliquer(['GAGNEE-1', 'PERDUE-1']);
  expect(p).toContain('Import appliqué');
  expect(p).toContain('IMPORT_CONCURRENT');
  expect(p).not.toContain('corrigez-la dans le fichier');
  expect(p).toContain(
    '1 formation n’a pas été enregistrée (les autres le sont) : une autre écriture la modifiait au même moment. Elle n’est pas à corriger : envoyez le fichier à nouveau dans un instant.',
  );
});

it('with a formation in error too: only that one is to be corrected, the other is said not to be', async () => {
  const invalide = fichier(['PERDUE-2']).replace(
    '</offres>',
    '<formation><intitule-formation>Sans numéro</intitule-formation></formation></offres>',
  );
  await a.get('/espace/imports');
  const envoi = await envoyer(a, 'lheo', 'mixte.xml', Buffer.from(invalide));
  const job = envoi.headers.location as string;
  await attendre(a, job);
  expect((await a.post(`${job}/appliquer`, {})).statusCode).toBe(303);
  const p = texte((await attendre(a, job)).body);
  expect(p).toContain(
    '2 formations en erreur n’ont pas été appliquées (aucune formation n’a été enregistrée) : corrigez-en une dans le fichier',
  );
  expect(p).toContain(
    'L’autre n’est pas à corriger : une autre écriture la modifiait au même moment ; elle sera enregistrée au prochain envoi.',
  );
});
