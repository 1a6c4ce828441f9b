import { expect, it } from 'vitest';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { bearer, useTestApi } from './helpers.ts';

// The change feed against the documents it stands for (fresh user's HIGH defects, 05/12/2026):
// 1. every change of a formation's document has its event — a platform decision included — and
//    moves the document's `updated_at`;
// 2. the public feed names exactly the offers the public list and detail show: an offer whose
//    sessions are all closed is never `create`d for an anonymous reader, and one whose last open
//    session closes leaves it as a tombstone (`delete`), comes back as a `create` when one reopens.

// The clock moves: a decision is taken after the offer's validation, not in its millisecond.
let horloge = NOW;
const t = useTestApi({ now: () => horloge });

type Evenement = { seq: number; id: string; action: string; formation: Record<string, unknown> | null };
const get = (url: string, key?: string) =>
  t.app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} });
const feed = async (since: string, key?: string) => {
  const r = (await get(`/api/v1/changes?since=${since}&limit=1000`, key)).json();
  return { data: r.data as Evenement[], next: r.next_cursor as string };
};
const dernier = async () =>
  (await get('/api/v1/changes?since=0&limit=1000', t.keys.admin)).json().data.at(-1).seq;

async function publiee(cle: string, etat: 'ouvert' | 'ferme' = 'ouvert') {
  const input = bts(cle, { intitule: `BTS ${cle}` });
  const sessions = input.sessions.map((s) => ({ ...s, etat_recrutement: etat }));
  const post = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(t.keys.writeA),
    payload: { ...input, sessions },
  });
  expect(post.statusCode).toBe(201);
  const id = post.json().id as string;
  const step = (s: string, key: string) =>
    t.app.inject({ method: 'POST', url: `/api/v1/formations/${id}/${s}`, headers: bearer(key), payload: {} });
  expect((await step('publier', t.keys.writeA)).statusCode).toBe(200);
  expect((await step('valider', t.keys.admin)).statusCode).toBe(200);
  return id;
}

it('a platform decision is a feed event with the document as it now is, and moves updated_at', async () => {
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const id = await publiee('FLUX-DECISION');
  const avant = (await get(`/api/v1/formations/${id}`, t.keys.admin)).json();
  expect(avant.conformite).toMatchObject({ catalogue: 'general', parcoursup: 'a_publier' });
  const since = String(await dernier());
  horloge = new Date(NOW.getTime() + 60_000);
  const d = await t.app.inject({
    method: 'POST',
    url: `/api/v1/formations/${id}/plateformes/parcoursup/decision`,
    headers: bearer(t.keys.admin),
    payload: { action: 'non_publier', motif: 'Capacité non confirmée' },
  });
  expect(d.statusCode).toBe(200);
  const apres = (await get(`/api/v1/formations/${id}`, t.keys.admin)).json();
  expect(apres.conformite.parcoursup).toBe('non_publie');
  // Every reader who sees the offer reads the decision incrementally, with the current document.
  for (const key of [t.keys.admin, t.keys.read, undefined]) {
    const { data } = await feed(since, key);
    expect(data.map((e) => [e.id, e.action])).toEqual([[id, 'update']]);
    expect((data[0]!.formation!.conformite as { parcoursup: string }).parcoursup).toBe('non_publie');
  }
  // The document's updated_at is its last change (docs/api.md « Flux de changements »).
  expect(apres.updated_at).not.toBe(avant.updated_at);
  expect(apres.updated_at).toBe(horloge.toISOString());
  const { data } = await feed(since, t.keys.admin);
  expect(data[0]!.formation!.updated_at).toBe(apres.updated_at);
});

it('never names to the public an offer whose sessions are all closed; closing and reopening are a tombstone and a create', async () => {
  const since = String(await dernier());
  const fermee = await publiee('FLUX-FERMEE', 'ferme');
  // The public list, detail and feed agree: the offer does not exist for an anonymous reader.
  expect((await get(`/api/v1/formations/${fermee}`)).statusCode).toBe(404);
  expect(
    (await get('/api/v1/formations?limit=1000')).json().data.map((f: { id: string }) => f.id),
  ).not.toContain(fermee);
  const publics = await feed(since);
  expect(publics.data.filter((e) => e.id === fermee)).toEqual([]);
  expect(Number(publics.next)).toBeGreaterThan(Number(since));
  // A read key (partner view: closed sessions kept) sees it in its list, detail and feed.
  expect((await get(`/api/v1/formations/${fermee}`, t.keys.read)).statusCode).toBe(200);
  const partenaire = (await feed(since, t.keys.read)).data.filter((e) => e.id === fermee);
  expect(partenaire.at(0)).toMatchObject({ action: 'create' });
  expect(partenaire.at(-1)!.formation).toMatchObject({ id: fermee, statut: 'publiee' });

  // An offer the public sees, whose only session closes: a tombstone; reopened: a create.
  const ouverte = await publiee('FLUX-OUVERTE');
  const s1 = String(await dernier());
  const doc = (await get(`/api/v1/formations/${ouverte}`, t.keys.admin)).json();
  const ecrire = (etat: string) =>
    t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${ouverte}`,
      headers: bearer(t.keys.admin),
      payload: {
        ...bts('FLUX-OUVERTE', { intitule: 'BTS FLUX-OUVERTE' }),
        sessions: doc.sessions.map((s: Record<string, unknown>) => ({
          ...bts('x').sessions[0],
          id: s.id,
          cle_externe: s.cle_externe,
          etat_recrutement: etat,
        })),
      },
    });
  expect((await ecrire('ferme')).statusCode).toBe(200);
  expect((await get(`/api/v1/formations/${ouverte}`)).statusCode).toBe(404);
  const ferme = (await feed(s1)).data.filter((e) => e.id === ouverte);
  expect(ferme.map((e) => [e.action, e.formation])).toEqual([['delete', null]]);
  const s2 = String(await dernier());
  expect((await ecrire('ouvert')).statusCode).toBe(200);
  expect((await get(`/api/v1/formations/${ouverte}`)).statusCode).toBe(200);
  const rouvert = (await feed(s2)).data.filter((e) => e.id === ouverte);
  expect(rouvert.map((e) => e.action)).toEqual(['create']);
  expect(rouvert[0]!.formation).toMatchObject({
    id: ouverte,
    sessions: [expect.objectContaining({ etat_recrutement: 'ouvert' })],
  });
  // Replaying the whole public feed gives exactly the public list.
  const vus = new Map<string, unknown>();
  for (const e of (await feed('0')).data) e.formation ? vus.set(e.id, e.formation) : vus.delete(e.id);
  const liste = (await get('/api/v1/formations?limit=1000')).json().data.map((f: { id: string }) => f.id);
  expect([...vus.keys()].sort()).toEqual([...liste].sort());
});
