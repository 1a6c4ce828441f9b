import { sansEspaces } from '../identifiants.ts';
import type { CertificationFact } from '../referentiel.ts';
import type { FaitsReference, FormationAControler } from './types.ts';

// Certification codes as typed by organisations, normalised to the keys of the reference.

/** 'rncp 12345' / '12345' → 'RNCP12345'; 'RS1234' stays; null when empty. */
export function normalizeCodeRncp(code: string | null | undefined): string | null {
  if (!code) return null;
  const c = sansEspaces(code).toUpperCase();
  if (!c) return null;
  if (/^\d+$/.test(c)) return `RNCP${c}`;
  return c;
}

/** CFDs are 8 characters; the kit apprentissage lost some leading zeros. */
export function normalizeCfd(code: string | null | undefined): string | null {
  if (!code) return null;
  const c = code.trim().toUpperCase();
  if (!c) return null;
  return /^\d{7}$/.test(c) ? `0${c}` : c;
}

export function typeDeCodeRncp(code: string): 'rncp' | 'rs' {
  return code.startsWith('RS') ? 'rs' : 'rncp';
}

export interface CertificationsDeFormation {
  readonly rncp: string | null;
  readonly cfd: string | null;
  readonly ficheRncp: CertificationFact | null;
  readonly diplomeBcn: CertificationFact | null;
}

export function certificationsDe(f: FormationAControler, faits: FaitsReference): CertificationsDeFormation {
  const rncp = normalizeCodeRncp(f.code_rncp);
  const cfd = normalizeCfd(f.code_cfd);
  return {
    rncp,
    cfd,
    ficheRncp: rncp ? (faits.certifications.get(rncp) ?? null) : null,
    diplomeBcn: cfd ? (faits.certifications.get(cfd) ?? null) : null,
  };
}

/** "Sur demande" (a title, not a State diploma): only RNCP/RS fiches say so. */
export function isSurDemande(c: CertificationsDeFormation): boolean {
  return c.ficheRncp?.type_enregistrement === 'sur_demande';
}

const TYPES: readonly [RegExp, string][] = [
  [/^CAPA\b|^CAP AGRI/, 'CAPA'],
  [/^CAP\b|CERTIFICAT D.APTITUDE PROF/, 'CAP'],
  [/^BEPA?\b/, 'BEP'],
  [/^BAC PRO|^BAC PROFESSIONNEL|BACCALAUREAT PROFESSIONNEL/, 'BAC PRO'],
  [/^BPA?\d?\b|^BREVET PROFESSIONNEL/, 'BP'],
  [/^MC\b|^MC ?\d|^MENTION COMPLEMENTAIRE|^CS ?\d|^CS\b/, 'MC'], // CS3, CS4: the BCN's LIBELLE_COURT
  [/^BTSA\b/, 'BTSA'],
  [/^BTS\b|^ASSIMI\.BTS|BREVET DE TECHNICIEN SUPERIEUR/, 'BTS'],
  [/^DUT\b/, 'DUT'],
  [/^BUT\b|BACHELOR UNIVERSITAIRE DE TECHNOLOGIE/, 'BUT'],
  [/^LIC PRO|^LICENCE PRO/, 'LICENCE PRO'],
  [/^LIC\b|^LIC LMD|^LICENCE\b/, 'LICENCE'],
  [/^MASTER\b/, 'MASTER'],
  [/^ING\b|^INGENIEUR\b|^ING-M|^DIPLOME D.INGENIEUR|^TITRE D.INGENIEUR/, 'INGENIEUR'],
  [/^DEUST\b/, 'DEUST'],
  [/^DN ?MADE\b/, 'DN MADE'],
  // Titles: the titre professionnel (ministère du Travail, RNCP abbreviation 'TP') and the others.
  [/^TP\b|^TITRE PRO/, 'TP'],
  [/^TITRE\b|^TH\b|^TIT\b/, 'TITRE'],
];

/** The canonical diploma type ('BTS', 'CAP', 'BAC PRO', 'MC', 'TITRE'...) of a formation's certification, if known. */
export function typeDiplome(c: CertificationsDeFormation): string | null {
  for (const fact of [c.diplomeBcn, c.ficheRncp]) {
    const brut = fact?.type_diplome
      ?.normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toUpperCase()
      .trim();
    if (!brut) continue;
    for (const [re, type] of TYPES) if (re.test(brut)) return type;
  }
  if (c.ficheRncp?.type_enregistrement === 'sur_demande') return 'TITRE';
  return null;
}

/** The level ('3'..'8') from the RNCP fiche, else the BCN diploma. */
export function niveau(c: CertificationsDeFormation): string | null {
  return c.ficheRncp?.niveau ?? c.diplomeBcn?.niveau ?? null;
}
