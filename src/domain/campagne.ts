import { jourIsoLong, readJour } from './dates.ts';
import { OffreError } from './errors.ts';
import { accord, enumeration } from './pluriel.ts';

// Campaigns: a yearly collection for a rentrée. The current campaign is data (table campagne);
// these are only the defaults used to create one.

/**
 * The one message of a campaign year that is not a year (CAMPAGNE_INVALIDE): API parameter, page
 * link and command-line option. A year with no campaign is another refusal: CAMPAGNE_INCONNUE.
 */
export const MESSAGE_ANNEE_CAMPAGNE = 'année de campagne AAAA attendue (ex. 2026)';

/** Whether `v` is written as a campaign year: four digits (the rentrée). */
export const estAnneeCampagne = (v: string): boolean => /^\d{4}$/.test(v);

export interface CampagneDefaults {
  readonly annee: number;
  readonly libelle: string;
  readonly ouverture_collecte: string;
  readonly retour_attendu: string;
  readonly transmission_catalogue: string;
  readonly fermeture_affelnet: string;
  readonly ouverture_parcoursup: string;
  readonly fermeture_parcoursup: string;
  readonly fenetre_debut: string;
  readonly fenetre_fin: string;
}

/** Rentrée N: sessions starting from 1 August N to 31 July N+1; collection from the previous September. */
export function campagneDefaults(annee: number): CampagneDefaults {
  return {
    annee,
    libelle: `Rentrée ${annee}`,
    ouverture_collecte: `${annee - 1}-09-15`,
    retour_attendu: `${annee - 1}-11-30`,
    transmission_catalogue: `${annee - 1}-12-15`,
    fermeture_affelnet: `${annee}-01-31`,
    ouverture_parcoursup: `${annee}-01-15`,
    fermeture_parcoursup: `${annee}-09-15`,
    fenetre_debut: `${annee}-08-01`,
    fenetre_fin: `${annee + 1}-07-31`,
  };
}

/** The rentrée whose collection runs at `date`: from September of year N, the campaign is rentrée N+1. */
export function rentreeEnCollecte(date: Date): number {
  const y = date.getUTCFullYear();
  return date.getUTCMonth() >= 8 ? y + 1 : y;
}

// ---- The calendar (issue 9 item 5) ----------------------------------------------------------
//
// A campaign's calendar is national for the platforms and the session window (Affelnet and
// Parcoursup set one calendar for the country) and regional for the collection (each Carif-Oref
// opens its collection, expects the workbooks back and transmits to the national catalogue on its
// own dates): a région's dates override the national defaults of the `campagne` row.

/** The dates a région's gestionnaire sets for its own collection. */
export const CHAMPS_REGIONAUX = ['ouverture_collecte', 'retour_attendu', 'transmission_catalogue'] as const;
/** The dates administrators set for the whole country. */
export const CHAMPS_NATIONAUX = [
  'fermeture_affelnet',
  'ouverture_parcoursup',
  'fermeture_parcoursup',
  'fenetre_debut',
  'fenetre_fin',
] as const;
export type ChampRegional = (typeof CHAMPS_REGIONAUX)[number];
export type ChampNational = (typeof CHAMPS_NATIONAUX)[number];
export type ChampCalendrier = ChampRegional | ChampNational;

/** The French label of each date, as on the page, in messages and in the docs. */
export const LIBELLES_CALENDRIER: Readonly<Record<ChampCalendrier, string>> = {
  ouverture_collecte: 'Ouverture de la collecte',
  retour_attendu: 'Retour des classeurs attendu',
  transmission_catalogue: 'Transmission au catalogue national',
  fermeture_affelnet: 'Fermeture d’Affelnet',
  ouverture_parcoursup: 'Ouverture de Parcoursup',
  fermeture_parcoursup: 'Fermeture de Parcoursup',
  fenetre_debut: 'Début de la fenêtre des sessions',
  fenetre_fin: 'Fin de la fenêtre des sessions',
};

/** Whose a région's collection date is: the région's own, or the national default it follows. */
export type OrigineDate = 'region' | 'nationale';
export type OriginesCollecte = Readonly<Record<ChampRegional, OrigineDate>>;

/** Each date's origin in words, as the page and `offre campagne calendrier` write it. */
export const LIBELLE_ORIGINE: Readonly<Record<OrigineDate, string>> = {
  region: 'date de la région',
  nationale: 'date nationale',
};

/** The origin of each collection date of a région that set `propres` (none: every date national). */
export function originesCollecte(
  propres: Readonly<Partial<Record<ChampRegional, string | null>>> | null | undefined,
): OriginesCollecte {
  return Object.fromEntries(
    CHAMPS_REGIONAUX.map((k) => [k, propres?.[k] ? 'region' : 'nationale']),
  ) as Record<ChampRegional, OrigineDate>;
}

