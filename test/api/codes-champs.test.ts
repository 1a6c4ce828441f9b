import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// A fresh user's report (05/12): `POST /api/v1/formations` with `sessions[0].debut = "2027-13-01"`
// answered `erreurs[].code = "invalid_format"`, the validator's own word, beside REQUETE_INVALIDE
// and our codes. Every field of a refused body carries a stable code of Offre (docs/api.md) and a
// French message naming its path.

const t = useTestApi();

describe('the codes of a refused JSON body’s fields', () => {
  it('are Offre’s stable codes, each message naming the field, whatever the check', async () => {
    const base = formationFixture({ cle_externe: 'CODES-CHAMPS' });
    const session = base.sessions[0]!;
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: {
        ...base,
        intitule: 12,
        sessions: [
          {
            ...session,
            debut: '2027-13-01',
            capacite: 100_001,
            etat_recrutement: 'bidon',
            bilans: [{ date: '2027-06-30', libelle: 'Bilan', annee: 2 }],
          },
        ],
      },
    });
    expect(r.statusCode).toBe(400);
    const p = r.json();
    expect(p.code).toBe('REQUETE_INVALIDE');
    const codes = Object.fromEntries(
      (p.erreurs as { champ: string; code: string }[]).map((e) => [e.champ, e.code]),
    );
    expect(codes).toEqual({
      intitule: 'CHAMP_TYPE_INVALIDE',
      'sessions.0.debut': 'CHAMP_FORMAT_INVALIDE',
      'sessions.0.capacite': 'CHAMP_TROP_GRAND',
      'sessions.0.etat_recrutement': 'CHAMP_VALEUR_INVALIDE',
      'sessions.0.bilans.0': 'CHAMP_INCONNU',
    });
    for (const e of p.erreurs as { champ: string; message: string }[]) {
      const nom = e.champ.replace(/\.(\d+)/g, '[$1]');
      expect(e.message, e.champ).toContain(`« ${nom} »`);
    }
    expect(r.body).not.toMatch(/"code":"[a-z_]+"/);
  });
});
