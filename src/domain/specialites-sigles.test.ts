import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { referenceOfficielle } from '../paths.ts';
import { messageTermesIgnores, normaliser, readRequete } from './recherche.ts';
import { SPECIALITES } from './specialites-sigles.ts';

// Reading specialty acronyms and terms too short (docs/recherche.md « Ce qu’on peut taper »).

describe('readRequete: specialty acronyms', () => {
  it('reads an acronym beside its diploma as its official title or itself', () => {
    const r = readRequete('BTS MCO Lyon');
    expect(r.specialites).toEqual([{ tape: 'mco', formes: ['management commercial operationnel', 'mco'] }]);
    expect(r.texte).toBe('lyon');
    expect(r.ignores).toEqual([]);
  });

  it('searches a 2-letter acronym by its title only, and only beside its diploma', () => {
    expect(readRequete('bts ci').specialites).toEqual([{ tape: 'ci', formes: ['commerce international'] }]);
    expect(readRequete('ci').specialites).toEqual([]);
    expect(readRequete('cap ci').specialites).toEqual([]);
  });

  it('keeps an acronym that is a word as a word without its diploma', () => {
    expect(readRequete('sam').specialites).toEqual([]);
    expect(readRequete('sam').texte).toBe('sam');
    expect(readRequete('bts sam').specialites[0]?.formes).toEqual(['support action manageriale', 'sam']);
    expect(readRequete('DUT GEA').specialites[0]?.tape).toBe('gea');
  });
});

describe('readRequete: terms too short', () => {
  it('names them all when nothing else is searched, only the non stop words otherwise', () => {
    expect(readRequete('a').ignores).toEqual(['a']);
    expect(readRequete('de la').ignores).toEqual(['de', 'la']);
    expect(readRequete('boulanger à nantes').ignores).toEqual([]);
    expect(readRequete('boulanger x').ignores).toEqual(['x']);
    expect(readRequete('BP').ignores).toEqual([]);
    expect(readRequete('RNCP37537 a').ignores).toEqual([]);
  });

  it('says them in French', () => {
    expect(messageTermesIgnores([], true)).toBeNull();
    expect(messageTermesIgnores(['a'], true)).toBe(
      'Le terme « a » est trop court pour être cherché (3 lettres ou chiffres au moins, sauf un sigle de diplôme comme « BP » ou « CAP ») : toute l’offre est affichée. Précisez un métier, un diplôme ou un code RNCP.',
    );
    expect(messageTermesIgnores(['x', 'y'], false)).toContain(
      'Les termes « x », « y » sont trop courts pour être cherchés',
    );
  });

  it('leaves out common words of 3 letters or more as the index does, said alone only', () => {
    expect(readRequete('pour')).toMatchObject({ texte: '', ignores: ['pour'] });
    expect(readRequete('pour les').ignores).toEqual(['pour', 'les']);
    expect(readRequete('boulanger pour adultes')).toMatchObject({ texte: 'boulanger adultes', ignores: [] });
    expect(readRequete('cap pour boulanger')).toMatchObject({ texte: 'boulanger', ignores: [] });
    expect(readRequete('pour x').ignores).toEqual(['pour', 'x']);
  });

  it('says common words as such, too short terms as such', () => {
    expect(messageTermesIgnores(['pour'], true)).toBe(
      'Le mot « pour » est un mot courant, que la recherche ignore (comme « de », « dans » ou « avec ») : toute l’offre est affichée. Précisez un métier, un diplôme ou un code RNCP.',
    );
    expect(messageTermesIgnores(['de', 'la'], true)).toBe(
      'Les mots « de », « la » sont des mots courants, que la recherche ignore (comme « de », « dans » ou « avec ») : toute l’offre est affichée. Précisez un métier, un diplôme ou un code RNCP.',
    );
    expect(messageTermesIgnores(['pour', 'x'], true)).toBe(
      'Le terme « x » est trop court pour être cherché (3 lettres ou chiffres au moins, sauf un sigle de diplôme comme « BP » ou « CAP ») et le mot « pour » est un mot courant, que la recherche ignore (comme « de », « dans » ou « avec ») : toute l’offre est affichée. Précisez un métier, un diplôme ou un code RNCP.',
    );
  });
});

// Every title's words are in an official title of its diplomas: the BCN extract (Windows-1252,
// LIBELLE_COURT col. 9, LIBELLE_LONG_200 col. 11) or the kit apprentissage (« … (BUT) », « … (TP) »).
// The extracts live beside the project (../shared/reference, or OFFRE_REFERENCE): skipped without.
const REFERENCE = referenceOfficielle();

describe.skipIf(!REFERENCE)(
  `the titles, against the official extracts${REFERENCE ? '' : ' (no ../shared/reference)'}`,
  () => {
    it('finds every acronym’s words in one official title of one of its diplomas', () => {
      const titres: string[] = [];
      const bcn = new TextDecoder('windows-1252').decode(
        readFileSync(`${REFERENCE}/bcn/N_FORMATION_DIPLOME.csv`),
      );
      for (const l of bcn.split('\n').slice(1)) {
        const c = l.split(';');
        if (c[10]) titres.push(`${normaliser(c[10])} (${normaliser(c[8] ?? '')})`);
      }
      const kit = readFileSync(
        `${REFERENCE}/rncp/kit-apprentissage/Kit apprentissage et RNCP v3.0.csv`,
        'utf8',
      );
      for (const l of kit.split('\n').slice(1)) titres.push(normaliser(l.split(';')[1] ?? ''));
      const TYPE: Record<string, string> = {
        bts: 'bts',
        but: 'but',
        dut: 'dut',
        cap: 'cap',
        'bac pro': 'bac pro',
        tp: 'tp',
      };
      const manquants = SPECIALITES.filter(
        (s) =>
          !titres.some((t) => {
            const mots = new Set(t.split(/[^a-z0-9]+/));
            return (
              s.diplomes.some((d) => t.endsWith(`(${TYPE[d]})`)) &&
              s.intitule.split(' ').every((m) => mots.has(m))
            );
          }),
      ).map((s) => s.sigle);
      expect(manquants).toEqual([]);
    });
  },
);
