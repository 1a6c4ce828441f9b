import { OffreError } from '../../../domain/errors.ts';
import { CHAMP_VERSION, versionManquante } from '../../../services/espace-version.ts';

// The version the space's forms carry (services/espace-version.ts): the hidden field, its reading,
// and the alert of a save refused because of it (docs/espace.md « Enregistré par-dessus un
// changement »).

/** Why a save was refused because of its version: the alert's title and the service's message. */
export interface RefusVersion {
  readonly titre: string;
  readonly message: string;
}

/**
 * The `version` a form sent, or the refusal of a form without it (VERSION_MANQUANTE, 400): the
 * field is always in the form, so its absence is a malformed form, not « don't check ».
 */
export function versionEnvoyee(body: unknown): { version: string } | { refus: OffreError } {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[CHAMP_VERSION] : undefined;
  return typeof v === 'string' && v.trim() ? { version: v.trim() } : { refus: versionManquante() };
}

/** The alert of a refusal for its version (FORMATION_MODIFIEE, VERSION_MANQUANTE), or null for another error. */
export function refusVersion(e: unknown): RefusVersion | null {
  if (!(e instanceof OffreError)) return null;
  if (e.code === 'FORMATION_MODIFIEE')
    return { titre: 'Cette formation a changé pendant votre saisie', message: e.message };
  if (e.code === 'VERSION_MANQUANTE') return { titre: 'Formulaire incomplet', message: e.message };
  return null;
}

/** The hidden field of the version the form shows (the one it was opened on, kept through its re-displays). */
export function ChampVersion({ version }: { version: string }) {
  return <input type="hidden" name={CHAMP_VERSION} value={version} />;
}

/**
 * The refusal at the top of the page: what happened, that the typed values are kept below (saving
 * them again replaces the current version, which the form now carries), and a link to reload the
 * current version instead.
 */
export function AlerteVersion({ refus, recharger }: { refus?: RefusVersion; recharger: string }) {
  if (!refus) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" id="conflit">
      <h2 class="fr-alert__title">{refus.titre}</h2>
      <p>{refus.message}</p>
      <p>
        Vos saisies sont conservées dans le formulaire ci-dessous : vérifiez-les, puis enregistrez-les de
        nouveau pour remplacer la version actuelle. Ou bien{' '}
        <a href={recharger}>rechargez la version actuelle</a> (vos saisies non enregistrées seront perdues).
      </p>
    </div>
  );
}
