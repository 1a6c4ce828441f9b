// Demo formations: each one is generated from (seed, index) alone, so a chunk can be produced
// on demand (bulk load, COPY baseline) and the same seed always gives the same offer.

import { isoDay } from '../domain/dates.ts';
import {
  CERTIFICATIONS,
  type DemoCertification,
  EXPIREES,
  type Famille,
  PREFIXES,
} from './certifications.data.ts';
import { COMMUNES } from './communes.data.ts';
import { VOIES } from './noms.data.ts';
import { demoUai, personne, slug, telephone } from './organismes.ts';
import { type Rng, rng, subSeed } from './prng.ts';
import type {
  DemoContact,
  DemoEvenement,
  DemoFormation,
  DemoOrganisme,
  DemoSession,
  DemoStatut,
  FormationDefaut,
} from './types.ts';

// Same shape as src/domain/ids.ts (prefix, time part, random part) but drawn from the seeded PRNG.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
function base32(n: number, width: number): string {
  let s = '';
  for (let i = 0; i < width; i++) {
    s = ALPHABET[n % 32] + s;
    n = Math.floor(n / 32);
  }
  return s;
}
export function demoId(prefix: string, ms: number, r: Rng): string {
  return `${prefix}_${base32(ms, 9)}${base32(r.int(0, 2 ** 32 - 1), 7)}${base32(r.int(0, 2 ** 30 - 1), 6)}`;
}

// About 13 % of the offer is deliberately non-compliant, each kind exercising one rule.
const DEFAUTS: readonly (readonly [FormationDefaut | null, number])[] = [
  [null, 870],
  ['siret_ferme', 20],
  ['cert_expiree', 20],
  ['sans_referent', 15],
  ['duree', 15],
  ['champs_manquants', 15],
  ['session_decoupee', 15],
  ['sans_qualiopi', 10],
  ['non_habilite', 8],
  ['marche', 6],
  ['uai', 6],
];
const BLOQUANTS: ReadonlySet<FormationDefaut> = new Set([
  'siret_ferme',
  'cert_expiree',
  'duree',
  'champs_manquants',
  'sans_qualiopi',
  'non_habilite',
  'marche',
]);
const ORGANISME_DEFAUT: Partial<Record<FormationDefaut, DemoOrganisme['defaut']>> = {
  siret_ferme: 'ferme',
  sans_qualiopi: 'sans_qualiopi',
  sans_referent: 'sans_referent',
  non_habilite: 'non_habilite',
  uai: 'uai_invalide',
};
const STATUTS: readonly (readonly [DemoStatut, number])[] = [
  ['publiee', 82],
  ['en_attente_validation', 5],
  ['a_corriger', 3],
  ['brouillon', 5],
  ['archivee', 5],
];

/** Organismes grouped the way formations pick them. */
export interface DemoPlan {
  readonly seed: number;
  /** The rentrée of the campaign in collection (sessions are for it and the one before). */
  readonly rentree: number;
  readonly organismes: readonly DemoOrganisme[];
  readonly sains: ReadonlyMap<Famille, readonly DemoOrganisme[]>;
  /** Healthy organismes in order: formation i belongs to the (i mod n)-th. */
  readonly ordre: readonly DemoOrganisme[];
  /** Each healthy organisme's certifications, most frequent first: its k-th formation prepares the k-th. */
  readonly offres: ReadonlyMap<string, readonly DemoCertification[]>;
  readonly lyceesParDepartement: ReadonlyMap<string, readonly DemoOrganisme[]>;
  readonly parDefaut: ReadonlyMap<string, readonly DemoOrganisme[]>;
}

