import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { CADRE_PUBLIC, type Cadre, CadreContext, ESPACES, useCadre } from './cadre.ts';

// The page frame of the État's design system (DSFR): skip links, header with the
// "République française" block and the service name, main content, footer. Assets are served
// from the installed @gouvfr/dsfr package under /dsfr/ (never from a CDN).

export interface LayoutProps {
  readonly titre: string;
  /** The search words, kept in the header search bar. */
  readonly q?: string;
  /** The home page has its own large search bar: no second one in the header. */
  readonly sansRechercheEnTete?: boolean;
  /** Absolute canonical address of the page (public pages), for search engines. */
  readonly canonique?: string;
  /** The page's summary for search engines (`<meta name="description">`), plain text. */
  readonly description?: string;
  /** A schema.org JSON-LD data block, already made safe by jsonPourScript. */
  readonly jsonLd?: string;
  readonly children: ComponentChildren;
}

export function Layout({
  titre,
  q,
  sansRechercheEnTete,
  canonique,
  description,
  jsonLd,
  children,
}: LayoutProps) {
  return (
    <html lang="fr" data-fr-scheme="system">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no" />
        <meta name="format-detection" content="telephone=no" />
        <title>{`${titre} – Offre`}</title>
        {description && <meta name="description" content={description} />}
        <link rel="stylesheet" href="/dsfr/dsfr.min.css" />
        <link rel="stylesheet" href="/dsfr/utility/utility.min.css" />
        <link rel="icon" href="/dsfr/favicon/favicon.svg" type="image/svg+xml" />
        <link rel="apple-touch-icon" href="/dsfr/favicon/apple-touch-icon.png" />
        {canonique && <link rel="canonical" href={canonique} />}
        {/* A data block, not a script: the Content-Security-Policy does not apply to it. */}
        {jsonLd && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonLd }} />}
      </head>
      <body>
        <div class="fr-skiplinks">
          <nav class="fr-container" aria-label="Accès rapide">
            <ul class="fr-skiplinks__list">
              <li>
                <a class="fr-link" href="#contenu">
                  Contenu
                </a>
              </li>
              {!sansRechercheEnTete && (
                <>
                  {/* One link per search bar of the header, the one this screen shows (Header). */}
                  <li class="fr-hidden fr-unhidden-lg">
                    <a class="fr-link" href="#recherche">
                      Recherche
                    </a>
                  </li>
                  <li class="fr-hidden-lg">
                    <a class="fr-link" href="#recherche-mobile">
                      Recherche
                    </a>
                  </li>
                </>
              )}
              <li>
                <a class="fr-link" href="#pied-de-page">
                  Pied de page
                </a>
              </li>
            </ul>
          </nav>
        </div>
        <Header q={q} recherche={!sansRechercheEnTete} />
        <main id="contenu" tabIndex={-1}>
          <div class="fr-container fr-my-6w">{children}</div>
        </main>
        <Footer />
        <script type="module" src="/dsfr/dsfr.module.min.js" />
        <script noModule src="/dsfr/dsfr.nomodule.min.js" />
      </body>
    </html>
  );
}

function Header({ q, recherche }: { q?: string; recherche: boolean }) {
  return (
    <header class="fr-header">
      <div class="fr-header__body">
        <div class="fr-container">
          <div class="fr-header__body-row">
            <div class="fr-header__brand fr-enlarge-link">
              <div class="fr-header__brand-top">
                <div class="fr-header__logo">
                  <p class="fr-logo">
                    République
                    <br />
                    française
                  </p>
                </div>
                <div class="fr-header__navbar">
                  <button
                    data-fr-opened="false"
                    aria-controls="menu-entete"
                    title="Menu"
                    type="button"
                    id="bouton-menu-entete"
                    class="fr-btn--menu fr-btn"
                  >
                    Menu
                  </button>
                </div>
              </div>
              <div class="fr-header__service">
                <a href="/" title="Accueil – Offre">
                  <p class="fr-header__service-title">Offre</p>
                </a>
                <p class="fr-header__service-tagline">
                  L’offre de formation en apprentissage, contrôlée et diffusée
                </p>
              </div>
            </div>
            <div class="fr-header__tools">
              <div class="fr-header__tools-links">
                <LiensCompte />
              </div>
              {recherche && (
                <div class="fr-header__search" id="recherche">
                  <SearchBar id="recherche-entete" q={q} classe="fr-hidden fr-unhidden-lg" />
                </div>
              )}
            </div>
          </div>
        </div>
        {/*
          Below the large breakpoint the design system's header has no room beside the brand: its
          search bar squeezed there, under the brand's box (fresh user, 06/12, 390 px). There, the
          bar is a full-width row under the brand, the same with or without JavaScript (the design
          system's search dialog needs its script).
        */}
        {recherche && (
          <div class="fr-container fr-hidden-lg fr-py-2w" id="recherche-mobile">
            <SearchBar id="recherche-entete-mobile" q={q} />
          </div>
        )}
      </div>
      <MenuMobile />
    </header>
  );
}

