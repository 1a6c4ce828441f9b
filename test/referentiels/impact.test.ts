import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import { importReferentiel, statutReferentiels } from '../../src/services/referentiel.service.ts';
import { testDatabase } from '../helpers/db.ts';
import { contexte, fixture, tmp } from './helpers.ts';

// Issue 11 item 21: a reference file that would empty the catalogue is refused without --force
// for its impact (not only its row count), saying how many offers and which rule codes.

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
  await loadDemo(contexte(database), { formations: 60, seed: 42, chunk: 60 });
});
afterAll(() => database.close());

const nonReglementaires = async () =>
  (
    await database.db
      .selectFrom('formation')
      .select('id')
      .where('catalogue', '=', 'non_reglementaire')
      .execute()
  ).length;

/** Everything an import could change: runs, facts of the kit, offers' verdicts and platform statuses. */
const etat = async () => ({
  runs: await database.db.selectFrom('ref_run').select('id').orderBy('id').execute(),
  liens: await database.db
    .selectFrom('certification_lien')
    .selectAll()
    .orderBy('cfd')
    .orderBy('rncp')
    .execute(),
  offres: await database.db
    .selectFrom('formation')
    .select(['id', 'catalogue', 'certifiee', 'parcoursup', 'affelnet'])
    .orderBy('id')
    .execute(),
});