export function planOf(seed: number, rentree: number, organismes: readonly DemoOrganisme[]): DemoPlan {
  const group = <K>(items: readonly DemoOrganisme[], key: (o: DemoOrganisme) => K) => {
    const m = new Map<K, DemoOrganisme[]>();
    for (const o of items) m.set(key(o), [...(m.get(key(o)) ?? []), o]);
    return m;
  };
  const sains = organismes.filter((o) => !o.defaut);
  const offres = new Map<string, DemoCertification[]>();
  sains.forEach((o, i) => {
    const r = rng(subSeed(seed, 4, i));
    const pool = CERTIFICATIONS.filter((c) => c.famille === o.famille).map(
      (c) => [c, c.poids] as [DemoCertification, number],
    );
    const ordre: DemoCertification[] = [];
    while (pool.length) {
      const c = r.weighted(pool);
      ordre.push(c);
      pool.splice(
        pool.findIndex(([x]) => x === c),
        1,
      );
    }
    offres.set(o.siret, ordre);
  });
  return {
    seed,
    rentree,
    organismes,
    sains: group(sains, (o) => o.famille),
    ordre: sains,
    offres,
    lyceesParDepartement: group(
      sains.filter((o) => o.famille === 'lycee'),
      (o) => COMMUNES[o.communeIndex]![3],
    ),
    parDefaut: group(
      organismes.filter((o) => o.defaut),
      (o) => o.defaut!,
    ),
  };
}

const POIDS_CERTIFICATIONS = CERTIFICATIONS.map((c) => [c, c.poids] as const);
/** Indexes of the communes of each region. */
const PAR_REGION = new Map<string, number[]>();
for (const [i, c] of COMMUNES.entries()) PAR_REGION.set(c[4], [...(PAR_REGION.get(c[4]) ?? []), i]);
const pad = (n: number) => String(n).padStart(2, '0');
const jitter = (r: Rng) => Math.round((r.next() - 0.5) * 200) / 10_000;

function lieu(
  r: Rng,
  o: DemoOrganisme,
  autreCommune: boolean,
): Pick<
  DemoSession,
  | 'adresse'
  | 'code_postal'
  | 'commune'
  | 'code_insee'
  | 'code_departement'
  | 'code_region'
  | 'uai_lieu'
  | 'lat'
  | 'lon'
> {
  let ci = o.communeIndex;
  if (autreCommune) {
    const voisines = PAR_REGION.get(COMMUNES[ci]![4])!.filter((i) => i !== ci);
    if (voisines.length) ci = r.pick(voisines);
  }
  const [insee, cp, nom, dep, reg, lat, lon] = COMMUNES[ci]!;
  const memeLieu = ci === o.communeIndex && !autreCommune;
  return {
    adresse: memeLieu ? o.adresse : `${r.int(1, 90)} ${r.pick(VOIES)}`,
    code_postal: cp,
    commune: nom,
    code_insee: insee,
    code_departement: dep,
    code_region: reg,
    // A second place is an antenne with its own UAI (a place far from the responsable needs one).
    uai_lieu: memeLieu ? o.uai : null,
    lat: Math.round((lat + jitter(r)) * 1e5) / 1e5,
    lon: Math.round((lon + jitter(r)) * 1e5) / 1e5,
  };
}

interface SessionPlan {
  readonly debutAnnee: number;
  readonly duree: number;
  readonly etat: DemoSession['etat_recrutement'];
  readonly autreCommune: boolean;
}

