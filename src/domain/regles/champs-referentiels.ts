// French labels of the reference files' own fields (their column names, as the evidence of a rule
// cites them: « actionsDeFormationParApprentissage = true »), the one source for pages that show
// such evidence or such a field. The API's evidence (`preuves[].fait`) keeps the file's names.

interface ChampReferentiel {
  readonly libelle: string;
  /** The field's values in French; a value not listed is shown as is. */
  readonly valeurs: Readonly<Record<string, string>>;
}

const OUI_NON = { true: 'oui', false: 'non' } as const;

export const CHAMPS_REFERENTIELS = {
  /** Liste publique des organismes de formation (DGEFP), `certifications.actionsDeFormationParApprentissage`. */
  actionsDeFormationParApprentissage: {
    libelle: 'certifié Qualiopi pour les actions de formation par apprentissage',
    valeurs: OUI_NON,
  },
  /** Sirene (INSEE), `etatAdministratifEtablissement`. */
  etatAdministratifEtablissement: {
    libelle: 'établissement',
    valeurs: { A: 'actif', F: 'fermé' },
  },
} as const satisfies Record<string, ChampReferentiel>;

const CHAMPS: Readonly<Record<string, ChampReferentiel>> = CHAMPS_REFERENTIELS;

/** An evidence fact with each `champ = valeur` of a known field in French (« … : certifié Qualiopi … : oui »). */
export function faitEnFrancais(fait: string): string {
  return fait.replace(/\b([A-Za-z]+) = (\S+)/g, (tel, champ: string, valeur: string) => {
    const c = Object.hasOwn(CHAMPS, champ) ? CHAMPS[champ]! : null;
    return c ? `${c.libelle} : ${c.valeurs[valeur] ?? valeur}` : tel;
  });
}
