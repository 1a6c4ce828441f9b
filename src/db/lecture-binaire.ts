import { createHash } from 'node:crypto';
import pg from 'pg';
import { type Decodeur, Lecteur } from './morceaux.ts';

// The hot reads that carry stored documents (the whole catalogue's list page, the change feed's
// formations: statements marked `preparee`, a bounded set of texts) run on PostgreSQL as named
// prepared statements whose results come in binary format, read straight off the socket: a text
// column's binary form is its bytes in the client encoding (UTF-8, set by pg's startup message),
// sliced out of the received chunks. pg itself cannot do this: its parser decodes every field of a
// DataRow to a JavaScript string, binary format or not. So this read (a pg « submittable », as
// pg-copy-streams' COPY is) takes the connection's socket for the time of its statement, sends
// Parse (the first time on a connection), Bind, Execute and Sync in one write, parses the
// replies itself, and hands the socket back to pg at ReadyForQuery (or at an error, which pg then
// reports to it). Against `COPY (…) TO STDOUT (FORMAT binary)` (copie.ts, which cannot be
// prepared), PostgreSQL neither parses nor plans the page again (a kept generic plan, the read
// pool's `plan_cache_mode`), and Node copies the page's bytes once, not twice
// (docs/mesures.md « Pages distinctes : le plan gardé, les octets lus sur la socket »).

/** Statement name by text (texts from a bounded set, as preparee.ts's). */
const noms = new Map<string, string>();
const nomDe = (texte: string): string => {
  let nom = noms.get(texte);
  if (!nom) {
    nom = `offre_b_${createHash('sha1').update(texte).digest('base64url')}`;
    noms.set(texte, nom);
  }
  return nom;
};

/** Per pg connection: the names of the statements it has parsed (ParseComplete received). */
const preparees = new WeakMap<object, Set<string>>();

// Backend message codes (PostgreSQL documentation, « Message Formats »).
const PARSE_COMPLETE = 0x31; // '1'
const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'
const READY_FOR_QUERY = 0x5a; // 'Z'

interface ConnexionPg {
  stream: NodeJS.EventEmitter & { cork(): void; uncork(): void };
  parse(q: { name: string; text: string; types: unknown[] }): void;
  bind(q: { statement: string; values: unknown[]; binary: boolean }): void;
  execute(q: object): void;
  sync(): void;
}

type Ecouteur = (chunk: Buffer) => void;

/**
 * A pg submittable (client.query(it)) that runs `texte` with `valeurs` as the named statement of
 * its text, results in binary format, each DataRow decoded by `colonnes` (one per column, in
 * order) from the bytes as received. `resultat` settles at ReadyForQuery: the rows, or the error
 * PostgreSQL sent (a DatabaseError, as pg's), or one of reading the rows.
 */
export class LectureBinaire<R> {
  readonly resultat: Promise<R[]>;
  private resoudre!: (rows: R[]) => void;
  private rejeter!: (e: Error) => void;
  private readonly rows: R[] = [];
  private readonly lecteur = new Lecteur();
  private erreur: Error | undefined;
  private connexion: ConnexionPg | undefined;
  private ecouteurPg: Ecouteur | undefined;
  private readonly nom: string;

  constructor(
    private readonly texte: string,
    private readonly valeurs: readonly unknown[],
    private readonly colonnes: readonly (readonly [string, Decodeur])[],
  ) {
    this.nom = nomDe(texte);
    this.resultat = new Promise<R[]>((resoudre, rejeter) => {
      this.resoudre = resoudre;
      this.rejeter = rejeter;
    });
  }

