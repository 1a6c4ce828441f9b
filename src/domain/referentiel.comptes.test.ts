import { describe, expect, it } from 'vitest';
import { type Comptes, phrasesComptes } from './referentiel.comptes.ts';

// The counts of a reference import, explained (LOW, 07/12): the kit's « 50 ignorées », « 5 460
// liens ajoutés » beside « 5 496 gardés », the RNCP zip's « 98 lignes » for « 9 certifications ».

/** The sentences with nombre()'s narrow no-break spaces as plain spaces, to compare. */
const phrases = (c: Comptes) => phrasesComptes(c).map((p) => p.replace(/[\u00a0\u202f]/g, ' '));

const comptes = (c: Partial<Comptes> & Pick<Comptes, 'kind' | 'lignes'>): Comptes => ({ diff: {}, ...c });

describe('phrasesComptes', () => {
  it('says why the kit’s rows were skipped and why fewer links are added than rows kept', () => {
    const p = phrases(
      comptes({
        kind: 'kit',
        lignes: { lues: 5546, gardees: 5496, rejetees: 0, ignorees: 50, completees: 0 },
        ignorees_motifs: { 'code RNCP « NR » (non renseigné) ou absent': 50 },
        faits: { certification_lien: 5496 },
      }),
    );
    expect(p).toEqual([
      '5 546 lignes de données lues (en-tête non compté) : 5 496 gardées, 0 rejetée (ligne mal formée, détaillée plus bas), 50 ignorées (sans rien à garder).',
      '50 lignes ignorées : code RNCP « NR » (non renseigné) ou absent.',
      'Les 5 496 lignes gardées donnent 5 496 faits distincts (Liens CFD ↔ RNCP : 5 496). Les colonnes « Ajoutés », « Modifiés », « Retirés » comparent ces faits à ceux déjà enregistrés : un fait inchangé n’y figure pas.',
    ]);
  });

  it('explains an RNCP zip’s rows against its certifications, and facts left to N', () => {
    const [, rncp] = phrases(
      comptes({
        kind: 'rncp',
        lignes: { lues: 98, gardees: 98, rejetees: 0, ignorees: 0, completees: 0 },
        faits: { certification: 9, certification_habilitation: 16 },
      }),
    );
    expect(rncp).toMatch(
      /^Les 98 lignes gardées donnent 25 faits distincts \(Certifications : 9, Habilitations : 16\) : une fiche a une ligne dans le membre « Standard » du zip/,
    );
    const v = phrases(
      comptes({
        kind: 'bcn',
        lignes: { lues: 11, gardees: 11, rejetees: 0, ignorees: 0, completees: 0 },
        faits: { certification: 5 },
        laisses: { nombre: 6, jeux: ['N_FORMATION_DIPLOME'] },
      }),
    );
    expect(v.at(-1)).toBe(
      '6 faits laissés à N_FORMATION_DIPLOME, qui les a déjà : ce fichier ne fait que compléter cette table.',
    );
  });
});
