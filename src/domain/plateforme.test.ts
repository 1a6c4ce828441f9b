import { describe, expect, it, vi } from 'vitest';
import {
  appliquer,
  decisionEnCours,
  type EtatPlateforme,
  identiteOffre,
  LIBELLES_STATUTS,
  libelleStatutPlateforme,
  nouvelleDuRetour,
  type RegleScope,
  recalculer,
  regleApplicable,
  STATUTS_PLATEFORME,
  type StatutPlateforme,
  typeCouvert,
} from './plateforme.ts';

const regle = (o: Partial<RegleScope>): RegleScope => ({
  id: 1,
  plateforme: 'parcoursup',
  niveau: null,
  type_diplome: null,
  duree: null,
  annee_entree: null,
  academie: null,
  statut: 'a_publier',
  priorite: 100,
  actif: true,
  ...o,
});
const offre = { niveau: '5', type_diplome: 'BTS', duree: 2, annee_entree: 1, academies: ['14'] };
const eligible = { eligible: true, statutScope: 'a_publier' };

describe('scope rules', () => {
  it('picks the highest-priority active rule whose criteria all match', () => {
    const regles = [
      regle({ id: 1, type_diplome: 'BTS' }),
      regle({ id: 2, type_diplome: 'BTS', academie: '14', statut: 'non_publiable', priorite: 200 }),
      regle({ id: 3, type_diplome: 'BTS', academie: '01', statut: 'a_publier_validation', priorite: 300 }),
      regle({ id: 4, type_diplome: 'BTS', priorite: 500, actif: false }),
    ];
    expect(regleApplicable(regles, 'parcoursup', offre)?.id).toBe(2);
    expect(regleApplicable(regles, 'affelnet', offre)).toBeNull();
    expect(regleApplicable(regles, 'parcoursup', { ...offre, academies: ['25'] })?.id).toBe(1);
  });
});

describe('typeCouvert', () => {
  // The definition: both types without accents, upper-cased, whitespace collapsed and trimmed;
  // equal, or the offer's type in the rule's family (FAMILLES_DIPLOME).
  const canon = (t: string) =>
    t
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .replace(/\s+/g, ' ')
      .trim();
  const familles: Record<string, string> = { 'LICENCE PRO': 'LICENCE', TP: 'TITRE' };
  const types = [
    'BTS',
    'bts',
    ' Bts ',
    'LICENCE',
    'Licence  pro',
    'LICENCE PRO',
    'licence',
    'TP',
    't p',
    'titre',
    'TITRE',
    'Diplôme d’État',
    'DIPLOME D’ETAT',
    'CAP',
    'Bac pro',
    'BAC\tPRO',
    'é',
    'E',
    '',
  ];

  it('says what the definition says, for every pair of types', () => {
    for (const r of types)
      for (const o of [...types, null]) {
        const attendu = o !== null && (canon(r) === canon(o) || familles[canon(o)] === canon(r));
        expect(typeCouvert(r, o), `${r} / ${o}`).toBe(attendu);
      }
  });

  // Called for every scope rule, platform and formation of a recomputation (an import of 3,500
  // formations: docs/mesures.md, « Classeur appliqué : … les types de diplôme des règles de
  // périmètre »): a type met again is not normalised again.
  it('normalises a type met again once', () => {
    const r = `Licence ${String(Math.random()).replace('.', '')}`;
    const normalize = vi.spyOn(String.prototype, 'normalize');
    try {
      for (let i = 0; i < 50; i++) expect(typeCouvert(r, 'BTS')).toBe(false);
      expect(normalize.mock.calls.length).toBeLessThanOrEqual(2);
    } finally {
      normalize.mockRestore();
    }
  });
});

