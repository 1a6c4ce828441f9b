import { createHash } from 'node:crypto';
import type { AppContext } from '../../context.ts';
import { lireCampagneCourante } from '../../db/campagne.repository.ts';
import { importConcurrent, isConflitConcurrent } from '../../db/conflit.ts';
import {
  claimImportTache,
  fichierImportTache,
  findImportTache,
  finishImportTache,
  type ImportTacheResume,
  insertImportTache,
  listEtablissementsOrganisme,
  listImportTaches,
  type Portee,
  progresImportTache,
  requestApplication,
} from '../../db/import-tache.repository.ts';
import { betweenLongWrites } from '../../db/long-write.ts';
import type { Acteur } from '../../domain/acteur.ts';
import type { CodeErreur } from '../../domain/errors.catalogue.ts';
import { notFound, OffreError } from '../../domain/errors.ts';
import { isValidSiret } from '../../domain/identifiants.ts';
import { newId } from '../../domain/ids.ts';
import { LIMITES } from '../../formats/classeur/classeur.guard.ts';
import type { RapportClasseur } from '../../formats/classeur/classeur.report.ts';
import { RapportCsv } from '../../formats/lheo/lheo.rapport.ts';
import { refusEncodageLarge } from '../../formats/lheo/lheo.stream.ts';
import { estZip, natureXml } from '../../formats/zip.ts';
import { importClasseur } from '../import-classeur.service.ts';
import { importLheo } from '../import-lheo.service.ts';
import { comptesClasseur, comptesLheo, lImport } from './import-trace.ts';

// Imports from the organisation's space (/espace/imports) and from the gestionnaire's
// (/gestion/imports, a workbook an organisme returned) as stored jobs: the upload is stored,
// then run apart from the request (preview first: a dry run; then, on demand, the application),
// so that a large file never blocks a page. Every function takes the signed-in user and only ever
// reaches its own jobs — an organisme's, those of its SIREN; a gestionnaire's, those it sent
// (migration 1030) —; the import services check each row's SIREN or région themselves.

/** A signed-in organisme user (what `requireRole(request, 'organisme')` returns). */
export type UtilisateurOrganisme = Acteur & { kind: 'utilisateur'; role: 'organisme'; siren: string | null };
/** A signed-in gestionnaire (what `requireRole(request, 'gestionnaire')` returns). */
export type UtilisateurGestionnaire = Acteur & { kind: 'utilisateur'; role: 'gestionnaire' };
/** A signed-in administrator: a gestionnaire of every région on /gestion/imports. */
export type UtilisateurAdmin = Acteur & { kind: 'utilisateur'; role: 'admin' };
/** Who may send and follow imports from a page. */
export type UtilisateurImports = UtilisateurOrganisme | UtilisateurGestionnaire | UtilisateurAdmin;

export type FormatImport = 'classeur' | 'lheo';

/** Largest file accepted by the page, in bytes: the workbook's own limit; LHEO files of one organisme stay far below. */
export const TAILLE_MAX: Record<FormatImport, number> = {
  classeur: LIMITES.octets,
  lheo: 50 * 1024 * 1024,
};

/**
 * The code of a file over TAILLE_MAX: the API's for the same file (POST /imports/classeur,
 * POST /imports/lheo), so that a page and a client name the same fault alike.
 */
export const CODE_TROP_VOLUMINEUX = {
  classeur: 'CLASSEUR_TROP_VOLUMINEUX',
  lheo: 'LHEO_CORPS_TROP_VOLUMINEUX',
} as const satisfies Record<FormatImport, CodeErreur>;

const sirenDe = (u: UtilisateurOrganisme): string => {
  if (!u.siren) throw new OffreError('ACCES_REFUSE', 'Votre compte n’est rattaché à aucun SIREN.', {}, 403);
  return u.siren;
};

/**
 * The jobs `u` reaches: an organisme's SIREN's; a gestionnaire's (or an administrator's) own (a
 * colleague's preview was computed with the colleague's régions: applying it under other rights
 * would not do what it says).
 */
