import {
  derniereModificationCalendrier,
  getCampagne,
  listCampagneRegions,
} from '../db/campagne.repository.ts';
import type { Executor } from '../db/executor.ts';
import { nomsParLibelle } from '../db/utilisateur.repository.ts';
import { auteur } from '../domain/acteur.ts';
import { changementCalendrier, versionCalendrier } from '../domain/calendrier-version.ts';
import { type Calendrier, CHAMPS_REGIONAUX, type ChampRegional } from '../domain/campagne.ts';
import { dateHeureLongue } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { nomRegion, REGIONS } from '../domain/geo.ts';
import { concordeIfMatch, type IfMatch, refusIfMatch } from '../domain/if-match.ts';
import { CHAMP_VERSION } from './espace-version.ts';

// A calendar save carries the version of the calendar it was made on (domain calendrier-version.ts),
// as the space's forms and the instructeur's decision do: the page's hidden `version` (required),
// the API's optional If-Match. A save on a calendar someone changed since is refused whole.

/**
 * What a save expects of the calendar: `version` from a page (null: the form came without it,
 * VERSION_MANQUANTE; undefined: not checked — the API, `offre campagne calendrier --set`),
 * `siMatch` the API's If-Match (the calendar's `version` between quotes; absent: not checked).
 */
export interface AttenduCalendrier {
  readonly version?: string | null;
  readonly siMatch?: IfMatch;
}

const portee = (cal: Calendrier) => (cal.region ? `de la région ${nomRegion(cal.region)}` : 'national');

/** « (dernière modification par Léa Durand le … : Ouverture de la collecte : 15 septembre 2026 → 20 septembre 2026) » */
async function ceQuiAChange(db: Executor, cal: Calendrier): Promise<string> {
  const entites = cal.region ? [String(cal.annee), `${cal.annee}:${cal.region}`] : [String(cal.annee)];
  const d = await derniereModificationCalendrier(db, entites);
  if (!d) return '';
  const diff = (typeof d.diff === 'string' ? JSON.parse(d.diff) : d.diff) as {
    champ: string;
    avant: unknown;
    apres: unknown;
  }[];
  // On a région's page, a national change counts through the collection dates only (versionCalendrier).
  const lus =
    cal.region && d.entite_id === String(cal.annee)
      ? diff.filter((x) => (CHAMPS_REGIONAUX as readonly string[]).includes(x.champ))
      : diff;
  const noms = await nomsParLibelle(db, [d.acteur]);
  const nationale = cal.region && d.entite_id === String(cal.annee) ? ' (calendrier national)' : '';
  return ` (dernière modification${nationale} par ${auteur(d.acteur, noms)} le ${dateHeureLongue(new Date(d.at))}${lus.length ? ` : ${lus.map(changementCalendrier).join(' ; ')}` : ''})`;
}

/**
 * The calendar of campaign `annee` other than `actuel` whose current version is one of the tags
 * `etiquettes` (an If-Match list): national (null), a région's code, or undefined when none is.
 */
async function autreCalendrier(
  db: Executor,
  actuel: Calendrier,
  etiquettes: readonly string[],
): Promise<string | null | undefined> {
  const c = await getCampagne(db, actuel.annee);
  if (!c) return undefined;
  const propres = new Map((await listCampagneRegions(db, actuel.annee)).map((r) => [r.region, r]));
  const autres = [null, ...Object.keys(REGIONS)].filter((r) => r !== actuel.region);
  return autres.find((r) =>
    etiquettes.includes(versionCalendrier(c, r === null ? undefined : propres.get(r), r)),
  );
}

/**
 * The details of a CALENDRIER_MODIFIE refusal, beside the current version: the calendar as the
 * refusing transaction read it and, for a région's, the national collection dates its emptied
 * dates would follow — what the page's alert compares the refused form with, read no second time.
 */
export interface DetailsCalendrierModifie {
  readonly calendrier: Calendrier;
  readonly nationales: Readonly<Record<ChampRegional, string | null>> | null;
}

/**
 * Refuses a save of calendar `actuel` (read in the caller's transaction, the campaign row locked)
 * made on another version: `version` → CALENDRIER_MODIFIE (409), null → VERSION_MANQUANTE (400),
 * `siMatch` → PRECONDITION_ECHOUEE (412). Each message says who changed what, and when.
 */
export async function garderVersionCalendrier(
  db: Executor,
  actuel: Calendrier,
  attendue: AttenduCalendrier,
): Promise<void> {
  const { version } = actuel;
  if (attendue.version === null)
    throw new OffreError(
      'VERSION_MANQUANTE',
      'Le formulaire envoyé ne porte pas le champ « version » (la version du calendrier affiché à son ouverture) : rien n’a été enregistré. Vos dates sont reprises ci-dessous ; vérifiez-les, puis enregistrez de nouveau.',
      { champ: CHAMP_VERSION },
      400,
    );
  if (attendue.version !== undefined && attendue.version !== version) {
    const c = actuel.region ? await getCampagne(db, actuel.annee) : undefined;
    const details: DetailsCalendrierModifie = {
      calendrier: actuel,
      nationales: c ? Object.fromEntries(CHAMPS_REGIONAUX.map((k) => [k, c[k] ?? null])) : null,
    } as DetailsCalendrierModifie;
    throw new OffreError(
      'CALENDRIER_MODIFIE',
      `Le calendrier ${portee(actuel)} de la campagne ${actuel.libelle} a été modifié depuis l’ouverture de la page${await ceQuiAChange(db, actuel)} : vos dates n’ont pas été enregistrées, pour ne pas effacer ce changement.`,
      { champ: CHAMP_VERSION, version_actuelle: version, ...details },
      409,
    );
  }
  const m = attendue.siMatch;
  if (m === undefined || concordeIfMatch(m, version)) return;
  const q = actuel.region ? `?region=${actuel.region}` : '';
  // The version of another calendar of the campaign (a région's, sent without `region`; the
  // national one, with it): no change made since, a mismatch of the request, said as such.
  const autre = m === '*' ? undefined : await autreCalendrier(db, actuel, m);
  if (autre !== undefined) {
    const relire = `relisez le calendrier (GET /api/v1/campagnes/${actuel.annee}${q}) et renvoyez sa « version » entre guillemets dans If-Match (version actuelle "${version}")`;
    const cible = actuel.region
      ? `le calendrier de la région ${nomRegion(actuel.region)} (« region » : "${actuel.region}")`
      : 'le calendrier national (corps sans « region »)';
    const porte =
      autre === null ? 'du calendrier national' : `du calendrier de la région ${nomRegion(autre)}`;
    const corriger =
      autre === null
        ? 'retirez « region » du corps pour modifier le calendrier national'
        : `ajoutez "region": "${autre}" au corps pour modifier le calendrier de cette région`;
    throw new OffreError(
      'VERSION_AUTRE_CALENDRIER',
      `L’en-tête If-Match porte la version ${porte}, mais ce corps modifie ${cible} : rien n’a été enregistré. Pour modifier le calendrier lu, ${corriger} ; sinon ${relire}.`,
      { etag_actuel: `"${version}"`, region: actuel.region },
      400,
    );
  }
  throw refusIfMatch(
    m,
    version,
    `du calendrier ${portee(actuel)} de la campagne ${actuel.libelle}`,
    `il a été modifié depuis votre lecture${await ceQuiAChange(db, actuel)} ; rien n’a été enregistré. Relisez le calendrier (GET /api/v1/campagnes/${actuel.annee}${q}), puis renvoyez sa « version » entre guillemets dans If-Match.`,
  );
}
