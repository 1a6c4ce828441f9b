import { describe, expect, it } from 'vitest';
import { apparierCertification } from './certification-paire.ts';

const LIENS = [
  { cfd: '50022137', rncp: 'RNCP37553' },
  { cfd: '50022136', rncp: 'RNCP35316' },
  { cfd: '50022141', rncp: 'RNCP35316' },
];

describe('apparierCertification', () => {
  it('takes the other code from the single link, never the previous certification’s', () => {
    expect(
      apparierCertification({ type: 'rncp', code: 'RNCP37553' }, { rncp: 'RNCP1', cfd: '40025214' }, LIENS),
    ).toEqual({ certification: { rncp: 'RNCP37553', cfd: '50022137' }, appariement: 'cfd_repris' });
    expect(
      apparierCertification({ type: 'cfd', code: '50022137' }, { rncp: null, cfd: null }, LIENS),
    ).toEqual({ certification: { rncp: 'RNCP37553', cfd: '50022137' }, appariement: 'rncp_repris' });
  });

  it('clears it when there is no link or several, saying so only when there was one', () => {
    expect(
      apparierCertification({ type: 'rncp', code: 'RNCP35316' }, { rncp: 'RNCP1', cfd: '40025214' }, LIENS),
    ).toEqual({ certification: { rncp: 'RNCP35316', cfd: null }, appariement: 'cfd_retire' });
    expect(apparierCertification({ type: 'rs', code: 'RS5841' }, { rncp: null, cfd: null }, LIENS)).toEqual({
      certification: { rncp: 'RS5841', cfd: null },
      appariement: null,
    });
  });

  it('keeps the pair as it is when the same code is chosen again', () => {
    const p = { rncp: 'RNCP35316', cfd: '50022141' };
    expect(apparierCertification({ type: 'rncp', code: 'RNCP35316' }, p, LIENS)).toEqual({
      certification: p,
      appariement: null,
    });
  });
});