const porteeDe = (u: UtilisateurImports): Portee =>
  u.role === 'organisme' ? { siren: sirenDe(u) } : { gestionnaire: u.id };

const refus = (code: CodeErreur, message: string, status = 400) =>
  new OffreError(code, message, { champ: 'fichier' }, status);

/**
 * Stores a file sent from the page and queues its preview; returns the job's id.
 * Refuses (OffreError, field `fichier`) an empty file, a file over TAILLE_MAX, and a file that is
 * obviously not of the format chosen (a workbook is a .xlsx zip; LHEO is XML).
 */
export async function uploadImport(
  ctx: AppContext,
  u: UtilisateurImports,
  d: { format: FormatImport; nom: string; contenu: Buffer },
): Promise<string> {
  const p = porteeDe(u);
  const siren = 'siren' in p ? p.siren : null;
  // A gestionnaire sends an organisme's returned workbook; its LHEO files go through the API or the CLI.
  if (siren === null && d.format !== 'classeur')
    throw refus('ACCES_REFUSE', 'Seul un classeur de campagne s’importe depuis cette page.', 403);
  const nom =
    d.nom.replace(/[\\/]/g, '_').slice(0, 200) || (d.format === 'lheo' ? 'offre.xml' : 'classeur.xlsx');
  if (d.contenu.length === 0) throw refus('FICHIER_VIDE', `Le fichier « ${nom} » est vide.`);
  const max = TAILLE_MAX[d.format];
  if (d.contenu.length > max)
    throw refus(
      CODE_TROP_VOLUMINEUX[d.format],
      `Le fichier « ${nom} » dépasse ${max / 1024 / 1024} Mo.`,
      413,
    );
  reconnaitre(d.format, nom, d.contenu, siren === null);
  const id = newId('imp', ctx.now());
  const now = ctx.now();
  await insertImportTache(ctx.db, {
    id,
    siren,
    utilisateur_id: u.id,
    acteur: JSON.stringify(u),
    format: d.format,
    fichier_nom: nom,
    fichier: d.contenu,
    taille: d.contenu.length,
    empreinte: createHash('sha256').update(d.contenu).digest('hex'),
    etape: 'apercu',
    etat: 'en_attente',
    origine: 'page',
    lot: id,
    created_at: now,
    updated_at: now,
  });
  startImport(ctx, id);
  return id;
}

/**
 * The first bytes must be those of the format chosen on the form (the full checks run in the job);
 * `gestion`: sent from /gestion/imports, which takes workbooks only (the advice says where LHEO goes).
 */
function reconnaitre(format: FormatImport, nom: string, b: Buffer, gestion: boolean): void {
  const debut = b.subarray(0, 4);
  const zip = estZip(debut);
  if (format === 'classeur') {
    if (debut.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])))
      throw refus(
        'CLASSEUR_FORMAT_XLS',
        `Le fichier « ${nom} » est à l’ancien format Excel (.xls) : enregistrez-le au format .xlsx puis envoyez-le à nouveau.`,
      );
    const xml = zip ? null : natureXml(b);
    if (xml)
      throw refus(
        'CLASSEUR_FICHIER_LHEO',
        `Le fichier « ${nom} » est ${xml === 'lheo' ? 'un fichier LHEO (XML)' : 'un document XML (un fichier LHEO ?)'}, pas un classeur Excel (.xlsx) : ${gestion ? 'cette page n’importe que des classeurs de campagne ; un fichier LHEO s’importe avec la commande « offre import lheo » ou l’API POST /api/v1/imports/lheo' : 'envoyez-le avec le formulaire « Ou envoyer un fichier LHEO » de cette page'} ; rien n’a été enregistré.`,
        422,
      );
    // Not a zip: the code the API and the CLI give (classeur.guard.ts openArchive).
    if (!zip)
      throw refus(
        'CLASSEUR_PAS_XLSX',
        `Le fichier « ${nom} » n’est pas un classeur Excel (.xlsx) : envoyez le classeur de campagne téléchargé ${gestion ? 'depuis la page Campagnes' : 'sur cette page'}.`,
      );
    return;
  }
  // UTF-16 / UTF-32 (with or without their mark): the refusal the API and the CLI give.
  const large = refusEncodageLarge(b.subarray(0, 4), `« ${nom} »`);
  if (large) throw large;
  // A workbook (a zip): the code the API and the CLI give (lheo.stream.ts), where it goes here.
  if (zip)
    throw refus(
      'LHEO_PAS_XML',
      `Le fichier « ${nom} » est une archive zip (un classeur Excel .xlsx ?), pas un fichier LHEO (XML) : un classeur de campagne s’envoie avec le formulaire « 2. Envoyer le classeur rempli » de cette page ; rien n’a été enregistré.`,
      422,
    );
  // Not XML: the code the API and the CLI give (lheo.stream.ts), 422 as theirs.
  if (!natureXml(b))
    throw refus('LHEO_PAS_XML', `Le fichier « ${nom} » n’est pas un document XML LHEO.`, 422);
}

