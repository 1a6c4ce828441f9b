import { beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, type Auth, type RouteDef, routes } from '../../src/contract/index.ts';
import { PROFILS_PARTENAIRE } from '../../src/domain/partenaires.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from './helpers.ts';

// The contract's `auth` level of every route against what the server really does: each route is
// called anonymously and with each kind of key, and a 401/403 must come exactly where the declared
// level says so. The expectations are written here, by hand, from the levels' definitions
// (src/contract/route.ts), not from the server's gate.

const t = useTestApi();

type Appelant = 'anonyme' | 'lecture' | 'partenaire' | 'ecriture' | 'admin';
const APPELANTS: readonly Appelant[] = ['anonyme', 'lecture', 'partenaire', 'ecriture', 'admin'];

/** The status class each caller must get for each level: 401, 403, or "let through" (neither). */
const ATTENDU: Record<Auth, Record<Appelant, 401 | 403 | 'passe'>> = {
  public: { anonyme: 'passe', lecture: 'passe', partenaire: 'passe', ecriture: 'passe', admin: 'passe' },
  read: { anonyme: 401, lecture: 'passe', partenaire: 'passe', ecriture: 'passe', admin: 'passe' },
  write: { anonyme: 401, lecture: 403, partenaire: 403, ecriture: 'passe', admin: 'passe' },
  partenaire: { anonyme: 401, lecture: 403, partenaire: 'passe', ecriture: 403, admin: 'passe' },
  validateur: { anonyme: 401, lecture: 403, partenaire: 403, ecriture: 403, admin: 'passe' },
  instructeur: { anonyme: 401, lecture: 403, partenaire: 403, ecriture: 403, admin: 'passe' },
  admin: { anonyme: 401, lecture: 403, partenaire: 403, ecriture: 403, admin: 'passe' },
};

let formationId = '';
let clePartenaire = '';
beforeAll(async () => {
  clePartenaire = (
    await createApiKey(t.ctx, {
      name: 'niveaux-partenaire',
      scope: 'read',
      profils: [PROFILS_PARTENAIRE[0]!.code],
    })
  ).key;
  const r = await t.app.inject({
    method: 'POST',
    url: `${API_PREFIX}/formations`,
    headers: bearer(t.keys.writeA),
    payload: formationFixture({ cle_externe: 'NIVEAUX-1' }),
  });
  expect(r.statusCode).toBe(201);
  formationId = r.json().id;
});

/** The route's address with its path parameters filled: the test formation, SIREN/SIRET A. */
function adresse(r: RouteDef): string {
  const valeurs: Record<string, string> = {
    id: r.url.startsWith('/formations/') ? formationId : '1',
    plateforme: 'parcoursup',
    annee: '2027',
    siren: SIREN_A,
    siret: SIRET_A,
  };
  return API_PREFIX + r.url.replace(/:(\w+)/g, (_, nom: string) => valeurs[nom] ?? 'x');
}

describe('every route’s declared access level is what the server enforces', () => {
  it('answers 401 / 403 exactly where the contract’s auth says so, for each kind of caller', async () => {
    const cles: Record<Appelant, string | null> = {
      anonyme: null,
      lecture: t.keys.read,
      partenaire: clePartenaire,
      ecriture: t.keys.writeA,
      admin: t.keys.admin,
    };
    const ecarts: string[] = [];
    for (const r of routes) {
      for (const a of APPELANTS) {
        const cle = cles[a];
        const json = r.body !== undefined && !r.consumes;
        const res = await t.app.inject({
          method: r.method,
          url: adresse(r),
          headers: cle ? bearer(cle) : {},
          ...(json ? { payload: (r.example ?? {}) as object } : {}),
        });
        const attendu = ATTENDU[r.auth][a];
        const obtenu = res.statusCode;
        const ok = attendu === 'passe' ? obtenu !== 401 && obtenu !== 403 : obtenu === attendu;
        if (!ok) ecarts.push(`${r.method} ${r.url} (${r.auth}) par ${a} : ${obtenu}, attendu ${attendu}`);
      }
    }
    expect(ecarts).toEqual([]);
  });
});
