// The name Offre knows for an establishment, one definition for the pages (espace.repository.ts
// nomsOrganismes) and the rule messages (referentiel-facts.repository.ts loadFaits): both name an
// organisme the same way (identifiants.ts organismeLisible).

interface NomParSiret {
  readonly siret: string | null;
  readonly nom: string | null;
}

/** The rows that may name an establishment, each source read for the SIRETs (or their SIRENs) asked. */
export interface SourcesNoms {
  /** The organisme's raison sociale as stored. */
  readonly organismes: readonly NomParSiret[];
  /** Its structure's (same SIREN); a structure whose raison sociale is its SIREN has no name yet. */
  readonly structures: readonly { readonly siren: string; readonly nom: string | null }[];
  /** The DGEFP list's denomination, rows in NDA order (the last one named wins). */
  readonly declares: readonly NomParSiret[];
  /** Sirene's establishment name. */
  readonly sirene: readonly NomParSiret[];
}

const parSiret = (rows: readonly NomParSiret[]) => {
  const m = new Map<string, string>();
  for (const r of rows) {
    const nom = r.nom?.trim();
    if (r.siret && nom) m.set(r.siret, nom);
  }
  return m;
};

/**
 * The name of each of `sirets`, in this order of trust: the organisme's raison sociale as stored,
 * else its structure's, else the DGEFP list's, else Sirene's. A SIRET none of them names is absent.
 */
export function nomsConnus(sirets: Iterable<string>, s: SourcesNoms): Map<string, string> {
  const structures = new Map<string, string>();
  for (const r of s.structures) {
    const nom = r.nom?.trim();
    if (nom && nom !== r.siren) structures.set(r.siren, nom);
  }
  const [o, d, e] = [parSiret(s.organismes), parSiret(s.declares), parSiret(s.sirene)];
  const out = new Map<string, string>();
  for (const siret of sirets) {
    const nom = o.get(siret) ?? structures.get(siret.slice(0, 9)) ?? d.get(siret) ?? e.get(siret);
    if (nom) out.set(siret, nom);
  }
  return out;
}

/**
 * The name Offre knows for a SIREN (a structure signing up): nomsConnus's name of its first SIRET
 * (in SIRET order, the siège usually first) that any source names; null when none does. A
 * sign-up's typed raison sociale is not a source here (pass no `structures`): it is what is checked.
 */
export function nomDuSiren(siren: string, s: SourcesNoms): string | null {
  const sirets = [...s.organismes, ...s.declares, ...s.sirene].flatMap((r) =>
    r.siret?.startsWith(siren) ? [r.siret] : [],
  );
  const noms = nomsConnus(sirets, s);
  const premier = [...noms.keys()].sort()[0];
  return premier ? noms.get(premier)! : null;
}

/**
 * How a sign-up names its structure: the name Offre knows for its SIREN (nomDuSiren), with the
 * raison sociale typed on the form when it differs (« déclaré : … »); the typed one alone when
 * Offre knows no name.
 */
export function nomInscription(
  connu: string | null,
  declare: string,
): { nom: string; declare: string | null } {
  if (!connu) return { nom: declare, declare: null };
  const pareil = (x: string) =>
    x.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();
  return { nom: connu, declare: pareil(connu) === pareil(declare) ? null : declare };
}

/** « NOM (déclaré : TAPÉ) », the sign-up's name as pages and e-mails write it (see nomInscription). */
export const avecDeclare = (nom: string, declare: string | null): string =>
  declare ? `${nom} (déclaré : ${declare})` : nom;
