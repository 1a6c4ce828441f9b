import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connecte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';

// The pages' refusals go through the one error handler (src/http/errors.handler.ts): the public
// formation and organisme pages and the gestionnaire's pages throw their OffreError, and the handler
// renders the French page with its status, code and title, never kept by a cache (no-store).

let t: TestWeb;
let anonyme: Navigateur;
let gestionnaire: Navigateur;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  anonyme = new Navigateur(t.app, '10.9.1.1');
  gestionnaire = await connecte(
    t,
    { email: 'refus-gestion@region.test', role: 'gestionnaire', region: '84' },
    '10.9.1.3',
  );
});
afterAll(() => t?.close());

const REFUS: readonly {
  url: string;
  qui: () => Navigateur;
  status: number;
  code: string;
  titre: string;
  message: string;
}[] = [
  {
    url: '/formations/fo_inconnue',
    qui: () => anonyme,
    status: 404,
    code: 'INTROUVABLE',
    titre: 'Formation introuvable',
    message: 'Aucune formation diffusée n’a cette adresse',
  },
  // A fresh user's report (03/12): an address no gestion page serves said « … la formation n'est
  // plus diffusée »; the page of an unknown address is neutral.
  ...['/gestion/campagnes/1800', '/gestion/inscriptions/zz', '/gestion/structures/000000000'].map((url) => ({
    url,
    qui: () => gestionnaire,
    status: 404,
    code: 'INTROUVABLE',
    titre: 'Page introuvable',
    message: 'Cette page n’existe pas ou plus.',
  })),
  {
    url: '/organismes/123',
    qui: () => anonyme,
    status: 400,
    code: 'SIRET_INVALIDE',
    titre: 'SIRET invalide',
    message: '« 123 » n’est pas un SIRET',
  },
  {
    url: '/organismes/99999999999999',
    qui: () => anonyme,
    status: 404,
    code: 'INTROUVABLE',
    titre: 'Organisme introuvable',
    message: 'Aucun organisme n’est connu ni diffusé sous le SIRET 999 999 999 99999',
  },
  // `/espace?page=<bad>` is no longer refused: it shows the first page with a notice
  // (test/web/espace-liste-lisible.test.ts).
];

describe('a refused page', () => {
  for (const r of REFUS)
    it(`${r.url}: ${r.status} ${r.code} « ${r.titre} », not stored by any cache`, async () => {
      const res = await r.qui().get(r.url);
      expect(res.statusCode).toBe(r.status);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toContain(`<title>${r.titre} – Offre</title>`);
      expect(res.body).toContain(`<h1>${r.titre}</h1>`);
      expect(res.body).toContain(`<code>${r.code}</code>`);
      expect(res.body.replace(/&#x27;|&#39;/g, "'")).toContain(r.message);
      expect(res.body).not.toContain('formation n’est plus diffusée');
    });
});
