import type { FicheXmlRow, StandardRow } from './rncp.rows.ts';
import { RowError } from './rows.ts';
import type { Fait } from './types.ts';

// Pure builders: France compétences fiches → certification and habilitation facts.

export interface Annexes {
  /** Access routes (Si_Jury) of the fiche. */
  readonly voies: readonly string[];
  readonly nsf: readonly string[];
  readonly rome: readonly string[];
  /** The label of each ROME code of `rome`, same order ('' when the export gives none). */
  readonly romeLibelles: readonly string[];
  readonly formacodes: readonly string[];
  readonly successeurs: readonly string[];
  /** Fiches this one replaces (`Ancienne_Certification` written on the new fiche). */
  readonly predecesseurs: readonly string[];
}

export const ANNEXES_VIDES: Annexes = {
  voies: [],
  nsf: [],
  rome: [],
  romeLibelles: [],
  formacodes: [],
  successeurs: [],
  predecesseurs: [],
};

const sansAccents = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\u2019`]/g, "'")
    .toLowerCase();

/** The apprenticeship route, whatever apostrophe the export used ("En contrat d’apprentissage"). */
export const isVoieApprentissage = (voie: string) => sansAccents(voie).includes("contrat d'apprentissage");

export function typeEnregistrement(v: string | null, colonne: string): 'droit' | 'sur_demande' | null {
  if (!v) return null;
  const t = sansAccents(v);
  if (t.includes('droit')) return 'droit';
  if (t.includes('demande')) return 'sur_demande';
  throw new RowError(colonne, `type d’enregistrement « ${v} » inconnu (attendu : de droit, sur demande)`);
}

/** 'NIV5' / 'Niveau 5' → '5'. */
export function niveauEurope(v: string | null): string | null {
  const m = v ? /(\d)/.exec(v) : null;
  return m ? m[1]! : null;
}

export function actifDe(v: string | null, colonne: string): boolean | null {
  if (!v) return null;
  const t = v.trim().toUpperCase();
  if (t === 'ACTIVE') return true;
  if (t === 'INACTIVE') return false;
  throw new RowError(colonne, `état « ${v} » inconnu (attendu ACTIVE ou INACTIVE)`);
}

const typeDe = (code: string) => (code.startsWith('RS') ? 'rs' : 'rncp');
const uniques = (xs: readonly string[]) => [...new Set(xs.filter(Boolean))];

/**
 * The ROME codes of a fiche, each once, and their labels in the same order (`rome`, `rome_libelles`):
 * the jobs the certification leads to, which the search indexes (migration 1120).
 */
export function romesDe(codes: readonly string[], libelles: readonly string[]) {
  const parCode = new Map<string, string>();
  codes.forEach((code, i) => {
    if (code && !parCode.get(code)) parCode.set(code, libelles[i]?.trim() ?? '');
  });
  return { rome: [...parCode.keys()], rome_libelles: [...parCode.values()] };
}

export function certificationDeStandard(row: StandardRow, a: Annexes): Fait {
  return {
    table: 'certification',
    row: {
      type: typeDe(row.Numero_Fiche),
      code: row.Numero_Fiche,
      intitule: row.Intitule,
      niveau: niveauEurope(row.Nomenclature_Europe_Niveau),
      type_diplome: row.Abrege_Libelle,
      type_enregistrement: typeEnregistrement(row.Type_Enregistrement, 'Type_Enregistrement'),
      actif: actifDe(row.Actif, 'Actif'),
      date_debut: row.Date_Effet ?? row.Date_Decision ?? row.Date_dernier_jo,
      date_fin: row.Date_Fin_Enregistrement,
      ouvert_apprentissage: a.voies.some(isVoieApprentissage),
      successeurs: uniques(a.successeurs),
      predecesseurs: uniques(a.predecesseurs),
      certifinfo: null,
      nsf: uniques(a.nsf),
      ...romesDe(a.rome, a.romeLibelles),
      formacodes: uniques(a.formacodes),
      jeu: 'rncp',
    },
  };
}

export function habilitation(
  code: string,
  siret: string,
  role: 'certificateur' | 'partenaire',
  nom: string | null,
  habilitationPartenaire: string | null,
): Fait {
  return {
    table: 'certification_habilitation',
    row: {
      code,
      siret,
      role,
      habilitation: habilitationPartenaire,
      nom,
      actif: true,
      date_debut: null,
      date_fin: null,
    },
  };
}

export function faitsDeFicheXml(f: FicheXmlRow): Fait[] {
  const code = f.NUMERO_FICHE;
  const faits: Fait[] = [
    {
      table: 'certification',
      row: {
        type: typeDe(code),
        code,
        intitule: f.INTITULE,
        niveau: niveauEurope(f.NIVEAU),
        type_diplome: f.ABREGE_CODE,
        type_enregistrement: typeEnregistrement(f.TYPE_ENREGISTREMENT, 'TYPE_ENREGISTREMENT'),
        actif: f.ACTIF,
        date_debut: f.DATE_EFFET ?? f.DATE_DECISION,
        date_fin: f.DATE_FIN_ENREGISTREMENT,
        ouvert_apprentissage: f.SI_JURY_CA,
        successeurs: uniques(f.NOUVELLES_CERTIFICATIONS),
        predecesseurs: uniques(f.ANCIENNES_CERTIFICATIONS),
        certifinfo: null,
        nsf: uniques(f.CODES_NSF),
        ...romesDe(f.CODES_ROME, f.LIBELLES_ROME),
        formacodes: uniques(f.FORMACODES),
        jeu: 'rncp',
      },
    },
  ];
  for (const c of f.CERTIFICATEURS)
    if (c.SIRET_CERTIFICATEUR)
      faits.push(habilitation(code, c.SIRET_CERTIFICATEUR, 'certificateur', c.NOM_CERTIFICATEUR, null));
  for (const p of f.PARTENAIRES)
    if (p.SIRET_PARTENAIRE)
      faits.push(
        habilitation(code, p.SIRET_PARTENAIRE, 'partenaire', p.NOM_PARTENAIRE, p.HABILITATION_PARTENAIRE),
      );
  return faits;
}
