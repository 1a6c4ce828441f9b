import type { ComponentChildren } from 'preact';
import { Layout } from '../layout.tsx';

/**
 * The landing page of a role's space. The organisation's space (issue 8 items 4–10) and the
 * back-office workspaces (issue 9) replace these with their own pages at the same paths.
 */
export function EspacePage(p: {
  titre: string;
  intro: string;
  liens: readonly { href: string; libelle: string; detail: string }[];
  children?: ComponentChildren;
}) {
  return (
    <Layout titre={p.titre}>
      <h1>{p.titre}</h1>
      <p class="fr-text--lead">{p.intro}</p>
      {p.children}
      {p.liens.length > 0 && (
        <div class="fr-grid-row fr-grid-row--gutters">
          {p.liens.map((l) => (
            <div class="fr-col-12 fr-col-md-6" key={l.href}>
              <div class="fr-tile fr-enlarge-link">
                <div class="fr-tile__body">
                  <div class="fr-tile__content">
                    <h2 class="fr-tile__title">
                      <a href={l.href}>{l.libelle}</a>
                    </h2>
                    <p class="fr-tile__detail">{l.detail}</p>
                  </div>
                </div>
              </div>
            </div>
          ))}
        </div>
      )}
    </Layout>
  );
}
