import type { AppContext } from '../context.ts';
import { findFormationRow } from '../db/formation.repository.ts';
import { listHistorique } from '../db/historique.repository.ts';
import { selectOffresInstruction } from '../db/instruction.repository.ts';
import { loadRegles } from '../db/plateforme.repository.ts';
import { loadFaits, loadRuns } from '../db/referentiel-facts.repository.ts';
import type { Acteur } from '../domain/acteur.ts';
import { forbidden } from '../domain/errors.ts';
import {
  libelleStatutPlateforme,
  type Plateforme,
  regleApplicable,
  STATUTS_PLATEFORME,
} from '../domain/plateforme.ts';
import { ACADEMIES } from '../domain/regles/academies.ts';
import { avecAuteurs } from './auteurs.service.ts';
import { controlesDeFormation, offrePourScope } from './conformite.service.ts';
import { lisiblesPar } from './formation.lisible.ts';
import { versionDecision } from './instruction-version.ts';
import { etatStocke, etatsDeFormation, offreInstruite } from './plateforme.service.ts';

// The instructeur's workspace (/instruction, issue 9 item 6): offers of its académies for one
// platform, and one offer's file (scope rule, rule results, platform return, decisions).

const isInstructeur = (a: Acteur): a is Acteur & { kind: 'utilisateur' } =>
  a.kind === 'utilisateur' && (a.role === 'instructeur' || a.role === 'admin');

/** Départements (codes) of the actor's académies, or null for all (administrators). */
function departementsDe(a: Acteur & { kind: 'utilisateur' }): string[] | null {
  if (a.role === 'admin') return null;
  return a.academies.flatMap((x) => ACADEMIES[x] ?? []);
}

export interface LigneInstruction {
  id: string;
  intitule: string | null;
  statut: string;
  libelle: string;
  decision: string | null;
  motif: string | null;
  responsable: string | null;
}

/**
 * Offers of the actor's académies (a session's or the responsable's commune) that have a status
 * for `p`, filtered by status and words of the title; 200 at most, by title. Instructeurs and
 * administrators only (403 otherwise).
 */
export async function listOffresInstruction(
  ctx: AppContext,
  a: Acteur,
  p: Plateforme,
  filtres: { statut?: string; q?: string },
): Promise<{
  lignes: LigneInstruction[];
  total: number;
  parStatut: { statut: string; libelle: string; n: number }[];
}> {
  if (!isInstructeur(a)) throw forbidden('Réservé aux instructeurs des plateformes et aux administrateurs.');
  const statut = STATUTS_PLATEFORME.find((s) => s === filtres.statut);
  const r = await selectOffresInstruction(ctx.db, p, departementsDe(a), { statut, q: filtres.q });
  return {
    parStatut: r.parStatut.map((x) => ({
      statut: x.statut,
      libelle: libelleStatutPlateforme(x.statut),
      n: x.n,
    })),
    total: r.total,
    lignes: r.lignes.map((l) => ({
      id: l.id,
      intitule: l.intitule,
      statut: l.statut,
      libelle: libelleStatutPlateforme(l.statut),
      decision: l.decision,
      motif: l.motif,
      responsable: l.raison_sociale,
    })),
  };
}

/**
 * One offer's file for `p`: its state (decision, reason, platform return), the scope rule that
 * applies, the rule results and the platform history with who did what. Access as for decisions
 * (an instructeur of another académie gets 403).
 */
export async function ficheInstruction(ctx: AppContext, a: Acteur, id: string, p: Plateforme) {
  const f = await offreInstruite(ctx.db, a, id, p);
  // The version first: a write between it and the reads below makes it stale (a refusal), never
  // the state shown newer than the version the form carries back.
  const [row, stocke] = await Promise.all([findFormationRow(ctx.db, id), etatStocke(ctx.db, p, f)]);
  const [regles, runs, etats, controles, historique] = await Promise.all([
    loadRegles(ctx.db),
    loadRuns(ctx.db),
    etatsDeFormation(ctx.db, id, ctx.now()),
    controlesDeFormation(ctx.db, id, ctx.now(), lisiblesPar(ctx.db, a)),
    listHistorique(ctx.db, id),
  ]);
  const faits = await loadFaits(ctx.db, [f], runs);
  const scope = offrePourScope(f, faits);
  return {
    id: f.id,
    intitule: f.intitule,
    academies: scope.academies,
    etat: etats.find((e) => e.plateforme === p) ?? null,
    /** The version the decision form carries (instruction-version.ts), read with the state it hashes. */
    version: versionDecision(row?.version ?? 0, stocke),
    /** The state a decision applies to (null: none stored yet), for what deciding again would replace. */
    etatStocke: stocke,
    regle: regleApplicable(regles, p, scope),
    scope,
    controles,
    historique: await avecAuteurs(
      ctx.db,
      historique.filter((h) => h.entite === `plateforme:${p}`),
    ),
  };
}
