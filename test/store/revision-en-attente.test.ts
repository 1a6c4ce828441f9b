import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { addSession, saveFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { bearer, formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';

// A pending revision must not silently undo a validateur's direct write (the defect: an organisme's
// change of a published offer waits as a revision; the command line's import, an administrator or
// a gestionnaire then wrote the offer directly, 24 → 25 places; validating the revision later put
// 24 back). Now such a write is refused (REVISION_EN_ATTENTE) for that formation only, and nothing
// of it is stored; an identical re-import still passes as unchanged.

const t = useTestApi();
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const systeme = SYSTEME('import-classeur');
const gestionnaire = gestionnaireDe('84');

async function api(method: 'POST' | 'PUT' | 'GET', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

/** Created and published by the organisme (write key of SIREN A), validated by an administrator. */
async function publiee(cle: string): Promise<string> {
  const { id } = (
    await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: cle }))
  ).json();
  expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  return id;
}

/** publiee(cle), then the organisme changes its title: the change waits as a revision. */
async function avecRevision(cle: string): Promise<string> {
  const id = await publiee(cle);
  const r = await api(
    'PUT',
    `/formations/${id}`,
    t.keys.writeA,
    formationFixture({ cle_externe: cle, intitule: 'BTS MCO (révision de l’organisme)' }),
  );
  expect(r.json()).toMatchObject({ revision: true });
  return id;
}

const capacite = (n: number, cle: string): FormationInput => {
  const f = formationFixture({ cle_externe: cle });
  return { ...f, sessions: f.sessions.map((s) => ({ ...s, capacite: n })) };
};

