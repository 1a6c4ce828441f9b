import type { Executor } from '../../db/executor.ts';
import {
  selectClesSessions,
  selectFormationRows,
  selectOpenRevisions,
} from '../../db/formation.repository.ts';
import type { Acteur } from '../../domain/acteur.ts';
import {
  type CompteRegle,
  comptesParCode,
  creeeNonDiffusable,
  devientNonDiffusable,
  type RegleBloquante,
  type ReglesModifiee,
  reglesCreation,
} from '../../domain/apercu-regles.ts';
import type { FormationInput } from '../../domain/formation.schema.ts';
import {
  type ControleLu,
  type ControlesEtVerdict,
  controlesDeNouvelles,
  controlesDeRevisions,
  controlesLus,
} from '../conformite.service.ts';
import { loadSnapshots } from '../formation.view.ts';
import { revisionProposee } from '../workflow.service.ts';

// The preview of an import (LHEO file or campaign workbook, dry run) says, for each formation it
// would update, the blocking rules the change would introduce and those it would clear, and counts
// the formations that would leave the Catalogue général. The rules are the store's own
// (conformite.service.ts), run read only on the would-be state, then on what is stored.
// The would-be state of a formation is the state its write would store, mapped to the stored rows
// without writing them (controlesDeRevisions, as the gestionnaire's review reads a revision:
// revisionLue): an LHEO dry run reads it in its transaction once its trial writes are done (a
// published formation's: its open revision applied to the published version; another's: as
// written), before it is rolled back; a workbook preview, which writes nothing, maps the write
// each of its targets would make (classeur.ecriture.ts). The « before » is what is stored (a
// published formation's: its diffused version), read once the trial writes are rolled back.
// A formation the import would create has no « before »: its blocking failures are all introduced
// (domain/apercu-regles.ts reglesCreation). An LHEO dry run reads it in its transaction as written,
// with the formations written directly; a workbook preview maps the input its creation would give
// the store to the rows the store would write (controlesDeNouvelles), as it maps an update's.
// Read for a lot of LOT formations at once. Only a preview pays for it: an applied import never
// creates this object.

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
        {
          code: r.code,
          champ: r.champ,
          severite: 'bloquant' as const,
          message: r.message,
          ...(r.session_id ? { session_id: r.session_id } : {}),
        },
      ]),
  );
}

interface Etat {
  readonly echecs: Echecs;
  readonly catalogue: ControlesEtVerdict['catalogue'];
}

const ordre = (a: RegleBloquante, b: RegleBloquante) =>
  a.code.localeCompare(b.code) || (a.champ ?? '').localeCompare(b.champ ?? '');

