import { z } from 'zod';
import { CATALOGUES, FormationSchema, STATUTS } from '../domain/formation.schema.ts';
import { ORIGINES_HISTORIQUE } from '../domain/historique.ts';
import { POURQUOI_DEPARTEMENT, POURQUOI_LIEU } from '../domain/lieu-retenu.ts';
import { STATUTS_PLATEFORME } from '../domain/plateforme.ts';
import { MODALITES, TRIS } from '../domain/recherche.ts';
import {
  CODES_REGION,
  codeInseeParam,
  decimalParam,
  departementParam,
  entierParam,
  limitParam,
  rayonKmParam,
  rayonPageParam,
  regionParam,
  siretParam,
} from './params.ts';

// Request/response shapes of the formation routes (the formation JSON itself lives in domain/).

/** Levels of the 2019 certification nomenclature (décret n° 2019-14). */
const NIVEAUX = ['3', '4', '5', '6', '7', '8'] as const;

const code = (d: string) => z.string().trim().min(1).max(50).optional().describe(d);
// The region, departement, code_insee and siret filters are the shared parameters (params.ts): a
// value of another shape, or a région or département that does not exist, is a 400 with its own
// code naming the parameter, not an empty list (a typo in a consumer's code shows at once). A
// well-formed commune code or SIRET that exists nowhere still gives an empty list.

export const FormationQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    // Empty or blank: no words, as without q (the page's empty search).
    .transform((v) => v || undefined)
    .describe(
      'Recherche plein texte en français (intitulé, certification, codes RNCP/RS et CFD, objectif, organismes, ' +
        'communes) : sans accents ni casse, tolérante aux fautes de frappe, triée par pertinence ; lue en NFKC ' +
        '(« 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 » vaut « Unicode ») ; sans lettre ni chiffre (« 👩‍🍳 ») : 400 AUCUN_MOT_RECONNU ; ' +
        'vide ou blanc : aucun mot, comme sans « q ». Sans « ou » (ni code_insee, lat et lon), un numéro de ' +
        'département tapé en premier ou en dernier (« bts mco 69 ») ou un code postal (« boulanger 44000 ») ' +
        'est le lieu, comme donné dans « ou » (lieu_dans_q) ; un numéro après Paris, Lyon ou Marseille ' +
        '(« paris 15 ») est l’arrondissement, jamais un département (mots_communes). « apprentissage », ' +
        '« en apprentissage », « apprenti » sont le type d’offre (modalite_dans_q) ; « près de », « près », ' +
        '« autour de », « proche », « vers » devant un lieu ne sont pas cherchés ; « près de moi », « dans ma ville », ' +
        '« à proximité »… non plus ' +
        '(pres_de_moi_dans_q : la position de l’utilisateur n’est pas connue). Voir docs/recherche.md',
    ),
  region: regionParam()
    .optional()
    .describe(
      `Code INSEE de région d’un lieu de formation (ex. 84 ; codes valides : ${CODES_REGION.join(', ')})`,
    ),
  departement: departementParam()
    .optional()
    .describe('Code de département d’un lieu de formation (ex. 69, 2A, 974)'),
  code_insee: codeInseeParam()
    .optional()
    .describe(
      'Code INSEE de commune d’un lieu de formation ; Paris (75056), Lyon (69123) et Marseille (13055) ' +
        'comprennent leurs arrondissements, le code d’un arrondissement (75115) ne cherche que lui ; ' +
        'avec rayon_km : autour du centre de la commune',
    ),
  ou: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe(
      'Commune par son nom ou son code postal (ex. Nantes, 44000 ; mention CEDEX ignorée : Nantes Cedex 1) ; ' +
        'un arrondissement (Paris 15, Paris 15e, Paris XVe, Lyon 3, 75015) désigne l’arrondissement, ' +
        'le nom de la ville seul (Paris) toute la ville ; avec rayon_km : autour de son centre ; ' +
        'sans rayon_km : la commune seule (pas les 30 km par défaut de la page de recherche) ; ' +
        'la réponse le dit dans lieu_retenu.rayon_km ; un numéro de département (75, 2A, 971), ou son nom ' +
        'quand aucune commune ne porte ce nom exact (Rhône, Seine-Saint-Denis), cherche tout le département ' +
        '(departement_retenu) ; le nom d’une région (Bretagne, Ile-de-France, PACA), toute la région (region_retenue)',
    ),
  rncp: code('Code RNCP ou RS (ex. RNCP34031)'),
  cfd: code('Code diplôme BCN (8 caractères)'),
  siret: siretParam().optional().describe('SIRET du responsable, du formateur ou du mandataire'),
  uai: code('UAI du lieu, du responsable ou du formateur'),
  niveau: z.enum(NIVEAUX).optional().describe('Niveau de la certification (nomenclature 2019 : 3 à 8)'),
  parcoursup: z.enum(STATUTS_PLATEFORME).optional().describe('Statut Parcoursup de la formation'),
  affelnet: z.enum(STATUTS_PLATEFORME).optional().describe('Statut Affelnet de la formation'),
  rentree: entierParam(2000, 2100, 'année de rentrée attendue, de 2000 à 2100 (ex. 2026)')
    .optional()
    .describe('Année de rentrée : une session débute entre le 1er août et le 31 juillet suivant'),
  lat: decimalParam(-90, 90, 'latitude en degrés décimaux attendue, de -90 à 90 (ex. 47.21)')
    .optional()
    .describe('Latitude du point de recherche (avec lon et rayon_km)'),
  lon: decimalParam(-180, 180, 'longitude en degrés décimaux attendue, de -180 à 180 (ex. -1.55)')
    .optional()
    .describe('Longitude du point de recherche'),
  rayon_km: rayonKmParam()
    .optional()
    .describe(
      'Rayon autour de lat/lon, ou du centre de la commune de code_insee ou ou, en km (plus de 0, 1 000 au plus) ; ' +
        'sans lui, code_insee et ou désignent la commune seule (aucun rayon par défaut dans l’API)',
    ),
  rayon: rayonPageParam().describe(
    'Refusé (RAYON_INVALIDE) : nom du rayon sur la page de recherche ; l’API attend rayon_km',
  ),
  type_diplome: code(
    'Type de diplôme de la certification (ex. CAP, BTS, MC) : recherche ; la clé d’un groupe (MC) ou l’un de ses codes (MC4) cherche tous les codes du groupe (facettes.type_diplome)',
  ),
  recrutement_ouvert: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true : au moins une session au recrutement ouvert (recherche)'),
  modalite: z
    .enum(MODALITES)
    .optional()
    .describe('Offre en apprentissage ou conventionnée (financée) : recherche'),
  tri: z
    .enum(TRIS)
    .optional()
    .describe(
      'Ordre de la recherche : pertinence (défaut), distance (avec un lieu), debut (prochaine rentrée)',
    ),
  statut: z
    .enum(STATUTS)
    .optional()
    .describe('Statut (utile aux clés admin et write : le public ne voit que les publiées)'),
  catalogue: z.enum(CATALOGUES).optional().describe('Catalogue (clé admin)'),
  limit: limitParam(50).describe('Taille de page, 1 000 au plus'),
  cursor: z.string().max(200).optional().describe('Valeur « next_cursor » de la page précédente'),
});

