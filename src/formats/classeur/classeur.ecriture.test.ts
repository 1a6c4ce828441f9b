import { describe, expect, it, vi } from 'vitest';
import type { FormationInput } from '../../domain/formation.schema.ts';
import type { FormationVue } from './classeur.analyzer.ts';
import type { LigneLue } from './classeur.reader.ts';
import { lignesDe } from './classeur.rows.ts';

// planMaj (a structured clone of the formation, its places rebuilt twice for an archiving) ran up to
// three times per formation on one import: the analysis's refusal of open revisions, its archiving
// notice, then the service's own plan. Now planned once, whatever reads it (the calls are counted).

const plan = vi.hoisted(() => ({ appels: 0 }));
vi.mock('./classeur.plan.ts', async (importOriginal) => {
  const actuel = await importOriginal<typeof import('./classeur.plan.ts')>();
  return {
    ...actuel,
    planMaj: (...args: Parameters<typeof actuel.planMaj>) => {
      plan.appels++;
      return actuel.planMaj(...args);
    },
  };
});

const FENETRE = { debut: '2027-08-01', fin: '2028-07-31' };
const session = (id: string, adresse: string, cp: string) => ({
  id,
  debut: '2027-09-01',
  fin: '2029-06-30',
  etat_recrutement: 'ouvert' as const,
  capacite: 24,
  lieu: { adresse, code_postal: cp, commune: 'Lyon' },
  reunions_information: [],
  bilans: [],
});
const input = (intitule: string, sessions = [session('se_1', '1 rue', '69001')]): FormationInput => ({
  intitule,
  objectif: 'Manager',
  certification: { rncp: 'RNCP38368' },
  responsable: { siret: '13002526500013', uai: '0693446W' },
  formateur: { siret: '13002526500013' },
  contacts: [],
  modalites: { annees_apprentissage: [1, 2], duree_annees: 2, contrat_apprentissage: true },
  financeurs: [],
  sessions,
});
const vue = (id: string, i: FormationInput, over: Partial<FormationVue> = {}): FormationVue => ({
  id,
  statut: 'brouillon',
  siren: '130025265',
  input: i,
  diffusees: new Set(),
  enRevision: false,
  ...over,
});
let n = 1;
const ligne = (v: FormationVue, i: number, extra: Partial<LigneLue> = {}, changes = {}): LigneLue => ({
  ligne: ++n,
  valeurs: { ...lignesDe(v.id, v.input, FENETRE)[i]!, ...changes } as LigneLue['valeurs'],
  jaune: null,
  bleue: false,
  rouges: [],
  erreurs: [],
  avertissements: [],
  ...extra,
});

describe('the write of each target', () => {
  it('is planned once per formation, for the report and for the import', async () => {
    // The unit project shares modules between files (isolate: false): the analyzer is loaded
    // afresh here, so that it reads the counting planMaj above.
    vi.resetModules();
    const { analyzeClasseur } = await import('./classeur.analyzer.ts');
    // A published formation with its organisme's revision open, closed at its two places by a
    // gestionnaire's workbook (archived: the revision abandoned); another formation changed.
    const deuxLieux = input('BTS MCO', [
      session('se_1', '1 rue', '69001'),
      session('se_2', '2 rue', '69002'),
    ]);
    const archivee = vue('fo_1', deuxLieux, {
      statut: 'publiee',
      publiee: deuxLieux,
      revisionOuverte: {
        statut: 'en_attente',
        created_by: 'utilisateur:of@cfa.test',
        created_at: '2026-11-20',
      },
    });
    const modifiee = vue('fo_2', input('CAP'));
    plan.appels = 0;
    const analyse = analyzeClasseur(
      [
        ligne(archivee, 0, { jaune: 'ligne' }, { debut: null, fin: null }),
        ligne(archivee, 1, { jaune: 'ligne' }, { debut: null, fin: null }),
        ligne(modifiee, 0, { rouges: ['intitule'] }, { intitule: 'CAP (modifié)' }),
      ],
      {
        annee: 2027,
        fenetre: FENETRE,
        formations: new Map([
          [archivee.id, archivee],
          [modifiee.id, modifiee],
        ]),
        parCle: new Map(),
        canWrite: () => true,
        apercu: true,
      },
    );
    expect(analyse.lignes.map((l) => [l.verdict, l.avertissements.map((a) => a.code)])).toEqual([
      ['fermee', ['CLASSEUR_FORMATION_ARCHIVEE', 'CLASSEUR_REVISION_ABANDONNEE']],
      ['fermee', ['CLASSEUR_FORMATION_ARCHIVEE', 'CLASSEUR_REVISION_ABANDONNEE']],
      ['modifiee', []],
    ]);
    // The analysis planned each formation once (it was fo_1 twice: the revision check, the notice).
    expect(plan.appels).toBe(2);
    // What the service then reads for its checks and its writes: the same plan.
    const ecritures = [...analyse.cibles.values()].map((c) => analyse.ecriture(c));
    expect(ecritures.map((e) => [e.id, e.archiver, e.revisionAbandonnee?.statut ?? null])).toEqual([
      ['fo_1', true, 'en_attente'],
      ['fo_2', false, null],
    ]);
    expect([...analyse.cibles.values()].map((c) => analyse.ecriture(c))).toEqual(ecritures);
    expect(plan.appels).toBe(2);
  });
});
