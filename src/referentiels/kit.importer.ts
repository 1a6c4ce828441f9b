import { z } from 'zod';
import { normalizeCodeRncp, restoreCfd } from '../domain/identifiants.ts';
import { pluriel } from '../domain/pluriel.ts';
import { cleEntete } from './entetes.ts';
import { convertisseur, requis, texte } from './rows.ts';
import { enteteParmi, type Forme } from './sniff.ts';
import { fileSource, readTable } from './table.reader.ts';
import type { Importer, Jeu, Lu } from './types.ts';

// France compétences "kit apprentissage": CFD ↔ RNCP. CSV or XLSX; the headers changed between
// versions and some workbooks have a title on row 1; Excel dropped leading zeros of CFDs; `NR` = unknown.

const cle = cleEntete;

const CFD_HEADERS = new Set([
  'codediplome',
  'cfd',
  'codecfd',
  'codediplomecfd',
  'codeformationdiplome',
  'codeformation',
  'codediplomeeducationnationale',
]);
const RNCP_HEADERS = new Set([
  'ficherncp',
  'coderncp',
  'nficherncp',
  'numeroficherncp',
  'numerofiche',
  'rncp',
  'numerorncp',
  'ficherncpactive',
]);

// Beyond the known spellings: a code column naming the CFD or the RNCP fiche ("Code du diplôme",
// "Code diplôme (CFD)", "N° de fiche RNCP"), never a label, date or status column about them.
const CODE = /^(code|fiche|numero|num|n|no)/;
const PAS_UN_CODE = /(intitule|libelle|date|statut|etat|actif|niveau|type|ancien|nouvel)/;

/** A header cell of any known version → the official name the schema uses. */
export function enteteKit(cell: string): string {
  const k = cle(cell);
  if (CFD_HEADERS.has(k)) return 'Code Diplôme';
  if (RNCP_HEADERS.has(k)) return 'FicheRNCP';
  if (CODE.test(k) && !PAS_UN_CODE.test(k)) {
    if (k.includes('rncp')) return 'FicheRNCP';
    if (k.includes('cfd') || k.includes('diplome')) return 'Code Diplôme';
  }
  return cell;
}

/**
 * Columns of an offer, a place or an organisme: a table holding one is not the kit, whatever its
 * codes (a kit has dates of its own: "Date de fin" of the RNCP fiche is not one of these).
 */
const COLONNE_D_OFFRE = /(siret|siren|uai|codepostal|adresse|commune|capacite|referenceformation|contact)/;

const isEnteteKit = (h: readonly string[]) => {
  const names = h.map(enteteKit);
  return (
    names.includes('Code Diplôme') &&
    names.includes('FicheRNCP') &&
    !h.some((c) => COLONNE_D_OFFRE.test(cle(c)))
  );
};

export const KitRow = z.object({
  'Code Diplôme': requis('Code Diplôme').transform((v, ctx) => {
    const c = restoreCfd(v)!;
    if (!/^[0-9A-Z]{8}$/.test(c)) {
      ctx.addIssue({ code: 'custom', message: `code diplôme « ${v} » invalide (8 caractères attendus)` });
      return z.NEVER;
    }
    return c;
  }),
  FicheRNCP: texte,
});

export function lienDeKit(r: z.output<typeof KitRow>): Lu {
  if (!r.FicheRNCP || r.FicheRNCP.toUpperCase() === 'NR')
    return { ignore: true, motif: 'code RNCP « NR » (non renseigné) ou absent' };
  const rncp = normalizeCodeRncp(r.FicheRNCP)!;
  if (!/^(RNCP|RS)\d+$/.test(rncp))
    return {
      rejet: {
        fichier: '',
        ligne: null,
        colonne: 'FicheRNCP',
        message: `code RNCP « ${r.FicheRNCP} » invalide`,
      },
    };
  return { faits: [{ table: 'certification_lien', row: { cfd: r['Code Diplôme'], rncp } }] };
}

export const kitImporter: Importer = {
  kind: 'kit',
  libelle: 'kit apprentissage (correspondance CFD ↔ RNCP)',
  reconnaitre(forme: Forme): Jeu | null {
    const h = enteteParmi(forme, isEnteteKit);
    if (!h) return null;
    const ou = [
      forme.type === 'xlsx' && (h.feuille > 0 || (forme.feuilles?.length ?? 1) > 1)
        ? `feuille « ${h.nomFeuille} »`
        : null,
      h.index > 0 ? `en-tête après ${pluriel(h.index, 'ligne', 'lignes')} de titre` : null,
    ].filter(Boolean);
    const renommes = h.entete.filter((c) => enteteKit(c) !== c && c !== 'Code Diplôme' && c !== 'FicheRNCP');
    if (renommes.length) ou.push(`colonnes ${renommes.map((c) => `« ${c} »`).join(', ')}`);
    return {
      jeu: 'kit',
      libelle: 'kit apprentissage (CFD ↔ RNCP)',
      format: forme.type,
      disposition: ou.length ? ou.join(', ') : null,
    };
  },
  ouvrir(path, forme) {
    const fichier = path.split('/').pop()!;
    const h = enteteParmi(forme, isEnteteKit);
    const headerIndex = h?.index ?? 0;
    const feuille = h?.feuille ?? 0;
    const convert = convertisseur(KitRow, lienDeKit, fichier);
    return {
      tables: ['certification_lien'],
      async *lire() {
        for await (const { ligne, record } of readTable(
          fileSource(path, forme, { headerIndex, feuille, renameHeader: enteteKit }),
        )) {
          const lu = convert(record, ligne);
          yield 'rejet' in lu && !lu.rejet.fichier ? { rejet: { ...lu.rejet, fichier, ligne } } : lu;
        }
      },
    };
  },
};
