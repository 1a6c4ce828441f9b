import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { LigneRapportLheo } from '../../src/formats/lheo/lheo.rapport.ts';
import { listFormations } from '../../src/services/formation.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';

// The session form warns of a session identical to one of the formation's (same days, same place:
// SESSION_EN_DOUBLE); an LHEO file with two identical sessions of one formation said nothing. Now
// the report warns (LHEO_SESSION_EN_DOUBLE) with the element, the line and both sessions by their
// dates, on every door (report, full CSV report); nothing is refused.

const fixture = new URL('../fixtures/lheo/sessions-en-double.xml', import.meta.url);
const systeme = SYSTEME('test-lheo');

let t: TestApi;
beforeAll(async () => {
  t = await testApi();
});
afterAll(async () => t?.close());

const AVERTISSEMENT = {
  chemin: '/lheo/offres/formation[1]/action[1]/session[2]',
  code: 'LHEO_SESSION_EN_DOUBLE',
  message:
    'Formation n° 1 (ligne 4) : la session 2 de l’action 1 (ligne 11, session du 6 septembre 2027 au 30 juin 2029) est identique à la session 1 de l’action 1 (ligne 10, session du 6 septembre 2027 au 30 juin 2029) : mêmes dates, même lieu. Vérifiez qu’il ne s’agit pas de la même session : si c’est le cas, retirez-en une du fichier.',
  ligne: 11,
  numero: 'DOUBLE-1',
};

describe('an LHEO file with two identical sessions of one formation', () => {
  it('previews then applies it with one warning, nothing refused', async () => {
    for (const dryRun of [true, false]) {
      const lignes: LigneRapportLheo[] = [];
      const r = await importLheo(t.ctx, systeme, createReadStream(fixture), {
        fichier: 'sessions-en-double.xml',
        dryRun,
        onLigne: (l) => lignes.push(l),
      });
      expect(r.formations).toEqual({ creees: 2, mises_a_jour: 0, inchangees: 0, rejetees: 0 });
      expect(r.avertissements).toEqual([AVERTISSEMENT]);
      expect(r.avertissements_total).toBe(1);
      expect(lignes.filter((l) => l.resultat === 'avertissement')).toEqual([
        {
          ligne: 11,
          numero: 'DOUBLE-1',
          intitule: 'BTS Commerce international',
          resultat: 'avertissement',
          element: 'formation[1]/action[1]/session[2]',
          code: 'LHEO_SESSION_EN_DOUBLE',
          message: AVERTISSEMENT.message,
          avant: '',
          apres: '',
        },
      ]);
    }
    const f = (await listFormations(t.ctx.db, systeme, {}, { limit: 10 })).data.find(
      (x) => x.cle_externe === 'DOUBLE-1',
    )!;
    expect(f.sessions).toHaveLength(3);
  });
});
