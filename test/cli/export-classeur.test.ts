import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { ensureCampagneCourante } from '../../src/db/campagne.repository.ts';
import { openDatabase } from '../../src/db/database.ts';
import { upsertOrganismes } from '../../src/db/formation.repository.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { ouvrir } from '../classeur/classeur.helpers.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { formationFixture, SIREN_A, SIRET_A } from '../helpers/formations.ts';
import { runCli } from './cli.helper.ts';

// `offre export classeur` as a fresh user types it: without --campagne it takes the current
// campaign (as the organisme's page does), and says so in French when there is none; and it writes
// what the page's download writes — the organisme's pending revision, not the diffused values
// (before: --campagne was required, and the command wrote the diffused values).

const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'u',
  email: 'cfa@a.test',
  nom: 'CFA',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

describe.skipIf(TEST_ENGINE !== 'pglite')('offre export classeur (embedded database)', () => {
  let dir = '';
  const env = () => ({ OFFRE_DATA_DIR: dir, DATABASE_URL: undefined });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('defaults to the current campaign, refused in French when there is none; writes the pending revision', async () => {
    dir = await testDataDir('offre-export-classeur-');
    const out = join(dir, 'classeur.xlsx');
    const sans = await runCli(['export', 'classeur', '--siret', SIRET_A, '--out', out], env());
    expect(sans.code).not.toBe(0);
    expect(sans.stderr).toMatch(/Aucune campagne courante.*--campagne AAAA/);

    // A published offer whose organisme changed its title: the change waits as a revision.
    const database = await openDatabase({ dataDir: dir });
    const now = new Date();
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => now };
    let annee = 0;
    try {
      await upsertOrganismes(
        ctx.db,
        [{ siret: SIRET_A, siren: SIREN_A, uai: null, raison_sociale: 'CFA Exemple', nda: null }],
        now,
      );
      const { id } = await saveFormation(ctx, organisme, formationFixture({ cle_externe: 'F1' }));
      await transition(ctx, organisme, id, 'publier');
      await transition(ctx, SYSTEME('test'), id, 'valider');
      const r = await saveFormation(
        ctx,
        organisme,
        formationFixture({ cle_externe: 'F1', intitule: 'BTS MCO révisé' }),
        {
          id,
        },
      );
      expect(r.revision).toBe(true);
      annee = (await ensureCampagneCourante(ctx.db, now)).annee;
    } finally {
      await database.close();
    }

    const ex = await runCli(['export', 'classeur', '--siret', SIRET_A, '--out', out], env());
    expect(ex.code, ex.stderr).toBe(0);
    const wb = await ouvrir(readFileSync(out));
    const ws = wb.getWorksheet('Offre')!;
    const col = colonnesClasseur(annee).findIndex((c) => c.cle === 'intitule') + 1;
    expect(ws.getRow(2).getCell(col).value).toBe('BTS MCO révisé');
    // The campaign written is the current one (its year is in the dates' headers).
    const entetes = (ws.getRow(1).values as unknown[]).slice(1);
    expect(entetes).toEqual(colonnesClasseur(annee).map((c) => c.entete));
    expect(entetes.some((e) => String(e).includes(String(annee)))).toBe(true);
  });
});
