import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { lectureDe } from '../../src/context.ts';
import { pageFluxSql } from '../../src/db/formation-document.repository.ts';
import { visibiliteOf } from '../../src/domain/acces.ts';
import type { Acteur } from '../../src/domain/acteur.ts';
import { vueDe } from '../../src/domain/champs-professionnels.ts';
import { readFeedPage, readFeedPageNode } from '../../src/services/feed.service.ts';
import { bearer, formationFixture, SIREN_A, SIREN_B, SIRET_B, useTestApi } from '../api/helpers.ts';

// The change feed's page is built by PostgreSQL in one statement (pageFluxSql); a page with a
// document to build on read is assembled by Node (readFeedPageNode). Both must give the same bytes,
// the same next cursor and the same « full page », for every kind of reader, at every cursor and
// page size, through every transition of an offer in and out of a reader's diffusion (recorded
// states true, false or unknown, before and inside the page), for offers gone from the table, and
// for text outside ASCII.

const t = useTestApi();
const ids: Record<string, string> = {};
const INTITULE = 'Prépa « avenir » \\ "guillemets" 🎓 œ\u2028fin';

async function creer(nom: string, etapes: string[], over: Parameters<typeof formationFixture>[0] = {}) {
  const key = over.siret === SIRET_B ? t.keys.writeB : t.keys.writeA;
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(key),
    payload: formationFixture({ cle_externe: nom.toUpperCase(), ...over }),
  });
  expect(r.statusCode, r.body).toBe(201);
  ids[nom] = r.json().id;
  for (const s of etapes) {
    const admin = s === 'valider' || s === 'supprimer';
    const e = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${ids[nom]}/${s}`,
      headers: bearer(admin ? t.keys.admin : key),
      payload: {},
    });
    expect(e.statusCode, `${nom} ${s} ${e.body}`).toBe(200);
  }
}

const utilisateur = (role: 'organisme' | 'gestionnaire' | 'admin', siren: string | null, regions: string[]) =>
  ({
    kind: 'utilisateur',
    id: `u-${role}`,
    email: 'x@y.fr',
    nom: 'X',
    role,
    siren,
    regions,
    academies: [],
  }) as Acteur;
const cle = (scope: 'read' | 'write' | 'admin', siren: string | null): Acteur => ({
  kind: 'cle',
  id: `k-${scope}`,
  name: 'k',
  scope,
  siren,
});
const LECTEURS: Record<string, Acteur> = {
  anonyme: { kind: 'anonyme' },
  read: cle('read', null),
  writeA: cle('write', SIREN_A),
  writeB: cle('write', SIREN_B),
  admin: cle('admin', null),
  organismeA: utilisateur('organisme', SIREN_A, []),
  gestionnaire84: utilisateur('gestionnaire', null, ['84']),
  gestionnaire11: utilisateur('gestionnaire', null, ['11']),
  systeme: { kind: 'systeme', label: 'test' },
};

/** Appends an event as a write would (seq from the counter), with the states given. */
async function evenement(id: string, action: string, diffusee: boolean | null, publique: boolean | null) {
  await sql`with c as (update feed_counter set seq = seq + 1 where id = 1 returning seq)
    insert into change_event (seq, type, entite_id, action, at, diffusee, publique)
    select c.seq, 'formation', ${id}, ${action}, now(), ${diffusee}, ${publique} from c`.execute(t.ctx.db);
}

/** Both paths for `acteur` at every cursor of the feed and these page sizes: the same pages. */
async function comparer(nom: string, acteur: Acteur, limits: readonly number[]) {
  const db = lectureDe(t.ctx);
  const { rows } = await sql<{ seq: string }>`select seq::text from change_event order by seq`.execute(db);
  let montres = 0;
  for (const limit of limits)
    for (const since of ['', '0', ...rows.map((r) => r.seq)]) {
      const a = await readFeedPage(db, acteur, since, limit);
      const b = await readFeedPageNode(db, acteur, since, limit);
      const ou = `${nom} since=${since} limit=${limit}`;
      expect(a.body.toString(), ou).toBe(b.body.toString());
      expect(a.body.equals(b.body), ou).toBe(true);
      expect([a.suivant, a.pleine], ou).toEqual([b.suivant, b.pleine]);
      montres += (JSON.parse(a.body.toString()) as { data: unknown[] }).data.length;
    }
  return montres;
}

beforeAll(async () => {
  await creer('accents', ['publier', 'valider'], { intitule: INTITULE });
  await creer('ordinaire', ['publier', 'valider']);
  await creer('brouillon', []);
  await creer('archivee', ['publier', 'valider', 'archiver']);
  await creer('supprimee', ['publier', 'valider', 'supprimer']);
  // Diffused, no session open to recruitment: diffused for read keys, not shown to the public.
  await creer('fermee', ['publier', 'valider'], {
    sessions: [{ ...formationFixture().sessions[0]!, etat_recrutement: 'ferme' }],
  });
  await creer('autreSiren', ['publier', 'valider'], { siret: SIRET_B });
  await creer('autreBrouillon', [], { siret: SIRET_B });
  // Events with every recorded state (true, false, unknown: bulk loads, before migration 1130),
  // for each offer and for one no longer in the table: transitions inside a page and across pages.
  let graine = 7;
  const hasard = () => {
    graine = (graine * 1103515245 + 12345) % 2147483648;
    return graine / 2147483648;
  };
  const etats = [true, false, null] as const;
  const actions = ['create', 'update', 'update', 'archive', 'delete'] as const;
  const cibles = [...Object.values(ids), 'fo_disparue'];
  for (let i = 0; i < 60; i++)
    await evenement(
      cibles[Math.floor(hasard() * cibles.length)]!,
      actions[Math.floor(hasard() * actions.length)]!,
      etats[Math.floor(hasard() * 3)]!,
      etats[Math.floor(hasard() * 3)]!,
    );
}, 120_000);

describe('change feed page built by PostgreSQL', () => {
  it('is the page Node assembles, byte for byte, for every reader, cursor and page size', async () => {
    const db = lectureDe(t.ctx);
    for (const [nom, acteur] of Object.entries(LECTEURS)) {
      // Every document is stored: the statement's page is the one served.
      const p = await pageFluxSql(db, visibiliteOf(acteur), vueDe(acteur), 0, 1000);
      expect(p.corps, nom).not.toBeNull();
      const montres = await comparer(nom, acteur, [1000, 2]);
      // Each reader is shown something (the comparison is not of empty pages only).
      expect(montres, nom).toBeGreaterThan(0);
    }
    const tous = JSON.parse((await readFeedPage(db, LECTEURS.admin!, '', 1000)).body.toString());
    expect(tous.data.find((e: { id: string }) => e.id === ids.accents)?.formation?.intitule).toBe(INTITULE);
  }, 300_000);

  it('leaves a page with a document to build on read to Node, with the same bytes', async () => {
    const db = lectureDe(t.ctx);
    await sql`delete from formation_document where formation_id = ${ids.accents!}`.execute(t.ctx.db);
    const anonyme = LECTEURS.anonyme!;
    const p = await pageFluxSql(db, visibiliteOf(anonyme), vueDe(anonyme), 0, 1000);
    expect(p.corps).toBeNull();
    expect(await comparer('anonyme', anonyme, [1000, 7])).toBeGreaterThan(0);
  }, 300_000);

  it('refuses a cursor past the feed, as before', async () => {
    const db = lectureDe(t.ctx);
    const { rows } = await sql<{ seq: string }>`select seq::text from feed_counter`.execute(db);
    const apres = String(Number(rows[0]!.seq) + 1);
    await expect(readFeedPage(db, LECTEURS.anonyme!, apres, 10)).rejects.toMatchObject({
      code: 'CURSEUR_INVALIDE',
    });
    await expect(readFeedPage(db, LECTEURS.anonyme!, '1e3', 10, 'cursor')).rejects.toMatchObject({
      code: 'CURSEUR_INVALIDE',
    });
  });
});