describe('status machine', () => {
  it('goes from non_publiable to the scope status and back', () => {
    const a = recalculer(null, eligible, 2026);
    expect(a.statut).toBe('a_publier');
    expect(recalculer(a, { eligible: false, statutScope: 'a_publier' }, 2026).statut).toBe('non_publiable');
    expect(recalculer(null, { eligible: true, statutScope: null }, 2026).statut).toBe('non_publiable');
  });

  it('instructor publishes, the platform returns publie, then rejet with the corrective action', () => {
    let e = recalculer(null, eligible, 2026);
    e = appliquer('parcoursup', e, { type: 'publier' }, 2026);
    expect(e.statut).toBe('pret_pour_integration');
    expect(recalculer(e, eligible, 2026).statut).toBe('pret_pour_integration');
    e = appliquer('parcoursup', e, { type: 'retour_publie', id_plateforme: 'PS-42' }, 2026);
    expect([e.statut, e.id_plateforme, e.publie_annee]).toEqual(['publie', 'PS-42', 2026]);
    e = appliquer(
      'parcoursup',
      e,
      { type: 'retour_rejet', motif: 'UAI inconnu', action_corrective: 'Corriger l’UAI' },
      2026,
    );
    expect([e.statut, e.motif, e.action_corrective]).toEqual([
      'rejet_publication',
      'UAI inconnu',
      'Corriger l’UAI',
    ]);
  });

  it('refuses a transition the machine does not allow', () => {
    const e = recalculer(null, { eligible: false, statutScope: null }, 2026);
    expect(() => appliquer('affelnet', e, { type: 'publier' }, 2026)).toThrow(/impossible de publier/);
    expect(() => appliquer('affelnet', e, { type: 'retour_publie', id_plateforme: null }, 2026)).toThrow(
      /Affelnet/,
    );
    expect(() => appliquer('affelnet', e, { type: 'non_publier', motif: ' ' }, 2026)).toThrow(/motif/);
  });

  it('instructor decisions are sticky until taken back', () => {
    let e: EtatPlateforme = appliquer(
      'parcoursup',
      recalculer(null, eligible, 2026),
      { type: 'non_publier', motif: 'Capacité insuffisante' },
      2026,
    );
    e = recalculer(e, eligible, 2026);
    expect([e.statut, e.motif]).toEqual(['non_publie', 'Capacité insuffisante']);
    e = recalculer(e, { eligible: false, statutScope: null }, 2027);
    expect(e.statut).toBe('non_publie');
    e = appliquer('parcoursup', e, { type: 'reprendre' }, 2027);
    expect(recalculer(e, eligible, 2027).statut).toBe('a_publier');
    expect(appliquer('parcoursup', e, { type: 'mettre_en_attente', motif: null }, 2027).statut).toBe(
      'en_attente_mise_a_jour',
    );
  });

  /** Published on Affelnet in `annee`: the instructeur's « Publier », then the platform's return. */
  const publieeEn = (annee: number) =>
    appliquer(
      'affelnet',
      appliquer('affelnet', recalculer(null, eligible, annee), { type: 'publier' }, annee),
      { type: 'retour_publie', id_plateforme: 'A1' },
      annee,
    );

  it('an offer published last campaign is ready for integration automatically', () => {
    const e = recalculer(publieeEn(2025), eligible, 2026);
    expect([e.statut, e.annee]).toEqual(['pret_pour_integration', 2026]);
    expect(
      recalculer({ ...e, publie_annee: 2024, statut: 'publie', annee: 2024 }, eligible, 2026).statut,
    ).toBe('a_publier');
  });

  // An offer renewed by the campaign rollover reaches « Prêt pour intégration » with no decision of
  // this campaign: the decision page's conflict box said « Publier » as if an instructeur chose it.
  it('says a renewed offer was renewed automatically, not « Publier »', () => {
    const publiee2025 = publieeEn(2025);
    const reconduite = recalculer(publiee2025, eligible, 2026);
    expect(reconduite.statut).toBe('pret_pour_integration');
    expect(decisionEnCours(reconduite)).toBe('Reconduite automatiquement (publiée la campagne précédente)');
    const rejetee = appliquer(
      'affelnet',
      reconduite,
      { type: 'retour_rejet', motif: 'UAI inconnu', action_corrective: null },
      2026,
    );
    expect(decisionEnCours(rejetee)).toBe('Reconduite automatiquement (publiée la campagne précédente)');
    // An instructeur's « Publier » of this campaign stays one, and last campaign's too.
    expect(
      decisionEnCours(appliquer('affelnet', recalculer(null, eligible, 2026), { type: 'publier' }, 2026)),
    ).toBe('Publier');
    expect(decisionEnCours(publiee2025)).toBe('Publier');
  });

  it('has a label for every status code', () => {
    for (const s of STATUTS_PLATEFORME) expect(LIBELLES_STATUTS[s].length).toBeGreaterThan(3);
  });

  it('tells a return that is news: a publication, a rejection with a new motif or correction', () => {
    const etat = (statut: StatutPlateforme, motif: string | null = null, ac: string | null = null) => ({
      statut,
      motif,
      action_corrective: ac,
      id_plateforme: statut === 'publie' ? 'PS-1' : null,
    });
    expect(nouvelleDuRetour(etat('pret_pour_integration'), etat('publie'))).toEqual({
      type: 'publiee',
      idPlateforme: 'PS-1',
    });
    expect(nouvelleDuRetour(etat('publie'), etat('publie'))).toBeNull();
    expect(nouvelleDuRetour(etat('publie'), etat('rejet_publication', 'UAI', 'ACCE'))).toEqual({
      type: 'rejetee',
      motif: 'UAI',
      actionCorrective: 'ACCE',
    });
    expect(
      nouvelleDuRetour(etat('rejet_publication', 'UAI', 'ACCE'), etat('rejet_publication', 'UAI', 'ACCE')),
    ).toBeNull();
    expect(
      nouvelleDuRetour(etat('rejet_publication', 'UAI'), etat('rejet_publication', 'Fermée'))?.type,
    ).toBe('rejetee');
    expect(
      nouvelleDuRetour(etat('rejet_publication', 'UAI'), etat('rejet_publication', 'UAI', 'ACCE'))?.type,
    ).toBe('rejetee');
    // Anything else (a decision, a recomputation) is not a return's news.
    expect(nouvelleDuRetour(etat('publie'), etat('non_publie'))).toBeNull();
  });

  it('reads a status code in words, an unknown code as it is', () => {
    expect(libelleStatutPlateforme('rejet_publication')).toBe('Rejet de publication');
    expect(libelleStatutPlateforme('code_futur')).toBe('code_futur');
  });

  it('identity: external key first, else certification + responsable + places', () => {
    const base = {
      siren_proprietaire: '130025265',
      code_rncp: 'RNCP1',
      code_cfd: null,
      responsable_siret: '13002526500013',
      lieux: ['35238', null, '29019', '35238'],
    };
    expect(identiteOffre({ ...base, cle_externe: 'X1' })).toBe('cle:130025265:X1');
    expect(identiteOffre({ ...base, cle_externe: null })).toBe('cert:RNCP1||13002526500013|29019,35238');
  });
});
