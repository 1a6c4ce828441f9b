import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { diffusee } from '../helpers/revision.ts';

// A fresh CFA user's finding (07/12/2026): a place at « BP 1234 », 53013, Laval, Cedex « LAVAL
// CEDEX » read « BP 1234 53013 Laval LAVAL CEDEX » in the space (the cedex after the commune) and
// « BP 1234 53013 Laval » on the public page (no cedex). Now one function writes it everywhere,
// La Poste's way: the CEDEX line replaces « code postal + commune » (domain/adresse-lieu.ts).

let t: TestWeb;
let org: Navigateur;
let public_: Navigateur;
let id: string;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(
    t,
    { email: 'cfa@adresse-cedex.test', role: 'organisme', siren: SIREN_A },
    '10.73.0.1',
  );
  public_ = new Navigateur(t.app, '10.73.0.2');
  const fixture = formationFixture({ cle_externe: 'ADRESSE-CEDEX', intitule: 'BTS Adresse à un cedex' });
  id = await diffusee(
    t.ctx,
    {
      ...fixture,
      sessions: [
        {
          ...fixture.sessions[0]!,
          lieu: {
            adresse: 'BP 1234',
            code_postal: '53013',
            commune: 'Laval',
            cedex: 'LAVAL CEDEX',
            code_insee: '53130',
          },
        },
      ],
    },
    '52',
  );
});
afterAll(() => t?.close());

describe('a place with a cedex reads one way everywhere', () => {
  it('the space’s formation page: « BP 1234 53013 LAVAL CEDEX », the cedex once', async () => {
    const page = texte((await org.get(`/espace/formations/${id}`)).body);
    expect(page).toContain('BP 1234 53013 LAVAL CEDEX');
    expect(page).not.toContain('Laval LAVAL CEDEX');
  });

  it('the public page shows the CEDEX line too', async () => {
    const r = await public_.get(`/formations/${id}`);
    expect(r.statusCode).toBe(200);
    const page = texte(r.body);
    expect(page).toContain('53013 LAVAL CEDEX');
    expect(page).not.toContain('53013 Laval');
  });
});