/** The sign-in page's address, coming back to `chemin` afterwards. */
const connexion = (chemin: string) =>
  chemin === '/' || chemin.startsWith('/connexion')
    ? '/connexion'
    : `/connexion?${new URLSearchParams({ retour: chemin })}`;

/** The entry points of a signed-in account's role (none until the account is active). */
const espacesDe = (compte: NonNullable<Cadre['compte']>) =>
  compte.etat === 'actif' ? ESPACES[compte.role] : [];

/** « Se déconnecter »: a form, since signing out changes state (a POST with the CSRF token). */
function Deconnexion({ classe }: { classe: string }) {
  const { csrf } = useCadre();
  return (
    <form method="post" action="/deconnexion">
      <input type="hidden" name="_csrf" value={csrf()} />
      <button type="submit" class={classe}>
        Se déconnecter
      </button>
    </form>
  );
}

/**
 * The account links of the header: "Se connecter" (coming back to this page), or the user's
 * name, its role's entry points, its notifications and "Se déconnecter".
 */
function LiensCompte() {
  const { compte, notifications, chemin } = useCadre();
  if (!compte)
    return (
      <ul class="fr-btns-group">
        <li>
          <a class="fr-btn fr-icon-account-circle-line" href={connexion(chemin)}>
            Se connecter
          </a>
        </li>
      </ul>
    );
  const espaces = espacesDe(compte);
  return (
    <ul class="fr-btns-group">
      <li>
        <a class="fr-btn fr-icon-account-circle-line" href="/compte" title={`Mon compte – ${compte.nom}`}>
          {compte.nom}
        </a>
      </li>
      {espaces.map((e) => (
        <li key={e.href}>
          <a class={`fr-btn ${e.icone}`} href={e.href}>
            {e.libelle}
          </a>
        </li>
      ))}
      {compte.etat === 'actif' && (
        <li>
          <a class="fr-btn fr-icon-notification-3-line" href="/notifications">
            {notifications
              ? `Notifications (${notifications} non lue${notifications > 1 ? 's' : ''})`
              : 'Notifications'}
          </a>
        </li>
      )}
      <li>
        <Deconnexion classe="fr-btn fr-icon-logout-box-r-line" />
      </li>
    </ul>
  );
}

/** The small-screen menu: DSFR’s script copies the header’s links into it and gives it its dialog role and name. */
function MenuMobile() {
  return (
    <div class="fr-header__menu fr-modal" id="menu-entete">
      <div class="fr-container">
        <button aria-controls="menu-entete" title="Fermer" type="button" class="fr-btn--close fr-btn">
          Fermer
        </button>
        <div class="fr-header__menu-links" />
      </div>
    </div>
  );
}

/**
 * The DSFR breadcrumb of a signed-in page: `liens` from the space's home to this page, the last one
 * marked as the current page.
 */
