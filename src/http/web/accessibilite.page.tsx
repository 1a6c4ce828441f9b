import { FilAriane, Layout } from './layout.tsx';

// The accessibility statement (déclaration d'accessibilité), after the RGAA 4.1 model
// (https://accessibilite.numerique.gouv.fr/obligations/declaration-accessibilite/): state of
// compliance, what was checked and how, known non-compliance, contact, remedies. Linked from the
// footer of every page. Keep "Ce qui a été vérifié" in step with test/browser/ (docs/pages.md).

/** Date the statement was written (update it with the checks). */
const ETABLIE_LE = '30 novembre 2026';

export function AccessibilitePage({ contact }: { contact?: string } = {}) {
  return (
    <Layout titre="Déclaration d’accessibilité">
      <FilAriane
        liens={[
          { libelle: 'Accueil', href: '/' },
          { libelle: 'Déclaration d’accessibilité', href: '/accessibilite' },
        ]}
      />
      <h1>Déclaration d’accessibilité</h1>
      <p>
        L’équipe d’Offre s’engage à rendre ce service accessible, conformément à l’article 47 de la loi n°
        2005-102 du 11 février 2005. Cette déclaration s’applique à l’ensemble du site Offre : recherche de
        formations, pages des formations, connexion, espace des organismes, gestion, instruction et
        administration.
      </p>

      <h2 class="fr-mt-5w" id="etat">
        État de conformité
      </h2>
      <p>
        Offre est <strong>non conforme</strong> avec le référentiel général d’amélioration de l’accessibilité
        (RGAA 4.1) : aucun audit de conformité complet, critère par critère, n’a encore été réalisé. Les
        vérifications décrites ci-dessous sont faites à chaque modification du code ; elles ne remplacent pas
        cet audit.
      </p>

      <h2 class="fr-mt-5w" id="verifications">
        Ce qui a été vérifié
      </h2>
      <ul>
        <li>
          <strong>Analyse automatique par axe-core</strong> (règles WCAG 2.1 niveaux A et AA, et bonnes
          pratiques) dans un vrai navigateur <strong>Chromium</strong>, sur <strong>chaque page</strong> des
          parcours testés : recherche d’une formation (mots, lieu, filtres, pagination) et page de la
          formation, connexion, inscription d’une structure, mot de passe oublié, espace de l’organisme
          (saisie d’une formation et de ses sessions, publication), imports de classeurs et de fichiers LHEO,
          gestion (validation, revue, structures, qualité), administration. Aucune erreur grave ou critique
          n’est acceptée.
        </li>
        <li>
          Ces parcours sont faits <strong>avec et sans JavaScript</strong> : chaque page fonctionne sans
          JavaScript (formulaires ordinaires).
        </li>
        <li>
          <strong>Test au clavier seul</strong> : la saisie d’une formation par un organisme est parcourue à
          la touche Tabulation, sans souris ; les liens d’évitement mènent au contenu, à la recherche et au
          pied de page.
        </li>
        <li>
          Les pages utilisent le <strong>Système de design de l’État (DSFR)</strong> ; les erreurs de
          formulaire sont résumées en haut de la page, chacune étant un lien vers son champ, et répétées sous
          le champ.
        </li>
      </ul>
      <p>
        Environnement des tests : Chromium de Debian piloté par Playwright, axe-core 4.13. Technologies
        utilisées : HTML, CSS (DSFR), JavaScript facultatif.
      </p>

      <h2 class="fr-mt-5w" id="non-conformites">
        Non-conformités connues et limites
      </h2>
      <ul>
        <li>
          Les tests automatiques ne couvrent qu’une partie des critères du RGAA : la restitution par les
          lecteurs d’écran, la pertinence des alternatives et des intitulés, l’agrandissement du texte à 200 %
          et la consultation sur mobile n’ont pas été vérifiés par une personne.
        </li>
        <li>
          La liste de communes proposée pendant la saisie du champ « Où ? » (élément <code>datalist</code>)
          est annoncée différemment selon les lecteurs d’écran ; le champ reste un champ texte ordinaire.
        </li>
        <li>
          Les classeurs de campagne (fichiers Excel) et les fichiers d’export ne sont pas vérifiés : leur
          convention de couleurs (ligne jaune, police rouge ou bleue) est doublée d’une colonne « Erreurs » à
          l’import, mais pas à la saisie.
        </li>
      </ul>
      <p>
        Contenu non soumis à l’obligation : la carte OpenStreetMap ouverte par le lien « Voir sur une carte »
        (service tiers) ; l’adresse du lieu est toujours écrite en texte sur la page.
      </p>

      <h2 class="fr-mt-5w" id="contact">
        Retour d’information et contact
      </h2>
      <p>
        Si vous n’arrivez pas à accéder à un contenu ou à un service, signalez-le : nous vous indiquerons une
        autre façon d’obtenir l’information.{' '}
        {contact ? (
          <>
            Écrivez à <a href={`mailto:${contact}`}>{contact}</a>.
          </>
        ) : (
          'Écrivez à l’organisme qui exploite ce service (le Carif-Oref de votre région).'
        )}
      </p>

      <h2 class="fr-mt-5w" id="recours">
        Voies de recours
      </h2>
      <p>
        Si vous nous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un
        service et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez :
      </p>
      <ul>
        <li>
          écrire un message au{' '}
          <a
            href="https://formulaire.defenseurdesdroits.fr/"
            rel="noopener"
            target="_blank"
            title="Formulaire du Défenseur des droits (nouvelle fenêtre)"
          >
            Défenseur des droits
          </a>{' '}
          ;
        </li>
        <li>
          contacter{' '}
          <a
            href="https://www.defenseurdesdroits.fr/saisir/delegues"
            rel="noopener"
            target="_blank"
            title="Les délégués du Défenseur des droits (nouvelle fenêtre)"
          >
            le délégué du Défenseur des droits dans votre région
          </a>{' '}
          ;
        </li>
        <li>
          envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, Libre
          réponse 71120, 75342 Paris CEDEX 07.
        </li>
      </ul>
      <p class="fr-text--sm fr-mt-3w">Cette déclaration a été établie le {ETABLIE_LE}.</p>
    </Layout>
  );
}
