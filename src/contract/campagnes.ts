import { z } from 'zod';
import { CHAMPS_NATIONAUX, CHAMPS_REGIONAUX, type ChampCalendrier } from '../domain/campagne.ts';
import { campagneParam } from './params.ts';
import { defineRoute } from './route.ts';
import { VERSION_CALENDRIER } from './versions.ts';

// Campaigns (issue 9 item 5): each campaign's calendar (national for the platforms and the session
// window, per région for the collection), which one is current. Same service as /gestion/campagnes.

const origine = z.enum(['nationale', 'region']);
const CHAMPS_CALENDRIER = [...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX] as const;
const jour = z.string().nullable().describe('AAAA-MM-JJ, ou null quand la date n’est pas fixée');

export const CalendrierSchema = z.object({
  annee: z.number().describe('Année de la rentrée'),
  libelle: z.string(),
  courante: z.boolean(),
  region: z
    .string()
    .nullable()
    .describe('Code INSEE de la région dont ce sont les dates de collecte ; null : national'),
  ouverture_collecte: jour,
  retour_attendu: jour,
  transmission_catalogue: jour,
  fermeture_affelnet: jour,
  ouverture_parcoursup: jour,
  fermeture_parcoursup: jour,
  fenetre_debut: z.string().describe('AAAA-MM-JJ'),
  fenetre_fin: z.string().describe('AAAA-MM-JJ'),
  version: z
    .string()
    .describe(
      'Version de ce calendrier (national, ou de la région) : à renvoyer entre guillemets dans l’en-tête If-Match de PUT /campagnes/{annee}/calendrier pour refuser (412) un enregistrement par-dessus un changement fait depuis la lecture',
    ),
  origines: z
    .object(
      Object.fromEntries(CHAMPS_CALENDRIER.map((k) => [k, origine])) as Record<
        ChampCalendrier,
        typeof origine
      >,
    )
    .describe(
      'Origine de chaque date : « region » (fixée par la région, même égale à la date nationale) ou « nationale » (date nationale, que la région suit) ; toutes nationales pour le calendrier national',
    ),
});

const RegionQuery = z.object({
  region: z
    .string()
    .max(3)
    .optional()
    .describe('Code INSEE de la région : ses dates de collecte remplacent les dates nationales par défaut'),
});
// Four digits, as every door that names a campaign (params.ts campagneParam): `2026.0`, `02026`, `1e3` are
// refused CAMPAGNE_INVALIDE, never read as a number.
const AnneeParams = z.object({ annee: campagneParam().describe('Année de la rentrée (AAAA)') });
const date = z
  .string()
  .max(10)
  .nullish()
  .describe(
    'AAAA-MM-JJ ou JJ/MM/AAAA ; vide ou null : pas de date (région : la date nationale) ; absente : inchangée',
  );

export const getCampagnes = defineRoute({
  method: 'GET',
  url: '/campagnes',
  summary: 'Campagnes et leur calendrier (la courante marquée), national ou d’une région',
  tags: ['Campagnes'],
  auth: 'public',
  querystring: RegionQuery,
  response: { 200: z.object({ data: z.array(CalendrierSchema) }) },
});

export const getCampagneRoute = defineRoute({
  method: 'GET',
  url: '/campagnes/:annee',
  summary: 'Le calendrier d’une campagne, national ou d’une région',
  tags: ['Campagnes'],
  auth: 'public',
  params: AnneeParams,
  querystring: RegionQuery,
  etag: { de: VERSION_CALENDRIER, lu: (c: { version: string }) => c.version },
  response: { 200: CalendrierSchema },
});

