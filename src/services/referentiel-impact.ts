import type { Executor } from '../db/executor.ts';
import * as repo from '../db/referentiel.repository.ts';
import type { EtatOffre } from '../db/referentiel-impact.repository.ts';
import * as impactRepo from '../db/referentiel-impact.repository.ts';
import { nomRegion } from '../domain/geo.ts';
import { nombre } from '../domain/nombres.ts';
import { pluriel } from '../domain/pluriel.ts';

// The impact of a reference import on the offers, measured on the real recomputation (the rules
// themselves ran, inside the import's transaction): before/after catalogue verdict, "Certifiée"
// tag, Parcoursup and Affelnet statuses. It decides the impact guard and feeds the preview page.

/** One offer whose state changes, as shown in examples. */
export interface ExempleOffre {
  readonly id: string;
  readonly intitule: string | null;
  /** Région codes of its sessions (INSEE). */
  readonly regions: readonly string[];
  readonly avant: Omit<EtatOffre, 'intitule'>;
  readonly apres: Omit<EtatOffre, 'intitule'>;
}

/** What an import does to the offers it makes recheck (counts are numbers of offers). */
export interface ImpactOffres {
  /** Offers rechecked because a fact they use changed. */
  readonly recontrolees: number;
  /** Offers with a computed catalogue verdict, all régions (the base of the share). */
  readonly total_catalogue: number;
  /** Verdict changed, any direction; of which to Non réglementaire. */
  readonly catalogue: number;
  readonly vers_non_reglementaire: number;
  /** "Certifiée" tag changed; of which lost. */
  readonly certifiee: number;
  readonly decertifiees: number;
  /** Parcoursup / Affelnet status changed. */
  readonly parcoursup: number;
  readonly affelnet: number;
  /** Per région: its catalogued offers, and how many would go Non réglementaire or lose "Certifiée". */
  readonly regions: readonly { region: string; libelle: string; total: number; touchees: number }[];
  /** Up to EXEMPLES offers per kind of change. */
  readonly exemples: {
    readonly catalogue: readonly ExempleOffre[];
    readonly certifiee: readonly ExempleOffre[];
    readonly parcoursup: readonly ExempleOffre[];
    readonly affelnet: readonly ExempleOffre[];
  };
  /**
   * Blocking rule codes the import makes fail on the offers moved to Non réglementaire or
   * decertified (failures already there before it left out), with how many offers each.
   */
  readonly codes: readonly { code: string; n: number }[];
  /** The share above which the import needs --force / a confirmation (0.1 = 10 %). */
  readonly part_max: number;
  /** True: the guard applies (more than part_max of all offers, or of one région's, and more than PLANCHER). */
  readonly suspect: boolean;
}

/** Below this many offers moved, an import is never held for its impact (small catalogues). */
export const IMPACT_PLANCHER = 5;
const EXEMPLES = 10;

const sansIntitule = ({ intitule: _, ...e }: EtatOffre) => e;

/**
 * Measures the impact after the recomputation, from the states `avant` it read before it (and the
 * failures it kept, referentiel-impact.repository.ts retenirEchecsAvant).
 */
export async function measureImpact(
  trx: Executor,
  avant: ReadonlyMap<string, EtatOffre>,
  partMax: number,
): Promise<ImpactOffres> {
  const ids = [...avant.keys()];
  const [apres, regionsDe, total, parRegion] = await Promise.all([
    impactRepo.etatsOffres(trx, ids),
    impactRepo.regionsDesOffres(trx, ids),
    repo.countFormationsCataloguees(trx),
    impactRepo.catalogueesParRegion(trx),
  ]);
  const ex = {
    catalogue: [] as ExempleOffre[],
    certifiee: [] as ExempleOffre[],
    parcoursup: [] as ExempleOffre[],
    affelnet: [] as ExempleOffre[],
  };
  const n = { catalogue: 0, nr: 0, certifiee: 0, decert: 0, parcoursup: 0, affelnet: 0 };
  const touchees: string[] = [];
  const touchesRegion = new Map<string, number>();
  for (const [id, a] of avant) {
    const b = apres.get(id);
    if (!b) continue;
    const exemple: ExempleOffre = {
      id,
      intitule: b.intitule,
      regions: regionsDe.get(id) ?? [],
      avant: sansIntitule(a),
      apres: sansIntitule(b),
    };
    const noter = (k: keyof typeof ex) => {
      n[k]++;
      if (ex[k].length < EXEMPLES) ex[k].push(exemple);
    };
    if (a.catalogue !== null && a.catalogue !== b.catalogue) noter('catalogue');
    if (a.certifiee !== null && a.certifiee !== b.certifiee) noter('certifiee');
    if (a.parcoursup !== b.parcoursup) noter('parcoursup');
    if (a.affelnet !== b.affelnet) noter('affelnet');
    const sortie =
      a.catalogue !== null && a.catalogue !== 'non_reglementaire' && b.catalogue === 'non_reglementaire';
    const decert = a.certifiee === true && b.certifiee === false;
    if (sortie) n.nr++;
    if (decert) n.decert++;
    if (sortie || decert) {
      touchees.push(id);
      for (const r of exemple.regions) touchesRegion.set(r, (touchesRegion.get(r) ?? 0) + 1);
    }
  }
  const regions = [...parRegion]
    .map(([region, t]) => ({
      region,
      libelle: nomRegion(region),
      total: t,
      touchees: touchesRegion.get(region) ?? 0,
    }))
    .sort((x, y) => y.touchees / y.total - x.touchees / x.total || x.region.localeCompare(y.region));
  const trop = (k: number, base: number) => k > IMPACT_PLANCHER && k > base * partMax;
  const suspect = trop(touchees.length, total) || regions.some((r) => trop(r.touchees, r.total));
  return {
    recontrolees: ids.length,
    total_catalogue: total,
    catalogue: n.catalogue,
    vers_non_reglementaire: n.nr,
    certifiee: n.certifiee,
    decertifiees: n.decert,
    parcoursup: n.parcoursup,
    affelnet: n.affelnet,
    regions,
    exemples: ex,
    codes: await impactRepo.echecsAjoutes(trx, touchees),
    part_max: partMax,
    suspect,
  };
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** The French sentence stating an impact (the guard's refusal, the preview's warning). */
export function phraseImpact(fichier: string, i: ImpactOffres): string {
  const regions = i.regions
    .filter((r) => r.touchees > IMPACT_PLANCHER && r.touchees > r.total * i.part_max)
    .slice(0, 3)
    .map((r) => `${r.libelle} : ${nombre(r.touchees)} sur ${nombre(r.total)}`);
  const codes = i.codes
    .slice(0, 5)
    .map((c) => `${c.code} (${nombre(c.n)})`)
    .join(', ');
  return `L’import de ${fichier} ferait passer ${pluriel(i.vers_non_reglementaire, 'offre', 'offres')} en Non réglementaire${i.decertifiees ? ` et retirerait la mention « Certifiée » à ${pluriel(i.decertifiees, 'offre', 'offres')}` : ''}, sur ${nombre(i.total_catalogue)} offres au catalogue (plus de ${pct(i.part_max)} de toutes les offres ou des offres d’une région${regions.length ? ` ; ${regions.join(', ')}` : ''}) ; règles en cause (offres qui y échoueraient du fait de l’import) : ${codes || 'aucune'}.`;
}