/** Whether a list query is a search (ranked, counted, with facets) rather than the plain id-ordered list. */
export const isRecherche = (q: Partial<z.output<typeof FormationQuerySchema>>) =>
  q.q !== undefined ||
  q.ou !== undefined ||
  q.tri !== undefined ||
  q.type_diplome !== undefined ||
  q.recrutement_ouvert !== undefined ||
  q.modalite !== undefined ||
  (q.code_insee !== undefined && q.rayon_km !== undefined && q.lat === undefined);

/** lat, lon and rayon_km go together; rayon_km also goes with code_insee or ou. */
export const FormationQuery = FormationQuerySchema.superRefine(
  (q, ctx) => {
    const point = { lat: q.lat, lon: q.lon, rayon_km: q.rayon_km };
    const envoyes = Object.values(point).filter((v) => v !== undefined).length;
    if (envoyes === 0 || envoyes === 3) return;
    if (q.lat === undefined && q.lon === undefined && (q.code_insee !== undefined || q.ou !== undefined))
      return;
    const manquants = Object.keys(point).filter((k) => point[k as keyof typeof point] === undefined);
    ctx.addIssue({
      code: 'custom',
      // Named after the first one missing: the one to add.
      path: [manquants[0]!],
      message: `${manquants.length > 1 ? 'Les paramètres' : 'Le paramètre'} ${manquants.join(' et ')} ${manquants.length > 1 ? 'manquent' : 'manque'} : lat, lon et rayon_km s’emploient ensemble (ou rayon_km avec code_insee ou ou).`,
    });
  },
  // Only on parameters each valid: a refused rayon_km is reported once, by its own code.
  { when: (payload) => payload.issues.length === 0 },
);

