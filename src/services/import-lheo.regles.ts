import type { Executor } from '../db/executor.ts';
import { selectFormationRows, selectOpenRevisions } from '../db/formation.repository.ts';
import type { FormationInput } from '../domain/formation.schema.ts';
import {
  devientNonDiffusable,
  type FormationModifiee,
  type LheoImportReport,
  type RegleBloquante,
  type ReglesModifiee,
} from '../formats/lheo/lheo.rapport.ts';
import {
  type ControleLu,
  type ControlesEtVerdict,
  controlesDeRevisions,
  controlesLus,
} from './conformite.service.ts';
import { loadSnapshots } from './formation.view.ts';
import { revisionProposee } from './workflow.service.ts';

// The preview of an LHEO import (dry run) says, for each formation it would update, the blocking
// rules the change would introduce and those it would clear, and counts the formations that would
// leave the Catalogue général. The rules are the store's own (conformite.service.ts), run read only
// on the would-be state: in the dry run's transaction once its trial writes are done (before it is
// rolled back), then, for the « before », on what is stored once it is rolled back. A published
// formation's change is a revision: its « after » is the revision as validating it would store it
// and its « before » the diffused version, as the gestionnaire's review shows them (revisionLue,
// controlesDeRevision), read for a lot of LOT formations at once.
// Only the dry run pays for it: an applied import never creates this object.

/** Formations evaluated per read (the recomputation's round size, formation.write.ts). */
const LOT = 250;
const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A formation's blocking failures, keyed by code and field (a rule fails once per role or field). */
type Echecs = Map<string, RegleBloquante>;

const cle = (r: Pick<ControleLu, 'code' | 'champ'>) => `${r.code}|${r.champ ?? ''}`;

function bloquants(resultats: readonly ControleLu[]): Echecs {
  return new Map(
    resultats
      .filter((r) => r.resultat === 'echec' && r.severite === 'bloquant')
      .map((r) => [
        cle(r),
        { code: r.code, champ: r.champ, severite: 'bloquant' as const, message: r.message },
      ]),
  );
}

interface Etat {
  readonly echecs: Echecs;
  readonly catalogue: ControlesEtVerdict['catalogue'];
}

const ordre = (a: RegleBloquante, b: RegleBloquante) =>
  a.code.localeCompare(b.code) || (a.champ ?? '').localeCompare(b.champ ?? '');

/** What changes in the blocking failures from `avant` to `apres`. */
export function ecartsBloquants(avant: Etat, apres: Etat): ReglesModifiee {
  return {
    introduites: [...apres.echecs]
      .filter(([k]) => !avant.echecs.has(k))
      .map(([, r]) => r)
      .sort(ordre),
    levees: [...avant.echecs]
      .filter(([k]) => !apres.echecs.has(k))
      .map(([, r]) => r)
      .sort(ordre),
    catalogue_avant: avant.catalogue,
    catalogue_apres: apres.catalogue,
  };
}

const etatDe = (c: ControlesEtVerdict): Etat => ({ echecs: bloquants(c.resultats), catalogue: c.catalogue });

export class ApercuRegles {
  /** Formations updated, in file order: whether the change is a revision. */
  private readonly maj = new Map<string, boolean>();
  /** Their entry in the report's list, when listed (the first LISTE_MAX). */
  private readonly listees = new Map<string, FormationModifiee>();
  /** Their would-be state, then their state as stored (a revision's: its diffused version). */
  private readonly apresDe = new Map<string, Etat>();
  private readonly avantDe = new Map<string, Etat>();

  constructor(private readonly now: Date) {}

  /** A formation the dry run updated (`revision`: a published one, whose change awaits validation). */
  noter(id: string, revision: boolean, listee: FormationModifiee | null): void {
    this.maj.set(id, revision);
    if (listee) this.listees.set(id, listee);
  }

  /** In the dry run's transaction, once every trial write is done: the would-be states. */
  async apres(trx: Executor): Promise<void> {
    const ids = [...this.maj.keys()];
    for (let i = 0; i < ids.length; i += LOT) {
      const lot = ids.slice(i, i + LOT);
      // A revision's « after » is the state validating it would store (its open revision applied to
      // the published version); a formation without one (written directly) is read as written.
      const enRevision = lot.filter((id) => this.maj.get(id));
      const ouvertes = await selectOpenRevisions(trx, enRevision);
      const rows = await selectFormationRows(
        trx,
        enRevision.filter((id) => ouvertes.has(id)),
      );
      const lus = await loadSnapshots(trx, rows);
      const revisions = rows.flatMap((row) => {
        const lu = lus.get(row.id);
        const payload = ouvertes.get(row.id)?.payload as FormationInput | undefined;
        return lu && payload ? [{ row, propose: revisionProposee(lu, payload) }] : [];
      });
      for (const [id, c] of await controlesDeRevisions(trx, revisions, this.now))
        this.apresDe.set(id, etatDe(c));
      await this.lire(
        trx,
        lot.filter((id) => !this.apresDe.has(id)),
        this.apresDe,
      );
    }
  }

  /** Once the dry run is rolled back (`db`: outside it): the states as stored, then the report completed. */
  async completer(db: Executor, report: LheoImportReport): Promise<LheoImportReport> {
    await this.lire(db, [...this.maj.keys()], this.avantDe);
    const ecarts = new Map<string, ReglesModifiee>();
    let nonDiffusables = 0;
    for (const id of this.maj.keys()) {
      const avant = this.avantDe.get(id);
      const apres = this.apresDe.get(id);
      if (!avant || !apres) continue;
      const e = ecartsBloquants(avant, apres);
      ecarts.set(id, e);
      if (devientNonDiffusable({ revision: this.maj.get(id) === true, regles: e })) nonDiffusables++;
    }
    report.non_diffusables = nonDiffusables;
    for (const [id, m] of this.listees) {
      const e = ecarts.get(id);
      if (e) m.regles = e;
    }
    return report;
  }

  private async lire(db: Executor, ids: readonly string[], dans: Map<string, Etat>): Promise<void> {
    for (let i = 0; i < ids.length; i += LOT) {
      for (const [id, c] of await controlesLus(db, ids.slice(i, i + LOT), this.now)) dans.set(id, etatDe(c));
      await yieldLoop();
    }
  }
}
