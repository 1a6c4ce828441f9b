import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, useTestApi } from '../api/helpers.ts';

// Archiving a diffused formation closes its sessions first (`update`, then `archive`, one
// transaction). What a public consumer of GET /changes reads of it: each event carries the
// formation as the reader may see it NOW (docs/api.md « Flux de changements »), and an archived
// offer is not public. Without a key, the closing of its sessions already takes it out of what the
// public is shown: one tombstone (`delete`); a read key reads both events as tombstones (formation
// null). Replaying « replace when present, remove when null » removes it — the contract, pinned here.

const t = useTestApi();

async function api(method: 'POST' | 'GET', url: string, key?: string) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: key ? bearer(key) : {} });
}
type Evenement = { id: string; action: string; formation: { statut?: string } | null };
const de = (id: string, page: { data: Evenement[] }) =>
  page.data.filter((e) => e.id === id).map((e) => [e.action, e.formation?.statut ?? null]);

describe('archiving a diffused formation, as the change feed tells it', () => {
  it('public: one tombstone; read key: the update and the archive are both tombstones; the owner reads the archived offer in both', async () => {
    const id = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: bearer(t.keys.writeA),
        payload: formationFixture({ cle_externe: 'AFP-1' }),
      })
    ).json().id;
    expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
    expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
    const avant = (await api('GET', '/changes?limit=1000')).json();
    expect(de(id, avant)).toEqual([['create', 'publiee']]);

    expect((await api('POST', `/formations/${id}/archiver`, t.keys.writeA)).statusCode).toBe(200);
    // Without a key, closing its sessions takes it out of what the public is shown (docs/api.md):
    // a tombstone, and the archiving is not named again.
    const apres = (await api('GET', `/changes?since=${avant.next_cursor}&limit=1000`)).json();
    expect(de(id, apres)).toEqual([['delete', null]]);
    // A read key (closed sessions kept): the update and the archive, both tombstones.
    const partenaire = (
      await api('GET', `/changes?since=${avant.next_cursor}&limit=1000`, t.keys.read)
    ).json();
    expect(de(id, partenaire)).toEqual([
      ['update', null],
      ['archive', null],
    ]);
    // Its owner still sees it (its own offer): both events carry the archived document.
    const proprietaire = (
      await api('GET', `/changes?since=${avant.next_cursor}&limit=1000`, t.keys.writeA)
    ).json();
    expect(de(id, proprietaire)).toEqual([
      ['update', 'archivee'],
      ['archive', 'archivee'],
    ]);
  });
});
