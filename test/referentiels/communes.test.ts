import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import * as m0850 from '../../src/db/migrations/0850_commune_population.ts';
import { loadFaits, loadRuns } from '../../src/db/referentiel-facts.repository.ts';
import { COMMUNES } from '../../src/demo/communes.data.ts';
import { lieuCommune } from '../../src/domain/regles/lieu-commune.regle.ts';
import { contexte as ctxControle, formation, session } from '../../src/domain/regles/regles.fixture.ts';
import type { ResultatControle, SessionAControler } from '../../src/domain/regles/types.ts';
import { SHARED_REFERENCE } from '../../src/paths.ts';
import { rechercher, suggestCommunes } from '../../src/services/recherche.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture, tmp } from './helpers.ts';

// LIEU_COMMUNE after a real import of a communes file (issue 11, items 1 to 5): the project's
// small fixture always; the full official extract of ../shared/reference when present.

type Lieu = readonly [commune: string, cp: string, insee: string | null];

/** The LIEU_COMMUNE result of each place, checked alone, with the facts loaded from the database. */
async function controler(database: Database, lieux: readonly Lieu[]): Promise<ResultatControle[]> {
  const sessions = lieux.map(
    ([commune, code_postal, code_insee], i): SessionAControler =>
      session({ id: `s${i}`, commune, code_postal, code_insee }),
  );
  const f = formation({ sessions });
  const faits = await loadFaits(database.db, [f], await loadRuns(database.db));
  return sessions.map((s) => lieuCommune(formation({ sessions: [s] }), ctxControle(faits))[0]!);
}

describe('communes fixture imported', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
    await importReferentiel(contexte(database), {
      kind: 'communes',
      fichier: fixture('communes/communes.csv'),
    });
  });
  afterAll(() => database.close());

  it('passes a name with its article, the COG’s own name, and a commune the file lacks (Saint-Martin)', async () => {
    const r = await controler(database, [
      ['La Rochelle', '17000', '17300'],
      ['Rochelle', '17000', '17300'],
      ['PARIS 16', '75116', '75116'],
      ['Saint-Martin', '97150', '97801'],
      ['Saint-Barthélemy', '97133', '97701'],
      ['Saint-Pierre', '97500', '97502'],
    ]);
    expect(r.map((x) => x.resultat)).toEqual(Array(6).fill('passe'));
  });

  it('stores the population: the file’s, the built-in list’s for a city of arrondissements and a commune the file lacks', async () => {
    const pop = async (code_insee: string) =>
      (
        await database.db
          .selectFrom('commune')
          .select('population')
          .where('code_insee', '=', code_insee)
          .executeTakeFirstOrThrow()
      ).population;
    expect(await pop('17300')).toBe(78535);
    expect(await pop('75116')).toBe(162061);
    expect(await pop('75056')).toBeGreaterThan(2_000_000);
    expect(await pop('93066')).toBeGreaterThan(100_000);
  });

  it('still imports a file without population_2021 (its rows without population)', async () => {
    const ancien = await testDatabase();
    const dir = tmp();
    try {
      const sans = readFileSync(fixture('communes/communes.csv'), 'utf8').replace(/,[^,\n]*$/gm, '');
      expect(sans.split('\n')[0]).toBe(
        'insee_com,insee_reg,insee_dep,commune,commune_article,code_postal,commune_type,insee_parente,lat,lng,superficie_km2',
      );
      writeFileSync(join(dir, 'communes.csv'), sans);
      const r = await importReferentiel(contexte(ancien), {
        kind: 'communes',
        fichier: join(dir, 'communes.csv'),
      });
      expect(r.lignes).toMatchObject({ lues: 7, gardees: 7, rejetees: 0 });
      const rochelle = await ancien.db
        .selectFrom('commune')
        .select(['nom', 'population'])
        .where('code_insee', '=', '17300')
        .executeTakeFirstOrThrow();
      expect(rochelle).toEqual({ nom: 'La Rochelle', population: null });
    } finally {
      await ancien.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names the current commune for a delegated commune (built-in list) and its former code', async () => {
    const [nom, ancien, arbignieu] = await controler(database, [
      ['Cendrieux', '24380', '24362'],
      ['Cendrieux', '24380', '24092'],
      ['Arbignieu', '01300', '01015'], // the file's own COMD row
    ]);
    expect(nom).toMatchObject({ resultat: 'echec', severite: 'alerte' });
    expect(nom!.message).toContain('commune déléguée de Val de Louyre et Caudeau (24362)');
    expect(ancien).toMatchObject({ resultat: 'echec', severite: 'alerte' });
    expect(ancien!.message).toContain('utilisez le code INSEE 24362');
    expect(arbignieu).toMatchObject({ resultat: 'echec', severite: 'alerte' });
  });
});

