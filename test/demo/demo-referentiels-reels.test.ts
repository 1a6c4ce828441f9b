import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import type { Database } from '../../src/db/database.ts';
import { EXPIREES } from '../../src/demo/certifications.data.ts';
import { referenceOfficielle } from '../../src/paths.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';

// A gestionnaire imports the real BCN and the real kit apprentissage onto the demo: the catalogue
// does not move (the demo's certifications are current and written as the extracts write them),
// titles stay as the BCN writes them, and CERT_EXPIREE fails on the deliberately expired ones only.
// The extracts live beside the project (../shared/reference, or OFFRE_REFERENCE): skipped without.
const REFERENCE = referenceOfficielle();

describe.skipIf(!REFERENCE)(
  `the demo, then the real BCN and kit imported onto it${REFERENCE ? '' : ' (no ../shared/reference: skipped)'}`,
  () => {
    let database: Database;
    let ctx: AppContext;
    beforeAll(async () => {
      database = await testDatabase();
      ctx = { db: database.db, engine: database.engine, now: () => new Date('2026-11-24T10:00:00Z') };
      await loadDemo(ctx, { formations: 300, seed: 42, chunk: 300 });
    }, 120_000);
    afterAll(() => database?.close());

    /** Each offer's verdicts and the codes of its failing rules. */
    const etat = async () => ({
      offres: await database.db
        .selectFrom('formation')
        .select(['id', 'catalogue', 'certifiee', 'parcoursup', 'affelnet'])
        .orderBy('id')
        .execute(),
      echecs: await database.db
        .selectFrom('controle_echec')
        .select(['formation_id', 'code', 'severite'])
        .orderBy('formation_id')
        .orderBy('code')
        .execute(),
    });

    it('changes no verdict; CERT_EXPIREE fails on the deliberately expired certifications only', async () => {
      const avant = await etat();
      const expirees = avant.echecs.filter((e) => e.code === 'CERT_EXPIREE');
      expect(expirees.length).toBeGreaterThan(0);

      const bcn = await importReferentiel(ctx, {
        kind: 'bcn',
        fichier: `${REFERENCE}/bcn/N_FORMATION_DIPLOME.csv`,
      });
      expect(bcn.statut).toBe('importe');
      expect(bcn.offres).toMatchObject({ catalogue: 0, certifiee: 0, parcoursup: 0, affelnet: 0 });
      const kit = await importReferentiel(ctx, {
        kind: 'kit',
        fichier: `${REFERENCE}/rncp/kit-apprentissage/Kit apprentissage et RNCP v3.0.csv`,
      });
      expect(kit.statut).toBe('importe');
      expect(kit.diff.certification_lien?.retraits).toBe(0);
      expect(await etat()).toEqual(avant);

      const codes = await database.db
        .selectFrom('formation')
        .select(['code_cfd', 'code_rncp'])
        .where(
          'id',
          'in',
          expirees.map((e) => e.formation_id),
        )
        .execute();
      // A closed diploma by its CFD (its RNCP fiche is its successor's, current), a fiche by its code.
      const expires = new Set(EXPIREES.map((c) => c.cfd ?? c.rncp));
      const expire = (code: string | null) => code !== null && expires.has(code);
      expect(codes.filter((f) => !expire(f.code_cfd) && !expire(f.code_rncp))).toEqual([]);
    }, 120_000);

    it('keeps the titles as the BCN writes them, now under the real extract', async () => {
      const boulanger = await database.db
        .selectFrom('certification')
        .select(['intitule', 'jeu', 'date_fin'])
        .where('type', '=', 'cfd')
        .where('code', '=', '50022137')
        .executeTakeFirstOrThrow();
      expect(boulanger).toEqual({ intitule: 'BOULANGER (CAP)', jeu: 'N_FORMATION_DIPLOME', date_fin: null });
    });
  },
);
