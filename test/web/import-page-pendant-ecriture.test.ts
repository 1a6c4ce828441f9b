import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { testDatabase } from '../helpers/db.ts';
import { attendre, envoyer } from './imports.helpers.ts';

// Review 05/12: right after an upload, opening one's own finished preview (/espace/imports/<id>)
// answered 503 BASE_OCCUPEE (« … les pages et l’API restent consultables … ») three times over a
// minute while another import was writing (PGlite, reads from the copy). A page view must be
// served — from the copy — whatever is being written; only writes may be refused. The cause: a
// page view notes the session's last activity once a minute (a write, refused by the copy), and
// the page failed with it. The other import is held in the middle of its file (its first batch
// written) until the pages answered.

const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
const fin = xml.lastIndexOf('</formation>') + '</formation>'.length;
const REMPLISSAGE = Array.from({ length: 197 }, (_, i) => `<formation numero="VIDE-${i}"></formation>`).join(
  '\n',
);

let t: TestWeb;
let orga: Navigateur;
/** The clock: moved past the minute after which a page view writes the session's last activity. */
let decalage = 0;

beforeAll(async () => {
  t = await testWeb({
    smtp: false,
    now: () => new Date(Date.now() + decalage),
    database: await testDatabase({ snapshotReads: true }),
  });
  const o = await compte(t, { email: 'pe@cfa-a.test', role: 'organisme', siren: SIREN_A });
  orga = new Navigateur(t.app, '10.44.0.1');
  await orga.seConnecter(o.email, o.motDePasse);
});
afterAll(() => t?.close());

describe('one’s own import page while another import writes', () => {
  it('is served (200, its preview), not 503 BASE_OCCUPEE', async () => {
    await orga.get('/espace/imports');
    const envoi = await envoyer(orga, 'lheo', 'petit.xml', Buffer.from(xml));
    expect(envoi.statusCode).toBe(303);
    const url = envoi.headers.location as string;
    const apercu = await attendre(orga, url);
    expect(apercu.statusCode).toBe(200);

    let reprendre!: () => void;
    const suite = new Promise<void>((r) => {
      reprendre = r;
    });
    let lotEcrit!: () => void;
    const ecrit = new Promise<void>((r) => {
      lotEcrit = r;
    });
    async function* source() {
      yield `${xml.slice(0, fin).replaceAll('numero="F-', 'numero="H-')}\n${REMPLISSAGE}\n<formation numero="VIDE-fin"></formation>\n`;
      await suite;
      yield xml.slice(fin);
    }
    const autre = importLheo(t.ctx, SYSTEME('test'), source(), {
      fichier: 'long.xml',
      onProgress: (n) => {
        if (n >= 200) lotEcrit();
      },
    });
    await ecrit;
    // The session was last seen over a minute ago: the page view would note it (a write).
    decalage = 2 * 60_000;
    try {
      for (const page of [url, '/espace/imports']) {
        const r = await orga.get(page);
        expect([page, r.statusCode, r.body.includes('BASE_OCCUPEE') || r.body.includes('réessayez')]).toEqual(
          [page, 200, false],
        );
      }
    } finally {
      reprendre();
      await autre;
    }
  });
});