/** What the page lists: the SIREN's jobs (an organisme), those it sent (a gestionnaire), newest first. */
export async function listImports(ctx: AppContext, u: UtilisateurImports, limite = 50) {
  const taches = await listImportTaches(ctx.db, porteeDe(u), limite);
  return taches.map((t) => commeAffiche(ctx, t));
}

/**
 * One job of the user's SIREN (404 otherwise), as shown (commeAffiche); a job still waiting is
 * (re)started here, apart from the request (its claim is the runner's write, never the page's).
 */
export async function showImport(
  ctx: AppContext,
  u: UtilisateurImports,
  id: string,
): Promise<ImportTacheResume> {
  const t = await findImportTache(ctx.db, porteeDe(u), id);
  if (!t) throw notFound('Import');
  if (t.etat === 'en_attente') startImport(ctx, t.id);
  return commeAffiche(ctx, t);
}

/**
 * A job as the pages show it: a running job whose progress has not moved for SILENCE_MAX_MS and
 * that this process does not run lost its process (progress is written at least every few
 * seconds): it is shown failed, INTERROMPU. Derived when read, never written: a page view needs no
 * write (on PGlite, one writer: a write waits for, or is refused during, another import — review
 * 05/12; on PostgreSQL it would wait for a lock on the job's row).
 */
function commeAffiche(ctx: AppContext, t: ImportTacheResume): ImportTacheResume {
  if (t.etat !== 'en_cours' || files.get(ctx)?.ids.has(t.id)) return t;
  if (ctx.now().getTime() - new Date(t.updated_at).getTime() <= SILENCE_MAX_MS) return t;
  return { ...t, etat: 'echouee', erreur: INTERROMPU };
}

/** A running job whose progress has not moved for this long is taken as stopped with its server. */
const SILENCE_MAX_MS = 15 * 60 * 1000;
const INTERROMPU = {
  code: 'IMPORT_INTERROMPU',
  message:
    'L’import a été interrompu (arrêt du serveur) avant sa fin ; son enregistrement se fait en une seule transaction, donc rien n’a été enregistré. Envoyez le fichier à nouveau.',
};

/** Queues the application of a finished preview. Refuses (409) anything else: already applied, failed, running. */
export async function applyImport(ctx: AppContext, u: UtilisateurImports, id: string): Promise<void> {
  const t = await showImport(ctx, u, id);
  if (t.etat === 'echouee')
    throw new OffreError(
      'IMPORT_ECHOUE',
      'Cet import a échoué : corrigez le fichier et envoyez-le à nouveau.',
      {},
      409,
    );
  const ok = await requestApplication(
    ctx.db,
    porteeDe(u),
    id,
    { utilisateur_id: u.id, acteur: u },
    ctx.now(),
  );
  if (!ok)
    throw new OffreError(
      'IMPORT_DEJA_LANCE',
      t.etape === 'application'
        ? 'Cet import a déjà été appliqué (ou est en cours d’application).'
        : 'L’aperçu de cet import n’est pas encore prêt.',
      {},
      409,
    );
  startImport(ctx, id);
}

