import { describe, expect, it } from 'vitest';
import { bearer, formationFixture, SIRET_A, SIRET_B, useTestApi } from './helpers.ts';

// A fresh user's report on the API's inputs: an empty JSON body on an action without body, the
// LHEO export's siret filter, a SIRET with a wrong Luhn key in a write body (stored, flagged).

const t = useTestApi();

const JSON_VIDE = { 'content-type': 'application/json' };

async function creer(key: string, over: Parameters<typeof formationFixture>[0] = {}) {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/formations',
    headers: bearer(key),
    payload: formationFixture(over),
  });
  expect(r.statusCode, r.body.slice(0, 300)).toBeLessThan(300);
  return r.json().id as string;
}

describe('an empty body with Content-Type: application/json', () => {
  it('is no body on an action that takes none (publier, archiver, valider)', async () => {
    const id = await creer(t.keys.writeA, { cle_externe: 'VIDE-1' });
    for (const [etape, key, statut] of [
      ['publier', t.keys.writeA, 'en_attente_validation'],
      ['valider', t.keys.admin, 'publiee'],
      ['archiver', t.keys.writeA, 'archivee'],
    ] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: `/api/v1/formations/${id}/${etape}`,
        headers: { ...bearer(key), ...JSON_VIDE },
        payload: '',
      });
      expect(r.statusCode, `${etape} : ${r.body.slice(0, 300)}`).toBe(200);
      expect(r.json().statut).toBe(statut);
    }
  });

  it('is still refused, in French, by a route that needs a body', async () => {
    const id = await creer(t.keys.writeA, { cle_externe: 'VIDE-2' });
    const retour = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/retourner`,
      headers: { ...bearer(t.keys.admin), ...JSON_VIDE },
      payload: '',
    });
    expect(retour.statusCode).toBe(400);
    expect(retour.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(retour.json()).toMatchObject({ code: 'REQUETE_INVALIDE', erreurs: [{ champ: 'body' }] });
    expect(retour.json().detail).toMatch(/corps/i);
    const creation = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      headers: { ...bearer(t.keys.writeA), ...JSON_VIDE },
      payload: '',
    });
    expect(creation.statusCode).toBe(400);
    expect(creation.json()).toMatchObject({ code: 'REQUETE_INVALIDE', erreurs: [{ champ: 'body' }] });
    // Not JSON at all is still JSON_INVALIDE for a route that reads its body…
    const casse = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/retourner`,
      headers: { ...bearer(t.keys.admin), ...JSON_VIDE },
      payload: '{',
    });
    expect(casse.statusCode).toBe(400);
    expect(casse.json().code).toBe('JSON_INVALIDE');
    // …while a route without a body does not read it (review 05/12, docs/api.md: « quel qu’en
    // soit le type »): it answers as without a body.
    const ignore = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/publier`,
      headers: { ...bearer(t.keys.writeA), ...JSON_VIDE },
      payload: '{',
    });
    expect(ignore.statusCode, ignore.body).toBe(200);
  });
});

describe('GET /exports/lheo?siret=', () => {
  it('keeps the formations where the SIRET is responsable, formateur or mandataire', async () => {
    await creer(t.keys.writeA, { cle_externe: 'LHEO-A', intitule: 'Formation exportée de A' });
    await creer(t.keys.writeB, {
      cle_externe: 'LHEO-B',
      siret: SIRET_B,
      intitule: 'Formation exportée de B',
    });
    const exporter = (q: string, key = t.keys.admin) =>
      t.app.inject({ method: 'GET', url: `/api/v1/exports/lheo${q}`, headers: bearer(key) });
    const tout = await exporter('');
    expect(tout.body).toContain('Formation exportée de A');
    expect(tout.body).toContain('Formation exportée de B');
    const deA = await exporter(`?siret=${SIRET_A}`);
    expect(deA.statusCode).toBe(200);
    expect(deA.body).toContain('Formation exportée de A');
    expect(deA.body).not.toContain('Formation exportée de B');
    // An organisation's key: its own offer (drafts included), filtered the same way.
    const siens = await exporter(`?siret=${SIRET_B}`, t.keys.writeB);
    expect(siens.body).toContain('Formation exportée de B');
    expect(siens.body).not.toContain('Formation exportée de A');
    const malForme = await exporter('?siret=1234');
    expect(malForme.statusCode).toBe(400);
    expect(malForme.json()).toMatchObject({
      code: 'SIRET_INVALIDE',
      erreurs: [{ champ: 'siret', code: 'SIRET_INVALIDE' }],
    });
    const personne = await exporter('?siret=13002526500021');
    expect(personne.statusCode).toBe(404);
    expect(personne.json().code).toBe('AUCUNE_FORMATION');
  });
});

describe('a SIRET that is not one (RULES.md, ORG_SIRET_FORMAT: stored and flagged, not refused)', () => {
  it('with a wrong Luhn key is accepted, and the conformity rule ORG_SIRET_FORMAT says so', async () => {
    const id = await creer(t.keys.writeA, {
      cle_externe: 'LUHN',
      formateur: { siret: '13002526500014' },
    });
    const f = await t.app.inject({ url: `/api/v1/formations/${id}`, headers: bearer(t.keys.writeA) });
    expect(f.json().conformite.echecs.map((e: { code: string }) => e.code)).toContain('ORG_SIRET_FORMAT');
    // Spaces and placeholders are not malformed: « 130 025 265 00013 » is that SIRET, « - » is unknown.
    await creer(t.keys.writeA, {
      cle_externe: 'ESPACES',
      responsable: { siret: '130 025 265 00013' },
      formateur: { siret: '-' },
    });
  });
});
