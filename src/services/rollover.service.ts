import type { AppContext } from '../context.ts';
import { ensureCampagne, getCampagne } from '../db/campagne.repository.ts';
import type { Executor } from '../db/executor.ts';
import { listFormationRows, selectOpenRevisions } from '../db/formation.repository.ts';
import { withSavepoint } from '../db/savepoint.ts';
import { isValidateur } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { campagneDefaults } from '../domain/campagne.ts';
import { calendarDay } from '../domain/dates.ts';
import { forbidden, OffreError } from '../domain/errors.ts';
import type { FormationInput, SessionInput } from '../domain/formation.schema.ts';
import { type MotifLaissee, motifLaissee } from '../domain/reconduction.ts';
import { dansFenetre, type Fenetre, lieuxDe } from '../formats/classeur/classeur.rows.ts';
import { campagneExistante } from './campagne-existante.ts';
import { saveFormationsBulk } from './formation.bulk.ts';
import { saveFormationTx } from './formation.service.ts';
import { vuesFormations } from './formation.view.ts';
import { withDeferredRecompute } from './formation.write.ts';

// Campaign rollover N → N+1: every formation still offered (neither archived nor deleted, with a
// place not closed) gets, at each open place offered in N, a NEW session one year later (new
// reference; old sessions are never re-dated). A place that already has an N+1 session is left
// alone, so running it twice creates nothing the second time. An offer waiting for a decision
// (its first publication or a revision waiting for validation, or returned to its organisation
// « à corriger ») is left aside and named: the gestionnaire decides, the organisation corrects,
// the rollover never writes into what one of them is looking at (docs/campagnes.md).

/** An offer the rollover leaves aside (it would have received sessions). */
export interface FormationLaissee {
  readonly id: string;
  readonly intitule: string | null;
  readonly motif: MotifLaissee;
}

export interface RapportBascule {
  readonly de: number;
  readonly vers: number;
  readonly simulation: boolean;
  readonly campagne_creee: boolean;
  readonly formations: number;
  readonly sessions_creees: number;
  readonly deja_reconduites: number;
  /**
   * Formations left out (would have received sessions) because they wait for a decision or a
   * correction: `laissees.length` (roll them over once decided).
   */
  readonly en_revision: number;
  /** Those formations, by id. */
  readonly laissees: FormationLaissee[];
  readonly organismes: { siret: string | null; raison_sociale: string | null; sessions: number }[];
}

/** Same day one year later (29 February becomes 28 February). */
export function unAnPlusTard(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return calendarDay(y + 1, m, d) ?? calendarDay(y + 1, m, d - 1)!;
}

/** The new sessions of one formation: one per open place offered in N and not yet in N+1. */
export function sessionsReconduites(
  sessions: readonly SessionInput[],
  de: Fenetre,
  vers: Fenetre,
): { nouvelles: SessionInput[]; deja: number } {
  const nouvelles: SessionInput[] = [];
  let deja = 0;
  for (const lieu of lieuxDe({ sessions } as never, de)) {
    if (lieu.ferme) continue;
    const source = lieu.sessions
      .filter((s) => dansFenetre(s, de) && s.etat_recrutement !== 'ferme')
      .sort((a, b) => a.debut!.localeCompare(b.debut!))
      .at(-1);
    if (!source) continue;
    if (lieu.sessions.some((s) => dansFenetre(s, vers))) {
      deja++;
      continue;
    }
    nouvelles.push({
      debut: unAnPlusTard(source.debut!),
      fin: source.fin ? unAnPlusTard(source.fin) : null,
      etat_recrutement: 'ouvert',
      capacite: source.capacite ?? null,
      entree_sortie: source.entree_sortie ?? null,
      lieu: source.lieu,
      contact: source.contact ?? null,
      reunions_information: [],
      bilans: [],
    });
  }
  return { nouvelles, deja };
}

/**
 * Rolls campaign `de` over to `vers` (= de + 1). Errors: 403 unless gestionnaire or administrator;
 * BASCULE_ANNEES when `vers` is not the next year; 404 CAMPAGNE_INCONNUE (champ `de`) when campaign
 * `de` does not exist. The target campaign is created with its default calendar when absent.
 */
