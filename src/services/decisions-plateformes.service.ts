import { loadFormationsAControler } from '../db/conformite.repository.ts';
import type { Executor } from '../db/executor.ts';
import { comptesParLibelle } from '../db/utilisateur.repository.ts';
import {
  changePlateforme,
  decideurPlateforme,
  phraseDecideur,
  plateformeDeEntite,
} from '../domain/decision-plateforme.ts';
import { PLATEFORMES, type Plateforme } from '../domain/plateforme.ts';
import { RECALCUL } from '../domain/plateforme-recalcul.ts';
import { academiesDeFormation } from '../domain/regles/academies.ts';
import { etatsDeSonIdentite } from './plateforme.etats.ts';

// The Parcoursup and Affelnet decisions of one offer as its organisme reads them (its formation
// page, its history page): what the platform history (plateforme.service.ts ecrireDecision) recorded,
// who decided said by role and académie (domain/decision-plateforme.ts), never a second record.

interface Entree {
  readonly entite: string;
  readonly action: string;
  readonly acteur: string;
  readonly at: string | Date;
  readonly diff: unknown;
}

/** The académies of offer `id` (its sessions' and its responsable's communes). */
async function academiesDeLOffre(db: Executor, id: string): Promise<string[]> {
  const [f] = await loadFormationsAControler(db, [id]);
  return f ? academiesDeFormation(f) : [];
}

/**
 * The entries of offer `id` with `par` on each platform entry: who decided, as the organisme is
 * told (« un instructeur de l’académie de Lyon », « Parcoursup »…); other entries as they are.
 */
export async function avecDecideurs<T extends Entree>(
  db: Executor,
  id: string,
  entrees: readonly T[],
): Promise<(T & { par?: string })[]> {
  const plateformes = entrees.filter((e) => plateformeDeEntite(e.entite));
  if (plateformes.length === 0) return [...entrees];
  const [comptes, academies] = await Promise.all([
    comptesParLibelle(
      db,
      plateformes.map((e) => e.acteur),
    ),
    academiesDeLOffre(db, id),
  ]);
  return entrees.map((e) => {
    const p = plateformeDeEntite(e.entite);
    if (!p) return e;
    const d = decideurPlateforme(p, e.action, e.acteur, comptes.get(e.acteur) ?? null, academies);
    return { ...e, par: phraseDecideur(d) };
  });
}

/** A platform's latest decision or return on an offer, as its formation page shows it. */
export interface DerniereDecision {
  readonly action: string;
  readonly at: string;
  /** Who decided (avecDecideurs). */
  readonly par: string;
  readonly motif: string | null;
  /** The platform's return asked for this (a rejection), else null. */
  readonly actionCorrective: string | null;
  /** The offer's identifier on the platform (once published), else null. */
  readonly idPlateforme: string | null;
}

/**
 * Per platform, the latest decision or return recorded on offer `id` (null: none yet), from its
 * history `entrees` (the offer's, oldest first) and the platform state stored with it.
 */
export async function dernieresDecisions(
  db: Executor,
  id: string,
  entrees: readonly Entree[],
): Promise<Record<Plateforme, DerniereDecision | null>> {
  // A status the recomputation moved (RECALCUL) is no decision nor return.
  const dernieres = PLATEFORMES.map(
    (p) => entrees.filter((e) => plateformeDeEntite(e.entite) === p && e.action !== RECALCUL).at(-1) ?? null,
  );
  const [lues, etats] = await Promise.all([
    avecDecideurs(
      db,
      id,
      dernieres.filter((e) => e !== null),
    ),
    etatsDeSonIdentite(db, id),
  ]);
  const out = {} as Record<Plateforme, DerniereDecision | null>;
  for (const p of PLATEFORMES) {
    const e = lues.find((x) => plateformeDeEntite(x.entite) === p);
    const etat = etats.find((x) => x.plateforme === p);
    out[p] = e
      ? {
          action: e.action,
          at: new Date(e.at).toISOString(),
          par: e.par ?? '',
          motif: changePlateforme(e.diff)?.motif ?? null,
          actionCorrective: e.action === 'retour_rejet' ? (etat?.action_corrective ?? null) : null,
          idPlateforme: e.action === 'retour_publie' ? (etat?.id_plateforme ?? null) : null,
        }
      : null;
  }
  return out;
}