/**
 * The file sent, the workbook annotated with an `Erreurs` column, or the full report of an LHEO
 * import (gzip-compressed CSV: `nom` is the CSV's, the caller decompresses); 404 when absent.
 */
export async function fichierImport(
  ctx: AppContext,
  u: UtilisateurImports,
  id: string,
  quel: 'fichier' | 'classeur_annote' | 'rapport_complet',
): Promise<{ nom: string; contenu: Buffer }> {
  const f = await fichierImportTache(ctx.db, porteeDe(u), id, quel);
  if (!f?.contenu) throw notFound('Fichier');
  const nom =
    quel === 'fichier'
      ? f.nom
      : quel === 'classeur_annote'
        ? `${f.nom.replace(/\.xlsx$/i, '')}.annote.xlsx`
        : `${f.nom.replace(/\.xml$/i, '')}.rapport.csv`;
  return { nom, contenu: f.contenu };
}

/**
 * The establishments whose workbook the user may download, and the current campaign.
 * A stored SIRET that is not a valid one (a wrong Luhn key is stored, with ORG_SIRET_FORMAT) has no
 * workbook (prepareClasseur refuses it): it is listed apart, in `siretsInvalides`, never offered.
 */
export async function telechargements(ctx: AppContext, u: UtilisateurOrganisme) {
  // The current campaign, read (a GET writes nothing): when none is stored yet, the one the next
  // write will create, with its defaults, whose workbook prepareClasseur gives all the same.
  const campagne = await lireCampagneCourante(ctx.db, ctx.now());
  const tous = await listEtablissementsOrganisme(ctx.db, sirenDe(u));
  return {
    annee: campagne.annee,
    libelle: campagne.libelle,
    etablissements: tous.filter((e) => isValidSiret(e.siret)),
    siretsInvalides: tous.filter((e) => !isValidSiret(e.siret)).map((e) => e.siret),
  };
}

// ——— The runner: one job at a time per process, in arrival order ———

const files = new WeakMap<AppContext, { queue: Promise<void>; ids: Set<string> }>();

/** Runs job `id` after the ones already queued in this process (no-op if it is queued here already, or taken by another process). */
export function startImport(ctx: AppContext, id: string): void {
  let f = files.get(ctx);
  if (!f) {
    f = { queue: Promise.resolve(), ids: new Set() };
    files.set(ctx, f);
  }
  if (f.ids.has(id)) return;
  f.ids.add(id);
  const fil = f;
  fil.queue = fil.queue
    .then(() => executer(ctx, id))
    .catch((e) => console.error(`import ${id}`, e))
    .finally(() => fil.ids.delete(id));
}

/** Resolves when every job queued in this process has ended (server shutdown, tests). */
export async function waitForImports(ctx: AppContext): Promise<void> {
  const f = files.get(ctx);
  while (f && f.ids.size > 0) await f.queue;
}

const INTERVALLE_PROGRES_MS = 500;

/** Bytes of the stored LHEO file handed to the XML reader at a time. */
const MORCEAU = 256 * 1024;

/**
 * The stored file in pieces, the server's other requests served between two: given whole, the XML
 * reader parsed the 45 Mo of a file sent from the page in one call, holding the single thread 12 s
 * (review 05/12, CPU profile). setImmediate lets the pending I/O (the other requests) run.
 */
async function* parMorceaux(fichier: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < fichier.length; i += MORCEAU) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    yield fichier.subarray(i, i + MORCEAU);
  }
}

/**
 * A job's final write (its status, report, counts). Its import committed just before: on PGlite
 * another long write may have started since (an API or reference import), refusing other writes
 * (BASE_OCCUPEE); the job would then stay « en cours » and read as « interrompu… rien n’a été
 * enregistré » 15 minutes later, though applied. So it waits for that write to end (db/long-write.ts).
 */
