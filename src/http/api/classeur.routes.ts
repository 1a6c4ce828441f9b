import { PassThrough } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { OffreError } from '../../domain/errors.ts';
import { LIMITES } from '../../formats/classeur/classeur.guard.ts';
import { preparerClasseur } from '../../services/export-classeur.service.ts';
import { importerClasseur } from '../../services/import-classeur.service.ts';
import { defineRoute, mountRoute } from './route.ts';

const tags = ['Classeur de campagne'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BRUTS = [XLSX, 'application/octet-stream'];

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
      verdict: z.enum(['nouvelle', 'modifiee', 'fermee', 'inchangee', 'erreur']),
      champs: z.array(z.string()),
      erreurs: z.array(Remarque),
      avertissements: z.array(Remarque),
    }),
  ),
  fichier: z.object({ empreinte: z.string(), deja_importe_le: z.string().nullable() }).optional(),
});

export const exportClasseurRoute = defineRoute({
  method: 'GET',
  url: '/organismes/:siret/classeur',
  summary: 'Classeur de campagne d’un organisme (XLSX pré-rempli)',
  description:
    'Une ligne par formation et lieu, pré-remplie avec l’offre actuelle ; les deux dernières colonnes sont les dates de la session de la campagne. Réservé à une clé de ce SIREN ou à un administrateur / gestionnaire.',
  tags,
  auth: 'write',
  params: z.object({ siret: z.string().regex(/^\d{14}$/, 'SIRET attendu : 14 chiffres') }),
  querystring: z.object({ campagne: z.coerce.number().int().min(2000).max(2100) }),
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
    '`format=xlsx` renvoie, au lieu du rapport JSON, le classeur annoté d’une colonne « Erreurs » (totaux dans l’en-tête X-Offre-Totaux).',
  tags,
  auth: 'write',
  querystring: z.object({
    dry_run: z.enum(['true', 'false']).optional(),
    format: z.enum(['json', 'xlsx']).optional(),
  }),
  response: { 200: RapportClasseurSchema },
});

async function fichierDe(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    const part = await request.file({ limits: { fileSize: LIMITES.octets, files: 1 } });
    if (!part)
      throw new OffreError(
        'FICHIER_ABSENT',
        'Aucun fichier dans le formulaire : joignez le classeur .xlsx.',
        {},
        400,
      );
    const buffer = await part.toBuffer();
    if (part.file.truncated)
      throw new OffreError(
        'CLASSEUR_TROP_VOLUMINEUX',
        `Le classeur dépasse ${LIMITES.octets / 1024 / 1024} Mo.`,
        {},
        413,
      );
    return buffer;
  }
  if (!Buffer.isBuffer(request.body))
    throw new OffreError(
      'TYPE_CONTENU',
      `Envoyez le classeur comme corps (Content-Type ${XLSX}) ou en multipart/form-data.`,
      {},
      415,
    );
  return request.body;
}

export const classeurRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart);
  app.addContentTypeParser(BRUTS, { parseAs: 'buffer', bodyLimit: LIMITES.octets }, (_request, body, done) =>
    done(null, body),
  );

  mountRoute(app, exportClasseurRoute, async (request, reply) => {
    const c = await preparerClasseur(app.ctx, request.acteur, {
      siret: request.params.siret,
      annee: request.query.campagne,
    });
    const out = new PassThrough();
    c.ecrire(out).catch((e) => out.destroy(e as Error));
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${c.nomFichier}"`).send(out);
  });

  mountRoute(app, importClasseurRoute, async (request, reply) => {
    const res = await importerClasseur(app.ctx, request.acteur, await fichierDe(request), {
      nom: 'le classeur envoyé',
      dryRun: request.query.dry_run === 'true',
    });
    if (request.query.format === 'xlsx')
      return reply
        .type(XLSX)
        .header('content-disposition', 'attachment; filename="classeur.erreurs.xlsx"')
        .header('x-offre-totaux', JSON.stringify(res.rapport.totaux))
        .send(await res.classeurErreurs());
    return res.rapport as z.input<typeof RapportClasseurSchema>;
  });
};
