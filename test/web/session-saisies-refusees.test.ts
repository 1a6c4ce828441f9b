import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import type { Navigateur, TestWeb } from '../auth/web.helpers.ts';
import { texte } from '../auth/web.helpers.ts';
import {
  creerParFormulaire,
  espaceAvecReferentiels,
  ficheComplete,
  sessionForm,
  versionDe,
} from './espace.helpers.ts';

// The « Durée du cursus » of the formation form came back empty when refused (fixed on 07/12,
// saisie-finitions-0712-b.test.ts); the session form did the same with every value its reading
// refuses: « Capacité » (« -3 », « douze »), the dates, a meeting's date. Each now comes back as
// typed, under its error, on a new session's form and on an existing one's.

let t: TestWeb;
let org: Navigateur;
let id: string;

beforeAll(async () => {
  ({ t, nav: org } = await espaceAvecReferentiels('donnees@cfa-saisies.test', '10.73.0.1'));
  id = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Sessions refusées' }));
}, 120_000);
afterAll(() => t?.close());

/** The value the page's input `name` carries (undefined: no such input or no value). */
const valeur = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`)
    .exec(html)?.[0]
    .match(/value="([^"]*)"/)?.[1];

describe('a value the session form refuses', () => {
  it.each([
    ['capacite', '-3', 'Capacité : indiquez un nombre entier de 0 à 100 000'],
    ['capacite', 'douze', 'Capacité : indiquez un nombre entier de 0 à 100 000'],
    ['debut', '31/02/2027', 'Date de début : indiquez une date valide'],
    ['fin', 'bientôt', 'Date de fin : indiquez une date valide'],
    ['date_notification_marche', '2027-13-01', 'Date de notification du marché : indiquez une date valide'],
    ['reunions_information.0.date', 'mardi', 'Date de la réunion d’information : indiquez une date valide'],
    ['bilans.0.date', '00/00/0000', 'Date du bilan : indiquez une date valide'],
  ])(
    '« %s » = « %s » comes back as typed under its error on a new session’s form',
    async (champ, tape, message) => {
      const url = `/espace/formations/${id}/sessions/nouvelle`;
      await org.get(url);
      const r = await org.post(url, sessionForm({ [champ]: tape }));
      expect(r.statusCode).toBe(400);
      expect(texte(r.body)).toContain(message);
      expect(valeur(r.body, champ)).toBe(tape);
    },
  );

  it('comes back as typed on an existing session’s form, the other fields kept', async () => {
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    await org.get(url);
    const cree = await org.post(url, sessionForm({ capacite: '20', 'lieu.adresse': '2 rue de Rivoli' }));
    expect(cree.statusCode).toBe(303);
    const sid = /#session-(.+)$/.exec(String(cree.headers.location))?.[1];
    expect(sid).toBeTruthy();
    const page = await org.get(`/espace/formations/${id}/sessions/${sid}`);
    const r = await org.post(`/espace/formations/${id}/sessions/${sid}`, {
      ...sessionForm({ capacite: 'douze', 'lieu.adresse': '2 rue de Rivoli' }),
      version: versionDe(page.body),
    });
    expect(r.statusCode).toBe(400);
    expect(valeur(r.body, 'capacite')).toBe('douze');
    expect(valeur(r.body, 'lieu.adresse')).toBe('2 rue de Rivoli');
    // Nothing stored: the session keeps its capacity.
    const apres = await org.get(`/espace/formations/${id}/sessions/${sid}`);
    expect(valeur(apres.body, 'capacite')).toBe('20');
  });
});