export function generateFormation(plan: DemoPlan, index: number): DemoFormation {
  const r = rng(subSeed(plan.seed, 2, index));
  const A = plan.rentree;
  const defaut = r.weighted(DEFAUTS);
  const orgDefaut = defaut ? ORGANISME_DEFAUT[defaut] : undefined;
  let cert: DemoCertification;
  let responsable: DemoOrganisme;
  // Past its catalogue, an organisme's next formations are at another site (no FORM_DOUBLON).
  let autreSite = false;
  if (orgDefaut && plan.parDefaut.get(orgDefaut)?.length) {
    responsable = r.pick(plan.parDefaut.get(orgDefaut)!);
    const candidates = CERTIFICATIONS.filter((c) =>
      defaut === 'non_habilite' ? c.enregistrement === 'sur_demande' : c.famille === responsable.famille,
    );
    cert = r.pick(candidates.length ? candidates : CERTIFICATIONS);
  } else if (defaut === 'cert_expiree') {
    cert = r.pick(EXPIREES);
    responsable = r.pick(plan.sains.get(cert.famille) ?? plan.organismes);
  } else {
    responsable = plan.ordre[index % plan.ordre.length]!;
    const offre = plan.offres.get(responsable.siret)!;
    const k = Math.floor(index / plan.ordre.length);
    cert = offre.length ? offre[k % offre.length]! : r.weighted(POIDS_CERTIFICATIONS);
    autreSite = k >= offre.length;
  }
  const lycees = plan.lyceesParDepartement.get(COMMUNES[responsable.communeIndex]![3]) ?? [];
  const formateur =
    responsable.famille === 'cfa' && lycees.length && r.chance(0.35) ? r.pick(lycees) : responsable;
  const statut: DemoStatut = defaut === 'champs_manquants' ? 'brouillon' : r.weighted(STATUTS);
  const conventionne =
    defaut === 'marche' || ((cert.famille === 'afpa' || cert.famille === 'ecole') && r.chance(0.3));
  const financeur = conventionne
    ? defaut === 'marche'
      ? 'region'
      : r.weighted([
          ['region', 6],
          ['france_travail', 3],
          ['agefiph', 1],
        ] as const)
    : null;
  const duree = cert.duree;
  const domaine = `${slug(responsable.raison_sociale).slice(0, 40)}.fr`;
  const createdAt = Date.UTC(A - 1, 2, 1) + index * 60_000;

  const plans: SessionPlan[] = [
    {
      debutAnnee: A - 1,
      duree,
      etat: r.weighted([
        ['ferme', 55],
        ['ouvert', 35],
        ['suspendu', 10],
      ] as const),
      autreCommune: autreSite,
    },
  ];
  if (defaut === 'session_decoupee' && duree > 1) {
    // The rentrée-A cycle entered as one session per school year instead of one multi-year session.
    plans.push(
      { debutAnnee: A, duree: 1, etat: 'ouvert', autreCommune: autreSite },
      { debutAnnee: A + 1, duree: 1, etat: 'ouvert', autreCommune: autreSite },
    );
  } else {
    plans.push({
      debutAnnee: A,
      duree,
      etat: r.chance(0.88) ? 'ouvert' : 'suspendu',
      autreCommune: autreSite,
    });
    plans.push(
      r.chance(0.5)
        ? { debutAnnee: A, duree, etat: 'ouvert', autreCommune: true }
        : { debutAnnee: A - 2, duree, etat: 'ferme', autreCommune: autreSite },
    );
  }
  // An archived offer has its sessions' recruitment closed (domain/workflow.ts sessionsFermees).
  const sessions = plans
    .map((p, k) =>
      session(r, p, formateur, createdAt, k, conventionne ? financeur : null, defaut === 'marche', A),
    )
    .map((s) => (statut === 'archivee' ? { ...s, etat_recrutement: 'ferme' as const } : s));

  const contacts: DemoContact[] = [];
  const pedago = personne(r);
  contacts.push({
    type: 'pedagogique',
    nom: pedago.nom,
    telephone: telephone(r, COMMUNES[responsable.communeIndex]![4]),
    courriel: `${pedago.courrielLocal}@${domaine}`,
  });
  const referent = responsable.contacts.find((c) => c.type === 'referent_handicap');
  if (referent && defaut !== 'sans_referent') contacts.push(referent);
  if (r.chance(0.4))
    contacts.push({
      type: 'accueil',
      nom: 'Secrétariat pédagogique',
      telephone: null,
      courriel: `inscriptions@${domaine}`,
    });

  const intitule = `${PREFIXES[cert.typeDiplome] ?? cert.typeDiplome} ${cert.intitule}`;
  const manquants = defaut === 'champs_manquants';
  return {
    id: demoId('fo', createdAt, r),
    cle_externe: `F${String(index).padStart(6, '0')}`,
    siren_proprietaire: responsable.siren,
    intitule,
    objectif: manquants ? null : objectif(cert),
    contenu: manquants
      ? null
      : `Enseignements professionnels et généraux, périodes en entreprise en alternance, préparation aux épreuves de la certification ${cert.rncp ?? cert.cfd}.`,
    url: `https://www.${domaine}/formations/${slug(intitule).slice(0, 60)}`,
    code_rncp: cert.rncp,
    code_cfd: cert.cfd,
    responsable_siret: responsable.siret,
    formateur_siret: manquants ? null : formateur.siret,
    mandataire_siret: conventionne ? responsable.siret : null,
    responsable_uai: responsable.uai,
    formateur_uai: manquants ? null : formateur.uai,
    mandataire_uai: conventionne ? responsable.uai : null,
    formation_continue: conventionne || r.chance(0.3),
    contrat_professionnalisation: r.chance(0.4),
    contrat_apprentissage: true,
    annees_apprentissage: Array.from({ length: duree }, (_, i) => i + 1),
    duree_annees: defaut === 'duree' ? duree + 2 : duree,
    financeurs: financeur ? [financeur] : [],
    statut,
    commentaire_gestionnaire:
      statut === 'a_corriger'
        ? 'Merci de préciser les dates de la session de la rentrée et le contact pédagogique.'
        : null,
    created_at: createdAt,
    contacts,
    sessions,
    defaut,
    bloquant: defaut !== null && BLOQUANTS.has(defaut),
  };
}

