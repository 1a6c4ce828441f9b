import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  champsDeLaPage,
  creerParFormulaire,
  ficheComplete,
  liensDuResume,
  loadReferentiels,
  sessionForm,
} from './espace.helpers.ts';

// A Carif-Oref officer's report (07/12): the session form took an Agefiph market « A27000019 »
// (9 characters) and a market notified next June. Both are now refused on the field, linked from
// the summary; « m 1451401 » is entered as M1451401 (docs/conventionne.md « Saisie »).

let t: TestWeb;
let nav: Navigateur;

beforeAll(async () => {
  // 07/12/2026 at 00:30 in Paris (still 06/12 in UTC): today is the Paris day.
  t = await testWeb({ smtp: false, now: () => new Date('2026-12-06T23:30:00Z') });
  await loadReferentiels(t.ctx);
  nav = await connecte(
    t,
    { email: 'cfa@marche.test', role: 'organisme', siren: SIRET_A.slice(0, 9) },
    '10.24.0.1',
  );
});
afterAll(() => t.close());

const conventionnee = (over: Record<string, string>) =>
  sessionForm({
    financeur: 'agefiph',
    'contact.nom': 'Mme Roux',
    'contact.telephone': '0473000000',
    ...over,
  });

describe('the market of a session on the session form', () => {
  it('refuses a 9-character number and a notification after today, each on its field', async () => {
    const id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'Marché mal formé' }));
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    const page = (await nav.get(url)).body;
    // The format is said before anything is typed (a fresh user typed « PRF2027-LOT12 », 07/12).
    expect(texte(page)).toContain(
      'Numéro de marché (facultatif) Donné par le financeur : une lettre puis 7 chiffres, par exemple M1451401.',
    );
    const r = await nav.post(
      url,
      conventionnee({ numero_marche: 'A27000019', date_notification_marche: '2026-12-08' }),
    );
    expect(r.statusCode).toBe(400);
    expect(liensDuResume(r.body)).toEqual(
      champsDeLaPage(page, ['numero_marche', 'date_notification_marche']),
    );
    expect(liensDuResume(r.body)).toHaveLength(2);
    const dit = texte(r.body);
    expect(dit).toContain(
      'Numéro de marché : 8 caractères attendus : une lettre puis 7 chiffres, par exemple M1451401.',
    );
    expect(dit).toContain(
      'Date de notification du marché : le 8 décembre 2026 est après aujourd’hui (7 décembre 2026) : indiquez la date à laquelle le marché a été notifié.',
    );
    const sessions = await t.ctx.db
      .selectFrom('session')
      .select('id')
      .where('formation_id', '=', id)
      .execute();
    expect(sessions).toEqual([]);
  });

  it('enters « m 145 1401 » as M1451401, notified today', async () => {
    const id = await creerParFormulaire(nav, ficheComplete(SIRET_A, { intitule: 'Marché en minuscules' }));
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    await nav.get(url);
    const r = await nav.post(
      url,
      conventionnee({ numero_marche: ' m 145 1401', date_notification_marche: '2026-12-07' }),
    );
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    const s = await t.ctx.db
      .selectFrom('session')
      .select(['numero_marche', 'date_notification_marche'])
      .where('formation_id', '=', id)
      .execute();
    expect(s.map((x) => x.numero_marche)).toEqual(['M1451401']);
  });
});
