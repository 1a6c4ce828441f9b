import type { AppContext } from '../context.ts';
import { nomsOrganismes } from '../db/espace.repository.ts';
import { findFormationRow } from '../db/formation.repository.ts';
import { listHistorique } from '../db/historique.repository.ts';
import { selectOffresInstruction } from '../db/instruction.repository.ts';
import { cataloguesDe, loadRegles } from '../db/plateforme.repository.ts';
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
import { libelleStatut, suiteHorsInstruction } from '../domain/statut.ts';
import { avecAuteurs } from './auteurs.service.ts';
import { controlesDeFormation, offrePourScope } from './conformite.service.ts';
import { lisiblesPar } from './formation.lisible.ts';
import { versionDecision } from './instruction-version.ts';
import { etatStocke, etatsDeFormation, offreInstruite, situationInstruction } from './plateforme.service.ts';

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
  /** The mandataire of a conventionné action (market holder, owner of the offer), or null. */
  mandataire: { siret: string; raison_sociale: string | null } | null;
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
      mandataire: l.mandataire_siret
        ? { siret: l.mandataire_siret, raison_sociale: l.mandataire_raison_sociale }
        : null,
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
  const mandataire = row?.mandataire_siret ?? null;
  const noms = await nomsOrganismes(ctx.db, mandataire ? [mandataire] : []);
  return {
    id: f.id,
    intitule: f.intitule,
    /** Who signs and who teaches, and the mandataire of a conventionné action (its owner), by name and SIRET. */
    organismes: {
      responsable: f.responsable
        ? { siret: f.responsable.siret, raison_sociale: f.responsable.raison_sociale }
        : null,
      formateur: f.formateur
        ? { siret: f.formateur.siret, raison_sociale: f.formateur.raison_sociale }
        : null,
      mandataire: mandataire ? { siret: mandataire, raison_sociale: noms.get(mandataire) ?? null } : null,
    },
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

/** An offer of the actor's académies that is not (or no longer) in instruction for a platform. */
export interface HorsInstruction {
  readonly id: string;
  /** Its title, when the actor may read it or a decision was taken on it (an instructeur saw it). */
  readonly intitule: string | null;
  /** Its statut as every page names it (« À corriger », « Publiée — hors diffusion »…). */
  readonly statut: string;
  /** Its status on the platform (« Non publiable »…). */
  readonly statutPlateforme: string;
  /** Why it is out of the platform's perimeter (horsPerimetrePlateformes), when it is readable. */
  readonly perimetre: string | null;
  /** The latest recomputation entry (action recalcul) that gave its current platform status. */
  readonly recalcul: {
    readonly at: Date;
    readonly raison: string | null;
    readonly regles: readonly string[];
  } | null;
  /** What brings it back into instruction, in one sentence. */
  readonly suite: string;
}

/** The history actions of an instructeur's decision (an instructeur saw the offer). */
const DECISIONS = new Set(['publier', 'non_publier', 'mettre_en_attente', 'reprendre']);

/**
 * Offer `id` of the actor's académies when it is not in instruction for `p` (what its page says
 * instead of the file), or null when it is (ficheInstruction). An offer of another académie is
 * refused as offreInstruite refuses it (situationInstruction): nothing is said of it.
 */
export async function horsInstruction(
  ctx: AppContext,
  a: Acteur,
  id: string,
  p: Plateforme,
): Promise<HorsInstruction | null> {
  const { f, hors } = await situationInstruction(ctx.db, a, id);
  if (!hors) return null;
  const [stocke, catalogues, historique] = await Promise.all([
    etatStocke(ctx.db, p, f),
    cataloguesDe(ctx.db, [id]),
    listHistorique(ctx.db, id),
  ]);
  const catalogue = catalogues.get(id) ?? null;
  const statutPlateforme = stocke?.statut ?? 'non_publiable';
  const dernier = historique.filter((h) => h.entite === `plateforme:${p}` && h.action === 'recalcul').at(-1);
  const change = dernier ? diffRecalcul(dernier.diff) : null;
  const suite = suiteHorsInstruction({ statut: f.statut, catalogue, horsPerimetre: !!hors.raison }, p);
  return {
    id,
    intitule:
      hors.lisible || historique.some((h) => h.entite.startsWith('plateforme:') && DECISIONS.has(h.action))
        ? f.intitule
        : null,
    statut: libelleStatut({ statut: f.statut, catalogue }),
    statutPlateforme: libelleStatutPlateforme(statutPlateforme),
    perimetre: hors.lisible ? hors.raison : null,
    recalcul:
      dernier && change && change.apres === statutPlateforme
        ? { at: dernier.at, raison: change.raison, regles: change.regles }
        : null,
    suite,
  };
}

/** The change a recomputation entry wrote (plateforme-recalcul: avant, apres, raison, regles). */
function diffRecalcul(
  diff: unknown,
): { apres: string | null; raison: string | null; regles: string[] } | null {
  const v = typeof diff === 'string' ? JSON.parse(diff) : diff;
  const c = Array.isArray(v) ? v[0] : null;
  if (!c || typeof c !== 'object') return null;
  const texte = (x: unknown) => (typeof x === 'string' && x.trim() ? x : null);
  return {
    apres: texte(c.apres),
    raison: texte(c.raison),
    regles: Array.isArray(c.regles)
      ? c.regles.filter((r: unknown): r is string => typeof r === 'string')
      : [],
  };
}
