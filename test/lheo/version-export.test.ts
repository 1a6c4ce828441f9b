import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { openLheoExportOrganisme } from '../../src/services/export-lheo.service.ts';
import { importLheo, type LheoImportReport } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIREN_A, useTestApi } from '../api/helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// A fresh user's HIGH (07/12): an organisme downloaded its LHEO export, then closed a session's
// recruitment and changed a capacity in Offre (a workbook), then sent the earlier LHEO file back
// (a title edited): the session reopened at once and the capacity went back. Offre's own export
// now carries each formation's version (extras `formation`, `version`, `exporte-le`); a record
// whose formation changed since is refused (LHEO_VERSION_ANCIENNE), the others applied as usual;
// the same file sent twice is « inchangée »; a file without the extras (another system's) is
// applied as it always was. By every door (service on both write paths, API, command line).

const t = useTestApi();
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'u_ve',
  email: 've@cfa-a.test',
  nom: 'CFA A',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};
const EXPORT = new Date('2026-12-07T09:30:00Z');
const TITRE = 'BTS Management commercial opérationnel';

async function api(method: 'GET' | 'POST' | 'PUT', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

async function exporter(): Promise<string> {
  const exp = await openLheoExportOrganisme(t.ctx.db, organisme, EXPORT);
  let xml = '';
  for await (const c of exp.chunks) xml += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
  return xml;
}

/** `xml` with `f` applied to the `<formation>` element whose numero is `cle` only. */
function dansFormation(xml: string, cle: string, f: (bloc: string) => string): string {
  const debut = xml.indexOf(`<formation numero="${cle}"`);
  expect(debut).toBeGreaterThan(0);
  const fin = xml.indexOf('</formation>', debut);
  return xml.slice(0, debut) + f(xml.slice(debut, fin)) + xml.slice(fin);
}

const titre = (xml: string, cle: string, nouveau: string) =>
  dansFormation(xml, cle, (b) =>
    b.replace(`<intitule-formation>${TITRE}<`, `<intitule-formation>${nouveau}<`),
  );

/** What the import must not undo: the formation as its organisme reads it, and its open revision. */
async function etat(id: string) {
  const f = await t.ctx.db
    .selectFrom('session')
    .select(['cle_externe', 'etat_recrutement', 'capacite'])
    .where('formation_id', '=', id)
    .execute();
  const rev = await t.ctx.db
    .selectFrom('formation_revision')
    .select(['statut', 'payload'])
    .where('formation_id', '=', id)
    .execute();
  const row = await t.ctx.db
    .selectFrom('formation')
    .select(['intitule', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return { row, sessions: f, rev };
}

const lire = (xml: string) => Readable.from([xml]);

describe('an older LHEO export of Offre sent back', () => {
  let v1 = '';
  let xml0 = '';
  let ancien = '';

  it('the organisme’s export carries each formation’s version and the export’s instant', async () => {
    const r = await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: 'VE-1' }));
    v1 = r.json().id;
    expect((await api('POST', `/formations/${v1}/publier`, t.keys.writeA)).statusCode).toBe(200);
    expect((await api('POST', `/formations/${v1}/valider`, t.keys.admin)).statusCode).toBe(200);
    await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: 'VE-2' }));
    xml0 = await exporter();
    const bloc = xml0.slice(xml0.indexOf('<formation numero="VE-1"'));
    expect(bloc).toContain(`<extra info="formation">${v1}</extra>`);
    expect(bloc).toMatch(/<extra info="version">[0-9a-f]{32}<\/extra>/);
    expect(bloc).toContain('<extra info="exporte-le">2026-12-07T09:30:00.000Z</extra>');
    // Sent back at once, unchanged: nothing to refuse.
    const r0 = await importLheo(t.ctx, organisme, lire(xml0), { dryRun: true });
    expect(r0.formations).toEqual({ creees: 0, mises_a_jour: 0, inchangees: 2, rejetees: 0 });
  });

  it('a record whose formation changed since is refused, by both write paths, preview and apply alike; the others are applied', async () => {
    // In Offre meanwhile: VE-1's session closed (applied at once) and its capacity 24 → 30 (a revision).
    // The earlier file, a title edited in each formation.
    ancien = titre(titre(xml0, 'VE-1', 'BTS MCO (fichier)'), 'VE-2', 'BTS MCO VE-2 (fichier)');
    const f = formationFixture({ cle_externe: 'VE-1' });
    const ferme = f.sessions.map((s) => ({ ...s, etat_recrutement: 'ferme' as const }));
    for (const sessions of [ferme, ferme.map((s) => ({ ...s, capacite: 30 }))]) {
      const put = await api('PUT', `/formations/${v1}`, t.keys.writeA, { ...f, sessions });
      expect(put.statusCode, put.body).toBe(200);
    }
    const avant = await etat(v1);
    expect(avant.sessions).toMatchObject([{ etat_recrutement: 'ferme' }]);
    expect(avant.rev).toHaveLength(1);

    const refus = (r: LheoImportReport, apercu: boolean) => {
      expect(r.formations.rejetees).toBe(1);
      expect(r.rejets).toHaveLength(1);
      const rejet = r.rejets[0]!;
      expect(rejet).toMatchObject({ code: 'LHEO_VERSION_ANCIENNE', numero: 'VE-1' });
      expect(rejet.message).toMatch(
        /^Formation n° 1 \(ligne \d+\) : la formation « VE-1 » a été modifiée dans Offre/,
      );
      expect(rejet.message).toContain('depuis l’export de ce fichier le 7 décembre 2026 à 10:30');
      expect(rejet.message).toContain(
        apercu ? 'elle ne sera pas mise à jour' : 'elle n’a pas été mise à jour',
      );
      expect(rejet.message).toContain('Exportez de nouveau votre offre');
    };
    for (const writePath of ['single', 'bulk'] as const) {
      const lignes: string[] = [];
      const p = await importLheo(t.ctx, organisme, lire(ancien), {
        writePath,
        dryRun: true,
        onLigne: (l) => lignes.push(`${l.numero} ${l.resultat} ${l.code}`),
      });
      refus(p, true);
      expect(p.formations.mises_a_jour).toBe(1);
      expect(lignes).toContain('VE-1 refusee LHEO_VERSION_ANCIENNE');
      expect(await etat(v1)).toEqual(avant);
    }
    const r = await importLheo(t.ctx, organisme, lire(ancien), { writePath: 'single' });
    refus(r, false);
    expect(r.formations).toEqual({ creees: 0, mises_a_jour: 1, inchangees: 0, rejetees: 1 });
    expect(await etat(v1)).toEqual(avant);
    // The same file sent again: VE-2 (changed by the file itself since its export) is unchanged, not refused.
    for (const writePath of ['single', 'bulk'] as const) {
      const r2 = await importLheo(t.ctx, organisme, lire(ancien), { writePath });
      refus(r2, false);
      expect(r2.formations).toEqual({ creees: 0, mises_a_jour: 0, inchangees: 1, rejetees: 1 });
      expect(await etat(v1)).toEqual(avant);
    }
  });

  it('the API refuses the record in its report (200), the others applied', async () => {
    const avant = await etat(v1);
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
      payload: ancien,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().rejets).toMatchObject([{ code: 'LHEO_VERSION_ANCIENNE', numero: 'VE-1' }]);
    expect(await etat(v1)).toEqual(avant);
  });

  it.runIf(TEST_ENGINE === 'postgres')(
    'the command line says the refusal, its code and what to do',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'offre-ve-'));
      try {
        const fichier = join(dir, 'ancien.xml');
        writeFileSync(fichier, ancien);
        const avant = await etat(v1);
        const r = await runCli(['import', 'lheo', fichier], {
          DATABASE_URL: t.database.url!,
          OFFRE_DATA_DIR: undefined,
        });
        const sortie = r.stdout + r.stderr;
        expect(sortie).toContain('LHEO_VERSION_ANCIENNE');
        expect(sortie).toContain('Exportez de nouveau votre offre');
        expect(await etat(v1)).toEqual(avant);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('a file without the extras (another system’s) is the truth: applied as it always was', async () => {
    const sans = ancien.replace(/<extra info="(formation|version|exporte-le)">[^<]*<\/extra>/g, '');
    const r = await importLheo(t.ctx, organisme, lire(sans), { writePath: 'bulk' });
    expect(r.rejets).toEqual([]);
    expect(r.formations.mises_a_jour).toBe(1);
    // Its record written over the formation as before this check: the revision now holds the file's values.
    const rev = (await etat(v1)).rev[0]!.payload as FormationInput;
    expect(rev.intitule).toBe('BTS MCO (fichier)');
    expect(rev.sessions).toMatchObject([{ etat_recrutement: 'ouvert', capacite: 24 }]);
  });
});
