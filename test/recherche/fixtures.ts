import type { AppContext } from '../../src/context.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { FormationInputSchema } from '../../src/domain/formation.schema.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIRET_A, SIRET_B, setCatalogue } from '../api/helpers.ts';

// A small search fixture: real communes (INSEE COG 2024 codes, WGS84 centroids, arrondissements as
// the communes reference lists them: the city line without coordinates), certifications, and a dozen
// formations written through the formation service, published in the Catalogue général.

const COMMUNES: readonly LigneCommune[] = [
  ['44109', '44000', 'Nantes', '44', '52', 47.2184, -1.5536],
  ['44143', '44400', 'Rezé', '44', '52', 47.1833, -1.55],
  ['44162', '44800', 'Saint-Herblain', '44', '52', 47.2122, -1.6497],
  ['49007', '49000', 'Angers', '49', '52', 47.4784, -0.5632],
  ['53130', '53000', 'Laval', '53', '52', 48.0733, -0.77],
  ['58194', '58000', 'Nevers', '58', '27', 46.9908, 3.159],
  ['69383', '69003', 'Lyon 3e Arrondissement', '69', '84', 45.7597, 4.8422],
  ['69387', '69007', 'Lyon 7e Arrondissement', '69', '84', 45.7458, 4.8403],
  ['69123', '69003', 'Lyon', '69', '84', null, null],
  ['69123', '69007', 'Lyon', '69', '84', null, null],
  ['13201', '13001', 'Marseille 1er Arrondissement', '13', '93', 43.3002, 5.3828],
  ['13055', '13001', 'Marseille', '13', '93', null, null],
  ['75111', '75011', 'Paris 11e Arrondissement', '75', '11', 48.859, 2.38],
  ['75056', '75011', 'Paris', '75', '11', null, null],
  ['75115', '75015', 'Paris 15e Arrondissement', '75', '11', 48.8417, 2.2937],
  ['75056', '75015', 'Paris', '75', '11', null, null],
] as const;

// Real codes (BCN CFDs, RNCP fiches; RNCP38362: the BTS MCO fiche of 2023, after the 2024 kit).
const CERTIFICATIONS: readonly LigneCertification[] = [
  ['cfd', '50022137', 'CAP Boulanger', '3', 'CAP'],
  ['rncp', 'RNCP37537', 'CAP Boulanger', '3', 'CAP'],
  ['rncp', 'RNCP38362', 'BTS Management commercial opérationnel', '5', 'BTS'],
  ['cfd', '32031213', 'BTS Management commercial opérationnel', '5', 'BTS'],
  ['rncp', 'RNCP37098', 'Vendeur conseil en magasin', '4', 'TP'],
  ['cfd', '45033608', 'BP Coiffure', '4', 'BP'],
  ['cfd', '50022136', 'CAP Pâtissier', '3', 'CAP'],
  ['cfd', '32031408', 'BTS Comptabilité et gestion', '5', 'BTS'],
] as const;

type Lieu = {
  code_insee: string;
  /** The place's postal code when not the commune's first in COMMUNES (null: none given). */
  code_postal?: string | null;
  coords?: boolean;
  /** The place's UAI (an establishment's). */
  uai?: string;
  ferme?: boolean;
  debut?: string;
  /** Its end ('YYYY-MM-DD'; 2029-06-30 unless given). */
  fin?: string;
  /** A contact for prescribers on the session (shown to professionals only on the pages). */
  contact?: string;
  /** Information meetings of the session ('YYYY-MM-DD'). */
  reunions?: string[];
  /** A conventionné session: its public funder and market number. */
  financeur?: string;
  numero_marche?: string;
};

export interface Fixture {
  cle: string;
  intitule: string;
  rncp?: string;
  cfd?: string;
  siret?: string;
  organisme?: string;
  objectif?: string;
  lieux: Lieu[];
  brouillon?: boolean;
  apprentissage?: boolean;
  url?: string;
  contacts?: { type: string; nom: string; telephone?: string; courriel?: string }[];
}

