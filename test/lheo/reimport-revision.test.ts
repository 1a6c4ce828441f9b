import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { MESSAGES_LHEO } from '../../src/formats/lheo/lheo.rapport.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo, type LheoImportReport } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE } from '../helpers/db.ts';

// An organisme's LHEO file sent back while some of its published formations have a pending
// revision (defect: the unchanged export re-imported abandoned those revisions without a word —
// the preview said « 2 mise(s) à jour » with no field, the command line « inchangées »). The rule:
// a formation whose record is identical to its published version (what the export writes) is
// unchanged and its revision is kept; by every door (API, page's service, command line) and both
// write paths, with the same counts. A record that does change the formation replaces the revision
// with the file's content, and the report names every field from the revision's value: « avant »
// is the revision's (the defect showed the published value), so a revision's field going back to
// its published value is listed too.

const t = useTestApi();
const PUBLIE = 'BTS Management commercial opérationnel';
const REVISE = 'BTS MCO (révision de l’organisme)';
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'u_rv',
  email: 'rv@cfa-a.test',
  nom: 'CFA A',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

async function api(method: 'POST' | 'PUT', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

/** Created, published and validated; then, when `revision`, changed by the organisme (a pending revision). */
async function publiee(cle: string, revision?: Partial<FormationInput>): Promise<string> {
  const { id } = (
    await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: cle }))
  ).json();
  expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  if (revision) {
    const r = await api('PUT', `/formations/${id}`, t.keys.writeA, {
      ...formationFixture({ cle_externe: cle }),
      ...revision,
    });
    expect(r.json()).toMatchObject({ revision: true });
  }
  return id;
}

const capacite30 = (): Partial<FormationInput> => {
  const f = formationFixture();
  return { sessions: f.sessions.map((s) => ({ ...s, capacite: 30 })) };
};

