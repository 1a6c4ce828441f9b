import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppContext } from '../../context.ts';
import {
  changeEtat,
  type DepotResume,
  depotEnAttente,
  fichierDepot,
  findDepot,
  insertDepot,
  listDepots,
} from '../../db/referentiel-depot.repository.ts';
import { isAdministrateur } from '../../domain/acces.ts';
import { type Acteur, acteurLabel, LIBELLES_ROLES } from '../../domain/acteur.ts';
import type { CodeErreur } from '../../domain/errors.catalogue.ts';
import { notFound, OffreError } from '../../domain/errors.ts';
import { newId } from '../../domain/ids.ts';
import { KINDS } from '../../referentiels/types.ts';
import { type Alerte, GARDES, type ImportResult, importReferentiel } from '../referentiel.service.ts';
import { statutReferentiels } from '../referentiel-status.service.ts';
import { regionsDeGestion } from './validation.service.ts';

// The reference data page (/gestion/referentiels, issue 9 item 4): what is loaded, and official
// files uploaded, previewed (the real import and the real rules, in a transaction rolled back),
// then applied or cancelled. Reference files are national: every gestionnaire and every
// administrator may load one; the impact is shown for all régions and the user's own. A file a
// guard holds (REFERENTIEL_IMPACT_SUSPECT, REFERENTIEL_BAISSE_SUSPECTE) changes offers in every
// région: only an administrator applies it, with the confirmation (the CLI's --force, for operators).

/** Largest reference file the page accepts, in bytes (bigger files — RNCP XML, Sirene — go through the CLI). */
export const TAILLE_MAX_REFERENTIEL = 50 * 1024 * 1024;

/** The preview as stored (the impacted ids list left out: it can be the whole catalogue). */
export type Apercu = Omit<ImportResult, 'impact'> & { impact: { formations: number } };

export interface Depot extends Omit<DepotResume, 'apercu' | 'erreur'> {
  readonly apercu: Apercu | null;
  /** The last refused application; `codes`: every guard that held it. */
  readonly erreur: { code: string; message: string; codes?: string[] } | null;
}

const refus = (code: CodeErreur, message: string, champ: string, status = 400) =>
  new OffreError(code, message, { champ }, status);

/** Gestionnaire or administrator (403 otherwise); the régions to highlight (null = all). */
function autoriser(acteur: Acteur): readonly string[] | null {
  return regionsDeGestion(acteur);
}

/** What the page shows: the loaded datasets and the latest deposits. */
export async function pageReferentiels(ctx: AppContext, acteur: Acteur) {
  const regions = autoriser(acteur);
  const [statut, depots] = await Promise.all([statutReferentiels(ctx), listDepots(ctx.db, 20)]);
  return { ...statut, depots, regions };
}

