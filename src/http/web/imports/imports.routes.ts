import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ImportTacheResume } from '../../../db/import-tache.repository.ts';
import { OffreError } from '../../../domain/errors.ts';
import { nomExport } from '../../../domain/nom-export.ts';
import { prepareClasseur } from '../../../services/export-classeur.service.ts';
import { openLheoExportOrganisme } from '../../../services/export-lheo.service.ts';
import {
  applyImport,
  CODE_TROP_VOLUMINEUX,
  type FormatImport,
  fichierImport,
  listImports,
  showImport,
  TAILLE_MAX,
  telechargements,
  type UtilisateurImports,
  uploadImport,
  waitForImports,
} from '../../../services/imports/import-tache.service.ts';
import {
  annonceTropGrande,
  fermer,
  finDuFormulaire,
  type LimitesFormulaire,
  refusMultipart,
} from '../../multipart.ts';
import { estRefusCsrf, fichierVerifie } from '../../plugins/securite.plugin.ts';
import { anneeCampagne } from '../annee-campagne.ts';
import type { Erreurs } from '../form/formulaire.ts';
import { requireRole } from '../guard.ts';
import { seeOther, sendPage } from '../reponse.ts';
import { ImportPage } from './import.page.tsx';
import { type BaseImports, ImportsPage } from './imports.page.tsx';
import { ImportsGestionPage } from './imports-gestion.page.tsx';

/** A signed-in user's own file: kept by no cache, shared or not (as its pages). */
const PRIVE = 'private, no-store';

// /espace/imports*: the organisation's bulk collection (docs/pages.md). Only the signed-in
// organisme user's own SIREN: the service looks every job up by its SIREN, and the import
// services check each row's owner.
// /gestion/imports*: the same pages for a gestionnaire (docs/gestion.md), a workbook only, and
// only the jobs it sent: the service looks them up by their sender; the import keeps the rows to
// its régions; an administrator (a gestionnaire of every région) uses them too. Each space
// refuses the other's users (403).

