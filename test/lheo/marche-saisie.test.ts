import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { type TestApi, testApi } from '../api/helpers.ts';

// A Carif-Oref officer's report (07/12): an LHEO file carrying an Agefiph market « A27000019 » (9
// characters) or a market notified next June was imported as it was. Each is now a field error of
// its record, named with the line of its session, as the reader reports the other field errors; a
// number typed « m 145 1401 » is stored M1451401.

const systeme = SYSTEME('test-lheo');
let t: TestApi;
beforeAll(async () => {
  // 07/12/2026 at 00:30 in Paris (still 06/12 in UTC): today is the Paris day.
  t = await testApi({ now: () => new Date('2026-12-06T23:30:00Z') });
});
afterAll(async () => t?.close());

const formation = (numero: string, extras: string) => `    <formation numero="${numero}">
      <intitule-formation>Remise à niveau ${numero}</intitule-formation>
      <action>
        <lieu-de-formation>
          <coordonnees><adresse><ligne>2 rue Bois</ligne><codepostal>63000</codepostal><ville>Clermont-Ferrand</ville></adresse></coordonnees>
        </lieu-de-formation>
        <session numero="S1"><periode><debut>20270104</debut><fin>20270630</fin></periode>
          <extras info="offre"><extra info="financeur">agefiph</extra>${extras}</extras>
        </session>
      </action>
      <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation><raison-sociale>GRETA</raison-sociale></organisme-formation-responsable>
    </formation>
`;
const fichier = `<?xml version="1.0" encoding="UTF-8"?>
<lheo xmlns="http://lheo.gouv.fr/2.3">
  <offres>
${formation('NEUF', '<extra info="numero-marche">A27000019</extra>')}${formation('FUTUR', '<extra info="numero-marche">A2700001</extra><extra info="date-notification-marche">2027-06-01</extra>')}${formation('BAS', '<extra info="numero-marche">m 145 1401</extra><extra info="date-notification-marche">2026-12-07</extra>')}  </offres>
</lheo>
`;

describe('the market of a session in an LHEO file', () => {
  it('refuses a malformed number and a future notification, naming line and field', async () => {
    const r = await importLheo(t.ctx, systeme, Readable.from([Buffer.from(fichier)]), {
      fichier: 'marches.xml',
    });
    expect(r.formations).toMatchObject({ creees: 1, rejetees: 2 });
    expect(r.rejets.map((x) => [x.numero, x.ligne, x.code, x.message])).toEqual([
      [
        'NEUF',
        4,
        'LHEO_CHAMP_INVALIDE',
        'Formation n° 1 (ligne 4) : Numéro de marché de la session 1 (champ sessions.0.numero_marche) : 8 caractères attendus : une lettre puis 7 chiffres, par exemple M1451401.',
      ],
      [
        'FUTUR',
        22,
        'LHEO_CHAMP_INVALIDE',
        'Formation n° 2 (ligne 22) : Date de notification du marché de la session 1 (champ sessions.0.date_notification_marche) : le 1er juin 2027 est après aujourd’hui (7 décembre 2026) : indiquez la date à laquelle le marché a été notifié.',
      ],
    ]);
    const s = await t.ctx.db.selectFrom('session').select('numero_marche').execute();
    expect(s.map((x) => x.numero_marche)).toEqual(['M1451401']);
  });
});
