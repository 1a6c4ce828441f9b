import { afterAll, beforeAll, expect, it, vi } from 'vitest';

// A sign-up hashes the password (argon2id, the costly part of its answer) on every path — a new
// structure, one that has an account, a pending one, an address that has an account — so that no
// answer comes sooner for being about something that exists (docs/comptes.md « Même travail »).
// The hash function is counted; no timing is asserted.

const hachages = vi.hoisted(() => ({ n: 0 }));
vi.mock('../../src/services/comptes/mot-de-passe.ts', async (importOriginal) => {
  const actuel = await importOriginal<typeof import('../../src/services/comptes/mot-de-passe.ts')>();
  return {
    ...actuel,
    hashPassword: (...a: Parameters<typeof actuel.hashPassword>) => {
      hachages.n++;
      return actuel.hashPassword(...a);
    },
  };
});

type Helpers = typeof import('./web.helpers.ts');
let h: Helpers;
let t: Awaited<ReturnType<Helpers['testWeb']>>;
beforeAll(async () => {
  // Test files share loaded modules (vitest.config.ts, isolate: false): the application is loaded
  // afresh here so that it imports the counted hash.
  vi.resetModules();
  h = await import('./web.helpers.ts');
  t = await h.testWeb({ smtp: false });
});
afterAll(() => t.close());

it('hashes the password once on every sign-up path, whether or not an account is created', async () => {
  await h.compte(t, { email: 'membre@cfa-hache.test', role: 'organisme', siren: '418270187' });
  let ip = 0;
  const inscrire = async (siren: string, email: string) => {
    const nav = new h.Navigateur(t.app, `10.73.0.${++ip}`);
    await nav.get('/inscription');
    const avant = hachages.n;
    const r = await nav.post('/inscription', {
      siren,
      raison_sociale: 'CFA Haché',
      region: '84',
      sirets: '',
      nom: 'Nom Saisi',
      email,
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longue',
    });
    expect(r.statusCode).toBe(200);
    return hachages.n - avant;
  };
  expect({
    nouvelle: await inscrire('418270195', 'nouvelle@cfa-hache.test'),
    enAttente: await inscrire('418270195', 'rival@cfa-hache.test'),
    avecCompte: await inscrire('418270187', 'rejoindre@cfa-hache.test'),
    adresseConnue: await inscrire('418270203', 'membre@cfa-hache.test'),
  }).toEqual({ nouvelle: 1, enAttente: 1, avecCompte: 1, adresseConnue: 1 });
});
