import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { XSD_PATH } from './lheo.validator.ts';

// The project vendors the official schema (a specification, not a data extract): it must stay the official one.
const official = new URL('../../../../shared/reference/lheo/lheo-2.3.xsd', import.meta.url);

describe('vendored LHEO 2.3 XSD', () => {
  it.skipIf(!existsSync(official))(
    'is byte-identical to shared/reference/lheo/lheo-2.3.xsd (skipped: shared/reference absent)',
    () => {
      expect(readFileSync(XSD_PATH).equals(readFileSync(official))).toBe(true);
    },
  );
});
