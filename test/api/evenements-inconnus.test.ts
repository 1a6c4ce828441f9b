import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, useTestApi } from './helpers.ts';

// A bilan or a réunion d'information with keys the API does not know (`annee`, `texte`) was
// stored as an empty event ({ date: null, lieu: null, libelle: null }): its data lost silently.
// Such an object is refused, the unknown key named, nothing stored.

const t = useTestApi();

describe('unknown keys inside a session’s events', () => {
  for (const champ of ['bilans', 'reunions_information'] as const)
    it(`${champ}: 400 REQUETE_INVALIDE naming sessions[0].${champ}[0] and the unknown key`, async () => {
      const body = formationFixture({ cle_externe: `EVT-${champ}` }) as {
        sessions: Record<string, unknown>[];
      };
      body.sessions[0]![champ] = [{ annee: 2025, texte: 'Bilan de la session' }];
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/formations',
        headers: bearer(t.keys.writeA),
        payload: body,
      });
      expect(r.statusCode).toBe(400);
      const p = r.json();
      expect(p.code).toBe('REQUETE_INVALIDE');
      expect(p.erreurs).toEqual([
        expect.objectContaining({
          champ: `sessions.0.${champ}.0`,
          message: expect.stringMatching(new RegExp(`sessions\\[0\\]\\.${champ}\\[0\\].*annee, texte`)),
        }),
      ]);
      const liste = await t.app.inject({
        method: 'GET',
        url: '/api/v1/formations',
        headers: bearer(t.keys.writeA),
      });
      expect(JSON.stringify(liste.json())).not.toContain(`EVT-${champ}`);
    });
});
