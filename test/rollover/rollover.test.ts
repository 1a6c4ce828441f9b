import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getCampagne } from '../../src/db/campagne.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { CADRE_PUBLIC, CadreContext } from '../../src/http/web/cadre.ts';
import { ApercuReconduction } from '../../src/http/web/gestion/campagnes.page.tsx';
import { getFormation, saveFormationTx } from '../../src/services/formation.service.ts';
import type { RapportBascule } from '../../src/services/rollover.service.ts';
import { switchCampagne, unAnPlusTard } from '../../src/services/rollover.service.ts';
import { transitionTx } from '../../src/services/workflow.service.ts';
import { formationFixture, SIRET_A, SIRET_B, type TestApi, testApi } from '../api/helpers.ts';

// Rollover 2027 → 2028: preview, apply, idempotent; archived, closed and absent offers untouched.

const NOW = new Date('2027-03-01T10:00:00Z');

/** The page's rollover preview (/gestion/campagnes/{annee}/reconduction), as text. */
const apercuEnTexte = (r: RapportBascule) =>
  render(
    h(
      CadreContext.Provider,
      { value: { ...CADRE_PUBLIC, csrf: () => 'jeton' } },
      h(ApercuReconduction, { r, region: null }),
    ),
  )
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
const session = (debut: string, fin: string, code_postal: string, etat: 'ouvert' | 'ferme' = 'ouvert') => ({
  debut,
  fin,
  etat_recrutement: etat,
  capacite: 20,
  lieu: { adresse: `1 rue ${code_postal}`, code_postal, commune: 'Lyon' },
  reunions_information: [],
  bilans: [],
});

describe('campaign rollover', () => {
  let api: TestApi;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    api = await testApi({ now: () => NOW });
    await api.ctx.db.transaction().execute(async (trx) => {
      const save = async (nom: string, over: Parameters<typeof formationFixture>[0]) =>
        (ids[nom] = (
          await saveFormationTx(trx, SYSTEME('test'), formationFixture({ cle_externe: nom, ...over }), {
            now: NOW,
          })
        ).id);
      // Two places, both offered in 2027 (a two-year course: one session of two years).
      await save('deux-lieux', {
        sessions: [
          session('2027-09-01', '2029-06-30', '69001'),
          session('2027-09-15', '2029-06-30', '69002'),
          session('2026-09-01', '2028-06-30', '69001'),
        ],
      });
      await save('b', { siret: SIRET_B, sessions: [session('2027-10-01', '2028-06-30', '69003')] });
      await save('fermee', { sessions: [session('2027-09-01', '2028-06-30', '69004', 'ferme')] });
      await save('ancienne', { sessions: [session('2025-09-01', '2027-06-30', '69005')] });
      await save('archivee', { sessions: [session('2027-09-01', '2028-06-30', '69006')] });
      await transitionTx(trx, SYSTEME('test'), ids.archivee!, 'archiver', NOW);
      // Published, with an organisation's change waiting for validation.
      const f = formationFixture({
        cle_externe: 'revision',
        sessions: [session('2027-09-01', '2028-06-30', '69007')],
      });
      ids.revision = (await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW, statut: 'publiee' })).id;
      const organisme = { kind: 'cle', id: 'k', name: 'k', scope: 'write', siren: '130025265' } as const;
      expect(
        await saveFormationTx(
          trx,
          organisme,
          { ...f, intitule: 'Nouvel intitulé' },
          { id: ids.revision, now: NOW },
        ),
      ).toMatchObject({ revision: true });
    });
  });
  afterAll(() => api.close());

  it('shifts dates by a year (29 February included)', () => {
    expect(unAnPlusTard('2026-09-01')).toBe('2027-09-01');
    expect(unAnPlusTard('2028-02-29')).toBe('2029-02-28');
  });

  it('previews, applies once, and creates nothing the second time', async () => {
    const acteur = SYSTEME('test');
    expect(await getCampagne(api.ctx.db, 2028)).toBeUndefined();
    const apercu = await switchCampagne(api.ctx, acteur, { de: 2027, vers: 2028, dryRun: true });
    expect(apercu).toEqual({
      de: 2027,
      vers: 2028,
      simulation: true,
      campagne_creee: true,
      formations: 2,
      sessions_creees: 3,
      deja_reconduites: 0,
      en_revision: 1,
      laissees: [{ id: ids.revision!, intitule: 'Nouvel intitulé', motif: 'revision_en_attente_validation' }],
      organismes: [
        { siret: SIRET_A, raison_sociale: 'CFA Exemple', sessions: 2 },
        { siret: SIRET_B, raison_sociale: 'CFA Exemple', sessions: 1 },
      ],
    });
    expect(await getCampagne(api.ctx.db, 2028)).toBeUndefined();
    // Counts of 2 and more in the plural, 0 and 1 in the singular, as French writes them.
    const page = apercuEnTexte(apercu);
    expect(page).toContain(
      '3 sessions à créer pour 2 formations ; 0 lieu déjà reconduit ; 1 formation en attente de décision laissée de côté.',
    );
    expect(page).toContain('Appliquer la reconduction (3 sessions ; 1 formation laissée de côté)');
    expect(page).not.toContain('(s)');

    const fait = await switchCampagne(api.ctx, acteur, { de: 2027, vers: 2028, dryRun: false });
    expect(fait).toEqual({ ...apercu, simulation: false });
    expect(await getCampagne(api.ctx.db, 2028)).toMatchObject({
      fenetre_debut: '2028-08-01',
      fenetre_fin: '2029-07-31',
    });
    const f = (await getFormation(api.ctx.db, acteur, ids['deux-lieux']!))!;
    const s2028 = f.sessions.filter((s) => s.debut! >= '2028-08-01');
    expect(s2028.map((s) => [s.debut, s.fin, s.lieu.code_postal, s.etat_recrutement]).sort()).toEqual([
      ['2028-09-01', '2030-06-30', '69001', 'ouvert'],
      ['2028-09-15', '2030-06-30', '69002', 'ouvert'],
    ]);
    // Old sessions keep their dates and references.
    expect(
      f.sessions
        .filter((s) => s.debut! < '2028-08-01')
        .map((s) => s.debut)
        .sort(),
    ).toEqual(['2026-09-01', '2027-09-01', '2027-09-15']);
    for (const nom of ['fermee', 'ancienne', 'archivee', 'revision'])
      expect((await getFormation(api.ctx.db, acteur, ids[nom]!))!.sessions).toHaveLength(1);

    const encore = await switchCampagne(api.ctx, acteur, { de: 2027, vers: 2028, dryRun: false });
    expect(encore).toMatchObject({
      campagne_creee: false,
      formations: 0,
      sessions_creees: 0,
      deja_reconduites: 3,
      organismes: [],
    });
    expect(apercuEnTexte(encore)).toContain(
      '0 session créée pour 0 formation ; 3 lieux déjà reconduits ; 1 formation en attente de décision laissée de côté.',
    );
  });

  it('is reserved to managers and refuses a jump of more than a year', async () => {
    await expect(
      switchCampagne(
        api.ctx,
        { kind: 'cle', id: 'k', name: 'k', scope: 'write', siren: '130025265' },
        { de: 2027, vers: 2028, dryRun: true },
      ),
    ).rejects.toMatchObject({ code: 'ACCES_REFUSE' });
    await expect(
      switchCampagne(api.ctx, SYSTEME('test'), { de: 2027, vers: 2029, dryRun: true }),
    ).rejects.toMatchObject({ code: 'BASCULE_ANNEES' });
  });
});
