import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { ensureCampagne } from '../../src/db/campagne.repository.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { formationFixture, SIRET_A, type TestApi, testApi } from '../api/helpers.ts';
import { exportClasseur } from '../classeur/classeur.helpers.ts';

// Issue 15, defect 10: the product's own export, imported back into the same base, changes
// nothing — the export writes the internal id as the numero of a formation or session that has
// no external key, and the import must recognise it instead of archiving and recreating.

const systeme = SYSTEME('test-aller-retour');

/** `offre export lheo --all` (SYSTEME: every formation, bilans included), or the default file passed on (PUBLIC). */
async function exportAll(ctx: AppContext, acteur: Acteur = systeme): Promise<string> {
  const exp = await openLheoExport(ctx.db, acteur, {}, new Date());
  let out = '';
  for await (const chunk of exp.chunks) out += chunk;
  return out;
}

/** What an import may have touched: sessions (ids, archived or not), history, the change feed. */
async function etat(ctx: AppContext) {
  const sessions = await ctx.db
    .selectFrom('session')
    .select(['id', 'formation_id', 'cle_externe', 'archivee'])
    .orderBy('id')
    .execute();
  const formations = await ctx.db
    .selectFrom('formation')
    .select(['id', 'cle_externe'])
    .orderBy('id')
    .execute();
  const historique = await ctx.db
    .selectFrom('historique')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  const evenements = await ctx.db
    .selectFrom('change_event')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return { formations, sessions, historique: Number(historique.n), evenements: Number(evenements.n) };
}

let t: TestApi;
beforeAll(async () => {
  let clock = Date.UTC(2026, 0, 15);
  t = await testApi({ now: () => new Date(clock++) });
  // Demo formations: external keys on formations, none on their sessions (as written in /espace).
  await loadDemo(t.ctx, { formations: 12, seed: 7, chunk: 12 });
  // One formation entered without any external key, nor on its sessions.
  await saveFormation(
    t.ctx,
    systeme,
    formationFixture({
      cle_externe: null,
      sessions: [
        {
          debut: '2026-09-01',
          fin: '2028-06-30',
          capacite: 12,
          etat_recrutement: 'ouvert',
          reunions_information: [],
          // Professional-only: the public export leaves them out (the fresh user's case of stop 23).
          bilans: [{ date: '2027-02-10', lieu: 'CFA, Lyon', libelle: 'Bilan de mi-parcours' }],
          lieu: { adresse: '2 rue Neuve', code_postal: '69002', commune: 'Lyon', code_insee: '69382' },
        },
        {
          debut: '2027-09-01',
          fin: '2029-06-30',
          capacite: 12,
          etat_recrutement: 'ouvert',
          reunions_information: [],
          bilans: [],
          lieu: { adresse: '2 rue Neuve', code_postal: '69002', commune: 'Lyon', code_insee: '69382' },
        },
      ],
    }),
  );
});
afterAll(async () => t?.close());

describe('export → import into the same base (issue 15, defect 10)', () => {
  it('changes nothing: no update, no session archived or recreated, no history, no feed event', async () => {
    const avant = await etat(t.ctx);
    expect(avant.sessions.some((s) => s.cle_externe === null)).toBe(true);
    expect(avant.formations.some((f) => f.cle_externe === null)).toBe(true);
    const xml = await exportAll(t.ctx);
    const report = await importLheo(t.ctx, systeme, [xml], { fichier: 'export.xml' });
    expect(report.rejets).toEqual([]);
    expect(report.formations).toEqual({
      creees: 0,
      mises_a_jour: 0,
      inchangees: avant.formations.length,
      rejetees: 0,
    });
    expect(await etat(t.ctx)).toEqual(avant);
  });

  it('keeps what the export leaves out: the bilans, absent from a file passed on, are not erased', async () => {
    const bilans = () =>
      t.ctx.db
        .selectFrom('session_evenement')
        .innerJoin('session', 'session.id', 'session_evenement.session_id')
        .innerJoin('formation', 'formation.id', 'session.formation_id')
        .select(['session_evenement.session_id', 'date', 'libelle', 'formation.cle_externe'])
        .where('type', '=', 'bilan')
        .orderBy('session_evenement.session_id')
        .orderBy('date')
        .execute();
    const avant = await bilans();
    // `offre export lheo` without --all: the file passed on, read as the public reads.
    const xml = await exportAll(t.ctx, { kind: 'anonyme' });
    expect(xml).not.toContain('info="bilans"');
    // Some formations of the file have bilans in the base: the case the import must not erase.
    expect(avant.some((b) => b.cle_externe && xml.includes(`numero="${b.cle_externe}"`))).toBe(true);
    const report = await importLheo(t.ctx, systeme, [xml], { fichier: 'export.xml' });
    expect(report.formations.mises_a_jour).toBe(0);
    expect(await bilans()).toEqual(avant);
  });

  it('still matches after a second round trip, and a real change is still applied to the same session', async () => {
    const avant = await etat(t.ctx);
    const xml = (await exportAll(t.ctx)).replace(
      '<etat-recrutement>1</etat-recrutement>',
      '<etat-recrutement>2</etat-recrutement>',
    );
    const report = await importLheo(t.ctx, systeme, [xml], { fichier: 'export.xml' });
    expect(report.formations.mises_a_jour).toBe(1);
    expect(report.formations.creees).toBe(0);
    const apres = await etat(t.ctx);
    // Same sessions, same ids, none archived: the change went to the existing session.
    expect(apres.sessions).toEqual(avant.sessions);
    expect(apres.formations).toEqual(avant.formations);
  });

  it('the campaign workbook exported, then imported unchanged, changes nothing either', async () => {
    const sirets = await t.ctx.db
      .selectFrom('formation')
      .select('responsable_siret')
      .where('responsable_siret', 'is not', null)
      .groupBy('responsable_siret')
      .orderBy('responsable_siret')
      .execute();
    const annee = new Date(t.ctx.now()).getUTCFullYear() + 1;
    await ensureCampagne(t.ctx.db, annee); // the coming campaign, as an administrator opens it
    let inchangees = 0;
    for (const siret of [SIRET_A, ...sirets.slice(0, 3).map((r) => r.responsable_siret!)]) {
      const avant = await etat(t.ctx);
      const fichier = await exportClasseur(t, annee, siret);
      const r = await importClasseur(t.ctx, systeme, fichier, { dryRun: false });
      expect(r.rapport.totaux, siret).toMatchObject({ modifiee: 0, fermee: 0, nouvelle: 0 });
      inchangees += r.rapport.totaux.inchangee;
      expect(await etat(t.ctx), siret).toEqual(avant);
    }
    expect(inchangees).toBeGreaterThan(0);
  });
});