export function FilAriane({ liens }: { liens: readonly { libelle: ComponentChildren; href: string }[] }) {
  return (
    <nav class="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol class="fr-breadcrumb__list">
        {liens.map((l, i) => (
          <li key={l.href}>
            <a
              class="fr-breadcrumb__link"
              href={l.href}
              aria-current={i === liens.length - 1 ? 'page' : undefined}
            >
              {l.libelle}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** The search form: words `q`, submitted to the home page. */
export function SearchBar({
  id,
  q,
  large,
  classe,
}: {
  id: string;
  q?: string;
  large?: boolean;
  classe?: string;
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: the DSFR search pattern; <search> is not yet announced everywhere.
    <form action="/" method="get" role="search" class={classe}>
      <div class={`fr-search-bar${large ? ' fr-search-bar--lg' : ''}`} id={`${id}-barre`}>
        <label class="fr-label" for={id}>
          Rechercher une formation
        </label>
        <input
          class="fr-input"
          placeholder="Métier, diplôme, organisme…"
          type="search"
          id={id}
          name="q"
          value={q ?? ''}
        />
        <button class="fr-btn" type="submit" title="Rechercher">
          Rechercher
        </button>
      </div>
    </form>
  );
}

/**
 * The account links of the footer: « Se connecter », or « Mon compte », the role's spaces and
 * « Se déconnecter ». On a small screen the header's links sit in the « Menu » dialog, which needs
 * DSFR's script: without JavaScript, these are how a signed-in user reaches them.
 */
function LiensCompteBas() {
  const { compte, chemin } = useCadre();
  if (!compte)
    return (
      <li class="fr-footer__bottom-item">
        <a class="fr-footer__bottom-link" href={connexion(chemin)}>
          Se connecter
        </a>
      </li>
    );
  const espaces = espacesDe(compte);
  return (
    <>
      <li class="fr-footer__bottom-item">
        <a class="fr-footer__bottom-link" href="/compte">
          Mon compte
        </a>
      </li>
      {espaces.map((e) => (
        <li class="fr-footer__bottom-item" key={e.href}>
          <a class="fr-footer__bottom-link" href={e.href}>
            {e.libelle}
          </a>
        </li>
      ))}
      <li class="fr-footer__bottom-item">
        <Deconnexion classe="fr-footer__bottom-link" />
      </li>
    </>
  );
}

function Footer() {
  return (
    <footer class="fr-footer" role="contentinfo" id="pied-de-page">
      <div class="fr-container">
        <div class="fr-footer__body">
          <div class="fr-footer__brand fr-enlarge-link">
            <a href="/" title="Retour à l’accueil – Offre">
              <p class="fr-logo">
                République
                <br />
                française
              </p>
            </a>
          </div>
          <div class="fr-footer__content">
            <p class="fr-footer__content-desc">
              Offre recueille l’offre de formation des organismes et CFA, la contrôle en continu contre les
              référentiels officiels et la diffuse à Parcoursup, Affelnet, aux partenaires et au public.
            </p>
            <ul class="fr-footer__content-list">
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="/api/docs">
                  Documentation de l’API
                </a>
              </li>
              <li class="fr-footer__content-item">
                <a class="fr-footer__content-link" href="/api/v1/openapi.json">
                  Description OpenAPI
                </a>
              </li>
            </ul>
          </div>
        </div>
        <div class="fr-footer__bottom">
          <ul class="fr-footer__bottom-list">
            <LiensCompteBas />
            <li class="fr-footer__bottom-item">
              <a class="fr-footer__bottom-link" href="/accessibilite">
                Accessibilité : non conforme
              </a>
            </li>
          </ul>
        </div>
      </div>
    </footer>
  );
}

/** A full HTML document; `cadre` gives the header its account and forms their CSRF token. */
export function page(node: VNode, cadre: Cadre = CADRE_PUBLIC): string {
  return `<!doctype html>${titreDErreur(render(<CadreContext.Provider value={cadre}>{node}</CadreContext.Provider>))}`;
}

/**
 * One rule for every page (RGAA 8.6): a page rendered with the error summary of a refused form
 * (ResumeErreurs, `id="resume-erreurs"`) has a title that starts with « Erreur : », as the search
 * page's (« Erreur : Nouvelle formation – Offre »). The summary is rendered after the `<title>`, so
 * the rule reads the page once rendered; a title that already says it is left as it is.
 */
export function titreDErreur(html: string): string {
  if (!html.includes('id="resume-erreurs"')) return html;
  return html.replace(/<title>(?!Erreur :)/, '<title>Erreur : ');
}
