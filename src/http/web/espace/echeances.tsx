import type { ChampCalendrier, Echeance } from '../../../domain/campagne.ts';
import { jourIsoLong } from '../../../domain/dates.ts';
import type { EcheancesEspace } from '../../../services/campagne.service.ts';

/** What each date means to an organisation, in its words. */
const PHRASES: Readonly<Record<ChampCalendrier, (d: string) => string>> = {
  ouverture_collecte: (d) => `Ouverture de la collecte le ${d}`,
  retour_attendu: (d) => `Retour du classeur attendu au plus tard le ${d}`,
  transmission_catalogue: (d) => `Transmission au catalogue national le ${d}`,
  fermeture_affelnet: (d) =>
    `Fermeture d’Affelnet le ${d} : après cette date, plus aucune offre n’est envoyée à Affelnet pour cette campagne`,
  ouverture_parcoursup: (d) => `Ouverture de Parcoursup le ${d}`,
  fermeture_parcoursup: (d) => `Fermeture de Parcoursup le ${d}`,
  fenetre_debut: (d) => `Début de la fenêtre des sessions le ${d}`,
  fenetre_fin: (d) => `Fin de la fenêtre des sessions le ${d}`,
};

const delai = (e: Echeance) =>
  e.jours === 0 ? 'aujourd’hui' : e.jours === 1 ? 'demain' : `dans ${e.jours} jours`;

/** The current campaign's deadlines ahead, as a DSFR callout on /espace. */
export function EcheancesCampagne({ c }: { c: EcheancesEspace }) {
  return (
    <div class="fr-callout fr-icon-calendar-line fr-my-4w" id="echeances">
      <h2 class="fr-callout__title">Campagne {c.calendrier.libelle} : prochaines échéances</h2>
      {c.echeances.length === 0 ? (
        <p class="fr-callout__text">Aucune échéance à venir pour cette campagne.</p>
      ) : (
        <ul class="fr-callout__text">
          {c.echeances.map((e) => (
            <li key={e.champ}>
              {PHRASES[e.champ](jourIsoLong(e.date))} ({delai(e)}).
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
