import type { AppContext } from '../../context.ts';
import { deleteConnexionsDe } from '../../db/connexion.repository.ts';
import { appendHistorique, listHistoriqueEntites } from '../../db/historique.repository.ts';
import {
  findUtilisateur,
  listUtilisateursAvecStructure,
  lockUtilisateur,
  updateUtilisateur,
} from '../../db/utilisateur.repository.ts';
import { type Acteur, acteurLabel, ROLES } from '../../domain/acteur.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import { notFound, OffreError } from '../../domain/errors.ts';
import { REGIONS } from '../../domain/geo.ts';
import { ACADEMIES } from '../../domain/regles/academies.ts';
import type { Canal } from '../../domain/texte-saisi.ts';
import { versionDe } from '../../domain/version-empreinte.ts';
import { auditer } from '../audit.service.ts';
import { avecAuteurs } from '../auteurs.service.ts';
import { createUtilisateur, type NewUtilisateur } from './utilisateur.service.ts';

// Administration of users (/admin/utilisateurs, issue 9 item 7): create, disable (sessions ended
// at once), re-enable, change role and scope. Every change is history with who made it.

/** A user as the administrator sees it (never its password hash). */
export interface UtilisateurVue {
  id: string;
  email: string;
  nom: string | null;
  role: string;
  siren: string | null;
  regions: string[];
  academies: string[];
  actif: boolean;
  created_at: Date;
  /** An organisme user's structure status ('en_attente', 'active', 'refusee'); null for other roles. */
  structure_statut: string | null;
}

/** Every user, by role then e-mail. */
export function listUtilisateurs(ctx: AppContext): Promise<UtilisateurVue[]> {
  return listUtilisateursAvecStructure(ctx.db);
}

const AUDITES = {
  creation: 'compte_cree',
  role: 'role_modifie',
  desactivation: 'compte_desactive',
  reactivation: 'compte_reactive',
} as const;

/** History of the account, and the same change in the audit trail of security events. */
const historiser = async (
  ctx: AppContext,
  par: Acteur,
  id: string,
  action: keyof typeof AUDITES,
  diff: Record<string, unknown>,
  email: string,
) =>
  ctx.db.transaction().execute(async (trx) => {
    const at = ctx.now();
    await appendHistorique(trx, [
      {
        formation_id: null,
        entite: 'utilisateur',
        entite_id: id,
        action,
        acteur: acteurLabel(par),
        at,
        diff,
      },
    ]);
    await auditer(trx, at, {
      evenement: AUDITES[action],
      acteur: acteurLabel(par),
      cible: email,
      details: diff,
    });
  });

/**
 * Creates a user (an administrator's form, or `offre user add` with `canal: 'cli'`), records the
 * creation in the account's history and the security journal, and returns its one-time password,
 * shown once.
 */
export async function addUtilisateur(
  ctx: AppContext,
  par: Acteur,
  input: NewUtilisateur,
  canal: Canal = 'formulaire',
) {
  const u = await createUtilisateur(ctx, input, canal);
  await historiser(ctx, par, u.id, 'creation', { email: u.email, role: u.role }, u.email);
  return u;
}

async function trouver(ctx: AppContext, id: string) {
  const u = await findUtilisateur(ctx.db, id);
  if (!u) throw notFound('Utilisateur');
  return u;
}

/**
 * Disables a user: it can no longer sign in and its open sessions end at once. An administrator
 * cannot disable itself (UTILISATEUR_SOI, 409). Returns how many sessions were ended.
 */
export async function deactivateUtilisateur(ctx: AppContext, par: Acteur, id: string): Promise<number> {
  const u = await trouver(ctx, id);
  if (par.kind === 'utilisateur' && par.id === u.id)
    throw new OffreError('UTILISATEUR_SOI', 'Vous ne pouvez pas désactiver votre propre compte.', {}, 409);
  await updateUtilisateur(ctx.db, u.id, { actif: false });
  const n = await deleteConnexionsDe(ctx.db, u.id);
  await historiser(ctx, par, u.id, 'desactivation', { sessions_terminees: n }, u.email);
  return n;
}

/** Re-enables a disabled user (it signs in with its current password). */
export async function reactivateUtilisateur(ctx: AppContext, par: Acteur, id: string): Promise<void> {
  const u = await trouver(ctx, id);
  await updateUtilisateur(ctx.db, u.id, { actif: true });
  await historiser(ctx, par, u.id, 'reactivation', {}, u.email);
}