async function etat(id: string) {
  const f = await t.ctx.db
    .selectFrom('formation')
    .select(['intitule', 'statut', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const s = await t.ctx.db.selectFrom('session').select('capacite').where('formation_id', '=', id).execute();
  const r = await t.ctx.db
    .selectFrom('formation_revision')
    .select(['statut', 'payload', 'created_at'])
    .where('formation_id', '=', id)
    .execute();
  return { ...f, capacites: s.map((x) => x.capacite), revisions: r };
}

/** The rows of formation `id` in a workbook, changed by `f`. */
async function classeurModifie(fichier: Buffer, changes: Record<string, (row: ExcelJS.Row) => void>) {
  const wb = await ouvrir(fichier);
  wb.getWorksheet('Offre')!.eachRow((row, r) => {
    if (r === 1) return;
    const ref = String(row.getCell(COL.reference!).value ?? '');
    for (const [id, f] of Object.entries(changes)) if (ref.startsWith(`${id}/`)) f(row);
  });
  return enBuffer(wb);
}

const placesA = (n: number) => (row: ExcelJS.Row) => {
  row.getCell(COL.capacite!).value = n;
};

describe('a validateur’s direct write of a published offer whose revision is pending', () => {
  it('API (administrator key): PUT and POST …/sessions answer 409 REVISION_EN_ATTENTE; nothing stored', async () => {
    const id = await avecRevision('API-1');
    const avant = await etat(id);
    const put = await api('PUT', `/formations/${id}`, t.keys.admin, capacite(25, 'API-1'));
    expect(put.statusCode).toBe(409);
    expect(put.headers['content-type']).toMatch(/^application\/problem\+json/);
    const e = put.json();
    expect(e).toMatchObject({ status: 409, code: 'REVISION_EN_ATTENTE' });
    // Names the formation, who proposed the revision and when, and what to do.
    expect(e.detail).toContain(id);
    expect(e.detail).toContain('l’API (clé « test-write-130025265 »)');
    expect(e.detail).toMatch(/le \d{1,2} \S+ \d{4} à \d\d:\d\d/);
    expect(e.detail).toContain(`/gestion/formations/${id}`);
    expect(e.detail).toContain('valider ou retourner');
    const session = await api('POST', `/formations/${id}/sessions`, t.keys.admin, {
      debut: '2027-09-01',
      fin: '2029-06-30',
      lieu: { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' },
    });
    expect(session.statusCode).toBe(409);
    expect(session.json()).toMatchObject({ code: 'REVISION_EN_ATTENTE' });
    expect(await etat(id)).toEqual(avant);
    // The same values again change nothing: accepted, unchanged.
    const meme = await api(
      'PUT',
      `/formations/${id}`,
      t.keys.admin,
      formationFixture({ cle_externe: 'API-1' }),
    );
    expect(meme.statusCode).toBe(200);
    expect(meme.json()).toMatchObject({ changed: false });
  });

  it('a gestionnaire of the région is refused too; once the revision is validated, its write passes', async () => {
    const id = await avecRevision('GEST-1');
    await expect(saveFormation(t.ctx, gestionnaire, capacite(25, 'GEST-1'), { id })).rejects.toMatchObject({
      code: 'REVISION_EN_ATTENTE',
      status: 409,
    });
    await expect(
      addSession(t.ctx, gestionnaire, id, {
        debut: '2027-09-01',
        fin: '2029-06-30',
        lieu: { code_postal: '69001', commune: 'Lyon' },
      } as never),
    ).rejects.toMatchObject({ code: 'REVISION_EN_ATTENTE' });
    // Validating the revision gives the organisme's values (nothing of the refused write).
    await transition(t.ctx, gestionnaire, id, 'valider');
    expect(await etat(id)).toMatchObject({ intitule: 'BTS MCO (révision de l’organisme)', capacites: [24] });
    const r = await saveFormation(
      t.ctx,
      gestionnaire,
      { ...capacite(25, 'GEST-1'), intitule: 'BTS MCO (révision de l’organisme)' },
      { id },
    );
    expect(r.changed).toBe(true);
    expect((await etat(id)).capacites).toEqual([25]);
  });

  it('command line, workbook: that formation’s rows refused (preview and apply), the others applied, the revision intact', async () => {
    const enRevision = await avecRevision('CL-1');
    const autre = await publiee('CL-2');
    const export0 = await exportClasseur(t, ANNEE, SIRET_A);
    const fichier = await classeurModifie(export0, { [enRevision]: placesA(25), [autre]: placesA(25) });
    const avant = await etat(enRevision);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, systeme, fichier, { dryRun });
      const refusee = rapport.lignes.find((l) => l.reference?.startsWith(`${enRevision}/`))!;
      expect(refusee).toMatchObject({ verdict: 'erreur', erreurs: [{ code: 'REVISION_EN_ATTENTE' }] });
      expect(refusee.erreurs[0]!.message).toContain(enRevision);
      expect(refusee.erreurs[0]!.message).toMatch(/^Ligne \d+ : La formation/);
      expect(rapport.lignes.find((l) => l.reference?.startsWith(`${autre}/`))).toMatchObject({
        verdict: 'modifiee',
      });
    }
    expect((await etat(autre)).capacites).toEqual([25]);
    expect(await etat(enRevision)).toEqual(avant);
    // The same workbook as exported (it shows the revision's values): nothing to refuse.
    const meme = await importClasseur(t.ctx, systeme, export0, { dryRun: false });
    expect(meme.rapport.lignes.find((l) => l.reference?.startsWith(`${enRevision}/`))).toMatchObject({
      verdict: 'inchangee',
      erreurs: [],
    });
    expect(await etat(enRevision)).toEqual(avant);
    // Validated afterwards: the organisme's values, 24 places.
    await transition(t.ctx, SYSTEME('cli'), enRevision, 'valider');
    expect(await etat(enRevision)).toMatchObject({
      intitule: 'BTS MCO (révision de l’organisme)',
      capacites: [24],
    });
  });

  it('command line, workbook: a refused row is named by its own title and says nothing of being applied', async () => {
    const id = await avecRevision('CL-4');
    const fichier = await classeurModifie(await exportClasseur(t, ANNEE, SIRET_A), {
      // Changed without the red of the convention: the warning CLASSEUR_MODIFICATION_NON_SIGNALEE
      // (« la modification est appliquée ») of a row that is applied.
      [id]: (row) => {
        row.getCell(COL.capacite!).value = 26;
        row.getCell(COL.intitule!).value = 'BTS MCO (classeur)';
      },
    });
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, systeme, fichier, { dryRun });
      const refusee = rapport.lignes.find((l) => l.reference?.startsWith(`${id}/`))!;
      expect(refusee).toMatchObject({ verdict: 'erreur', erreurs: [{ code: 'REVISION_EN_ATTENTE' }] });
      // Named as Offre knows it; the row's own title said as the file's (the row is found by it).
      expect(refusee.erreurs[0]!.message).toMatch(
        new RegExp(
          `${id} « [^»]+ » \\(intitulé « BTS MCO \\(classeur\\) » dans le fichier\\) a une révision`,
        ),
      );
      expect(refusee.avertissements.map((a) => a.code)).not.toContain('CLASSEUR_MODIFICATION_NON_SIGNALEE');
      expect(refusee.avertissements.every((a) => !a.message.includes('appliquée'))).toBe(true);
    }
  });

  it('command line, workbook: a yellow row still archives the formation, abandoning its revision', async () => {
    const id = await avecRevision('CL-3');
    const fichier = await classeurModifie(await exportClasseur(t, ANNEE, SIRET_A), {
      [id]: (row) => {
        for (let c = 1; c <= 25; c++)
          peindre(row.getCell(c), {
            fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } },
          });
      },
    });
    for (const writePath of ['single', 'bulk'] as const) {
      if (writePath === 'bulk') {
        await transition(t.ctx, SYSTEME('cli'), id, 'publier');
        await transition(t.ctx, SYSTEME('cli'), id, 'valider');
        await api(
          'PUT',
          `/formations/${id}`,
          t.keys.writeA,
          formationFixture({ cle_externe: 'CL-3', intitule: 'Autre révision' }),
        );
      }
      expect((await etat(id)).revisions.some((r) => r.statut === 'en_attente_validation')).toBe(true);
      const { rapport } = await importClasseur(t.ctx, systeme, fichier, { dryRun: false, writePath });
      expect(rapport.lignes.find((l) => l.reference?.startsWith(`${id}/`))).toMatchObject({
        verdict: 'fermee',
        erreurs: [],
      });
      const apres = await etat(id);
      expect(apres.statut).toBe('archivee');
      expect(apres.revisions.every((r) => r.statut !== 'en_attente_validation')).toBe(true);
      // The diffused version was archived, not the revision's.
      expect(apres.intitule).toBe('BTS Management commercial opérationnel');
    }
  });

  it('command line, LHEO: that record rejected by name, the others updated; the same file again is unchanged', async () => {
    const enRevision = await avecRevision('LH-1');
    const autre = await publiee('LH-2');
    const exp = await openLheoExport(t.ctx.db, SYSTEME('export-lheo'), { siret: SIRET_A }, new Date());
    let xml0 = '';
    for await (const c of exp.chunks) xml0 += c;
    const xml = xml0.replace(/<intitule-formation>([^<]*)</g, '<intitule-formation>$1 (LHEO)<');
    const avant = await etat(enRevision);
    for (const writePath of ['single', 'bulk'] as const) {
      const r = await importLheo(t.ctx, SYSTEME('import-lheo'), Readable.from([xml0]), { writePath });
      expect(r.formations.rejetees).toBe(0);
      const rapport = await importLheo(t.ctx, SYSTEME('import-lheo'), Readable.from([xml]), {
        writePath,
        dryRun: writePath === 'single',
      });
      // Each formation of SIREN A with a pending revision (this one, and API-1 above) is rejected by name.
      const refus = rapport.rejets.filter((x) => x.code === 'REVISION_EN_ATTENTE');
      const rejet = refus.find((x) => x.message.includes(enRevision));
      expect(rejet?.message).toMatch(/^Formation n° \d+ \(ligne \d+\) : La formation/);
      expect(refus.some((x) => x.message.includes(autre))).toBe(false);
      // CL-3, archived by the test above, is refused too: an archived formation is not changed.
      const archivees = rapport.rejets.filter((x) => x.code === 'FORMATION_ARCHIVEE');
      expect(archivees).toHaveLength(1);
      expect(rapport.formations.rejetees).toBe(refus.length + archivees.length);
      expect(rapport.formations.mises_a_jour).toBeGreaterThan(0);
      expect(await etat(enRevision)).toEqual(avant);
    }
    expect((await etat(autre)).intitule).toBe('BTS Management commercial opérationnel (LHEO)');
  });
});
