import { z } from 'zod';
import { PROFILS_PARTENAIRE } from '../domain/partenaires.ts';
import { defineRoute } from './route.ts';

// Partner files (issue 12 item 5, docs/partenaires.md): the files the server wrote for each partner
// profile, read with an API key linked to the profile (or an administrator's).

const CODES = PROFILS_PARTENAIRE.map((p) => p.code) as [string, ...string[]];

export const FichierPartenaireSchema = z.object({
  id: z.string(),
  profil: z.string().describe('Code du profil partenaire'),
  nom: z.string().describe('Nom du fichier (profil, date et heure UTC)'),
  format: z.enum(['csv', 'xlsx', 'lheo']),
  cree_le: z.string().describe('Écrit le (ISO 8601)'),
  formations: z.number().describe('Formations dans le fichier'),
  sessions: z.number().describe('Sessions dans le fichier (sessions fermées comprises)'),
  octets: z.number(),
  sha256: z.string().describe('Empreinte SHA-256 du contenu (hexadécimal), aussi en ETag du téléchargement'),
  url: z.string().describe('Adresse de téléchargement, même clé'),
});

export const listFichiersPartenaires = defineRoute({
  method: 'GET',
  url: '/partenaires/fichiers',
  summary: 'Fichiers partenaires lisibles par la clé, du plus récent au plus ancien',
  description:
    'Les derniers fichiers écrits pour chaque profil partenaire que la clé peut lire (clé « read » liée à des profils, ou clé « admin ») : nombre de formations et de sessions, empreinte SHA-256. Une clé sans profil reçoit 403.',
  tags: ['Partenaires'],
  auth: 'partenaire',
  querystring: z.object({
    profil: z.enum(CODES).optional().describe('Ne lister que les fichiers de ce profil'),
  }),
  response: { 200: z.object({ data: z.array(FichierPartenaireSchema) }) },
});

export const getFichierPartenaire = defineRoute({
  method: 'GET',
  url: '/partenaires/fichiers/:id',
  summary: 'Télécharger un fichier partenaire',
  description:
    'Le fichier tel qu’il a été écrit (CSV, XLSX ou LHEO selon le profil), avec son empreinte en en-têtes `ETag` et `X-Offre-Sha256`. 403 si la clé ne lit pas ce profil, 404 si le fichier a été effacé (seuls les derniers sont gardés).',
  tags: ['Partenaires'],
  auth: 'partenaire',
  params: z.object({ id: z.string().max(64).describe('Identifiant du fichier (« id » de la liste)') }),
  response: { 200: z.string() },
  produces: 'application/octet-stream',
});
