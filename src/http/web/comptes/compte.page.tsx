import { LIBELLES_ROLES } from '../../../domain/acteur.ts';
import { dateHeureLongue, jourLong } from '../../../domain/dates.ts';
import { de } from '../../../domain/elision.ts';
import { avisCompteNonValide } from '../../../domain/structure-non-validee.ts';
import type { Compte } from '../../../services/comptes/connexion.service.ts';
import { Boutons, ChampTexte, Formulaire } from '../form/champs.tsx';
import type { ChampsLibelles, Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import { Annonce, LIBELLE_CONFIRMATION, LIBELLE_NOUVEAU, NouveauMotDePasse } from './connexion.page.tsx';

/** The invitation form of /compte (a colleague's address). */
export const CHAMPS_INVITER = [
  ['email', 'Adresse électronique du collègue'],
] as const satisfies ChampsLibelles;
/** The form of /invitation (the invitee's name and password), in page order. */
export const CHAMPS_INVITATION = [
  ['nom', 'Nom et prénom'],
  ['nouveau', LIBELLE_NOUVEAU],
  ['confirmation', LIBELLE_CONFIRMATION],
] as const satisfies ChampsLibelles;

const date = (d: Date | string) => jourLong(d);

/** The state of an account whose structure is not validated: pending (info) or refused (warning, what to do). */
function AvisCompteNonValide({ avis }: { avis: ReturnType<typeof avisCompteNonValide> }) {
  return (
    <div class={`fr-alert ${avis.suite ? 'fr-alert--warning' : 'fr-alert--info'} fr-mb-4w`}>
      <h2 class="fr-alert__title">{avis.titre}</h2>
      <p>{avis.message}</p>
      {avis.suite && (
        <>
          <p>{avis.suite}</p>
          <p>
            <a href="/inscription">Créer un compte pour ma structure</a>
          </p>
        </>
      )}
    </div>
  );
}

/** /compte: who I am, my password, sign out everywhere; for a structure's user, its colleagues and invitations. */
export function ComptePage(p: {
  compte: Compte;
  collegues: readonly { email: string; nom: string | null; created_at: Date | string }[] | null;
  erreurs: Erreurs;
  email?: string;
  annonce?: string;
}) {
  const c = p.compte;
  return (
    <Layout titre="Mon compte">
      <h1>Mon compte</h1>
      <Annonce texte={p.annonce} />
      {(c.etat === 'en_attente' || c.etat === 'structure_refusee') && (
        <AvisCompteNonValide avis={avisCompteNonValide({ ...c, etat: c.etat, region: c.structureRegion })} />
      )}
      <dl>
        <dt class="fr-text--bold">Nom</dt>
        <dd>{c.nom}</dd>
        <dt class="fr-text--bold">Adresse électronique</dt>
        <dd>{c.email}</dd>
        <dt class="fr-text--bold">Profil</dt>
        <dd>{LIBELLES_ROLES[c.role]}</dd>
        {c.siren && (
          <>
            <dt class="fr-text--bold">Structure</dt>
            <dd>
              {c.structure} (SIREN {c.siren})
            </dd>
          </>
        )}
      </dl>
      <h2 class="fr-mt-4w">Sécurité</h2>
      <ul class="fr-btns-group fr-btns-group--inline-md">
        <li>
          <a class="fr-btn fr-btn--secondary" href="/compte/mot-de-passe">
            Changer de mot de passe
          </a>
        </li>
      </ul>
      <Formulaire action="/deconnexion/partout">
        <p>Vous avez perdu un appareil ou utilisé Offre sur un poste partagé ? Fermez toutes vos sessions.</p>
        <button class="fr-btn fr-btn--tertiary" type="submit">
          Se déconnecter de tous les appareils
        </button>
      </Formulaire>
      {p.collegues && (
        <>
          <h2 class="fr-mt-6w">Les utilisateurs {c.structure ? de(c.structure) : 'de la structure'}</h2>
          <TableDefilante nom="Utilisateurs de la structure">
            <caption class="fr-sr-only">Utilisateurs de la structure</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Adresse électronique</th>
                <th scope="col">Depuis le</th>
              </tr>
            </thead>
            <tbody>
              {p.collegues.map((u) => (
                <tr key={u.email}>
                  <td>{u.nom ?? '—'}</td>
                  <td>{u.email}</td>
                  <td>{date(u.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </TableDefilante>
          <h3>Inviter un collègue</h3>
          <Formulaire action="/compte/invitations" erreurs={p.erreurs}>
            <ChampTexte
              name="email"
              label={CHAMPS_INVITER[0][1]}
              hint="Il recevra un lien, valable 7 jours, pour choisir son mot de passe. Une même adresse peut être invitée de nouveau 24 heures après."
              type="email"
              autocomplete="off"
              valeur={p.email}
              erreurs={p.erreurs}
            />
            <Boutons>
              <button class="fr-btn" type="submit">
                Envoyer l’invitation
              </button>
            </Boutons>
          </Formulaire>
        </>
      )}
    </Layout>
  );
}

/** /invitation?jeton=…: the invitee chooses a name and a password. */
export function InvitationPage(p: {
  erreurs: Erreurs;
  jeton: string;
  email: string;
  structure: string;
  nom?: string;
  /** The address has an account since the invitation was sent: no form, the way to sign in. */
  compteExiste?: boolean;
}) {
  if (p.compteExiste)
    return (
      <Layout titre="Rejoindre une structure">
        <h1>Rejoindre {p.structure}</h1>
        <div class="fr-alert fr-alert--info fr-mb-3w">
          <p>
            Un compte existe déjà pour <strong>{p.email}</strong> : cette invitation ne peut plus servir.
            Connectez-vous avec ce compte, ou demandez à votre collègue une invitation pour une autre adresse.
          </p>
        </div>
        <a class="fr-btn" href="/connexion">
          Se connecter
        </a>
      </Layout>
    );
  return (
    <Layout titre="Rejoindre une structure">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Rejoindre {p.structure}</h1>
          <p>
            Votre compte sera <strong>{p.email}</strong>. Choisissez votre mot de passe.
          </p>
          <Formulaire action="/invitation" erreurs={p.erreurs}>
            <input type="hidden" name="jeton" value={p.jeton} />
            <ChampTexte
              name="nom"
              label={CHAMPS_INVITATION[0][1]}
              autocomplete="name"
              valeur={p.nom}
              erreurs={p.erreurs}
            />
            <NouveauMotDePasse erreurs={p.erreurs} />
            <Boutons>
              <button class="fr-btn" type="submit">
                Créer mon compte
              </button>
            </Boutons>
          </Formulaire>
        </div>
      </div>
    </Layout>
  );
}

/** /notifications: what Offre told me (every e-mail is also here), newest first. */
export function NotificationsPage(p: {
  notifications: readonly {
    id: string;
    titre: string;
    texte: string;
    lien: string | null;
    created_at: Date | string;
    lue_at: Date | string | null;
  }[];
}) {
  return (
    <Layout titre="Notifications">
      <h1>Notifications</h1>
      {p.notifications.length === 0 ? (
        <p>Aucune notification.</p>
      ) : (
        <ul class="fr-raw-list">
          {p.notifications.map((n) => (
            <li key={n.id} class="fr-mb-3w">
              <div class={`fr-callout${n.lue_at ? '' : ' fr-callout--blue-ecume'}`}>
                <h2 class="fr-callout__title fr-h6">
                  {n.titre}
                  {!n.lue_at && <span class="fr-badge fr-badge--new fr-badge--sm fr-ml-1w">Nouveau</span>}
                </h2>
                <p class="fr-callout__text fr-text--md">{n.texte}</p>
                <p class="fr-text--xs fr-mb-0">
                  {dateHeureLongue(n.created_at)}
                  {n.lien && (
                    <>
                      {' – '}
                      <a href={n.lien}>Voir</a>
                    </>
                  )}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
