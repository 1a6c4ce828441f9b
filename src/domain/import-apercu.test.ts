import { describe, expect, it } from 'vitest';
import { conseilApercu, conseilApplique, etatApercu } from './import-apercu.ts';

// The state of an import's preview: rows in error say whether anything can be applied.
describe('the state of a preview', () => {
  it('says the rows in error, and whether anything else can be applied', () => {
    expect(etatApercu(2, 0, 'ligne')).toEqual({
      libelle: 'Aperçu : 2 lignes en erreur, à corriger avant d’appliquer',
      niveau: 'erreur',
    });
    expect(etatApercu(1, 3, 'formation')).toEqual({
      libelle: 'Aperçu : 1 formation en erreur, laissée de côté à l’application',
      niveau: 'avertissement',
    });
    expect(etatApercu(0, 0, 'ligne')).toEqual({ libelle: 'Aperçu : rien à appliquer', niveau: 'info' });
    expect(etatApercu(0, 4, 'ligne')).toEqual({
      libelle: 'Aperçu prêt, non appliqué',
      niveau: 'avertissement',
    });
  });

  it('tells what to do, in the words of the door', () => {
    expect(conseilApercu({ erreurs: 1, applicables: 0 }, 'ligne', 'dans le classeur annoté')).toBe(
      'Rien ne peut être appliqué en l’état : corrigez la ligne en erreur dans le classeur annoté, puis envoyez le classeur à nouveau.',
    );
    expect(conseilApercu({ erreurs: 3, applicables: 0 }, 'ligne', 'dans le classeur annoté')).toBe(
      'Rien ne peut être appliqué en l’état : corrigez les 3 lignes en erreur dans le classeur annoté, puis envoyez le classeur à nouveau.',
    );
    expect(
      conseilApercu({ erreurs: 1, applicables: 2 }, 'formation', 'dans le fichier', 'relancez la commande'),
    ).toBe(
      'Appliquer maintenant laisserait la formation en erreur de côté ; pour la prendre en compte, corrigez-la dans le fichier, puis relancez la commande.',
    );
    expect(
      conseilApercu({ erreurs: 2, applicables: 2 }, 'formation', 'dans le fichier', 'relancez la commande'),
    ).toBe(
      'Appliquer maintenant laisserait les 2 formations en erreur de côté ; pour les prendre en compte, corrigez-les dans le fichier, puis relancez la commande.',
    );
  });

  it('says, once applied, that the rows in error were not and the others were', () => {
    expect(conseilApplique({ erreurs: 1, applicables: 1 }, 'ligne', 'dans le classeur annoté')).toBe(
      '1 ligne en erreur n’a pas été appliquée (les autres sont enregistrées) : corrigez-la dans le classeur annoté, puis envoyez le classeur à nouveau.',
    );
    expect(
      conseilApplique({ erreurs: 2, applicables: 1 }, 'formation', 'dans le fichier', 'relancez la commande'),
    ).toBe(
      '2 formations en erreur n’ont pas été appliquées (les autres sont enregistrées) : corrigez-les dans le fichier, puis relancez la commande.',
    );
  });
});

// User pass of 05/12: a formation refused only because another write changed it meanwhile
// (IMPORT_CONCURRENT) was to be « corrigée dans le fichier »: it is to be sent again.
describe('formations refused for a lost race', () => {
  it('alone: nothing to correct, send the file again', () => {
    expect(
      conseilApplique({ erreurs: 1, applicables: 1, concurrentes: 1 }, 'formation', 'dans le fichier'),
    ).toBe(
      '1 formation n’a pas été enregistrée (les autres le sont) : une autre écriture la modifiait au même moment. Elle n’est pas à corriger : envoyez le fichier à nouveau dans un instant.',
    );
    expect(
      conseilApplique({ erreurs: 2, applicables: 1, concurrentes: 2 }, 'formation', 'dans le fichier'),
    ).toBe(
      '2 formations n’ont pas été enregistrées (les autres le sont) : d’autres écritures les modifiaient au même moment. Elles ne sont pas à corriger : envoyez le fichier à nouveau dans un instant.',
    );
    expect(
      conseilApercu({ erreurs: 1, applicables: 3, concurrentes: 1 }, 'formation', 'dans le fichier'),
    ).toBe(
      'Appliquer maintenant laisserait de côté 1 formation : une autre écriture la modifiait au même moment. Elle n’est pas à corriger : appliquez, puis envoyez le fichier à nouveau dans un instant.',
    );
  });

  it('among formations in error: only those are to be corrected', () => {
    expect(
      conseilApplique({ erreurs: 2, applicables: 1, concurrentes: 1 }, 'formation', 'dans le fichier'),
    ).toBe(
      '2 formations en erreur n’ont pas été appliquées (les autres sont enregistrées) : corrigez-en une dans le fichier, puis envoyez le fichier à nouveau. L’autre n’est pas à corriger : une autre écriture la modifiait au même moment ; elle sera enregistrée au prochain envoi.',
    );
    expect(
      conseilApercu({ erreurs: 4, applicables: 1, concurrentes: 2 }, 'formation', 'dans le fichier'),
    ).toBe(
      'Appliquer maintenant laisserait les 4 formations en erreur de côté ; pour en prendre 2 en compte, corrigez-les dans le fichier, puis envoyez le fichier à nouveau. 2 autres ne sont pas à corriger : d’autres écritures les modifiaient au même moment ; elles seront enregistrées au prochain envoi.',
    );
  });
});

