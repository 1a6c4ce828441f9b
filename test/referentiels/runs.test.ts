import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import {
  ensureCommunesParDefaut,
  importReferentiel,
  statutReferentiels,
} from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture, tmp, zipRncp } from './helpers.ts';

let database: Database;
const dir = tmp();
beforeAll(async () => {
  database = await testDatabase();
  const db = database.db;
  await db
    .insertInto('organisme')
    .values([
      { siret: '73282932000074', siren: '732829320' },
      { siret: '55210055400012', siren: '552100554' },
    ])
    .execute();
  const f = (id: string, v: Record<string, unknown>) => ({
    id,
    siren_proprietaire: '732829320',
    created_by: 't',
    updated_by: 't',
    ...v,
  });
  await db
    .insertInto('formation')
    .values([
      f('F1', { responsable_siret: '73282932000074' }),
      f('F2', { formateur_siret: '55210055400012' }),
      f('F3', { code_cfd: '32031213' }),
      f('F4', { code_cfd: '1022001' }), // typed without its leading zero
      f('F5', {}),
      f('F6', { code_cfd: '40025214' }),
      f('F7', { code_rncp: 'rncp 30271' }), // typed loosely
    ])
    .execute();
  await db
    .insertInto('session')
    .values({ id: 'S5', formation_id: 'F5', code_postal: '01500', code_insee: '01004' })
    .execute();
});
afterAll(() => database.close());

