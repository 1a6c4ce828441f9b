// The database out of reach — PostgreSQL restarting, stopped, or the network to it cut — as opposed
// to a defect of a statement: the requests that meet it are answered 503 BASE_INDISPONIBLE with
// Retry-After (http/errors.handler.ts), and lost idle connections are told once, in French, in the
// server's log (signalerConnexionPerdue).

/** SQLSTATEs of a server that refuses or ends connections: admin_shutdown, crash_shutdown, cannot_connect_now… */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Node's socket errors on the way to the database. */
const SOCKET = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres' own messages for a connection it lost or could not open (they carry no code). */
const MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

/** Whether `e` (or one of its causes) says the database cannot be reached for now. */
export function baseInjoignable(e: unknown): boolean {
  for (let x = e, n = 0; x && typeof x === 'object' && n < 5; x = (x as { cause?: unknown }).cause, n++) {
    const { code, message } = x as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (SQLSTATES.has(code) || code.startsWith('08') || SOCKET.has(code)))
      return true;
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    if (x instanceof AggregateError && x.errors.some(baseInjoignable)) return true;
  }
  return false;
}

/** Seconds a client is told to wait (Retry-After) while the database is out of reach. */
export const RETRY_BASE_S = 5;

/** Where the lines about the database go: stderr, or the server's log once it has one (serve). */
let journal: (ligne: string) => void = (ligne) => process.stderr.write(`${ligne}\n`);

/** Sends the database's lines to `ecrire` (the server's logger); returns the previous writer. */
export function journaliserIncidentsBase(ecrire: (ligne: string) => void): (ligne: string) => void {
  const avant = journal;
  journal = ecrire;
  return avant;
}

/** A restart ends every idle connection of a pool at once: one line per pool and per outage. */
export const FENETRE_SIGNALEMENT_MS = 10_000;

/**
 * Tells the log that a pool (`quelle`: « écriture », « lecture ») lost an idle connection, once
 * per FENETRE_SIGNALEMENT_MS and pool: a restart closes them all, one line says it.
 */
export function signaleurConnexionPerdue(quelle: string): (e: Error) => void {
  let dernier = Number.NEGATIVE_INFINITY;
  let taises = 0;
  return (e) => {
    const maintenant = Date.now();
    if (maintenant - dernier < FENETRE_SIGNALEMENT_MS) {
      taises++;
      return;
    }
    dernier = maintenant;
    const code = (e as { code?: unknown }).code;
    const autres = taises
      ? ` (${taises} autre${taises > 1 ? 's' : ''} perdue${taises > 1 ? 's' : ''} depuis le dernier message)`
      : '';
    taises = 0;
    journal(
      `Base PostgreSQL : connexion inactive perdue (pool ${quelle}${typeof code === 'string' ? `, code ${code}` : ''} : ${e.message})${autres} ; les suivantes seront ouvertes à la demande, les requêtes reçoivent 503 BASE_INDISPONIBLE tant que la base est injoignable.`,
    );
  };
}
