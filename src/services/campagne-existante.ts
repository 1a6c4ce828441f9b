import {
  type Campagne,
  getCampagne,
  lireCampagneCourante,
  listCampagnes,
} from '../db/campagne.repository.ts';
import type { Executor } from '../db/executor.ts';
import { OffreError } from '../domain/errors.ts';

// The one refusal of a campaign that does not exist (CAMPAGNE_INCONNUE), for every door that names
// a campaign: its calendar, the workbooks of an organisme or of a région, the rollover's source.

/**
 * CAMPAGNE_INCONNUE (404): no campaign `annee`; the message lists those that exist (details
 * `champ` — the field or parameter that named it, `annee` by default —, `annee`, `campagnes`:
 * their years, latest first).
 */
export async function campagneInconnue(db: Executor, annee: number, champ = 'annee'): Promise<OffreError> {
  const campagnes = (await listCampagnes(db)).map((c) => c.annee);
  return new OffreError(
    'CAMPAGNE_INCONNUE',
    `La campagne ${annee} (rentrée ${annee}) n’existe pas : ${
      campagnes.length ? `campagnes existantes ${campagnes.join(', ')}` : 'aucune campagne n’existe encore'
    } ; un administrateur en crée une en la rendant courante.`,
    { champ, annee, campagnes },
    404,
  );
}

/** Campaign `annee`, stored. Errors: 404 CAMPAGNE_INCONNUE (`campagneInconnue`, details `champ`). */
export async function campagneExistante(db: Executor, annee: number, champ = 'annee'): Promise<Campagne> {
  const c = await getCampagne(db, annee);
  if (!c) throw await campagneInconnue(db, annee, champ);
  return c;
}

/**
 * Campaign `annee` for a reader (a GET, which writes nothing): the current campaign at `now` as
 * lireCampagneCourante reads it (its defaults when it is not stored yet), else the stored campaign
 * `annee`. Why: the current campaign is created at the server's start and at the first write, not
 * by a read; until then its workbook still downloads. Errors: 404 CAMPAGNE_INCONNUE for any other
 * year (`campagneInconnue`, details `champ`).
 */
export async function campagneLue(db: Executor, annee: number, champ: string, now: Date): Promise<Campagne> {
  const courante = await lireCampagneCourante(db, now);
  return courante.annee === annee ? courante : campagneExistante(db, annee, champ);
}
