import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { loadFaits, loadRuns } from '../../src/db/referentiel-facts.repository.ts';
import { contexte as ctxControle, formation, session } from '../../src/domain/regles/regles.fixture.ts';
import { checkFormation } from '../../src/domain/regles/regles.ts';
import type { FormationAControler } from '../../src/domain/regles/types.ts';
import { importReferentiel } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture, tmp } from './helpers.ts';

// A funder's list of markets imported through the service, then CONV_MARCHE_INCONNU and
// CONV_DELAI read from the database (issue 12, item 3; docs/conventionne.md).

const conv = (id: string, numero_marche: string, o = {}) =>
  session({
    id,
    financeur: 'region',
    numero_marche,
    debut: '2026-09-15',
    fin: '2027-06-15',
    saisie_le: '2026-02-15',
    contact: { type: 'autre', nom: 'Mme Roux', telephone: '0473000000', courriel: null },
    ...o,
  });

async function resultats(database: Database, f: FormationAControler, code: string) {
  const faits = await loadFaits(database.db, [f], await loadRuns(database.db));
  return checkFormation(f, ctxControle(faits)).filter((r) => r.code === code);
}

describe('liste des marchés de la Région importée', () => {
  let database: Database;
  beforeAll(async () => {
    database = await testDatabase();
  });
  afterAll(() => database.close());

  it('is not applicable before any list is loaded', async () => {
    const r = await resultats(
      database,
      formation({ sessions: [conv('s1', 'M2600001')] }),
      'CONV_MARCHE_INCONNU',
    );
    expect(r.map((x) => [x.resultat, x.message.includes('aucune liste de marchés chargée')])).toEqual([
      ['non_applicable', true],
    ]);
  });

  it('imports the valid rows and names file, line and column of the bad ones', async () => {
    const r = await importReferentiel(contexte(database), {
      kind: 'marches',
      fichier: fixture('marches/marches-region.csv'),
    });
    expect(r).toMatchObject({ statut: 'importe', kind: 'marches', jeu: 'region' });
    expect(r.lignes).toMatchObject({ lues: 4, gardees: 2, rejetees: 2 });
    expect(r.rejets).toEqual([
      {
        fichier: 'marches-region.csv',
        ligne: 4,
        colonne: 'date_de_debut',
        message: 'date invalide « 32/01/2026 » (attendu JJ/MM/AAAA)',
      },
      expect.objectContaining({ fichier: 'marches-region.csv', ligne: 5, colonne: 'financeur' }),
    ]);
  });

  it('fails a session with a market unknown to the Région and passes a known one', async () => {
    const inconnu = await resultats(
      database,
      formation({ sessions: [conv('s1', 'M2699999')] }),
      'CONV_MARCHE_INCONNU',
    );
    expect(inconnu).toHaveLength(1);
    expect(inconnu[0]).toMatchObject({
      resultat: 'echec',
      severite: 'bloquant',
      champ: 'sessions[0].numero_marche',
    });
    expect(inconnu[0]!.message).toContain('« M2699999 »');
    expect(inconnu[0]!.preuves[0]).toMatchObject({ kind: 'marches', fichier: 'marches-region.csv' });

    const connu = await resultats(
      database,
      formation({ sessions: [conv('s1', 'M2600001')] }),
      'CONV_MARCHE_INCONNU',
    );
    expect(connu.map((x) => x.resultat)).toEqual(['passe']);
  });

  it('CONV_DELAI reads the list’s notification date when the session has none', async () => {
    const f = formation({ sessions: [conv('s1', 'M2600001', { saisie_le: '2026-03-01' })] });
    const [r] = await resultats(database, f, 'CONV_DELAI');
    expect(r).toMatchObject({ resultat: 'echec', severite: 'alerte' });
    expect(r!.message).toContain('(10 février 2026, marché M2600001');
  });

  it('a France Travail list leaves the Région’s list as it was', async () => {
    const dir = tmp();
    const ft = join(dir, 'marches-ft.csv');
    writeFileSync(
      ft,
      'numero_de_marche,financeur,organisme,intitule,date_de_debut,date_de_fin,date_de_notification\nF2600001,France Travail,,AFPR,2026-01-01,2026-12-31,2025-12-20\n',
    );
    const r = await importReferentiel(contexte(database), { kind: 'marches', fichier: ft });
    expect(r).toMatchObject({ jeu: 'france_travail', lignes: expect.objectContaining({ gardees: 1 }) });
    const connu = await resultats(
      database,
      formation({ sessions: [conv('s1', 'M2600001')] }),
      'CONV_MARCHE_INCONNU',
    );
    expect(connu.map((x) => x.resultat)).toEqual(['passe']);
  });
});