  /** Called by pg when the connection is ready for it: an error returned is passed to handleError. */
  submit(connexion: ConnexionPg): Error | null {
    let valeurs: unknown[];
    try {
      // As pg binds a query's values (dates, arrays, JSON), before anything is sent.
      valeurs = this.valeurs.map((v) => (pg as unknown as PgUtils).utils.prepareValue(v));
    } catch (e) {
      return e as Error;
    }
    const stream = connexion.stream;
    const ecouteurs = stream.listeners('data') as Ecouteur[];
    if (ecouteurs.length !== 1) return new Error('Lecture binaire : connexion pg inattendue.');
    this.connexion = connexion;
    this.ecouteurPg = ecouteurs[0];
    stream.removeListener('data', this.ecouteurPg!);
    stream.on('data', this.recevoir);
    let faites = preparees.get(connexion);
    if (!faites) {
      faites = new Set();
      preparees.set(connexion, faites);
    }
    // One write for the four messages (pg would write each).
    stream.cork();
    if (!faites.has(this.nom)) connexion.parse({ name: this.nom, text: this.texte, types: [] });
    connexion.bind({ statement: this.nom, values: valeurs, binary: true });
    connexion.execute({});
    connexion.sync();
    stream.uncork();
    return null;
  }

  /** The socket's data while this statement runs: its replies, up to ReadyForQuery or an error. */
  private readonly recevoir = (chunk: Buffer): void => {
    const l = this.lecteur;
    l.ajouter(chunk);
    for (let e = l.entete(); e && l.disponibles >= 1 + e.longueur; e = l.entete()) {
      if (e.code === READY_FOR_QUERY || e.code === ERROR_RESPONSE) {
        // pg reads these: it reports the error to handleError, then ReadyForQuery settles us.
        this.rendre();
        return;
      }
      l.sauter(5);
      if (e.code === DATA_ROW) this.ligne(e.longueur - 4);
      else {
        if (e.code === PARSE_COMPLETE) preparees.get(this.connexion!)?.add(this.nom);
        // BindComplete, CommandComplete, a notice or a parameter status: nothing to keep.
        l.sauter(e.longueur - 4);
      }
    }
  };

  /** One DataRow of `longueur` bytes after its header. */
  private ligne(longueur: number): void {
    const l = this.lecteur;
    if (this.erreur) {
      l.sauter(longueur);
      return;
    }
    const fin = l.disponibles - longueur;
    try {
      const n = l.int(2);
      if (n !== this.colonnes.length)
        throw new Error(`Lecture binaire : ${n} champs, ${this.colonnes.length} attendus.`);
      const row: Record<string, unknown> = {};
      for (const [nom, decode] of this.colonnes) {
        const k = l.int(4);
        row[nom] = k < 0 ? null : l.champ(k, decode);
      }
      this.rows.push(row as R);
    } catch (e) {
      // The message is whole (its length was waited for): the rest of it is skipped, the error kept.
      this.erreur = e as Error;
      l.sauter(Math.max(0, l.disponibles - fin));
    }
  }

  /** Gives the socket back to pg, with what was received and not read (`reste`). */
  private rendre(reste = true): void {
    const stream = this.connexion?.stream;
    if (!stream || !this.ecouteurPg) return;
    const pgData = this.ecouteurPg;
    this.ecouteurPg = undefined;
    stream.removeListener('data', this.recevoir);
    stream.on('data', pgData);
    if (!reste) return;
    const octets = this.lecteur.reste();
    if (octets.length > 0) pgData(octets);
  }

  /**
   * The error PostgreSQL sent (pg read it once the socket was handed back: it then forgets this
   * read, the ReadyForQuery that follows is not passed on), the connection's (ended, broken: the
   * socket is handed back as it is), or the one submit returned: settled now. The caller releases
   * the client as broken (copie.ts selectParCopie).
   */
  handleError(e: Error): void {
    this.erreur ??= e;
    this.rendre(false);
    this.rejeter(this.erreur);
  }

  handleReadyForQuery(): void {
    if (this.erreur) this.rejeter(this.erreur);
    else this.resoudre(this.rows);
  }

  // Messages pg would pass on if it read them (it reads none of these while the socket is ours).
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
}

interface PgUtils {
  utils: { prepareValue(v: unknown): unknown };
}
