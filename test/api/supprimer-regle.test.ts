import { describe, expect, it } from 'vitest';
import { bearer, diffuseeParApi, formationFixture, useTestApi } from './helpers.ts';

// A user pass (07/12): an organisme's write key deleted a published offer through the API
// (POST …/supprimer → 200 « supprimee », its sessions left open), while its space refuses deleting
// anything but a draft never published (« … Archivez-la »). One rule now (domain/sortie-espace.ts
// suppressionPermise), applied by the page and the API: an organisme deletes only a draft never
// validated; a gestionnaire or an administrator, who restores, may delete any offer.

const t = useTestApi();

const post = (url: string, key: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/formations/${url}`, headers: bearer(key) });

describe('POST /formations/{id}/supprimer', () => {
  it('an organisme key: a published offer is refused (409, « Archivez-la »), nothing changes', async () => {
    const id = await diffuseeParApi(t, 'SUPPR-PUB');
    const r = await post(`${id}/supprimer`, t.keys.writeA);
    expect(r.statusCode, r.body).toBe(409);
    expect(r.json()).toMatchObject({ code: 'TRANSITION_INVALIDE' });
    expect(r.json().detail).toContain('Archivez-la');
    const lu = await t.app.inject({ url: `/api/v1/formations/${id}`, headers: bearer(t.keys.writeA) });
    expect(lu.json().statut).toBe('publiee');
  });

  it('an organisme key: submitted and archived offers are refused too; a draft never published is deleted', async () => {
    const cree = async (cle: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/formations',
          headers: bearer(t.keys.writeA),
          payload: formationFixture({ cle_externe: cle }),
        })
      ).json().id as string;
    const soumise = await cree('SUPPR-SOUMISE');
    expect((await post(`${soumise}/publier`, t.keys.writeA)).statusCode).toBe(200);
    expect((await post(`${soumise}/supprimer`, t.keys.writeA)).statusCode).toBe(409);
    const archivee = await cree('SUPPR-ARCH');
    expect((await post(`${archivee}/archiver`, t.keys.writeA)).statusCode).toBe(200);
    expect((await post(`${archivee}/supprimer`, t.keys.writeA)).statusCode).toBe(409);
    const brouillon = await cree('SUPPR-BROUILLON');
    const r = await post(`${brouillon}/supprimer`, t.keys.writeA);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ statut: 'supprimee' });
  });

  it('an admin key (a data manager) may still delete a published offer, and restore it', async () => {
    const id = await diffuseeParApi(t, 'SUPPR-ADMIN');
    const r = await post(`${id}/supprimer`, t.keys.admin);
    expect(r.statusCode, r.body).toBe(200);
    expect((await post(`${id}/restaurer`, t.keys.admin)).json()).toMatchObject({ statut: 'publiee' });
  });
});
