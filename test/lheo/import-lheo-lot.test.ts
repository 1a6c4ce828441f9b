import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compteurRequetes } from '../../src/db/compteur-requetes.ts';
import type { Database } from '../../src/db/database.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo, type LheoImportOptions } from '../../src/services/import-lheo.service.ts';
import { contenu, differences } from '../faults/moteur.ts';
import { type Cote, coteDemo, fluxEnOrdre, originesEcrites } from '../helpers/flux.ts';
import { sansVersion } from '../helpers/lheo-version.ts';
import { compterLignes } from '../helpers/lignes.ts';

// The bulk write path of the LHEO import (issue 13, item 1) against the one-by-one path: the same
// files imported, in the same order, into two copies of one offer, one each way; after every
// import the two databases hold the same rows in every table (generated ids and time stamps
// aside), the same reports, and the same change feed in the same order.

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lheo/${name}`, import.meta.url), 'utf8');
const systeme = SYSTEME('test-lot');

let unitaire: Cote;
let lot: Cote;
let export0 = '';

beforeAll(async () => {
  unitaire = await coteDemo();
  lot = await coteDemo();
  const exp = await openLheoExport(unitaire.d.db, systeme, {}, new Date());
  const parts: string[] = [];
  for await (const c of exp.chunks) parts.push(typeof c === 'string' ? c : Buffer.from(c).toString('utf8'));
  // Edited and sent again and again: a file without the versions (another system's).
  export0 = sansVersion(parts.join(''));
}, 600_000);
afterAll(async () => {
  await unitaire?.d.close();
  await lot?.d.close();
});

/** The search index: its rows and its words. */
async function indexRecherche(db: Database['db']) {
  const { rows } = await sql<{ index: unknown; mots: unknown }>`select
    (select json_agg(r order by r.formation_id) from formation_recherche r) as index,
    (select json_agg(m.mot order by m.mot) from recherche_mot m) as mots`.execute(db);
  return rows[0];
}

/** `xml`'s bytes in chunks of 64 KB, as the command line reads a file. */
function* octets(xml: string) {
  const b = Buffer.from(xml, 'utf8');
  for (let i = 0; i < b.length; i += 65_536) yield b.subarray(i, i + 65_536);
}

/**
 * `xml` imported one by one (read in this thread) on one side, by batches on the other; with
 * `lectureLot: 'fil'`, the batches read from its bytes in a worker thread, as the command line does.
 */
async function importDesDeuxFacons(
  xml: string,
  acteur: Acteur = systeme,
  opts: LheoImportOptions = {},
  lectureLot?: 'fil',
) {
  const origines = await originesEcrites(lot.d.db);
  const a = await importLheo(unitaire.ctx, acteur, Readable.from([xml]), { ...opts, writePath: 'single' });
  const b = await importLheo(lot.ctx, acteur, lectureLot ? octets(xml) : Readable.from([xml]), {
    ...opts,
    writePath: 'bulk',
    lecture: lectureLot,
  });
  expect(b).toEqual(a);
  // Every history entry the import wrote names it (both paths alike: compared just below).
  expect(await origines()).toEqual(
    opts.dryRun || b.formations.creees + b.formations.mises_a_jour === 0 ? [] : ['lheo'],
  );
  expect(differences(await contenu(lot.d.db), await contenu(unitaire.d.db), 5)).toEqual([]);
  expect(await fluxEnOrdre(lot.d.db)).toEqual(await fluxEnOrdre(unitaire.d.db));
  // The search index is built once, at the end of the import (migration 0880): it is the one a
  // full rebuild gives (a formation the import wrote and left unindexed would differ).
  const avant = await indexRecherche(lot.d.db);
  await sql`select recherche_indexer(array(select id from formation))`.execute(lot.d.db);
  expect(await indexRecherche(lot.d.db)).toEqual(avant);
  return b;
}

describe('import LHEO par lots = import formation par formation', () => {
  it('the offer exported then changed: updates, new sessions, renamed organismes, rejected records', async () => {
    // Every third title changes; one establishment is renamed in the first formation naming it only
    // (the next formations of the chunk see the new name); a new formation; a session removed.
    let n = 0;
    let xml = export0.replace(/<intitule-formation>([^<]*)</g, (m, t) =>
      n++ % 3 === 0 ? `<intitule-formation>${t} (nouvel intitulé)<` : m,
    );
    xml = xml.replace(/<raison-sociale>([^<]*)</, '<raison-sociale>$1 renommé<');
    const r = await importDesDeuxFacons(xml);
    expect(r.formations.mises_a_jour).toBeGreaterThan(10);
    // The name the file gave for a while stays in the « Vouliez-vous dire » words.
    const { rows: mots } = await sql<{
      mot: string;
    }>`select mot from recherche_mot where mot = 'renomme'`.execute(lot.d.db);
    expect(mots).toHaveLength(1);
    // Again: the file names one establishment under two names, so its formations swap it again.
    const again = await importDesDeuxFacons(xml);
    expect(again.formations.creees).toBe(0);
  });

  it('re-importing the same file writes nothing: no history entry, no feed event', async () => {
    const avant = await fluxEnOrdre(lot.d.db);
    const historique = await compterLignes(lot.d.db, 'historique');
    await importDesDeuxFacons(export0);
    const r = await importDesDeuxFacons(export0);
    expect(r.formations.creees + r.formations.mises_a_jour).toBe(0);
    expect((await fluxEnOrdre(lot.d.db)).length).toBeGreaterThan(avant.length);
    const apres = await fluxEnOrdre(lot.d.db);
    await importDesDeuxFacons(export0);
    expect(await fluxEnOrdre(lot.d.db)).toEqual(apres);
    expect(await compterLignes(lot.d.db, 'historique')).toBeGreaterThan(historique);
  });

  it('the fixtures: creations, then a file with rejected records', async () => {
    const r = await importDesDeuxFacons(fixture('offre-2.3.xml'));
    expect(r.formations.creees).toBe(3);
    const e = await importDesDeuxFacons(fixture('avec-erreurs.xml'));
    expect(e.formations.rejetees).toBeGreaterThan(0);
    await importDesDeuxFacons(fixture('offre-2.2.xml'));
  });

  it('an organisation’s import: its published formations become revisions, the others are refused', async () => {
    const { rows } = await sql<{ siren: string }>`select siren_proprietaire as siren from formation
      where statut = 'publiee' group by 1 order by count(*) desc, 1 limit 1`.execute(lot.d.db);
    const organisme: Acteur = {
      kind: 'utilisateur',
      id: 'u_test',
      email: 'of@example.fr',
      nom: 'OF',
      role: 'organisme',
      siren: rows[0]!.siren,
      regions: [],
      academies: [],
    };
    const xml = export0.replace(/<intitule-formation>([^<]*)</g, '<intitule-formation>$1 (révision)<');
    const r = await importDesDeuxFacons(xml, organisme);
    expect(r.formations.rejetees).toBeGreaterThan(0);
    expect(r.formations.mises_a_jour).toBeGreaterThan(0);
    // Then the command line's import over those pending revisions: each refused by name, the
    // others written, the revisions untouched; the same either way.
    const { rows: avant } = await sql`select id, payload, statut from formation_revision order by id`.execute(
      lot.d.db,
    );
    const s = await importDesDeuxFacons(
      export0.replace(/<intitule-formation>([^<]*)</g, '<intitule-formation>$1 (CLI)<'),
    );
    expect(s.rejets.filter((x) => x.code === 'REVISION_EN_ATTENTE').length).toBeGreaterThan(0);
    expect(s.formations.mises_a_jour).toBeGreaterThan(0);
    const { rows: apres } = await sql`select id, payload, statut from formation_revision order by id`.execute(
      lot.d.db,
    );
    expect(apres).toEqual(avant);
  });

  it('the command line’s path (batches, read in a worker thread) = one by one, read in this thread', async () => {
    // Titles changed, a formation renamed, and the fixtures (creations, rejected records).
    let n = 0;
    const xml = export0.replace(/<intitule-formation>([^<]*)</g, (m, t) =>
      n++ % 4 === 0 ? `<intitule-formation>${t} (lu dans un fil)<` : m,
    );
    const r = await importDesDeuxFacons(xml, systeme, {}, 'fil');
    expect(r.formations.mises_a_jour).toBeGreaterThan(10);
    await importDesDeuxFacons(fixture('offre-2.3.xml'), systeme, {}, 'fil');
    const e = await importDesDeuxFacons(fixture('avec-erreurs.xml'), systeme, {}, 'fil');
    expect(e.formations.rejetees).toBeGreaterThan(0);
    // Six imports of the offer and six whole-base comparisons: 108 s alone on a load of 35.
  }, 600_000);

  it('a dry run changes nothing either way', async () => {
    const xml = export0.replace(/<intitule-formation>([^<]*)</g, '<intitule-formation>$1 (essai)<');
    const r = await importDesDeuxFacons(xml, systeme, { dryRun: true });
    expect(r.formations.mises_a_jour).toBeGreaterThan(0);
  });

  it('sends a few statements per chunk instead of dozens per formation', async () => {
    const xml = export0.replace(/<intitule-formation>([^<]*)</g, '<intitule-formation>$1 (compté)<');
    const compte = async (c: Cote, writePath: 'single' | 'bulk') => {
      const compteur = compteurRequetes();
      const ctx = { ...c.ctx, db: c.d.db.withPlugin(compteur) };
      const r = await importLheo(ctx, systeme, Readable.from([xml]), { writePath });
      return { n: compteur.n, formations: r.formations.mises_a_jour };
    };
    const a = await compte(unitaire, 'single');
    const b = await compte(lot, 'bulk');
    expect(b.formations).toBe(a.formations);
    process.stderr.write(
      `Requêtes pour ${a.formations} formations mises à jour : un par un ${a.n}, par lots ${b.n}\n`,
    );
    expect(b.n).toBeLessThan(a.n / 5);
  });
});
