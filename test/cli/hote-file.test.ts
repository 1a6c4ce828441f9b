import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_NAME } from '../../src/cli/hote.client.ts';
import { commandeHebergee } from '../../src/cli/hote.context.ts';
import { ecouterCommandes } from '../../src/cli/hote.ts';
import { noterEnregistrement } from '../../src/cli/interruption.ts';
import type { AppContext } from '../../src/context.ts';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';

// The queue of the commands `offre serve` runs for CLIs (src/cli/hote.ts), with commands that
// fail in ways the real ones should not: one that throws past main(), one that never ends, one
// cancelled in the middle of its transaction. The server's side as `offre serve` runs it, on a
// real database and a real socket; the commands are stand-ins for main() (the `executer` that
// serve gives), the only way to have a command misbehave on purpose. Real commands through a real
// server: test/cli/serveur-socket.test.ts.

/** How long a cancelled command is waited for here (the server's is DELAI_ANNULATION_MS). */
const DELAI_MS = 300;
/** What a hung queue never does in time. */
const ATTENTE_MAX_MS = 10_000;

let database: TestDatabase;
let dir: string;
let stop: (() => Promise<void>) | undefined;

/** The stand-in commands (argv[0]). */
async function executer(argv: string[]): Promise<void> {
  const [commande] = argv;
  if (commande === 'jette') throw new Error('boum');
  if (commande === 'bloque') await new Promise(() => {});
  if (commande === 'transaction')
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into essai_annulation values (1)`.execute(trx);
      process.stdout.write('inséré\n');
      const signal = commandeHebergee()!.signal;
      await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      await sql`insert into essai_annulation values (2)`.execute(trx);
    });
  if (commande === 'applique') {
    // An import applied, then writing its report when it is cancelled (import-lheo.command.ts).
    await database.db.transaction().execute(async (trx) => {
      await sql`insert into essai_annulation values (3)`.execute(trx);
    });
    noterEnregistrement('l’import');
    process.stdout.write('appliqué\n');
    const signal = commandeHebergee()!.signal;
    await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
    await sql`select 1`.execute(database.db);
  }
  process.stdout.write(`fait : ${argv.join(' ')}\n`);
}

/** A CLI's request on the socket, as hote.client.ts sends it; its output and exit code. */
function demander(argv: string[]) {
  const socket = createConnection(join(dir, SOCKET_NAME));
  let stdout = '';
  let stderr = '';
  const lecteurs = new Set<() => void>();
  const fin = new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    interrompue: unknown;
  }>((resolve) => {
    let code: number | null = null;
    let interrompue: unknown = null;
    socket.once('connect', () => {
      socket.write(
        `${JSON.stringify({ argv, cwd: dir, tty: { stdout: false, stderr: false, columns: null } })}\n`,
      );
      createInterface({ input: socket }).on('line', (line) => {
        const m = JSON.parse(line) as { s?: 1 | 2; b?: string; code?: number; interrompue?: unknown };
        if (m.interrompue) interrompue = m.interrompue;
        if (m.b !== undefined) {
          const texte = Buffer.from(m.b, 'base64').toString();
          if (m.s === 1) stdout += texte;
          else stderr += texte;
          for (const l of lecteurs) l();
        }
        if (m.code !== undefined) code = m.code;
      });
    });
    socket.on('error', () => {});
    socket.once('close', () => resolve({ code, stdout, stderr, interrompue }));
  });
  const attendre = (texte: string) =>
    avant(
      new Promise<void>((resolve) => {
        const voir = () => {
          if (!(stdout + stderr).includes(texte)) return;
          lecteurs.delete(voir);
          resolve();
        };
        lecteurs.add(voir);
        voir();
      }),
      `« ${texte} » pour ${argv.join(' ')}`,
    );
  return { socket, fin: avant(fin, `la fin de ${argv.join(' ')}`), attendre };
}

async function avant<T>(p: Promise<T>, quoi: string): Promise<T> {
  let minuterie: NodeJS.Timeout | undefined;
  const delai = new Promise<never>((_, ko) => {
    minuterie = setTimeout(
      () => ko(new Error(`${quoi} : rien après ${ATTENTE_MAX_MS / 1000} s`)),
      ATTENTE_MAX_MS,
    );
  });
  try {
    return await Promise.race([p, delai]);
  } finally {
    clearTimeout(minuterie);
  }
}

// The server runs CLI commands on the embedded database only (PGlite); its statements' cancellation
// is the PGlite connection's: on PostgreSQL this proves nothing more.
describe.skipIf(TEST_ENGINE === 'postgres')('the queue of the commands a server runs for CLIs', () => {
  beforeAll(async () => {
    database = await testDatabase();
    await sql`create table essai_annulation (n int)`.execute(database.db);
    dir = mkdtempSync(join(tmpdir(), 'offre-hote-file-'));
    const ctx: AppContext = { db: database.db, engine: database.engine, now: () => new Date() };
    stop = await ecouterCommandes(dir, ctx, database, executer, { delaiAnnulationMs: DELAI_MS });
  });
  afterAll(async () => {
    await stop?.();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a command that throws is reported to its caller in French; the next one runs', async () => {
    const r = await demander(['jette']).fin;
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Erreur interne : boum\n');
    const suivante = await demander(['liste']).fin;
    expect(suivante).toMatchObject({ code: 0, stdout: 'fait : liste\n' });
  });

  it('a command that never ends holds the others only until its caller goes away (Ctrl-C)', async () => {
    const bloquee = demander(['bloque']);
    const suivante = demander(['liste']);
    await suivante.attendre(
      'Le serveur exécute déjà une commande (« offre bloque ») : celle-ci attend son tour',
    );
    bloquee.socket.destroy();
    expect(await suivante.fin).toMatchObject({ code: 0, stdout: 'fait : liste\n' });
  });

  it('a caller that goes away while its command waits: that command never runs', async () => {
    const bloquee = demander(['bloque']);
    const abandonnee = demander(['transaction']);
    await abandonnee.attendre('attend son tour');
    abandonnee.socket.destroy();
    await abandonnee.fin;
    bloquee.socket.destroy();
    expect(await demander(['liste']).fin).toMatchObject({ code: 0 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from essai_annulation`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('a command cancelled in the middle of its transaction: the transaction is rolled back, nothing stored', async () => {
    const t = demander(['transaction']);
    await t.attendre('inséré');
    t.socket.destroy();
    // The next command runs once the cancelled one has rolled back (it never reaches DELAI_MS).
    expect(await demander(['liste']).fin).toMatchObject({ code: 0 });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from essai_annulation`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  // Ctrl-C on the CLI closes its side of the socket only (hote.client.ts): it reads on, and is told
  // what the command left once it has ended, which its terminal says (interruption.ts).
  it('a caller that closes its side (Ctrl-C) is told what its command left: rolled back, or already stored', async () => {
    const annulee = demander(['transaction']);
    await annulee.attendre('inséré');
    annulee.socket.end();
    const r = await annulee.fin;
    expect(r.interrompue).toEqual({ enregistre: null, supprimes: [] });
    expect(r.code).toBe(1);
    // Nothing after the request to stop: not the command's own error about its cancellation.
    expect(r.stderr).toBe('');
    const appliquee = demander(['applique']);
    await appliquee.attendre('appliqué');
    appliquee.socket.end();
    expect((await appliquee.fin).interrompue).toEqual({ enregistre: 'l’import', supprimes: [] });
    const { rows } = await sql<{ n: number }>`select n from essai_annulation order by n`.execute(database.db);
    expect(rows.map((x) => x.n)).toEqual([3]);
  });

  it('stopping the server ends a stuck command and a waiting one within the delay, and tells their callers', async () => {
    const bloquee = demander(['bloque']);
    const enAttente = demander(['liste']);
    await enAttente.attendre('attend son tour');
    const debut = Date.now();
    await avant(stop!(), 'l’arrêt');
    stop = undefined;
    expect(Date.now() - debut).toBeLessThan(DELAI_MS + 2_000);
    for (const r of [await bloquee.fin, await enAttente.fin]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('Commande interrompue : le serveur « offre serve » s’arrête.');
      expect(r.stderr).toContain('[COMMANDE_INTERROMPUE]');
    }
  });
});
