import type { ReglesEspace } from '../../../services/espace.service.ts';
import { HORS_DIFFUSION } from './libelles.ts';

/**
 * The warning at the top of a published offer that a blocking rule keeps out of diffusion
 * (domain/diffusion.ts `publieeHorsDiffusion`, e.g. a revision validated with the confirmation
 * RETRAIT_A_CONFIRMER): that it is no longer diffused and where, why (each blocking rule failing,
 * with how to fix it), and how it comes back (a corrected revision, validated).
 */
export function AvisHorsDiffusion({
  regles,
  revisionOuverte,
}: {
  regles: ReglesEspace | null;
  revisionOuverte: boolean;
}) {
  const bloquantes = (regles?.echecs ?? []).filter((r) => r.severite === 'bloquant');
  const s = bloquantes.length > 1 ? 's' : '';
  return (
    <div class="fr-alert fr-alert--warning fr-mb-4w" id="hors-diffusion">
      <h2 class="fr-alert__title">
        {HORS_DIFFUSION}
        {bloquantes.length > 0 && ` : ${bloquantes.length} règle${s} bloquante${s} en échec`}
      </h2>
      <p>
        Cette offre a été validée, mais elle est « Non réglementaire » : elle n’est plus diffusée, ni dans la
        recherche publique, ni par l’API et les exports, ni vers Parcoursup et Affelnet.
      </p>
      {bloquantes.length > 0 && (
        <ul>
          {bloquantes.map((r) => (
            <li key={`${r.code}-${r.champ}`}>
              {r.message}
              {r.corriger && <> Pour corriger : {r.corriger}</>} <span class="fr-text--xs">({r.code})</span>
            </li>
          ))}
        </ul>
      )}
      <p>
        {revisionOuverte
          ? 'Votre révision est ouverte : corrigez-la si besoin ; l’offre sera de nouveau diffusée quand un gestionnaire l’aura validée sans règle bloquante en échec.'
          : 'Corrigez l’offre ci-dessous et enregistrez : vos modifications forment une révision, validée par le gestionnaire de votre région ; l’offre est de nouveau diffusée une fois la révision validée sans règle bloquante en échec.'}{' '}
        Le détail et les preuves : <a href="#conformite">Conformité</a>.
      </p>
    </div>
  );
}