const ctx = () => contexte(database);
const write = (name: string, text: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const SIRENE_HEADER = 'siren,nic,siret,etatAdministratifEtablissement,codeCommuneEtablissement';

describe('import runs', () => {
  it('a fresh install loads the built-in communes once, then validates without any file', async () => {
    const r = await ensureCommunesParDefaut(ctx());
    expect(r?.statut).toBe('importe');
    expect(r!.lignes.gardees).toBeGreaterThan(34000);
    const paris = await database.db
      .selectFrom('commune')
      .selectAll()
      .where('code_postal', '=', '75001')
      .orderBy('code_insee')
      .execute();
    expect(paris.map((c) => c.code_insee)).toEqual(['75056', '75101']);
    expect(await ensureCommunesParDefaut(ctx())).toBeNull();
  });

  it('re-importing the same file changes nothing; the run records the file and its counts', async () => {
    const path = fixture('communes/communes.csv');
    const first = await importReferentiel(ctx(), { kind: 'communes', fichier: path, force: true });
    expect(first.statut).toBe('importe');
    // The file's communes replace the built-in ones; every COG commune the file lacks is kept
    // from the built-in list (overseas collectivities first: the usual communes files lack them).
    expect(first.diff.commune!.retraits).toBeLessThan(100);
    expect(first.lignes).toMatchObject({ lues: 7, gardees: 7, rejetees: 0 });
    expect(first.lignes.completees).toBeGreaterThan(34000);
    const again = await importReferentiel(ctx(), { kind: 'communes', fichier: path });
    expect(again).toMatchObject({ statut: 'inchange', run_id: first.run_id });
    const runs = await database.db
      .selectFrom('ref_run')
      .selectAll()
      .where('kind', '=', 'communes')
      .orderBy('id')
      .execute();
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({
      fichier: 'communes.csv',
      lignes_lues: 7,
      lignes_gardees: 7,
      lignes_rejetees: 0,
      jeu: 'communes',
    });
    expect(runs[1]!.hash).toMatch(/^[0-9a-f]{64}$/);
    const codes = await database.db
      .selectFrom('commune')
      .select(['code_insee', 'code_postal', 'nom'])
      .where('code_insee', 'in', ['01004', '01015', '17300', '2A004', '75056', '75101', '75116', '97801'])
      .orderBy('code_insee')
      .orderBy('code_postal')
      .execute();
    // The file's pairs, and the built-in list's postal codes the file lacks (Ajaccio 20090 ...).
    expect(codes).toEqual(
      expect.arrayContaining([
        { code_insee: '01004', code_postal: '01500', nom: 'Ambérieu-en-Bugey' },
        { code_insee: '01015', code_postal: '01300', nom: 'Arboys en Bugey' }, // not the commune déléguée
        { code_insee: '17300', code_postal: '17000', nom: 'La Rochelle' }, // with its article
        { code_insee: '2A004', code_postal: '20000', nom: 'Ajaccio' },
        { code_insee: '75056', code_postal: '75001', nom: 'Paris' },
        { code_insee: '75056', code_postal: '75116', nom: 'Paris' },
        { code_insee: '75101', code_postal: '75001', nom: 'Paris 1er Arrondissement' },
        { code_insee: '75116', code_postal: '75116', nom: 'Paris 16e Arrondissement' },
        { code_insee: '97801', code_postal: '97150', nom: 'Saint-Martin' }, // absent from the file
        { code_insee: '2A004', code_postal: '20090', nom: 'Ajaccio' }, // absent from the file
      ]),
    );
    expect(codes.filter((c) => c.code_insee === '01004')).toHaveLength(1);
    // The file's commune déléguée and the built-in list's (with its former code) name their commune.
    const anciennes = await database.db
      .selectFrom('commune_ancienne')
      .select(['code_insee', 'nom', 'code_insee_ancien', 'statut'])
      .where('nom', 'in', ['Arbignieu', 'Cendrieux'])
      .orderBy('nom')
      .execute();
    expect(anciennes).toEqual([
      { code_insee: '01015', nom: 'Arbignieu', code_insee_ancien: '01015', statut: 'deleguee' },
      { code_insee: '24362', nom: 'Cendrieux', code_insee_ancien: '24092', statut: 'deleguee' },
    ]);
  });

  it('refuses a file with fewer than half the rows of the last one unless forced, applying nothing', async () => {
    const rows = [
      '732829320,00074,73282932000074,A,59350',
      '552100554,00012,55210055400012,A,13201',
      '356000000,00048,35600000000048,A,75115',
    ];
    const full = write(
      'sirene-1.csv',
      [SIRENE_HEADER, ...rows, '111111111,00001,11111111100001,A,01004'].join('\n'),
    );
    await importReferentiel(ctx(), { kind: 'sirene', fichier: full });
    const small = write('sirene-petit.csv', [SIRENE_HEADER, rows[0]].join('\n'));
    const before = await database.db.selectFrom('ref_run').select('id').execute();
    await expect(importReferentiel(ctx(), { kind: 'sirene', fichier: small })).rejects.toMatchObject({
      code: 'REFERENTIEL_BAISSE_SUSPECTE',
      message: expect.stringContaining('--force'),
    });
    expect(await database.db.selectFrom('ref_run').select('id').execute()).toEqual(before);
    expect(await database.db.selectFrom('etablissement').select('siret').execute()).toHaveLength(4);
    const forced = await importReferentiel(ctx(), { kind: 'sirene', fichier: small, force: true });
    expect(forced.diff.etablissement).toMatchObject({ ajouts: 0, modifications: 0, retraits: 3 });
    // the removed establishments were F2's formateur: it is re-checked (F1's responsable is unchanged)
    expect(forced.impact.ids).toEqual(['F2']);
    await importReferentiel(ctx(), { kind: 'sirene', fichier: full, force: true });
  });

  it('diffs a new file against the previous facts and lists exactly the formations affected', async () => {
    const rows = [
      '732829320,00074,73282932000074,A,59350',
      '552100554,00012,55210055400012,F,13201',
      '356000000,00048,35600000000048,A,75115',
    ];
    const next = write(
      'sirene-2.csv',
      [SIRENE_HEADER, ...rows, '222222222,00001,22222222200001,A,01004'].join('\n'),
    );
    const r = await importReferentiel(ctx(), { kind: 'sirene', fichier: next });
    expect(r.diff.etablissement).toMatchObject({
      ajouts: 1,
      modifications: 1,
      retraits: 1,
      exemples: {
        ajouts: [{ siret: '22222222200001' }],
        retraits: [{ siret: '11111111100001' }],
        modifications: [{ siret: '55210055400012', champs: { etat: { avant: 'A', apres: 'F' } } }],
      },
    });
    expect(r.impact).toEqual({ formations: 1, ids: ['F2'] }); // the closed SIRET is F2's formateur
    const run = await database.db
      .selectFrom('ref_run')
      .selectAll()
      .where('id', '=', r.run_id)
      .executeTakeFirstOrThrow();
    expect(run.impact).toEqual({ formations: 1, ids: ['F2'] });
    expect(
      (
        await database.db
          .selectFrom('etablissement')
          .select('run_id')
          .where('siret', '=', '55210055400012')
          .executeTakeFirstOrThrow()
      ).run_id,
    ).toBe(r.run_id);
  });

  it('certification, MEF and commune changes reach the formations that use them (CFD typed without its zero too)', async () => {
    const kit1 = await importReferentiel(ctx(), {
      kind: 'kit',
      fichier: fixture('kit/kit-apprentissage-v3.0.csv'),
    });
    expect(kit1.impact.ids).toEqual(['F3', 'F4']);
    const kit2 = await importReferentiel(ctx(), {
      kind: 'kit',
      fichier: fixture('kit/kit-apprentissage-v1.csv'),
    });
    expect(kit2.impact.ids).toEqual(['F3', 'F6']); // 32031213 removed, 40025214 added; 01022001 unchanged
    const mef = await importReferentiel(ctx(), { kind: 'bcn', fichier: fixture('bcn/n_mef.csv') });
    expect(mef.impact.ids).toEqual(['F3']);
    const communes = readFileSync(fixture('communes/communes.csv'), 'utf8').replace(
      '45.95747,5.37057',
      '45.96,5.37',
    );
    const moved = await importReferentiel(ctx(), {
      kind: 'communes',
      fichier: write('communes-2.csv', communes),
    });
    expect(moved.diff.commune).toMatchObject({ ajouts: 0, modifications: 1, retraits: 0 });
    expect(moved.impact.ids).toEqual(['F5']);
  });

  it('a lost Qualiopi apprenticeship flag and a moved RNCP end date reach exactly their formations', async () => {
    const lpof = readFileSync(fixture('organismes/liste-publique-of.csv'), 'utf8');
    const first = await importReferentiel(ctx(), { kind: 'lpof', fichier: write('lpof-1.csv', lpof) });
    expect(first.impact.ids).toEqual(['F1', 'F2']);
    const perdu = lpof.replace('"11";true;false;false;true;', '"11";true;false;false;false;');
    const second = await importReferentiel(ctx(), { kind: 'lpof', fichier: write('lpof-2.csv', perdu) });
    expect(second.diff.organisme_declare?.exemples.modifications).toEqual([
      { nda: '11755555575', champs: { qualiopi_apprentissage: { avant: true, apres: false } } },
    ]);
    expect(second.impact.ids).toEqual(['F1']);

    const rncp = await importReferentiel(ctx(), { kind: 'rncp', fichier: zipRncp(tmp()) });
    expect(rncp.impact.ids).toEqual(['F7']);
    const xml = readFileSync(fixture('rncp/fiches-v4.1.xml'), 'utf8').replace('RNCP34825', 'RNCP30271');
    const moved = await importReferentiel(ctx(), {
      kind: 'rncp',
      fichier: write('fiches.xml', xml),
      force: true,
    });
    expect(moved.impact.ids).toEqual(['F7']);
  });

  it('refuses a file of the wrong kind, naming what it looks like', async () => {
    await expect(
      importReferentiel(ctx(), { kind: 'rncp', fichier: fixture('bcn/n_mef.csv') }),
    ).rejects.toMatchObject({
      code: 'REFERENTIEL_MAUVAIS_TYPE',
      message: expect.stringMatching(
        /ressemble à : table BCN N_MEF \(type « bcn »\).*Importez-le avec le type « bcn »/,
      ),
    });
    await expect(
      importReferentiel(ctx(), { kind: 'lpof', fichier: fixture('rncp/fiches-v3.xml') }),
    ).rejects.toMatchObject({
      code: 'REFERENTIEL_MAUVAIS_TYPE',
      message: expect.stringContaining('export RNCP/RS de France compétences'),
    });
    // A fresh user's report: a random binary file sent as « communes » quoted ≈470 characters of its
    // first bytes, control characters included, in the page and the terminal. Cut at 40 characters
    // (as every quoted value), control characters replaced, for every importer (one place).
    let x = 42;
    const bruit = Buffer.from(
      Array.from({ length: 3000 }, () => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return (x >> 16) & 0xff;
      }),
    );
    for (let i = 0; i < 600; i++) if (bruit[i] === 0x0a) bruit[i] = 0x0b; // a long first line…
    for (let i = 0; i < 600; i += 100) bruit[i + 50] = 0x3b; // …with a few « ; »
    for (const kind of ['communes', 'bcn']) {
      const e = await importReferentiel(ctx(), { kind, fichier: write('bruit.bin', bruit) }).catch((x) => x);
      expect(e).toMatchObject({ code: 'REFERENTIEL_MAUVAIS_TYPE' });
      expect(e.message).not.toMatch(/\p{Cc}/u);
      const cite = /première ligne « (.*) »\) ;/.exec(e.message)?.[1];
      expect(cite?.length).toBeLessThanOrEqual(41);
    }
    await expect(
      importReferentiel(ctx(), { kind: 'bcn', fichier: fixture('nope.csv') }),
    ).rejects.toMatchObject({ code: 'FICHIER_INTROUVABLE' });
    await expect(
      importReferentiel(ctx(), { kind: 'xyz', fichier: fixture('bcn/n_mef.csv') }),
    ).rejects.toMatchObject({ code: 'REFERENTIEL_TYPE_INCONNU' });
  });

  it('status lists the latest run of every dataset and the facts loaded', async () => {
    const s = await statutReferentiels(ctx());
    expect(s.runs.map((r) => `${r.kind}/${r.jeu}`).sort()).toEqual([
      'bcn/N_MEF',
      'communes/communes',
      'kit/kit',
      'lpof/lpof',
      'rncp/rncp',
      'sirene/sirene',
    ]);
    expect(s.faits.etablissement).toBe(4);
    expect(s.faits.diplome_mef).toBe(3);
  });
});
