import { describe, expect, it } from 'vitest';
import {
  fluxRestaure,
  MARGE_RESTAURATION,
  messageRupture,
  ruptureDeRestauration,
} from './flux-restauration.ts';

describe('ruptureDeRestauration', () => {
  it('loses the numbers the replaced base handed out after the dump, and resumes above them', () => {
    expect(ruptureDeRestauration(2002, 2004)).toEqual({ de: 2002, a: 2004, estimee: false });
  });
  it('loses nothing when the dump is the base’s state (or later)', () => {
    expect(ruptureDeRestauration(2002, 2002)).toBeNull();
    expect(ruptureDeRestauration(2002, 1000)).toBeNull();
  });
  it('reserves the safety margin when the replaced base’s last number is unknown', () => {
    expect(ruptureDeRestauration(2002, null)).toEqual({
      de: 2002,
      a: 2002 + MARGE_RESTAURATION,
      estimee: true,
    });
  });
});

describe('fluxRestaure', () => {
  it('is a 410 FLUX_RESTAURE naming the restore, the state kept and the one remedy', () => {
    const e = fluxRestaure('since', 2004, {
      de: 2002,
      a: 2004,
      estimee: false,
      at: '2026-12-07T17:00:00Z',
      etat_du: '2026-12-07T16:00:00Z',
    });
    expect([e.code, e.status]).toEqual(['FLUX_RESTAURE', 410]);
    expect(e.message).toBe(
      'Paramètre « since » (2004) périmé : la base a été restaurée le 7 décembre 2026 à 18:00 depuis une sauvegarde (dernier événement conservé : n° 2002, du 7 décembre 2026 à 17:00) ; les événements 2003 à 2004 numérotés par la base remplacée après cette sauvegarde n’existent plus, et votre copie en garde l’effet. Videz votre copie et relisez le flux depuis « since=0 ».',
    );
    expect(e.details).toEqual({
      champ: 'since',
      restauree_le: '2026-12-07T17:00:00.000Z',
      dernier_conserve: 2002,
    });
  });
  it('says so when the lost numbers are the margin', () => {
    const r = { de: 5, a: 5 + MARGE_RESTAURATION, estimee: true, at: new Date(), etat_du: null };
    expect(fluxRestaure('cursor', 7, r).message).toMatch(
      /réservés aux événements perdus, la base remplacée n’ayant pas pu être lue/,
    );
    expect(messageRupture(r)).toMatch(/le dernier numéro de la base remplacée est inconnu/);
    expect(messageRupture(null)).toMatch(/aucun numéro perdu/);
  });
});
