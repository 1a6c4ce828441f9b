import { messageTermesIgnores } from '../../domain/recherche.ts';
import type { Resultats } from '../../services/recherche.service.ts';
import { pluriel } from './libelles.ts';
import { adresse, type EtatRecherche } from './recherche.params.ts';

// What the search page says of an address it searched without a part of it (docs/recherche.md
// « Filtres, tri et pages »): a radius without a place, a page that does not exist. DSFR warnings,
// the search still shown; nothing needs JavaScript.

/**
 * A part of the address not applied, said above the results as a small DSFR alert (a warning, or
 * an information) whose text is a link to the field to change (`cible`): nothing without a message.
 */
function AvertissementChamp({
  id,
  message,
  cible,
  type = 'warning',
}: {
  id: string;
  message?: string | null;
  cible: string;
  type?: 'warning' | 'info';
}) {
  if (!message) return null;
  return (
    <div class={`fr-alert fr-alert--${type} fr-alert--sm fr-mb-2w`} id={id}>
      <p>
        <a href={`#${cible}`}>{message}</a>
      </p>
    </div>
  );
}

/** A radius given without a place: not applied, said above the results (recherche.params.ts). */
export const AvertissementRayon = ({ etat }: { etat: EtatRecherche }) => (
  <AvertissementChamp id="rayon-sans-lieu" message={etat.avertissements?.rayon} cible="ou" />
);

/** A sort by distance without a place: by relevance instead, said above the results (recherche.params.ts). */
export const AvertissementTri = ({ etat }: { etat: EtatRecherche }) => (
  <AvertissementChamp id="tri-sans-lieu" message={etat.avertissements?.tri} cible="ou" />
);

/**
 * A page that does not exist: one that is not a whole number from 1 (the first page is shown), or
 * one past the last (the last page is shown, the link gives its own address). Nothing when the
 * search was not run (a refused text or filter already says why).
 */
export function AvertissementPage({ etat, r }: { etat: EtatRecherche; r: Resultats }) {
  if (etat.erreurs || etat.inconnus) return null;
  const invalide = etat.avertissements?.page;
  const auDela = etat.page > r.pages;
  if (!invalide && !auDela) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" id="page-inexistante">
      {invalide ? (
        <p>{invalide}</p>
      ) : (
        <p>
          Cette page n’existe pas : la recherche a {pluriel(r.pages, 'page', 'pages')}. Voici la dernière,{' '}
          <a href={adresse({ ...etat, page: r.pages })}>la page {r.pages}</a>.
        </p>
      )}
    </div>
  );
}

/**
 * Terms of the query not searched, too short (« a ») or common words (« pour »): said, never
 * silently dropped; when nothing else was searched, the page says the whole offer is listed. A
 * DSFR information, a link back to the field.
 */
export function AvertissementTermes({ etat, r }: { etat: EtatRecherche; r: Resultats }) {
  if (etat.erreurs || etat.inconnus) return null;
  return (
    <AvertissementChamp
      id="termes-ignores"
      message={messageTermesIgnores(r.termesIgnores, r.requeteIgnoree)}
      cible="q"
      type="info"
    />
  );
}
