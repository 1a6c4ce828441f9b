import type { AppContext } from '../context.ts';
import { findApiKeySiren } from '../db/apikey.repository.ts';
import { listHistoriqueEntites } from '../db/historique.repository.ts';
import { findStructure } from '../db/structure.repository.ts';
import { findUtilisateur } from '../db/utilisateur.repository.ts';
import { isAdministrateur } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import { avecAuteurs } from './auteurs.service.ts';

// The decisions on accounts through the API (issue 9 item 8): a structure's sign-up (request,
// approval, refusal with its reason, establishments added or removed), a user account's history
// (creation, role and scope changes, disabling, re-enabling) and an API key's (creation, quota,
// revocation), each with the person who made it — what /gestion/structures, /admin/utilisateurs
// and /admin/cles show. Read by the gestionnaires of the structure's région and administrators.

/** The entities whose decisions are read here (historique.entite). */
export type EntiteDecision = 'structure' | 'utilisateur' | 'api_key';

/** One decision: when, what (`action`, e.g. approbation, refus, role, revocation), who, the change. */
export interface Decision {
  readonly at: string;
  readonly action: string;
  /** Stable label of who decided (`utilisateur:<e-mail>`, `cle:<name>`, `systeme:<what>`). */
  readonly acteur: string;
  /** The same, as the pages show it (« Nom (e-mail) »). */
  readonly auteur: string;
  /** What changed: a list of { champ, avant, apres } (structures) or the fields set (accounts, keys). */
  readonly diff: unknown;
}

/**
 * The région a structure belongs to: its row's, else (a refused sign-up, whose structure is
 * removed) the one its refusal recorded; null when neither says.
 */
function regionRefusee(rows: readonly { action: string; diff: unknown }[]): string | null {
  for (const r of rows)
    if (r.action === 'refus' && Array.isArray(r.diff))
      for (const c of r.diff as { champ?: string; avant?: unknown }[])
        if (c.champ === 'region' && typeof c.avant === 'string') return c.avant;
  return null;
}

/**
 * The decisions on one structure (SIREN), user account (id) or API key (id), oldest first.
 * Errors: 403 for anyone but gestionnaires and administrators, and for a gestionnaire when the
 * structure (of the account, of the key) is not of its régions (an account or key without a
 * structure: administrators only); 404 when nothing is known of `id`.
 */
export async function historiqueDecisions(
  ctx: AppContext,
  acteur: Acteur,
  entite: EntiteDecision,
  id: string,
): Promise<Decision[]> {
  const admin = isAdministrateur(acteur);
  if (!admin && !(acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire'))
    throw forbidden(
      'L’historique des décisions est réservé aux gestionnaires de région et aux administrateurs.',
    );
  const rows = await listHistoriqueEntites(ctx.db, entite, [id]);
  // The structure the entity belongs to, hence its région.
  let existe = rows.length > 0;
  let siren: string | null = null;
  if (entite === 'structure') siren = id;
  else if (entite === 'utilisateur') {
    const u = await findUtilisateur(ctx.db, id);
    existe ||= !!u;
    siren = u?.siren ?? null;
  } else {
    const k = await findApiKeySiren(ctx.db, id);
    existe ||= !!k;
    siren = k?.siren ?? null;
  }
  const structure = siren ? await findStructure(ctx.db, siren) : undefined;
  if (entite === 'structure') existe ||= !!structure;
  if (!existe)
    throw notFound(
      entite === 'structure' ? `Structure ${id}` : entite === 'utilisateur' ? 'Utilisateur' : 'Clé d’API',
    );
  if (!admin) {
    const region = structure?.region ?? (entite === 'structure' ? regionRefusee(rows) : null);
    const regions = acteur.kind === 'utilisateur' ? acteur.regions : [];
    if (!region || !regions.includes(region))
      throw forbidden('Cet historique relève d’une autre région : il est réservé à ses gestionnaires.');
  }
  return (await avecAuteurs(ctx.db, rows)).map((r) => ({
    at: new Date(r.at).toISOString(),
    action: r.action,
    acteur: r.acteur,
    auteur: r.auteur,
    diff: r.diff,
  }));
}
