import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnComplete } from '../../src/domain/identifiants.ts';
import { bearer, formationFixture, SIREN_B, SIRET_A, type TestApi, testApi } from './helpers.ts';

// A fresh user's report: a write key of SIREN A named as formateur an invented SIRET under B's
// known SIREN (« PIRATE SARL »); Offre created that establishment and GET /organismes/{siret}
// served its name to anyone, from an unpublished draft. Such an establishment (unknown to the
// store and every reference, under another structure's known SIREN) is refused:
// ETABLISSEMENT_NON_RECONNU (422), nothing stored (domain/etablissement-reconnu.ts).

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

/** An establishment of B that no reference knows: Luhn-valid, NIC never declared. */
const INVENTE = luhnComplete(`${SIREN_B}0777`);
/** An establishment of a SIREN Offre does not know at all (a co-contractor it never heard of). */
const INCONNU = luhnComplete('7770007770012');
const PIRATE = { siret: INVENTE, raison_sociale: 'PIRATE SARL', uai: '0010001W', nda: '11111111111' };

const poster = (key: string, payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(key),
    payload: payload as object,
  });
const organisme = (siret: string) =>
  t.ctx.db.selectFrom('organisme').select(['raison_sociale']).where('siret', '=', siret).executeTakeFirst();
async function compte(cle: string): Promise<number> {
  const r = await t.ctx.db
    .selectFrom('formation')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('cle_externe', '=', cle)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('a write key naming an invented establishment of another structure', () => {
  it('POST: refused on the formateur (422), nothing stored, the establishment not created', async () => {
    const r = await poster(t.keys.writeA, formationFixture({ cle_externe: 'PIR-1', formateur: PIRATE }));
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({
      code: 'ETABLISSEMENT_NON_RECONNU',
      champ: 'formateur.siret',
      erreurs: [{ champ: 'formateur.siret', code: 'ETABLISSEMENT_NON_RECONNU' }],
    });
    expect(r.json().detail).toContain(
      `Organisme formateur : le SIRET 552 100 554 ${INVENTE.slice(9)} n’est connu ni d’Offre`,
    );
    expect(r.json().detail).toContain('son SIREN 552100554 est celui d’une autre structure');
    expect(r.json().detail).toContain('Rien n’a été enregistré.');
    expect(await compte('PIR-1')).toBe(0);
    expect(await organisme(INVENTE)).toBeUndefined();
  });

  it('POST: refused as a co-contractor responsable under the key’s own mandat too', async () => {
    const r = await poster(
      t.keys.writeA,
      formationFixture({
        cle_externe: 'PIR-CONV',
        financeurs: ['region'],
        mandataire: { siret: SIRET_A },
        responsable: PIRATE,
        formateur: { siret: SIRET_A },
      }),
    );
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'ETABLISSEMENT_NON_RECONNU', champ: 'responsable.siret' });
    expect(await compte('PIR-CONV')).toBe(0);
    expect(await organisme(INVENTE)).toBeUndefined();
  });

  it('PUT: refused, the stored formation unchanged', async () => {
    const cree = await poster(t.keys.writeA, formationFixture({ cle_externe: 'PIR-MAJ' }));
    expect(cree.statusCode).toBe(201);
    const { id } = cree.json();
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
      payload: formationFixture({ cle_externe: 'PIR-MAJ', formateur: PIRATE }),
    });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ code: 'ETABLISSEMENT_NON_RECONNU', champ: 'formateur.siret' });
    const f = await t.app.inject({ url: `/api/v1/formations/${id}`, headers: bearer(t.keys.writeA) });
    expect(f.json().formateur.siret).toBe(SIRET_A);
    expect(await organisme(INVENTE)).toBeUndefined();
  });

  it('passes once a reference knows the establishment, for a SIREN Offre does not know, and for an administrator', async () => {
    // Unknown SIREN: a co-contractor Offre never heard of (rule ORG_SIRET_INCONNU says so).
    const inconnu = await poster(
      t.keys.writeA,
      formationFixture({
        cle_externe: 'PIR-INCONNU',
        formateur: { siret: INCONNU, raison_sociale: 'Lycée X' },
      }),
    );
    expect(inconnu.statusCode).toBe(201);
    // An administrator keeps the power to declare any establishment.
    const admin = await poster(
      t.keys.admin,
      formationFixture({ cle_externe: 'PIR-ADMIN', formateur: PIRATE }),
    );
    expect(admin.statusCode).toBe(201);
    // Known to Sirene: the writer may name it.
    const SIRENE = luhnComplete(`${SIREN_B}0888`);
    await t.ctx.db
      .insertInto('etablissement')
      .values({ siret: SIRENE, siren: SIREN_B, etat: 'A', denomination: 'LYCEE B ANNEXE' })
      .execute();
    const sirene = await poster(
      t.keys.writeA,
      formationFixture({ cle_externe: 'PIR-SIRENE', formateur: { siret: SIRENE } }),
    );
    expect(sirene.statusCode).toBe(201);
  });
});
