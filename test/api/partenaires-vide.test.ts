import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { profilPartenaire } from '../../src/domain/partenaires.ts';
import {
  listFichierVues,
  produceFichier,
  writeFichierPartenaire,
} from '../../src/services/partenaires.service.ts';
import { useTestApi } from './helpers.ts';

// LHEO 2.3 requires at least one <formation> in <offres> (lheo-2.3.xsd, offres-subtype): a partner
// profile in LHEO with nothing to diffuse writes no file rather than one partners would reject;
// CSV and XLSX profiles write their header.

const t = useTestApi();

const collecte = () => {
  const morceaux: Buffer[] = [];
  const out = new Writable({
    write(c: Buffer, _e, cb) {
      morceaux.push(Buffer.from(c));
      cb();
    },
  });
  return { out, texte: () => Buffer.concat(morceaux).toString('utf8') };
};

describe('partner files of an empty offer', () => {
  it('the LHEO profile is refused before a byte is written, nothing stored', async () => {
    const { out, texte } = collecte();
    await expect(
      writeFichierPartenaire(t.ctx.db, profilPartenaire('france-travail')!, out),
    ).rejects.toMatchObject({
      code: 'AUCUNE_FORMATION',
      status: 404,
    });
    expect(texte()).toBe('');
    await expect(produceFichier(t.ctx, 'france-travail')).rejects.toMatchObject({ code: 'AUCUNE_FORMATION' });
    expect(await listFichierVues(t.ctx.db, SYSTEME('test'), 'france-travail')).toEqual([]);
  });

  it('the CSV profile writes its header and counts nothing', async () => {
    const { out, texte } = collecte();
    const n = await writeFichierPartenaire(t.ctx.db, profilPartenaire('missions-locales')!, out);
    expect(n).toEqual({ formations: 0, sessions: 0 });
    expect(texte().split('\r\n')[0]).toContain(';reunions_information;bilans;');
  });
});
