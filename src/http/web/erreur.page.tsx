import { CodeDeLErreur } from './code-erreur.tsx';
import { type TexteLibre, TextesNonEnvoyes } from './comptes/connexion.page.tsx';
import { Layout } from './layout.tsx';

/** A link back from an error page to where the refused action started (a formation, a review). */
export interface Retour {
  readonly href: string;
  readonly libelle: string;
}

/**
 * A French error page (404, invalid link, refused action) in the DSFR layout: the stable code of the
 * refusal when given (e.g. CAMPAGNE_INCONNUE, the API's `code`), the way back, then home.
 */
export function ErreurPage({
  titre,
  message,
  code,
  retour,
  textes = [],
}: {
  titre: string;
  message: string;
  code?: string;
  retour?: Retour;
  /** The free texts of a form refused as expired (CSRF_INVALIDE), given back to copy. */
  textes?: readonly TexteLibre[];
}) {
  return (
    <Layout titre={titre}>
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--middle">
        <div class="fr-col-12 fr-col-md-8">
          <h1>{titre}</h1>
          <p class={code ? 'fr-text--lead fr-mb-1w' : 'fr-text--lead fr-mb-3w'}>{message}</p>
          {code && <CodeDeLErreur code={code} bloc classe="fr-text--sm fr-mb-3w" />}
          <TextesNonEnvoyes textes={textes} avant="de revenir au formulaire" />
          <ul class="fr-btns-group fr-btns-group--inline-md">
            {retour && (
              <li>
                <a class="fr-btn" href={retour.href}>
                  {retour.libelle}
                </a>
              </li>
            )}
            <li>
              <a class={retour ? 'fr-btn fr-btn--secondary' : 'fr-btn'} href="/">
                Retour à l’accueil
              </a>
            </li>
          </ul>
        </div>
      </div>
    </Layout>
  );
}
