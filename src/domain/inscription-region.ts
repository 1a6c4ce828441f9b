// Who decides on a structure's sign-up: the gestionnaires of a région where its SIREN actually is,
// not of the région typed on the form (anyone may type any région, and an approved organisme user
// acts for its SIREN nationally). Pure.

import { de } from './elision.ts';
import { departementOfInsee, nomRegion, regionOfDepartement } from './geo.ts';
import { accord } from './pluriel.ts';

/** What the reference data and the existing offers say of where a SIREN is. */
export interface LieuxSiren {
  /** Communes (INSEE) of the SIREN's active Sirene establishments. */
  readonly etablissements: readonly (string | null)[];
  /** Régions of the live sessions of the SIREN's offers (formation_region). */
  readonly offres: readonly string[];
  /** Communes (INSEE) of the SIREN's organisme records. */
  readonly organismes: readonly (string | null)[];
}

/** The régions whose gestionnaires decide, and why: the SIREN's places, else the requested région. */
export interface RegionsDeDecision {
  /** Sorted, each once; empty only when nothing is known and no région was requested. */
  readonly regions: readonly string[];
  /** 'lieux': from Sirene / offers / organisme records; 'demande': the requested région (unknown SIREN). */
  readonly selon: 'lieux' | 'demande';
  /** The requested région is none of `regions` (only with selon 'lieux'). */
  readonly ecart: boolean;
}

const regionDeCommune = (c: string | null): string | null => regionOfDepartement(departementOfInsee(c));

/**
 * The régions that may decide on the sign-up of a SIREN requested in `demandee`: every région of its
 * active Sirene establishments, of its offers' sessions and of its organisme records; the requested
 * région only when those give none (a new structure the reference does not know yet).
 */
export function regionsDeDecision(lieux: LieuxSiren, demandee: string | null): RegionsDeDecision {
  const connues = new Set<string>();
  for (const c of [...lieux.etablissements, ...lieux.organismes]) {
    const r = regionDeCommune(c);
    if (r) connues.add(r);
  }
  for (const r of lieux.offres) if (r) connues.add(r);
  if (connues.size === 0) return { regions: demandee ? [demandee] : [], selon: 'demande', ecart: false };
  const regions = [...connues].sort();
  return { regions, selon: 'lieux', ecart: !!demandee && !regions.includes(demandee) };
}

/** « Auvergne-Rhône-Alpes » / « Bretagne ou Auvergne-Rhône-Alpes ». */
export const nomsRegions = (regions: readonly string[]): string =>
  regions.length ? regions.map(nomRegion).join(' ou ') : 'aucune région';

/**
 * The 403 message for a gestionnaire of none of the deciding régions: names the régions that may
 * decide, and where that comes from.
 */
export function refusHorsRegions(raisonSociale: string, d: RegionsDeDecision): string {
  if (!d.regions.length)
    return `L’inscription ${de(raisonSociale)} n’a pas de région connue : seul un administrateur peut en décider.`;
  const source =
    d.selon === 'lieux'
      ? 'où se trouve ce SIREN (établissements actifs selon Sirene, offres, organismes)'
      : 'demandée à l’inscription, ce SIREN étant inconnu des données de référence et des offres';
  return `L’inscription ${de(raisonSociale)} relève ${accord(d.regions.length, 'des gestionnaires de la région', 'des gestionnaires des régions')} ${nomsRegions(d.regions)}, ${source} : vous n’en êtes pas gestionnaire.`;
}

/** What the queue says of the routing: the deciding régions, and the requested one when it differs. */
export function motifDecision(d: RegionsDeDecision, demandee: string | null): string {
  if (d.selon === 'demande')
    return `SIREN inconnu des données de référence et des offres : décidé par la région demandée (${nomsRegions(d.regions)}).`;
  const ou = `${accord(d.regions.length, 'Région où se trouve ce SIREN', 'Régions où se trouve ce SIREN')} (établissements actifs selon Sirene, offres, organismes) : ${nomsRegions(d.regions).replaceAll(' ou ', ', ')}.`;
  return d.ecart && demandee
    ? `${ou} Attention : la région demandée, ${nomsRegions([demandee])}, n’en fait pas partie ; validée, la structure sera rattachée à la région de la décision.`
    : ou;
}

/**
 * Who reviews a sign-up, as the confirmation page says it: the gestionnaires of the deciding
 * régions when `gestionnaires` (how many accounts the routing e-mails) is not 0 — naming the région
 * where the SIREN is when it differs from the one chosen — else the administrators, who see every
 * pending sign-up (/gestion/inscriptions). `demandee`: the région chosen on the form.
 */
export function examinateursInscription(
  d: RegionsDeDecision,
  demandee: string | null,
  gestionnaires: number,
): string {
  if (!d.regions.length)
    return 'transmise aux administrateurs d’Offre (aucune région n’est connue pour ce SIREN)';
  const regions = `${accord(d.regions.length, 'de la région', 'des régions')} ${nomsRegions(d.regions)}`;
  const ou =
    d.ecart && demandee
      ? `, où se trouve ce SIREN selon Sirene, les offres ou les organismes connus (et non ${nomsRegions([demandee])}, choisie dans le formulaire)`
      : '';
  return gestionnaires > 0
    ? `transmise aux gestionnaires ${regions}${ou}`
    : `transmise aux administrateurs d’Offre : aucun gestionnaire n’est encore désigné ${accord(d.regions.length, 'pour la région', 'pour les régions')} ${nomsRegions(d.regions)}${ou}`;
}