/** Whose every date of a calendar is: national dates, and a région's collection dates it set or not. */
export type OriginesCalendrier = Readonly<Record<ChampCalendrier, OrigineDate>>;

/** The origin of each date of `region`'s calendar (null: the national one, every date national). */
export function originesCalendrier(
  propres: Readonly<Partial<Record<ChampRegional, string | null>>> | null | undefined,
  region: string | null,
): OriginesCalendrier {
  return {
    ...originesCollecte(region ? propres : null),
    ...(Object.fromEntries(CHAMPS_NATIONAUX.map((k) => [k, 'nationale'])) as Record<
      ChampNational,
      OrigineDate
    >),
  };
}

/**
 * The collection dates a région stores from what it saved (`AAAA-MM-JJ`, null: empty). The form
 * and `--set` are pre-filled with the dates that apply, so a date saved equal to the national one
 * stays national (null: the région keeps following the national calendar) unless the région says
 * it is its own (`voulues[k]` « region »: the form's « Garder cette date pour la région », a
 * `--set` naming it, `origines` in the API) or had already set it (`propres`) and does not send it
 * back to national (`voulues[k]` « nationale »). A different date is the région's own whatever
 * its stated origin; an empty one is national again.
 */
export function datesPropresRegion(
  saisies: Readonly<Record<ChampRegional, string | null>>,
  nationales: Readonly<Record<ChampRegional, string | null>>,
  propres: Readonly<Partial<Record<ChampRegional, string | null>>> | null | undefined,
  voulues: Readonly<Partial<Record<ChampRegional, OrigineDate>>> = {},
): Record<ChampRegional, string | null> {
  return Object.fromEntries(
    CHAMPS_REGIONAUX.map((k) => {
      const d = saisies[k];
      if (!d || d !== nationales[k]) return [k, d];
      const voulue = voulues[k] ?? (propres?.[k] ? 'region' : 'nationale');
      return [k, voulue === 'region' ? d : null];
    }),
  ) as Record<ChampRegional, string | null>;
}

/**
 * Whose the collection dates of a région's calendar are, in words (page and command line alike):
 * « dates nationales, la région n’a pas fixé les siennes », « dates fixées par la région », or
 * « dates fixées par la région, sauf ouverture de la collecte (date nationale, la région n’a pas
 * fixé la sienne) ».
 */
export function origineCollecteLue(o: OriginesCollecte): string {
  const nationales = CHAMPS_REGIONAUX.filter((k) => o[k] === 'nationale');
  if (nationales.length === CHAMPS_REGIONAUX.length)
    return 'dates nationales, la région n’a pas fixé les siennes';
  if (nationales.length === 0) return 'dates fixées par la région';
  const n = nationales.length;
  const noms = enumeration(nationales.map((k) => LIBELLES_CALENDRIER[k].toLowerCase()));
  return `dates fixées par la région, sauf ${noms} (${accord(n, 'date nationale', 'dates nationales')}, la région n’a pas fixé ${accord(n, 'la sienne', 'les siennes')})`;
}

/** A campaign's calendar as it applies to one région (or nationally when `region` is null); dates `AAAA-MM-JJ`. */
export interface Calendrier extends Record<ChampCalendrier, string | null> {
  readonly annee: number;
  readonly libelle: string;
  readonly courante: boolean;
  /** INSEE code of the région whose collection dates these are; null: the national defaults. */
  readonly region: string | null;
  /** Whose each date is: the région's own (« region ») or the national one (« nationale »). */
  readonly origines: OriginesCalendrier;
  /** The version of the calendar (calendrier-version.ts versionCalendrier): what its form and If-Match carry. */
  readonly version: string;
  readonly fenetre_debut: string;
  readonly fenetre_fin: string;
}

/** Dates whose order the calendar must respect (earlier, later). */
const ORDRE: readonly [ChampCalendrier, ChampCalendrier][] = [
  ['ouverture_collecte', 'retour_attendu'],
  ['retour_attendu', 'transmission_catalogue'],
  ['ouverture_parcoursup', 'fermeture_parcoursup'],
  ['fenetre_debut', 'fenetre_fin'],
];
const OBLIGATOIRES: ReadonlySet<ChampCalendrier> = new Set(['fenetre_debut', 'fenetre_fin']);

/**
 * Checks the submitted dates of `champs` (strings from a form or JSON; empty = no date) against
 * the rest of `actuel`. Returns the new dates, or every refusal at once (code CALENDRIER_INVALIDE,
 * `details.champ` naming the field, in the order of `champs`) so a form shows each under its field:
 * a date that is none, and the order of the dates that are (a refused date read as the one in
 * place, `actuel`, the date typed next to it judged against it).
 */
