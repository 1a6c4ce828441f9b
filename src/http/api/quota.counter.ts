import type { Executor } from '../../db/executor.ts';
import { addLimites, deleteLimitesExpirees } from '../../db/limite.repository.ts';

// Request counters shared by every server process, without a database write per request: the
// first request of a subject in a window is counted in the database at once (so a process learns
// what the others counted); the next ones are counted locally and, at most every `syncMs`, added
// to the shared counters (table limite_tentative, one statement for all subjects), which gives
// back the totals of the others. A write per request would cost a round trip (limite_tentative is
// exempted from the public-data version, migration 0910: these writes leave the read caches alone). Precision: a
// process may let through, beyond the limit, what the other processes accepted since its last
// synchronisation (≤ syncMs of their traffic).

interface Etat {
  /** Total over every process at the last synchronisation (this window). */
  partage: number;
  /** Counted here since then. */
  local: number;
  /** End of the window (from the database once synchronised). */
  fin: number;
  /** A refusal of this window has been reported already. */
  signale: boolean;
}

export interface Decompte {
  readonly admis: boolean;
  /** Requests counted in the window, this one included. */
  readonly nombre: number;
  /** Seconds until the window ends (≥ 1). */
  readonly resteS: number;
  /** True for the first refusal of the window (to audit it once). */
  readonly premierRefus: boolean;
}

export class CompteurPartage {
  private etats = new Map<string, Etat>();
  private timer: NodeJS.Timeout | null = null;
  private enCours: Promise<void> | null = null;
  private syncs = 0;

  constructor(
    private readonly db: Executor,
    private readonly fenetreMs: number,
    private readonly horloge: () => Date,
    private readonly syncMs = 1000,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  /** Counts one request of `sujet` now against `limite`. */
  async compter(sujet: string, limite: number): Promise<Decompte> {
    const now = this.horloge();
    const t = now.getTime();
    let e = this.etats.get(sujet);
    if (!e || e.fin <= t) {
      // First request of the window here: counted in the database, the others' count learnt.
      const tot = await this.compterEnBase(sujet, now);
      e = this.etats.get(sujet);
      if (!e || e.fin <= t) {
        e = { partage: tot.nombre, local: 0, fin: tot.fin.getTime(), signale: false };
        this.etats.set(sujet, e);
      } else e.partage = Math.max(e.partage, tot.nombre);
      const resteS = Math.max(1, Math.ceil((e.fin - t) / 1000));
      const admis = tot.nombre <= limite;
      const premierRefus = !admis && !e.signale;
      if (!admis) e.signale = true;
      return { admis, nombre: tot.nombre, resteS, premierRefus };
    }
    const nombre = e.partage + e.local + 1;
    const resteS = Math.max(1, Math.ceil((e.fin - t) / 1000));
    if (nombre > limite) {
      const premierRefus = !e.signale;
      e.signale = true;
      return { admis: false, nombre, resteS, premierRefus };
    }
    e.local++;
    this.timer ??= setTimeout(() => void this.synchroniser(), this.syncMs).unref();
    return { admis: true, nombre, resteS, premierRefus: false };
  }

  /**
   * The first request of a window, counted in the database. While a long write holds PGlite
   * (db/long-write.ts: the base is read from a copy, writes wait), counted here only: a read
   * is never refused for the sake of its counter.
   */
  private async compterEnBase(sujet: string, now: Date): Promise<{ nombre: number; fin: Date }> {
    try {
      return (await addLimites(this.db, [{ cle: sujet, n: 1 }], now, this.fenetreMs)).get(sujet)!;
    } catch (e) {
      if ((e as { code?: string }).code !== 'BASE_OCCUPEE') throw e;
      const e2 = this.etats.get(sujet);
      return { nombre: (e2 ? e2.partage + e2.local : 0) + 1, fin: new Date(now.getTime() + this.fenetreMs) };
    }
  }

  /** Adds the local counts to the shared counters and reads the totals back (also on close). */
  async synchroniser(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.enCours;
    const now = this.horloge();
    const ajouts = [...this.etats].filter(([, e]) => e.local > 0).map(([cle, e]) => ({ cle, n: e.local }));
    const t = now.getTime();
    // Ended windows are forgotten here, and swept from the table now and then.
    for (const [cle, e] of this.etats) if (e.fin <= t && e.local === 0) this.etats.delete(cle);
    if (ajouts.length === 0) return;
    for (const a of ajouts) this.etats.get(a.cle)!.local -= a.n;
    this.enCours = addLimites(this.db, ajouts, now, this.fenetreMs)
      .then(async (totaux) => {
        for (const [cle, tot] of totaux) {
          const e = this.etats.get(cle);
          if (!e) continue;
          e.partage = tot.nombre;
          e.fin = tot.fin.getTime();
        }
        if (++this.syncs % 100 === 0) await deleteLimitesExpirees(this.db, now);
      })
      .catch((err) => {
        // Not lost: counted again at the next synchronisation.
        for (const a of ajouts) {
          const e = this.etats.get(a.cle);
          if (e) e.local += a.n;
        }
        // A long write on PGlite (writes wait for its end): not an incident.
        if ((err as { code?: string }).code !== 'BASE_OCCUPEE') this.onError(err);
      });
    await this.enCours;
  }
}
