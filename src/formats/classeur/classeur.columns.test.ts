import { describe, expect, it } from 'vitest';
import { champsObligatoiresManquants } from '../../domain/champs-obligatoires.ts';
import type { FormationInput } from '../../domain/formation.schema.ts';
import type { FormationVue } from './classeur.cibles.ts';
import { type CleColonne, colonnesClasseur, colonnesDeLaRegle, colonnesDuChamp } from './classeur.columns.ts';
import { scheduleMaj } from './classeur.plan.ts';
import { lieuxDe, valeursFormation, valeursLieu } from './classeur.rows.ts';

// One correspondence between the workbook's columns and the store's fields (each column's
// `champs`): what the plan writes for a column is what the column says it writes, and what the
// preview names for a store refusal (colonnesDuChamp) is read from it.

const FENETRE = { debut: '2027-08-01', fin: '2028-07-31' };
const COLONNES = colonnesClasseur(2027);

const input: FormationInput = {
  intitule: 'BTS MCO',
  objectif: 'Manager',
  certification: { rncp: 'RNCP38368', cfd: '32031212' },
  responsable: { siret: '13002526500013', uai: '0693446W' },
  formateur: { siret: '13002526500013', uai: '0693446W' },
  contacts: [
    { type: 'accueil', nom: 'Accueil', telephone: '01 02 03 04 05', courriel: 'accueil@cfa.fr' },
    { type: 'referent_handicap', nom: 'Réf', courriel: 'ref@cfa.fr' },
  ],
  modalites: {
    annees_apprentissage: [1, 2],
    duree_annees: 2,
    contrat_apprentissage: true,
    contrat_professionnalisation: false,
    formation_continue: true,
  },
  financeurs: [],
  sessions: [
    {
      id: 'se_1',
      debut: '2027-09-01',
      fin: '2029-06-30',
      etat_recrutement: 'ouvert',
      capacite: 24,
      lieu: { adresse: '1 rue', code_postal: '69001', commune: 'Lyon', uai: '0690001A' },
      reunions_information: [],
      bilans: [],
    },
  ],
};
const vue: FormationVue = {
  id: 'fo_1',
  statut: 'brouillon',
  siren: '130025265',
  input,
  diffusees: new Set(),
  enRevision: false,
};

/** A value of each column other than the stored one. */
const AUTRE: Record<Exclude<CleColonne, 'reference'>, string> = {
  intitule: 'Autre intitulé',
  objectif: 'Autre objectif',
  rncp: 'RNCP1',
  cfd: '12345678',
  siretResponsable: '35600000000048',
  uaiResponsable: '0750001A',
  siretFormateur: '35600000000048',
  uaiFormateur: '0750001A',
  adresse: '3 rue',
  codePostal: '69003',
  commune: 'Villeurbanne',
  uaiLieu: '0690002B',
  duree: '3',
  annees: '1,2,3',
  contratPro: 'oui',
  formationContinue: 'non',
  capacite: '30',
  contactNom: 'Autre',
  contactTelephone: '06 07 08 09 10',
  contactCourriel: 'autre@cfa.fr',
  handicapNom: 'Autre réf',
  handicapCourriel: 'autre.ref@cfa.fr',
  debut: '2027-09-02',
  fin: '2029-06-29',
};

/** The leaf paths (a list of values is one) whose value differs between `a` and `b`, a list's index written `*`. */
function differences(a: unknown, b: unknown, chemin = ''): string[] {
  const objet = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !(Array.isArray(x) && x.every((e) => typeof e !== 'object'));
  if (!objet(a) || !objet(b)) return JSON.stringify(a) === JSON.stringify(b) ? [] : [chemin];
  const cles = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...cles].flatMap((k) =>
    differences(a[k], b[k], `${chemin ? `${chemin}.` : ''}${/^\d+$/.test(k) ? '*' : k}`),
  );
}

