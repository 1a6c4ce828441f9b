import { jourIsoLong, jourLong } from './dates.ts';
import { sansEspaces } from './identifiants.ts';
import { nombre } from './nombres.ts';

// The certification picker's answer to a well-formed code that no loaded reference holds (a fresh
// user's report, 07/12: « RNCP37313 » and the CFD « 01022107 » of the real kit apprentissage read
// only « Aucune certification ne correspond… » on a demo that loads part of the references). It
// says which reference Offre searched (file, date, size), that the regional gestionnaire updates
// the references, and what the user can do meanwhile. Pure.

/** Which reference a code belongs to: the RNCP, the Répertoire spécifique (same file), the BCN. */
export type RepertoireCode = 'rncp' | 'rs' | 'bcn';

/**
 * The code `saisi` names when it is a complete certification code (spaces and case aside):
 * RNCP and 3 to 5 digits (« RNCP37313 »; 4 or 5 digits alone read as RNCP, as the picker does),
 * RS and 2 to 5 digits, a CFD (8 characters, the last one a digit or a letter: « 01022107 »).
 * Null for words or a code's beginning (« RNCP3 »): the picker lists what starts with it.
 */
export function codeCertificationComplet(saisi: string): { code: string; repertoire: RepertoireCode } | null {
  const c = sansEspaces(saisi).toUpperCase();
  if (/^RNCP\d{3,5}$/.test(c)) return { code: c, repertoire: 'rncp' };
  if (/^\d{4,5}$/.test(c)) return { code: `RNCP${c}`, repertoire: 'rncp' };
  if (/^RS\d{2,5}$/.test(c)) return { code: c, repertoire: 'rs' };
  if (/^\d{7}[0-9A-Z]$/.test(c)) return { code: c, repertoire: 'bcn' };
  return null;
}

/** The reference file loaded (its latest import), and how many certifications of the kind it gave. */
export interface ReferenceChargee {
  readonly fichier: string;
  /** The file's own date (YYYY-MM-DD), when it says one. */
  readonly date: string | null;
  /** When it was imported (ISO instant). */
  readonly importe_le: string;
  readonly nombre: number;
}

/** A complete code absent from the loaded reference (`charge`: null when none is loaded). */
export interface CodeAbsent {
  readonly code: string;
  readonly repertoire: RepertoireCode;
  readonly charge: ReferenceChargee | null;
}

const NOMS: Record<RepertoireCode, { code: string; ref: string; charge: string; unite: string }> = {
  rncp: { code: 'Le code', ref: 'le RNCP', charge: 'chargé', unite: 'fiches RNCP et RS' },
  rs: { code: 'Le code', ref: 'le Répertoire spécifique', charge: 'chargé', unite: 'fiches RNCP et RS' },
  bcn: { code: 'Le code diplôme', ref: 'la BCN', charge: 'chargée', unite: 'diplômes' },
};

/**
 * « Le code RNCP37313 n’est pas dans le RNCP chargé dans Offre (fichier export.zip du 2 novembre
 * 2026, importé le 3 novembre 2026, 1 234 fiches RNCP et RS) : … », with who updates the
 * references and what to do meanwhile.
 */
export function messageCodeAbsent(a: CodeAbsent): string {
  const n = NOMS[a.repertoire];
  const ou = a.charge
    ? `${n.code} ${a.code} n’est pas dans ${n.ref} ${n.charge} dans Offre (fichier ${a.charge.fichier}${
        a.charge.date ? ` du ${jourIsoLong(a.charge.date)}` : ''
      }, importé le ${jourLong(a.charge.importe_le)}, ${nombre(a.charge.nombre)} ${n.unite}) : la certification est peut-être plus récente que ce fichier, ou le code est mal saisi`
    : `${n.code} ${a.code} n’est pas dans les référentiels chargés dans Offre : aucune ${a.repertoire === 'bcn' ? 'BCN' : 'liste RNCP'} n’y est chargée`;
  return (
    `${ou} ; le gestionnaire régional de l’offre met à jour les référentiels : signalez-lui ce code. ` +
    'En attendant, enregistrez la formation en brouillon sans certification : elle ne pourra pas être ' +
    'publiée tant qu’aucune certification n’est retenue (contrôle CERT_ABSENTE, bloquant) ; revenez la ' +
    'choisir ici une fois le référentiel mis à jour.'
  );
}