// The fresh user's case: `offre demo` (seed 42, its whole variety: every statut, closed sessions,
// bilans, information meetings, contacts, accents), `offre export lheo` with and without --all,
// the same bytes imported back by the CLI (systeme), then by the organisation's Imports tab (its
// user): nothing created, nothing updated, no history, no feed event, no revision — twice.
describe('the demo offer, exported then imported back unchanged (fresh user, stop 31)', () => {
  let d: TestApi;
  beforeAll(async () => {
    let clock = Date.UTC(2026, 2, 2);
    d = await testApi({ now: () => new Date(clock++) });
    await loadDemo(d.ctx, { formations: 240, seed: 42 });
  });
  afterAll(async () => d?.close());

  const traces = async () => {
    const n = async (table: 'historique' | 'change_event' | 'formation_revision') =>
      Number(
        (
          await d.ctx.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      historique: await n('historique'),
      evenements: await n('change_event'),
      revisions: await n('formation_revision'),
    };
  };

  for (const [nom, lecteur] of [
    ['offre export lheo --all', systeme],
    ['offre export lheo (the diffused offer)', { kind: 'anonyme' } as Acteur],
  ] as const)
    it(`${nom}: imported back twice by the CLI, 0 created, 0 updated`, async () => {
      const xml = await exportAll(d.ctx, lecteur);
      const formations = (xml.match(/<formation[ >]/g) ?? []).length;
      expect(formations).toBeGreaterThan(100);
      const avant = await traces();
      for (const passage of [1, 2]) {
        const r = await importLheo(d.ctx, SYSTEME('import-lheo'), [xml], { fichier: 'offre-lheo-2.3.xml' });
        expect(r.rejets, `passage ${passage}`).toEqual([]);
        expect(r.formations, `passage ${passage}`).toEqual({
          creees: 0,
          mises_a_jour: 0,
          inchangees: formations,
          rejetees: 0,
        });
      }
      expect(await traces()).toEqual(avant);
    });

  it('the --all export sent by each organisation from its Imports tab changes none of its offers', async () => {
    const xml = await exportAll(d.ctx);
    const proprietaires = await d.ctx.db
      .selectFrom('formation')
      .select('siren_proprietaire')
      .where('siren_proprietaire', 'is not', null)
      .groupBy('siren_proprietaire')
      .orderBy(sql`count(*)`, 'desc')
      .limit(2)
      .execute();
    const avant = await traces();
    for (const { siren_proprietaire: siren } of proprietaires) {
      const organisme: Acteur = {
        kind: 'utilisateur',
        id: `ut-${siren}`,
        email: `contact@${siren}.test`,
        nom: 'Organisme',
        role: 'organisme',
        siren,
        regions: [],
        academies: [],
      };
      for (const passage of [1, 2]) {
        const r = await importLheo(d.ctx, organisme, [xml], { fichier: 'offre-lheo-2.3.xml' });
        expect(r.formations, `${siren} passage ${passage}`).toMatchObject({ creees: 0, mises_a_jour: 0 });
        expect(r.formations.inchangees, siren).toBeGreaterThan(0);
      }
    }
    expect(await traces()).toEqual(avant);
  });
});