export const putCalendrier = defineRoute({
  method: 'PUT',
  url: '/campagnes/:annee/calendrier',
  summary:
    'Modifie le calendrier : dates de collecte d’une région (ses gestionnaires) ou dates nationales (administrateurs)',
  description:
    'Sans `region`, les dates nationales (plateformes, fenêtre des sessions, dates de collecte par défaut) : administrateurs. Avec `region`, seules les dates de collecte de la région : ses gestionnaires et les administrateurs. Une date absente du corps reste telle qu’elle est (et son origine) ; `null` ou une chaîne vide l’efface (sauf la fenêtre, obligatoire) : pour une région, une date effacée suit la date nationale, et une date égale à la date nationale que la région n’avait pas fixée reste nationale (elle suivra un changement national) sauf `origines` « region » pour elle : renvoyer le calendrier lu par GET (avec ou sans ses `origines`) ne change l’origine d’aucune date. Erreur 400 CALENDRIER_INVALIDE avec `erreurs` (un champ par erreur) quand une date n’existe pas ou que l’ordre n’est pas respecté. En-tête `If-Match` facultatif : la `version` du calendrier lu par GET (même `region`), entre guillemets ; si le calendrier a changé depuis, 412 PRECONDITION_ECHOUEE (qui l’a changé, quand, quoi), rien n’est enregistré ; la version d’un autre calendrier de la campagne (celle d’une région sur un corps sans `region`, la nationale avec `region`) : 400 VERSION_AUTRE_CALENDRIER, qui nomme les deux. Sans `If-Match`, l’enregistrement s’applique au calendrier tel qu’il est.',
  tags: ['Campagnes'],
  auth: 'validateur',
  params: AnneeParams,
  ifMatch: VERSION_CALENDRIER,
  etag: { de: VERSION_CALENDRIER, lu: (r: { calendrier: { version: string } }) => r.calendrier.version },
  body: z.object({
    region: z.string().max(3).nullish(),
    ouverture_collecte: date,
    retour_attendu: date,
    transmission_catalogue: date,
    fermeture_affelnet: date,
    ouverture_parcoursup: date,
    fermeture_parcoursup: date,
    fenetre_debut: date,
    fenetre_fin: date,
    origines: z
      .object(
        Object.fromEntries(CHAMPS_CALENDRIER.map((k) => [k, origine.optional()])) as Record<
          ChampCalendrier,
          z.ZodOptional<typeof origine>
        >,
      )
      .strict()
      .nullish()
      .describe(
        'Avec `region` : l’origine voulue de chaque date de collecte, comme GET la donne. Les dates nationales y sont ignorées (elles le sont toutes). « region » garde une date égale à la date nationale comme celle de la région (elle ne suivra plus un changement national) ; « nationale » la fait suivre la date nationale. Absente : une date égale à la date nationale reste ce qu’elle était. Une date différente de la date nationale est toujours celle de la région ; une date vide, toujours nationale.',
      ),
  }),
  example: {
    region: '84',
    ouverture_collecte: '2026-09-15',
    retour_attendu: '2026-11-30',
    transmission_catalogue: '2026-12-15',
    origines: { ouverture_collecte: 'region' },
  },
  response: { 200: z.object({ calendrier: CalendrierSchema, recalculees: z.number() }) },
});

export const postCampagneCourante = defineRoute({
  method: 'POST',
  url: '/campagnes/courante',
  summary:
    'Change de campagne courante (créée avec son calendrier par défaut si absente) et recalcule les offres',
  tags: ['Campagnes'],
  auth: 'admin',
  body: z.object({ annee: z.number().int() }),
  example: { annee: 2028 },
  response: { 200: z.object({ courante: z.number(), recalculees: z.number() }) },
});

export const getHistoriqueCampagne = defineRoute({
  method: 'GET',
  url: '/campagnes/:annee/historique',
  summary: 'Qui a modifié la campagne : calendriers national et régionaux, passage en campagne courante',
  tags: ['Campagnes'],
  auth: 'validateur',
  params: AnneeParams,
  response: {
    200: z.object({
      data: z.array(
        z.object({
          action: z.enum(['calendrier_modifie', 'campagne_courante']),
          acteur: z.string(),
          at: z.string(),
          region: z.string().nullable(),
          diff: z.array(z.object({ champ: z.string(), avant: z.unknown(), apres: z.unknown() })),
        }),
      ),
    }),
  },
});
