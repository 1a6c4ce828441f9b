import { describe, expect, it } from 'vitest';
import type { Acteur } from '../../../domain/acteur.ts';
import { conseilEchec, origineDe, resultatDe } from './imports.libelles.ts';

// The « Résultat » column of a workbook import: a change that will await validation is not « Modifiée ».
describe('the result of a workbook row', () => {
  it('gives a change or a closing awaiting validation its own label', () => {
    expect(resultatDe({ verdict: 'modifiee', a_valider: true }).libelle).toBe('Modification à valider');
    expect(resultatDe({ verdict: 'fermee', a_valider: true }).libelle).toBe('Fermeture à valider');
    expect(resultatDe({ verdict: 'modifiee', a_valider: false }).libelle).toBe('Modifiée');
    // A report stored before a_valider existed.
    expect(resultatDe({ verdict: 'fermee' }).libelle).toBe('Fermée');
  });
});

// A fresh user's report: an import a gestionnaire made through the API showed as « API » (and its
// detail « avec une clé d’API »): the organisme is told who imported it, as its history names people.
describe('the origin of an import', () => {
  const gestionnaire: Acteur & { kind: 'utilisateur' } = {
    kind: 'utilisateur',
    id: 'usr_1',
    email: 'ines@carif.test',
    nom: 'Inès Martin',
    role: 'gestionnaire',
    siren: null,
    regions: ['84'],
    academies: [],
  };
  it('names the person and, for a gestionnaire, its régions', () => {
    expect(origineDe({ origine: 'api', cle_nom: null, acteur: gestionnaire })).toBe(
      'API, par Inès Martin (ines@carif.test), gestionnaire de la région Auvergne-Rhône-Alpes',
    );
    expect(
      origineDe({
        origine: 'page',
        cle_nom: null,
        acteur: { ...gestionnaire, regions: ['84', '53'] },
      }),
    ).toBe(
      'Page des gestionnaires, par Inès Martin (ines@carif.test), gestionnaire des régions Auvergne-Rhône-Alpes et Bretagne',
    );
    // An account with no name is its e-mail; an administrator says so.
    expect(
      origineDe({
        origine: 'api',
        cle_nom: null,
        acteur: { ...gestionnaire, nom: 'a@offre.test', email: 'a@offre.test', role: 'admin', regions: [] },
      }),
    ).toBe('API, par a@offre.test, administrateur de la plateforme');
  });
  it('keeps the key’s name, the command line, and the organisme’s own page as they were', () => {
    expect(
      origineDe({
        origine: 'api',
        cle_nom: 'SI Région',
        acteur: { kind: 'cle', id: 'key_1', name: 'SI Région', scope: 'write', siren: null },
      }),
    ).toBe('API (clé « SI Région »)');
    expect(
      origineDe({ origine: 'cli', cle_nom: null, acteur: { kind: 'systeme', label: 'import-lheo' } }),
    ).toBe('Ligne de commande');
    expect(
      origineDe({ origine: 'page', cle_nom: null, acteur: { ...gestionnaire, role: 'organisme' } }),
    ).toBe('Page');
  });
});

// A fresh user's report (05/12): a failed import always closed with « Corrigez le fichier puis
// envoyez-le à nouveau », even under « download your own workbook » or an interrupted import.
describe('what a failed import advises', () => {
  it('fits the refusal: replace another organisme’s workbook, resend after a failure that is not the file’s, else correct', () => {
    expect(conseilEchec('CLASSEUR_AUTRE_ORGANISME')).toEqual({
      texte:
        'Ce classeur n’est pas à corriger : téléchargez celui de votre organisme, reportez-y vos modifications, puis envoyez-le.',
      telecharger: true,
    });
    for (const code of ['IMPORT_INTERROMPU', 'IMPORT_CONCURRENT', 'BASE_OCCUPEE', 'ERREUR_INTERNE'])
      expect(conseilEchec(code), code).toEqual({
        texte: 'Le fichier n’est pas en cause : envoyez-le à nouveau.',
        telecharger: false,
      });
    for (const code of ['CLASSEUR_ENTETES', 'LHEO_XML_INVALIDE', undefined])
      expect(conseilEchec(code).texte, code).toBe('Corrigez le fichier puis envoyez-le à nouveau.');
  });
});
