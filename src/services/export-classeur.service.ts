import type { Writable } from 'node:stream';
import type { AppContext } from '../context.ts';
import { selectRegionsDeSiret } from '../db/campagne.repository.ts';
import type { Executor } from '../db/executor.ts';
import { listFormationRows, selectOrganismes } from '../db/formation.repository.ts';
import { canWrite, perimetreOf, type Visibilite } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { MESSAGE_ANNEE_CAMPAGNE } from '../domain/campagne.ts';
import { forbidden, notFound, OffreError } from '../domain/errors.ts';
import { messageClasseurHorsPerimetre } from '../domain/hors-perimetre.ts';
import { isValidSiret, messageSiretInvalide, sansEspaces } from '../domain/identifiants.ts';
import { type Fenetre, lignesDe, type Valeurs } from '../formats/classeur/classeur.rows.ts';
import { writeClasseur } from '../formats/classeur/classeur.writer.ts';
import { campagneLue } from './campagne-existante.ts';
import { vuesFormations } from './formation.view.ts';

// The campaign workbook of one organisme: its current offer (the formations its SIREN owns where it
// is responsable, formateur or mandataire, neither archived nor deleted: exactly what it may write
// back), one row per formation and place, streamed. Every channel (its space, the API, the
// gestionnaire's ZIP, `offre export classeur`) selects here: another SIREN's formation naming this
// SIRET (a draft, a conventionnée action owned by its mandataire) is never in it. A published
// formation whose organisme's revision is pending shows that revision's values, whoever downloads
// the workbook (the organisme's page, the API, `offre export classeur`): this is the one place that
// decides it (vuesFormations).

export interface DemandeClasseur {
  readonly siret: string;
  readonly annee: number;
}

/**
 * Checks access and the campaign, then returns a function that streams the workbook to `out`.
 * Access: administrators and the system; a key or user of the organisme's SIREN; a gestionnaire
 * when the organisme has offer (a live session) in one of its régions — the organismes its
 * région's ZIP lists —, and then only the formations it may change. Errors: 400 SIRET_INVALIDE,
 * 403 ACCES_REFUSE (a gestionnaire: naming the organisme's régions and its own), 404 organisme,
 * 404 CAMPAGNE_INCONNUE (details champ `campagne`, `campagnes`: the years that exist).
 */
export async function prepareClasseur(ctx: AppContext, acteur: Acteur, d: DemandeClasseur) {
  const siret = sansEspaces(d.siret);
  if (!isValidSiret(siret))
    throw new OffreError('SIRET_INVALIDE', `${messageSiretInvalide(siret)}.`, { champ: 'siret' });
  // The doors parse the year (contract campagneParam, the CLI's `annee`): this guards a caller's bug.
  if (!Number.isInteger(d.annee))
    throw new OffreError(
      'CAMPAGNE_INVALIDE',
      `Campagne « ${String(d.annee)} » : ${MESSAGE_ANNEE_CAMPAGNE}.`,
      { champ: 'campagne' },
    );
  const perimetre = perimetreOf(acteur);
  if (!perimetre || !canWrite(acteur, siret.slice(0, 9)))
    throw forbidden(`Le classeur de l’organisme ${siret} est réservé à son SIREN et aux gestionnaires.`);
  const [organisme] = await selectOrganismes(ctx.db, [siret]);
  if (!organisme) throw notFound(`Organisme ${siret}`);
  // A gestionnaire: an organisme with offer in its régions only (as its région's ZIP lists them).
  if (acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire') {
    const regions = await selectRegionsDeSiret(ctx.db, siret);
    if (!canWrite(acteur, null, regions))
      throw forbidden(messageClasseurHorsPerimetre(siret, regions, acteur.regions));
  }
  // Never a workbook for a campaign that does not exist (its session dates would all be missing).
  // A GET: the current campaign not stored yet is read as it will be, not created.
  const campagne = await campagneLue(ctx.db, d.annee, 'campagne', ctx.now());
  const fenetre: Fenetre = { debut: campagne.fenetre_debut, fin: campagne.fenetre_fin };
  return {
    nomFichier: `offre-${siret}-campagne-${d.annee}.xlsx`,
    ecrire: (out: Writable) =>
      writeClasseur(
        out,
        {
          annee: d.annee,
          libelleCampagne: campagne.libelle,
          siret,
          raisonSociale: organisme.raison_sociale,
          genereLe: ctx.now(),
        },
        lignesOrganisme(ctx.db, acteur, perimetre, siret, fenetre),
      ),
  };
}

async function* lignesOrganisme(
  db: Executor,
  acteur: Acteur,
  perimetre: Visibilite,
  siret: string,
  fenetre: Fenetre,
): AsyncIterable<Valeurs> {
  let after: string | null = null;
  for (;;) {
    // Only what the organisme owns (its SIREN, formation.ecriture.ts proprietaireEcriture), whoever
    // downloads: a formation of another SIREN naming this SIRET stays out, as its own download leaves
    // it out. And what the caller may change (domain/acces.ts perimetreOf): for a gestionnaire, the
    // formations with a live session in its régions.
    const filtres = { siret, proprietaire: siret.slice(0, 9) };
    const rows = await listFormationRows(db, perimetre, filtres, after, 200);
    const actives = rows.filter((r) => r.statut !== 'archivee' && r.statut !== 'supprimee');
    // The organisme's last version (its pending revision), whoever downloads: page, API, command line.
    for (const f of await vuesFormations(db, acteur, actives)) yield* lignesDe(f.id, f.input, fenetre);
    if (rows.length < 200) return;
    after = rows[rows.length - 1]!.id;
  }
}