// A fresh user (05/12/2026): a gestionnaire's preview of another région's workbook read « Rien ne
// peut être appliqué en l’état : corrigez … » above rows that said « les autres lignes seront
// appliquées ». The rows speak of themselves only; the summary, from the counts, says every case.
describe('rows outside the importer’s perimeter', () => {
  it('all of them, some, or none: the summary never speaks of other rows that are not there', () => {
    expect(conseilApercu({ erreurs: 8, applicables: 0, horsPerimetre: 8 }, 'ligne', 'dans le classeur')).toBe(
      'Rien ne peut être appliqué en l’état : les 8 lignes en erreur portent sur des formations hors de votre périmètre ; elles ne sont pas à corriger : faites-les importer par l’organisme de ces formations ou par un gestionnaire de sa région.',
    );
    expect(conseilApercu({ erreurs: 1, applicables: 3, horsPerimetre: 1 }, 'ligne', 'dans le classeur')).toBe(
      'Appliquer maintenant laisserait de côté 1 ligne hors de votre périmètre ; elle n’est pas à corriger : faites-la importer par l’organisme de cette formation ou par un gestionnaire de sa région.',
    );
    expect(conseilApercu({ erreurs: 3, applicables: 0, horsPerimetre: 2 }, 'ligne', 'dans le classeur')).toBe(
      'Rien ne peut être appliqué en l’état : des 3 lignes en erreur, corrigez-en une dans le classeur, puis envoyez le classeur à nouveau. 2 autres portent sur des formations hors de votre périmètre : elles ne sont pas à corriger, faites-les importer par l’organisme de ces formations ou par un gestionnaire de sa région.',
    );
  });

  // A fresh user (06/12): « Aperçu : 7 lignes en erreur » above « corrigez les 6 lignes en erreur »,
  // the seventh out of the perimeter: the advice counts among the same 7.
  it('counts the rows to correct among all the rows in error, as the summary does', () => {
    expect(etatApercu(7, 2, 'ligne').libelle).toBe(
      'Aperçu : 7 lignes en erreur, laissées de côté à l’application',
    );
    expect(conseilApercu({ erreurs: 7, applicables: 2, horsPerimetre: 1 }, 'ligne', 'dans le classeur')).toBe(
      'Appliquer maintenant laisserait les 7 lignes en erreur de côté ; pour en prendre 6 en compte, corrigez-les dans le classeur, puis envoyez le classeur à nouveau. Une ligne sur les 7 porte sur une formation hors de votre périmètre : elle n’est pas à corriger, faites-la importer par l’organisme de cette formation ou par un gestionnaire de sa région.',
    );
    expect(
      conseilApplique({ erreurs: 7, applicables: 2, horsPerimetre: 1 }, 'ligne', 'dans le classeur'),
    ).toBe(
      '7 lignes en erreur n’ont pas été appliquées (les autres sont enregistrées) : corrigez-en 6 dans le classeur, puis envoyez le classeur à nouveau. Une ligne sur les 7 porte sur une formation hors de votre périmètre : elle n’est pas à corriger, faites-la importer par l’organisme de cette formation ou par un gestionnaire de sa région.',
    );
  });

  it('once applied: « les autres sont enregistrées » only when something was', () => {
    expect(conseilApplique({ erreurs: 2, applicables: 0 }, 'ligne', 'dans le classeur')).toBe(
      '2 lignes en erreur n’ont pas été appliquées (aucune ligne n’a été enregistrée) : corrigez-les dans le classeur, puis envoyez le classeur à nouveau.',
    );
    expect(
      conseilApplique({ erreurs: 2, applicables: 1, horsPerimetre: 2 }, 'ligne', 'dans le classeur'),
    ).toBe(
      '2 lignes hors de votre périmètre n’ont pas été appliquées (les autres sont enregistrées) : elles ne sont pas à corriger, faites-les importer par l’organisme de ces formations ou par un gestionnaire de sa région.',
    );
  });
});
