import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as migration0980 } from '../../src/db/migrations/0980_doublon_formation_liee.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormationsBulk } from '../../src/services/formation.bulk.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { withDeferredRecompute } from '../../src/services/formation.write.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from '../classeur/classeur.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { formationFixture, SIREN_A } from '../helpers/formations.ts';
import { loadReferentiels, sessionForm, versionLue } from '../web/espace.helpers.ts';

// FORM_DOUBLON's neighbours (docs/conformite.md « Doublons : les formations voisines »): a write
// to formation A recomputes, with A, the formations whose stored failure named A (its group before
// the write) and those its sessions overlap in its group after it. At every door that writes
// formations, B below kept a stale failure (or missed one) until something else rewrote B.
// Each case has its own certification code: its formations are a group of their own.

let t: TestWeb;
let nav: Navigateur;
let cleApi: string;
const orgA = organismeDe(SIREN_A);
const systeme = SYSTEME('test-voisines');

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  // The organisme exists before its key (a write key is bound to a known organisation).
  await saveFormation(t.ctx, orgA, copie('AMORCE', 'RNCP99990'));
  cleApi = (await createApiKey(t.ctx, { name: 'voisines', scope: 'write', siren: SIREN_A })).key;
  const a = await compte(t, { email: 'claire@cfa-a.test', role: 'organisme', siren: SIREN_A });
  nav = new Navigateur(t.app, '10.31.0.1');
  await nav.seConnecter(a.email, a.motDePasse);
}, 120_000);
afterAll(() => t?.close());

/** A copy of the fixture (Lyon, 2026-09-01 → 2028-06-30), of certification `rncp`. */
function copie(cle: string, rncp: string, over: Partial<FormationInput> = {}): FormationInput {
  return formationFixture({
    cle_externe: cle,
    certification: { rncp, cfd: null, certifinfo: null },
    ...over,
  });
}

/** The same, its session elsewhere (Lyon 2e, 69382): no longer a duplicate of the copies. */
function ailleurs(cle: string, rncp: string): FormationInput {
  const f = copie(cle, rncp);
  return {
    ...f,
    sessions: f.sessions.map((s) => ({
      ...s,
      lieu: { ...s.lieu, code_postal: '69002', commune: 'Lyon', code_insee: '69382' },
    })),
  };
}

const creer = async (input: FormationInput) => (await saveFormation(t.ctx, orgA, input)).id;

/** The formation `id`'s stored FORM_DOUBLON failure names: the id it names, or null (none). */
async function nomme(id: string): Promise<string | null> {
  const r = await t.ctx.db
    .selectFrom('controle_echec')
    .select(['formation_liee', 'message'])
    .where('formation_id', '=', id)
    .where('code', '=', 'FORM_DOUBLON')
    .executeTakeFirst();
  if (!r) return null;
  // Named by its title and external reference, never by its internal id (kept in formation_liee).
  expect(r.message).not.toContain('fo_');
  expect(r.message).toMatch(/^Doublon probable avec la formation « [^»]+ » \(référence externe [^)]+\) : /);
  return r.formation_liee;
}

/** Two copies, A then B: each names the other (B at its creation, A as its neighbour). */
async function paire(rncp: string): Promise<[string, string]> {
  const a = await creer(copie(`${rncp}-A`, rncp));
  const b = await creer(copie(`${rncp}-B`, rncp));
  expect(await nomme(b)).toBe(a);
  return [a, b];
}

