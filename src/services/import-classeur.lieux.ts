import {
  communesAnciennesDe,
  communesChargees,
  communesDesCodesPostaux,
  communesDesDepartementsCedex,
} from '../db/espace.repository.ts';
import type { Executor } from '../db/executor.ts';
import { nomsDesSirets } from '../db/organisme.repository.ts';
import { communesCommencantPar } from '../db/recherche.repository.ts';
import {
  type CommuneCandidate,
  choisirCommuneCedex,
  choisirCommuneDuCodePostal,
  nomCommuneNormalise,
  readCommune,
} from '../domain/commune.ts';
import { sansEspaces } from '../domain/identifiants.ts';
import type { ContexteAnalyse, FormationVue } from '../formats/classeur/classeur.analyzer.ts';
import { colonnesClasseur } from '../formats/classeur/classeur.columns.ts';
import type { ClasseurLu } from '../formats/classeur/classeur.reader.ts';
import { canoniser } from '../formats/classeur/classeur.values.ts';

// The places of a returned workbook in the communes reference, found as the session form finds
// them (services/espace-sessions.service.ts resolveLieu; domain/commune.ts
// choisirCommuneDuCodePostal: a commune that is none of its postal code's is refused), read
// in one query for every postal code of the workbook (not one per row: 5,000 rows are imported
// in seconds), and one per commune name typed without a postal code (rare).

/** Candidates read per postal code, as the session form reads them. */
const PAR_CODE_POSTAL = 100;
/** Candidates read per name typed without a postal code, as the session form reads them. */
const PAR_NOM = 30;

/** The analysis's `communeDe` for the places of `lu`. */
export async function communesDuClasseur(
  db: Executor,
  lu: Pick<ClasseurLu, 'annee' | 'lignes'>,
): Promise<NonNullable<ContexteAnalyse['communeDe']>> {
  const colonnes = colonnesClasseur(lu.annee);
  const colCp = colonnes.find((c) => c.cle === 'codePostal')!;
  const colCommune = colonnes.find((c) => c.cle === 'commune')!;
  const lire = (c: typeof colCp, brut: string | null) => {
    const r = canoniser(c, brut);
    return r.ok ? r.valeur : null;
  };
  const cps = new Set<string>();
  const noms = new Set<string>();
  /** Postal codes written with a commune carrying a CEDEX mention (« 53063 », « LAVAL CEDEX 9 »). */
  const avecMention = new Set<string>();
  for (const l of lu.lignes) {
    const cp = sansEspaces(lire(colCp, l.valeurs.codePostal ?? null)) || null;
    if (cp) {
      if (/^\d{5}$/.test(cp)) cps.add(cp);
      const nom = lire(colCommune, l.valeurs.commune ?? null);
      if (nom && readCommune(nom).cedex) avecMention.add(cp);
      continue;
    }
    const nom = lire(colCommune, l.valeurs.commune ?? null)?.trim();
    if (nom) noms.add(nomCommuneNormalise(nom));
  }
  const parCp = new Map<string, CommuneCandidate[]>();
  for (const c of await communesDesCodesPostaux(db, [...cps])) {
    const liste = parCp.get(c.code_postal) ?? [];
    if (liste.length < PAR_CODE_POSTAL) liste.push(c);
    parCp.set(c.code_postal, liste);
  }
  // A CEDEX code (no commune has it) with its mention: the communes of its département, where the
  // commune is found by its name (domain/commune.ts choisirCommuneCedex), in one query.
  const cedex = [...avecMention].filter((cp) => /^\d{5}$/.test(cp) && !parCp.has(cp));
  const parDepartement = await communesDesDepartementsCedex(db, cedex);
  const parNom = new Map<string, CommuneCandidate[]>();
  for (const n of noms) if (n) parNom.set(n, await communesCommencantPar(db, { nom: n }, PAR_NOM));
  const chargees = await communesChargees(db);
  // The delegated and associated communes of those postal codes' communes: a name the rule
  // LIEU_COMMUNE accepts (with an alerte) is no error here.
  const anciennes = await communesAnciennesDe(
    db,
    [...parCp.values()].flat().map((c) => c.code_insee),
  );
  return (cpBrut, nomBrut) => {
    const cp = sansEspaces(cpBrut) || null;
    const nom = nomBrut?.trim() || null;
    if (!cp && !nom) return null;
    if (cp && !/^\d{5}$/.test(cp))
      return {
        // A format error, not an unknown place: its own code, the session form's.
        code: 'CODE_POSTAL_INVALIDE',
        message: `Le code postal « ${cp} » doit compter 5 chiffres.`,
        champ: 'lieu.code_postal',
        communes: [],
      };
    const candidats = (cp ? parCp.get(cp) : parNom.get(nomCommuneNormalise(nom!))) ?? [];
    if (candidats.length === 0 && !chargees) return null;
    if (candidats.length === 0 && cp && nom && readCommune(nom).cedex)
      return choisirCommuneCedex(cp, nom, parDepartement.get(cp) ?? []);
    return choisirCommuneDuCodePostal(cp, nom, candidats, anciennes);
  };
}

/**
 * The analysis's `nomDe`: the names of the responsables' organismes the workbook and its
 * formations name (as declared in Offre, else Sirene's), read in two queries.
 */
export async function nomsDesResponsables(
  db: Executor,
  lu: Pick<ClasseurLu, 'annee' | 'lignes'>,
  formations: ReadonlyMap<string, FormationVue>,
): Promise<NonNullable<ContexteAnalyse['nomDe']>> {
  const col = colonnesClasseur(lu.annee).find((c) => c.cle === 'siretResponsable')!;
  const sirets = new Set<string>();
  for (const l of lu.lignes) {
    const r = canoniser(col, l.valeurs.siretResponsable ?? null);
    if (r.ok && r.valeur && /^\d{14}$/.test(r.valeur)) sirets.add(r.valeur);
  }
  for (const f of formations.values()) {
    const s = f.input.responsable?.siret;
    if (s && /^\d{14}$/.test(s)) sirets.add(s);
  }
  const noms = await nomsDesSirets(db, [...sirets]);
  return (siret) => noms.get(siret) ?? null;
}