describe('impact guard', () => {
  it('previews the DGEFP fixture: impact measured by the rules, alert raised, nothing stored', async () => {
    const avant = await etat();
    const fichier = fixture('organismes/liste-publique-of.csv');
    const r = await importReferentiel(contexte(database), { kind: 'lpof', fichier, apercu: true });
    expect(r.statut).toBe('apercu');
    expect(r.run_id).toBe(0);
    const o = r.offres!;
    // The demo's offers all lose their DGEFP declaration but the fixture's one organisme.
    expect(o.vers_non_reglementaire).toBeGreaterThan(avant.offres.length / 2);
    expect(o.catalogue).toBeGreaterThanOrEqual(o.vers_non_reglementaire);
    expect(o.suspect).toBe(true);
    expect(o.part_max).toBe(0.1);
    expect(o.codes.map((c) => c.code)).toContain('ORG_NDA');
    expect(o.exemples.catalogue.length).toBe(10);
    const ex = o.exemples.catalogue[0]!;
    expect(avant.offres.find((f) => f.id === ex.id)?.catalogue).toBe(ex.avant.catalogue);
    expect(ex.apres.catalogue).toBe('non_reglementaire');
    expect(o.regions.length).toBeGreaterThan(0);
    expect(o.regions[0]!.libelle).not.toMatch(/^\d+$/);
    // A one-row list for 59 declared organismes: an extract too (the removal guard, below).
    expect(r.alertes.map((a) => a.code)).toEqual([
      'REFERENTIEL_IMPACT_SUSPECT',
      'REFERENTIEL_BAISSE_SUSPECTE',
    ]);
    expect(r.alertes[0]!.message).toMatch(/ferait passer \d+ offres? en Non réglementaire/);
    expect(await etat()).toEqual(avant);
  });

  it('names the rules whose failures the import adds, not the failures already there', async () => {
    // The demo has offers already Non réglementaire (CERT_EXPIREE, ORG_SIRET_FERME,
    // ORG_HABILITATION) that the list would decertify: those failures owe nothing to the file.
    const deja = await database.db
      .selectFrom('controle_echec')
      .select('code')
      .distinct()
      .where('severite', '=', 'bloquant')
      .where('code', 'not in', ['ORG_NDA', 'ORG_QUALIOPI_APPRENTISSAGE'])
      .execute();
    expect(deja.length).toBeGreaterThan(0);
    const fichier = fixture('organismes/liste-publique-of.csv');
    const r = await importReferentiel(contexte(database), { kind: 'lpof', fichier, apercu: true });
    const o = r.offres!;
    expect(o.codes.map((c) => c.code).sort()).toEqual(['ORG_NDA', 'ORG_QUALIOPI_APPRENTISSAGE']);
    expect(r.alertes[0]!.message).toMatch(
      /règles en cause \(offres qui y échoueraient du fait de l’import\) : ORG_(NDA|QUALIOPI_APPRENTISSAGE) \(\d+\), ORG_(NDA|QUALIOPI_APPRENTISSAGE) \(\d+\)\.$/,
    );
  });

  it('the share is a setting (OFFRE_REFERENTIEL_IMPACT_PCT): at 100 % the same file is not held', async () => {
    const ctx = { ...contexte(database), config: { ...readConfig(), referentielPartImpact: 1 } };
    const fichier = fixture('organismes/liste-publique-of.csv');
    const r = await importReferentiel(ctx, { kind: 'lpof', fichier, apercu: true });
    expect(r.offres?.suspect).toBe(false);
    expect(r.alertes.map((a) => a.code)).not.toContain('REFERENTIEL_IMPACT_SUSPECT');
  });

  it('refuses a campaign workbook given as a kit file, naming it and what was expected; nothing changed (issue 15 defect 11)', async () => {
    const { siret } = await database.db
      .selectFrom('organisme')
      .select('siret')
      .orderBy('siret')
      .executeTakeFirstOrThrow();
    const c = await prepareClasseur(contexte(database), SYSTEME('test'), { siret, annee: 2027 });
    const fichier = join(tmp(), 'offre-campagne-2027.xlsx');
    await c.ecrire(createWriteStream(fichier)); // resolves once the file stream has finished
    const avant = await etat();
    for (const kind of ['kit', 'marches']) {
      const err = await importReferentiel(contexte(database), { kind, fichier }).catch((e) => e);
      expect(err).toMatchObject({ code: 'REFERENTIEL_MAUVAIS_TYPE' });
      expect(err.message).toMatch(
        /^Le fichier offre-campagne-2027\.xlsx est un classeur de campagne d’Offre \(feuille « Offre »/,
      );
    }
    const kit = await importReferentiel(contexte(database), { kind: 'kit', fichier }).catch((e) => e);
    expect(kit.message).toMatch(
      /pas : kit apprentissage \(correspondance CFD ↔ RNCP\).*aucun référentiel n’a été modifié/,
    );
    expect(await etat()).toEqual(avant);
  });

  it('refuses the small DGEFP fixture over the demo, naming the count and ORG_NDA; --force applies it', async () => {
    const avant = await nonReglementaires();
    const runs = await database.db.selectFrom('ref_run').select('id').execute();
    const fichier = fixture('organismes/liste-publique-of.csv');
    const err = await importReferentiel(contexte(database), { kind: 'lpof', fichier }).catch((e) => e);
    // Held for two reasons, as the page's preview says: both named, the first one's code kept.
    expect(err).toMatchObject({
      code: 'REFERENTIEL_IMPACT_SUSPECT',
      details: { codes: ['REFERENTIEL_IMPACT_SUSPECT', 'REFERENTIEL_BAISSE_SUSPECTE'] },
    });
    expect(err.message).toMatch(
      /^Import refusé par prudence pour 2 raisons, rien n’a été enregistré\. 1\) L’import de liste-publique-of\.csv ferait passer [\d\u202f]+ offres? en Non réglementaire.*sur \d+ offres au catalogue \(plus de 10 % .*\) ; règles en cause \(offres qui y échoueraient du fait de l’import\) : .*ORG_NDA \(\d+\).*\. 2\) L’import de liste-publique-of\.csv retirerait \d+ des \d+ lignes de « organisme_declare » .* un extrait plutôt que le fichier complet \? Vérifiez le fichier, ou relancez avec --force si ces changements sont voulus\.$/,
    );
    // nothing stored: no run, no fact, no offer moved
    expect(await database.db.selectFrom('ref_run').select('id').execute()).toEqual(runs);
    expect(await nonReglementaires()).toBe(avant);

    const forcee = await importReferentiel(contexte(database), { kind: 'lpof', fichier, force: true });
    expect(forcee.statut).toBe('importe');
    expect(await nonReglementaires()).toBeGreaterThan(avant);
  });
});