const CompteSchema = z.array(z.object({ valeur: z.string(), nombre: z.number().int() }));
const CompteTypeSchema = z.array(
  z.object({
    valeur: z.string().describe('Clé du type (« MC ») : la valeur à donner à type_diplome'),
    libelle: z.string().describe('Ce que la page affiche (« Mention complémentaire »)'),
    nombre: z.number().int(),
  }),
);

/** A commune of a search's « ou » (services/recherche.service.ts LieuRecherche). */
const LieuSchema = z.object({
  code_insee: z.string(),
  nom: z.string(),
  code_postal: z.string(),
  code_departement: z
    .string()
    .describe('Code du département de la commune (93, 974, 2A) : départage les homonymes'),
});

/**
 * A formation of a search's results: with its distance when the search has a zone (an
 * intersection, so that the OpenAPI document keeps referencing the one Formation component).
 */
export const FormationTrouveeSchema = FormationSchema.and(
  // Loose: its other properties are the Formation's (a closed object would forbid them in allOf).
  z.looseObject({
    distance_km: z
      .number()
      .optional()
      .describe(
        'Recherche autour d’un lieu (ou avec rayon_km, ou lat et lon) : distance en km, à une décimale, ' +
          'du lieu cherché à la session la plus proche de la formation dans la zone ; absent sans zone ' +
          '(sans lieu, une commune seule sans rayon_km, un département, une région)',
      ),
  }),
);

