import { describe, expect, it } from 'vitest';
import {
  CERT_SUR_DEMANDE,
  contexte,
  faits,
  formation,
  habilitationsSurDemande,
  organisme,
  organismeDeclare,
  SIRET_FORM,
  SIRET_RESP,
  TOUS_CHARGES,
} from './regles.fixture.ts';
import { checkFormation } from './regles.ts';
import type { FormationAControler, ResultatControle } from './types.ts';

// A data manager's report: « Le responsable (SIRET 13002526500013) n’a pas d’UAI » says nothing
// to a regional data manager or a CFA reading a rejection. A rule message names an organisme as
// the pages do (identifiants.ts organismeLisible): its raison sociale, then its SIRET; the SIRET
// alone when Offre knows no name. The evidence keeps the bare SIRET (machine-readable).

const RESP = 'LYCÉE PROFESSIONNEL X';
const FORM = 'CFA DU BÂTIMENT';
const RESP_LU = `${RESP} (SIRET 130 025 265 00013)`;
const FORM_LU = `${FORM} (SIRET 193 509 361 00013)`;
const noms = { [SIRET_RESP]: RESP, [SIRET_FORM]: FORM };

const surDemande = CERT_SUR_DEMANDE;
const habilite = habilitationsSurDemande(SIRET_RESP, 'certificateur');

const resultats = (f: FormationAControler, o: Parameters<typeof faits>[0] = {}) =>
  checkFormation(f, contexte(faits({ noms, ...o }))).filter((r) => r.code.startsWith('ORG_'));
const un = (rs: readonly ResultatControle[], code: string, champ?: string) =>
  rs.find((r) => r.code === code && (!champ || r.champ === champ))!;

// Every ORG_ message that names an organisme, in each of its outcomes.
const CAS: [string, ResultatControle[]][] = [
  [
    'all pass',
    resultats(formation({ code_rncp: 'RNCP37000', code_cfd: null }), {
      certifications: [surDemande],
      habilitations: habilite,
    }),
  ],
  [
    'closed, no UAI, no NDA',
    resultats(formation({ responsable: organisme(SIRET_RESP, { uai: null }) }), {
      etats: { [SIRET_RESP]: 'F', [SIRET_FORM]: 'A' },
      declares: [],
    }),
  ],
  [
    'absent from Sirene, not Qualiopi',
    resultats(formation(), {
      etats: {},
      declares: [organismeDeclare(SIRET_RESP, false)],
    }),
  ],
];

describe('rule messages name the organisme by its raison sociale with its SIRET', () => {
  it.each(CAS)('%s: no message quotes a bare SIRET, each SIRET comes with its name', (_cas, rs) => {
    expect(rs.length).toBeGreaterThan(0);
    for (const r of rs) {
      expect(r.message, `${r.code} ${r.resultat}`).not.toMatch(/\d{14}/);
      for (const [siret, lu] of [
        ['130 025 265 00013', RESP_LU],
        ['193 509 361 00013', FORM_LU],
      ])
        if (r.message.includes(siret)) expect(r.message, `${r.code} ${r.resultat}`).toContain(lu);
    }
  });

  it('ORG_UAI: « Le responsable LYCÉE PROFESSIONNEL X (SIRET 130 025 265 00013) n’a pas d’UAI »', () => {
    const r = un(CAS[1]![1], 'ORG_UAI');
    expect(r.resultat).toBe('echec');
    expect(r.message).toMatch(
      /^Le responsable LYCÉE PROFESSIONNEL X \(SIRET 130 025 265 00013\) n’a pas d’UAI : /,
    );
  });

  it('each failure naming an organisme names the right one', () => {
    const [, passe] = CAS[0]!;
    const [, ferme] = CAS[1]!;
    const [, absent] = CAS[2]!;
    expect(un(ferme, 'ORG_SIRET_FERME', 'responsable.siret').message).toContain(
      `L’établissement responsable ${RESP_LU} est fermé`,
    );
    expect(un(ferme, 'ORG_SIRET_FERME', 'formateur.siret').message).toContain(
      `L’établissement formateur ${FORM_LU} est actif`,
    );
    expect(un(ferme, 'ORG_NDA').message).toContain(`Le responsable ${RESP_LU} ne figure`);
    expect(un(absent, 'ORG_SIRET_INCONNU', 'formateur.siret').message).toContain(
      `L’organisme formateur ${FORM_LU} est absent`,
    );
    expect(un(absent, 'ORG_QUALIOPI_APPRENTISSAGE').message).toContain(
      `le responsable ${RESP_LU}, n’est pas certifié`,
    );
    expect(un(passe, 'ORG_HABILITATION').message).toContain(`le responsable ${RESP_LU}, est certificateur`);
  });

  it('the evidence keeps the bare SIRET', () => {
    const [, absent] = CAS[2]!;
    expect(un(absent, 'ORG_SIRET_INCONNU', 'responsable.siret').preuves[0]!.fait).toBe(
      `SIRET ${SIRET_RESP} absent`,
    );
    expect(un(CAS[1]![1], 'ORG_NDA').preuves[0]!.fait).toBe(
      `SIRET ${SIRET_RESP} et SIREN ${SIRET_RESP.slice(0, 9)} absents`,
    );
  });

  it('no name known: the SIRET alone, as a person reads it', () => {
    const rs = checkFormation(
      formation({ responsable: organisme(SIRET_RESP, { uai: null }) }),
      contexte(faits({ charges: TOUS_CHARGES })),
    );
    expect(un(rs, 'ORG_UAI').message).toMatch(/^Le responsable SIRET 130 025 265 00013 n’a pas d’UAI : /);
  });

  // User pass of 05/12: « Le SIRET responsable « 1300… » (LYCÉE …) est invalide » named the
  // organisme unlike the other ORG_* messages (« L’organisme responsable RAISON (SIRET …) »).
  it('an invalid SIRET: the organisme named as the other rules do, and what is wrong with its SIRET', () => {
    const faux = '13002526500014';
    const rs = checkFormation(
      formation({ responsable: organisme(faux) }),
      contexte(faits({ noms: { [faux]: RESP } })),
    );
    expect(un(rs, 'ORG_SIRET_FORMAT', 'responsable.siret').message).toBe(
      'L’organisme responsable LYCÉE PROFESSIONNEL X (SIRET 130 025 265 00014) a un SIRET invalide : il a 14 chiffres mais sa clé de contrôle est fausse ; corrigez-le d’après l’avis de situation Sirene de l’établissement.',
    );
  });

  it('ORG_REFERENT_HANDICAP names the responsable whose referent is missing', () => {
    const rs = resultats(
      formation({ contacts: [], responsable: { ...organisme(SIRET_RESP), contacts: [] } }),
    );
    const r = un(rs, 'ORG_REFERENT_HANDICAP');
    expect(r.resultat).toBe('echec');
    expect(r.message).toContain(`référent handicap du responsable ${RESP_LU}.`);
  });
});
