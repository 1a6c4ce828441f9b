import { derniereModificationCalendrier } from '../db/campagne.repository.ts';
import type { Executor } from '../db/executor.ts';
import { nomsParLibelle } from '../db/utilisateur.repository.ts';
import { auteur } from '../domain/acteur.ts';
import { changementCalendrier } from '../domain/calendrier-version.ts';
import { type Calendrier, CHAMPS_REGIONAUX } from '../domain/campagne.ts';
import { dateHeureLongue } from '../domain/dates.ts';
import { OffreError } from '../domain/errors.ts';
import { nomRegion } from '../domain/geo.ts';
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
  if (attendue.version !== undefined && attendue.version !== version)
    throw new OffreError(
      'CALENDRIER_MODIFIE',
      `Le calendrier ${portee(actuel)} de la campagne ${actuel.libelle} a été modifié depuis l’ouverture de la page${await ceQuiAChange(db, actuel)} : vos dates n’ont pas été enregistrées, pour ne pas effacer ce changement.`,
      { champ: CHAMP_VERSION, version_actuelle: version },
      409,
    );
  const m = attendue.siMatch;
  if (m === undefined || concordeIfMatch(m, version)) return;
  const q = actuel.region ? `?region=${actuel.region}` : '';
  throw refusIfMatch(
    m,
    version,
    `du calendrier ${portee(actuel)} de la campagne ${actuel.libelle}`,
    `il a été modifié depuis votre lecture${await ceQuiAChange(db, actuel)} ; rien n’a été enregistré. Relisez le calendrier (GET /api/v1/campagnes/${actuel.annee}${q}), puis renvoyez sa « version » entre guillemets dans If-Match.`,
  );
}