/** What changes in the blocking failures from `avant` to `apres` (`publiee`: of a formation diffused today). */
export function ecartsBloquants(avant: Etat, apres: Etat, publiee: boolean): ReglesModifiee {
  return {
    publiee,
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

/** A failure as the reports give it: the session it names is said in its message, not by its ids. */
export const sansSession = ({ session_id: _, session_cle: __, ...r }: RegleBloquante): RegleBloquante => r;

/** `e` with each failure as `situer` gives it (where the file has the session it names). */
const situees = (e: ReglesModifiee, situer: (r: RegleBloquante) => RegleBloquante): ReglesModifiee => ({
  ...e,
  introduites: e.introduites.map(situer),
  levees: e.levees.map(situer),
});

/** The session ids the failures of `etat` name. */
const sessionsNommees = (etat: Etat): string[] =>
  [...etat.echecs.values()].flatMap((r) => (r.session_id ? [r.session_id] : []));

/** `etat` with each failure naming a session given that session's external key (`cles`: by session id). */
const avecCles = (etat: Etat, cles: ReadonlyMap<string, string | null>): Etat => ({
  ...etat,
  echecs: new Map(
    [...etat.echecs].map(([k, r]) => {
      const c = r.session_id ? cles.get(r.session_id) : null;
      return [k, c ? { ...r, session_cle: c } : r];
    }),
  ),
});

/**
 * What the preview says of the rules: each formation's, by id (updated, then created), how many
 * updated would leave the diffusion, how many created would not be diffusable, and each rule's
 * count over them all.
 */
export interface ReglesApercu {
  readonly regles: ReadonlyMap<string, ReglesModifiee>;
  readonly nonDiffusables: number;
  readonly creeesNonDiffusables: number;
  readonly parCode: CompteRegle[];
}

export class ApercuRegles {
  /** Formations updated, in order: whether the change is a revision (a published formation's, by its organisme). */
  private readonly maj = new Map<string, boolean>();
  /** Formations created, in order (an LHEO dry run's, written in its transaction; a workbook's, by the caller's key). */
  private readonly creees = new Set<string>();
  /** Their would-be state, then their state as stored (a revision's: its diffused version). */
  private readonly apresDe = new Map<string, Etat>();
  private readonly avantDe = new Map<string, Etat>();

  constructor(private readonly now: Date) {}

  /** A formation the preview updates (`revision`: a published one, whose change awaits validation). */
  noter(id: string, revision: boolean): void {
    this.maj.set(id, revision);
  }

  /** A formation an LHEO dry run creates (written in its transaction). */
  noterCreee(id: string): void {
    this.creees.add(id);
  }

  /**
   * In an LHEO dry run's transaction, once every trial write is done: the would-be states. A
   * revision's is the state validating it would store (its open revision applied to the published
   * version); a formation without one (written directly), and a formation created, is read as written.
   */
  async apres(trx: Executor): Promise<void> {
    const ids = [...this.maj.keys()];
    for (let i = 0; i < ids.length; i += LOT) {
      const lot = ids.slice(i, i + LOT);
      const ouvertes = await selectOpenRevisions(
        trx,
        lot.filter((id) => this.maj.get(id)),
      );
      await this.proposes(trx, new Map([...ouvertes].map(([id, r]) => [id, r.payload as FormationInput])));
      await this.lire(
        trx,
        lot.filter((id) => !this.apresDe.has(id)),
        this.apresDe,
      );
    }
    await this.lire(trx, [...this.creees], this.apresDe);
  }

  /**
   * Without writing anything (a workbook preview): the state of each formation its creation from
   * its input would store, by the caller's key (not a stored id), read by `acteur`'s write.
   */
  async nouvelles(db: Executor, entrees: ReadonlyMap<string, FormationInput>, acteur: Acteur): Promise<void> {
    const cles = [...entrees.keys()];
    for (const cle of cles) this.creees.add(cle);
    for (let i = 0; i < cles.length; i += LOT) {
      const lot = cles.slice(i, i + LOT).map((id) => ({ id, input: entrees.get(id)! }));
      for (const [id, c] of await controlesDeNouvelles(db, lot, this.now, acteur))
        this.apresDe.set(id, etatDe(c));
      await yieldLoop();
    }
  }

  /**
   * Without writing anything (a workbook preview): the would-be state of each formation noted,
   * from `ecrites`, the input its write would give the store (a published formation's: its
   * revision, once validated).
   */
  async apresEcritures(db: Executor, ecrites: ReadonlyMap<string, FormationInput>): Promise<void> {
    const ids = [...this.maj.keys()].filter((id) => ecrites.has(id));
    for (let i = 0; i < ids.length; i += LOT) {
      await this.proposes(db, new Map(ids.slice(i, i + LOT).map((id) => [id, ecrites.get(id)!])));
      await yieldLoop();
    }
  }

  /** Once the trial writes are rolled back (`db`: outside them): the states as stored, then each formation's rules. */
  async completer(
    db: Executor,
    situer: (id: string, r: RegleBloquante) => RegleBloquante = (_, r) => sansSession(r),
  ): Promise<ReglesApercu> {
    const publiees = new Set<string>();
    await this.lire(db, [...this.maj.keys()], this.avantDe, publiees);
    const regles = new Map<string, ReglesModifiee>();
    let nonDiffusables = 0;
    for (const id of this.maj.keys()) {
      const avant = this.avantDe.get(id);
      const apres = this.apresDe.get(id);
      if (!avant || !apres) continue;
      const e = situees(ecartsBloquants(avant, apres, publiees.has(id)), (r) => situer(id, r));
      regles.set(id, e);
      if (devientNonDiffusable(e)) nonDiffusables++;
    }
    let creeesNonDiffusables = 0;
    for (const id of this.creees) {
      const apres = this.apresDe.get(id);
      if (!apres) continue;
      const e = situees(reglesCreation([...apres.echecs.values()].sort(ordre), apres.catalogue), (r) =>
        situer(id, r),
      );
      regles.set(id, e);
      if (creeeNonDiffusable(e)) creeesNonDiffusables++;
    }
    return { regles, nonDiffusables, creeesNonDiffusables, parCode: comptesParCode(regles.values()) };
  }

  /** The would-be states of the formations `payloads` names, each the state its input would store. */
  private async proposes(db: Executor, payloads: ReadonlyMap<string, FormationInput>): Promise<void> {
    if (payloads.size === 0) return;
    const rows = await selectFormationRows(db, [...payloads.keys()]);
    const lus = await loadSnapshots(db, rows);
    const proposes = rows.flatMap((row) => {
      const lu = lus.get(row.id);
      const payload = payloads.get(row.id);
      return lu && payload ? [{ row, propose: revisionProposee(lu, payload) }] : [];
    });
    const cles = new Map(
      proposes.flatMap((p) => p.propose.sessions.map((s) => [s.id, s.cle_externe] as const)),
    );
    for (const [id, c] of await controlesDeRevisions(db, proposes, this.now))
      this.apresDe.set(id, avecCles(etatDe(c), cles));
  }

  /** The states of `ids` as `db` reads them; `publiees`, when given, receives those published (diffused). */
  private async lire(
    db: Executor,
    ids: readonly string[],
    dans: Map<string, Etat>,
    publiees?: Set<string>,
  ): Promise<void> {
    for (let i = 0; i < ids.length; i += LOT) {
      const lot = ids.slice(i, i + LOT);
      const etats = [...(await controlesLus(db, lot, this.now))].map(([id, c]) => [id, etatDe(c)] as const);
      // The external keys of the sessions the failures name, as `db` reads them (a dry run's trial
      // sessions in its transaction): how the file names them (an LHEO session's numero).
      const nommees = [...new Set(etats.flatMap(([, e]) => sessionsNommees(e)))];
      const cles = await selectClesSessions(db, nommees);
      for (const [id, e] of etats) dans.set(id, avecCles(e, cles));
      if (publiees)
        for (const row of await selectFormationRows(db, lot))
          if (row.statut === 'publiee') publiees.add(row.id);
      await yieldLoop();
    }
  }
}
