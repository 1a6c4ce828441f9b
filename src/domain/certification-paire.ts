// A formation's RNCP (or RS) code and its BCN diploma code (CFD) go together: the kit apprentissage
// (France compétences, table `certification_lien`) links a CFD to its RNCP fiche. When a CFA user
// chooses a new certification by one code, the other code of the previous certification must not
// stay behind (an RNCP of one diploma beside the CFD of another): it is taken from the reference
// link when there is exactly one, else cleared, and the page says which.

/** A certification chosen by one code (picker line of one code, or a complete code typed). */
export interface CertificationChoisie {
  readonly type: 'rncp' | 'rs' | 'cfd';
  readonly code: string;
}

/** A CFD ↔ RNCP link of the kit apprentissage. */
export interface LienCertification {
  readonly cfd: string;
  readonly rncp: string;
}

export interface PaireCertification {
  readonly rncp: string | null;
  readonly cfd: string | null;
}

/**
 * What became of the other code: `repris` from the single link, `retire` (no link, or several:
 * which one cannot be known). The query parameter the page reads back (espace/index.ts).
 */
export type Appariement = 'cfd_repris' | 'cfd_retire' | 'rncp_repris' | 'rncp_retire';

/**
 * The pair stored when `choisie` is chosen over `precedente`, from the links touching its code.
 * The same code as before: nothing changes (its other code is kept as it is). `appariement`: null
 * when the other code did not change (already the linked one, or empty and left empty).
 */
export function apparierCertification(
  choisie: CertificationChoisie,
  precedente: PaireCertification,
  liens: readonly LienCertification[],
): { readonly certification: PaireCertification; readonly appariement: Appariement | null } {
  if (choisie.type === 'cfd') {
    if (precedente.cfd === choisie.code) return { certification: precedente, appariement: null };
    const l = liens.filter((x) => x.cfd === choisie.code);
    const rncp = l.length === 1 ? l[0]!.rncp : null;
    const appariement = rncp === precedente.rncp ? null : rncp ? 'rncp_repris' : 'rncp_retire';
    return { certification: { rncp, cfd: choisie.code }, appariement };
  }
  if (precedente.rncp === choisie.code) return { certification: precedente, appariement: null };
  const l = liens.filter((x) => x.rncp === choisie.code);
  const cfd = l.length === 1 ? l[0]!.cfd : null;
  const appariement = cfd === precedente.cfd ? null : cfd ? 'cfd_repris' : 'cfd_retire';
  return { certification: { rncp: choisie.code, cfd }, appariement };
}

/**
 * What the page says after saving, from the stored pair: « Code diplôme (CFD) 50022137 repris du
 * kit apprentissage, qui le lie à RNCP37553. » or why the other code was removed.
 */
export function phraseAppariement(a: Appariement, c: PaireCertification): string {
  switch (a) {
    case 'cfd_repris':
      return `Code diplôme (CFD) ${c.cfd} repris du kit apprentissage, qui le lie à ${c.rncp}.`;
    case 'rncp_repris':
      return `Code RNCP ${c.rncp} repris du kit apprentissage, qui le lie au diplôme ${c.cfd}.`;
    case 'cfd_retire':
      return `Le code diplôme (CFD) de l’ancienne certification a été retiré : le kit apprentissage ne lie pas ${c.rncp} à un seul diplôme. Si la formation prépare un diplôme de la BCN, choisissez-le avec « Chercher la certification ».`;
    case 'rncp_retire':
      return `Le code RNCP de l’ancienne certification a été retiré : le kit apprentissage ne lie pas le diplôme ${c.cfd} à une seule fiche RNCP. Choisissez-la avec « Chercher la certification » si besoin.`;
  }
}

export const APPARIEMENTS: readonly Appariement[] = [
  'cfd_repris',
  'cfd_retire',
  'rncp_repris',
  'rncp_retire',
];
