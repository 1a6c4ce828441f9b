import { describe, expect, it } from 'vitest';
import { formationLueFixture } from '../../../test/helpers/formations.ts';
import { readLheo } from './lheo.reader.ts';
import { messageVersionAncienne, versionExport } from './lheo.version.ts';
import { formationToLheo, LHEO_DEBUT, LHEO_FIN } from './lheo.writer.ts';

const V = {
  formation: 'fo_1',
  version: '0123456789abcdef0123456789abcdef',
  exporteLe: '2026-12-07T09:30:00.000Z',
};

async function lire(xml: string) {
  const out = [];
  for await (const r of readLheo([Buffer.from(xml)], 'f.xml', '2026-12-07')) out.push(r);
  return out;
}

describe('the version of Offre’s own export (extras formation, version, exporte-le)', () => {
  it('is written only when given, and read back as written', async () => {
    const sans = formationToLheo(formationLueFixture(), () => {});
    expect(sans).not.toContain('info="version"');
    const avec = formationToLheo(formationLueFixture(), () => {}, V);
    const [r] = await lire(LHEO_DEBUT + avec + LHEO_FIN);
    expect(r!.version).toEqual(V);
    const [s] = await lire(LHEO_DEBUT + sans + LHEO_FIN);
    expect(s!.version).toBeUndefined();
  });

  it('needs both the id and the version; an unreadable date is none', () => {
    expect(versionExport(new Map([['version', 'abc']]))).toBeUndefined();
    expect(versionExport(new Map([['formation', 'fo_1']]))).toBeUndefined();
    expect(
      versionExport(
        new Map([
          ['formation', 'fo_1'],
          ['version', 'abc'],
          ['exporte-le', 'hier'],
        ]),
      ),
    ).toEqual({ formation: 'fo_1', version: 'abc', exporteLe: null });
  });

  it('the refusal names the record, the export, and what to do, in the preview’s tense too', () => {
    const o = { index: 2, ligne: 40, numero: 'F-1', exporte: '7 décembre 2026 à 10:30', par: '' };
    expect(messageVersionAncienne({ ...o, apercu: false })).toContain(
      'Formation n° 2 (ligne 40) : la formation « F-1 » a été modifiée dans Offre depuis l’export de ce fichier le 7 décembre 2026 à 10:30 : elle n’a pas été mise à jour par ce fichier',
    );
    expect(messageVersionAncienne({ ...o, exporte: null, apercu: true })).toContain(
      'depuis l’export de ce fichier : elle ne sera pas mise à jour',
    );
  });
});
