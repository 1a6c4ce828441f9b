import { MOT_DE_PASSE_MIN } from '../../../services/comptes/mot-de-passe.ts';
import { Boutons, ChampMotDePasse, ChampTexte, Formulaire } from '../form/champs.tsx';
import type { ChampsLibelles, Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';

/** A success or information notice above a form (after sign-out, a reset, an invitation). */
export function Annonce({ texte, type = 'success' }: { texte?: string; type?: 'success' | 'info' }) {
  if (!texte) return null;
  return (
    <div class={`fr-alert fr-alert--${type} fr-alert--sm fr-mb-4w`}>
      <p>{texte}</p>
    </div>
  );
}

const ANNONCES: Record<string, { texte: string; type: 'success' | 'info' }> = {
  deconnecte: { texte: 'Déconnexion effectuée.', type: 'success' },
  partout: { texte: 'Déconnexion effectuée sur tous vos appareils.', type: 'success' },
  reinitialise: {
    texte: 'Votre mot de passe a été changé. Connectez-vous avec le nouveau.',
    type: 'success',
  },
  // A form sent without a session (errors.handler.ts ici): what was typed is lost, say so.
  'non-connecte': {
    texte:
      'Vous n’êtes pas connecté (ou plus : votre session a pris fin) : le formulaire envoyé n’a pas été enregistré. Connectez-vous pour revenir à sa page, puis recommencez.',
    type: 'info',
  },
};
/**
 * The long free texts of a signed-in user's forms (their textareas: a review's comment, a platform
 * decision's or a structure refusal's motif, an offer's objective and content), each as the sign-in
 * page gives it back when the session ended before the form was sent: the form is not saved, what
 * was typed must not be lost (a fresh user's report, 07/12). The words of the stale-decision page.
 */
export const TEXTES_LIBRES = {
  commentaire: 'Votre commentaire, qui n’a pas été envoyé',
  motif: 'Votre motif, qui n’a pas été envoyé',
  objectif: 'L’objectif que vous aviez saisi, qui n’a pas été enregistré',
  contenu: 'Le contenu que vous aviez saisi, qui n’a pas été enregistré',
} as const;
export type TexteLibre = { readonly champ: keyof typeof TEXTES_LIBRES; readonly valeur: string };

// More than any form takes (LONGUEURS_MAX): a body over it is not one of ours, nothing to give back.
const TEXTE_LIBRE_MAX = 20_000;

/**
 * The free texts (TEXTES_LIBRES) of a form's body, non-blank, in that order. Read from the request
 * only, never stored: the page that shows them escapes them as any text (preact).
 */
export function textesLibres(body: unknown): TexteLibre[] {
  if (!body || typeof body !== 'object') return [];
  const b = body as Record<string, unknown>;
  return (Object.keys(TEXTES_LIBRES) as (keyof typeof TEXTES_LIBRES)[]).flatMap((champ) => {
    const v = Object.hasOwn(b, champ) ? b[champ] : undefined;
    return typeof v === 'string' && v.trim() && v.length <= TEXTE_LIBRE_MAX ? [{ champ, valeur: v }] : [];
  });
}

/**
 * What was typed in a form refused for want of a session, to copy before signing in again — or
 * refused as expired (CSRF_INVALIDE: `avant` « de revenir au formulaire », erreur.page.tsx).
 */
export function TextesNonEnvoyes({
  textes,
  avant = 'de vous connecter',
}: {
  textes: readonly TexteLibre[];
  avant?: string;
}) {
  if (!textes.length) return null;
  return (
    <div class="fr-callout fr-mb-4w">
      <h2 class="fr-callout__title fr-h5">Ce que vous aviez écrit</h2>
      <p class="fr-callout__text">Copiez-le avant {avant} : la page du formulaire s’ouvrira sans lui.</p>
      {textes.map((t) => (
        <p key={t.champ}>
          {TEXTES_LIBRES[t.champ]} : « {t.valeur.trim()} »
        </p>
      ))}
    </div>
  );
}

/** The notice `?info=<code>` asks the sign-in page for, if it is one of ours. */
export const annonceDe = (code: unknown) =>
  typeof code === 'string' && Object.hasOwn(ANNONCES, code) ? ANNONCES[code] : undefined;

// Each form's fields in page order with their labels: the pages show these labels, and the routes
// word and order the error summary with them (erreursLibellees).

/** The labels of the new password and its confirmation (change, reset, invitation, sign-up). */
export const LIBELLE_NOUVEAU = 'Nouveau mot de passe';
export const LIBELLE_CONFIRMATION = 'Confirmez le mot de passe';

export const CHAMPS_CONNEXION = [
  ['email', 'Adresse électronique'],
  ['mot_de_passe', 'Mot de passe'],
] as const satisfies ChampsLibelles;
export const CHAMPS_CHANGEMENT = [
  ['actuel', 'Mot de passe actuel'],
  ['nouveau', LIBELLE_NOUVEAU],
  ['confirmation', LIBELLE_CONFIRMATION],
] as const satisfies ChampsLibelles;
export const CHAMPS_OUBLI = [
  ['email', 'Adresse électronique de votre compte'],
] as const satisfies ChampsLibelles;
export const CHAMPS_NOUVEAU = [
  ['nouveau', LIBELLE_NOUVEAU],
  ['confirmation', LIBELLE_CONFIRMATION],
] as const satisfies ChampsLibelles;

/** /connexion: e-mail and password; links to the reset and to the sign-up of a new structure. */
export function ConnexionPage(p: {
  erreurs: Erreurs;
  email?: string;
  retour?: string;
  annonce?: { texte: string; type: 'success' | 'info' };
  /** The free texts of a form refused for want of a session (textesLibres), kept through a failed attempt. */
  textes?: readonly TexteLibre[];
}) {
  const textes = p.textes ?? [];
  return (
    <Layout titre="Connexion">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Connexion à Offre</h1>
          <Annonce texte={p.annonce?.texte} type={p.annonce?.type} />
          <TextesNonEnvoyes textes={textes} />
          <Formulaire
            action={`/connexion${p.retour ? `?${new URLSearchParams({ retour: p.retour })}` : ''}`}
            erreurs={p.erreurs}
          >
            {textes.map((t) => (
              <input key={t.champ} type="hidden" name={t.champ} value={t.valeur} />
            ))}
            <fieldset class="fr-fieldset" aria-labelledby="connexion-legende">
              <legend class="fr-fieldset__legend" id="connexion-legende">
                Se connecter avec son adresse électronique
              </legend>
              <div class="fr-fieldset__element">
                <ChampTexte
                  name="email"
                  label={CHAMPS_CONNEXION[0][1]}
                  hint="Format attendu : nom@domaine.fr"
                  type="email"
                  autocomplete="username"
                  valeur={p.email}
                  erreurs={p.erreurs}
                />
              </div>
              <div class="fr-fieldset__element">
                <ChampMotDePasse
                  name="mot_de_passe"
                  label={CHAMPS_CONNEXION[1][1]}
                  autocomplete="current-password"
                  erreurs={p.erreurs}
                />
                <p>
                  <a class="fr-link" href="/mot-de-passe/oublie">
                    Mot de passe oublié ?
                  </a>
                </p>
              </div>
            </fieldset>
            <Boutons>
              <button class="fr-btn" type="submit">
                Se connecter
              </button>
            </Boutons>
          </Formulaire>
          <hr class="fr-mt-4w" />
          <h2 class="fr-h4">Votre structure n’a pas encore de compte ?</h2>
          <p>
            Un organisme de formation ou un CFA crée son compte puis un gestionnaire de sa région le valide.
            Si votre structure a déjà un compte, demandez à l’un de ses utilisateurs de vous inviter.
          </p>
          <a class="fr-btn fr-btn--secondary" href="/inscription">
            Créer un compte pour ma structure
          </a>
        </div>
      </div>
    </Layout>
  );
}

/** /compte/mot-de-passe: the forced first change (no current password) or a voluntary one. */
export function ChangerMotDePassePage(p: { erreurs: Erreurs; force: boolean; retour?: string }) {
  return (
    <Layout titre="Changer de mot de passe">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>{p.force ? 'Choisissez votre mot de passe' : 'Changer de mot de passe'}</h1>
          {p.force && (
            <p>
              Connexion effectuée avec un mot de passe à usage unique. Choisissez maintenant votre propre mot
              de passe pour accéder à Offre.
            </p>
          )}
          <Formulaire
            action={`/compte/mot-de-passe${p.retour ? `?${new URLSearchParams({ retour: p.retour })}` : ''}`}
            erreurs={p.erreurs}
          >
            {!p.force && (
              <ChampMotDePasse
                name="actuel"
                label={CHAMPS_CHANGEMENT[0][1]}
                autocomplete="current-password"
                erreurs={p.erreurs}
              />
            )}
            <NouveauMotDePasse erreurs={p.erreurs} />
            <Boutons>
              <button class="fr-btn" type="submit">
                Enregistrer le mot de passe
              </button>
            </Boutons>
          </Formulaire>
        </div>
      </div>
    </Layout>
  );
}

/** The "new password" and "confirmation" pair (change, reset, invitation, sign-up). */
export function NouveauMotDePasse({ erreurs, name = 'nouveau' }: { erreurs: Erreurs; name?: string }) {
  return (
    <>
      <ChampMotDePasse
        name={name}
        label={LIBELLE_NOUVEAU}
        hint={`${MOT_DE_PASSE_MIN} caractères au moins ; une phrase de passe facile à retenir convient.`}
        autocomplete="new-password"
        erreurs={erreurs}
      />
      <ChampMotDePasse
        name="confirmation"
        label={LIBELLE_CONFIRMATION}
        autocomplete="new-password"
        erreurs={erreurs}
      />
    </>
  );
}

/** /mot-de-passe/oublie: ask for a reset link. */
export function MotDePasseOubliePage(p: { erreurs: Erreurs; email?: string; envoye?: boolean }) {
  return (
    <Layout titre="Mot de passe oublié">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Mot de passe oublié</h1>
          {p.envoye ? (
            <Annonce
              texte="Si un compte existe pour cette adresse, un lien de réinitialisation vient d’y être envoyé. Il est valable une heure et ne sert qu’une fois."
              type="info"
            />
          ) : (
            <Formulaire action="/mot-de-passe/oublie" erreurs={p.erreurs}>
              <ChampTexte
                name="email"
                label={CHAMPS_OUBLI[0][1]}
                hint="Nous y enverrons un lien pour choisir un nouveau mot de passe."
                type="email"
                autocomplete="username"
                valeur={p.email}
                erreurs={p.erreurs}
              />
              <Boutons>
                <button class="fr-btn" type="submit">
                  Recevoir un lien
                </button>
              </Boutons>
            </Formulaire>
          )}
          <p class="fr-mt-4w">
            <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/connexion">
              Retour à la connexion
            </a>
          </p>
        </div>
      </div>
    </Layout>
  );
}

/** /mot-de-passe/nouveau?jeton=…: choose the new password (the token rides in the form). */
export function NouveauMotDePassePage(p: { erreurs: Erreurs; jeton: string }) {
  return (
    <Layout titre="Nouveau mot de passe">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-8 fr-col-lg-6">
          <h1>Choisissez un nouveau mot de passe</h1>
          <Formulaire action="/mot-de-passe/nouveau" erreurs={p.erreurs}>
            <input type="hidden" name="jeton" value={p.jeton} />
            <NouveauMotDePasse erreurs={p.erreurs} />
            <Boutons>
              <button class="fr-btn" type="submit">
                Enregistrer le mot de passe
              </button>
            </Boutons>
          </Formulaire>
        </div>
      </div>
    </Layout>
  );
}

/** /deconnexion (GET): a button (signing out is a POST, protected like every form). */
export function DeconnexionPage() {
  return (
    <Layout titre="Se déconnecter">
      <h1>Se déconnecter</h1>
      <Formulaire action="/deconnexion">
        <p>Vous allez fermer votre session sur cet appareil.</p>
        <Boutons>
          <button class="fr-btn" type="submit">
            Se déconnecter
          </button>
        </Boutons>
      </Formulaire>
    </Layout>
  );
}