/** One space's import pages: its address, the role it serves, the formats it takes. */
export interface EspaceImports {
  readonly base: BaseImports;
  readonly roles: readonly ('organisme' | 'gestionnaire' | 'admin')[];
  readonly formats: readonly FormatImport[];
}
export const IMPORTS_ORGANISME: EspaceImports = {
  base: '/espace/imports',
  roles: ['organisme'],
  formats: ['classeur', 'lheo'],
};
export const IMPORTS_GESTION: EspaceImports = {
  base: '/gestion/imports',
  roles: ['gestionnaire', 'admin'],
  formats: ['classeur'],
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The upload form: its token, its file, room for a few more fields. */
const FORMULAIRE: LimitesFormulaire = { files: 1, fields: 5, parts: 6 };
/** How long an upload waits for its preview before showing the progress page (small files show the preview at once). */
const ATTENTE_APERCU_MS = 1500;

/** The notice after "Appliquer", by the job's real state when the page is shown. */
function annonceDe(info: unknown, t: Pick<ImportTacheResume, 'etape' | 'etat'>): string | undefined {
  if (info !== 'application' || t.etape !== 'application') return undefined;
  if (t.etat === 'en_attente' || t.etat === 'en_cours')
    return 'Application demandée : l’import est en cours.';
  if (t.etat === 'terminee')
    return 'Import appliqué : le compte rendu ci-dessous dit ce qui a été enregistré.';
  return undefined; // echouee: the page says why.
}

const attachement = (nom: string) =>
  `attachment; filename="${nom.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(nom)}`;

export const importsRoutes: FastifyPluginAsync<{ espace?: EspaceImports }> = async (app, opts) => {
  const espace = opts.espace ?? IMPORTS_ORGANISME;
  const { base } = espace;
  /** The signed-in user of one of the space's roles (403 page for any other). */
  const utilisateur = (request: FastifyRequest): UtilisateurImports =>
    requireRole(request, ...espace.roles) as UtilisateurImports;
  await app.register(multipart, { limits: FORMULAIRE });
  // A server that stops lets the job it is running end (its state stays true in the database).
  app.addHook('onClose', async () => waitForImports(app.ctx));

  const pageListe = async (
    request: FastifyRequest,
    reply: FastifyReply,
    erreurs: Erreurs = [],
    status = 200,
  ) => {
    const u = utilisateur(request);
    if (u.role !== 'organisme') {
      const imports = await listImports(app.ctx, u);
      const v = { regions: u.role === 'admin' ? null : u.regions, imports, tailleMax: TAILLE_MAX.classeur };
      return sendPage(request, reply, ImportsGestionPage({ v, erreurs }), status);
    }
    const [t, imports] = await Promise.all([telechargements(app.ctx, u), listImports(app.ctx, u)]);
    return sendPage(
      request,
      reply,
      ImportsPage({ v: { ...t, imports, tailleMax: TAILLE_MAX }, erreurs }),
      status,
    );
  };

  app.get(base, (request, reply) => pageListe(request, reply));

  // The organisme downloads its workbook here; a gestionnaire, from /gestion/campagnes.
  if (espace.roles.includes('organisme'))
    app.get<{ Querystring: { siret?: string; campagne?: string } }>(
      '/espace/imports/classeur',
      async (request, reply) => {
        const u = requireRole(request, 'organisme');
        // No establishment named (a bookmark, an address typed): the one of a single-establishment
        // organisme; with several, the Imports page, where each has its download link.
        let siret = request.query.siret === undefined ? '' : String(request.query.siret).trim();
        const dl = siret && request.query.campagne !== undefined ? null : await telechargements(app.ctx, u);
        if (!siret) {
          if (dl?.etablissements.length !== 1) return reply.redirect('/espace/imports#telecharger', 303);
          siret = dl.etablissements[0]!.siret;
        }
        // The API's rule for the year (contract campagneParam); a year with no campaign: the service's 404.
        const annee =
          request.query.campagne === undefined
            ? dl!.annee
            : anneeCampagne(request.query.campagne, 'campagne', 'querystring');
        const c = await prepareClasseur(app.ctx, u, { siret, annee });
        const out = new PassThrough();
        c.ecrire(out).catch((e) => out.destroy(e as Error));
        return reply
          .type(XLSX)
          .header('cache-control', PRIVE)
          .header('content-disposition', attachement(c.nomFichier))
          .send(out);
      },
    );

  // The organisme's own offer in LHEO 2.3 (export-lheo.service.ts openLheoExportOrganisme): its
  // formations only, whatever the API's export would give its keys.
  if (espace.roles.includes('organisme'))
    app.get('/espace/imports/lheo', async (request, reply) => {
      const u = requireRole(request, 'organisme');
      const exp = await openLheoExportOrganisme(app.ctx.db, u, app.ctx.now());
      return reply
        .type('application/xml; charset=utf-8')
        .header('cache-control', PRIVE)
        .header(
          'content-disposition',
          attachement(nomExport('lheo', { siren: u.siren ?? '' }, app.ctx.now())),
        )
        .send(Readable.from(exp.chunks));
    });

  app.post<{ Params: { format: string } }>(
    `${base}/:format`,
    { config: { csrfMultipart: true } },
    async (request, reply) => {
      const u = utilisateur(request);
      const format = request.params.format as FormatImport;
      if (!espace.formats.includes(format)) throw new OffreError('INTROUVABLE', 'Page introuvable.', {}, 404);
      const champ = `fichier-${format}`;
      const max = TAILLE_MAX[format];
      // The refusal's stable code, shown under its message (the API's for the same file).
      const refuser = (message: string, status: number, code: string) =>
        pageListe(request, reply, [{ champ, message, code }], status);
      const aucunFichier = () => refuser('Choisissez un fichier à envoyer.', 400, 'FICHIER_ABSENT');
      const tropGros = (nom: string) =>
        refuser(`Le fichier « ${nom} » dépasse ${max / 1024 / 1024} Mo.`, 413, CODE_TROP_VOLUMINEUX[format]);
      if (!request.isMultipart()) return aucunFichier();
      let id: string;
      try {
        const part = await fichierVerifie(request, reply, { limits: { fileSize: max, files: 1 } });
        if (part?.fieldname !== 'fichier' || !part.filename) return aucunFichier();
        // The file's size as announced, before its bytes are read (its name is in its part's headers).
        if (annonceTropGrande(request, max)) {
          fermer(reply);
          return tropGros(part.filename);
        }
        let contenu: Buffer;
        try {
          contenu = await part.toBuffer();
        } catch (e) {
          if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') return tropGros(part.filename);
          throw e;
        }
        if (part.file.truncated) return tropGros(part.filename);
        // The rest of the form, before the job is stored: a second file is refused, not ignored.
        await finDuFormulaire(request, FORMULAIRE);
        id = await uploadImport(app.ctx, u, { format, nom: part.filename, contenu });
      } catch (e) {
        if (estRefusCsrf(e)) throw e;
        const refus = e instanceof OffreError ? e : refusMultipart(e, FORMULAIRE);
        if (refus && refus.status < 500) return refuser(refus.message, refus.status, refus.code);
        const code = (e as { code?: string }).code ?? '';
        if (code.startsWith('FST_'))
          return refuser(
            'L’envoi du fichier a échoué (formulaire incomplet ou interrompu) : réessayez.',
            400,
            'MULTIPART_INVALIDE',
          );
        throw e;
      }
      await Promise.race([waitForImports(app.ctx), new Promise((r) => setTimeout(r, ATTENTE_APERCU_MS))]);
      return seeOther(reply, `${base}/${id}`);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { info?: string } }>(
    `${base}/:id`,
    async (request, reply) => {
      const u = utilisateur(request);
      const t = await showImport(app.ctx, u, request.params.id);
      const annonce = annonceDe(request.query.info, t);
      return sendPage(request, reply, ImportPage({ t, annonce, base }));
    },
  );

  app.post<{ Params: { id: string } }>(`${base}/:id/appliquer`, async (request, reply) => {
    const u = utilisateur(request);
    await applyImport(app.ctx, u, request.params.id);
    await Promise.race([waitForImports(app.ctx), new Promise((r) => setTimeout(r, ATTENTE_APERCU_MS))]);
    return seeOther(reply, `${base}/${request.params.id}?info=application`);
  });

  app.get<{ Params: { id: string } }>(`${base}/:id/classeur-annote.xlsx`, async (request, reply) => {
    const u = utilisateur(request);
    const f = await fichierImport(app.ctx, u, request.params.id, 'classeur_annote');
    return reply
      .type(XLSX)
      .header('cache-control', PRIVE)
      .header('content-disposition', attachement(f.nom))
      .send(f.contenu);
  });

  // The full report of an LHEO import: stored compressed, sent as it is decompressed.
  app.get<{ Params: { id: string } }>(`${base}/:id/rapport.csv`, async (request, reply) => {
    const u = utilisateur(request);
    const f = await fichierImport(app.ctx, u, request.params.id, 'rapport_complet');
    return reply
      .type('text/csv; charset=utf-8')
      .header('cache-control', PRIVE)
      .header('content-disposition', attachement(f.nom))
      .send(Readable.from([f.contenu]).pipe(createGunzip()));
  });

  app.get<{ Params: { id: string } }>(`${base}/:id/fichier`, async (request, reply) => {
    const u = utilisateur(request);
    const f = await fichierImport(app.ctx, u, request.params.id, 'fichier');
    const type = f.nom.toLowerCase().endsWith('.xml') ? 'application/xml' : XLSX;
    return reply
      .type(type)
      .header('cache-control', PRIVE)
      .header('content-disposition', attachement(f.nom))
      .send(f.contenu);
  });
};