export function terminerTache(
  ctx: AppContext,
  id: string,
  fin: Parameters<typeof finishImportTache>[2],
): Promise<void> {
  return betweenLongWrites(ctx.db, () => finishImportTache(ctx.db, id, fin, ctx.now()));
}

async function executer(ctx: AppContext, id: string): Promise<void> {
  // Claimed once another import's long write has ended (PGlite, one writer: it would be refused
  // BASE_OCCUPEE meanwhile), as its final status is written (terminerTache).
  const t = await betweenLongWrites(ctx.db, () => claimImportTache(ctx.db, id, ctx.now()));
  if (!t) return;
  const acteur = t.acteur;
  const dryRun = t.etape === 'apercu';
  // Progress is written beside the import (never inside its transaction), at most twice a second.
  let dernier = 0;
  const progres = (progression: number, total: number | null) => {
    const now = Date.now();
    if (now - dernier < INTERVALLE_PROGRES_MS) return;
    dernier = now;
    progresImportTache(ctx.db, id, { progression, total }, ctx.now()).catch(() => {});
  };
  try {
    // The job acts as its sender: the organisme of its SIREN, or the gestionnaire (administrator) of a job with none.
    const proprietaire =
      acteur.kind === 'utilisateur' &&
      (t.siren === null
        ? (acteur.role === 'gestionnaire' || acteur.role === 'admin') && acteur.id === t.utilisateur_id
        : acteur.siren === t.siren);
    if (!proprietaire)
      throw new OffreError('ACCES_REFUSE', 'Cet import n’appartient pas à votre structure.', {}, 403);
    if (t.format === 'classeur') {
      const res = await importClasseur(ctx, acteur, t.fichier, {
        nom: `« ${t.fichier_nom} »`,
        nomImport: t.fichier_nom,
        dryRun,
        onProgress: progres,
        // A gestionnaire's import, once applied, is listed for each organisme it touched (as the API's).
        ...(t.siren === null ? { trace: { origine: 'page' as const, nom: t.fichier_nom } } : {}),
        // The preview the user confirmed: the rows the offer's changes since make otherwise are said.
        ...(!dryRun && t.rapport ? { apercu: t.rapport as RapportClasseur } : {}),
      });
      const annote = await res.classeurErreurs();
      await terminerTache(ctx, id, {
        etat: 'terminee',
        rapport: res.rapport,
        erreur: null,
        classeur_annote: annote,
        applique_at: dryRun ? null : ctx.now(),
        comptes: comptesClasseur(res.rapport),
      });
    } else {
      const complet = new RapportCsv();
      const rapport = await importLheo(ctx, acteur, parMorceaux(t.fichier), {
        fichier: `« ${t.fichier_nom} »`,
        nomImport: t.fichier_nom,
        dryRun,
        onProgress: (n) => progres(n, null),
        onLigne: (l) => complet.ecrire(l),
      });
      await terminerTache(ctx, id, {
        etat: 'terminee',
        rapport,
        erreur: null,
        classeur_annote: null,
        rapport_complet: complet.fin(),
        applique_at: dryRun ? null : ctx.now(),
        comptes: comptesLheo(rapport),
      });
    }
  } catch (cause) {
    const e = isConflitConcurrent(cause) ? importConcurrent(lImport(t.format, t.fichier_nom)) : cause;
    const erreur =
      e instanceof OffreError
        ? { code: e.code, message: e.message }
        : {
            code: 'ERREUR_INTERNE',
            message:
              'L’import s’est interrompu sur une erreur inattendue ; rien n’a été enregistré. Réessayez, et si cela se reproduit, contactez votre Carif-Oref.',
          };
    if (!(e instanceof OffreError)) console.error(`import ${id}`, e);
    await terminerTache(ctx, id, {
      etat: 'echouee',
      rapport: null,
      erreur,
      classeur_annote: null,
      applique_at: null,
    });
  }
}
