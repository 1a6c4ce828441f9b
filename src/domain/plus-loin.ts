import { affiner, type Candidat, type Facettes, RAYONS_KM } from './recherche.ts';

// When the place of a search excludes every formation the words find (« cap cuisine » around
// Nantes, 30 km: the nearest is at 80 km), the way on is a wider radius, not fewer words
// (docs/recherche.md « Où ? »). Pure.

/** The way on when nothing is near the place searched. */
export interface PlusLoin {
  /** The smallest radius the search form offers that finds the nearest; null: none does (search everywhere). */
  readonly rayonKm: number | null;
  /** km to the nearest formation, to the tenth; null with `rayonKm` null. */
  readonly distanceKm: number | null;
  /** How many formations that radius (or, `rayonKm` null, the search everywhere) finds. */
  readonly total: number;
}

/** The largest radius the search form offers (km): how far the nearest formation is looked for. */
export const RAYON_MAX_KM: number = RAYONS_KM.at(-1)!;

/**
 * The smallest radius choice (RAYONS_KM) wider than `rayonKm` that reaches `distanceKm`, or null
 * when none does.
 */
export function rayonQuiAtteint(distanceKm: number, rayonKm: number): number | null {
  return RAYONS_KM.find((r) => r > rayonKm && r >= distanceKm) ?? null;
}

/**
 * The way on from the candidates of the same search within RAYON_MAX_KM (their distances exact,
 * to the metre): the radius choice that reaches the nearest one passing the facet filters `f`,
 * and how many that radius finds; null when none is within RAYON_MAX_KM (or none wider than
 * `rayonKm` can be offered).
 */
export function plusLoin(
  candidats: readonly Candidat[],
  f: Facettes,
  rayonKm: number,
  aujourdhui: string,
): PlusLoin | null {
  const { ids } = affiner(candidats, f, 'distance', 1, Math.max(1, candidats.length), aujourdhui);
  const retenus = new Set(ids);
  const pres = new Map(
    candidats
      .filter((c) => retenus.has(c.id))
      .map((c) => [c.id, Math.min(...c.lieux.map((l) => l.distance ?? Number.POSITIVE_INFINITY))]),
  );
  const proche = Math.min(...pres.values());
  if (!Number.isFinite(proche)) return null;
  const rayon = rayonQuiAtteint(proche, rayonKm);
  if (rayon === null) return null;
  return {
    rayonKm: rayon,
    distanceKm: Math.round(proche * 10) / 10,
    total: [...pres.values()].filter((d) => d <= rayon).length,
  };
}
