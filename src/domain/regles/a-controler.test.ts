import { describe, expect, it } from 'vitest';
import { ecartsControles, formationsAControler, ordreSessions } from './a-controler.ts';
import { organisme, SIRET_FORM, SIRET_RESP, session as sessionFixture } from './regles.fixture.ts';

const ligne = {
  id: 'f1',
  cle_externe: null,
  siren_proprietaire: SIRET_RESP.slice(0, 9),
  statut: 'publiee',
  intitule: 'BTS',
  objectif: null,
  code_rncp: 'RNCP38362',
  code_cfd: null,
  responsable_siret: SIRET_RESP,
  formateur_siret: SIRET_FORM,
  responsable_uai: '0350002M',
  formateur_uai: null,
  formation_continue: null,
  contrat_professionnalisation: null,
  contrat_apprentissage: true,
  annees_apprentissage: [1],
  duree_annees: 1,
  financeurs: [],
};
const session = (id: string, debut: string | null) => {
  const { contact: _c, ...s } = sessionFixture({ id, debut });
  return { ...s, formation_id: 'f1' };
};

describe('formationsAControler', () => {
  it('gives each role the establishment’s facts with the role’s UAI, an unknown one its SIRET only', () => {
    const [f] = formationsAControler(
      [ligne],
      [session('s1', '2026-09-01')],
      [
        {
          formation_id: 'f1',
          session_id: null,
          type: 'referent_handicap',
          nom: 'A',
          telephone: null,
          courriel: null,
        },
        { formation_id: null, session_id: 's1', type: 'autre', nom: 'B', telephone: '01', courriel: null },
      ],
      new Map([[SIRET_RESP, organisme(SIRET_RESP, { uai: '0350001L' })]]),
    );
    expect(f!.responsable).toEqual({ ...organisme(SIRET_RESP), uai: '0350002M' });
    expect(f!.formateur).toMatchObject({
      siret: SIRET_FORM,
      siren: SIRET_FORM.slice(0, 9),
      nda: null,
      uai: null,
    });
    expect(f!.contacts).toEqual([{ type: 'referent_handicap', nom: 'A', telephone: null, courriel: null }]);
    expect(f!.sessions[0]!.contact).toEqual({ type: 'autre', nom: 'B', telephone: '01', courriel: null });
    expect(f!.sessions[0]).not.toHaveProperty('formation_id');
  });

  it('orders sessions as the loader does: start date, none last, then id', () => {
    const s = [
      session('b', '2026-09-01'),
      session('z', null),
      session('a', '2026-09-01'),
      session('c', '2025-01-01'),
    ];
    expect([...s].sort(ordreSessions).map((x) => x.id)).toEqual(['c', 'a', 'b', 'z']);
  });
});

describe('ecartsControles', () => {
  it('lists the failing codes a revision fixes and those it introduces, once per code', () => {
    const r = (code: string, resultat: 'passe' | 'echec' | 'non_applicable') => ({ code, resultat });
    expect(
      ecartsControles(
        [r('A', 'echec'), r('A', 'echec'), r('B', 'passe'), r('C', 'echec'), r('D', 'echec')],
        [r('A', 'passe'), r('B', 'echec'), r('C', 'echec'), r('D', 'non_applicable')],
      ),
    ).toEqual({ corrige: ['A', 'D'], introduit: ['B'] });
  });
});
