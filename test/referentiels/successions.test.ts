import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { loadFaits, loadRuns } from '../../src/db/referentiel-facts.repository.ts';
import { reglesCertification } from '../../src/domain/regles/certification.regles.ts';
import { contexte as ctxControle, formation, session } from '../../src/domain/regles/regles.fixture.ts';
import type { FormationAControler } from '../../src/domain/regles/types.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { buildZip, contexte, fixture, tmp } from './helpers.ts';

// Issue 11 item 11: a succession declared only by the new certification (RNCP
// Ancienne_Certification, BCN ANCIEN_DIPLOME_n) is kept, chains are followed to their active end,
// and CERT_EXPIREE names it.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

const faitsPour = async (f: FormationAControler) => loadFaits(database.db, [f], await loadRuns(database.db));

describe('successions declared from either side', () => {
  it('RNCP: the new fiche alone names its old one; a re-import keeps the link', async () => {
    // The France compétences CSV export with the succession written on the new fiche only.
    const src = fixture('rncp/csv');
    const entries = readdirSync(src).map((n) => ({
      name: n,
      data: n.includes('Ancienne_Nouvelle')
        ? Buffer.from(
            '"Numero_Fiche";"Ancienne_Certification";"Nouvelle_Certification"\r\n"RNCP30271";"RNCP28155";\r\n',
          )
        : readFileSync(join(src, n)),
    }));
    const zip = buildZip(join(tmp(), 'export-fiches-csv-2026-11-02.zip'), entries);
    await importReferentiel(contexte(database), { kind: 'rncp', fichier: zip });
    // item 12: the file's own date comes from its name
    expect((await loadRuns(database.db)).charges.rncp?.date).toBe('2026-11-02');
    const f = formation({ code_rncp: 'RNCP28155', code_cfd: null });
    expect((await faitsPour(f)).certifications.get('RNCP28155')?.successeurs).toEqual(['RNCP30271']);
    const again = await importReferentiel(contexte(database), { kind: 'rncp', fichier: zip });
    expect(again.statut).toBe('inchange');
    expect((await faitsPour(f)).certifications.get('RNCP28155')?.successeurs).toEqual(['RNCP30271']);
  });

  it('BCN: ANCIEN_DIPLOME_n only, along a chain A → B → C, names C in CERT_EXPIREE', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'bcn',
      fichier: fixture('bcn/N_FORMATION_DIPLOME-successions.csv'),
      force: true,
    });
    expect(r.lignes).toMatchObject({ lues: 3, gardees: 3, rejetees: 0 });
    // A closed in 2017, B closes on 31/08/2026, C opened in 2025: a session of September 2026.
    const f = formation({
      code_rncp: null,
      code_cfd: '50033401',
      sessions: [session({ debut: '2026-09-01', fin: '2028-06-30' })],
    });
    const faits = await faitsPour(f);
    expect(faits.certifications.get('50033401')?.successeurs).toEqual(['50033402']);
    expect(faits.certifications.get('50033402')?.successeurs).toEqual(['50033403']);
    const expiree = reglesCertification(f, ctxControle(faits)).find(
      (x) => x.code === 'CERT_EXPIREE' && x.resultat === 'echec',
    );
    expect(expiree?.message).toContain(
      'remplacez-la par 50033403 (CUISINE, au bout de la chaîne des successions)',
    );
    expect(expiree?.message).not.toContain('choisissez la certification qui la remplace');
  });
});
