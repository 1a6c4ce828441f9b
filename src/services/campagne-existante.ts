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

/**
 * Campaign `annee`. With `now` (a reader, which writes nothing): also the current campaign not
 * stored yet (lireCampagneCourante), whose workbook a GET gives without creating it.
 * Errors: 404 CAMPAGNE_INCONNUE (`campagneInconnue`, details `champ`).
 */
export async function campagneExistante(
  db: Executor,
  annee: number,
  champ = 'annee',
  now?: Date,
): Promise<Campagne> {
  const c = await getCampagne(db, annee);
  if (c) return c;
  const courante = now ? await lireCampagneCourante(db, now) : null;
  if (courante?.annee === annee) return courante;
  throw await campagneInconnue(db, annee, champ);
}
