import { type AppContext, configOf } from '../context.ts';
import { type AuditFiltre, deleteAuditAvant, insertAudit, listAudit } from '../db/audit.repository.ts';
import type { Executor } from '../db/executor.ts';
import {
  checkFiltreAudit,
  detailsSansSecret,
  EVENEMENTS_SECURITE,
  type EvenementSecurite,
  isEvenementSecurite,
  type OptionsFiltreAudit,
  sansSecret,
} from '../domain/audit.ts';
import { idCursor } from '../domain/cursor.ts';
import { OffreError } from '../domain/errors.ts';

// The audit trail of security events (issue 15 item 6): sign-ins, accounts and roles, API keys,
// refused accesses. Read by administrators (/admin/journal, `offre audit list`); kept
// OFFRE_AUDIT_RETENTION_JOURS days. Never a password nor a key: callers pass none, and every text
// goes through `sansSecret` (a key is cut to its prefix) on the way in.

export interface EvenementAudit {
  readonly evenement: EvenementSecurite;
  /** `acteurLabel` of who acted or tried. */
  readonly acteur?: string | null;
  readonly ip?: string | null;
  /** What it is about: a key id, an account e-mail, `METHOD /path` (never a query string). */
  readonly cible?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

// Events written per database, for the purge every 1,000 (per database, not per process: two
// applications in one process — tests, a CLI command in a server — count their own).
const ecrits = new WeakMap<object, number>();

/** Stores one event at `at`. A failure to write is the caller's (it is in the same transaction when `db` is one). */
export async function auditer(db: Executor, at: Date, e: EvenementAudit): Promise<void> {
  await insertAudit(db, [
    {
      at,
      evenement: e.evenement,
      acteur: e.acteur ? sansSecret(e.acteur, 200) : null,
      ip: e.ip ? sansSecret(e.ip, 64) : null,
      cible: e.cible ? sansSecret(e.cible, 300) : null,
      details: detailsSansSecret(e.details ?? {}),
    },
  ]);
}

/**
 * Same, for the request path: never throws (a lost audit row must not turn a refusal into a 500:
 * the failure is logged by `onError`), and purges the rows past retention every 1,000 events.
 */
export function auditWithoutWaiting(ctx: AppContext, e: EvenementAudit, onError: (err: unknown) => void) {
  auditer(ctx.db, ctx.now(), e).catch(onError);
  const n = (ecrits.get(ctx.db) ?? 0) + 1;
  ecrits.set(ctx.db, n);
  if (n % 1000 === 0) purgeAudit(ctx).catch(onError);
}

/** Deletes the events older than the retention (OFFRE_AUDIT_RETENTION_JOURS); returns how many. */
export async function purgeAudit(ctx: AppContext): Promise<number> {
  const jours = configOf(ctx).auditRetentionJours;
  return deleteAuditAvant(ctx.db, new Date(ctx.now().getTime() - jours * 86_400_000));
}

export interface LigneAudit {
  id: string;
  at: string;
  evenement: string;
  libelle: string;
  acteur: string | null;
  ip: string | null;
  cible: string | null;
  details: Record<string, unknown>;
}

export interface FiltreAuditSaisi {
  evenement?: string;
  qui?: string;
  ip?: string;
  /** AAAA-MM-JJ, inclusive (UTC days). */
  du?: string;
  au?: string;
  /** Cursor: the id of the last row of the previous page. */
  apres?: string;
}

/**
 * The filters of `saisi` read, or refused with AUDIT_FILTRE (400, `champ` names the field, the
 * first error): an unknown event, an unreadable date, « au » before « du » or a malformed IP
 * (`checkFiltreAudit`). `options`: `offre audit list`'s, which the messages (and `champ`) then
 * name (--from, --to…) instead of the page's fields; the command checks before it opens the database.
 */
export function checkSaisieAudit(
  saisi: Omit<FiltreAuditSaisi, 'apres'>,
  options?: OptionsFiltreAudit,
): { evenement: string | undefined; du?: string; au?: string } {
  const evenement = saisi.evenement?.trim() || undefined;
  if (evenement && !isEvenementSecurite(evenement))
    throw new OffreError(
      'AUDIT_FILTRE',
      options
        ? `${options.evenement} « ${evenement} » : événement inconnu (${Object.keys(EVENEMENTS_SECURITE).join(', ')}).`
        : `Événement « ${evenement} » inconnu : ${Object.keys(EVENEMENTS_SECURITE).join(', ')}.`,
      { champ: options?.evenement ?? 'evenement' },
    );
  const periode = checkFiltreAudit(saisi, options);
  const [erreur] = periode.erreurs;
  if (erreur)
    throw new OffreError('AUDIT_FILTRE', erreur.message, { champ: options?.[erreur.champ] ?? erreur.champ });
  return { evenement, ...(periode.du && { du: periode.du }), ...(periode.au && { au: periode.au }) };
}

/**
 * One page (newest first) of the events matching the filters, and the cursor of the next page.
 * Errors: AUDIT_FILTRE (checkSaisieAudit); CURSEUR_INVALIDE (400) for an `apres` that is not a
 * page cursor it handed out.
 */
export async function readAudit(
  ctx: AppContext,
  saisi: FiltreAuditSaisi,
  limite = 50,
  /** `offre audit list`: the errors name its options (--from, --to…), not the page's fields. */
  options?: OptionsFiltreAudit,
): Promise<{ lignes: LigneAudit[]; suivant: string | null }> {
  const { evenement, ...periode } = checkSaisieAudit(saisi, options);
  const apres = saisi.apres?.trim() ? idCursor.decode(saisi.apres.trim(), 'apres') : undefined;
  const f: AuditFiltre = {
    evenement,
    qui: saisi.qui?.trim().slice(0, 200) || undefined,
    ip: saisi.ip?.trim().slice(0, 64) || undefined,
    depuis: periode.du ? new Date(`${periode.du}T00:00:00Z`) : undefined,
    // « Au » is inclusive: before the next day.
    avant: periode.au ? new Date(new Date(`${periode.au}T00:00:00Z`).getTime() + 86_400_000) : undefined,
    avantId: apres || undefined,
  };
  const rows = await listAudit(ctx.db, f, limite + 1);
  const lignes = rows.slice(0, limite).map((r) => ({
    id: String(r.id),
    at: new Date(r.at).toISOString(),
    evenement: r.evenement,
    libelle: isEvenementSecurite(r.evenement) ? EVENEMENTS_SECURITE[r.evenement] : r.evenement,
    acteur: r.acteur,
    ip: r.ip,
    cible: r.cible,
    details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown>,
  }));
  return { lignes, suivant: rows.length > limite ? idCursor.encode(lignes.at(-1)!.id) : null };
}
