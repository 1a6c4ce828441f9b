import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// The API refuses what the workbook refuses (CLASSEUR_REFERENT_HANDICAP_SANS_NOM) and the form
// too: a référent handicap with a telephone or courriel but no name, which the public page would
// show as « Référent handicap — 02 … ». Other contacts keep the LHEO shape (a switchboard's number
// without a name), and a nameless référent already stored (an LHEO import) stays readable and may
// be sent back unchanged: only a write that brings one is refused.

const t = useTestApi();
const sansNom = {
  type: 'referent_handicap',
  nom: null,
  telephone: '02 40 00 00 00',
  courriel: null,
} as const;
const nb = async () => (await t.ctx.db.selectFrom('formation').select('id').execute()).length;
const ecrire = (method: 'POST' | 'PUT', url: string, payload: object) =>
  t.app.inject({ method, url: `/api/v1/formations${url}`, headers: bearer(t.keys.writeA), payload });

describe('API: a référent handicap without a name', () => {
  it('is refused on POST with its own code, the field named, nothing stored', async () => {
    const avant = await nb();
    const r = await ecrire('POST', '', {
      ...formationFixture({ cle_externe: 'RH-KO' }),
      contacts: [{ type: 'pedagogique', nom: 'Claire Martin', courriel: 'claire@cfa.example' }, sansNom],
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({
      code: 'REFERENT_HANDICAP_SANS_NOM',
      title: 'Référent handicap sans nom',
      erreurs: [{ champ: 'contacts.1.nom', code: 'REFERENT_HANDICAP_SANS_NOM' }],
    });
    expect(r.json().detail).toContain(
      'Le champ « contacts[1].nom » est obligatoire : le référent handicap a un téléphone ou un courriel mais pas de nom',
    );
    expect(await nb()).toBe(avant);
  });

  it('another contact without a name is accepted, as LHEO files give them', async () => {
    const r = await ecrire('POST', '', {
      ...formationFixture({ cle_externe: 'RH-ACCUEIL' }),
      contacts: [
        { type: 'referent_handicap', nom: 'Camille Martin', courriel: 'handicap@cfa.example' },
        { type: 'accueil', nom: null, telephone: '02 40 00 00 01' },
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
  });

  it('one already stored stays readable and may be sent back unchanged; changing it without a name is refused', async () => {
    const input = {
      ...formationFixture({ cle_externe: 'RH-STOCKE' }),
      contacts: [sansNom],
    } as FormationInput;
    const { id } = await t.ctx.db
      .transaction()
      .execute((trx) => saveFormationTx(trx, SYSTEME('import-lheo'), input, { now: new Date() }));
    const lue = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(lue.statusCode).toBe(200);
    expect(lue.json().contacts).toEqual([expect.objectContaining({ type: 'referent_handicap', nom: null })]);
    const meme = await ecrire('PUT', `/${id}`, { ...input, intitule: 'BTS renvoyé tel quel' });
    expect(meme.statusCode, meme.body).toBe(200);
    const change = await ecrire('PUT', `/${id}`, {
      ...input,
      contacts: [{ ...sansNom, telephone: '02 40 00 00 09' }],
    });
    expect(change.statusCode).toBe(400);
    expect(change.json().code).toBe('REFERENT_HANDICAP_SANS_NOM');
    const nomme = await ecrire('PUT', `/${id}`, { ...input, contacts: [{ ...sansNom, nom: 'Paul Durand' }] });
    expect(nomme.statusCode, nomme.body).toBe(200);
  });
});
