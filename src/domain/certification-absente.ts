import { jourIsoLong, jourLong } from './dates.ts';
import { sansEspaces } from './identifiants.ts';
import { nombre } from './nombres.ts';

// The certification picker's answer to a well-formed code that no loaded reference holds (a fresh
// user's report, 07/12: « RNCP37313 » and the CFD « 01022107 » of the real kit apprentissage read
// only « Aucune certification ne correspond… » on a demo that loads part of the references). It
// says which reference Offre searched (file, date, size), that the regional gestionnaire updates
// the references, and what the user can do meanwhile: save the formation with the code as typed,
// which the form keeps (certificationTapee) and the rule CERT_INCONNUE checks (docs/RULES.md: a
// code not in the loaded RNCP or BCN data is a blocking failure, rechecked when the reference is
// imported again), as the API and the workbook take a code as given. The one text of the page
// without JavaScript (« Chercher ») and of the JavaScript list (GET /espace/certifications.json). Pure.

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
  const garde =
    'En attendant, vous pouvez enregistrer la formation avec ce code laissé dans le champ : il est gardé tel que saisi';
  const suite = a.charge
    ? ' ; tant que le référentiel chargé ne le contient pas, la formation est « Non réglementaire » (contrôle CERT_INCONNUE, bloquant : ni transmise, ni dans la recherche publique), et elle est recontrôlée dès la mise à jour du référentiel, sans rien ressaisir.'
    : ` et sera contrôlé (contrôle CERT_INCONNUE, bloquant) dès qu’${a.repertoire === 'bcn' ? 'une BCN' : 'une liste RNCP'} sera chargée, sans rien ressaisir.`;
  return `${ou} ; le gestionnaire régional de l’offre met à jour les référentiels : signalez-lui ce code. ${garde}${suite}`;
}

/**
 * The certification a save takes from what was typed in the search field and not chosen (no
 * `certification.choix`): a complete code (codeCertificationComplet) goes where a choice of it
 * would go — an RNCP or RS code to `rncp`, a CFD to `cfd` —, found in the references or not (the
 * rules check it: CERT_INCONNUE). Null for anything else (words, a code's beginning).
 */
export function certificationTapee(saisi: string): { rncp: string } | { cfd: string } | null {
  const c = codeCertificationComplet(saisi);
  if (!c) return null;
  return c.repertoire === 'bcn' ? { cfd: c.code } : { rncp: c.code };
}
