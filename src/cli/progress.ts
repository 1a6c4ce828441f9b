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
              ? `${label} [{bar}] {percentage} % | {value} / {total} | reste {eta_formatted}`
              : `${label} : {value}`,
            barsize: 30,
            hideCursor: true,
            clearOnComplete: false,
            gracefulExit: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total ?? 0, done);
        return;
      }
      if (total !== undefined && total !== barTotal) {
        barTotal = total;
        bar.setTotal(total);
      }
      bar.update(done);
    },
    done(summary) {
      bar?.stop();
      bar = null;
      if (summary) stream.write(`${summary}\n`);
    },
  };
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
