import { de } from '../../../domain/elision.ts';
import { REGIONS } from '../../../domain/geo.ts';
import { avecDeclare } from '../../../domain/organisme-nom.ts';
import { Boutons, ChampSelect, ChampTexte, ChampZoneTexte, Formulaire } from '../form/champs.tsx';
import type { ChampsLibelles, Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { LIBELLE_CONFIRMATION, LIBELLE_NOUVEAU, NouveauMotDePasse } from './connexion.page.tsx';

/** The sign-up form's fields in page order, with their labels (the page's and its error summary's). */
export const CHAMPS_INSCRIPTION = [
  ['siren', 'SIREN'],
  ['raison_sociale', 'Raison sociale'],
  ['region', 'Région'],
  ['sirets', 'Établissements (SIRET)'],
  ['nom', 'Nom et prénom'],
  ['email', 'Adresse électronique professionnelle'],
  ['mot_de_passe', LIBELLE_NOUVEAU],
  ['confirmation', LIBELLE_CONFIRMATION],
] as const satisfies ChampsLibelles;
const L = Object.fromEntries(CHAMPS_INSCRIPTION) as Record<(typeof CHAMPS_INSCRIPTION)[number][0], string>;

const OPTIONS_REGIONS = Object.entries(REGIONS).sort((a, b) => a[1].localeCompare(b[1], 'fr')) as [
  string,
  string,
][];

/** /inscription: the structure first (SIREN, name, région, establishments), then its first user. */
export function InscriptionPage(p: { erreurs: Erreurs; valeurs: Record<string, string> }) {
  const v = p.valeurs;
  return (
    <Layout titre="Créer un compte pour ma structure">
      <div class="fr-grid-row fr-grid-row--center">
        <div class="fr-col-12 fr-col-md-10 fr-col-lg-8">
          <h1>Créer un compte pour ma structure</h1>
          <p>
            Votre demande est examinée par un gestionnaire de la région de votre structure (Carif-Oref), ou
            par l’administration d’Offre quand aucun n’est désigné pour cette région : la structure est
            vérifiée dans le répertoire Sirene et la liste publique des organismes de formation. Vous recevez
            un courriel dès qu’elle est validée ; d’ici là, le compte ne donne accès à aucune offre.
          </p>
          <Formulaire action="/inscription" erreurs={p.erreurs}>
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">La structure</legend>
              <div class="fr-fieldset__element">
                <ChampTexte
                  name="siren"
                  label={L.siren}
                  hint="9 chiffres, par exemple 130025265"
                  inputMode="numeric"
                  valeur={v.siren}
                  erreurs={p.erreurs}
                />
              </div>
              <div class="fr-fieldset__element">
                <ChampTexte
                  name="raison_sociale"
                  label={L.raison_sociale}
                  autocomplete="organization"
                  valeur={v.raison_sociale}
                  erreurs={p.erreurs}
                />
              </div>
              <div class="fr-fieldset__element">
                <ChampSelect
                  name="region"
                  label={L.region}
                  hint="Celle de votre structure. Si le répertoire Sirene ou vos offres la situent ailleurs, ce sont les gestionnaires de ces régions qui examinent la demande."
                  options={OPTIONS_REGIONS}
                  valeur={v.region}
                  erreurs={p.erreurs}
                />
              </div>
              <div class="fr-fieldset__element">
                <ChampZoneTexte
                  name="sirets"
                  label={L.sirets}
                  hint="Les SIRET de vos lieux de formation, un par ligne (les espaces sont ignorés) ; ils complètent ce que disent Sirene et la liste publique des organismes."
                  requis={false}
                  lignes={3}
                  valeur={v.sirets}
                  erreurs={p.erreurs}
                />
              </div>
            </fieldset>
            <fieldset class="fr-fieldset">
              <legend class="fr-fieldset__legend">Vous</legend>
              <div class="fr-fieldset__element">
                <ChampTexte name="nom" label={L.nom} autocomplete="name" valeur={v.nom} erreurs={p.erreurs} />
              </div>
              <div class="fr-fieldset__element">
                <ChampTexte
                  name="email"
                  label={L.email}
                  hint="Format attendu : nom@domaine.fr"
                  type="email"
                  autocomplete="email"
                  valeur={v.email}
                  erreurs={p.erreurs}
                />
              </div>
              <div class="fr-fieldset__element">
                <NouveauMotDePasse erreurs={p.erreurs} name="mot_de_passe" />
              </div>
            </fieldset>
            <Boutons>
              <button class="fr-btn" type="submit">
                Demander la création du compte
              </button>
            </Boutons>
          </Formulaire>
        </div>
      </div>
    </Layout>
  );
}

/** After sign-up: what happens next. */
/** `structure`: the name Offre knows for the SIREN (else the typed one); `declare`: the typed one when it differs. */
export function InscriptionEnregistreePage({
  structure,
  declare,
  examen,
}: {
  structure: string;
  declare: string | null;
  /** Who reviews it (domain/inscription-region.ts examinateursInscription). */
  examen: string;
}) {
  return (
    <Layout titre="Demande enregistrée">
      <h1>Demande enregistrée</h1>
      <div class="fr-alert fr-alert--success fr-mb-4w">
        <p>
          La demande de compte {de(avecDeclare(structure, declare))} est {examen}.
        </p>
      </div>
      <p>
        Vous recevrez un courriel dès qu’elle sera validée. Vous pourrez alors vous connecter avec l’adresse
        et le mot de passe que vous venez de choisir.
      </p>
      <p>
        Si votre adresse a déjà un compte Offre, aucun nouveau compte n’est créé : un courriel vous le dit,
        avec le lien pour vous connecter.
      </p>
      <p>
        Si votre structure a déjà un compte Offre, aucun nouveau compte n’est créé : ses utilisateurs sont
        prévenus de votre demande et peuvent vous inviter ; vous recevrez alors un courriel d’invitation.
      </p>
      <p>
        Si une inscription de votre structure attend déjà d’être examinée, aucune autre n’est créée : votre
        demande est signalée à ceux qui l’examinent, qui peuvent vous contacter ; une fois la structure
        validée, ses utilisateurs pourront vous inviter.
      </p>
      <a class="fr-btn" href="/">
        Retour à l’accueil
      </a>
    </Layout>
  );
}
