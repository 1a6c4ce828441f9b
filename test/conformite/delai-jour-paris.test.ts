import { describe, expect, it } from 'vitest';
import { selectFormationRows } from '../../src/db/formation.repository.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { snapshotToInput } from '../../src/domain/formation.snapshot.ts';
import { controlesDeRevision } from '../../src/services/conformite.service.ts';
import { loadSnapshot } from '../../src/services/formation.view.ts';
import { revisionProposee } from '../../src/services/workflow.service.ts';
import { bearer, formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';
import { diffusee } from '../helpers/revision.ts';

// CONV_DELAI counts Paris calendar days (domain/dates.ts FUSEAU): a session entered on 8 December at
// 00:20 in Paris (23:20 UTC on the 7th) was said « saisie le 7 décembre 2026 » while the form's own
// check said « aujourd’hui (8 décembre 2026) ». Both the stored sessions (their creation instant,
// read in SQL) and a revision's new sessions (entered now) are dated so.

const t = useTestApi({ now: () => new Date('2026-12-07T23:20:00Z') });

const session = (cle: string) => ({
  cle_externe: cle,
  debut: '2027-01-04',
  fin: '2027-06-30',
  etat_recrutement: 'ouvert' as const,
  capacite: 12,
  financeur: 'region' as const,
  numero_marche: 'M1451401',
  // 11 Paris days before 8 December, 10 UTC days before 7 December: late only by the Paris day.
  date_notification_marche: '2026-11-27',
  contact: { nom: 'Mme Roux', telephone: '0473000000' },
  lieu: { adresse: '2 rue Bois', code_postal: '63000', commune: 'Clermont-Ferrand', code_insee: '63113' },
  reunions_information: [],
  bilans: [],
});

const input = (): FormationInput =>
  formationFixture({
    cle_externe: 'AUV-DELAI',
    intitule: 'Prépa avenir métiers',
    certification: {},
    responsable: { siret: SIRET_A, raison_sociale: 'CFA Exemple' },
    formateur: { siret: SIRET_A },
    modalites: {
      formation_continue: true,
      contrat_professionnalisation: true,
      contrat_apprentissage: false,
      annees_apprentissage: [],
      duree_annees: 1,
    },
    financeurs: ['region'],
    sessions: [session('S1')],
  });

const ATTENDU =
  'La session 1 a été saisie le 8 décembre 2026, 11 jours après la notification du marché (27 novembre 2026) : la Région demande une saisie sous 10 jours. Saisissez les prochaines sessions plus tôt.';

describe('CONV_DELAI on a session entered just after midnight in Paris', () => {
  let id: string;

  it('a stored session is entered on its Paris day (API conformity and /controles)', async () => {
    id = await diffusee(t.ctx, input());
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}/controles`,
      headers: bearer(t.keys.writeA),
    });
    expect(res.statusCode).toBe(200);
    const delai = JSON.stringify(res.json());
    expect(delai).toContain(ATTENDU);
  });

  it('a revision’s new session is entered today, the Paris day (the gestionnaire’s review)', async () => {
    const [row] = await selectFormationRows(t.ctx.db, [id]);
    const lu = await loadSnapshot(t.ctx.db, row!);
    const stocke = snapshotToInput(lu.snap);
    const propose = revisionProposee(lu, { ...stocke, sessions: [...stocke.sessions, session('S2')] });
    const r = await controlesDeRevision(t.ctx.db, row!, propose, t.ctx.now(), null);
    const messages = JSON.stringify(r);
    expect(messages).toContain('La session 2 a été saisie le 8 décembre 2026, 11 jours');
    expect(messages).not.toContain('7 décembre');
  });
});
