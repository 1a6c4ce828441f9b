import { beforeAll, describe, expect, it } from 'vitest';
import { selectFormationRows } from '../../src/db/formation.repository.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { snapshotToInput } from '../../src/domain/formation.snapshot.ts';
import { loadSnapshot } from '../../src/services/formation.view.ts';
import { ApercuRegles } from '../../src/services/imports/apercu-regles.ts';
import { revisionProposee } from '../../src/services/workflow.service.ts';
import { formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';
import { diffusee } from '../helpers/revision.ts';

// A revision's would-be state (revisionProposee: the gestionnaire's review, the import previews)
// gave every session its input does not name the same id, '': a session's contact is joined to it
// by id (domain/regles/a-controler.ts), so the new sessions of a conventionné offer lost theirs and
// the preview announced a spurious CONV_CONTACT. Each new session now has its own id, as a creation's.

const t = useTestApi();
let id: string;

const session = (
  cle: string,
  debut: string,
  contact: { nom: string; telephone?: string; courriel?: string },
) => ({
  cle_externe: cle,
  debut,
  fin: `${debut.slice(0, 4)}-12-18`,
  etat_recrutement: 'ouvert' as const,
  capacite: 12,
  financeur: 'region' as const,
  numero_marche: 'M1451401',
  contact,
  lieu: { adresse: '2 rue Bois', code_postal: '63000', commune: 'Clermont-Ferrand', code_insee: '63113' },
  reunions_information: [],
  bilans: [],
});

const input = (): FormationInput =>
  formationFixture({
    cle_externe: 'AUV-PREPA',
    intitule: 'Prépa avenir métiers',
    certification: {},
    responsable: { siret: SIRET_A, raison_sociale: 'CFA Exemple' },
    formateur: { siret: SIRET_A },
    modalites: {
      formation_continue: true,
      contrat_professionnalisation: true,
      contrat_apprentissage: false,
      annees_apprentissage: [],
      duree_annees: 1,
    },
    financeurs: ['region'],
    sessions: [session('S1', '2026-09-07', { nom: 'Mme Roux', telephone: '0473000000' })],
  });

/** The stored offer's input with two new sessions (no id), each with its own contact. */
async function avecDeuxNouvelles(): Promise<{
  lu: Awaited<ReturnType<typeof loadSnapshot>>;
  payload: FormationInput;
}> {
  const [row] = await selectFormationRows(t.ctx.db, [id]);
  const lu = await loadSnapshot(t.ctx.db, row!);
  const stocke = snapshotToInput(lu.snap);
  return {
    lu,
    payload: {
      ...stocke,
      sessions: [
        ...stocke.sessions,
        session('S2', '2026-10-05', { nom: 'M. Blanc', courriel: 'blanc@cfa.example' }),
        session('S3', '2026-11-02', { nom: 'Mme Vert', telephone: '0473000001' }),
      ],
    },
  };
}

beforeAll(async () => {
  id = await diffusee(t.ctx, input());
});

describe('the new sessions of a revision each have their own id and their own contact', () => {
  it('revisionProposee: distinct ids, each session keeps its contact', async () => {
    const { lu, payload } = await avecDeuxNouvelles();
    const propose = revisionProposee(lu, payload);
    const ids = propose.sessions.map((s) => s.id);
    expect(ids.every((x) => x !== '')).toBe(true);
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe(lu.snap.sessions[0]!.id);
    expect(propose.sessions.map((s) => s.contact?.nom)).toEqual(['Mme Roux', 'M. Blanc', 'Mme Vert']);
  });

  it('the import preview of that revision introduces no blocking rule (no spurious CONV_CONTACT)', async () => {
    const { payload } = await avecDeuxNouvelles();
    const apercu = new ApercuRegles(t.ctx.now());
    apercu.noter(id, true);
    await apercu.apresEcritures(t.ctx.db, new Map([[id, payload]]));
    const { regles, nonDiffusables } = await apercu.completer(t.ctx.db);
    const r = regles.get(id)!;
    expect(r.catalogue_avant).toBe('general');
    expect(r.introduites).toEqual([]);
    expect(r.catalogue_apres).toBe('general');
    expect(nonDiffusables).toBe(0);
  });

  it('a new session without contact is still named by CONV_CONTACT (the rule still fails when it should)', async () => {
    const { payload } = await avecDeuxNouvelles();
    const sans = {
      ...payload,
      sessions: [...payload.sessions.slice(0, 2), { ...payload.sessions[2]!, contact: null }],
    };
    const apercu = new ApercuRegles(t.ctx.now());
    apercu.noter(id, true);
    await apercu.apresEcritures(t.ctx.db, new Map([[id, sans]]));
    const r = (await apercu.completer(t.ctx.db)).regles.get(id)!;
    expect(r.introduites.map((x) => [x.code, x.champ])).toEqual([['CONV_CONTACT', 'sessions[2].contact']]);
  });
});
