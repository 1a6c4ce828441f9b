import { z } from 'zod';
import { isValidSiret, sansEspaces } from '../domain/identifiants.ts';
import { aColonnes, cleEntete } from './entetes.ts';
import { versWgs84 } from './lambert.ts';
import { convertisseur, decimal, requis, texte } from './rows.ts';
import type { Forme } from './sniff.ts';
import { readTableOrMembre } from './table.reader.ts';
import type { Importer, Jeu, Lu } from './types.ts';

// ACCE (DEPP) UAI directory: CSV or zip of CSV members, Windows-1252, `;`, Lambert-93 metres.

export const AcceRow = z.object({
  numero_uai: requis('numero_uai').refine((v) => /^\d{7}[A-Z]$/i.test(v), {
    message: 'UAI invalide (7 chiffres et une lettre attendus)',
  }),
  appellation_officielle: texte,
  denomination_principale: texte,
  patronyme_uai: texte,
  numero_siren_siret_uai: texte,
  commune: texte,
  code_postal_uai: texte,
  etat_etablissement: texte,
  departement_insee_3: texte,
  coordonnee_x: decimal,
  coordonnee_y: decimal,
});

export function uaiDeLigne(r: z.output<typeof AcceRow>): Lu {
  const siret = sansEspaces(r.numero_siren_siret_uai) ?? null;
  const pos = versWgs84(r.coordonnee_x, r.coordonnee_y, r.departement_insee_3);
  return {
    faits: [
      {
        table: 'uai',
        row: {
          uai: r.numero_uai.toUpperCase(),
          siret: siret && isValidSiret(siret) ? siret : null,
          denomination:
            [r.denomination_principale, r.patronyme_uai].filter(Boolean).join(' ') ||
            r.appellation_officielle,
          code_commune: r.commune,
          code_postal: r.code_postal_uai,
          // etat_etablissement: 1 ouvert, 2 à fermer, 3 à ouvrir, 4 fermé
          ouvert:
            r.etat_etablissement === null
              ? null
              : r.etat_etablissement === '1' || r.etat_etablissement === '2',
          lat: pos?.lat ?? null,
          lon: pos?.lon ?? null,
        },
      },
    ],
  };
}

const isAcce = (forme: Forme) =>
  forme.type === 'csv' &&
  cleEntete(forme.lignes[0]?.[0] ?? '') === 'numerouai' &&
  aColonnes(forme.lignes[0]!, 'coordonnee_x');

export const acceImporter: Importer = {
  kind: 'acce',
  libelle: 'annuaire ACCE des établissements (UAI)',
  reconnaitre(forme: Forme): Jeu | null {
    if (isAcce(forme)) return { jeu: 'acce', libelle: 'annuaire ACCE (UAI)', format: 'csv' };
    if (forme.type === 'zip' && forme.membres.some((m) => isAcce(m.forme)))
      return { jeu: 'acce', libelle: 'annuaire ACCE (UAI, zip)', format: 'zip' };
    return null;
  },
  ouvrir(path, forme) {
    return {
      tables: ['uai'],
      async *lire() {
        let convert: ReturnType<typeof convertisseur> | null = null;
        let courant = '';
        for await (const { ligne, record, fichier } of readTableOrMembre(path, forme, isAcce)) {
          if (fichier !== courant)
            [convert, courant] = [convertisseur(AcceRow, uaiDeLigne, fichier), fichier];
          yield convert!(record, ligne);
        }
      },
    };
  },
};