export const FormationPageSchema = z.object({
  data: z.array(FormationTrouveeSchema),
  next_cursor: z.string().nullable().describe('À repasser en « cursor » ; null à la dernière page'),
  total: z.number().int().optional().describe('Recherche : nombre de formations trouvées'),
  suggestion: z
    .string()
    .nullable()
    .optional()
    .describe('Recherche : la requête corrigée (« Vouliez-vous dire »), ou null'),
  corrigee: z.boolean().optional().describe('Recherche : true si les résultats sont ceux de la suggestion'),
  lieu_retenu: z
    .object({
      ...LieuSchema.shape,
      pourquoi: z
        .enum(POURQUOI_LIEU)
        .describe(
          'Pourquoi cette commune : code_postal (« ou » donnait un code postal : la plus peuplée de ses ' +
            'communes, ou celle du nom donné avec lui), arrondissement (un arrondissement nommé ou son code ' +
            'postal, cherché seul ; sa ville dans autres_lieux), homonymes (la plus peuplée des communes de ce ' +
            'nom exact, « Saint-Denis »), seule (la seule commune de ce nom exact, « Vienne » ; celles dont le ' +
            'nom commence par lui dans autres_lieux), debut_du_nom (la plus peuplée des communes dont le nom ' +
            'commence par celui donné, « Évry » → Évry-Courcouronnes), nom_et_departement (un nom suivi du ' +
            'numéro de son département, « Nantes 44 »)',
        ),
      rayon_km: z
        .number()
        .nullable()
        .describe(
          'La zone cherchée : le rayon appliqué autour du centre de la commune, en km ; null : la commune ' +
            'seule (sans rayon_km, ou rayon non appliqué : voir rayon_ignore)',
        ),
      centre_ville: z
        .object({ code_insee: z.string(), nom: z.string() })
        .optional()
        .describe(
          'Présent quand le rayon est compté depuis le centre de la ville (Paris, Lyon, Marseille) d’un ' +
            'arrondissement dont la position n’est pas connue (liste des communes sans coordonnées : ' +
            '« Paris 16e ») : cette ville',
        ),
    })
    .optional()
    .describe(
      'Recherche : présent quand « ou » désigne une commune : celle qui a été cherchée (un nom porté par ' +
        'plusieurs communes désigne la plus peuplée d’entre elles — « Saint-Martin », Saint-Martin du Gers, ' +
        'pas Saint-Martin-d’Hères — ; sans commune de ce nom exact, la plus peuplée de celles dont le nom ' +
        'commence par lui ; « Nom (code postal) » ou un code postal, la sienne) et la zone cherchée',
    ),
  departement_retenu: z
    .object({
      code_departement: z.string().describe('Code du département (75, 2A, 971)'),
      nom: z.string().describe('Son nom (« Paris », « Corse-du-Sud »)'),
      pourquoi: z
        .enum(POURQUOI_DEPARTEMENT)
        .describe(
          'numero : « ou » était son numéro (75, 2A) ; nom : son nom, qu’aucune commune ne porte (« Rhône »)',
        ),
    })
    .optional()
    .describe(
      'Recherche : présent quand « ou » désigne un département, par son numéro (75, 2A, 971) ou par son nom ' +
        'quand aucune commune de 10 000 habitants ou plus ne porte ce nom exact (« Rhône », « La Réunion ») : tout le département ' +
        'est cherché, comme avec le filtre « Département » de la page (sans rayon : rayon_km n’y ' +
        's’applique pas) ; lieu_retenu est alors absent',
    ),
  region_retenue: z
    .object({
      code_region: z.string().describe('Code Insee de la région (53, 11, 84)'),
      nom: z.string().describe('Son nom (« Bretagne », « Île-de-France »)'),
    })
    .optional()
    .describe(
      'Recherche : présent quand « ou » désigne une région par son nom, avec ou sans accents ni tirets ' +
        '(« Bretagne », « Ile-de-France », « Auvergne Rhone Alpes ») ou une graphie courante (« IDF », ' +
        '« PACA », « AURA ») : toute la région est cherchée, comme avec le filtre « Région » (sans rayon) ; ' +
        'lieu_retenu est alors absent',
    ),
  aussi_departement: z
    .object({
      code_departement: z.string().describe('Code du département (86)'),
      nom: z.string().describe('Son nom (« Vienne »)'),
    })
    .optional()
    .describe(
      'Recherche : présent avec lieu_retenu quand « ou » est aussi le nom d’un département (« Vienne » : la ' +
        'commune de l’Isère est cherchée, le département 86 porte le même nom) : pour chercher tout le ' +
        'département, repasser « ou » avec son code_departement',
    ),
  aussi_communes: z
    .array(LieuSchema)
    .optional()
    .describe(
      'Recherche : présent avec departement_retenu quand « ou » est le nom exact d’un département que ' +
        'portent aussi des communes de moins de 10 000 habitants (« La Réunion » : le département 974 est ' +
        'cherché, le village du Lot-et-Garonne est ici) : pour chercher l’une d’elles, repasser « ou » en ' +
        '« Nom (code postal) » ou son code_insee',
    ),
  autres_lieux: z
    .array(LieuSchema)
    .optional()
    .describe(
      'Recherche : présent avec lieu_retenu quand « ou » pouvait désigner d’autres communes (homonymes : ' +
        '« Saint-Denis » retient La Réunion, la plus peuplée, et donne ici Saint-Denis 93, 11, 30… ; un ' +
        'arrondissement, sa ville entière), 10 au plus ; pour chercher l’une d’elles, repasser « ou » en ' +
        '« Nom (code postal) » ou son code_insee',
    ),
  rayon_ignore: z
    .literal(true)
    .optional()
    .describe(
      'Recherche : présent quand un rayon est demandé autour d’une commune dont les coordonnées ne sont pas ' +
        'connues (liste des communes sans coordonnées) : le rayon n’est pas appliqué, les résultats sont ceux ' +
        'de la commune seule',
    ),
  termes_ignores: z
    .array(z.string())
    .optional()
    .describe(
      'Recherche : présent quand des termes de « q » ne sont pas cherchés, trop courts (moins de 3 lettres ou ' +
        'chiffres, et ni un diplôme comme « BP » ni un sigle de spécialité comme « CI » après « BTS ») : ' +
        'ces termes, en minuscules sans accents (« a ») ; les mots courants que la recherche ignore (« de », ' +
        '« à », « pour », « dans ») n’y sont que si rien d’autre n’est cherché',
    ),
  requete_ignoree: z
    .literal(true)
    .optional()
    .describe(
      'Recherche : présent quand rien de « q » n’a été cherché (seulement des termes_ignores, « q=a », ' +
        '« q=pour », « q=de la ») : les ' +
        'résultats sont ceux de la recherche sans « q » (toute l’offre, aux autres critères près)',
    ),
  moins_de_mots: z
    .array(
      z.object({
        sans: z.string().describe('Le terme de « q » laissé de côté, tel que tapé (« pâtisserie »)'),
        q: z.string().describe('« q » sans ce terme : la recherche à faire'),
        total: z
          .number()
          .int()
          .describe('Le nombre de formations qu’elle trouve (aux mêmes autres critères)'),
      }),
    )
    .optional()
    .describe(
      'Recherche : présent quand aucune formation n’a tous les termes de « q » (2 à 5 termes : mots, ' +
        'diplômes) : chaque recherche qui laisse de côté un terme et trouve des formations, les plus ' +
        'nombreuses d’abord',
    ),
  plus_loin: z
    .object({
      rayon_km: z
        .number()
        .int()
        .nullable()
        .describe(
          'Le plus petit rayon proposé par la page (10, 30, 50, 100 km) qui atteint la formation la plus ' +
            'proche ; null : aucune à moins de 100 km, la recherche sans lieu en trouve',
        ),
      distance_km: z
        .number()
        .nullable()
        .describe(
          'La distance de la formation la plus proche, en km, à une décimale ; null avec rayon_km null',
        ),
      total: z
        .number()
        .int()
        .describe('Le nombre de formations que ce rayon (ou la recherche sans lieu) trouve'),
    })
    .optional()
    .describe(
      'Recherche avec « ou » (commune) : présent quand le lieu exclut toutes les formations que les mots ' +
        'trouvent ailleurs : la recherche à faire plus loin (rayon_km) ou sans lieu',
    ),
  mots_communes: z
    .array(
      z.object({
        mot: z.string().describe('Le mot de « q », en minuscules sans accents (« macon »)'),
        commune: z.string().describe('Le nom de la commune (« Mâcon ») : la valeur à donner à « ou »'),
        q: z
          .string()
          .describe(
            '« q » sans ce mot ni la préposition qui le précède (« boulanger à Nantes » → « boulanger ») ; ' +
              'vide : chercher sans « q »',
          ),
        arrondissement_inexistant: z
          .object({
            numero: z.number().int().describe('Le numéro tapé après la ville (« paris 21 » : 21)'),
            arrondissements: z
              .number()
              .int()
              .describe('Le nombre d’arrondissements de la ville (Paris : 20)'),
          })
          .optional()
          .describe(
            'Présent quand le numéro tapé après Paris, Lyon ou Marseille n’est aucun de ses arrondissements ' +
              '(« paris 21 », « lyon 12 », « marseille 17e ») : ni un arrondissement ni un département, ni un mot ' +
              'cherché ; la commune proposée est la ville entière, « q » sans la ville ni le numéro',
          ),
      }),
    )
    .optional()
    .describe(
      'Recherche : présent sans « ou » (ni code_insee, lat et lon) quand un mot de « q » est aussi le nom ' +
        'd’une commune, tapé sans accents ou comme elle s’écrit (« macon », « Mâcon » ; pas « maçon », ' +
        'le métier) : la recherche ne sait pas lequel était voulu ; pour chercher les formations de cette ' +
        'commune, repasser ou=commune et q=q',
    ),
  racines_elargies: z
    .array(
      z.object({
        mot: z.string().describe('Un mot de « q », tel que tapé : « commerce »'),
        racine: z
          .string()
          .describe(
            'Sa racine française (racinisation du français, configuration de l’index) : les mots qui ' +
              'commencent par elle sont cherchés (« commerc » : commercial, commerciaux)',
          ),
      }),
    )
    .optional()
    .describe(
      'Recherche : présent quand les mots de « q », tels que tapés (et corrigés), ne trouvent aucune ' +
        'formation et que ceux de la même racine en trouvent (« bts commerce » : aucune offre ne dit ' +
        '« commerce », 88 BTS disent « commercial ») : les résultats sont ceux des mots élargis à leur ' +
        'racine (5 lettres au moins), comme moins_de_mots et plus_loin',
    ),
  lieu_dans_q: z
    .object({
      terme: z.string().describe('Le terme de « q » lu comme le lieu (« 69 », « 2A », « 44000 »)'),
      q: z.string().describe('« q » sans ce terme : les mots cherchés (vide : aucun)'),
    })
    .optional()
    .describe(
      'Recherche : présent sans « ou » (ni code_insee, lat et lon) quand « q » contient un numéro de ' +
        'département, en premier ou en dernier terme (« bts mco 69 », « 2A », « 971 »), ou un code postal ' +
        'd’une commune (« boulanger 44000 ») : il est cherché comme s’il était donné dans « ou » ' +
        '(departement_retenu, ou lieu_retenu sans rayon), les mots sans lui ; pour chercher partout, ' +
        'repasser q=q sans « ou »',
    ),
  modalite_dans_q: z
    .object({
      terme: z
        .string()
        .describe(
          'Les mots de « q » lus comme le type d’offre, tels que tapés (« en apprentissage », « apprenti »)',
        ),
      modalite: z.enum(MODALITES).describe('Le type d’offre filtré, comme le paramètre « modalite »'),
      q: z.string().describe('« q » sans ces mots : les mots cherchés (vide : aucun)'),
    })
    .optional()
    .describe(
      'Recherche : présent quand « q » dit l’apprentissage (« apprentissage », « en apprentissage », « par ' +
        'apprentissage », « en contrat d’apprentissage », « apprenti(e)(s) ») et que « modalite » n’est pas ' +
        '« conventionne » : ces mots ne sont pas cherchés dans le texte des offres ; la recherche est celle ' +
        'de q sans eux avec modalite=apprentissage',
    ),
  pres_de_moi_dans_q: z
    .object({
      terme: z
        .string()
        .describe(
          'Les mots de « q » qui disent la position de l’utilisateur, tels que tapés (« près de moi »)',
        ),
      q: z.string().describe('« q » sans ces mots : les mots cherchés (vide : aucun)'),
    })
    .optional()
    .describe(
      'Recherche : présent quand « q » contient « près de moi », « autour de moi », « près de chez moi », ' +
        '« près moi », « autour d’ici », « dans le coin »… : l’API ne connaît pas la position de ' +
        'l’utilisateur (elle ne localise personne) ; ces mots ne sont pas cherchés. Sans « ou » (ni ' +
        'code_insee, lat et lon), la recherche porte sur toute la France : pour chercher autour de ' +
        'l’utilisateur, repasser q=q avec ou (sa commune, son code postal ou son département) ou lat et lon',
    ),
  lieux_proches: z
    .array(LieuSchema)
    .optional()
    .describe(
      'Recherche : présent quand « ou » ne désigne aucune commune (aucun résultat) : les communes au nom ' +
        'le plus proche (« Vouliez-vous dire »), 3 au plus, peut-être aucune ; quand « ou » est « Nom (code ' +
        'postal) » et qu’aucune commune n’a les deux, les communes de ce nom puis celle de ce code postal',
    ),
  facettes: z
    .object({
      niveau: CompteSchema,
      type_diplome: CompteTypeSchema.describe(
        'Types de diplôme regroupés : les codes d’un même diplôme (MC4, MC5 ; LIC PRO, LICENCE PRO) comptent sous une clé',
      ),
      rentree: CompteSchema,
      region: CompteSchema,
      departement: CompteSchema,
      modalite: CompteSchema,
      ouvert: CompteSchema,
    })
    .optional()
    .describe('Recherche : nombre de formations par valeur de chaque facette'),
});