/** Runs `f` on a private temporary copy of the file, under its own name (the importers read files by path; the file's date may be in its name). */
async function surCopie<T>(nom: string, contenu: Buffer, f: (chemin: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'offre-depot-'));
  try {
    const chemin = join(dir, nom);
    await writeFile(chemin, contenu);
    return await f(chemin);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Checks and previews an uploaded reference file, then stores it with its preview; returns its id
 * (`existant` false). The same file (SHA-256) of the same kind already awaiting a decision is not
 * previewed again: that deposit's id is returned (`existant` true). Refuses (OffreError, field `kind` or `fichier`, nothing stored) an unknown kind, an empty or
 * too large file, a file of another kind, an empty or all-rejected file.
 */
export async function uploadReferentiel(
  ctx: AppContext,
  acteur: Acteur,
  d: { kind: string; nom: string; contenu: Buffer },
): Promise<{ id: string; existant: boolean }> {
  autoriser(acteur);
  if (!(KINDS as readonly string[]).includes(d.kind))
    throw refus('REFERENTIEL_TYPE_INCONNU', 'Choisissez le type de fichier de référence.', 'kind');
  const nom = d.nom.replace(/[\\/]/g, '_').slice(0, 200) || 'referentiel';
  if (d.contenu.length === 0) throw refus('FICHIER_VIDE', `Le fichier « ${nom} » est vide.`, 'fichier');
  if (d.contenu.length > TAILLE_MAX_REFERENTIEL)
    throw refus(
      'FICHIER_TROP_VOLUMINEUX',
      `Le fichier « ${nom} » dépasse ${TAILLE_MAX_REFERENTIEL / 1024 / 1024} Mo : importez-le avec « offre referentiel import ${d.kind} ».`,
      'fichier',
      413,
    );
  // The same file (same content, same kind) already awaiting a decision: its preview, not a second
  // one (as a mail client or a document store does with an identical attachment) — nothing computed.
  const empreinte = createHash('sha256').update(d.contenu).digest('hex');
  const existant = await depotEnAttente(ctx.db, d.kind, empreinte);
  if (existant) return { id: existant, existant: true };
  let r: ImportResult;
  try {
    r = await surCopie(nom, d.contenu, (fichier) =>
      importReferentiel(ctx, { kind: d.kind, fichier, nom, apercu: true }),
    );
  } catch (e) {
    if (e instanceof OffreError && e.status < 500)
      throw new OffreError(e.code, e.message, { ...e.details, champ: 'fichier' }, e.status);
    throw e;
  }
  const { impact, ...reste } = r;
  const apercu: Apercu = { ...reste, impact: { formations: impact.formations } };
  const id = newId('ref', ctx.now());
  await insertDepot(ctx.db, {
    id,
    kind: d.kind,
    fichier_nom: nom,
    fichier: d.contenu,
    taille: d.contenu.length,
    empreinte,
    etat: 'apercu',
    apercu: JSON.stringify(apercu),
    depose_par: acteurLabel(acteur),
    created_at: ctx.now(),
  });
  return { id, existant: false };
}

/** One deposit with its preview (404 when unknown). */
export async function showDepot(ctx: AppContext, acteur: Acteur, id: string): Promise<Depot> {
  autoriser(acteur);
  const d = await findDepot(ctx.db, id);
  if (!d) throw notFound('Dépôt de fichier de référence');
  return d as Depot;
}

/**
 * The guards that hold this deposit: those its preview raised, and those that refused its last
 * application (the data changed since the preview); empty when none.
 */
export function raisonsDepot(d: Pick<Depot, 'apercu' | 'erreur'>): Alerte['code'][] {
  const codes = [
    ...(d.apercu?.alertes.map((a) => a.code) ?? []),
    ...(d.erreur?.codes ?? (d.erreur ? [d.erreur.code] : [])),
  ];
  return [...new Set(codes)].filter((c): c is Alerte['code'] => (GARDES as readonly string[]).includes(c));
}

/** True when applying needs the explicit confirmation (a guard holds the file). */
export const confirmationRequise = (d: Pick<Depot, 'apercu' | 'erreur'>) => raisonsDepot(d).length > 0;

/** What the confirmation overrides, in words: « malgré … » (the checkbox), « avec confirmation … » (the decision). */
export function motifsConfirmation(codes: readonly string[]): { malgre: string; de: string } {
  const impact = codes.includes('REFERENTIEL_IMPACT_SUSPECT');
  const taille = codes.includes('REFERENTIEL_BAISSE_SUSPECTE');
  const TAILLE = 'la taille du fichier, bien plus petit que les données qu’il remplace';
  if (impact && taille)
    return {
      malgre: `leur impact sur les offres et ${TAILLE}`,
      de: 'de l’impact et de la taille du fichier',
    };
  if (taille) return { malgre: TAILLE, de: 'de la taille du fichier' };
  if (impact) return { malgre: 'leur impact sur les offres', de: 'de l’impact' };
  return { malgre: 'les alertes de l’aperçu', de: 'explicite' };
}

/** Who may apply a held file, in words (the pages and the refusal say the same). */
export const QUI_APPLIQUE = 'un administrateur de la plateforme';

/**
 * The refusal of a held deposit's application by someone other than an administrator
 * (REFERENTIEL_ADMIN_REQUIS, 403, field `confirmation`): the guards' reasons, who may apply it.
 */
export function refusAdminRequis(d: Pick<Depot, 'apercu' | 'erreur'>): OffreError {
  const codes = raisonsDepot(d);
  return new OffreError(
    'REFERENTIEL_ADMIN_REQUIS',
    `Ce fichier est retenu par prudence (${motifsConfirmation(codes).malgre.replace(/^leur /, 'son ')}). Les données de référence sont nationales : seul ${QUI_APPLIQUE} peut l’appliquer malgré tout (rôle « ${LIBELLES_ROLES.admin} »). Transmettez-lui l’adresse de cette page, ou annulez ce dépôt.`,
    { champ: 'confirmation', codes },
    403,
  );
}

/**
 * Applies a previewed deposit: the ordinary import of the stored file (its own transaction and
 * run), with `force` only when an administrator confirmed. Refuses (409) a deposit already
 * decided; (403 REFERENTIEL_ADMIN_REQUIS, field `confirmation`) one a guard holds, applied by
 * anyone but an administrator (a gestionnaire's confirmation is never a `force`); (400, field
 * `confirmation`) one a guard holds, without the confirmation.
 */
export async function applyDepot(
  ctx: AppContext,
  acteur: Acteur,
  id: string,
  confirme: boolean,
): Promise<ImportResult> {
  const d = await showDepot(ctx, acteur, id);
  if (d.etat !== 'apercu') throw new OffreError('DEPOT_DEJA_DECIDE', dejaDecide(d), {}, 409);
  const admin = isAdministrateur(acteur);
  if (confirmationRequise(d) && !admin) throw refusAdminRequis(d);
  // Only an administrator's confirmation overrides a guard (one met at application included).
  const force = confirme && admin;
  if (confirmationRequise(d) && !confirme)
    throw refus(
      'CONFIRMATION_REQUISE',
      d.apercu?.alertes.length
        ? `${d.apercu.alertes.map((a) => a.message).join(' ')} Cochez la case de confirmation pour appliquer ce fichier malgré tout.`
        : // held at its last application: that refusal already says what to do
          (d.erreur?.message ?? 'Cochez la case de confirmation pour appliquer ce fichier malgré tout.'),
      'confirmation',
    );
  if (!(await changeEtat(ctx.db, id, 'apercu', 'en_cours')))
    throw new OffreError('DEPOT_DEJA_DECIDE', dejaDecide(d), {}, 409);
  const contenu = (await fichierDepot(ctx.db, id))!;
  try {
    const r = await surCopie(d.fichier_nom, contenu, (fichier) =>
      importReferentiel(ctx, { kind: d.kind, fichier, nom: d.fichier_nom, force }),
    );
    await changeEtat(ctx.db, id, 'en_cours', 'appliquee', {
      run_id: r.run_id,
      decide_par: acteurLabel(acteur),
      confirme: force,
      decided_at: ctx.now(),
      // A confirmed application keeps the refusal it overrode (the reasons the page names).
      ...(force ? {} : { erreur: null }),
    });
    return r;
  } catch (e) {
    // Nothing was stored by the import (one transaction): the deposit can be applied again or cancelled.
    // A file held by a guard: its reasons in the page's words (its checkbox, not the CLI's --force).
    const raisons =
      e instanceof OffreError && Array.isArray(e.details.raisons) ? (e.details.raisons as string[]) : null;
    const erreur =
      e instanceof OffreError
        ? {
            code: e.code,
            message: raisons
              ? `${raisons.join(' ')} Rien n’a été appliqué : vérifiez le fichier ; un administrateur peut l’appliquer malgré tout en cochant la case de confirmation.`
              : e.message,
            ...(Array.isArray(e.details.codes) ? { codes: e.details.codes } : {}),
          }
        : { code: 'ERREUR_INTERNE', message: 'L’application a échoué.' };
    await changeEtat(ctx.db, id, 'en_cours', 'apercu', { erreur: JSON.stringify(erreur) });
    if (e instanceof OffreError && e.status < 500)
      throw new OffreError(e.code, erreur.message, { champ: 'confirmation' }, e.status);
    throw e;
  }
}

/** Cancels a previewed deposit (nothing was ever applied). 409 when already decided. */
export async function cancelDepot(ctx: AppContext, acteur: Acteur, id: string): Promise<void> {
  const d = await showDepot(ctx, acteur, id);
  const ok = await changeEtat(ctx.db, id, 'apercu', 'annulee', {
    decide_par: acteurLabel(acteur),
    decided_at: ctx.now(),
  });
  if (!ok) throw new OffreError('DEPOT_DEJA_DECIDE', dejaDecide(d), {}, 409);
}

function dejaDecide(d: Pick<Depot, 'etat'>): string {
  if (d.etat === 'appliquee') return 'Ce fichier a déjà été appliqué.';
  if (d.etat === 'annulee') return 'Ce dépôt a été annulé : envoyez le fichier à nouveau pour l’appliquer.';
  return 'Ce fichier est en cours d’application.';
}
