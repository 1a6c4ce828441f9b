import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN } from '../../src/formats/lheo/lheo.writer.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';
import { formationLueFixture } from '../helpers/formations.ts';

// A gestionnaire's LHEO import whose record's numero matches a draft of another région was
// refused with « Formation fo_… introuvable. »: the draft's internal id, which he may not read,
// and a word (« introuvable ») that the numero belies. The refusal now follows the gestionnaires'
// rule for another région's offers (formation.service refusHorsPerimetre: it exists, and where —
// nothing else): no id, no title; the file, the line and the numero are named.

const t = useTestApi();
const ailleurs = gestionnaireDe('11');
const SECRET = 'Intitulé secret du brouillon';

const xml = (cle: string) =>
  LHEO_DEBUT +
  formationToLheo(formationLueFixture({ cle_externe: 'AUTRE-OK', intitule: 'Une autre' }), () => {}) +
  formationToLheo(formationLueFixture({ cle_externe: cle }), () => {}) +
  LHEO_FIN;

describe('an LHEO record matching a draft of another région, imported by a gestionnaire', () => {
  it('is refused without the draft’s id nor title, naming the file, the line and the numero', async () => {
    const brouillon = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: bearer(t.keys.writeA),
      payload: { ...formationFixture({ cle_externe: 'BR-AILLEURS' }), intitule: SECRET },
    });
    expect(brouillon.statusCode, brouillon.body).toBe(201);
    const id = brouillon.json().id as string;
    const fichier = xml('BR-AILLEURS');
    const ligne = fichier.split('\n').findIndex((l) => l.includes('numero="BR-AILLEURS"')) + 1;

    for (const dryRun of [true, false]) {
      const r = await importLheo(t.ctx, ailleurs, Readable.from([fichier]), {
        dryRun,
        fichier: '« offre.xml »',
        nomImport: 'offre.xml',
      });
      const texte = JSON.stringify(r);
      expect(texte).not.toContain(id);
      expect(texte).not.toContain('secret');
      expect(texte).not.toContain('introuvable');
      const refus = r.rejets.find((x) => x.numero === 'BR-AILLEURS');
      expect(refus, texte).toMatchObject({ code: 'ACCES_REFUSE', ligne });
      expect(refus!.message).toBe(
        `Formation n° 2 (ligne ${ligne}) du fichier « offre.xml » : La formation de numéro « BR-AILLEURS » relève de la région Auvergne-Rhône-Alpes, hors de votre périmètre (Île-de-France) : vous ne pouvez pas la mettre à jour.`,
      );
    }
    // The draft is as it was.
    const apres = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations/${id}`,
      headers: bearer(t.keys.writeA),
    });
    expect(apres.json().intitule).toBe(SECRET);
  });

  it('sent as the API’s body by a gestionnaire’s write: the same refusal, the body named', async () => {
    const r = await importLheo(t.ctx, ailleurs, Readable.from([xml('BR-AILLEURS')]), {
      dryRun: true,
      fichier: 'Le corps de la requête',
      trace: { origine: 'api', nom: 'corps de la requête' },
    });
    const refus = r.rejets.find((x) => x.numero === 'BR-AILLEURS')!;
    expect(refus.message).toMatch(
      /^Formation n° 2 \(ligne \d+\) du fichier LHEO envoyé dans le corps de la requête : La formation de numéro « BR-AILLEURS » relève de la région Auvergne-Rhône-Alpes, hors de votre périmètre \(Île-de-France\) : vous ne pouvez pas la mettre à jour\.$/,
    );
  });
});