/** Diploma types whose name is feminine in French (« la Licence professionnelle »). */
const FEMININS: ReadonlySet<string> = new Set(['LICENCE PRO']);

function objectif(cert: DemoCertification): string {
  const article = FEMININS.has(cert.typeDiplome) ? 'la' : 'le';
  return `Préparer en alternance ${article} ${PREFIXES[cert.typeDiplome] ?? cert.typeDiplome} « ${cert.intitule} » (niveau ${cert.niveau}) et acquérir les compétences du métier en entreprise.`;
}

function session(
  r: Rng,
  p: SessionPlan,
  o: DemoOrganisme,
  createdAt: number,
  k: number,
  financeur: DemoSession['financeur'],
  sansMarche: boolean,
  A: number,
): DemoSession {
  const debut = `${p.debutAnnee}-09-${pad(r.int(1, 12))}`;
  const fin = `${p.debutAnnee + p.duree}-${r.chance(0.8) ? '06' : '07'}-${pad(r.int(1, 30))}`;
  const place = lieu(r, o, p.autreCommune);
  const evenements: DemoEvenement[] = [];
  if (p.debutAnnee >= A - 1 && (financeur || r.chance(0.35))) {
    for (const mois of r.chance(0.5) ? ['04', '06'] : ['05']) {
      evenements.push({
        type: 'reunion_information',
        date: `${p.debutAnnee}-${mois}-${pad(r.int(1, 28))}`,
        lieu: `${place.adresse}, ${place.code_postal} ${place.commune}`,
        libelle: 'Réunion d’information collective',
      });
    }
  }
  let contact: DemoContact | null = null;
  if (financeur) {
    evenements.push(
      {
        type: 'bilan',
        date: `${p.debutAnnee + 1}-01-${pad(r.int(10, 28))}`,
        lieu: null,
        libelle: 'Bilan intermédiaire',
      },
      { type: 'bilan', date: fin, lieu: null, libelle: 'Bilan de fin de session' },
    );
    const pers = personne(r);
    contact = {
      type: 'autre',
      nom: pers.nom,
      telephone: telephone(r, place.code_region!),
      courriel: `${pers.courrielLocal}@${slug(o.raison_sociale).slice(0, 40)}.fr`,
    };
  }
  // The offer was entered within days of the market's notification (CONV_DELAI passes).
  const notification = isoDay(new Date(createdAt - r.int(1, 5) * 86_400_000));
  return {
    id: demoId('se', createdAt + k, r),
    debut,
    fin,
    etat_recrutement: p.etat,
    capacite: r.pick([12, 14, 15, 16, 18, 20, 24, 25, 30]),
    entree_sortie: financeur && r.chance(0.3) ? 'permanente' : 'dates_fixes',
    ...place,
    uai_lieu: place.uai_lieu ?? (p.autreCommune ? demoUai(r, place.code_departement!, true) : null),
    financeur,
    numero_marche: financeur && !sansMarche ? `M${String(p.debutAnnee).slice(2)}${r.digits(5)}` : null,
    date_notification_marche: financeur ? notification : null,
    contact,
    evenements,
  };
}
