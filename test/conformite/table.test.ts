import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { CODES } from '../../src/domain/regles/regles.ts';
import {
  lignesConformite,
  recomputeAll,
  recomputeFormations,
} from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { loadReferentiels, nouveauRun } from './faits.helper.ts';
import { bts, FORMATIONS, NOW, REFERENTIELS, SIRET_A, SIRET_C } from './formations.fixture.ts';

// The labelled formations, each written through the real store (which recomputes in its
// transaction), checked alone (then archived so that none is another's duplicate).

let t: TestApi;
const sys = SYSTEME('test');
let runs: Record<string, number>;

beforeAll(async () => {
  t = await testApi({ now: () => NOW });
  runs = await loadReferentiels(t.ctx.db, REFERENTIELS);
});
afterAll(() => t.close());

async function etat(id: string) {
  const f = await t.ctx.db
    .selectFrom('formation')
    .select(['catalogue', 'certifiee', 'parcoursup', 'affelnet'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const echecs = await t.ctx.db
    .selectFrom('controle_echec')
    .select('code')
    .where('formation_id', '=', id)
    .execute();
  return { ...f, echecs: echecs.map((e) => e.code).sort() };
}

async function creer(input: Parameters<typeof saveFormation>[2], publier: boolean) {
  const { id } = await saveFormation(t.ctx, sys, input);
  if (publier) {
    await transition(t.ctx, sys, id, 'publier');
    await transition(t.ctx, sys, id, 'valider');
  }
  return id;
}

describe('table of labelled formations', () => {
  it.each(FORMATIONS.map((f) => [f.nom, f] as const))('%s', async (_nom, f) => {
    const id = await creer(f.input, f.publier);
    expect(await etat(id)).toEqual({
      catalogue: f.catalogue,
      certifiee: f.certifiee,
      parcoursup: f.parcoursup,
      affelnet: f.affelnet,
      echecs: [...f.echecs].sort(),
    });
    await transition(t.ctx, sys, id, 'archiver');
    expect((await etat(id)).parcoursup).toBe('non_publiable');
  });
});

describe('duplicates, evidence, reference changes', () => {
  it('FORM_DOUBLON: the second copy and the first (its neighbour) are flagged at once', async () => {
    const a = await creer(bts('DOUBLE-1'), true);
    // Without cle_externe both share one platform identity: computed together, written once.
    const b = await creer(bts('DOUBLE-2', { cle_externe: null }), true);
    const c = await creer(bts('DOUBLE-3', { cle_externe: null }), true);
    await transition(t.ctx, sys, c, 'archiver');
    expect((await etat(b)).echecs).toEqual(['FORM_DOUBLON']);
    expect((await etat(a)).echecs).toEqual(['FORM_DOUBLON']);
    await recomputeAll(t.ctx);
    expect((await etat(a)).echecs).toEqual(['FORM_DOUBLON']);
    expect((await etat(a)).catalogue).toBe('general');
    await transition(t.ctx, sys, b, 'archiver');
    await recomputeFormations(t.ctx.db, [a], NOW);
    expect((await etat(a)).echecs).toEqual([]);
  });

  it('a reference change (Sirene re-import with one SIRET closed) flips exactly the formations of that SIRET, citing the run', async () => {
    const deA = await creer(bts('SIRENE-A'), true);
    const deC = await creer(
      bts('SIRENE-C', {
        responsable: { siret: SIRET_C, uai: '0691234S' },
        formateur: { siret: SIRET_C },
        sessions: [
          {
            debut: '2026-09-01',
            fin: '2028-06-30',
            lieu: { code_postal: '69100', commune: 'Villeurbanne', code_insee: '69266' },
          },
        ],
      }),
      true,
    );
    expect([(await etat(deA)).catalogue, (await etat(deC)).catalogue]).toEqual(['general', 'general']);
    const avant = await t.ctx.db.selectFrom('formation').select(['id', 'catalogue']).execute();

    const run = await nouveauRun(t.ctx.db, 'sirene', 'StockEtablissement_2026-03.csv', '2026-03-01');
    await t.ctx.db
      .updateTable('etablissement')
      .set({ etat: 'F', run_id: run })
      .where('siret', '=', SIRET_A)
      .execute();
    const impact = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where((eb) => eb.or([eb('responsable_siret', '=', SIRET_A), eb('formateur_siret', '=', SIRET_A)]))
      .execute();
    const seq = await t.ctx.db
      .selectFrom('change_event')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirstOrThrow();
    const plusTard = new Date(NOW.getTime() + 3_600_000);
    const r = await t.ctx.db.transaction().execute((trx) =>
      recomputeFormations(
        trx,
        impact.map((x) => x.id),
        plusTard,
      ),
    );
    const events = await t.ctx.db
      .selectFrom('change_event')
      .select(['entite_id', 'action'])
      .where('seq', '>', Number(seq.m ?? 0))
      .execute();

    const apres = new Map(
      (await t.ctx.db.selectFrom('formation').select(['id', 'catalogue']).execute()).map((f) => [
        f.id,
        f.catalogue,
      ]),
    );
    const flipped = avant.filter((f) => f.catalogue !== apres.get(f.id)).map((f) => f.id);
    expect(flipped).toContain(deA);
    expect(flipped).not.toContain(deC);
    expect(flipped.every((id) => apres.get(id) === 'non_reglementaire')).toBe(true);
    expect(r.derivesModifies.sort()).toEqual(expect.arrayContaining(flipped));
    // Feed consumers learn that these offers left the catalogue, and that every offer of that SIRET
    // now shows ORG_SIRET_FERME among its failures (its document changed: one event each).
    expect(events.map((e) => e.entite_id).sort()).toEqual(impact.map((x) => x.id).sort());
    expect(flipped.length).toBeLessThan(impact.length);
    expect(new Set(events.map((e) => e.action))).toEqual(new Set(['update']));
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${deA}/controles`,
      headers: { authorization: `Bearer ${t.keys.admin}` },
    });
    expect(res.statusCode).toBe(200);
    const ferme = res
      .json()
      .data.find(
        (c: { code: string; resultat: string }) => c.code === 'ORG_SIRET_FERME' && c.resultat === 'echec',
      );
    expect(ferme.message).toContain('StockEtablissement_2026-03.csv');
    expect(ferme.preuves[0]).toMatchObject({
      kind: 'sirene',
      fichier: 'StockEtablissement_2026-03.csv',
      run_id: run,
      fait: `SIRET ${SIRET_A} : etatAdministratifEtablissement = F`,
    });
    const one = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${deA}`,
      headers: { authorization: `Bearer ${t.keys.admin}` },
    });
    expect(one.json().conformite).toMatchObject({
      catalogue: 'non_reglementaire',
      echecs: expect.arrayContaining([
        expect.objectContaining({ code: 'ORG_SIRET_FERME', severite: 'bloquant' }),
      ]),
    });
    expect(runs.sirene).toBeLessThan(run);
    await t.ctx.db
      .updateTable('etablissement')
      .set({ etat: 'A', run_id: runs.sirene! })
      .where('siret', '=', SIRET_A)
      .execute();
    await recomputeAll(t.ctx);
    expect((await etat(deA)).catalogue).toBe('general');
  });

  it('a reference not loaded makes the rule non_applicable, saying which', async () => {
    const id = await creer(bts('NA-1'), false);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}/controles`,
      headers: { authorization: `Bearer ${t.keys.admin}` },
    });
    const codes = new Set(res.json().data.map((c: { code: string }) => c.code));
    for (const code of ['ORG_SIRET_FORMAT', 'CERT_EXPIREE', 'FORM_DOUBLON', 'LIEU_UAI', 'CONV_DELAI'])
      expect(codes.has(code)).toBe(true);
    await t.ctx.db.deleteFrom('organisme_declare').execute();
    await recomputeFormations(t.ctx.db, [id], NOW);
    const nda = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/formations/${id}/controles`,
        headers: { authorization: `Bearer ${t.keys.admin}` },
      })
    )
      .json()
      .data.find((c: { code: string }) => c.code === 'ORG_NDA');
    expect(nda.resultat).toBe('echec');
    await t.ctx.db.deleteFrom('ref_run').where('kind', '=', 'lpof').execute();
    await recomputeFormations(t.ctx.db, [id], NOW);
    const na = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/formations/${id}/controles`,
        headers: { authorization: `Bearer ${t.keys.admin}` },
      })
    )
      .json()
      .data.find((c: { code: string }) => c.code === 'ORG_NDA');
    expect([na.resultat, na.message]).toEqual(['non_applicable', expect.stringContaining('non chargé')]);
    await loadReferentiels(t.ctx.db, { lpof: REFERENTIELS.lpof });
  });

  it('/controles evaluates every rule live, with evidence; only failures are stored', async () => {
    const id = await creer(bts('LIVE-1', { intitule: 'x'.repeat(260) }), true);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}/controles`,
      headers: { authorization: `Bearer ${t.keys.admin}` },
    });
    expect(res.statusCode).toBe(200);
    const data: { code: string; resultat: string; preuves: unknown[]; computed_at: string }[] =
      res.json().data;
    expect(new Set(data.map((c) => c.code))).toEqual(new Set(CODES));
    expect(new Set(data.map((c) => c.computed_at))).toEqual(new Set([NOW.toISOString()]));
    const siret = data.find((c) => c.code === 'ORG_SIRET_FERME')!;
    expect(siret.resultat).toBe('passe');
    expect(siret.preuves[0]).toMatchObject({ kind: 'sirene', run_id: runs.sirene });
    const echecs = data.filter((c) => c.resultat === 'echec').map((c) => c.code);
    expect(echecs).toContain('FORM_INTITULE');
    expect((await etat(id)).echecs).toEqual(echecs.sort());
    expect(data.some((c) => c.resultat === 'non_applicable')).toBe(true);
    await transition(t.ctx, sys, id, 'archiver');
  });

  it('offre check --json lines follow docs/contrat.md', async () => {
    const id = await creer(
      bts('JSON-1', {
        sessions: [
          {
            debut: '2026-09-01',
            fin: '2028-06-30',
            lieu: { code_postal: '38000', commune: 'Grenoble', code_insee: '38185' },
          },
        ],
      }),
      true,
    );
    const lignes = [];
    for await (const l of lignesConformite(t.ctx.db, 7)) lignes.push(l);
    expect(lignes.length).toBe((await t.ctx.db.selectFrom('formation').select('id').execute()).length);
    expect(lignes.find((l) => l.id === id)).toEqual({
      id,
      cle_externe: 'JSON-1',
      intitule: 'BTS Management commercial opérationnel',
      catalogue: 'general',
      certifiee: true,
      parcoursup: 'non_publiable',
      affelnet: 'non_publiable',
      echecs: [
        { code: 'LIEU_UAI', severite: 'plateforme', message: expect.stringContaining('km du responsable') },
      ],
    });
  });
});
