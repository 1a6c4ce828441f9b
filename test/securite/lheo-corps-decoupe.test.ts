import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import { buildApp } from '../../src/http/app.ts';
import { type TestApi, testApi } from '../api/helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';

// Review 06/12: an LHEO body over the limit sent without Content-Length (chunked) was refused only
// once the import had READ the limit's worth of it — at the import's pace (each batch of formations
// written before the next is read), ≈ 48 s for 50 Mo of formations on a loaded machine, while the
// same file announced with its Content-Length was refused at once. The bytes are now counted as
// they arrive on the socket, whatever the import is doing: the 413 comes as soon as the limit is
// passed. Over a real socket, in chunks: a server set to 8 Mo (OFFRE_LHEO_CORPS_MO) is sent small
// valid formations (≈ 4,400 of them: about a minute of import on a loaded machine) up to 256 Ko
// past its limit, and nothing more; the refusal must come within ATTENTE_MS. The old server
// answered only once it had imported them (never, here, within ATTENTE_MS); the new one once it
// has received them — on PGlite, whose statements run on the server's thread, within a few turns
// of the event loop between two batches of the import (seconds), not after the whole import.

const MO = 8;
const LIMITE = MO * 1024 * 1024;
const ATTENTE_MS = 20_000;

const valide = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const debut = valide.indexOf('<formation ');
/** The fixture's last (and smallest) formation, without its indentation: ≈ 1.9 Ko. */
const derniere = valide
  .slice(valide.lastIndexOf('<formation '), valide.lastIndexOf('</formation>') + '</formation>'.length)
  .replace(/>\s+</g, '><');
/** That formation numbered `i` (each one a new formation). */
const lot = (i: number) => derniere.replaceAll('numero="F-', `numero="F${i}-`);

let api: TestApi;
let app: FastifyInstance;
let port: number;
let appFermee = false;
beforeAll(async () => {
  api = await testApi();
  app = await buildApp({ ...api.ctx, config: { ...readConfig(), lheoCorpsMo: MO } });
  port = Number(new URL(await app.listen({ port: 0, host: '127.0.0.1' })).port);
});
afterAll(async () => {
  if (!appFermee) await app?.close();
  await api?.close();
});

interface Reponse {
  readonly status: number;
  readonly entetes: string;
  readonly corps: string;
}

/** Reads the first answer on `s` (its head and as much body as arrives in 300 ms), or null after `ms`. */
function reponse(s: Socket, ms: number): Promise<Reponse | null> {
  return new Promise((resolve) => {
    let recu = '';
    let minuterie = setTimeout(() => resolve(null), ms);
    const fini = () => {
      const [tete = '', ...reste] = recu.split('\r\n\r\n');
      const corps = reste.join('\r\n\r\n');
      resolve({
        status: Number(/^HTTP\/1\.1 (\d+)/.exec(tete)?.[1]),
        entetes: tete.toLowerCase(),
        // A chunked answer: its first chunk's size line dropped.
        corps: corps.replace(/^[0-9a-f]+\r\n/, ''),
      });
    };
    s.on('data', (d) => {
      const premier = recu === '';
      recu += d.toString('utf8');
      if (premier) {
        clearTimeout(minuterie);
        minuterie = setTimeout(fini, 300);
      }
    });
    s.on('close', () => {
      clearTimeout(minuterie);
      if (recu) fini();
      else resolve(null);
    });
    s.on('error', () => {});
  });
}

describe('an LHEO body over the limit, sent in chunks without Content-Length', () => {
  it('is refused as soon as the limit is passed (413 LHEO_CORPS_TROP_VOLUMINEUX), nothing stored', async () => {
    const avant = await compterLignes(api.ctx.db, 'formation');
    const s = connect(port, '127.0.0.1');
    await new Promise((r) => s.once('connect', r));
    const attendue = reponse(s, 60_000);
    let repondu = false;
    void attendue.then(() => {
      repondu = true;
    });
    s.write(
      `POST /api/v1/imports/lheo HTTP/1.1\r\nHost: offre.test\r\nAuthorization: Bearer ${api.keys.admin}\r\n` +
        'Content-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n',
    );
    let envoyes = 0;
    const morceau = (texte: string) => {
      const b = Buffer.from(texte);
      envoyes += b.length;
      return s.write(`${b.length.toString(16)}\r\n${texte}\r\n`);
    };
    morceau(valide.slice(0, debut));
    for (let i = 0; envoyes <= LIMITE + 256 * 1024 && !repondu && !s.destroyed; i++)
      if (!morceau(lot(i)))
        await new Promise((r) => {
          s.once('drain', r);
          s.once('close', r);
        });
    // The limit is passed and nothing more is sent: the answer must come now, not after the import.
    const limiteDepassee = Date.now();
    const r = await Promise.race([
      attendue,
      new Promise<null>((res) => setTimeout(() => res(null), ATTENTE_MS)),
    ]);
    const ms = Date.now() - limiteDepassee;
    s.destroy();
    expect(
      r,
      `aucune réponse ${ATTENTE_MS} ms après le dépassement de la limite (${envoyes} octets envoyés)`,
    ).not.toBeNull();
    expect(r!.status).toBe(413);
    expect(r!.entetes).toContain('connection: close');
    const probleme = JSON.parse(r!.corps);
    expect(probleme).toMatchObject({ status: 413, code: 'LHEO_CORPS_TROP_VOLUMINEUX' });
    expect(probleme.detail).toMatch(
      /^Le fichier LHEO dépasse 8 Mo : importez-le avec la commande « offre import lheo »/,
    );
    expect(ms).toBeLessThan(ATTENTE_MS);
    // The import the refusal cut short is over once the server is closed: nothing of it stored.
    await app.close();
    appFermee = true;
    expect(await compterLignes(api.ctx.db, 'formation')).toBe(avant);
  });
});