export async function switchCampagne(
  ctx: AppContext,
  acteur: Acteur,
  opts: {
    de: number;
    vers: number;
    dryRun: boolean;
    onProgress?: (n: number) => void;
    /** Only formations with a live session in these régions (INSEE codes); absent: all (CLI, administrators). */
    regions?: readonly string[];
    /**
     * How the formations are written: `bulk` (default) a page at a time in set-based statements
     * (services/formation.bulk.ts), `single` one by one through the store service — the same
     * outcome (test/rollover/rollover-lot.test.ts).
     */
    writePath?: 'bulk' | 'single';
  },
): Promise<RapportBascule> {
  if (!isValidateur(acteur))
    throw forbidden('La bascule de campagne est réservée aux gestionnaires et administrateurs.');
  if (opts.vers !== opts.de + 1)
    throw new OffreError(
      'BASCULE_ANNEES',
      `La bascule se fait d’une campagne à la suivante : --vers doit valoir ${opts.de + 1}, pas ${opts.vers}.`,
      { champ: 'vers' },
    );
  // Rolling over from a campaign that does not exist would copy nothing and say nothing of why.
  await campagneExistante(ctx.db, opts.de, 'de');
  const run = async (trx: Executor): Promise<RapportBascule> => {
    const fenetre = async (annee: number): Promise<Fenetre> => {
      const c = (await getCampagne(trx, annee)) ?? campagneDefaults(annee);
      return { debut: c.fenetre_debut, fin: c.fenetre_fin };
    };
    const campagneCreee = opts.dryRun
      ? !(await getCampagne(trx, opts.vers))
      : await ensureCampagne(trx, opts.vers);
    const [de, vers] = [await fenetre(opts.de), await fenetre(opts.vers)];
    const parOrganisme = new Map<
      string,
      { siret: string | null; raison_sociale: string | null; sessions: number }
    >();
    let formations = 0;
    let creees = 0;
    let deja = 0;
    const laissees: FormationLaissee[] = [];
    let lues = 0;
    const vues = new Set<string>();
    for (const region of opts.regions ?? [undefined]) {
      let after: string | null = null;
      for (;;) {
        const rows = await listFormationRows(trx, { kind: 'tout' }, { region }, after, 500);
        // A formation of two of the régions is seen once.
        const actives = rows.filter(
          (r) => r.statut !== 'archivee' && r.statut !== 'supprimee' && !vues.has(r.id) && vues.add(r.id),
        );
        // A direct write would be undone when the pending revision (which lacks the new session) is
        // validated; one to an offer waiting for its first validation or returned to its organisation
        // would change what the gestionnaire decides, or what the organisation corrects.
        const revisions = await selectOpenRevisions(
          trx,
          actives.map((r) => r.id),
        );
        const motifs = new Map(
          actives.map((r) => [r.id, motifLaissee(r.statut, revisions.get(r.id)?.statut)]),
        );
        const reconduites: { id: string; input: FormationInput }[] = [];
        for (const vue of await vuesFormations(trx, acteur, actives)) {
          const r = sessionsReconduites(vue.input.sessions, de, vers);
          deja += r.deja;
          if (r.nouvelles.length === 0) continue;
          const m = motifs.get(vue.id);
          if (m) {
            laissees.push({ id: vue.id, intitule: vue.input.intitule ?? null, motif: m });
            continue;
          }
          formations++;
          creees += r.nouvelles.length;
          const siret = vue.input.responsable?.siret ?? null;
          const o = parOrganisme.get(siret ?? vue.siren) ?? {
            siret,
            raison_sociale: vue.input.responsable?.raison_sociale ?? null,
            sessions: 0,
          };
          o.sessions += r.nouvelles.length;
          parOrganisme.set(siret ?? vue.siren, o);
          if (!opts.dryRun)
            reconduites.push({
              id: vue.id,
              input: { ...vue.input, sessions: [...vue.input.sessions, ...r.nouvelles] },
            });
        }
        await reconduire(trx, acteur, reconduites, ctx.now, opts.writePath ?? 'bulk');
        lues += rows.length;
        opts.onProgress?.(lues);
        if (rows.length < 500) break;
        after = rows[rows.length - 1]!.id;
      }
    }
    return {
      de: opts.de,
      vers: opts.vers,
      simulation: opts.dryRun,
      campagne_creee: campagneCreee,
      formations,
      sessions_creees: creees,
      deja_reconduites: deja,
      en_revision: laissees.length,
      laissees,
      organismes: [...parOrganisme.values()].sort(
        (a, b) => b.sessions - a.sessions || String(a.siret).localeCompare(String(b.siret)),
      ),
    };
  };
  return opts.dryRun
    ? run(ctx.db)
    : ctx.db.transaction().execute((trx) => withDeferredRecompute(trx, ctx.now(), () => run(trx)));
}

/**
 * Writes one page of rolled-over formations, in order, inside `trx`: `single` one by one through
 * saveFormationTx (each at its own `now()`); `bulk` through saveFormationsBulk under a savepoint,
 * and when the store refuses one of them, rolled back to it and replayed one by one, so that the
 * refusal is the one the one-by-one path gives.
 */
async function reconduire(
  trx: Executor,
  acteur: Acteur,
  formations: readonly { id: string; input: FormationInput }[],
  now: () => Date,
  writePath: 'bulk' | 'single',
): Promise<void> {
  const uneParUne = async () => {
    for (const f of formations) await saveFormationTx(trx, acteur, f.input, { id: f.id, now: now() });
  };
  if (formations.length === 0) return;
  if (writePath === 'single') return uneParUne();
  try {
    await withSavepoint(trx, 'bascule_lot', () =>
      saveFormationsBulk(
        trx,
        acteur,
        formations.map((f) => f.input),
        now(),
        formations.map((f) => f.id),
      ),
    );
  } catch (e) {
    if (!(e instanceof OffreError)) throw e;
    await uneParUne();
  }
}
