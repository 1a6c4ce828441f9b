import { Cron } from 'croner';
import type { AppContext } from '../context.ts';
import { FUSEAU } from '../domain/dates.ts';
import { PROFILS_PARTENAIRE } from '../domain/partenaires.ts';
import { runPlanifie } from './partenaires.service.ts';

// The server writes each partner profile's file on its schedule (croner, Paris time). Several server
// processes may run this: runPlanifie takes a PostgreSQL advisory lock and skips a slot another
// process has already written, so a file is written once per slot.

/** Starts one job per profile; returns what stops them all. `onNotice` gets one line per run. */
export function scheduleFichiersPartenaires(
  ctx: AppContext,
  onNotice: (m: string) => void = (m) => process.stderr.write(`${m}\n`),
): () => void {
  const jobs = PROFILS_PARTENAIRE.map(
    (p) =>
      new Cron(
        p.planification,
        { name: `partenaires:${p.code}`, timezone: FUSEAU, protect: true },
        async (job: Cron) => {
          // The slot is the scheduled minute: a process that fires a little later skips it.
          const creneau = new Date(Math.floor((job.currentRun() ?? ctx.now()).getTime() / 60_000) * 60_000);
          try {
            const f = await runPlanifie(ctx, p.code, creneau);
            if (f)
              onNotice(
                `Fichier partenaire « ${p.code} » écrit : ${f.nom} (${f.formations} formations, ${f.sessions} sessions, sha256 ${f.sha256}).`,
              );
          } catch (e) {
            // An LHEO profile with nothing to diffuse writes no file (LHEO needs one formation).
            if ((e as { code?: string }).code === 'AUCUNE_FORMATION') return onNotice((e as Error).message);
            onNotice(
              `Erreur : le fichier partenaire « ${p.code} » n’a pas pu être écrit (${(e as Error).message}).`,
            );
          }
        },
      ),
  );
  return () => {
    for (const j of jobs) j.stop();
  };
}
