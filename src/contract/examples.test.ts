import { describe, expect, it } from 'vitest';
import { CERTIFICATIONS } from '../demo/certifications.data.ts';
import { EXEMPLE_FORMATION, EXEMPLE_LHEO } from './examples.ts';

// docs/api.md runs the OpenAPI example against the demo (`npm start`): it is « publiable telle
// quelle » only if its certification is one the demo's reference data knows. It named RNCP38368,
// which is not BTS MCO's code (RNCP34031, as the demo and the real kit apprentissage say): CERT_INCONNUE, bloquant.
describe('the OpenAPI examples name a certification the demo knows', () => {
  const btsMco = CERTIFICATIONS.find((c) => c.cfd === EXEMPLE_FORMATION.certification.cfd);

  it('the formation example: the demo’s RNCP code for its CFD', () => {
    expect(btsMco?.rncp).toBe('RNCP34031');
    expect(EXEMPLE_FORMATION.certification.rncp).toBe(btsMco?.rncp);
  });

  it('the LHEO example: the same RNCP fiche', () => {
    expect(EXEMPLE_LHEO).toContain(`<code-RNCP>${btsMco?.rncp?.replace('RNCP', '')}</code-RNCP>`);
  });
});
