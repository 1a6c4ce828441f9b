import { describe, expect, it } from 'vitest';
import { diff } from '../../src/domain/diff.ts';
import type { FormationSnap, SessionSnap } from '../../src/domain/formation.snapshot.ts';
import { libelleDuChamp, lignesHistorique, nomDuChamp } from '../../src/http/web/espace/historique.ts';

// A fresh user's report (02/12): small defects across the pages, each proven here or in the test
// file of the page it belongs to.

/** Every leaf of the write model filled, so that changing each one opens every path of the diff. */
const org = (siret: string) => ({ siret, uai: '0750001A', raison_sociale: 'CFA', nda: '11750000075' });
const evenement = { date: '2027-01-10', lieu: 'Paris', libelle: 'Réunion' };
const session: SessionSnap = {
  id: 'se_1',
  cle_externe: 'S1',
  debut: '2027-09-01',
  fin: '2028-06-30',
  etat_recrutement: 'ouvert',
  capacite: 12,
  entree_sortie: 'dates_fixes',
  lieu: {
    adresse: '1 rue A',
    code_postal: '75001',
    commune: 'Paris',
    cedex: null,
    code_insee: '75101',
    uai: '0750001A',
    lat: 48.8,
    lon: 2.3,
  },
  contact: { nom: 'A', telephone: '0102030405', courriel: 'a@b.fr' },
  financeur: 'region',
  numero_marche: 'M1',
  date_notification_marche: '2027-01-01',
  reunions_information: [evenement],
  bilans: [evenement],
  archivee: false,
};
const avant: FormationSnap = {
  cle_externe: 'F1',
  intitule: 'Intitulé',
  objectif: 'Objectif',
  contenu: 'Contenu',
  url: 'https://a.fr',
  certification: { rncp: 'RNCP1', cfd: '50000001', certifinfo: '1' },
  responsable: org('13002526500013'),
  formateur: org('13002526500021'),
  mandataire: org('13002526500039'),
  contacts: [{ type: 'pedagogique', nom: 'A', telephone: null, courriel: 'a@b.fr' }],
  modalites: {
    formation_continue: true,
    contrat_professionnalisation: true,
    contrat_apprentissage: true,
    annees_apprentissage: [1],
    duree_annees: 2,
  },
  financeurs: ['region'],
  sessions: [session],
};

/** Another value for every leaf (strings, numbers, booleans, arrays, nulls). */
function autre(v: unknown): unknown {
  if (v === null || typeof v === 'string') return `${v ?? ''}x`;
  if (typeof v === 'number') return v + 1;
  if (typeof v === 'boolean') return !v;
  if (Array.isArray(v)) {
    // Arrays keyed by id keep their ids (the diff opens them); others change as a whole.
    if (v.every((x) => typeof x === 'object' && x && 'id' in x))
      return v.map((x) => ({ ...(autre(x) as object), id: (x as { id: string }).id }));
    return [...v, v[0]];
  }
  return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, autre(x)]));
}

describe('the history (« Historique ») names every field in French', () => {
  const changes = diff(avant, autre(avant));
  const dansLeModele = [...changes, ...diff({}, avant)].map((c) => c.champ);

  it('opens every leaf of the write model (the test reaches the paths it must)', () => {
    expect(dansLeModele).toContain('certification.rncp');
    expect(dansLeModele).toContain('responsable.siret');
    expect(dansLeModele).toContain('sessions[se_1].lieu.code_postal');
  });

  it.each([
    ['certification.rncp', 'Certification (RNCP)'],
    ['certification.cfd', 'Certification (CFD)'],
    ['responsable.siret', 'SIRET du responsable'],
    ['formateur.siret', 'SIRET du formateur'],
    ['sessions[se_1].lieu.code_postal', 'Session sans dates : code postal du lieu'],
  ])('%s → « %s »', (champ, libelle) => {
    expect(nomDuChamp(champ)).toBe(libelle);
  });

  it('every path the history can hold has a label, never the raw path', () => {
    const extra = ['statut', 'commentaire_gestionnaire', 'commentaire'];
    expect([...dansLeModele, ...extra].filter((champ) => !libelleDuChamp(champ))).toEqual([]);
    // The lines shown say the labels, too.
    const noms = lignesHistorique(changes).map((l) => l.champ);
    expect(noms).toContain('SIRET du responsable');
    expect(noms.filter((n) => /[._]/.test(n))).toEqual([]);
  });
});

// A fresh user's report (02/12): « ouvert → ferme » in a formation's history, the stored code.
describe('the history reads coded values in French', () => {
  it('recruitment state, entries and exits, funders: their labels, never the stored code', () => {
    const apres: FormationSnap = {
      ...avant,
      financeurs: ['opco'],
      sessions: [
        { ...session, etat_recrutement: 'ferme', entree_sortie: 'permanente', financeur: 'agefiph' },
      ],
    };
    const lignes = lignesHistorique(diff(avant, apres)).map((l) => `${l.champ} : ${l.avant} → ${l.apres}`);
    expect(lignes.sort()).toEqual([
      'Financeurs : Région → Opérateur de compétences',
      'Session sans dates : entrées et sorties : à dates fixes → permanentes',
      'Session sans dates : financeur : Région → Agefiph',
      'Session sans dates : recrutement : ouvert → fermé',
    ]);
  });
});
