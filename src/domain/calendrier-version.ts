import {
  CHAMPS_NATIONAUX,
  CHAMPS_REGIONAUX,
  type ChampCalendrier,
  type ChampRegional,
  LIBELLE_ORIGINE,
  LIBELLES_CALENDRIER,
  type OrigineDate,
} from './campagne.ts';
import { jourIsoLong, readJour } from './dates.ts';
import { versionDe } from './version-empreinte.ts';

// The version of a campaign calendar, as its form and the API carry it (docs/campagnes.md
// « Deux personnes en même temps »): a hash of the stored dates a save replaces or reads, not a
// counter, so that no write path (page, API, `offre campagne calendrier --set`, a rollover) can
// forget to move it. The national calendar: the campaign row's eight dates. A région's: its own
// three collection dates (null: it follows the national one) and the national collection dates
// they fall back to (a date saved equal to the national one stays national: datesPropresRegion).
// The platform dates a région's page shows read-only are left out: its save neither replaces nor
// reads them.

const CHAMPS_NATIONAL: readonly ChampCalendrier[] = [...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX];

/** The version of the calendar of `region` (null: national) from the campaign row and the région's own dates. */
export function versionCalendrier(
  nationales: Readonly<Record<ChampCalendrier, string | null>>,
  propres: Readonly<Partial<Record<ChampRegional, string | null>>> | null | undefined,
  region: string | null,
): string {
  const lues =
    region === null
      ? ['national', ...CHAMPS_NATIONAL.map((k) => nationales[k] ?? null)]
      : [
          `region:${region}`,
          ...CHAMPS_REGIONAUX.map((k) => nationales[k] ?? null),
          ...CHAMPS_REGIONAUX.map((k) => propres?.[k] ?? null),
        ];
  return versionDe([JSON.stringify(lues)]);
}

/** One change of a calendar's history in words: « Ouverture de la collecte : 15 septembre 2026 → 20 septembre 2026 ». */
export function changementCalendrier(d: { champ: string; avant: unknown; apres: unknown }): string {
  const origine = d.champ.startsWith('origine:');
  const champ = (origine ? d.champ.slice('origine:'.length) : d.champ) as ChampCalendrier;
  const libelle = LIBELLES_CALENDRIER[champ] ?? champ;
  const lu = (v: unknown) =>
    origine ? (LIBELLE_ORIGINE[v as OrigineDate] ?? '—') : typeof v === 'string' && v ? jourIsoLong(v) : '—';
  return `${libelle} : ${lu(d.avant)} → ${lu(d.apres)}`;
}

/**
 * A calendar form's values as the conflict alert compares them with the current calendar: each
 * date in words (« 20 septembre 2026 », as typed when it is no date), a région's emptied date as
 * the national one it would follow, and the dates it keeps (« Garder la date ») by their labels.
 */
export function calendrierEnMots(
  dates: Readonly<Partial<Record<ChampCalendrier, string | null>>>,
  champs: readonly ChampCalendrier[],
  nationales: Readonly<Partial<Record<ChampCalendrier, string | null>>> | null,
  fixees: readonly string[] | null,
): Record<string, string | null> {
  const mots: Record<string, string | null> = {};
  for (const k of champs) {
    const brut = (dates[k] ?? '').trim() || (nationales?.[k] ?? '');
    mots[k] = brut ? (readJour(brut) ? jourIsoLong(readJour(brut)) : brut) : null;
  }
  if (fixees !== null)
    mots.fixees =
      CHAMPS_REGIONAUX.filter((k) => fixees.includes(k))
        .map((k) => LIBELLES_CALENDRIER[k].toLowerCase())
        .join(', ') || null;
  return mots;
}
