import cliProgress from 'cli-progress';
import { sortieErreur } from './hote.context.ts';

/** What a long command reports: `tick(done, total?)` as it goes, `done(summary?)` at the end. */
export interface Progress {
  tick(done: number, total?: number): void;
  done(summary?: string): void;
}

export interface ProgressOptions {
  /** Where to draw (stderr: stdout belongs to --json). Tests pass a fake TTY stream. */
  readonly stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Work shorter than this shows no bar (CONTRACT: progress for anything longer than a second). */
  readonly afterMs?: number;
}

/**
 * A progress bar on stderr (cli-progress), drawn only on a terminal and only once the work has
 * lasted `afterMs`; a bar when the total is known, a counter otherwise. Piped or redirected
 * output (scripts, cron, CI) gets no bar at all, only the summary line.
 */
export function progress(label: string, opts: ProgressOptions = {}): Progress {
  const stream = opts.stream ?? sortieErreur();
  const afterMs = opts.afterMs ?? 1000;
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  let barTotal: number | undefined;
  let debut = { t: 0, v: 0 };
  const reste = (done: number) => ({
    reste: barTotal ? resteEstime(debut, Date.now(), done, barTotal) : '…',
  });
  return {
    tick(done, total) {
      if (!stream.isTTY) return;
      if (!bar) {
        if (Date.now() - started < afterMs) return;
        barTotal = total;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: total
              ? `${label} [{bar}] {percentage} % | {value} / {total} | reste {reste}`
              : `${label} : {value}`,
            barsize: 30,
            hideCursor: true,
            clearOnComplete: false,
            gracefulExit: true,
          },
          cliProgress.Presets.shades_classic,
        );
        debut = { t: Date.now(), v: done };
        bar.start(total ?? 0, done, reste(done));
        return;
      }
      if (total !== undefined && total !== barTotal) {
        barTotal = total;
        bar.setTotal(total);
      }
      bar.update(done, reste(done));
    },
    done(summary) {
      bar?.stop();
      bar = null;
      if (summary) stream.write(`${summary}\n`);
    },
  };
}

/** Work a remaining-time estimate needs: this long since the bar began, this share of the total done since. */
const ESTIME_APRES_MS = 3000;
const ESTIME_APRES_PART = 0.05;

/**
 * The time left, « 1 min 20 s », from the average rate since the bar began (`debut`: ms, amount
 * done then; `t` ms, `done` of `total` now); « … » until ESTIME_APRES_MS and ESTIME_APRES_PART of
 * the total: the library's own estimate said « reste 0s » at first, then « reste 30s » a tick
 * later (fresh user, 06/12).
 */
export function resteEstime(
  debut: { readonly t: number; readonly v: number },
  t: number,
  done: number,
  total: number,
): string {
  const fait = done - debut.v;
  const ecoule = t - debut.t;
  if (done >= total) return '0 s';
  if (ecoule < ESTIME_APRES_MS || fait < total * ESTIME_APRES_PART) return '…';
  const s = Math.ceil((((total - done) / fait) * ecoule) / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/**
 * Runs `fn` with a progress bar that is stopped whatever happens: on success and on every failure
 * (a refused import…), the terminal gets its cursor and line wrapping back and the line is ended
 * before the error is printed. `fn` may call `done(summary)` itself; stopping twice does nothing.
 */
export async function avecProgression<T>(
  label: string,
  fn: (bar: Progress) => Promise<T>,
  opts: ProgressOptions = {},
): Promise<T> {
  const bar = progress(label, opts);
  try {
    return await fn(bar);
  } finally {
    bar.done();
  }
}

/**
 * Progress of work done in steps (`etapes`: each step's label): one bar per step, under its label,
 * each from 0 to its own total — one bar over all of them would reach 100 % and start again
 * (fresh user, 06/12). A step's bar is stopped when the next one begins.
 */
export function progressParEtape<E extends string>(
  etapes: Readonly<Record<E, string>>,
  opts: ProgressOptions = {},
): { tick(etape: E, done: number, total?: number): void; done(summary?: string): void } {
  let courante: { readonly etape: E; readonly bar: Progress } | null = null;
  return {
    tick(etape, done, total) {
      if (courante?.etape !== etape) {
        courante?.bar.done();
        courante = { etape, bar: progress(etapes[etape], opts) };
      }
      courante.bar.tick(done, total);
    },
    done(summary) {
      if (courante) courante.bar.done(summary);
      else if (summary) progress('', opts).done(summary);
      courante = null;
    },
  };
}
