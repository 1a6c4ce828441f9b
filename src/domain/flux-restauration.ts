import { dateHeureLongue } from './dates.ts';
import { OffreError } from './errors.ts';
import { nombre } from './nombres.ts';

/**
 * The change feed across a restore (`offre db restore`, or `offre db reprise-flux` after
 * pg_restore). A restored base's counter is the dump's (`restaure`): the numbers the replaced base
 * handed out after the dump (`(restaure, ancien]`, the lost timeline) would be handed out again,
 * to other events, and a partner whose cursor is on the lost timeline would read them as the
 * continuation of what it holds. So the restored feed resumes above every number ever handed out
 * and refuses the lost ones for good (FLUX_RESTAURE): the partner holds events that no longer
 * exist, and only a reload from the start (`since=0`, its copy emptied) brings it back to the
 * base's state. Resuming at `restaure` would not: the offers changed only on the lost timeline
 * get no new event, and would keep their lost state in its copy.
 */

/**
 * Numbers reserved past the restored base's last one when the replaced base's last one is unknown
 * (unreadable, absent, or not given): more events than any lost timeline holds (a daily reload of
 * 100,000 offers is 36.5 million events a year), and the counter stays far below 2^53.
 */
export const MARGE_RESTAURATION = 1_000_000_000;

/** Numbers handed out by a replaced base, lost with it: `(de, a]`. */
export interface Rupture {
  readonly de: number;
  readonly a: number;
  /** `a` is the safety margin, the replaced base's last number being unknown. */
  readonly estimee: boolean;
}

/**
 * The numbers lost at a restore whose restored base numbered `restaure` events, the replaced one
 * `ancien` (null: unknown); null when none is lost (the dump was the base's state, or later).
 * The restored counter then resumes at the rupture's `a`.
 */
export function ruptureDeRestauration(restaure: number, ancien: number | null): Rupture | null {
  if (ancien === null) return { de: restaure, a: restaure + MARGE_RESTAURATION, estimee: true };
  return ancien > restaure ? { de: restaure, a: ancien, estimee: false } : null;
}

/** A recorded rupture, with the restore's date and the restored state's (its last event's date). */
export interface RuptureNotee extends Rupture {
  readonly at: Date | string;
  readonly etat_du: Date | string | null;
}

/** The refusal of `since` (`seq`), a number lost at the restore `r`. */
export function fluxRestaure(champ: string, seq: number, r: RuptureNotee): OffreError {
  const etat = r.etat_du
    ? ` (dernier événement conservé : n° ${r.de}, du ${dateHeureLongue(r.etat_du)})`
    : '';
  const perdus = r.estimee
    ? `les numéros ${r.de + 1} à ${r.a} sont réservés aux événements perdus, la base remplacée n’ayant pas pu être lue`
    : `les événements ${r.de + 1} à ${r.a} numérotés par la base remplacée après cette sauvegarde n’existent plus`;
  return new OffreError(
    'FLUX_RESTAURE',
    `Paramètre « ${champ} » (${seq}) périmé : la base a été restaurée le ${dateHeureLongue(r.at)} depuis une sauvegarde${etat} ; ${perdus}, et votre copie en garde l’effet. Videz votre copie et relisez le flux depuis « ${champ}=0 ».`,
    { champ, restauree_le: new Date(r.at).toISOString(), dernier_conserve: r.de },
  );
}

/** The CLI's line after a restore that recorded `r` (null: nothing lost). */
export function messageRupture(r: Rupture | null): string {
  if (!r) return 'Flux de changements : aucun numéro perdu, il reprend après le n° de la sauvegarde.';
  return r.estimee
    ? `Flux de changements : le dernier numéro de la base remplacée est inconnu ; le flux reprend après le n° ${nombre(r.a)} (marge de ${nombre(MARGE_RESTAURATION)} après le n° ${nombre(r.de)} de la sauvegarde). Les partenaires dont le curseur dépasse ${r.de} recevront le code FLUX_RESTAURE et devront relire le flux depuis since=0.`
    : `Flux de changements : les n° ${nombre(r.de + 1)} à ${nombre(r.a)} de la base remplacée sont perdus ; le flux reprend après le n° ${nombre(r.a)}. Les partenaires dont le curseur est dans cet intervalle recevront le code FLUX_RESTAURE et devront relire le flux depuis since=0.`;
}
