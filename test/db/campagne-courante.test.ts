import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  choisirCampagneCourante,
  ensureCampagneCourante,
  lireCampagneCourante,
} from '../../src/db/campagne.repository.ts';
import type { Database } from '../../src/db/database.ts';
import { campagneDefaults, rentreeEnCollecte } from '../../src/domain/campagne.ts';
import { calendrierCourant, calendrierCourantEcrit } from '../../src/services/campagne.service.ts';
import { campagneExistante, campagneLue } from '../../src/services/campagne-existante.ts';
import { testDatabase } from '../helpers/db.ts';

// The current campaign is chosen once (choisirCampagneCourante) for the reader (GETs, which write
// nothing) and the writer (which creates it): whatever is stored, the reader answers before the
// write what the writer stores, and a read leaves the table as it was.

const NOW = new Date('2026-10-05T09:00:00Z');
const ANNEE = rentreeEnCollecte(NOW);

let d: Database;
beforeAll(async () => {
  d = await testDatabase();
});
afterAll(() => d?.close());
beforeEach(async () => {
  await sql`delete from campagne_region`.execute(d.db);
  await sql`delete from campagne`.execute(d.db);
});

const stocke = async (annee: number, valeurs: { courante?: boolean; libelle?: string } = {}) =>
  d.db
    .insertInto('campagne')
    .values({ ...campagneDefaults(annee), ...valeurs })
    .execute();
const table = () => d.db.selectFrom('campagne').selectAll().orderBy('annee').execute();

/** What may be stored when the current campaign is asked for, and the year both must choose. */
const ETATS: readonly { nom: string; prepare: () => Promise<unknown>; annee: number }[] = [
  { nom: 'nothing stored', prepare: async () => {}, annee: ANNEE },
  { nom: 'only the previous rentrée, not current', prepare: () => stocke(ANNEE - 1), annee: ANNEE },
  {
    nom: 'the rentrée in collection, renamed, not current',
    prepare: () => stocke(ANNEE, { libelle: 'Rentrée renommée' }),
    annee: ANNEE,
  },
  {
    nom: 'an older campaign current, the rentrée in collection stored too',
    prepare: async () => {
      await stocke(ANNEE - 2, { courante: true });
      await stocke(ANNEE);
    },
    annee: ANNEE - 2,
  },
];

describe('the current campaign, read and written', () => {
  for (const etat of ETATS)
    it(`${etat.nom}: the reader writes nothing and answers what the writer then stores`, async () => {
      await etat.prepare();
      const avant = await table();
      expect((await choisirCampagneCourante(d.db, NOW)).annee).toBe(etat.annee);
      const lue = await lireCampagneCourante(d.db, NOW);
      const calendrierLu = await calendrierCourant(d.db, NOW, '84');
      expect(await table()).toEqual(avant);
      const ecrite = await ensureCampagneCourante(d.db, NOW);
      expect(lue).toEqual(ecrite);
      expect(ecrite).toMatchObject({ annee: etat.annee, courante: true });
      expect(await lireCampagneCourante(d.db, NOW)).toEqual(ecrite);
      expect(await calendrierCourantEcrit(d.db, NOW, '84')).toEqual(calendrierLu);
      // Written once: a second write changes nothing.
      const apres = await table();
      await ensureCampagneCourante(d.db, NOW);
      expect(await table()).toEqual(apres);
      expect(apres.filter((c) => c.courante).map((c) => c.annee)).toEqual([etat.annee]);
    });

  it('the writer stores the chosen rentrée and the previous one, and keeps a renamed one as it is', async () => {
    await stocke(ANNEE, { libelle: 'Rentrée renommée' });
    await calendrierCourantEcrit(d.db, NOW, null);
    expect((await table()).map((c) => [c.annee, c.libelle, c.courante])).toEqual([
      [ANNEE - 1, `Rentrée ${ANNEE - 1}`, false],
      [ANNEE, 'Rentrée renommée', true],
    ]);
  });
});

describe('a campaign named by a reader (campagneLue) or by a writer (campagneExistante)', () => {
  it('a reader gets the current campaign not stored yet; a writer and any other year are refused', async () => {
    expect(await campagneLue(d.db, ANNEE, 'campagne', NOW)).toMatchObject({
      annee: ANNEE,
      libelle: `Rentrée ${ANNEE}`,
    });
    await expect(campagneExistante(d.db, ANNEE, 'de')).rejects.toMatchObject({
      code: 'CAMPAGNE_INCONNUE',
      status: 404,
      details: { champ: 'de', annee: ANNEE, campagnes: [] },
    });
    await expect(campagneLue(d.db, ANNEE + 1, 'campagne', NOW)).rejects.toMatchObject({
      code: 'CAMPAGNE_INCONNUE',
      details: { champ: 'campagne' },
    });
    expect(await table()).toEqual([]);
  });

  it('a reader gets a stored campaign other than the current one', async () => {
    await stocke(ANNEE - 3, { libelle: 'Ancienne' });
    expect(await campagneLue(d.db, ANNEE - 3, 'campagne', NOW)).toMatchObject({ libelle: 'Ancienne' });
    expect(await campagneExistante(d.db, ANNEE - 3)).toMatchObject({ libelle: 'Ancienne', courante: false });
  });
});