export const IdParams = z.object({
  id: z.string().min(1).max(64).describe('Identifiant de la formation (« id » renvoyé à sa création)'),
});

export const WriteResponseSchema = z.object({
  id: z.string(),
  created: z.boolean(),
  changed: z.boolean().describe('false : rien à changer (écriture idempotente)'),
  revision: z
    .boolean()
    .describe('true : formation publiée, la modification attend la validation d’un gestionnaire'),
  formation: FormationSchema.nullable(),
});

export const SessionWriteResponseSchema = z.object({
  session_id: z.string(),
  created: z.boolean(),
  formation: FormationSchema.nullable(),
});

export const HistoriqueSchema = z.array(
  z.object({
    id: z.number(),
    at: z.string(),
    acteur: z.string().describe('Qui (identité détaillée réservée aux appelants authentifiés)'),
    action: z.string(),
    entite: z.string(),
    entite_id: z.string(),
    origine: z
      .enum(ORIGINES_HISTORIQUE)
      .nullable()
      .describe(
        'L’import dont vient l’écriture : lheo (fichier LHEO), classeur (classeur de campagne), quelle que soit sa porte (page, ligne de commande, API) ; null pour les autres écritures',
      ),
    diff: z.array(
      z.object({
        champ: z.string(),
        avant: z.unknown(),
        apres: z.unknown(),
        motif: z
          .string()
          .nullable()
          .optional()
          .describe('Motif d’une décision Parcoursup / Affelnet (ne pas publier, mettre en attente, rejet)'),
        raison: z
          .string()
          .optional()
          .describe(
            'Statut Parcoursup / Affelnet changé par le recalcul des contrôles (action « recalcul », acteur systeme:conformite) : pourquoi — hors du périmètre, règles en échec, règle de périmètre, ou de nouveau publiable',
          ),
        regles: z
          .array(z.string())
          .optional()
          .describe(
            'Action « recalcul » : les codes des règles en échec qui ont rendu l’offre non publiable',
          ),
      }),
    ),
  }),
);
