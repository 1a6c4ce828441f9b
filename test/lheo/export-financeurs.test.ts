import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { readLheo } from '../../src/formats/lheo/lheo.reader.ts';
import { lheoXsdPath, validateLheo } from '../../src/formats/lheo/lheo.validator.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';

// Fresh tester (training organisation, conventionné offer), 06/12/2026: the LHEO export lost who
// funds a session. A Région-funded session travelled only as `<extra info="financeur">region</extra>`,
// with no `<organisme-financeur>` under `<action>` and `<prise-en-charge-frais-possible>0`: a
// Carif-Oref or France Travail system reading plain LHEO saw an unfunded action. The export now
// writes the standard elements (dict-financeurs codes, nb-places-financees when the places are
// known), stays valid against lheo-2.3.xsd, and imported back changes nothing.

// The official XSD lives in shared/reference (never copied into the project): without it, that check is skipped.
const XSD = lheoXsdPath();
const SANS_XSD = XSD ? '' : ' (ignoré : shared/reference/lheo absent)';

const t = useTestApi();
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'u_financeurs',
  email: 'financeurs@cfa-a.test',
  nom: 'CFA A',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

async function api(method: 'POST' | 'PUT' | 'GET', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

async function publiee(input: FormationInput): Promise<void> {
  const c = await api('POST', '/formations', t.keys.writeA, input);
  expect(c.statusCode, c.body).toBe(201);
  const { id } = c.json();
  const p = await api('POST', `/formations/${id}/publier`, t.keys.writeA);
  expect(p.statusCode, p.body).toBe(200);
  const v = await api('POST', `/formations/${id}/valider`, t.keys.admin);
  expect(v.statusCode, v.body).toBe(200);
}

function bloc(xml: string, cle: string): string {
  const debut = xml.indexOf(`<formation numero="${cle}"`);
  expect(debut, cle).toBeGreaterThan(0);
  return xml.slice(debut, xml.indexOf('</formation>', debut));
}

const contact = { nom: 'Accueil stagiaires', telephone: '0473000000', courriel: 'stagiaires@cfa.example' };

function conventionnee(cle: string, sessions: Partial<FormationInput['sessions'][number]>[]): FormationInput {
  const f = formationFixture({ cle_externe: cle });
  const base = f.sessions[0]!;
  return {
    ...f,
    modalites: { ...f.modalites, contrat_apprentissage: false, annees_apprentissage: [], duree_annees: 0 },
    sessions: sessions.map((s, i) => ({
      ...base,
      cle_externe: `S${i + 1}`,
      contact,
      date_notification_marche: '2026-05-01',
      ...s,
    })),
  };
}

describe('LHEO export: the financeurs of a conventionné offer in standard LHEO', () => {
  it('a Région-funded session: organisme-financeur code 2 with its places, frais pris en charge, round trip unchanged', async () => {
    await publiee(
      conventionnee('CONV-REGION', [
        {
          financeur: 'region',
          numero_marche: 'M1451401',
          capacite: 12,
          debut: '2026-09-01',
          fin: '2027-03-31',
        },
      ]),
    );
    await publiee(formationFixture({ cle_externe: 'APPR-SEULE' }));
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/exports/lheo?siret=${SIRET_A}` });
    expect(r.statusCode, r.body).toBe(200);
    const xml = r.body;

    const conv = bloc(xml, 'CONV-REGION');
    expect(conv).toMatch(
      /<organisme-financeur>\s*<code-financeur>2<\/code-financeur>\s*<nb-places-financees>12<\/nb-places-financees>\s*<\/organisme-financeur>/,
    );
    expect(conv).toContain('<prise-en-charge-frais-possible>1</prise-en-charge-frais-possible>');
    expect(conv).toContain('<conventionnement>1</conventionnement>');
    // LHEO says the financeur: no Offre extra repeats it. The market number has no LHEO element.
    expect(conv).not.toContain('info="financeur"');
    expect(conv).toContain('<extra info="numero-marche">M1451401</extra>');

    // An apprenticeship offer without financeur keeps 0 and no organisme-financeur.
    const appr = bloc(xml, 'APPR-SEULE');
    expect(appr).not.toContain('<organisme-financeur>');
    expect(appr).toContain('<prise-en-charge-frais-possible>0</prise-en-charge-frais-possible>');
    expect(appr).not.toContain('<conventionnement>');

    // A plain LHEO reader (our own, without the extras) finds the funding.
    const lus = [];
    for await (const x of readLheo(Readable.from([xml])))
      if (x.input?.cle_externe === 'CONV-REGION') lus.push(x);
    expect(lus[0]!.erreurs).toEqual([]);
    expect(lus[0]!.input!.sessions[0]!.financeur).toBe('region');
    expect(lus[0]!.input!.financeurs).toEqual([]);

    for (const writePath of ['single', 'bulk'] as const) {
      const imp = await importLheo(t.ctx, organisme, Readable.from([xml]), { writePath, dryRun: true });
      expect(imp.rejets, writePath).toEqual([]);
      expect(imp.modifiees, writePath).toEqual([]);
      expect(imp.formations.mises_a_jour, writePath).toBe(0);
    }
  });

  it('sessions of two financeurs, one without known places: two organisme-financeur, each session keeps its own', async () => {
    await publiee(
      conventionnee('CONV-DEUX', [
        {
          financeur: 'region',
          numero_marche: 'M1451402',
          capacite: 10,
          debut: '2026-09-01',
          fin: '2027-03-31',
        },
        {
          financeur: 'france_travail',
          numero_marche: 'M1451403',
          capacite: null,
          debut: '2026-10-01',
          fin: '2027-04-30',
        },
      ]),
    );
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/exports/lheo?siret=${SIRET_A}` });
    const xml = r.body;
    const conv = bloc(xml, 'CONV-DEUX');
    expect(conv).toMatch(
      /<organisme-financeur>\s*<code-financeur>2<\/code-financeur>\s*<nb-places-financees>10<\/nb-places-financees>\s*<\/organisme-financeur>/,
    );
    expect(conv).toMatch(
      /<organisme-financeur>\s*<code-financeur>4<\/code-financeur>\s*<\/organisme-financeur>/,
    );
    expect(conv).toContain('<prise-en-charge-frais-possible>1</prise-en-charge-frais-possible>');
    const lus = [];
    for await (const x of readLheo(Readable.from([xml])))
      if (x.input?.cle_externe === 'CONV-DEUX') lus.push(x);
    expect(lus[0]!.input!.sessions.map((s) => s.financeur)).toEqual(['region', 'france_travail']);
    expect(lus[0]!.input!.financeurs).toEqual([]);
    for (const writePath of ['single', 'bulk'] as const) {
      const imp = await importLheo(t.ctx, organisme, Readable.from([xml]), { writePath, dryRun: true });
      expect(imp.rejets, writePath).toEqual([]);
      expect(imp.modifiees, writePath).toEqual([]);
    }
  });

  it.skipIf(!XSD)(`the export with these financeurs is valid against lheo-2.3.xsd${SANS_XSD}`, async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/exports/lheo?siret=${SIRET_A}` });
    expect(r.body).toContain('<code-financeur>4</code-financeur>');
    const rapport = await validateLheo([r.body], 'export.xml');
    expect(rapport.formations).toBeGreaterThanOrEqual(3);
    expect(rapport.erreurs).toEqual([]);
  });
});
