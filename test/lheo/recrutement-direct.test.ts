import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';

// The recruitment rule (domain/recrutement-direct.ts) by the LHEO import: an organisme's file
// whose only change is a session's <etat-recrutement> applies it to the diffused version at once,
// one by one and in bulk; over a pending revision (the file holds the published values, as the
// export writes them), it is applied to both and the revision stays pending.

const t = useTestApi();
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'u_rd',
  email: 'rd@cfa-a.test',
  nom: 'CFA A',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

async function api(method: 'POST' | 'PUT', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

async function publiee(cle: string): Promise<string> {
  const { id } = (
    await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: cle }))
  ).json();
  expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  return id;
}

/** The organisme's whole file with formation `cle`'s sessions at recruitment code `code` (2: fermé). */
async function exportAvecEtat(cle: string, code: string): Promise<string> {
  const exp = await openLheoExport(t.ctx.db, SYSTEME('export-lheo'), { siret: SIRET_A }, new Date());
  let xml = '';
  for await (const c of exp.chunks) xml += typeof c === 'string' ? c : Buffer.from(c).toString('utf8');
  const debut = xml.indexOf(`<formation numero="${cle}"`);
  expect(debut).toBeGreaterThan(0);
  const fin = xml.indexOf('</formation>', debut);
  const bloc = xml
    .slice(debut, fin)
    .replace(/<etat-recrutement>\d<\/etat-recrutement>/g, `<etat-recrutement>${code}</etat-recrutement>`);
  expect(bloc).toContain(`<etat-recrutement>${code}</etat-recrutement>`);
  return xml.slice(0, debut) + bloc + xml.slice(fin);
}

const etats = async (id: string) =>
  (
    await t.ctx.db.selectFrom('session').select('etat_recrutement').where('formation_id', '=', id).execute()
  ).map((s) => s.etat_recrutement);
const ouverte = (id: string) =>
  t.ctx.db
    .selectFrom('formation_revision')
    .select(['payload', 'statut'])
    .where('formation_id', '=', id)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst();

describe('an organisme’s LHEO file closing a session’s recruitment', () => {
  for (const writePath of ['single', 'bulk'] as const)
    it(`applies it to the diffused version at once, without a revision (${writePath})`, async () => {
      const cle = `RD-${writePath}`;
      const id = await publiee(cle);
      const r = await importLheo(t.ctx, organisme, Readable.from([await exportAvecEtat(cle, '2')]), {
        writePath,
      });
      expect(r.rejets).toEqual([]);
      expect(r.modifiees.find((m) => m.numero === cle)).toMatchObject({ revision: false });
      expect(await etats(id)).toEqual(['ferme']);
      expect(await ouverte(id)).toBeUndefined();
    });

  it('over a pending revision: applied to both, the revision stays pending with its own change', async () => {
    const id = await publiee('RD-REV');
    const r0 = await api('PUT', `/formations/${id}`, t.keys.writeA, {
      ...formationFixture({ cle_externe: 'RD-REV' }),
      intitule: 'BTS MCO (révision)',
    });
    expect(r0.json()).toMatchObject({ revision: true });
    const r = await importLheo(t.ctx, organisme, Readable.from([await exportAvecEtat('RD-REV', '3')]), {
      writePath: 'single',
    });
    expect(r.rejets).toEqual([]);
    expect(await etats(id)).toEqual(['suspendu']);
    const rev = await ouverte(id);
    expect(rev?.statut).toBe('en_attente_validation');
    const payload = (typeof rev!.payload === 'string' ? JSON.parse(rev!.payload) : rev!.payload) as {
      intitule: string;
      sessions: { etat_recrutement: string }[];
    };
    expect(payload.intitule).toBe('BTS MCO (révision)');
    expect(payload.sessions.map((s) => s.etat_recrutement)).toEqual(['suspendu']);
  });
});
