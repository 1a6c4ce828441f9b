import type {
  CertificationFact,
  CommuneAncienneFact,
  CommuneFact,
  HabilitationFact,
  LoadedReferences,
  OrganismeDeclareFact,
  Provenance,
} from '../referentiel.ts';
import { indexCommunesAnciennes } from './lieu-commune.regle.ts';
import type {
  ContexteControle,
  FaitsReference,
  FormationAControler,
  OrganismeAControler,
  SessionAControler,
} from './types.ts';

// Test fixtures for the rules, built through the production types: a compliant BTS formation and
// the reference facts that make it compliant. Tests derive failing cases by overriding one thing.

export const run = (run_id: number, kind: string, fichier: string): Provenance => ({
  run_id,
  kind,
  fichier,
  date: '2026-01-15',
  importe_le: '2026-01-16T08:00:00.000Z',
});

export const RUNS = {
  rncp: run(1, 'rncp', 'export-fiches-csv-2026-01-15.zip'),
  bcn: run(2, 'bcn', 'N_FORMATION_DIPLOME.csv'),
  sirene: run(3, 'sirene', 'StockEtablissement.csv'),
  lpof: run(4, 'lpof', 'liste-publique-of.csv'),
  communes: run(5, 'communes', 'communes.csv'),
} as const;

export const TOUS_CHARGES: LoadedReferences = {
  rncp: RUNS.rncp,
  bcn: RUNS.bcn,
  mef: null,
  sirene: RUNS.sirene,
  lpof: RUNS.lpof,
  acce: null,
  communes: RUNS.communes,
};
export const RIEN_CHARGE: LoadedReferences = {
  rncp: null,
  bcn: null,
  mef: null,
  sirene: null,
  lpof: null,
  acce: null,
  communes: null,
};

// 13002526500013 and 19350936100013 are valid Luhn SIRETs.
export const SIRET_RESP = '13002526500013';
export const SIRET_FORM = '19350936100013';

export function organisme(siret: string, o: Partial<OrganismeAControler> = {}): OrganismeAControler {
  return {
    siret,
    siren: siret.slice(0, 9),
    uai: '0350936C',
    nda: '53350000035',
    raison_sociale: 'CFA Test',
    code_insee: '35238',
    lat: null,
    lon: null,
    contacts: [],
    ...o,
  };
}

export function session(o: Partial<SessionAControler> = {}): SessionAControler {
  return {
    id: 's1',
    debut: '2026-09-01',
    fin: '2028-06-30',
    etat_recrutement: 'ouvert',
    code_postal: '35000',
    commune: 'Rennes',
    cedex: null,
    code_insee: '35238',
    uai_lieu: null,
    lat: null,
    lon: null,
    financeur: null,
    numero_marche: null,
    date_notification_marche: null,
    saisie_le: '2026-03-01',
    contact: null,
    ...o,
  };
}

export function formation(o: Partial<FormationAControler> = {}): FormationAControler {
  return {
    id: 'f1',
    cle_externe: 'BTS-MCO',
    siren_proprietaire: SIRET_RESP.slice(0, 9),
    statut: 'publiee',
    intitule: 'BTS Management commercial opérationnel',
    objectif: 'Former des managers.',
    code_rncp: 'RNCP38362',
    code_cfd: '32031213',
    responsable: organisme(SIRET_RESP),
    formateur: organisme(SIRET_FORM, { uai: '0350001L', code_insee: '35238' }),
    formation_continue: false,
    contrat_professionnalisation: true,
    contrat_apprentissage: true,
    annees_apprentissage: [1, 2],
    duree_annees: 2,
    financeurs: [],
    contacts: [
      { type: 'referent_handicap', nom: 'Mme Dupont', telephone: null, courriel: 'handicap@cfa.fr' },
      { type: 'accueil', nom: 'Accueil', telephone: '0299000000', courriel: null },
    ],
    sessions: [session()],
    ...o,
  };
}

const cert = (
  c: Partial<CertificationFact> & { code: string; type: CertificationFact['type'] },
): CertificationFact => ({
  intitule: 'Management commercial opérationnel',
  niveau: '5',
  type_diplome: 'BTS',
  type_enregistrement: 'droit',
  actif: true,
  date_debut: '2024-01-01',
  date_fin: '2029-12-31',
  ouvert_apprentissage: true,
  successeurs: [],
  provenance: c.type === 'cfd' ? RUNS.bcn : RUNS.rncp,
  ...c,
});