const liste = (v: string) =>
  v
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Changes a back-office user's role and scope: régions (INSEE codes) for a gestionnaire,
 * académies (codes) for an instructeur. An organisme user keeps its role (its SIREN ties it to a
 * structure): UTILISATEUR_ROLE. Errors name their field (role, regions, academies).
 * `attendue`: the versionRole the page showed (null: the form came without it, 400
 * VERSION_MANQUANTE; undefined: not checked); another one is refused, 409 UTILISATEUR_MODIFIE.
 */
export async function updateRole(
  ctx: AppContext,
  par: Acteur,
  id: string,
  input: { role: string; regions: string; academies: string },
  attendue?: string | null,
): Promise<void> {
  const u = await trouver(ctx, id);
  const role = ROLES.find((r) => r === input.role);
  if (!role) throw new OffreError('UTILISATEUR_ROLE', `Rôle « ${input.role} » inconnu.`, { champ: 'role' });
  if ((u.role === 'organisme') !== (role === 'organisme'))
    throw new OffreError(
      'UTILISATEUR_ROLE',
      'Le rôle « organisme » est lié au SIREN d’une structure : créez un autre compte plutôt que de le changer.',
      { champ: 'role' },
    );
  const regions = role === 'gestionnaire' ? liste(input.regions) : [];
  const academies = role === 'instructeur' ? liste(input.academies) : [];
  if (role === 'gestionnaire' && !regions.length)
    throw new OffreError(
      'UTILISATEUR_REGION',
      'Un gestionnaire gère au moins une région (code INSEE, ex. 84).',
      {
        champ: 'regions',
      },
    );
  for (const r of regions)
    if (!REGIONS[r])
      throw new OffreError(
        'UTILISATEUR_REGION',
        `Région « ${r} » inconnue : code INSEE de région (ex. 84).`,
        {
          champ: 'regions',
        },
      );
  if (role === 'instructeur' && !academies.length)
    throw new OffreError(
      'UTILISATEUR_ACADEMIE',
      'Un instructeur instruit au moins une académie (code, ex. 10).',
      {
        champ: 'academies',
      },
    );
  for (const a of academies)
    if (!ACADEMIES[a])
      throw new OffreError('UTILISATEUR_ACADEMIE', `Académie « ${a} » inconnue (code, ex. 10 pour Lyon).`, {
        champ: 'academies',
      });
  if (par.kind === 'utilisateur' && par.id === u.id && role !== 'admin')
    throw new OffreError(
      'UTILISATEUR_SOI',
      'Vous ne pouvez pas retirer votre propre rôle d’administrateur.',
      {
        champ: 'role',
      },
    );
  // Locked, checked against the version the page showed, then changed: nothing slips in between.
  const avant = await ctx.db.transaction().execute(async (trx) => {
    const actuel = (await lockUtilisateur(trx, u.id)) ?? u;
    if (attendue === null)
      throw new OffreError(
        'VERSION_MANQUANTE',
        'Le formulaire envoyé ne porte pas le champ « version » (la version du rôle et du périmètre affichés à son ouverture) : rien n’a été enregistré. Vos saisies sont reprises ci-dessous ; vérifiez-les, puis enregistrez de nouveau.',
        { champ: 'version' },
        400,
      );
    if (attendue !== undefined && attendue !== versionRole(actuel)) {
      const h = await avecAuteurs(trx, await listHistoriqueEntites(trx, 'utilisateur', [u.id]));
      const d = h.filter((x) => x.action === 'role' || x.action === 'creation').at(-1);
      const par = d ? ` (dernière modification par ${d.auteur} le ${dateHeureLongue(new Date(d.at))})` : '';
      throw new OffreError(
        'UTILISATEUR_MODIFIE',
        `Le rôle ou le périmètre de ${u.email} a été modifié depuis l’ouverture de la page${par} : rien n’a été enregistré, pour ne pas effacer ce changement.`,
        { champ: 'version', version_actuelle: versionRole(actuel) },
        409,
      );
    }
    await updateUtilisateur(trx, u.id, { role, regions, academies });
    return actuel;
  });
  await historiser(
    ctx,
    par,
    u.id,
    'role',
    {
      avant: { role: avant.role, regions: avant.regions, academies: avant.academies },
      apres: { role, regions, academies },
    },
    u.email,
  );
}

/**
 * The version of a user's role and scope, as /admin/utilisateurs/{id} carries it (hidden
 * `version`): a hash of what its form replaces.
 */
export const versionRole = (u: { role: string; regions: readonly string[]; academies: readonly string[] }) =>
  versionDe([JSON.stringify([u.role, u.regions, u.academies])]);

/** The account's history (creation, role and scope changes, disabling), oldest first, with who made each change. */
export async function historiqueUtilisateur(ctx: AppContext, id: string) {
  return avecAuteurs(ctx.db, await listHistoriqueEntites(ctx.db, 'utilisateur', [id]));
}