/** The organisme's whole file, as `offre export lheo --all --siret` writes it (published values). */
async function exportOrganisme(): Promise<string> {
  const exp = await openLheoExport(t.ctx.db, SYSTEME('export-lheo'), { siret: SIRET_A }, new Date());
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

/** The revisions of the formations and their history entries: what the import must not touch. */
async function revisions(ids: readonly string[]) {
  const rev = await t.ctx.db
    .selectFrom('formation_revision')
    .select(['id', 'formation_id', 'statut', 'payload', 'created_at'])
    .where('formation_id', 'in', ids)
    .orderBy('id')
    .execute();
  const hist = await t.ctx.db
    .selectFrom('historique')
    .select(['action'])
    .where('formation_id', 'in', ids)
    .where('entite', '=', 'revision')
    .execute();
  return { rev, actions: hist.map((h) => h.action).sort() };
}

const lire = (xml: string) => Readable.from([xml]);

describe('an organisme’s LHEO file sent back over its pending revisions', () => {
  let rv1 = '';
  let rv2 = '';
  let xml0 = '';

  it('unchanged export: every door and both write paths say « inchangée », and the revisions stay pending', async () => {
    rv1 = await publiee('RV-1', { intitule: REVISE });
    rv2 = await publiee('RV-2', capacite30());
    await publiee('RV-3');
    await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: 'RV-4' }));
    xml0 = await exportOrganisme();
    const avant = await revisions([rv1, rv2]);
    expect(avant.rev.map((r) => r.statut)).toEqual(['en_attente_validation', 'en_attente_validation']);

    const attendu = (r: LheoImportReport) => {
      expect(r.formations).toEqual({ creees: 0, mises_a_jour: 0, inchangees: 4, rejetees: 0 });
      expect(r.modifiees).toEqual([]);
      expect(r.revisions_gardees).toBe(2);
    };
    // The API, preview then applied (the organisme's write key).
    for (const url of ['/imports/lheo?dry_run=true', '/imports/lheo']) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1${url}`,
        headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
        payload: xml0,
      });
      expect(r.statusCode, r.body).toBe(200);
      attendu(r.json());
      expect(await revisions([rv1, rv2])).toEqual(avant);
    }
    // The organisme's user (the page /espace/imports) and the command line (SYSTEME), one by one and in bulk.
    for (const acteur of [organisme, SYSTEME('import-lheo')])
      for (const writePath of ['single', 'bulk'] as const) {
        const lignes: string[] = [];
        const r = await importLheo(t.ctx, acteur, lire(xml0), {
          writePath,
          onLigne: (l) => {
            if (l.numero === 'RV-1' || l.numero === 'RV-3') lignes.push(`${l.resultat} ${l.message}`);
          },
        });
        attendu(r);
        // The same words for the formation whose revision is kept, whoever imports.
        expect(lignes).toEqual([
          'inchangee Formation inchangée ; sa révision en attente est gardée : elle attend la validation du gestionnaire.',
          'inchangee Formation inchangée.',
        ]);
        expect(await revisions([rv1, rv2])).toEqual(avant);
      }
    expect(avant.actions).not.toContain('revision_abandonnee');
  });

  // Defect: the command line (an administrator) refused a record identical to the pending revision
  // (REVISION_EN_ATTENTE, « effacerait votre modification ») while the organisme's API and page said
  // « inchangée ». The revision's own content is unchanged by every door; a record that changes the
  // formation is still refused to a validateur, with a message that says why and what to do.
  it('a record identical to the revision: « inchangée » for the command line too; a change is refused, explained', async () => {
    // RV-1's revision is its title: the file gets it, so every record is its published version or its revision.
    const xmlRev = dansFormation(xml0, 'RV-1', (b) =>
      b.replace(`<intitule-formation>${PUBLIE}<`, `<intitule-formation>${REVISE}<`),
    );
    const xmlChange = dansFormation(xml0, 'RV-1', (b) =>
      b.replace(`<intitule-formation>${PUBLIE}<`, '<intitule-formation>BTS MCO (admin)<'),
    );
    const avant = await revisions([rv1, rv2]);
    for (const acteur of [organisme, SYSTEME('import-lheo')])
      for (const writePath of ['single', 'bulk'] as const) {
        const lignes: string[] = [];
        const r = await importLheo(t.ctx, acteur, lire(xmlRev), {
          writePath,
          onLigne: (l) => {
            if (l.numero === 'RV-1') lignes.push(`${l.resultat} ${l.message}`);
          },
        });
        expect(r.formations, `${acteur.kind} ${writePath}`).toEqual({
          creees: 0,
          mises_a_jour: 0,
          inchangees: 4,
          rejetees: 0,
        });
        expect(r.revisions_gardees).toBe(2);
        expect(lignes).toEqual([`inchangee ${MESSAGES_LHEO.inchangeeRevisionGardee}`]);
        expect(await revisions([rv1, rv2])).toEqual(avant);
      }
    for (const writePath of ['single', 'bulk'] as const) {
      const r = await importLheo(t.ctx, SYSTEME('import-lheo'), lire(xmlChange), { writePath, dryRun: true });
      expect(r.formations).toEqual({ creees: 0, mises_a_jour: 0, inchangees: 3, rejetees: 1 });
      expect(r.rejets).toHaveLength(1);
      expect(r.rejets[0]).toMatchObject({ code: 'REVISION_EN_ATTENTE', numero: 'RV-1' });
      expect(r.rejets[0]!.message).toContain(
        'importez-le en son nom (son espace, /espace/imports, ou l’API avec sa clé)',
      );
    }
  });

  it('a changed record: « avant » is the revision’s value, and a revision’s field going back is named', async () => {
    // RV-1: its title changed again in the file — from the revision's title, not the published one.
    const xml1 = dansFormation(xml0, 'RV-1', (b) =>
      b.replace(`<intitule-formation>${PUBLIE}<`, '<intitule-formation>BTS MCO (LHEO)<'),
    );
    // RV-2: its title changed, its capacity left at the published 24: the revision's 30 goes.
    const xml2 = dansFormation(xml0, 'RV-2', (b) =>
      b.replace(`<intitule-formation>${PUBLIE}<`, '<intitule-formation>BTS MCO (RV-2)<'),
    );
    const avant = await revisions([rv1, rv2]);
    for (const writePath of ['single', 'bulk'] as const) {
      const r1 = await importLheo(t.ctx, organisme, lire(xml1), { writePath, dryRun: true });
      expect(r1.formations).toMatchObject({ mises_a_jour: 1, inchangees: 3 });
      expect(r1.modifiees[0]).toMatchObject({
        numero: 'RV-1',
        revision: true,
        changements: [{ champ: 'intitule', avant: REVISE, apres: 'BTS MCO (LHEO)' }],
      });
      const r2 = await importLheo(t.ctx, organisme, lire(xml2), { writePath, dryRun: true });
      expect(r2.formations).toMatchObject({ mises_a_jour: 1, inchangees: 3 });
      const m = r2.modifiees[0]!;
      expect(m.numero).toBe('RV-2');
      expect(m.changements).toEqual([
        { champ: 'intitule', avant: PUBLIE, apres: 'BTS MCO (RV-2)' },
        {
          champ: expect.stringMatching(/^sessions\[se_[^\]]+\]\.capacite$/),
          avant: '30',
          apres: '24',
          // The session by its dates, as the history names it.
          session: 'session du 1er septembre 2026 au 30 juin 2028',
        },
      ]);
      expect(await revisions([rv1, rv2])).toEqual(avant);
    }
    // Applied through the API: the report is the preview's, the revision now the file's content.
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/lheo',
      headers: { ...bearer(t.keys.writeA), 'content-type': 'application/xml' },
      payload: xml2,
    });
    expect(r.json().modifiees[0].changements.map((c: { avant: string }) => c.avant)).toEqual([PUBLIE, '30']);
    const apres = await revisions([rv2]);
    expect(apres.rev[0]!.statut).toBe('en_attente_validation');
    expect((apres.rev[0]!.payload as FormationInput).sessions[0]!.capacite).toBe(24);
    expect((apres.rev[0]!.payload as FormationInput).intitule).toBe('BTS MCO (RV-2)');
  });

  // The command itself needs the test's database: PostgreSQL only (on PGlite the database lives in
  // this process); its counts on both engines are the SYSTEME imports of the first test.
  it.runIf(TEST_ENGINE === 'postgres')('the command line prints the same counts and words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'offre-rv-'));
    try {
      const fichier = join(dir, 'organisme.xml');
      writeFileSync(fichier, xml0);
      const r = await runCli(['import', 'lheo', '--dry-run', fichier], {
        DATABASE_URL: t.database.url!,
        OFFRE_DATA_DIR: undefined,
      });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('0 créée, 0 mise à jour, 4 inchangées, 0 rejetée.');
      expect(r.stdout).toContain(
        '2 formations inchangées gardent leur révision en attente, qui attend toujours la validation du gestionnaire',
      );
      // The file holding RV-1's revision (its title): the same, no refusal, exit 0.
      writeFileSync(
        fichier,
        dansFormation(xml0, 'RV-1', (b) =>
          b.replace(`<intitule-formation>${PUBLIE}<`, `<intitule-formation>${REVISE}<`),
        ),
      );
      const rev = await runCli(['import', 'lheo', '--dry-run', fichier], {
        DATABASE_URL: t.database.url!,
        OFFRE_DATA_DIR: undefined,
      });
      expect(rev.code, rev.stderr).toBe(0);
      expect(rev.stdout).toContain('0 créée, 0 mise à jour, 4 inchangées, 0 rejetée.');
      expect(rev.stderr).not.toContain('REVISION_EN_ATTENTE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Fresh user: a published offer's revision that empties a mandatory field was refused on the
// organisme's page but stored by the API and the imports. One check (domain/publication.ts
// refusRevisionIncomplete) for every way in: in an LHEO file, that record is rejected, named, and
// the rest of the file is applied.
describe('an organisme’s LHEO file whose revision would empty a mandatory field', () => {
  it('rejects that record (PUBLICATION_INCOMPLETE, the field named), applies the others, both write paths', async () => {
    const id = await publiee('RV-OBJ');
    await publiee('RV-AUTRE');
    const xml = await exportOrganisme();
    const sansObjectif = dansFormation(xml, 'RV-OBJ', (b) =>
      b.replace(
        /<objectif-formation>[^<]*<\/objectif-formation>/,
        '<objectif-formation> </objectif-formation>',
      ),
    );
    const autre = dansFormation(sansObjectif, 'RV-AUTRE', (b) =>
      b.replace(`<intitule-formation>${PUBLIE}<`, '<intitule-formation>BTS MCO (autre)<'),
    );
    for (const writePath of ['single', 'bulk'] as const) {
      const r = await importLheo(t.ctx, organisme, lire(autre), {
        writePath,
        dryRun: writePath === 'single',
      });
      expect(r.formations.rejetees, writePath).toBe(1);
      expect(r.formations.mises_a_jour, writePath).toBe(1);
      expect(r.rejets[0], writePath).toMatchObject({ code: 'PUBLICATION_INCOMPLETE', numero: 'RV-OBJ' });
      expect(r.rejets[0]!.message).toContain('Champ obligatoire non renseigné : l’objectif.');
    }
    expect((await revisions([id])).rev).toEqual([]);
  });
});
