import { basename } from 'node:path';
import { PassThrough } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { configOf } from '../../context.ts';
import {
  exportClasseurRoute,
  importClasseurRoute,
  type RapportClasseurSchema,
  XLSX,
} from '../../contract/index.ts';
import { getCampagneCourante } from '../../db/campagne.repository.ts';
import { OffreError } from '../../domain/errors.ts';
import { LIMITES } from '../../formats/classeur/classeur.guard.ts';
import { prepareClasseur } from '../../services/export-classeur.service.ts';
import { importClasseur } from '../../services/import-classeur.service.ts';
import { CORPS_DE_LA_REQUETE } from '../../services/imports/import-trace.ts';
import {
  annonceTropGrande,
  fermer,
  finDuFormulaire,
  type LimitesFormulaire,
  premierFichier,
} from '../multipart.ts';
import { mountRoute } from './route.ts';

const BRUTS = [XLSX, 'application/octet-stream'];
/**
 * A multipart form: its one file, and a few fields a client may add (ignored); no more — each field
 * is held in memory (up to 1 Mo), so a form of a million fields is refused (413 MULTIPART_TROP_DE_…),
 * and a second file too (MULTIPART_TROP_DE_FICHIERS), whatever its place in the form.
 */
const FORMULAIRE: LimitesFormulaire = { files: 1, fields: 10, parts: 11 };

const classeurTropGros = () =>
  new OffreError(
    'CLASSEUR_TROP_VOLUMINEUX',
    `Le classeur dépasse ${LIMITES.octets / 1024 / 1024} Mo.`,
    {},
    413,
  );

/** The workbook sent, and its name: the multipart file's, « corps de la requête » for a raw body. */
async function fichierDe(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ contenu: Buffer; nom: string }> {
  if (request.isMultipart()) {
    // Refused as announced (Content-Length), before a byte of the form is read.
    if (annonceTropGrande(request, LIMITES.octets)) {
      fermer(reply);
      throw classeurTropGros();
    }
    // A file over the limit is cut (`truncated`, below), not thrown as FST_REQ_FILE_TOO_LARGE:
    // the error handler would answer that with the route's JSON limit (1 Mo), not the workbook's.
    const part = await premierFichier(
      request,
      { limits: { fileSize: LIMITES.octets, files: 1 }, throwFileSizeLimit: false },
      FORMULAIRE,
    );
    if (!part)
      throw new OffreError(
        'FICHIER_ABSENT',
        'Aucun fichier dans le formulaire : joignez le classeur .xlsx.',
        {},
        400,
      );
    const buffer = await part.toBuffer();
    if (part.file.truncated) throw classeurTropGros();
    // The rest of the form, before anything is imported: a second file is refused, not ignored.
    await finDuFormulaire(request, FORMULAIRE);
    const nom = basename(part.filename.replace(/\\/g, '/'));
    if (buffer.length === 0)
      throw new OffreError(
        'FICHIER_VIDE',
        `Le fichier${nom ? ` « ${nom.slice(0, 200)} »` : ' joint'} est vide : joignez le classeur .xlsx rempli.`,
        {},
        400,
      );
    return { contenu: buffer, nom: nom || CORPS_DE_LA_REQUETE };
  }
  // The content type was checked before the body was read (mountRoute: the contract's `consumes`):
  // no buffer here is no body at all.
  if (!Buffer.isBuffer(request.body) || request.body.length === 0)
    throw new OffreError(
      'FICHIER_VIDE',
      `Le corps de la requête est vide : envoyez le fichier .xlsx comme corps (Content-Type ${XLSX}) ou dans un formulaire multipart/form-data.`,
      {},
      400,
    );
  return { contenu: request.body, nom: CORPS_DE_LA_REQUETE };
}

export const classeurRoutes: FastifyPluginAsync = async (app) => {
  await app.register(multipart, { limits: FORMULAIRE });
  app.addContentTypeParser(BRUTS, { parseAs: 'buffer', bodyLimit: LIMITES.octets }, (_request, body, done) =>
    done(null, body),
  );

  mountRoute(app, exportClasseurRoute, async (request, reply) => {
    // The current campaign by default, as `offre export classeur` does.
    const annee = request.query.campagne ?? (await getCampagneCourante(app.ctx.db))?.annee;
    if (annee === undefined)
      throw new OffreError(
        'REQUETE_INVALIDE',
        'Aucune campagne courante n’est définie : indiquez l’année avec le paramètre campagne (ex. ?campagne=2026).',
        {
          erreurs: [
            {
              champ: 'campagne',
              code: 'REQUETE_INVALIDE',
              message: 'Aucune campagne courante : année attendue (AAAA).',
            },
          ],
        },
        400,
      );
    const c = await prepareClasseur(app.ctx, request.acteur, { siret: request.params.siret, annee });
    const out = new PassThrough();
    c.ecrire(out).catch((e) => out.destroy(e as Error));
    return reply.type(XLSX).header('content-disposition', `attachment; filename="${c.nomFichier}"`).send(out);
  });

  mountRoute(app, importClasseurRoute, async (request, reply) => {
    const f = await fichierDe(request, reply);
    const res = await importClasseur(app.ctx, request.acteur, f.contenu, {
      // The subject of the refusals' sentences (« Le classeur envoyé n’est pas … »).
      nom: 'Le classeur envoyé',
      dryRun: request.query.dry_run === 'true',
      maxLignes: configOf(app.ctx).limites.lignesClasseur,
      trace: { origine: 'api', nom: f.nom },
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