describe('migration 0850 on communes already stored', () => {
  it('gives them the built-in list’s population (the same file re-imported changes nothing)', async () => {
    const database = await testDatabase();
    try {
      await sql`alter table commune drop column population`.execute(database.db);
      await sql`insert into commune (code_insee, code_postal, nom) values
        ('93066', '93200', 'Saint-Denis'), ('11339', '11310', 'Saint-Denis'), ('99999', '99999', 'Inconnue')`.execute(
        database.db,
      );
      await m0850.up(database.db as never);
      const rows = await database.db
        .selectFrom('commune')
        .select(['code_insee', 'population'])
        .orderBy('code_insee')
        .execute();
      expect(rows.map((r) => [r.code_insee, r.population !== null && r.population > 0])).toEqual([
        ['11339', true],
        ['93066', true],
        ['99999', false],
      ]);
      expect(rows[1]!.population).toBeGreaterThan(rows[0]!.population!);
    } finally {
      await database.close();
    }
  });
});

const COMMUNES_CSV = join(SHARED_REFERENCE, 'communes', 'communes.csv');
const absent = !existsSync(COMMUNES_CSV);

describe.skipIf(absent)(
  `official communes extract imported${absent ? ` (ignoré : ${COMMUNES_CSV} absent)` : ''}`,
  () => {
    let database: Database;
    beforeAll(async () => {
      database = await testDatabase();
      await importReferentiel(contexte(database), { kind: 'communes', fichier: COMMUNES_CSV });
    }, 180_000);
    afterAll(() => database?.close());

    it('every demo place passes (names with an article included)', async () => {
      const r = await controler(
        database,
        COMMUNES.map(([insee, cp, nom]) => [nom, cp, insee] as const),
      );
      const echecs = r.filter((x) => x.resultat !== 'passe').map((x) => x.message);
      expect(echecs).toEqual([]);
    });

    it('passes the places of the issue: articles, La Poste labels, CEDEX, overseas collectivities', async () => {
      const lieux: Lieu[] = [
        ['La Rochelle', '17000', '17300'],
        ['Le Mans', '72000', '72181'],
        ['Le Puy-en-Velay', '43000', '43157'],
        ['La Seyne-sur-Mer', '83500', '83126'],
        ['PARIS 17', '75017', '75117'],
        ['MARSEILLE 08', '13008', '13208'],
        ['LYON 03', '69003', '69383'],
        ['ST ETIENNE', '42000', '42218'],
        ['NANTES CEDEX 1', '44035', '44109'],
        ['Saint-Martin', '97150', '97801'],
        ['Saint-Barthélemy', '97133', '97701'],
        ['Saint-Pierre', '97500', '97502'],
      ];
      const r = await controler(database, lieux);
      expect(r.map((x, i) => `${lieux[i]![0]} : ${x.resultat}`)).toEqual(lieux.map(([n]) => `${n} : passe`));
      const [cendrieux] = await controler(database, [['Cendrieux', '24380', '24362']]);
      expect(cendrieux).toMatchObject({ resultat: 'echec', severite: 'alerte' });
    });

    it('searches the most populous of homonyms in « Où ? » and offers big towns first', async () => {
      const ou = (texte: string) =>
        rechercher(database.db, { kind: 'anonyme' }, { ou: texte, taille: 1, aujourdhui: '2026-09-01' });
      // 2021 legal populations: Saint-Denis (La Réunion) 154,765 > Saint-Denis (93) 113,942 > the
      // Aude's 498 and the Gard's 293.
      const sd = await ou('Saint-Denis');
      expect(sd.lieu).toEqual({
        code_insee: '97411',
        nom: 'Saint-Denis',
        code_postal: '97400',
        code_departement: '974',
        pourquoi: 'homonymes',
      });
      // The exact homonyms first among the others, then the names that start with it.
      expect(sd.autresLieux.map((l) => l.code_insee).slice(0, 3)).toEqual(['93066', '11339', '30247']);
      expect(sd.autresLieux.slice(3).every((l) => l.nom.startsWith('Saint-Denis-'))).toBe(true);
      // « Évry »: the Yonne's village (391) or Évry-Courcouronnes (66,177), the commune nouvelle
      // that kept the name (fresh tester: the village was searched, silently, 0 results).
      const evry = await ou('Évry');
      expect(evry.lieu).toEqual({
        code_insee: '91228',
        nom: 'Évry-Courcouronnes',
        code_postal: '91000',
        code_departement: '91',
        pourquoi: 'debut_du_nom',
      });
      expect(evry.autresLieux.map((l) => l.code_insee)).toEqual(['89162', '77175']);
      expect((await ou('Évry (89140)')).lieu?.code_insee).toBe('89162');
      // « Clermont »: Clermont-Ferrand (147,327), the Oise's Clermont (10,475) offered.
      const clermont = await ou('Clermont');
      expect(clermont.lieu?.code_insee).toBe('63113');
      expect(clermont.autresLieux.map((l) => l.code_insee)[0]).toBe('60157');
      expect((await ou('Saint-Denis (93200)')).lieu?.code_insee).toBe('93066');
      expect((await ou('Nants')).lieuxProches.map((l) => l.nom)[0]).toBe('Nantes');
      expect((await ou('Paris')).lieu?.code_insee).toBe('75056');
      // No commune of that exact name: the most populous of those whose name starts with it.
      expect((await ou('Ancenis')).lieu?.code_insee).toBe('44003');
      // « Où ? » suggestions: the names that start with what was typed, the most populous first
      // (typing « Nant » is on the way to « Nantes »), the commune of the exact name kept in the list.
      const nant = (await suggestCommunes(database.db, 'Nant')).map((c) => c.nom);
      expect(nant[0]).toBe('Nantes');
      expect(nant).toContain('Nant');
    });

    // « Saint-Martin »: the most populous of the communes of that name has 450 inhabitants;
    // Saint-Martin-d'Hères (38,454), whose name starts with it, is searched (« the exact name
    // first » was tried on 05/12 and not kept: « Aix », « Neuilly », « Évry » became villages).
    it('searches the most populous homonym, the communes of the exact name offered first (« Saint-Martin »)', async () => {
      const ou = (texte: string) =>
        rechercher(database.db, { kind: 'anonyme' }, { ou: texte, taille: 1, aujourdhui: '2026-09-01' });
      const exactes = await database.db
        .selectFrom('commune')
        .select(['code_insee', 'population'])
        .where(sql<boolean>`nom_normalise = 'saint martin'`)
        .orderBy(sql`population desc nulls last`)
        .orderBy('code_insee')
        .execute();
      const codes = [...new Set(exactes.map((c) => c.code_insee))];
      expect(codes).toEqual(expect.arrayContaining(['32389', '54480', '65392', '67426']));
      for (const tape of ['Saint-Martin', 'st martin', 'SAINT MARTIN']) {
        const r = await ou(tape);
        expect(r.lieu?.code_insee, tape).toBe('38421');
        // The communes of that exact name first among the links, the most populous first.
        const autres = r.autresLieux.map((l) => l.code_insee);
        expect(autres.slice(0, Math.min(codes.length, autres.length)), tape).toEqual(
          codes.slice(0, Math.min(codes.length, autres.length)),
        );
      }
      // Saint-Martin-d'Hères is found by its own name.
      expect((await ou("Saint-Martin-d'Hères")).lieu?.code_insee).toBe('38421');
      // A département's name that is a commune's is that commune (Vienne, Isère); one that no
      // commune has is the département (Rhône, Seine-Saint-Denis), before the names that start with it.
      expect((await ou('Vienne')).lieu?.code_insee).toBe('38544');
      expect((await ou('Rhône')).departement).toEqual({
        code_departement: '69',
        nom: 'Rhône',
        pourquoi: 'nom',
      });
      expect((await ou('Haute-Garonne')).departement).toEqual({
        code_departement: '31',
        nom: 'Haute-Garonne',
        pourquoi: 'nom',
      });
      // « Loire »: the département — not Loiré (49), written otherwise, nor Loire-Authion, the most
      // populous of the names that start with it; the village by « Nom (code postal) ».
      expect((await ou('Loire')).departement).toEqual({
        code_departement: '42',
        nom: 'Loire',
        pourquoi: 'nom',
      });
      expect((await ou('Loiré (49440)')).lieu?.code_insee).toBe('49178');
      expect((await ou('Seine-Saint-Denis')).departement?.code_departement).toBe('93');
      expect((await ou('Paris')).departement).toBeNull();
    });
  },
);
