import { z } from 'zod';
import { CreeesNonDiffusables, NonDiffusables, ReglesModifiee } from './apercu-regles.ts';
import { campagneParam, dryRunParam, SiretParams } from './params.ts';
import { defineRoute } from './route.ts';

const tags = ['Classeur de campagne'];
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Remarque = z.object({ colonne: z.string(), code: z.string(), message: z.string() });
export const RapportClasseurSchema = z.object({
  totaux: z.object({
    nouvelle: z.number(),
    modifiee: z.number(),
    fermee: z.number(),
    inchangee: z.number(),
    erreur: z.number(),
  }),
  lignes: z.array(
    z.object({
      ligne: z.number(),
      reference: z.string().nullable(),
      intitule: z
        .string()
        .nullable()
        .describe('Intitulé de la formation (celui de la ligne, sinon celui d’Offre)'),
      verdict: z.enum(['nouvelle', 'modifiee', 'fermee', 'inchangee', 'erreur']),
      a_valider: z
        .boolean()
        .describe(
          'true : la modification ou la fermeture (verdict modifiee ou fermee) d’une formation publiée devient une révision soumise à la validation d’un gestionnaire ; la version diffusée reste en ligne jusque-là',
        ),
      champs: z.array(z.string()),
      premiere_ligne: z
        .number()
        .optional()
        .describe(
          'Sur une ligne nouvelle qui n’est pas la première de sa nouvelle formation (mêmes organismes, certification et intitulé) : le numéro de cette première ligne ; la ligne ajoute une session à la formation qu’elle crée',
        ),
      formation_creee: z
        .string()
        .optional()
        .describe(
          'Sur une ligne nouvelle d’un import appliqué : l’identifiant de la formation qu’elle a créée (ou rejointe) ; sa référence est vide dans le classeur',
        ),
      formation_existante: z
        .string()
        .optional()
        .describe(
          'Sur une ligne sans référence qui retrouve la formation qu’un envoi précédent du classeur a créée (mêmes organismes, certification et intitulé) : son identifiant ; la ligne lui est comparée comme une ligne qui porte sa référence (son verdict n’est jamais nouvelle)',
        ),
      session_ajoutee: z
        .object({
          nouveau_lieu: z
            .boolean()
            .describe('true : un lieu où la formation n’a pas encore de session ; false : un lieu qu’elle a'),
          adresse: z.string().nullable(),
          code_postal: z.string().nullable(),
          commune: z.string().nullable(),
          debut: z.string().nullable().describe('AAAA-MM-JJ'),
          fin: z.string().nullable().describe('AAAA-MM-JJ'),
          copiee_de: z
            .number()
            .int()
            .optional()
            .describe(
              'la ligne est une copie de cette ligne-là (la session telle que téléchargée, dont elle porte la référence fo_…/se_…), changée pour ajouter cette session : un autre lieu ou d’autres dates, ses deux dates remplies, et rien d’autre que les colonnes de la session ; absent sinon',
            ),
        })
        .optional()
        .describe(
          'Sur une ligne modifiee qui ajoute une session à sa formation existante (un nouveau lieu, ou un lieu sans session de la campagne) : cette session, telle que l’import l’écrit ; les autres sessions de la formation ne changent pas, et les colonnes du lieu, de la capacité et des dates de `champs` sont les valeurs de la session ajoutée',
        ),
      erreurs: z.array(Remarque),
      avertissements: z.array(Remarque),
      regles: ReglesModifiee.optional().describe(
        'aperçu seulement (dry_run=true), sur chaque ligne d’une formation modifiée (verdict modifiee, ou fermee sans l’archiver) : les règles de conformité bloquantes que sa modification ferait échouer et celles qu’elle lèverait, et le catalogue avant et après (formation publiée : sa version diffusée, puis sa révision une fois validée) — comme modifiees[].regles de l’import LHEO ; sur chaque ligne d’une formation nouvelle (verdict nouvelle) : les règles bloquantes que la formation créée ferait échouer (introduites ; levees vide, catalogue_avant null), comme creees[].regles de l’import LHEO',
      ),
    }),
  ),
  non_diffusables: NonDiffusables,
  creees_non_diffusables: CreeesNonDiffusables,
  fichier: z.object({ empreinte: z.string(), deja_importe_le: z.string().nullable() }).optional(),
});

export const exportClasseurRoute = defineRoute({
  method: 'GET',
  url: '/organismes/:siret/classeur',
  summary: 'Classeur de campagne d’un organisme (XLSX pré-rempli)',
  description:
    'Une ligne par formation et lieu, pré-remplie avec l’offre actuelle ; les deux dernières colonnes sont les dates de la session de la campagne. Réservé à une clé ou un compte de ce SIREN (ses formations), à un administrateur (toutes) et aux gestionnaires des régions où l’organisme a une offre (une session) : ils n’y trouvent que les formations de leurs régions, comme dans le ZIP des classeurs de la région ; un autre gestionnaire reçoit 403 ACCES_REFUSE nommant les régions de l’organisme et les siennes. Une campagne qui n’existe pas : 404 CAMPAGNE_INCONNUE (jamais un classeur aux dates de session vides).',
  tags,
  auth: 'write',
  params: SiretParams,
  querystring: z.object({
    campagne: campagneParam()
      .optional()
      .describe(
        'Année de la campagne (rentrée, AAAA), ex. 2026 ; absent : la campagne courante. Une année sans campagne : 404 CAMPAGNE_INCONNUE, qui liste les campagnes existantes',
      ),
  }),
  response: { 200: z.string() },
  produces: XLSX,
});

export const importClasseurRoute = defineRoute({
  method: 'POST',
  url: '/imports/classeur',
  summary: 'Importer un classeur de campagne rempli',
  description:
    'Corps : le fichier .xlsx (Content-Type application/vnd.openxmlformats-officedocument.spreadsheetml.sheet ou application/octet-stream), ou un formulaire multipart avec un champ fichier. ' +
    'Étape d’aperçu : `dry_run=true` renvoie le rapport ligne par ligne sans rien enregistrer ; renvoyez ensuite le même fichier sans `dry_run` pour appliquer les lignes valides (une seule transaction ; réimporter le même fichier ne change rien). ' +
    '`format=xlsx` renvoie, au lieu du rapport JSON, le classeur annoté d’une colonne « Erreurs » (totaux dans l’en-tête X-Offre-Totaux). ' +
    'Limites : 20 Mo par fichier (413 CLASSEUR_TROP_VOLUMINEUX) ; 20 000 lignes par requête par défaut (OFFRE_LIMITE_LIGNES_CLASSEUR ; au-delà : 413 CLASSEUR_TROP_DE_LIGNES_API, rien n’est enregistré : importez-le depuis l’espace, /espace/imports, ou avec « offre import classeur »).',
  tags,
  auth: 'write',
  consumes: [XLSX, 'application/octet-stream', 'multipart/form-data'],
  querystring: z.object({
    dry_run: dryRunParam,
    format: z
      .enum(['json', 'xlsx'])
      .optional()
      .describe('json (par défaut) : le rapport ; xlsx : le classeur annoté d’une colonne « Erreurs »'),
  }),
  response: { 200: RapportClasseurSchema },
});