// The fresh user's case of stop 22: over the demonstration (no earlier ACCE run to compare the row
// count with), a 3-row ACCE extract replaced every UAI, with no verdict changing (an unknown UAI
// is not a rule failure) — so neither the row-count nor the impact guard held it.
describe('removal guard', () => {
  it('refuses an empty file, saying it is empty (the CLI said « fichier INCONNU »)', async () => {
    const fichier = join(tmp(), 'vide.csv');
    writeFileSync(fichier, '');
    const err = await importReferentiel(contexte(database), { kind: 'kit', fichier }).catch((e) => e);
    expect(err).toMatchObject({ code: 'FICHIER_VIDE' });
    expect(err.message).toBe('Le fichier « vide.csv » est vide ; aucun référentiel n’a été modifié.');
  });

  const uai = async () => (await database.db.selectFrom('uai').select('uai').execute()).length;

  it('refuses an extract that would remove most of a table, whatever ran before; previews it; --force applies it', async () => {
    const avant = await uai();
    expect(avant).toBeGreaterThanOrEqual(50);
    const runs = await database.db.selectFrom('ref_run').select('id').execute();
    const fichier = fixture('organismes/ACCE_UAI.csv');
    const err = await importReferentiel(contexte(database), { kind: 'acce', fichier }).catch((e) => e);
    expect(err).toMatchObject({ code: 'REFERENTIEL_BAISSE_SUSPECTE' });
    expect(err.message).toBe(
      `L’import de ACCE_UAI.csv retirerait ${avant} des ${avant} lignes de « uai » (100 %) et n’en ajouterait que 3 : un extrait plutôt que le fichier complet ? Import refusé par prudence, rien n’a été enregistré ; relancez avec --force si ce retrait est voulu.`,
    );
    expect(await uai()).toBe(avant);
    expect(await database.db.selectFrom('ref_run').select('id').execute()).toEqual(runs);

    const apercu = await importReferentiel(contexte(database), { kind: 'acce', fichier, apercu: true });
    expect(apercu.alertes.map((a) => a.code)).toEqual(['REFERENTIEL_BAISSE_SUSPECTE']);
    expect(apercu.alertes[0]!.message).not.toMatch(/refusé/);
    expect(await uai()).toBe(avant);

    const forcee = await importReferentiel(contexte(database), { kind: 'acce', fichier, force: true });
    expect(forcee.statut).toBe('importe');
    expect(await uai()).toBe(3);
    // The file replaced the demonstration's UAI: only it is in force for ACCE (the demo's run is
    // history), while the demo's runs of the other kinds are still listed.
    const { runs: enVigueur } = await statutReferentiels(contexte(database));
    expect(enVigueur.filter((r) => r.kind === 'acce').map((r) => r.fichier)).toEqual(['ACCE_UAI.csv']);
    expect(enVigueur.filter((r) => r.kind === 'sirene').map((r) => r.fichier)).toEqual([
      'démonstration (graine 42)',
    ]);
    // An RNCP export replaces the certifications of its own dataset only: the demonstration's
    // certifications stay in force, and so does its run in the list, beside the file's.
    await importReferentiel(contexte(database), {
      kind: 'rncp',
      fichier: fixture('rncp/fiches-v4.1.xml'),
      force: true,
    });
    const apresRncp = (await statutReferentiels(contexte(database))).runs;
    expect(apresRncp.filter((r) => r.kind === 'rncp').map((r) => r.fichier)).toEqual([
      'fiches-v4.1.xml',
      'démonstration (graine 42)',
    ]);
  });
});
