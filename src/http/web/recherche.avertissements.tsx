import { messageTermesIgnores } from '../../domain/recherche.ts';
import type { Resultats } from '../../services/recherche.service.ts';
import { pluriel } from './libelles.ts';
import { adresse, type EtatRecherche } from './recherche.params.ts';

// What the search page says of an address it searched without a part of it (docs/recherche.md
// « Filtres, tri et pages »): a radius without a place, a page that does not exist. DSFR warnings,
// the search still shown; nothing needs JavaScript.

/** A radius given without a place: not applied, said above the results (recherche.params.ts). */
export function AvertissementRayon({ etat }: { etat: EtatRecherche }) {
  const message = etat.avertissements?.rayon;
  if (!message) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" id="rayon-sans-lieu">
      <p>
        <a href="#ou">{message}</a>
      </p>
    </div>
  );
}

/** A sort by distance without a place: by relevance instead, said above the results (recherche.params.ts). */
export function AvertissementTri({ etat }: { etat: EtatRecherche }) {
  const message = etat.avertissements?.tri;
  if (!message) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" id="tri-sans-lieu">
      <p>
        <a href="#ou">{message}</a>
      </p>
    </div>
  );
}

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
 * Terms of the query too short to be searched (« a »): said, never silently dropped; when nothing
 * else was searched, the page says the whole offer is listed. A DSFR information, a link back to
 * the field.
 */
export function AvertissementTermes({ etat, r }: { etat: EtatRecherche; r: Resultats }) {
  if (etat.erreurs || etat.inconnus) return null;
  const message = messageTermesIgnores(r.termesIgnores, r.requeteIgnoree);
  if (!message) return null;
  return (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" id="termes-ignores">
      <p>
        <a href="#q">{message}</a>
      </p>
    </div>
  );
}
