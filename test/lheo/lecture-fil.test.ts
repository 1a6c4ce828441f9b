import { readdirSync, readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { readLheoEnFil } from '../../src/formats/lheo/lheo.fil.ts';
import { type LheoRecord, readLheo } from '../../src/formats/lheo/lheo.reader.ts';
import type { ByteSource } from '../../src/formats/lheo/lheo.stream.ts';

// The command line's read of an LHEO file in a worker thread (lheo.fil.ts) gives exactly what
// readLheo gives in this thread: the same records, in the same order, then the same error.

const dossier = new URL('../fixtures/lheo/', import.meta.url);
const fixture = (nom: string) => readFileSync(new URL(nom, dossier));

/** Today (Paris) for the reads compared: a session's dates are read against it. */
const AUJOURDHUI = '2026-12-07';

/** Every record read, then the error that ended the read (null: none). */
async function lire(lecteur: AsyncIterable<LheoRecord>) {
  const records: LheoRecord[] = [];
  try {
    for await (const r of lecteur) records.push(r);
  } catch (erreur) {
    return { records, erreur };
  }
  return { records, erreur: null };
}

/** `octets` in chunks of `taille` (views of it, as a stream may give); `echec` thrown before chunk `avant`. */
async function* morceaux(octets: Buffer, taille: number, echec?: { avant: number; message: string }) {
  for (let i = 0, n = 0; i < octets.length; i += taille, n++) {
    if (echec && n === echec.avant) throw new Error(echec.message);
    yield octets.subarray(i, i + taille);
  }
}

/** Both reads of the same source (made twice by `source`): equal, records and error. */
async function memeLecture(source: () => ByteSource, fichier = 'offre.xml') {
  const attendu = await lire(readLheo(source(), fichier, AUJOURDHUI));
  const lu = await lire(readLheoEnFil(source(), fichier, AUJOURDHUI));
  expect(lu).toStrictEqual(attendu);
  return lu;
}

/** A file of `n` formations: offre-2.3.xml's, repeated with their own numeros. */
function grosFichier(n: number): Buffer {
  const xml = fixture('offre-2.3.xml').toString('utf8');
  const debut = xml.indexOf('<formation ');
  const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
  const formations = xml.slice(debut, fin);
  const corps = Array.from({ length: Math.ceil(n / 3) }, (_, i) =>
    formations.replace(/<formation numero="([^"]*)"/g, `<formation numero="$1-${i}"`),
  ).join('\n');
  return Buffer.from(xml.slice(0, debut) + corps + xml.slice(fin), 'utf8');
}