export const FORMATIONS: Fixture[] = [
  {
    cle: 'CAP-BOUL-NANTES',
    intitule: 'CAP Boulanger',
    rncp: 'RNCP37537',
    cfd: '50022137',
    lieux: [{ code_insee: '44109' }],
    url: 'https://cfa-ouest.example/cap-boulanger',
    contacts: [
      {
        type: 'accueil',
        nom: 'Accueil du CFA',
        telephone: '0240000000',
        courriel: 'accueil@cfa-ouest.example',
      },
      { type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa-ouest.example' },
    ],
  },
  {
    cle: 'MC-BOUL-REZE',
    intitule: 'Boulanger en un an, mention boulangerie de quartier',
    rncp: 'RNCP37537',
    lieux: [{ code_insee: '44143', coords: false }],
  },
  {
    cle: 'BTS-MCO-LYON',
    intitule: 'BTS Management commercial opérationnel',
    rncp: 'RNCP38362',
    cfd: '32031213',
    objectif: 'Former des managers d’unité commerciale.',
    lieux: [{ code_insee: '69383' }],
  },
  {
    cle: 'TP-VENDEUR-LAVAL',
    intitule: 'Vendeur conseil en magasin',
    rncp: 'RNCP37098',
    lieux: [{ code_insee: '53130' }],
    apprentissage: false,
  },
  {
    cle: 'CAP-COIFFURE-NEVERS',
    intitule: 'BP Coiffure',
    cfd: '45033608',
    lieux: [{ code_insee: '58194', debut: '2025-09-01' }],
  },
  {
    cle: 'BACPRO-MSPC-MARSEILLE',
    intitule: 'Bac pro Maintenance des systèmes de production connectés',
    lieux: [{ code_insee: '13201' }],
  },
  {
    cle: 'TECH-MAINT-PARIS',
    intitule: 'Technicien de maintenance industrielle',
    siret: SIRET_B,
    organisme: 'Les Compagnons du Devoir',
    lieux: [{ code_insee: '75111' }],
  },
  {
    cle: 'CAP-PATISSIER-LYON',
    intitule: 'CAP Pâtissier',
    cfd: '50022136',
    siret: SIRET_B,
    organisme: 'Les Compagnons du Devoir',
    lieux: [{ code_insee: '69387' }],
  },
  {
    cle: 'BTS-CG-LAVAL',
    intitule: 'BTS Comptabilité et gestion',
    cfd: '32031408',
    lieux: [{ code_insee: '53130' }],
  },
  {
    cle: 'LP-MANAGEMENT-NANTES',
    intitule: 'Licence professionnelle Management des organisations',
    lieux: [{ code_insee: '44162' }],
  },
  {
    cle: 'CAP-BOUL-ANGERS',
    intitule: 'CAP Boulanger',
    cfd: '50022137',
    // A closed session (last year's, full) beside the open one: professionals only.
    lieux: [
      { code_insee: '49007' },
      { code_insee: '49007', ferme: true, debut: '2026-09-07', contact: 'Claire Prescription' },
    ],
  },
  {
    cle: 'CAP-BOUL-NEVERS-FERME',
    intitule: 'CAP Boulanger',
    cfd: '50022137',
    lieux: [{ code_insee: '58194', ferme: true }],
  },
  {
    cle: 'CAP-BOUL-BROUILLON',
    intitule: 'CAP Boulanger',
    cfd: '50022137',
    lieux: [{ code_insee: '44109' }],
    brouillon: true,
  },
];

/** A commune of the reference: INSEE code, postal code, name, département, région, WGS84 centroid, legal population. */
export type LigneCommune = readonly [
  code_insee: string,
  code_postal: string,
  nom: string,
  code_departement: string,
  code_region: string,
  lat: number | null,
  lon: number | null,
  population?: number,
];

/** Adds these communes to the reference (as the communes file would). */
export async function ajouterCommunes(ctx: AppContext, communes: readonly LigneCommune[]): Promise<void> {
  await ctx.db
    .insertInto('commune')
    .values(
      communes.map(([code_insee, code_postal, nom, code_departement, code_region, lat, lon, population]) => ({
        code_insee,
        code_postal,
        nom,
        code_departement,
        code_region,
        lat,
        lon,
        ...(population === undefined ? {} : { population }),
      })),
    )
    .execute();
}

/** Sets the legal population (communes file, `population_2021`) of communes already there, by INSEE code. */
export async function fixerPopulations(
  ctx: AppContext,
  populations: readonly (readonly [code_insee: string, population: number])[],
): Promise<void> {
  for (const [code, population] of populations)
    await ctx.db.updateTable('commune').set({ population }).where('code_insee', '=', code).execute();
}

/** A certification of the reference: type (rncp, cfd), code, title, level, diploma type as the source writes it. */
export type LigneCertification = readonly [
  type: string,
  code: string,
  intitule: string,
  niveau: string,
  type_diplome: string,
];

/** Adds these certifications to the reference (as the RNCP and BCN imports would). */
export async function ajouterCertifications(
  ctx: AppContext,
  certifications: readonly LigneCertification[],
): Promise<void> {
  await ctx.db
    .insertInto('certification')
    .values(
      certifications.map(([type, code, intitule, niveau, type_diplome]) => ({
        type,
        code,
        intitule,
        niveau,
        type_diplome,
      })),
    )
    .execute();
}

/**
 * Loads the fixture, with `communes` beyond its own (where the `autres` formations may take place);
 * returns the formation ids by cle_externe.
 */
export async function loadFixture(
  ctx: AppContext,
  autres: readonly Fixture[] = [],
  communes: readonly LigneCommune[] = [],
): Promise<Map<string, string>> {
  await ajouterCommunes(ctx, [...COMMUNES, ...communes]);
  await ajouterCertifications(ctx, CERTIFICATIONS);
  await ctx.db
    .insertInto('certification_lien')
    .values([
      { cfd: '50022137', rncp: 'RNCP37537' },
      { cfd: '32031213', rncp: 'RNCP38362' },
    ])
    .execute();
  const ids = new Map<string, string>();
  const admin = SYSTEME('test');
  for (const f of [...FORMATIONS, ...autres]) {
    const input = FormationInputSchema.parse({
      cle_externe: f.cle,
      intitule: f.intitule,
      objectif: f.objectif,
      url: f.url,
      contacts: f.contacts ?? [],
      certification: { rncp: f.rncp, cfd: f.cfd },
      responsable: { siret: f.siret ?? SIRET_A, raison_sociale: f.organisme ?? 'CFA de l’Ouest' },
      formateur: { siret: f.siret ?? SIRET_A },
      modalites: { contrat_apprentissage: f.apprentissage ?? true, annees_apprentissage: [] },
      sessions: f.lieux.map((l, i) => {
        const c = [...COMMUNES, ...communes].find((x) => x[0] === l.code_insee)!;
        return {
          cle_externe: `S${i}`,
          debut: l.debut ?? '2027-09-06',
          fin: l.fin ?? '2029-06-30',
          etat_recrutement: l.ferme ? 'ferme' : 'ouvert',
          bilans: [{ date: '2028-01-15', libelle: 'Bilan de mi-parcours' }],
          reunions_information: (l.reunions ?? []).map((date) => ({
            date,
            libelle: 'Réunion d’information',
          })),
          ...(l.contact ? { contact: { nom: l.contact, telephone: '0241000000' } } : {}),
          ...(l.financeur ? { financeur: l.financeur, numero_marche: l.numero_marche ?? null } : {}),
          lieu: {
            code_insee: c[0],
            code_postal: l.code_postal === undefined ? c[1] : l.code_postal,
            commune: c[2],
            ...(l.uai ? { uai: l.uai } : {}),
            ...(l.coords === false ? {} : { lat: c[5], lon: c[6] }),
          },
        };
      }),
    });
    const r = await ctx.db
      .transaction()
      .execute((trx) =>
        saveFormationTx(
          trx,
          admin,
          input,
          f.brouillon ? { now: new Date() } : { now: new Date(), statut: 'publiee' },
        ),
      );
    if (!f.brouillon) await setCatalogue(ctx, r.id, 'general');
    ids.set(f.cle, r.id);
  }
  return ids;
}
