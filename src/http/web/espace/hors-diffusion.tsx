import type { ComponentChildren } from 'preact';
import { corrigerRegle } from '../../../domain/regles/regles.help.ts';
import { HORS_DIFFUSION } from './libelles.ts';

/**
 * The warning at the top of a published offer that a blocking rule keeps out of diffusion
 * (domain/diffusion.ts `publieeHorsDiffusion`, e.g. a revision validated with the confirmation
 * RETRAIT_A_CONFIRMER): that it is no longer diffused and where, why (each blocking rule failing,
 * with how to fix it), and how it comes back (`suite`: the organisme's and the gestionnaire's
 * pages each say what is theirs to do). `echecs`: the diffused version's failing rules.
 */
export function AvisHorsDiffusion({
  echecs,
  suite,
}: {
  echecs: readonly {
    code: string;
    champ: string | null;
    message: string;
    severite: string;
    resultat?: string;
  }[];
  suite: ComponentChildren;
}) {
  const bloquantes = echecs.filter((r) => r.severite === 'bloquant' && (r.resultat ?? 'echec') === 'echec');
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
          {bloquantes.map((r) => {
            const corriger = corrigerRegle(r.code, r.champ);
            return (
              <li key={`${r.code}-${r.champ}`}>
                {r.message}
                {corriger && <> Pour corriger : {corriger}</>} <span class="fr-text--xs">({r.code})</span>
              </li>
            );
          })}
        </ul>
      )}
      <p>{suite}</p>
    </div>
  );
}
