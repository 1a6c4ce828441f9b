import { Layout } from './layout.tsx';

/** A French error page (404, invalid link) in the DSFR layout. */
export function ErreurPage({ titre, message }: { titre: string; message: string }) {
  return (
    <Layout titre={titre}>
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--middle">
        <div class="fr-col-12 fr-col-md-8">
          <h1>{titre}</h1>
          <p class="fr-text--lead fr-mb-3w">{message}</p>
          <ul class="fr-btns-group fr-btns-group--inline-md">
            <li>
              <a class="fr-btn" href="/">
                Retour à l’accueil
              </a>
            </li>
          </ul>
        </div>
      </div>
    </Layout>
  );
}
