import { describe, expect, it } from 'vitest';
import { lireDiplomes } from './diplomes-synonymes.ts';

describe('lireDiplomes', () => {
  it('takes a diploma out of the words, the longest form first', () => {
    expect(lireDiplomes('brevet pro coiffure')).toEqual({
      diplomes: [{ tape: 'brevet pro', formes: ['bp', 'brevet professionnel', 'brevet pro'] }],
      reste: 'coiffure',
    });
    expect(lireDiplomes('bts agricole agronomie').diplomes[0]!.formes[0]).toBe('btsa');
    expect(lireDiplomes('bts agronomie').diplomes[0]!.formes[0]).toBe('bts');
    expect(lireDiplomes('cap agricole').diplomes[0]!.formes[0]).toBe('capa');
  });

  it('skips stop words inside a long name, reads dotted abbreviations whole', () => {
    const r = lireDiplomes('brevet de technicien superieur agricole');
    expect([r.diplomes[0]!.tape, r.diplomes[0]!.formes[0], r.reste]).toEqual([
      'brevet de technicien superieur agricole',
      'btsa',
      '',
    ]);
    expect(lireDiplomes('c.a.p. boulanger').diplomes[0]!.formes[0]).toBe('cap');
    expect(lireDiplomes('certificat d aptitude professionnelle').diplomes[0]!.formes[0]).toBe('cap');
  });

  it('searches the BUT for a DUT (now awarded within it), not the other way', () => {
    expect(lireDiplomes('dut gea').diplomes[0]!.formes).toContain('but');
    expect(lireDiplomes('but gea').diplomes[0]!.formes).not.toContain('dut');
  });

  it('leaves other words alone', () => {
    expect(lireDiplomes('boulanger de quartier')).toEqual({ diplomes: [], reste: 'boulanger de quartier' });
    expect(lireDiplomes('brevet')).toEqual({ diplomes: [], reste: 'brevet' });
  });
});