export const CERT_RNCP = cert({ type: 'rncp', code: 'RNCP38362' });
export const CERT_CFD = cert({ type: 'cfd', code: '32031213' });
/** A title registered « sur demande » (no diploma type): its rules ask for its certifier's habilitations. */
export const CERT_SUR_DEMANDE = cert({
  type: 'rncp',
  code: 'RNCP37000',
  type_diplome: null,
  type_enregistrement: 'sur_demande',
  niveau: '6',
  ouvert_apprentissage: true,
});

/** The habilitations of CERT_SUR_DEMANDE: one active, of `siret` as `role`. */
export const habilitationsSurDemande = (
  siret: string,
  role: HabilitationFact['role'],
  habilitation: string | null = null,
): FaitsReference['habilitations'] =>
  new Map([
    [
      CERT_SUR_DEMANDE.code,
      [{ code: CERT_SUR_DEMANDE.code, siret, role, habilitation, actif: true, provenance: RUNS.rncp }],
    ],
  ]);

const rennes: CommuneFact = {
  code_insee: '35238',
  code_postal: '35000',
  nom: 'Rennes',
  lat: 48.1159,
  lon: -1.6884,
};
const brest: CommuneFact = {
  code_insee: '29019',
  code_postal: '29200',
  nom: 'Brest',
  lat: 48.4084,
  lon: -4.4998,
};

const od = (siret: string, qualiopi: boolean): OrganismeDeclareFact => ({
  nda: '53350000035',
  siren: siret.slice(0, 9),
  siret,
  qualiopi_apprentissage: qualiopi,
  provenance: RUNS.lpof,
});

export interface FaitsOptions {
  charges?: LoadedReferences;
  certifications?: CertificationFact[];
  etats?: Record<string, 'A' | 'F'>;
  declares?: OrganismeDeclareFact[];
  habilitations?: FaitsReference['habilitations'];
  mef?: FaitsReference['mef'];
  voisines?: FaitsReference['voisines'];
  communes?: CommuneFact[];
  anciennes?: CommuneAncienneFact[];
  marches?: FaitsReference['marches'];
  /** The names Offre knows, by SIRET (none by default: messages name the SIRET alone). */
  noms?: Record<string, string>;
}

export function faits(o: FaitsOptions = {}): FaitsReference {
  const communes = [rennes, brest, ...(o.communes ?? [])];
  const group = <T>(xs: T[], k: (x: T) => string) => {
    const m = new Map<string, T[]>();
    for (const x of xs) m.set(k(x), [...(m.get(k(x)) ?? []), x]);
    return m;
  };
  const etats = o.etats ?? { [SIRET_RESP]: 'A', [SIRET_FORM]: 'A' };
  const declares = o.declares ?? [od(SIRET_RESP, true)];
  return {
    charges: o.charges ?? TOUS_CHARGES,
    certifications: new Map((o.certifications ?? [CERT_RNCP, CERT_CFD]).map((c) => [c.code, c])),
    habilitations: o.habilitations ?? new Map(),
    mef: o.mef ?? new Map(),
    etablissements: new Map(
      Object.entries(etats).map(([siret, etat]) => [
        siret,
        { siret, siren: siret.slice(0, 9), etat, code_commune: '35238', provenance: RUNS.sirene },
      ]),
    ),
    organismesDeclaresParSiret: group(
      declares.filter((d) => d.siret),
      (d) => d.siret!,
    ),
    organismesDeclaresParSiren: group(declares, (d) => d.siren),
    communesParInsee: group(communes, (c) => c.code_insee),
    communesParCodePostal: group(communes, (c) => c.code_postal),
    communesAnciennes: indexCommunesAnciennes(o.anciennes ?? []),
    marches: o.marches ?? new Map(),
    voisines: o.voisines ?? new Map(),
    noms: new Map(Object.entries(o.noms ?? {})),
  };
}

export { cert as certification, od as organismeDeclare };

export function contexte(f: FaitsReference = faits(), aujourdhui = '2026-03-15'): ContexteControle {
  return {
    faits: f,
    campagne: { annee: 2026, fenetre_debut: '2026-08-01', fenetre_fin: '2027-07-31' },
    aujourdhui,
  };
}
