import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { readLheo } from '../../src/formats/lheo/lheo.reader.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';

// Fresh tester, 04/12/2026: reimporting one's own LHEO export must change nothing
// (README « Réimporter son offre exportée ne change rien »).
// M1 — a cycle of 0 years (a conventionné action under one year) was read back as empty from the
//      export's `extra duree-annees` (0 taken as falsy): the preview refused the record
//      (PUBLICATION_INCOMPLETE, « durée du cursus »).
// M2 — a pending revision that also touched the sessions' bilans (which the export does not carry:
//      professional-only) was replaced by the file's published values: the title reverted.

const t = useTestApi();
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'u_retour',
  email: 'retour@cfa-a.test',
  nom: 'CFA A',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

async function api(method: 'POST' | 'PUT' | 'GET', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

async function publiee(input: FormationInput): Promise<string> {
  const c = await api('POST', '/formations', t.keys.writeA, input);
  expect(c.statusCode, c.body).toBe(201);
  const { id } = c.json();
  const p = await api('POST', `/formations/${id}/publier`, t.keys.writeA);
  expect(p.statusCode, p.body).toBe(200);
  const v = await api('POST', `/formations/${id}/valider`, t.keys.admin);
  expect(v.statusCode, v.body).toBe(200);
  return id;
}

/** The file passed on: `GET /api/v1/exports/lheo?siret=…`, anonymous (no bilans). */
async function exportSiret(): Promise<string> {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/exports/lheo?siret=${SIRET_A}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.body;
}

function formationDe(xml: string, cle: string): string {
  const debut = xml.indexOf(`<formation numero="${cle}"`);
  expect(debut).toBeGreaterThan(0);
  return xml.slice(debut, xml.indexOf('</formation>', debut));
}

const lire = (xml: string) => Readable.from([xml]);

describe('LHEO: one’s own export imported back changes nothing', () => {
  it('M1: a cycle of 0 years survives the round trip, « inchangée », both write paths', async () => {
    const f = formationFixture({ cle_externe: 'RT-DUREE-0' });
    await publiee({ ...f, modalites: { ...f.modalites, duree_annees: 0 } });
    const xml = await exportSiret();
    const bloc = formationDe(xml, 'RT-DUREE-0');
    expect(bloc).toContain('<duree-cycle>0</duree-cycle>');
    expect(bloc).toContain('<extra info="duree-annees">0</extra>');
    const lus = [];
    for await (const r of readLheo(lire(xml))) if (r.input?.cle_externe === 'RT-DUREE-0') lus.push(r);
    expect(lus[0]!.erreurs).toEqual([]);
    expect(lus[0]!.input!.modalites.duree_annees).toBe(0);
    for (const writePath of ['single', 'bulk'] as const) {
      const r = await importLheo(t.ctx, organisme, lire(xml), { writePath, dryRun: true });
      expect(r.rejets, writePath).toEqual([]);
      expect(r.modifiees, writePath).toEqual([]);
      expect(r.formations.mises_a_jour, writePath).toBe(0);
    }
    // Applied, the formation keeps its 0.
    const r = await importLheo(t.ctx, organisme, lire(xml));
    expect(r.formations.mises_a_jour).toBe(0);
    const lue = await api('GET', `/formations?siret=${SIRET_A}`, t.keys.writeA);
    const fo = lue.json().data.find((x: { cle_externe: string }) => x.cle_externe === 'RT-DUREE-0');
    expect(fo.modalites.duree_annees).toBe(0);
  });

  it('M1: a new formation from such a file is created with its 0 (no FORM_CHAMP_OBLIGATOIRE)', async () => {
    const xml = (await exportSiret()).replaceAll('RT-DUREE-0', 'RT-DUREE-0-COPIE');
    const r = await importLheo(t.ctx, organisme, lire(xml));
    expect(r.rejets).toEqual([]);
    expect(r.formations.creees).toBe(1);
    const lue = await api('GET', `/formations?siret=${SIRET_A}`, t.keys.writeA);
    const fo = lue.json().data.find((x: { cle_externe: string }) => x.cle_externe === 'RT-DUREE-0-COPIE');
    expect(fo.modalites.duree_annees).toBe(0);
    expect(fo.conformite.echecs.map((e: { code: string }) => e.code)).not.toContain('FORM_CHAMP_OBLIGATOIRE');
  });

  it('M2: a pending revision touching the title and the bilans is kept by its export sent back', async () => {
    const f = formationFixture({ cle_externe: 'RT-BILANS' });
    const id = await publiee(f);
    const revise = {
      ...f,
      intitule: 'REVISION-SECRETE',
      sessions: [
        {
          ...f.sessions[0]!,
          bilans: [{ date: '2027-02-10', lieu: 'CFA, Lyon', libelle: 'Bilan de mi-parcours' }],
        },
      ],
    };
    const put = await api('PUT', `/formations/${id}`, t.keys.writeA, revise);
    expect(put.json(), put.body).toMatchObject({ revision: true });
    const revisions = () =>
      t.ctx.db
        .selectFrom('formation_revision')
        .select(['id', 'statut', 'payload', 'created_at'])
        .where('formation_id', '=', id)
        .execute();
    const avant = await revisions();
    expect(avant).toHaveLength(1);
    const xml = await exportSiret();
    expect(formationDe(xml, 'RT-BILANS')).not.toContain('bilans');
    for (const writePath of ['single', 'bulk'] as const)
      for (const dryRun of [true, false]) {
        const r = await importLheo(t.ctx, organisme, lire(xml), { writePath, dryRun });
        expect(r.modifiees, `${writePath} ${dryRun}`).toEqual([]);
        expect(r.formations.mises_a_jour).toBe(0);
        expect(r.revisions_gardees).toBe(1);
        expect(await revisions()).toEqual(avant);
      }
    const payload = avant[0]!.payload as FormationInput;
    expect(payload.intitule).toBe('REVISION-SECRETE');
    expect(payload.sessions[0]!.bilans).toHaveLength(1);
  });

  it('M2: a record that does change the formation still replaces the revision, bilans kept', async () => {
    const xml = await exportSiret();
    const change = xml.replace(
      /(<formation numero="RT-BILANS"[\s\S]*?<intitule-formation>)[^<]*</,
      '$1BTS MCO (nouveau)<',
    );
    const r = await importLheo(t.ctx, organisme, lire(change), { writePath: 'bulk' });
    expect(r.formations.mises_a_jour).toBe(1);
    expect(r.modifiees[0]!.changements.map((c) => [c.champ, c.avant, c.apres])).toEqual([
      ['intitule', 'REVISION-SECRETE', 'BTS MCO (nouveau)'],
    ]);
    const rev = await t.ctx.db
      .selectFrom('formation_revision')
      .innerJoin('formation', 'formation.id', 'formation_revision.formation_id')
      .select(['formation_revision.payload'])
      .where('formation.cle_externe', '=', 'RT-BILANS')
      .where('formation_revision.statut', '=', 'en_attente_validation')
      .executeTakeFirstOrThrow();
    const p = rev.payload as FormationInput;
    expect(p.intitule).toBe('BTS MCO (nouveau)');
    expect(p.sessions[0]!.bilans).toHaveLength(1);
  });
});
