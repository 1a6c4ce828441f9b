import {
  certificationDeDiplome,
  mefDeLigne,
  nomenclatureDeDispositif,
  nomenclatureDeLettre,
  nomenclatureDeNiveau,
} from './bcn.builder.ts';
import { DispositifRow, FormationDiplomeRow, LettreSpecialiteRow, MefRow, NiveauRow } from './bcn.rows.ts';
import { aColonnes, cleEntete } from './entetes.ts';
import { convertisseur } from './rows.ts';
import { type Forme, premiereLigne } from './sniff.ts';
import { fileSource, readTable } from './table.reader.ts';
import type { FactTable, Importer, Jeu, Lu } from './types.ts';

// BCN tables (DEPP): Windows-1252, `;`, LF, NO quoting (a `"` is data), the table known by its header.

const has = (h: readonly string[], ...cols: string[]) => aColonnes(h, ...cols);

export function tableBcn(h: readonly string[]): string | null {
  // Compared by normalised key (entetes.ts): 'formation_diplome', 'Formation Diplôme'…
  const premier = (col: string) => cleEntete(h[0] ?? '') === cleEntete(col);
  if (premier('MEF') && has(h, 'FORMATION_DIPLOME', 'DISPOSITIF_FORMATION')) return 'N_MEF';
  if (premier('FORMATION_DIPLOME') && has(h, 'LIBELLE_LONG_200', 'DATE_FERMETURE')) {
    if (has(h, 'NOUVEAU_DIPLOME_1')) return 'N_FORMATION_DIPLOME';
    if (has(h, 'DIPLOME_SISE')) return 'N_FORMATION_DIPLOME_ENQUETE_51';
    return 'V_FORMATION_DIPLOME';
  }
  if (premier('NIVEAU_FORMATION_DIPLOME') && has(h, 'NIVEAU_INTERMINISTERIEL'))
    return 'N_NIVEAU_FORMATION_DIPLOME';
  if (premier('DISPOSITIF_FORMATION') && has(h, 'NIVEAU_FORMATION_DIPLOME', 'LIBELLE_LONG'))
    return 'N_DISPOSITIF_FORMATION';
  if (premier('LETTRE_SPECIALITE') && has(h, 'LIBELLE_LONG')) return 'N_LETTRE_SPECIALITE';
  return null;
}

const DIPLOMES = new Set(['N_FORMATION_DIPLOME', 'V_FORMATION_DIPLOME', 'N_FORMATION_DIPLOME_ENQUETE_51']);

function tablesDe(jeu: string): FactTable[] {
  if (jeu === 'N_MEF') return ['diplome_mef'];
  if (DIPLOMES.has(jeu)) return ['certification'];
  return ['bcn_nomenclature'];
}

export const bcnImporter: Importer = {
  kind: 'bcn',
  libelle: 'table BCN (diplômes)',
  reconnaitre(forme: Forme): Jeu | null {
    if (forme.type !== 'csv' || forme.delimiter !== ';') return null;
    const jeu = tableBcn(premiereLigne(forme));
    if (!jeu) return null;
    // V_FORMATION_DIPLOME is the BCN's view of every diploma (N_FORMATION_DIPLOME's and those of
    // other ministries, closed ones included): it completes N, a code N has stays N's.
    const complete = jeu === 'V_FORMATION_DIPLOME' ? ['N_FORMATION_DIPLOME'] : undefined;
    return { jeu, libelle: `table BCN ${jeu}`, format: 'csv', ...(complete ? { complete } : {}) };
  },
  ouvrir(path, forme, { jeu }, { aujourdhui }) {
    const fichier = path.split('/').pop()!;
    const convert = (() => {
      if (jeu === 'N_MEF')
        return convertisseur(
          MefRow,
          (r): Lu => ({ faits: [{ table: 'diplome_mef', row: mefDeLigne(r) }] }),
          fichier,
        );
      if (DIPLOMES.has(jeu))
        return convertisseur(
          FormationDiplomeRow,
          (r): Lu => ({
            faits: [{ table: 'certification', row: certificationDeDiplome(r, jeu, aujourdhui) }],
          }),
          fichier,
        );
      const nomenclature = (row: Record<string, unknown>): Lu => ({
        faits: [{ table: 'bcn_nomenclature', row }],
      });
      if (jeu === 'N_NIVEAU_FORMATION_DIPLOME')
        return convertisseur(NiveauRow, (r) => nomenclature(nomenclatureDeNiveau(r)), fichier);
      if (jeu === 'N_DISPOSITIF_FORMATION')
        return convertisseur(DispositifRow, (r) => nomenclature(nomenclatureDeDispositif(r)), fichier);
      return convertisseur(LettreSpecialiteRow, (r) => nomenclature(nomenclatureDeLettre(r)), fichier);
    })();
    return {
      tables: tablesDe(jeu),
      async *lire() {
        const src = fileSource(path, forme, { quote: false, renameHeader: (c) => c.toUpperCase() });
        for await (const { ligne, record } of readTable(src)) yield convert(record, ligne);
      },
    };
  },
};
