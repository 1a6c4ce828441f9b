import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, SIRET_A, useTestApi } from './helpers.ts';

// What a conventionné session's market must be on entry (docs/conventionne.md « Saisie »): a
// number of 8 characters (one letter then 7 digits) whoever the financeur, entered normalised
// (« m 1451401 » → M1451401), and a notification day that is not after today (Paris).

// 07/12/2026 at 00:30 in Paris is still 06/12 in UTC: today is the Paris day.
const t = useTestApi({ now: () => new Date('2026-12-06T23:30:00Z') });

const contact = { nom: 'Mme Roux', telephone: '0473000000' };
const action = (session: Record<string, unknown>, cle = 'CONV-SAISIE') => ({
  ...formationFixture({
    cle_externe: cle,
    certification: {},
    responsable: { siret: SIRET_A },
    formateur: { siret: SIRET_A },
  }),
  // As sent, not through the fixture's own parse (which would refuse what the API must refuse).
  sessions: [
    {
      cle_externe: 'S1',
      debut: '2027-01-04',
      fin: '2027-06-30',
      contact,
      lieu: { code_postal: '63000', commune: 'Clermont-Ferrand' },
      ...session,
    },
  ],
});
const post = (payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/formations', headers: bearer(t.keys.writeA), payload });

describe('the market number of a session, on entry through the API', () => {
  it.each([
    ['agefiph', 'A27000019'],
    ['france_travail', 'F123'],
    ['region', '14514010'],
  ])('refuses a %s session numbered « %s » naming the field', async (financeur, numero) => {
    const res = await post(action({ financeur, numero_marche: numero }));
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('REQUETE_INVALIDE');
    expect(body.champ).toBe('sessions.0.numero_marche');
    expect(body.erreurs).toEqual([
      expect.objectContaining({ champ: 'sessions.0.numero_marche', code: 'CHAMP_FORMAT_INVALIDE' }),
    ]);
    expect(body.detail).toContain('8 caractères attendus : une lettre puis 7 chiffres');
  });

  it('stores « m 1451401 » as M1451401, which CONV_MARCHE then accepts', async () => {
    const res = await post(action({ financeur: 'region', numero_marche: ' m 145 1401 ' }, 'CONV-NORM'));
    expect(res.statusCode).toBe(201);
    const f = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/formations/${res.json().id}`,
        headers: bearer(t.keys.writeA),
      })
    ).json();
    expect(f.sessions[0].numero_marche).toBe('M1451401');
    expect(f.conformite.echecs.map((e: { code: string }) => e.code)).not.toContain('CONV_MARCHE');
  });

  it('refuses the same number through POST /formations/{id}/sessions', async () => {
    const { id } = (await post(action({}, 'CONV-SESS'))).json();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/sessions`,
      headers: bearer(t.keys.writeA),
      payload: { cle_externe: 'S2', financeur: 'agefiph', numero_marche: 'A27000019' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().champ).toBe('numero_marche');
  });
});

describe('the market notification day, on entry through the API', () => {
  it('refuses a day after today (Paris), naming the field, nothing stored', async () => {
    const res = await post(
      action(
        { financeur: 'region', numero_marche: 'M1451401', date_notification_marche: '2026-12-08' },
        'CONV-FUT',
      ),
    );
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('REQUETE_INVALIDE');
    expect(body.champ).toBe('sessions.0.date_notification_marche');
    expect(body.detail).toBe(
      'Date de notification du marché de la session 1 : le 8 décembre 2026 est après aujourd’hui (7 décembre 2026) : indiquez la date à laquelle le marché a été notifié.',
    );
    const liste = await t.app.inject({
      method: 'GET',
      url: `/api/v1/formations?siret=${SIRET_A}&limit=100`,
      headers: bearer(t.keys.writeA),
    });
    expect(liste.statusCode).toBe(200);
    expect(JSON.stringify(liste.json())).toContain('CONV-NORM');
    expect(JSON.stringify(liste.json())).not.toContain('CONV-FUT');
  });

  it('accepts today (Paris) itself', async () => {
    const res = await post(
      action(
        { financeur: 'region', numero_marche: 'M1451401', date_notification_marche: '2026-12-07' },
        'CONV-AUJ',
      ),
    );
    expect(res.statusCode).toBe(201);
  });

  it('refuses it through POST /formations/{id}/sessions too', async () => {
    const { id } = (await post(action({}, 'CONV-SESS2'))).json();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/sessions`,
      headers: bearer(t.keys.writeA),
      payload: { cle_externe: 'S2', financeur: 'france_travail', date_notification_marche: '2027-06-01' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().champ).toBe('date_notification_marche');
    expect(res.json().detail).toBe(
      'Date de notification du marché : le 1er juin 2027 est après aujourd’hui (7 décembre 2026) : indiquez la date à laquelle le marché a été notifié.',
    );
  });
});
