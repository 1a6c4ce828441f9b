import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertImportTache } from '../../src/db/import-tache.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { TEST_ENGINE, testDatabase } from '../helpers/db.ts';
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
let orgaId: string;
/** The clock: moved past the minute after which a page view writes the session's last activity. */
let decalage = 0;

beforeAll(async () => {
  t = await testWeb({
    smtp: false,
    now: () => new Date(Date.now() + decalage),
    database: await testDatabase({ snapshotReads: true }),
  });
  const o = await compte(t, { email: 'pe@cfa-a.test', role: 'organisme', siren: SIREN_A });
  orgaId = o.id;
  orga = new Navigateur(t.app, '10.44.0.1');
  await orga.seConnecter(o.email, o.motDePasse);
});
afterAll(() => t?.close());

/**
 * Another import, held in the middle of its file (its first batch written: on PGlite, the pages
 * read a copy and their writes are refused) until `relacher`; its formations numbered `prefixe`….
 */
async function tenirImport(prefixe: string): Promise<{ relacher: () => Promise<void> }> {
  let reprendre!: () => void;
  const suite = new Promise<void>((r) => {
    reprendre = r;
  });
  let lotEcrit!: () => void;
  const ecrit = new Promise<void>((r) => {
    lotEcrit = r;
  });
  async function* source() {
    yield `${xml.slice(0, fin).replaceAll('numero="F-', `numero="${prefixe}`)}\n${REMPLISSAGE}\n<formation numero="VIDE-fin"></formation>\n`;
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
  return {
    relacher: async () => {
      reprendre();
      await autre;
    },
  };
}

describe('one’s own import page while another import writes', () => {
  it('is served (200, its preview), not 503 BASE_OCCUPEE', async () => {
    await orga.get('/espace/imports');
    const envoi = await envoyer(orga, 'lheo', 'petit.xml', Buffer.from(xml));
    expect(envoi.statusCode).toBe(303);
    const url = envoi.headers.location as string;
    const apercu = await attendre(orga, url);
    expect(apercu.statusCode).toBe(200);

    const autre = await tenirImport('H-');
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
      await autre.relacher();
    }
  });
});

// Review 05/12 (follow-up): a job silent for 15 minutes (its server stopped) was marked failed by
// the first view of its page — a write on a GET, refused (503 BASE_OCCUPEE) while another import
// held PGlite's one writer, and waiting on PostgreSQL for whoever held the job's row. The page
// must show the same « interrompu » without writing.

/**
 * Holds the base's write side until `relacher`: on PGlite (one writer), another import held in the
 * middle of its file (the pages read a copy, their writes are refused); on PostgreSQL, a
 * transaction holding import_tache in exclusive mode (reads pass, every write waits), `pid` its
 * backend.
 */
async function tenirEcriture(): Promise<{ relacher: () => Promise<void>; pid?: number }> {
  if (TEST_ENGINE === 'postgres') {
    let lacher!: () => void;
    const lache = new Promise<void>((r) => {
      lacher = r;
    });
    let tenu!: (pid: number) => void;
    const pid = new Promise<number>((r) => {
      tenu = r;
    });
    const tx = t.ctx.db.transaction().execute(async (trx) => {
      await sql`lock table import_tache in exclusive mode`.execute(trx);
      tenu((await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx)).rows[0]!.pid);
      await lache;
    });
    return {
      pid: await pid,
      relacher: () => {
        lacher();
        return tx;
      },
    };
  }
  return tenirImport('J-');
}

/** `page`'s answer, or 'attend' as soon as PostgreSQL says it waits for `pid`'s locks (pg_blocking_pids). */
async function reponseOuAttente(page: string, pid: number | undefined) {
  let repondu = false;
  const reponse = orga.get(page).finally(() => {
    repondu = true;
  });
  const attente = async () => {
    while (!repondu) {
      const r = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where ${pid} = any(pg_blocking_pids(pid))`.execute(
        t.ctx.db,
      );
      if (r.rows[0]!.n > 0) return 'attend' as const;
      await new Promise((ok) => setTimeout(ok, 20));
    }
    return 'répondu' as const;
  };
  const premier = await Promise.race([reponse, ...(pid === undefined ? [] : [attente()])]);
  return { premier, reponse };
}

describe('an interrupted import’s page while another writes', () => {
  it('says « interrompu » (200), as before, without writing; a job silent for less still runs', async () => {
    const tache = (id: string, silenceMin: number) => {
      const depuis = new Date(t.ctx.now().getTime() - silenceMin * 60_000);
      return insertImportTache(t.ctx.db, {
        id,
        siren: SIREN_A,
        utilisateur_id: orgaId,
        acteur: JSON.stringify({ kind: 'utilisateur', id: orgaId, role: 'organisme', siren: SIREN_A }),
        format: 'lheo',
        fichier_nom: `${id}.xml`,
        fichier: Buffer.from(xml),
        taille: xml.length,
        empreinte: id,
        etape: 'apercu',
        etat: 'en_cours',
        origine: 'page',
        lot: id,
        created_at: depuis,
        updated_at: depuis,
      });
    };
    // Its server stopped 16 minutes ago; the other's last progress is 14 minutes old.
    await tache('imp-arrete', 16);
    await tache('imp-lent', 14);
    const avant = await t.ctx.db
      .selectFrom('import_tache')
      .select(['id', 'etat', 'updated_at'])
      .orderBy('id')
      .execute();

    const ecriture = await tenirEcriture();
    const vues: Record<string, string> = {};
    try {
      for (const page of ['/espace/imports/imp-arrete', '/espace/imports/imp-lent', '/espace/imports']) {
        const { premier, reponse } = await reponseOuAttente(page, ecriture.pid);
        if (premier === 'attend') {
          await ecriture.relacher();
          await reponse;
          expect.fail(`${page} waited for the write lock`);
        }
        const r = await reponse;
        expect([page, r.statusCode]).toEqual([page, 200]);
        vues[page] = texte(r.body);
      }
    } finally {
      await ecriture.relacher();
    }
    expect(vues['/espace/imports/imp-arrete']).toContain(
      'L’import n’a pas pu être fait L’import a été interrompu (arrêt du serveur) avant sa fin ; son enregistrement se fait en une seule transaction, donc rien n’a été enregistré. Envoyez le fichier à nouveau.',
    );
    expect(vues['/espace/imports/imp-arrete']).toContain('Échec');
    expect(vues['/espace/imports/imp-lent']).toContain('L’aperçu est en préparation');
    expect(vues['/espace/imports/imp-lent']).not.toContain('interrompu');
    const liste = vues['/espace/imports']!;
    expect(liste.slice(liste.indexOf('imp-arrete.xml')).slice(0, 300)).toContain('Échec');
    expect(liste.slice(liste.indexOf('imp-lent.xml')).slice(0, 300)).toContain('Aperçu en préparation');
    // Nothing written by the views.
    expect(
      await t.ctx.db.selectFrom('import_tache').select(['id', 'etat', 'updated_at']).orderBy('id').execute(),
    ).toEqual(avant);
  });
});
