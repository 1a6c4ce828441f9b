import type { AppContext } from '../../context.ts';
import { appendHistorique, listHistoriqueEntites } from '../../db/historique.repository.ts';
import {
  deleteEtablissementDeclare,
  findStructure,
  insertEtablissementDeclare,
  listEtablissementsDeclares,
  listStructures,
  type StructureRow,
  selectLieuxSiren,
} from '../../db/structure.repository.ts';
import { listUtilisateursDeStructure } from '../../db/utilisateur.repository.ts';
import { canDecideStructure } from '../../domain/acces.ts';
import { type Acteur, acteurLabel } from '../../domain/acteur.ts';
import { forbidden, notFound, OffreError } from '../../domain/errors.ts';
import { isValidSiret, messageSiretInvalide, sansEspaces } from '../../domain/identifiants.ts';
import { refusHorsRegions, regionsDeDecision } from '../../domain/inscription-region.ts';
import { avecAuteurs } from '../auteurs.service.ts';
import { regionsDeGestion } from './validation.service.ts';

// The structure accounts of a région, for its gestionnaires: each structure with its users and
// the establishments (SIRET) it may declare — its own, or another SIREN's acting as formateur
// (the Nouvelle-Aquitaine guide: a CFA declares the sites of its partner organismes).

/**
 * Structures of the actor's régions, with their users and declared establishments: the decided
 * ones by their région, the pending ones where their SIREN is (the queue's routing,
 * domain/inscription-region.ts), whatever région was typed.
 */
export async function structuresDeRegion(ctx: AppContext, acteur: Acteur) {
  const regions = regionsDeGestion(acteur);
  const structures =
    regions === null
      ? await listStructures(ctx.db)
      : await Promise.all([
          listStructures(ctx.db, { regions }),
          listStructures(ctx.db, { statut: 'en_attente' }).then((p) => enAttenteDe(ctx, acteur, p)),
        ]).then(([decidees, enAttente]) =>
          [...decidees.filter((s) => s.statut !== 'en_attente'), ...enAttente].sort(
            (a, b) => +new Date(a.created_at) - +new Date(b.created_at) || a.siren.localeCompare(b.siren),
          ),
        );
  const sirens = structures.map((s) => s.siren);
  const [declares, utilisateurs, historique] = await Promise.all([
    listEtablissementsDeclares(ctx.db, sirens),
    Promise.all(sirens.map((s) => listUtilisateursDeStructure(ctx.db, s))),
    listHistoriqueEntites(ctx.db, 'structure', sirens).then((rows) => avecAuteurs(ctx.db, rows)),
  ]);
  return structures.map((s, i) => ({
    siren: s.siren,
    raison_sociale: s.raison_sociale,
    region: s.region,
    statut: s.statut,
    utilisateurs: utilisateurs[i]!.map((u) => ({ email: u.email, nom: u.nom, actif: u.actif })),
    etablissements: declares
      .filter((d) => d.siren === s.siren)
      .map((d) => ({ siret: d.siret, autreSiren: d.siret.slice(0, 9) !== s.siren })),
    // Every decision on the structure (approval, refusal, establishments), with its person.
    historique: historique
      .filter((h) => h.entite_id === s.siren)
      .map((h) => ({ action: h.action, auteur: h.auteur, at: new Date(h.at) })),
  }));
}
export type StructureDeRegion = Awaited<ReturnType<typeof structuresDeRegion>>[number];

/** The pending structures `acteur` may decide on (where their SIREN is, else the requested région). */
async function enAttenteDe(ctx: AppContext, acteur: Acteur, enAttente: readonly StructureRow[]) {
  const lieux = await selectLieuxSiren(
    ctx.db,
    enAttente.map((s) => s.siren),
  );
  return enAttente.filter((s) =>
    canDecideStructure(acteur, regionsDeDecision(lieux.get(s.siren)!, s.region).regions),
  );
}

async function structureGeree(ctx: AppContext, acteur: Acteur, siren: string) {
  regionsDeGestion(acteur);
  const s = await findStructure(ctx.db, siren);
  if (!s) throw notFound(`Structure ${siren}`);
  if (s.statut === 'en_attente') {
    const d = regionsDeDecision((await selectLieuxSiren(ctx.db, [siren])).get(siren)!, s.region);
    if (!canDecideStructure(acteur, d.regions)) throw forbidden(refusHorsRegions(s.raison_sociale, d));
  } else if (!canDecideStructure(acteur, s.region))
    throw forbidden(`La structure ${s.raison_sociale} relève d’un gestionnaire de sa région.`);
  return s;
}

/**
 * Lets structure `siren` declare establishment `siret` (its own, or another SIREN's as formateur).
 * Errors: SIRET_INVALIDE (champ siret, 14 digits, Luhn), 403 outside the actor's régions, 404.
 */
export async function addEtablissement(ctx: AppContext, acteur: Acteur, siren: string, siret: string) {
  const s = await structureGeree(ctx, acteur, siren);
  const v = sansEspaces(siret);
  if (!isValidSiret(v))
    throw new OffreError('SIRET_INVALIDE', `${messageSiretInvalide(v)}.`, { champ: `siret-${siren}` });
  await ctx.db.transaction().execute(async (trx) => {
    if (await insertEtablissementDeclare(trx, s.siren, v))
      await appendHistorique(trx, [
        {
          formation_id: null,
          entite: 'structure',
          entite_id: s.siren,
          action: 'etablissement_ajoute',
          acteur: acteurLabel(acteur),
          at: ctx.now(),
          diff: [{ champ: 'etablissements', avant: null, apres: v }],
        },
      ]);
  });
}

/** Withdraws establishment `siret` from what structure `siren` may declare. */
export async function removeEtablissement(ctx: AppContext, acteur: Acteur, siren: string, siret: string) {
  const s = await structureGeree(ctx, acteur, siren);
  await ctx.db.transaction().execute(async (trx) => {
    if (await deleteEtablissementDeclare(trx, s.siren, siret))
      await appendHistorique(trx, [
        {
          formation_id: null,
          entite: 'structure',
          entite_id: s.siren,
          action: 'etablissement_retire',
          acteur: acteurLabel(acteur),
          at: ctx.now(),
          diff: [{ champ: 'etablissements', avant: siret, apres: null }],
        },
      ]);
  });
}