/** What the plan writes when one row changes `cle` alone. */
function ecritPour(cle: Exclude<CleColonne, 'reference'>): string[] {
  const lieu = lieuxDe(input, FENETRE)[0]!;
  const valeurs = { ...valeursFormation(input), ...valeursLieu(lieu), [cle]: AUTRE[cle] };
  const formation = COLONNES.find((c) => c.cle === cle)!.portee === 'formation';
  const { input: apres } = scheduleMaj(
    vue,
    {
      formationId: vue.id,
      cleExterne: null,
      lignes: [{ ligne: 2, valeurs, fermer: false, lieu, changements: formation ? [cle] : [] }],
    },
    FENETRE,
  );
  return [...new Set(differences(input, apres))];
}

describe('classeur columns ↔ store fields', () => {
  it('every column but the reference names the store fields it writes', () => {
    for (const c of COLONNES)
      expect(c.champs.length > 0, `${c.cle} sans champ du store`).toBe(c.cle !== 'reference');
  });

  it('the plan writes, for each column, exactly the fields the column names (and a refusal of them names it)', () => {
    for (const c of COLONNES) {
      if (c.cle === 'reference') continue;
      const ecrits = ecritPour(c.cle as Exclude<CleColonne, 'reference'>);
      expect(ecrits, c.cle).toEqual([...c.champs]);
      for (const champ of ecrits)
        expect(
          colonnesDuChamp(COLONNES, champ).map((x) => x.cle),
          `${champ} (${c.cle})`,
        ).toContain(c.cle);
    }
  });

  it('a store refusal names the columns of its field: its object, or its modalité', () => {
    const noms = (champ: string) => colonnesDuChamp(COLONNES, champ).map((c) => c.cle);
    expect(noms('intitule')).toEqual(['intitule']);
    expect(noms('certification.rncp')).toEqual(['rncp', 'cfd']);
    expect(noms('responsable.siret')).toEqual(['siretResponsable', 'uaiResponsable']);
    expect(noms('modalites.duree_annees')).toEqual(['duree']);
    expect(noms('contacts.1.courriel')).toEqual([
      'contactNom',
      'contactTelephone',
      'contactCourriel',
      'handicapNom',
      'handicapCourriel',
    ]);
    expect(noms('sessions.0.lieu')).toEqual([
      'adresse',
      'codePostal',
      'commune',
      'uaiLieu',
      'capacite',
      'debut',
      'fin',
    ]);
    // The workbook writes every formation under an apprenticeship contract: no column.
    expect(noms('modalites.contrat_apprentissage')).toEqual([]);
  });

  it('every mandatory field the store can refuse, but the apprenticeship contract, has a column', () => {
    const manquants = champsObligatoiresManquants({
      intitule: null,
      objectif: null,
      formation_continue: null,
      contrat_professionnalisation: null,
      contrat_apprentissage: true,
      annees_apprentissage: [],
      duree_annees: null,
      responsable: null,
      formateur: null,
      contacts: [],
      sessions: [{ debut: null, fin: null, code_postal: null, commune: null, code_insee: null }],
    });
    expect(manquants.length).toBeGreaterThan(10);
    for (const { champ } of manquants)
      expect(colonnesDuChamp(COLONNES, champ).length, champ).toBeGreaterThan(0);
  });
});

describe('the columns of a conformity rule’s field (colonnesDeLaRegle)', () => {
  const cles = (champ: string | null) => colonnesDeLaRegle(colonnesClasseur(2027), champ).map((c) => c.cle);
  it('names the one column of a field, every column under a place, none for the formation', () => {
    expect(cles('formateur.siret')).toEqual(['siretFormateur']);
    expect(cles('responsable.siret')).toEqual(['siretResponsable']);
    expect(cles('certification.rncp')).toEqual(['rncp']);
    expect(cles('certification')).toEqual(['rncp', 'cfd']);
    // A session's index, written either way by the rules, is any session's.
    expect(cles('sessions[0].debut')).toEqual(['debut']);
    expect(cles('sessions.1.debut')).toEqual(['debut']);
    expect(cles('sessions[2].lieu.code_postal')).toEqual(['codePostal']);
    expect(cles('sessions[0].lieu')).toEqual(['adresse', 'codePostal', 'commune', 'uaiLieu']);
    expect(cles('sessions[0].numero_marche')).toEqual([]);
    expect(cles(null)).toEqual([]);
  });
});