export function validateCalendrier<K extends ChampCalendrier>(
  actuel: Calendrier,
  champs: readonly K[],
  saisie: Readonly<Partial<Record<K, string | null>>>,
): { ok: true; dates: Record<K, string | null> } | { ok: false; erreurs: OffreError[] } {
  const erreurs: OffreError[] = [];
  const dates = {} as Record<K, string | null>;
  const refus = (champ: ChampCalendrier, message: string) =>
    erreurs.push(new OffreError('CALENDRIER_INVALIDE', message, { champ }));
  for (const champ of champs) {
    const brut = (saisie[champ] ?? '').trim();
    const libelle = LIBELLES_CALENDRIER[champ];
    if (!brut) {
      if (OBLIGATOIRES.has(champ)) refus(champ, `${libelle} : indiquez une date (JJ/MM/AAAA).`);
      dates[champ] = null;
      continue;
    }
    const d = readJour(brut);
    if (!d) refus(champ, `${libelle} : « ${brut} » n’est pas une date du calendrier (JJ/MM/AAAA).`);
    dates[champ] = d;
  }
  // The order of the dates read, checked in the same send: a refused date is read as the one in
  // place (`actuel`), so that the date typed next to it is judged too (a pair of refused dates aside).
  const refuses = new Set(erreurs.map((e) => e.details.champ));
  const complet: Record<ChampCalendrier, string | null> = { ...actuel, ...dates };
  for (const k of refuses) complet[k as ChampCalendrier] = actuel[k as ChampCalendrier];
  const dit = (k: ChampCalendrier, d: string) =>
    refuses.has(k) ? `${jourIsoLong(d)}, date en vigueur : celle saisie est refusée` : jourIsoLong(d);
  for (const [avant, apres] of ORDRE) {
    const [a, b] = [complet[avant], complet[apres]];
    if (refuses.has(avant) && refuses.has(apres)) continue;
    if (!a || !b || a < b || (a === b && avant !== 'fenetre_debut')) continue;
    // The field the person just typed carries the message (the later one when both are new, the
    // one not refused when the other is).
    const champ = (champs as readonly string[]).includes(apres) && !refuses.has(apres) ? apres : avant;
    refus(
      champ,
      `${LIBELLES_CALENDRIER[apres]} (${dit(apres, b)}) doit venir après ${LIBELLES_CALENDRIER[avant].toLowerCase()} (${dit(avant, a)}).`,
    );
  }
  // In the order of the form's fields, as its error summary lists them.
  const rang = (e: OffreError) => (champs as readonly unknown[]).indexOf(e.details.champ);
  return erreurs.length
    ? {
        ok: false,
        erreurs: erreurs
          .map((e, i) => ({ e, i }))
          .sort((x, y) => rang(x.e) - rang(y.e) || x.i - y.i)
          .map((x) => x.e),
      }
    : { ok: true, dates };
}

export interface Echeance {
  readonly champ: ChampCalendrier;
  readonly libelle: string;
  /** `AAAA-MM-JJ` */
  readonly date: string;
  /** Whole days from `aujourdhui` (0: today). */
  readonly jours: number;
}

/** The dates of `cal` from `aujourdhui` (`AAAA-MM-JJ`) on, soonest first; the session window aside. */
export function echeancesAVenir(cal: Calendrier, aujourdhui: string): Echeance[] {
  const jour = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  return [...CHAMPS_REGIONAUX, 'fermeture_affelnet', 'ouverture_parcoursup', 'fermeture_parcoursup']
    .map((champ) => ({ champ: champ as ChampCalendrier, date: cal[champ as ChampCalendrier] }))
    .filter((e): e is { champ: ChampCalendrier; date: string } => !!e.date && e.date >= aujourdhui)
    .map((e) => ({ ...e, libelle: LIBELLES_CALENDRIER[e.champ], jours: jour(e.date) - jour(aujourdhui) }))
    .sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Why a platform takes no more offers this campaign, or null while it does: after its closing
 * date (the day itself still counts), no offer becomes « Prêt pour intégration » for it (the
 * status machine of plateforme.ts keeps the offer where it is and shows this reason).
 * Only Affelnet closes before the school year (end of January); Parcoursup's closing date is
 * after the rentrée and bounds nothing Offre sends.
 */
export function fermeturePlateforme(
  cal: Pick<Calendrier, 'libelle' | 'fermeture_affelnet'>,
  plateforme: string,
  aujourdhui: string,
): string | null {
  if (plateforme !== 'affelnet' || !cal.fermeture_affelnet || aujourdhui <= cal.fermeture_affelnet)
    return null;
  return `Affelnet est fermé pour la campagne ${cal.libelle} depuis le ${jourIsoLong(cal.fermeture_affelnet)} : aucune offre ne peut plus devenir « Prêt pour intégration » pour Affelnet cette campagne.`;
}
