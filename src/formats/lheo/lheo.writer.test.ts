import { describe, expect, it } from 'vitest';
import { formationLueFixture as formationFixture } from '../../../test/helpers/formations.ts';
import { readLheo } from './lheo.reader.ts';
import { lheoXsdPath, validateLheo } from './lheo.validator.ts';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN, type LheoAvertissement } from './lheo.writer.ts';

const doc = (...xs: string[]) => LHEO_DEBUT + xs.join('') + LHEO_FIN;
const write = (f: ReturnType<typeof formationFixture>, warnings: LheoAvertissement[] = []) =>
  formationToLheo(f, (w) => warnings.push(w));

// The official XSD lives in shared/reference (never copied into the project): without it, skip.
const XSD = lheoXsdPath();
/** Said in the title only when the test is skipped. */
const SANS_XSD = XSD ? '' : ' (ignoré : shared/reference/lheo absent)';
const withXsd = it.skipIf(!XSD);

describe('LHEO writer', () => {
  withXsd(`writes a complete formation that validates against the official XSD${SANS_XSD}`, async () => {
    const rapport = await validateLheo([doc(write(formationFixture()))]);
    expect(rapport.erreurs).toEqual([]);
    expect(rapport.formations).toBe(1);
  });

  withXsd(
    `keeps awkward data valid: long texts cut with a warning, escaping, no sessions, nothing optional${SANS_XSD}`,
    async () => {
      const warnings: LheoAvertissement[] = [];
      const long = formationFixture({
        cle_externe: 'LONG & <court>',
        intitule: `Intitulé « spécial » & <balises> ${'é'.repeat(400)}`,
        objectif: 'x'.repeat(5000),
        contenu: null,
        url: 'x',
        responsable: { siret: '123', siren: '123', uai: 'BAD', raison_sociale: 'A'.repeat(300), nda: '12' },
        formateur: null,
        contacts: [{ type: 'autre', nom: 'N'.repeat(80), telephone: '0'.repeat(40), courriel: 'a' }],
        financeurs: [],
        sessions: [],
        certification: {
          rncp: null,
          cfd: null,
          certifinfo: null,
          intitule: null,
          niveau: null,
          type_enregistrement: null,
        },
        modalites: {
          formation_continue: null,
          contrat_professionnalisation: null,
          contrat_apprentissage: null,
          annees_apprentissage: [],
          duree_annees: null,
        },
      });
      const bare = formationFixture({
        id: 'f-nu',
        cle_externe: null,
        intitule: null,
        objectif: null,
        contenu: null,
        url: null,
        responsable: null,
        formateur: null,
        contacts: [],
        financeurs: [],
        sessions: [
          {
            ...formationFixture().sessions[0]!,
            id: 's-nu',
            cle_externe: null,
            debut: null,
            fin: null,
            lieu: {
              adresse: 'x'.repeat(260),
              code_postal: '6900',
              commune: null,
              cedex: null,
              code_insee: null,
              uai: null,
              lat: null,
              lon: null,
            },
            contact: null,
            capacite: null,
            financeur: null,
            numero_marche: null,
            date_notification_marche: null,
          },
        ],
      });
      const rapport = await validateLheo([doc(write(long, warnings), write(bare, warnings))]);
      expect(rapport.erreurs).toEqual([]);
      expect(warnings.map((w) => w.champ)).toEqual(
        expect.arrayContaining([
          'intitule-formation',
          'objectif-formation',
          'raison-sociale',
          'courriel',
          'numero-activite',
          'codepostal',
        ]),
      );
    },
  );

  it('reads back what it writes', async () => {
    const f = formationFixture();
    const records = [];
    for await (const r of readLheo([doc(write(f))])) records.push(r);
    const [record] = records;
    expect(record!.erreurs).toEqual([]);
    const input = record!.input!;
    expect(input.cle_externe).toBe('BTS-MCO-LYON');
    expect(input.certification).toEqual({ rncp: 'RNCP38362', cfd: '32031213', certifinfo: '116211' });
    expect(input.contacts.map((c) => c.type)).toEqual(['pedagogique', 'referent_handicap', 'accueil']);
    expect(input.modalites).toEqual(f.modalites);
    expect(input.financeurs).toEqual(['region']);
    const { id: _id, diffusee: _d, ...session } = f.sessions[0]!;
    const { code_departement: _a, code_region: _b, ...lieu } = session.lieu;
    // Empty lists are not written; read back, an absent list is « not stated » (the stored one is kept).
    expect(session.reunions_information).toEqual([]);
    expect(session.bilans).toEqual([]);
    expect(input.sessions).toEqual([
      { ...session, lieu, reunions_information: undefined, bilans: undefined },
    ]);
  });

  it('carries a place’s cedex in <extras info="offre"> (LHEO has no cedex element) and reads it back', async () => {
    const base = formationFixture();
    const s0 = base.sessions[0]!;
    const f = { ...base, sessions: [{ ...s0, lieu: { ...s0.lieu, cedex: 'CEDEX 02' } }] };
    const xml = doc(write(f));
    expect(xml).toMatch(
      /<extras info="offre">\s*<extra info="cedex">CEDEX 02<\/extra>\s*<\/extras>\s*<\/adresse>/,
    );
    const records = [];
    for await (const r of readLheo([xml])) records.push(r);
    expect(records[0]!.input!.sessions[0]!.lieu!.cedex).toBe('CEDEX 02');
    if (XSD) expect((await validateLheo([xml])).erreurs).toEqual([]);
  });

  withXsd(`reports a schema error with the formation and its line${SANS_XSD}`, async () => {
    const bad = doc(write(formationFixture())).replace(
      '<certifiante>1</certifiante>',
      '<certifiante>7</certifiante>',
    );
    const rapport = await validateLheo([bad]);
    expect(rapport.erreurs).toHaveLength(1);
    expect(rapport.erreurs[0]).toMatchObject({
      formation: 1,
      ligne: bad.split('\n').findIndex((l) => l.includes('<certifiante>7')) + 1,
    });
    expect(rapport.erreurs[0]!.message).toContain('certifiante');
  });
});
