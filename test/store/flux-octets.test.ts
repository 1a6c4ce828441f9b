import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectFormationRows } from '../../src/db/formation.repository.ts';
import type { Acteur } from '../../src/domain/acteur.ts';
import { formationVue, vueDe } from '../../src/domain/champs-professionnels.ts';
import { renderFormations } from '../../src/services/formation.view.ts';
import { tableauJson } from '../../src/services/formation-document.ts';
import { bearer, formationFixture, useTestApi } from '../api/helpers.ts';

// The change feed's pages are joined from the stored documents' bytes as PostgreSQL sends them and
// the events' own fields (feed.service.ts readFeedJson): each page must be exactly JSON.stringify
// of what it says, whatever it mixes (documents stored or built on the fly, tombstones, offers the
// reader does not see, text outside ASCII). A guard for any change to how the bytes are assembled.

const t = useTestApi();
const ids: Record<string, string> = {};
const INTITULE = 'Prépa « avenir » \\ "guillemets" 🎓 œ\u2028fin';

const post = (cle: string, intitule = 'Formation ordinaire') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: formationFixture({ cle_externe: cle, intitule }),
  });
const step = (id: string, s: string, key = t.keys.writeA) =>
  t.app.inject({ method: 'POST', url: `/api/v1/formations/${id}/${s}`, headers: bearer(key), payload: {} });

async function creer(nom: string, etapes: string[], intitule?: string) {
  const r = await post(nom.toUpperCase(), intitule);
  expect(r.statusCode, r.body).toBe(201);
  ids[nom] = r.json().id;
  for (const s of etapes) {
    // Validating, and deleting a validated offer, are an administrator's (domain/sortie-espace.ts).
    const admin = s === 'valider' || s === 'supprimer';
    const e = await step(ids[nom]!, s, admin ? t.keys.admin : t.keys.writeA);
    expect(e.statusCode, `${nom} ${s} ${e.body}`).toBe(200);
  }
}

/** Every page of the feed for `key`'s reader, `limit` a page: body, content-length and formations. */
async function verifierFlux(nom: string, key: string | undefined, acteur: Acteur, limit: number) {
  const { rows } = await sql<{ id: string }>`select id from formation`.execute(t.ctx.db);
  const frais = new Map(
    (
      await renderFormations(
        t.ctx.db,
        await selectFormationRows(
          t.ctx.db,
          rows.map((r) => r.id),
        ),
      )
    ).map((f) => [f.id, f]),
  );
  const evenements: { action: string; id: string; formation: { intitule: string } | null }[] = [];
  let since = '0';
  for (;;) {
    const r = await t.app.inject({
      method: 'GET',
      url: `/api/v1/changes?since=${since}&limit=${limit}`,
      headers: key ? bearer(key) : {},
    });
    expect(r.statusCode).toBe(200);
    expect(Number(r.headers['content-length'])).toBe(r.rawPayload.length);
    const page = JSON.parse(r.body) as { data: (typeof evenements)[number][]; next_cursor: string };
    // The bytes are exactly the serialization of what they say, formations in the reader's view.
    const attendu = {
      data: page.data.map((e) => ({
        ...e,
        formation: e.formation === null ? null : formationVue(frais.get(e.id)!, vueDe(acteur)),
      })),
      next_cursor: page.next_cursor,
    };
    expect(r.rawPayload.equals(Buffer.from(JSON.stringify(attendu))), `${nom} ${since}`).toBe(true);
    evenements.push(...page.data);
    // A page may be empty but not the last (events the reader may not see: the cursor moves on).
    if (page.next_cursor === since) return evenements;
    since = page.next_cursor;
  }
}

const anonyme: Acteur = { kind: 'anonyme' };
const admin: Acteur = { kind: 'cle', id: 'k', name: 'k', scope: 'admin', siren: null };

async function verifierLecteurs() {
  for (const limit of [1000, 2]) {
    const publics = await verifierFlux('anonyme', undefined, anonyme, limit);
    // Tombstones for the public (an offer as it may be seen now): the archived one (out of the
    // public view once its sessions are closed, just before its archiving), the deleted one; never
    // the draft.
    expect(publics.filter((e) => e.id === ids.archivee).at(-1)).toMatchObject({
      action: 'delete',
      formation: null,
    });
    expect(publics.some((e) => e.id === ids.brouillon)).toBe(false);
    expect(publics.filter((e) => e.id === ids.supprimee).at(-1)).toMatchObject({ formation: null });
    expect(publics.find((e) => e.id === ids.accents)?.formation?.intitule).toBe(INTITULE);
    const tous = await verifierFlux('admin', t.keys.admin, admin, limit);
    expect(tous.some((e) => e.id === ids.brouillon && e.formation !== null)).toBe(true);
  }
}

beforeAll(async () => {
  await creer('accents', ['publier', 'valider'], INTITULE);
  await creer('ordinaire', ['publier', 'valider']);
  await creer('brouillon', []);
  await creer('archivee', ['publier', 'valider', 'archiver']);
  await creer('supprimee', ['publier', 'valider', 'supprimer']);
}, 120_000);

describe('change feed bytes', () => {
  it('are the JSON of the events, documents stored or built on the fly, tombstones and non-ASCII text included', async () => {
    await verifierLecteurs();
    // The same pages with some documents built on the fly (a reader does not store them).
    await sql`delete from formation_document where formation_id = any(${[ids.accents!, ids.archivee!]}::text[])`.execute(
      t.ctx.db,
    );
    await verifierLecteurs();
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from formation_document
      where formation_id = any(${[ids.accents!, ids.archivee!]}::text[])`.execute(t.ctx.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('tableauJson writes text and byte pieces as the UTF-8 of the text they stand for', () => {
    const doc = JSON.stringify({ intitule: INTITULE, n: 1 });
    const octets = Buffer.from(doc);
    const page = tableauJson('{"data":[', [octets, ['{"a":"é",', octets, '}'], '"\u{1F393}"'], '],"x":null}');
    expect(page.equals(Buffer.from(`{"data":[${doc},{"a":"é",${doc}},"🎓"],"x":null}`))).toBe(true);
    expect(tableauJson('[', [], ']').toString()).toBe('[]');
  });
});