describe('API', () => {
  it('GET controles: the message names the other formation by its title, formation_liee gives its id', async () => {
    const [a, b] = await paire('RNCP99971');
    const r = await t.app.inject({
      url: `/api/v1/formations/${b}/controles`,
      headers: { authorization: `Bearer ${cleApi}` },
    });
    expect(r.statusCode).toBe(200);
    const d = r.json().data.find((c: { code: string }) => c.code === 'FORM_DOUBLON');
    expect(d).toMatchObject({ resultat: 'echec', formation_liee: a });
    expect(d.message).not.toContain('fo_');
    expect(d.message).toContain('« BTS Management commercial opérationnel » (référence externe RNCP99971-A)');
  });

  it('PUT: A moved elsewhere, B’s failure naming A goes', async () => {
    const [a, b] = await paire('RNCP99901');
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${a}`,
      headers: { authorization: `Bearer ${cleApi}` },
      payload: ailleurs('RNCP99901-A', 'RNCP99901'),
    });
    expect(r.statusCode).toBe(200);
    expect(await nomme(b)).toBeNull();
    expect(await nomme(a)).toBeNull();
  });

  it('POST: B created as A’s duplicate, A is flagged at once, naming B', async () => {
    const a = await creer(copie('RNCP99902-A', 'RNCP99902'));
    expect(await nomme(a)).toBeNull();
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { authorization: `Bearer ${cleApi}` },
      payload: copie('RNCP99902-B', 'RNCP99902'),
    });
    expect(r.statusCode).toBe(201);
    expect(await nomme(r.json().id)).toBe(a);
    expect(await nomme(a)).toBe(r.json().id);
  });

  it('a renamed A: the message of B, which names A with its title, says the new title', async () => {
    const [a, b] = await paire('RNCP99903');
    await saveFormation(
      t.ctx,
      orgA,
      { ...copie('RNCP99903-A', 'RNCP99903'), intitule: 'BTS renommé' },
      { id: a },
    );
    const { message } = await t.ctx.db
      .selectFrom('controle_echec')
      .select('message')
      .where('formation_id', '=', b)
      .where('code', '=', 'FORM_DOUBLON')
      .executeTakeFirstOrThrow();
    expect(message).toContain('la formation « BTS renommé » (référence externe RNCP99903-A)');
    expect(message).not.toContain(a);
  });
});

describe('page (organisme’s space)', () => {
  it('A’s session moved to Paris by its form: B’s failure naming A goes', async () => {
    const [a, b] = await paire('RNCP99911');
    const { sid } = await t.ctx.db
      .selectFrom('session')
      .select('id as sid')
      .where('formation_id', '=', a)
      .executeTakeFirstOrThrow();
    await nav.get(`/espace/formations/${a}/sessions/${sid}`);
    const r = await nav.post(`/espace/formations/${a}/sessions/${sid}`, {
      ...sessionForm(),
      version: await versionLue(nav, `/espace/formations/${a}/sessions/${sid}`),
    });
    expect(r.statusCode).toBe(303);
    expect(
      (
        await t.ctx.db
          .selectFrom('session')
          .select('code_insee')
          .where('id', '=', sid)
          .executeTakeFirstOrThrow()
      ).code_insee,
    ).not.toBe('69381');
    expect(await nomme(b)).toBeNull();
  });
});

describe('archive, delete, restore', () => {
  it('archiving A: B’s failure naming A goes', async () => {
    const [a, b] = await paire('RNCP99921');
    await transition(t.ctx, orgA, a, 'archiver');
    expect(await nomme(b)).toBeNull();
  });

  it('deleting A: B’s failure naming A goes', async () => {
    const [a, b] = await paire('RNCP99922');
    await transition(t.ctx, orgA, a, 'supprimer');
    expect(await nomme(b)).toBeNull();
  });

  it('restoring A: B, created while A was deleted, is flagged again', async () => {
    const a = await creer(copie('RNCP99923-A', 'RNCP99923'));
    await transition(t.ctx, orgA, a, 'supprimer');
    const b = await creer(copie('RNCP99923-B', 'RNCP99923'));
    expect(await nomme(b)).toBeNull();
    await transition(t.ctx, systeme, a, 'restaurer');
    expect(await nomme(b)).toBe(a);
    expect(await nomme(a)).toBe(b);
  });
});

describe('bulk path (saveFormationsBulk, recomputed at the end in rounds)', () => {
  it('A moved elsewhere in a chunk, B outside it: B’s failure goes; C, in the chunk, is flagged', async () => {
    const [a, b] = await paire('RNCP99931');
    const now = t.ctx.now();
    await t.ctx.db
      .transaction()
      .execute((trx) =>
        withDeferredRecompute(trx, now, () =>
          saveFormationsBulk(
            trx,
            orgA,
            [ailleurs('RNCP99931-A', 'RNCP99931'), copie('RNCP99931-C', 'RNCP99931')],
            now,
          ),
        ),
      );
    const c = (
      await t.ctx.db
        .selectFrom('formation')
        .select('id')
        .where('cle_externe', '=', 'RNCP99931-C')
        .executeTakeFirstOrThrow()
    ).id;
    expect(await nomme(a)).toBeNull();
    expect(await nomme(c)).toBe(b);
    expect(await nomme(b)).toBe(c);
  });
});

describe('LHEO import', () => {
  it('a second file of copies (numero G-…): the formations of the first, not in it, are flagged', async () => {
    const xml = readFileSync(new URL('../fixtures/lheo/offre-2.3.xml', import.meta.url), 'utf8');
    const premier = await importLheo(t.ctx, systeme, Readable.from([xml]));
    expect(premier.formations.creees).toBe(3);
    const f = await t.ctx.db
      .selectFrom('formation')
      .select(['id', 'cle_externe'])
      .where('cle_externe', 'like', 'F-%')
      .execute();
    for (const x of f) expect(await nomme(x.id)).toBeNull();
    const second = await importLheo(
      t.ctx,
      systeme,
      Readable.from([xml.replaceAll('numero="F-', 'numero="G-')]),
    );
    expect(second.formations.creees).toBe(3);
    const g = await t.ctx.db
      .selectFrom('formation')
      .select(['id', 'cle_externe'])
      .where('cle_externe', 'like', 'G-%')
      .execute();
    const id = (cle: string, l: typeof f) => l.find((x) => x.cle_externe === cle)!.id;
    let flagged = 0;
    for (const x of f) {
      const copieG = id(`G-${x.cle_externe!.slice(2)}`, g);
      const parG = await nomme(copieG);
      if (parG) {
        flagged++;
        expect(parG).toBe(x.id);
      }
      expect(await nomme(x.id)).toBe(parG ? copieG : null);
    }
    expect(flagged).toBeGreaterThan(0);
    // The formations of the first file, not in the second, recomputed as its neighbours: their
    // search rows are what indexing them now writes (the import indexes the formations it writes;
    // FORM_DOUBLON is an alerte, so a neighbour's catalogue, diffusion and platforms stay as they were).
    const ids = f.map((x) => x.id);
    const ligne = () =>
      sql<Record<string, unknown>>`select formation_id, diffusee, publique, jetons, jetons_tous, debuts
        from formation_recherche where formation_id = any(${ids}::text[]) order by formation_id`
        .execute(t.ctx.db)
        .then((r) => r.rows);
    const apresImport = await ligne();
    expect(apresImport).toHaveLength(ids.length);
    await sql`select recherche_indexer(${ids}::text[])`.execute(t.ctx.db);
    expect(await ligne()).toEqual(apresImport);
  });
});

describe('workbook import', () => {
  const ANNEE = 2026;
  const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
  const JAUNE: Partial<ExcelJS.Style> = {
    fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } },
  };

  it('A’s row painted yellow (archived), B’s row unchanged: B’s failure naming A goes', async () => {
    const [a, b] = await paire('RNCP99941');
    const wb = await ouvrir(await exportClasseur(t, ANNEE));
    let vues = 0;
    wb.getWorksheet('Offre')!.eachRow((row, r) => {
      if (r === 1 || !String(row.getCell(COL.reference!).value ?? '').startsWith(`${a}/`)) return;
      vues++;
      for (let c = 1; c <= colonnesClasseur(ANNEE).length; c++) peindre(row.getCell(c), JAUNE);
    });
    expect(vues).toBe(1);
    const { rapport, applique } = await importClasseur(t.ctx, orgA, await enBuffer(wb), { dryRun: false });
    expect(applique).toBe(true);
    expect(rapport.lignes.find((l) => l.reference?.startsWith(`${b}/`))?.verdict).toBe('inchangee');
    expect(
      (await t.ctx.db.selectFrom('formation').select('statut').where('id', '=', a).executeTakeFirstOrThrow())
        .statut,
    ).toBe('archivee');
    expect(await nomme(b)).toBeNull();
  });
});

describe('concurrent writes of one group (PostgreSQL)', () => {
  it('never deadlock: each neighbour another write holds is left to it (skip locked)', async () => {
    if (t.ctx.engine !== 'postgres') return; // PGlite: one connection, writes one after another
    const cles = ['A', 'B', 'C', 'D'].map((x) => `RNCP99961-${x}`);
    const ids: string[] = [];
    for (const cle of cles) ids.push(await creer(copie(cle, 'RNCP99961')));
    // Every write has the three others as neighbours: without skip locked, two writes each
    // holding its formation and waiting for the other's deadlocked.
    for (let tour = 0; tour < 6; tour++) {
      const r = await Promise.allSettled(
        cles.map((cle, i) =>
          saveFormation(
            t.ctx,
            orgA,
            { ...copie(cle, 'RNCP99961'), intitule: `BTS ${tour}-${i}` },
            { id: ids[i] },
          ),
        ),
      );
      expect(r.filter((x) => x.status === 'rejected')).toEqual([]);
    }
    for (const id of ids) expect(await nomme(id)).not.toBeNull();
  });
});

describe('migration 0980', () => {
  it('fills formation_liee of the stored FORM_DOUBLON failures from their message', async () => {
    const [a, b] = await paire('RNCP99951');
    // Failures stored before it named the other formation by its id, first in their message.
    const messages = await t.ctx.db
      .selectFrom('controle_echec')
      .select(['formation_id', 'message'])
      .where('code', '=', 'FORM_DOUBLON')
      .execute();
    await sql`update controle_echec set message = 'Doublon probable avec la formation ' || formation_liee
      || ' « BTS » : même responsable.' where code = 'FORM_DOUBLON'`.execute(t.ctx.db);
    await sql`alter table controle_echec drop column formation_liee`.execute(t.ctx.db);
    await migration0980(t.ctx.db as unknown as Kysely<unknown>);
    for (const m of messages)
      await t.ctx.db
        .updateTable('controle_echec')
        .set({ message: m.message })
        .where('code', '=', 'FORM_DOUBLON')
        .where('formation_id', '=', m.formation_id)
        .execute();
    expect(await nomme(b)).toBe(a);
    expect(await nomme(a)).toBe(b);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from controle_echec
      where (code = 'FORM_DOUBLON') <> (formation_liee is not null)`.execute(t.ctx.db);
    expect(rows[0]!.n).toBe(0);
  });
});