describe('readLheoEnFil = readLheo', () => {
  const fixtures = readdirSync(dossier).filter((f) => f.endsWith('.xml'));
  it('has fixtures to read', () => expect(fixtures.length).toBeGreaterThanOrEqual(8));
  for (const nom of fixtures)
    for (const taille of [64 * 1024, 7])
      it(`${nom}, in chunks of ${taille} bytes`, async () => {
        await memeLecture(() => morceaux(fixture(nom), taille), nom);
      });

  it('a file of 450 formations, in chunks of 64 KB, of 1000 bytes, and as one string', async () => {
    const octets = grosFichier(450);
    const { records } = await memeLecture(() => morceaux(octets, 64 * 1024));
    expect(records).toHaveLength(450);
    await memeLecture(() => morceaux(octets, 1000));
    await memeLecture(() => Readable.from([octets.toString('utf8')]));
  });

  it('a file cut in the middle: the records before, then the same XML error', async () => {
    const octets = grosFichier(60);
    const { records, erreur } = await memeLecture(() =>
      morceaux(octets.subarray(0, octets.length / 2), 4096),
    );
    expect(records.length).toBeGreaterThan(10);
    expect(erreur).toMatchObject({ code: 'LHEO_XML_INVALIDE' });
  });

  it('what is not XML: the same refusal', async () => {
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(200, 1)]);
    const { erreur } = await memeLecture(() => morceaux(zip, 64 * 1024), 'offre.zip');
    expect(erreur).toMatchObject({ code: 'LHEO_PAS_XML' });
  });

  it('a source that fails at its 13th chunk: the records of the 12 before, then its own error', async () => {
    const octets = grosFichier(90);
    const { records, erreur } = await memeLecture(() =>
      morceaux(octets, 4096, { avant: 12, message: 'disque illisible' }),
    );
    expect(records.length).toBeGreaterThan(5);
    expect(erreur).toStrictEqual(new Error('disque illisible'));
  });

  it('a read left early closes the source and stops the worker', async () => {
    const octets = grosFichier(450);
    let fermee = false;
    async function* source() {
      try {
        yield* morceaux(octets, 4096);
      } finally {
        fermee = true;
      }
    }
    const avant = process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const lus: LheoRecord[] = [];
    for await (const r of readLheoEnFil(source(), 'offre.xml')) {
      lus.push(r);
      if (lus.length === 5) break;
    }
    const attendus: LheoRecord[] = [];
    for await (const r of readLheo(morceaux(octets, 4096), 'offre.xml')) {
      attendus.push(r);
      if (attendus.length === 5) break;
    }
    expect(lus).toStrictEqual(attendus);
    await vi.waitFor(() => expect(fermee).toBe(true));
    await vi.waitFor(() =>
      expect(process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length).toBe(avant),
    );
  });

  /** `p`, or a failure if it has not settled within 10 s (a read left waiting). */
  const sous10s = <T>(p: Promise<T>) =>
    Promise.race([
      p,
      new Promise<never>((_, ko) => setTimeout(() => ko(new Error('toujours en cours après 10 s')), 10_000)),
    ]);
  const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;

  // A command `offre serve` runs, cancelled by its caller's Ctrl-C (cli/hote.ts), reading a named
  // pipe whose writer says nothing more.
  it('cancelled while it waits for a silent stream: its reason at once, the worker stopped, the stream destroyed', async () => {
    const xml = fixture('offre-2.3.xml');
    const flux = new PassThrough();
    // The header only, never ended: the worker waits for bytes, the reader for records.
    flux.write(xml.subarray(0, xml.indexOf('<formation ')));
    const avant = ports();
    const annulation = new AbortController();
    const raison = new Error('Commande interrompue');
    const lecture = lire(readLheoEnFil(flux, 'offre.xml', AUJOURDHUI, { signal: annulation.signal }));
    setTimeout(() => annulation.abort(raison), 200);
    expect(await sous10s(lecture)).toStrictEqual({ records: [], erreur: raison });
    await vi.waitFor(() => expect(flux.destroyed).toBe(true));
    await vi.waitFor(() => expect(ports()).toBe(avant));
  });

  it('cancelled with records waiting: they are dropped, its reason is thrown at once', async () => {
    const octets = grosFichier(60);
    const flux = new PassThrough();
    flux.write(octets.subarray(0, octets.length / 2));
    const avant = ports();
    const annulation = new AbortController();
    const raison = new Error('Commande interrompue');
    const lus: LheoRecord[] = [];
    const lecture = (async () => {
      for await (const r of readLheoEnFil(flux, 'offre.xml', AUJOURDHUI, { signal: annulation.signal })) {
        lus.push(r);
        if (lus.length === 3) annulation.abort(raison);
      }
    })();
    await expect(sous10s(lecture)).rejects.toBe(raison);
    expect(lus).toHaveLength(3);
    await vi.waitFor(() => expect(flux.destroyed).toBe(true));
    await vi.waitFor(() => expect(ports()).toBe(avant));
  });

  it('already cancelled: its reason, no worker started', async () => {
    const avant = ports();
    const raison = new Error('Commande interrompue');
    const lecture = lire(
      readLheoEnFil(morceaux(fixture('offre-2.3.xml'), 4096), 'offre.xml', AUJOURDHUI, {
        signal: AbortSignal.abort(raison),
      }),
    );
    expect(await lecture).toStrictEqual({ records: [], erreur: raison });
    expect(ports()).toBe(avant);
  });

  it('a worker out of its bounded heap: LHEO_LECTURE_MEMOIRE, in French, naming the file', async () => {
    // One formation of ≈ 9.5 million characters (under LIMITES_LHEO), read by a worker of 16 MB.
    const texte = 'x'.repeat(99_000);
    const xml = fixture('offre-2.3.xml')
      .toString('utf8')
      .replace(
        '<formation numero="F-BTS-MCO" datemaj="20260115">',
        `$&${Array.from({ length: 95 }, () => `<extras><extra info="a">${texte}</extra></extras>`).join('')}`,
      );
    const petit = { vieilleMo: 16, jeuneMo: 2 };
    // Such a worker reads an ordinary file.
    expect(
      await lire(
        readLheoEnFil(morceaux(fixture('offre-2.3.xml'), 64 * 1024), 'offre.xml', undefined, {
          memoire: petit,
        }),
      ),
    ).toStrictEqual(await lire(readLheo(morceaux(fixture('offre-2.3.xml'), 64 * 1024), 'offre.xml')));
    const { erreur } = await lire(
      readLheoEnFil(morceaux(Buffer.from(xml), 64 * 1024), 'national.xml', undefined, { memoire: petit }),
    );
    expect(erreur).toMatchObject({
      code: 'LHEO_LECTURE_MEMOIRE',
      status: 422,
      message: expect.stringMatching(
        /^national\.xml : la lecture du fichier dépasse la mémoire permise \(16 Mo\)/,
      ),
    });
  });
});
