import { z } from 'zod';
import { CreeesNonDiffusables, NonDiffusables, ReglesModifiee, ReglesParCode } from './apercu-regles.ts';
import { EXEMPLE_LHEO } from './examples.ts';
import { dryRunParam, ExportFiltres } from './params.ts';
import { defineRoute } from './route.ts';

const tags = ['LHEO'];
export const XML_TYPES = ['application/xml', 'text/xml'];

const FormationNommee = z.object({
  ligne: z.number().describe('ligne de l’élément <formation> dans le fichier'),
  numero: z.string().nullable().describe('attribut « numero » (clé externe)'),
  intitule: z.string().nullable(),
});

/** An element of the file refused, or worth a warning. */
const ElementSignale = z.object({
  chemin: z.string(),
  code: z.string(),
  message: z.string(),
  ligne: z.number().optional().describe('ligne de l’élément dans le fichier'),
  numero: z.string().nullable().optional().describe('numéro (clé externe) de la formation'),
});

// The report of services/import-lheo.service.ts (LheoImportReport), lists bounded (formats/lheo/lheo.rapport.ts).
export const LheoImportReportSchema = z.object({
  formations: z.object({
    creees: z.number(),
    mises_a_jour: z.number(),
    inchangees: z.number(),
    rejetees: z.number(),
  }),
  rejets: z.array(ElementSignale).describe('les 10 000 premiers refus, dans l’ordre du fichier'),
  rejets_total: z.number().describe('nombre de refus en tout (une formation peut en avoir plusieurs)'),
  creees: z
    .array(
      FormationNommee.extend({
        regles: ReglesModifiee.optional().describe(
          'aperçu seulement (dry_run=true) : les règles de conformité bloquantes que la formation créée ferait échouer (introduites ; levees vide, catalogue_avant null, publiee false), et son catalogue',
        ),
      }),
    )
    .describe('les 100 premières formations créées'),
  modifiees: z
    .array(
      FormationNommee.extend({
        revision: z.boolean().describe('formation publiée : la modification attend la validation'),
        changements: z
          .array(
            z.object({
              champ: z.string(),
              avant: z.string(),
              apres: z.string(),
              session: z
                .string()
                .optional()
                .describe(
                  'pour un champ de session : la session nommée par ses dates (« session du 1er septembre 2026 au 30 juin 2028 »)',
                ),
              phrase: z
                .string()
                .optional()
                .describe(
                  'une session retirée, remise en ligne ou ajoutée, dite en une phrase (« Session du … retirée »)',
                ),
            }),
          )
          .describe('les 20 premiers champs modifiés'),
        changements_total: z.number().describe('nombre de champs modifiés en tout'),
        regles: ReglesModifiee.optional().describe(
          'aperçu seulement (dry_run=true) : les règles de conformité bloquantes que la modification ferait échouer et celles qu’elle lèverait, et le catalogue avant et après (formation publiée : sa version diffusée, puis sa révision une fois validée)',
        ),
      }),
    )
    .describe(
      'les 100 premières formations modifiées, avec leurs champs modifiés (valeurs abrégées à 200 caractères) ; pour une formation publiée en révision, « avant » est la valeur de la révision en attente',
    ),
  revisions_gardees: z
    .number()
    .describe(
      'formations comptées inchangées dont la révision en attente est gardée telle quelle (leur enregistrement est identique à leur version publiée ou à leur révision en attente)',
    ),
  avertissements: z
    .array(ElementSignale)
    .describe(
      'les 100 premiers avertissements des formations acceptées, dans l’ordre du fichier : rien n’est refusé (LHEO_SESSION_EN_DOUBLE : deux sessions identiques d’une formation, mêmes dates et même lieu, nommées par leur élément, leur ligne et leurs dates ; LHEO_FINANCEUR_NON_REPRIS : un code-financeur du dictionnaire LHEO qu’Offre ne distingue pas, non enregistré, nommé par son élément, sa ligne et son code)',
    ),
  avertissements_total: z.number().describe('nombre d’avertissements en tout'),
  non_diffusables: NonDiffusables,
  creees_non_diffusables: CreeesNonDiffusables,
  regles_par_code: ReglesParCode,
});

export const importLheoRoute = defineRoute({
  method: 'POST',
  url: '/imports/lheo',
  summary: 'Importer un fichier LHEO 2.2 ou 2.3',
  description:
    'Corps : le document XML (Content-Type application/xml), lu en flux, 50 Mo au plus par défaut (OFFRE_LHEO_CORPS_MO ; au-delà : 413 LHEO_CORPS_TROP_VOLUMINEUX ; passez par la commande « offre import lheo »). ' +
    'Au plus 10 000 formations par requête par défaut (OFFRE_LIMITE_FORMATIONS_LHEO ; au-delà : 413 LHEO_TROP_DE_FORMATIONS, rien n’est enregistré : importez le fichier depuis l’espace, /espace/imports, import asynchrone avec suivi, ou avec « offre import lheo »). ' +
    'Une formation de plus de 10 millions de caractères ou 100 000 éléments, un texte de plus de 100 000 caractères, plus de 64 niveaux d’imbrication : fichier refusé en entier (422), rien n’est enregistré. Mise à jour par numéro de formation (attribut « numero ») : réimporter le même fichier ne change rien. `dry_run=true` : aperçu sans rien enregistrer. Les formations rejetées sont listées avec leur chemin XML, leur ligne et leur numéro ; les autres sont appliquées. Le rapport dit combien de formations seraient (ou ont été) créées, modifiées, inchangées, refusées, et nomme les 100 premières créées et modifiées (champs modifiés, avant → après) ; rejets_total compte tous les refus. À l’aperçu, chaque formation listée, créée ou modifiée, porte les règles bloquantes qu’elle introduirait ou lèverait (regles), non_diffusables et creees_non_diffusables comptent celles qui ne seraient pas diffusées, et regles_par_code compte chaque règle sur toutes les formations du fichier, listées ou non.',
  tags,
  auth: 'write',
  // Default of OFFRE_LHEO_CORPS_MO; enforced by the handler while the body streams.
  bodyLimit: 50 * 1024 * 1024,
  querystring: z.object({ dry_run: dryRunParam }),
  consumes: XML_TYPES,
  example: EXEMPLE_LHEO,
  response: { 200: LheoImportReportSchema },
});

export const exportLheoRoute = defineRoute({
  method: 'GET',
  url: '/exports/lheo',
  summary: 'Exporter l’offre en LHEO 2.3 (flux)',
  description:
    'Valide selon le schéma XSD LHEO 2.3 officiel. Contient ce que l’appelant peut voir : l’offre diffusée, plus la sienne pour une clé d’organisme, tout pour une clé admin ; jamais les formations archivées ni supprimées. ' +
    'Chaque formation porte sa version (extras `formation`, `version`, `exporte-le`) : renvoyé à Offre après un changement de la formation, le fichier ne le défait pas (LHEO_VERSION_ANCIENNE). Le nom du fichier porte le jour de l’export à Paris. ' +
    '`siret` : seulement les formations de cet établissement (responsable, formateur ou mandataire), le fichier d’un organisme ; `region` et `siret` se combinent. Aucune formation : 404 AUCUNE_FORMATION. Sans clé ou avec une clé `read` : `ETag` faible, `If-None-Match` → 304 sans refaire l’export tant que l’offre diffusée n’a pas changé.',
  tags,
  auth: 'public',
  querystring: ExportFiltres,
  response: { 200: z.string() },
  produces: 'application/xml',
});
