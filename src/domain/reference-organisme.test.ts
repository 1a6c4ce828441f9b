import { describe, expect, it } from 'vitest';
import { PREFIXE_CLE_CLASSEUR, referenceOrganisme } from './reference-organisme.ts';

describe('the reference an organisme knows', () => {
  it('is its external key; none for no key or the key made for a workbook’s new row', () => {
    expect(referenceOrganisme('CFA-42')).toBe('CFA-42');
    expect(referenceOrganisme(null)).toBeNull();
    expect(referenceOrganisme('')).toBeNull();
    expect(referenceOrganisme(`${PREFIXE_CLE_CLASSEUR}a2627f403ec4c80863ea`)).toBeNull();
  });
});
