import { messageCodeAbsent } from '../../../domain/certification-absente.ts';
import { expireeOuFermee } from '../../../domain/certification-choix.ts';
import {
  CHAMPS_POUR_PUBLIER,
  CHAMPS_POUR_PUBLIER_EN_APPRENTISSAGE,
} from '../../../domain/champs-obligatoires.ts';
import { publieeHorsDiffusion, rediffusee } from '../../../domain/diffusion.ts';
import { DUREE_ANNEES, LONGUEURS_MAX, TYPES_CONTACT } from '../../../domain/formation.schema.ts';
import { organismeLisible } from '../../../domain/identifiants.ts';
import { FINANCEUR } from '../../../domain/libelles.ts';
import {
  INDICATION_LHEO,
  LONGUEUR_TEXTE_LHEO,
  TEXTES_LHEO,
  textesCoupesLheo,
} from '../../../domain/longueur-lheo.ts';
import { nombre } from '../../../domain/nombres.ts';
import { referenceOrganisme } from '../../../domain/reference-organisme.ts';
import { decider } from '../../../domain/workflow.ts';
import type {
  CertificationProposee,
  CertificationsProposees,
  Doublon,
  FicheEspace,
  FicheSaisie,
  Manquant,
  ReglesEspace,
} from '../../../services/espace.service.ts';
import { Annonce } from '../comptes/connexion.page.tsx';
import {
  Boutons,
  ChampSelect,
  ChampTexte,
  ChampZoneTexte,
  Formulaire,
  ResumeErreurs,
} from '../form/champs.tsx';
import { dansLOrdre, type Erreurs } from '../form/formulaire.ts';
import { FilAriane, Layout } from '../layout.tsx';
import { TYPE_CONTACT } from '../libelles.ts';
import { describeCertification } from './certification.ts';
import {
  AbandonRevision,
  CONFIRMER_ABANDON,
  Conformite,
  type Historique,
  HistoriqueSection,
  Plateformes,
  Publier,
  Sessions,
} from './fiche.sections.tsx';
import { AvisHorsDiffusion } from './hors-diffusion.tsx';
import { ID_CONTENU, LignesFormation, LignesSessions } from './lecture.tsx';
import { badgeDe, LIBELLE_ENREGISTRER, STATUT } from './libelles.ts';
import { CHAMPS_FICHE, FINANCEURS_SAISIS, MAX_CONTACTS } from './saisie.ts';
import { SectionRetrait } from './sortie.page.tsx';
import { AlerteVersion, ChampVersion, type RefusVersion } from './version.tsx';

/**
 * Whether the form offers « Enregistrer et publier »: what is typed is saved, then published as
 * « Publier » does — where the workflow lets the offer itself be published (domain/workflow.ts
 * `decider`; a published offer's changes go for validation as they are saved, nothing to publish).
 */
const publiable = (f: FicheEspace) =>
  f.statut !== 'publiee' &&
  decider({ statut: f.statut, revision: null, statutAvantSuppression: null }, 'publier').ok;

/** Errors named by field (`contenu`) → named by the id of their field on this page. */
const versIds = (erreurs: Erreurs): Erreurs =>
  erreurs.map((x) => (x.champ === 'contenu' ? { ...x, champ: ID_CONTENU } : x));

type Regles = ReglesEspace['echecs'];

/** The stored offer's statut and catalogue verdict (what its badge and diffusion follow). */
const statutDe = (f: FicheEspace) => ({ statut: f.statut, catalogue: f.formation.conformite.catalogue });

/** The failing rules of one field, right under it (after each save). */
function ReglesDuChamp({ regles, champ }: { regles: Regles; champ: string }) {
  const r = regles.filter((x) => x.champ === champ);
  if (!r.length) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w">
      {r.map((x) => (
        <p key={x.code}>
          {x.message}
          {x.corriger && <> Pour corriger : {x.corriger}</>} <span class="fr-text--xs">({x.code})</span>
        </p>
      ))}
    </div>
  );
}

/**
 * What follows the label of a field « Publier » requires (domain/champs-obligatoires.ts, the list
 * « Publier » checks): « (obligatoire pour publier) », '' for the others.
 */
const pourPublier = (name: string): string =>
  CHAMPS_POUR_PUBLIER.has(name)
    ? ' (obligatoire pour publier)'
    : CHAMPS_POUR_PUBLIER_EN_APPRENTISSAGE.has(name)
      ? ' (obligatoire pour publier si ouverte en contrat d’apprentissage)'
      : '';

function OuiNon({
  name,
  legende,
  valeur,
  erreurs,
}: {
  name: string;
  legende: string;
  valeur: boolean | null | undefined;
  erreurs: Erreurs;
}) {
  const erreur = erreurs
    .filter((e) => e.champ === name)
    .map((e) => e.message)
    .join(' ');
  return (
    <fieldset
      class={`fr-fieldset${erreur ? ' fr-fieldset--error' : ''}`}
      id={name}
      aria-labelledby={`${name}-legende ${name}-messages`}
    >
      <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id={`${name}-legende`}>
        {legende}
        {pourPublier(name)}
      </legend>
      {(['oui', 'non'] as const).map((v) => (
        <div class="fr-fieldset__element fr-fieldset__element--inline" key={v}>
          <div class="fr-radio-group">
            <input
              type="radio"
              id={`${name}-${v}`}
              name={name}
              value={v}
              checked={valeur === (v === 'oui')}
            />
            <label class="fr-label" for={`${name}-${v}`}>
              {v === 'oui' ? 'Oui' : 'Non'}
            </label>
          </div>
        </div>
      ))}
      <div class="fr-messages-group" id={`${name}-messages`} aria-live="polite">
        {erreur && <p class="fr-message fr-message--error">{erreur}</p>}
      </div>
    </fieldset>
  );
}

function Organisme({
  qui: role,
  label,
  valeur,
  etablissements,
  noms,
  erreurs,
  sousMandat,
}: {
  qui: 'responsable' | 'formateur';
  label: string;
  valeur: string | null | undefined;
  etablissements: readonly { siret: string; nom: string | null }[];
  /** Names of the SIRETs of the stored offer (FicheEspace.organismes), for one outside the list. */
  noms: ReadonlyMap<string, string> | undefined;
  erreurs: Erreurs;
  /** The form names a mandataire: a value outside the user's establishments is a co-contractor's, typed. */
  sousMandat: boolean;
}) {
  const name = `${role}.siret`;
  const hint =
    'Un établissement de votre structure. Un établissement d’un autre SIREN doit être ajouté par un gestionnaire de votre région.';
  const nomEnregistre = valeur ? noms?.get(valeur) : undefined;
  if (etablissements.length === 0)
    return (
      <ChampTexte
        name={name}
        label={`${label} (SIRET${CHAMPS_POUR_PUBLIER.has(name) ? ', obligatoire pour publier' : ''})`}
        hint={nomEnregistre ? `${hint} Enregistré : ${organismeLisible(valeur!, nomEnregistre)}.` : hint}
        valeur={valeur}
        erreurs={erreurs}
        conditionnel
        inputMode="numeric"
      />
    );
  const dansLaListe = !valeur || etablissements.some((e) => e.siret === valeur);
  // Under a mandataire, a co-contractor's SIRET is in the text field, which then carries the
  // field's id (its errors and the summary's link): the list keeps only the user's establishments.
  const coTraitant = sousMandat && !dansLaListe;
  // « ACME FORMATION (SIRET 123 456 789 00011) »: the raison sociale when Offre knows it.
  const options: [string, string][] = etablissements.map((e) => [e.siret, organismeLisible(e.siret, e.nom)]);
  if (!dansLaListe && !coTraitant) options.push([valeur!, organismeLisible(valeur!, noms?.get(valeur!))]);
  return (
    <>
      <ChampSelect
        name={name}
        id={coTraitant ? `${name}-liste` : undefined}
        label={`${label}${pourPublier(name)}`}
        hint={hint}
        options={options}
        valeur={coTraitant ? null : valeur}
        erreurs={erreurs}
        conditionnel
      />
      <ChampTexte
        name={`${role}.siret_autre`}
        id={coTraitant ? name : `${role}.siret_autre`}
        label={`${label} co-traitant (SIRET), pour une action saisie sous votre mandat`}
        hint={`Seulement quand vous êtes le mandataire de cette action conventionnée (section « Action conventionnée ») : les 14 chiffres du SIRET de l’établissement co-traitant, connu de Sirene. Rempli, il remplace le choix de la liste ; laissez vide pour l’un de vos établissements.${
          coTraitant ? ` Enregistré : ${organismeLisible(valeur!, nomEnregistre)}.` : ''
        }`}
        valeur={coTraitant ? valeur : ''}
        erreurs={erreurs}
        conditionnel
        inputMode="numeric"
        autocomplete="off"
      />
    </>
  );
}

/**
 * « Action conventionnée »: the public funders of the action and its mandataire (the holder of the
 * market, one of the user's establishments, or « Aucun »). Under a mandataire the responsable and
 * formateur may be co-contractors' (docs/conventionne.md « Le mandataire propriétaire »).
 */
function Conventionne({
  valeurs: v,
  etablissements,
  noms,
  erreurs,
}: {
  valeurs: FicheSaisie;
  etablissements: readonly { siret: string; nom: string | null }[];
  noms: ReadonlyMap<string, string> | undefined;
  erreurs: Erreurs;
}) {
  const mandataire = v.mandataire?.siret ?? null;
  const options: [string, string][] = [
    ['', 'Aucun (action non conventionnée, ou saisie par le responsable)'],
    ...etablissements.map((e): [string, string] => [e.siret, organismeLisible(e.siret, e.nom)]),
  ];
  // A stored or posted mandataire outside the list (another structure's) is shown as it is.
  if (mandataire && !etablissements.some((e) => e.siret === mandataire))
    options.push([mandataire, organismeLisible(mandataire, noms?.get(mandataire))]);
  return (
    <>
      <h2 class="fr-h4 fr-mt-4w" id="conventionne">
        Action conventionnée (Région, France Travail, Agefiph)
      </h2>
      <p class="fr-text--sm">
        Une action financée par un marché public est saisie par son mandataire, le titulaire du marché :
        l’offre appartient alors à sa structure, et l’organisme responsable et l’organisme formateur peuvent
        être ceux d’un co-traitant. Chaque session porte son financeur et son numéro de marché (formulaire de
        session).
      </p>
      <fieldset class="fr-fieldset" id="financeurs" aria-labelledby="financeurs-legende">
        <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id="financeurs-legende">
          Financeur public de l’action
          <span class="fr-hint-text">
            Cochez le financeur du marché ; aucun pour une offre qui n’est pas conventionnée.
          </span>
        </legend>
        {FINANCEURS_SAISIS.map((x) => (
          <div class="fr-fieldset__element fr-fieldset__element--inline" key={x}>
            <div class="fr-checkbox-group">
              <input
                type="checkbox"
                id={`financeurs.${x}`}
                name={`financeurs.${x}`}
                value="oui"
                checked={v.financeurs?.includes(x)}
              />
              <label class="fr-label" for={`financeurs.${x}`}>
                {FINANCEUR[x]}
              </label>
            </div>
          </div>
        ))}
      </fieldset>
      {etablissements.length === 0 ? (
        // No establishment of the structure known yet (no Sirene row, no offer): typed, as the organismes are.
        <ChampTexte
          name="mandataire.siret"
          label="Mandataire (SIRET du titulaire du marché, facultatif)"
          hint={`Un établissement de votre structure, titulaire du marché ; vide si l’action n’est pas saisie sous mandat. Avec un mandataire, l’organisme responsable et l’organisme formateur peuvent être ceux d’un co-traitant.${
            mandataire && noms?.get(mandataire)
              ? ` Enregistré : ${organismeLisible(mandataire, noms.get(mandataire))}.`
              : ''
          }`}
          valeur={mandataire}
          erreurs={erreurs}
          conditionnel
          inputMode="numeric"
        />
      ) : (
        <ChampSelect
          name="mandataire.siret"
          label="Mandataire (titulaire du marché)"
          hint="Celui de vos établissements qui tient le marché. Avec un mandataire, saisissez le SIRET du co-traitant responsable ou formateur dans les champs « co-traitant » ci-dessous."
          options={options}
          valeur={mandataire}
          erreurs={erreurs}
          conditionnel
        />
      )}
    </>
  );
}

function PickerCertification({
  valeurs,
  recherche,
  resultats: trouvees,
  actuelle,
  erreurs,
}: {
  valeurs: FicheSaisie;
  recherche: string;
  resultats: CertificationsProposees | null;
  actuelle: string | null;
  erreurs: Erreurs;
}) {
  const resultats = trouvees?.proposees ?? null;
  // Words typed and never chosen, refused on save (saisie.ts readFiche, CERTIFICATION_NON_CHOISIE).
  const erreur = erreurs.find((x) => x.champ === 'certification.recherche');
  return (
    <fieldset class="fr-fieldset" id="certification" aria-labelledby="certification-legende">
      <legend class="fr-fieldset__legend" id="certification-legende">
        Certification visée
        <span class="fr-hint-text">
          Choisie dans les référentiels RNCP, RS et BCN chargés : cherchez-la par son code ou des mots de son
          intitulé. Un code complet absent des référentiels chargés, laissé dans le champ, est gardé tel que
          saisi à l’enregistrement (contrôle CERT_INCONNUE).
        </span>
      </legend>
      <input type="hidden" name="certification.rncp" value={valeurs.certification?.rncp ?? ''} />
      <input type="hidden" name="certification.cfd" value={valeurs.certification?.cfd ?? ''} />
      <div class="fr-fieldset__element">
        <p class="fr-mb-1w" id="certification-actuelle">
          Certification retenue : <strong>{actuelle ?? 'aucune pour l’instant'}</strong>
        </p>
      </div>
      <div class="fr-fieldset__element">
        <div class={`fr-input-group${erreur ? ' fr-input-group--error' : ''}`}>
          <label class="fr-label" for="certification.recherche">
            Chercher une certification
            <span class="fr-hint-text">
              Par exemple « RNCP34031 », « 32031213 » ou « management commercial ».
            </span>
          </label>
          <input
            class={`fr-input${erreur ? ' fr-input--error' : ''}`}
            id="certification.recherche"
            name="certification.recherche"
            type="search"
            value={recherche}
            aria-invalid={erreur ? 'true' : undefined}
            aria-describedby="certification.recherche-messages"
          />
          <div class="fr-messages-group" id="certification.recherche-messages" aria-live="polite">
            {erreur && (
              <p class="fr-message fr-message--error" id="certification.recherche-erreur">
                {erreur.message}
              </p>
            )}
          </div>
        </div>
        <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit" name="action" value="chercher">
          Chercher la certification
        </button>
      </div>
      {resultats && (
        <div class="fr-fieldset__element" id="certification-resultats">
          {trouvees?.correction && (
            <p id="certification-correction">
              Aucune certification pour « {recherche} ». Résultats pour «{' '}
              <strong>{trouvees.correction}</strong> ».
            </p>
          )}
          {resultats.length === 0 && trouvees?.absent ? (
            <p id="certification-absente">{messageCodeAbsent(trouvees.absent)}</p>
          ) : resultats.length === 0 ? (
            <p>Aucune certification ne correspond à « {recherche} ».</p>
          ) : (
            <fieldset class="fr-fieldset" aria-labelledby="certification-choix-legende">
              <legend
                class="fr-fieldset__legend--regular fr-fieldset__legend"
                id="certification-choix-legende"
              >
                {resultats.length} résultat{resultats.length > 1 ? 's' : ''} : choisissez la certification,
                puis enregistrez.
              </legend>
              {resultats
                .filter((c) => !expireeOuFermee(c))
                .map((c) => (
                  <ChoixCertification c={c} key={`${c.type}:${c.code}`} />
                ))}
              {resultats.some(expireeOuFermee) && (
                <p class="fr-text--sm fr-mt-2w fr-mb-1w" id="certification-expirees">
                  <strong>Certifications expirées ou diplômes fermés</strong> (inactives, dont
                  l’enregistrement a pris fin, ou fiche active dont le diplôme associé est fermé) : ne les
                  choisissez que pour une offre déjà engagée, une nouvelle offre ne peut pas être publiée.
                </p>
              )}
              {resultats.filter(expireeOuFermee).map((c) => (
                <ChoixCertification c={c} key={`${c.type}:${c.code}`} />
              ))}
            </fieldset>
          )}
        </div>
      )}
    </fieldset>
  );
}

/** The autocompletes of the certification and of a session's commune (progressive enhancement, scripts/autocompletion.js). */
export function ScriptsAutocompletion() {
  return (
    <>
      <script src="/vendor/accessible-autocomplete/accessible-autocomplete.min.js" defer />
      <script src="/scripts/autocompletion.js" defer />
    </>
  );
}

/** One choice of the picker: code (with its linked CFD ↔ RNCP), title, and what the référentiel says of it. */
function ChoixCertification({ c }: { c: CertificationProposee }) {
  const d = describeCertification(c);
  const id = `certification.choix-${c.type}-${c.code}`;
  return (
    <div class="fr-fieldset__element">
      <div class="fr-radio-group">
        <input type="radio" id={id} name="certification.choix" value={d.valeur} />
        <label class="fr-label" for={id}>
          {d.badge && <span class="fr-badge fr-badge--sm fr-badge--warning fr-mr-1w">{d.badge}</span>}
          {d.codes} – {d.intitule}
          <span class="fr-hint-text">{d.details}</span>
        </label>
      </div>
    </div>
  );
}

function Contacts({ contacts, erreurs }: { contacts: FicheSaisie['contacts']; erreurs: Erreurs }) {
  // Existing contacts, then one empty row whose role is left to choose (never one nobody picked).
  const rows: {
    type?: string | null;
    nom?: string | null;
    telephone?: string | null;
    courriel?: string | null;
  }[] = [...contacts];
  if (rows.length < MAX_CONTACTS) rows.push({ type: null, nom: null, telephone: null, courriel: null });
  return (
    <fieldset class="fr-fieldset" id="contacts" aria-labelledby="contacts-legende">
      <legend class="fr-fieldset__legend" id="contacts-legende">
        Contacts
        <span class="fr-hint-text">
          Au moins un contact (nom et téléphone ou courriel), dont le référent handicap. Pour en ajouter un
          autre, enregistrez : une ligne vide apparaît.
        </span>
      </legend>
      {erreurs
        .filter((e) => e.champ === 'contacts')
        .map((e) => (
          <p class="fr-message fr-message--error" key={e.message}>
            {e.message}
          </p>
        ))}
      {rows.map((c, i) => (
        <div class="fr-fieldset__element" key={String(i)}>
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-3">
              <ChampSelect
                name={`contacts.${i}.type`}
                label={`Contact ${i + 1} : rôle`}
                hint="À choisir dès que le contact a un nom, un téléphone ou un courriel."
                options={TYPES_CONTACT.map((t) => [t, TYPE_CONTACT[t] ?? t] as const)}
                valeur={c.type}
                erreurs={erreurs}
                requis={false}
                conditionnel
              />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <ChampTexte
                name={`contacts.${i}.nom`}
                label={`Contact ${i + 1} : nom${i === 0 ? ' (obligatoire pour publier)' : ''}`}
                valeur={c.nom}
                erreurs={erreurs}
                requis={false}
                conditionnel={i === 0}
              />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <ChampTexte
                name={`contacts.${i}.telephone`}
                label={`Contact ${i + 1} : téléphone${i === 0 ? ' (ou courriel, obligatoire pour publier)' : ''}`}
                type="tel"
                valeur={c.telephone}
                erreurs={erreurs}
                requis={false}
                conditionnel={i === 0}
              />
            </div>
            <div class="fr-col-12 fr-col-md-3">
              <ChampTexte
                name={`contacts.${i}.courriel`}
                label={`Contact ${i + 1} : courriel${i === 0 ? ' (ou téléphone, obligatoire pour publier)' : ''}`}
                type="email"
                valeur={c.courriel}
                erreurs={erreurs}
                requis={false}
                conditionnel={i === 0}
              />
            </div>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * What an archived formation is and how it comes back (docs/produit.md « Archivage, suppression »):
 * published again (« Publier », back through validation), then changed.
 */
function AvisArchivee({ id }: { id: string }) {
  return (
    <div class="fr-alert fr-alert--info fr-mb-4w" id="archivee">
      <h2 class="fr-alert__title">Cette formation est archivée</h2>
      <p>
        Elle n’est plus diffusée et ne se modifie plus : ni ici, ni par l’API, un fichier LHEO ou le classeur
        de campagne. Ses champs et ses sessions sont affichés en lecture seule.
      </p>
      <p>
        Pour la faire revivre, <a href={`/espace/formations/${encodeURIComponent(id)}#publier`}>publiez-la</a>{' '}
        : après relecture, elle repasse en validation chez le Carif-Oref de la région où ont lieu ses
        sessions, et vous pouvez de nouveau la modifier.
      </p>
    </div>
  );
}

/**
 * What a deleted formation is and who brings it back (docs/espace.md « Supprimer le brouillon »):
 * only a gestionnaire of its region restores it; until then it is read-only.
 */
function AvisSupprimee() {
  return (
    <div class="fr-alert fr-alert--info fr-mb-4w" id="supprimee">
      <h2 class="fr-alert__title">Cette formation est supprimée</h2>
      <p>
        Elle n’est pas diffusée et ne se modifie plus : ni ici, ni par l’API, un fichier LHEO ou le classeur
        de campagne. Ses champs et ses sessions sont affichés en lecture seule.
      </p>
      <p>
        Seul un gestionnaire de la région où ont lieu ses sessions peut la restaurer : demandez-le à votre
        Carif-Oref si elle a été supprimée par erreur.
      </p>
    </div>
  );
}

export interface FicheProps {
  /** null: a new formation. */
  readonly fiche: FicheEspace | null;
  readonly valeurs: FicheSaisie;
  readonly certificationActuelle: string | null;
  readonly recherche: string;
  readonly resultats: CertificationsProposees | null;
  readonly etablissements: readonly { siret: string; nom: string | null }[];
  readonly erreurs: Erreurs;
  readonly doublons: readonly Doublon[] | null;
  readonly regles: ReglesEspace | null;
  readonly historique: Historique | null;
  /** Titles of the certifications the history names, by code. */
  readonly titresCertifications?: ReadonlyMap<string, string>;
  readonly manquants: readonly Manquant[];
  /** Why `manquants` refused a published offer's change (it would have gone to validation). */
  readonly refusRevision?: string;
  readonly annonce?: string;
  /** `annonce` tells how things stand (DSFR « info » alert) rather than what was just done (« success »). */
  readonly annonceInfo?: boolean;
  /** The new-formation form's one-time token (services/espace-envoi.ts); none on an existing formation. */
  readonly jeton?: string;
  /**
   * The version the form carries (version.tsx): the one it was opened on through its re-displays
   * (search, errors); absent, the offer's current one (a fresh page, a save refused for its version).
   */
  readonly version?: string;
  /** A save refused for its version: the alert above the form, which keeps what was typed. */
  readonly refusVersion?: RefusVersion;
  /** The last history entry the page shows (« Abandonner la révision » carries it: version.tsx). */
  readonly historiqueLu?: string | null;
  /** Out of diffusion: whether the offer was ever diffused (espace.service.ts FormationEspace.dejaDiffusee). */
  readonly dejaDiffusee?: boolean;
  /** What was typed in a field the form's reading refused, by field (saisie.ts FicheLue.saisies). */
  readonly saisies?: Readonly<Record<string, string>>;
  /** The page `refusVersion` refused: the formation form (default), or « Abandonner la révision ». */
  readonly contexteVersion?: 'saisie' | 'abandon';
}

/** The name of the new-formation form's one-time token field. */
export const JETON_ENVOI = 'jeton_envoi';

/** /espace/formations/nouvelle and /espace/formations/{id}: the form, then sessions, conformity, history. */
/**
 * The offer's long texts the LHEO export cuts (domain/longueur-lheo.ts): said, not refused — the
 * offer is saved and diffused whole on Offre's own pages and API.
 */
function AvisLongueurLheo({ saisie }: { saisie: FicheEspace['saisie'] }) {
  const coupes = textesCoupesLheo(saisie);
  if (coupes.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-4w" id="longueur-lheo">
      {coupes.map((c) => (
        <p key={c.champ}>
          {TEXTES_LHEO[c.champ]} fait {nombre(c.longueur)} caractères : les partenaires qui reçoivent l’offre
          par l’export LHEO n’en reçoivent que les {nombre(LONGUEUR_TEXTE_LHEO)} premiers.
        </p>
      ))}
    </div>
  );
}

export function FichePage(p: FicheProps) {
  const f = p.fiche;
  const v = p.valeurs;
  const action = f ? `/espace/formations/${encodeURIComponent(f.id)}` : '/espace/formations/nouvelle';
  const titre = f ? (f.saisie.intitule ?? 'Formation sans intitulé') : 'Nouvelle formation';
  // The form shows the pending revision, if any: its failing rules go under its fields.
  const regles = p.regles?.revision?.echecs ?? p.regles?.echecs ?? [];
  // The confirmation of « Abandonner la révision » has its own form: its error is said there.
  // The summary lists the errors as the page shows the fields.
  const e = versIds(
    dansLOrdre(
      p.erreurs.filter((x) => x.champ !== CONFIRMER_ABANDON),
      CHAMPS_FICHE,
    ),
  );
  const erreurAbandon = p.erreurs.find((x) => x.champ === CONFIRMER_ABANDON)?.message;
  // An archived offer is changed by no door (domain/workflow.ts formationArchivee): read-only here.
  // Nor is a deleted one (only a gestionnaire restores it): read-only too.
  const archivee = f?.statut === 'archivee' || f?.statut === 'supprimee' ? f : null;
  // A published offer a blocking rule keeps out of diffusion is not shown as « Publiée » alone.
  const horsDiffusion = !!f && publieeHorsDiffusion(statutDe(f));
  return (
    <Layout titre={titre}>
      <FilAriane
        liens={[
          { libelle: 'Mon espace', href: '/espace' },
          { libelle: titre, href: action },
        ]}
      />
      <h1>{titre}</h1>
      {f && (
        <p>
          <span class={`fr-badge ${badgeDe(statutDe(f)).classe}`}>{badgeDe(statutDe(f)).libelle}</span>
          {/* The organisme's own reference only: the internal id is the address's, not a user's. */}
          {referenceOrganisme(f.saisie.cle_externe) ? ` Référence ${f.saisie.cle_externe}` : ''}
        </p>
      )}
      <Annonce texte={p.annonce} type={p.annonceInfo ? 'info' : 'success'} />
      {archivee?.statut === 'archivee' && <AvisArchivee id={archivee.id} />}
      {archivee?.statut === 'supprimee' && <AvisSupprimee />}
      {f && <AvisLongueurLheo saisie={f.saisie} />}
      {f && horsDiffusion && (
        <AvisHorsDiffusion
          echecs={p.regles?.echecs ?? []}
          dejaDiffusee={p.dejaDiffusee ?? true}
          suite={
            <>
              {f.revision
                ? `Votre révision est ouverte : corrigez-la si besoin ; l’offre sera ${rediffusee(p.dejaDiffusee ?? true)} quand un gestionnaire l’aura validée sans règle bloquante en échec.`
                : `Corrigez l’offre ci-dessous et enregistrez : vos modifications forment une révision, validée par le gestionnaire de votre région ; l’offre sera ${rediffusee(p.dejaDiffusee ?? true)} une fois la révision validée sans règle bloquante en échec.`}{' '}
              Le détail et les preuves : <a href="#conformite">Conformité</a>.
            </>
          }
        />
      )}
      {f?.statut === 'a_corriger' && f.commentaire && (
        <div class="fr-alert fr-alert--warning fr-mb-4w">
          <h2 class="fr-alert__title">À corriger : le commentaire du gestionnaire</h2>
          <p>{f.commentaire}</p>
        </div>
      )}
      {f?.revision && (
        <div class="fr-alert fr-alert--info fr-mb-4w">
          <h2 class="fr-alert__title">
            {f.revision.statut === 'a_corriger' ? 'Révision à corriger' : 'Révision en attente de validation'}
          </h2>
          <p>
            {horsDiffusion
              ? 'Vos modifications de cette offre publiée forment une révision : la version validée reste hors diffusion jusqu’à ce qu’un gestionnaire valide la révision.'
              : 'Vos modifications de cette offre publiée forment une révision : la version validée reste diffusée jusqu’à ce qu’un gestionnaire valide la révision.'}
          </p>
          {/* The return's comment, cleared when the revision is sent again: shown while it is to correct. */}
          {f.revision.statut === 'a_corriger' && f.revision.commentaire && (
            <p>Commentaire du gestionnaire : {f.revision.commentaire}</p>
          )}
        </div>
      )}
      {f && p.contexteVersion === 'abandon' && (
        <AlerteVersion refus={p.refusVersion} recharger={action} contexte="abandon" />
      )}
      {f?.revision && f.statut === 'publiee' && (
        <AbandonRevision
          id={f.id}
          erreur={erreurAbandon}
          version={f.version}
          historiqueLu={p.historiqueLu ?? null}
        />
      )}
      {f?.statut === 'publiee' && !f.revision && !horsDiffusion && (
        <p class="fr-text--sm">
          Cette offre est publiée : une modification enregistrée devient une révision, envoyée aussitôt pour
          validation au Carif-Oref de la région où ont lieu ses sessions ; la version validée reste diffusée
          jusqu’à sa validation.
        </p>
      )}
      {f && p.contexteVersion !== 'abandon' && <AlerteVersion refus={p.refusVersion} recharger={action} />}
      {p.refusRevision && <p class="fr-text--bold">{p.refusRevision}</p>}
      {p.manquants.length > 0 && (
        <ResumeErreurs
          erreurs={versIds(
            dansLOrdre(
              p.manquants.map((m) => ({ champ: m.champ, message: m.message })),
              CHAMPS_FICHE,
            ),
          )}
        />
      )}
      {p.doublons && p.doublons.length > 0 && (
        <div class="fr-alert fr-alert--warning fr-mb-4w" id="doublons">
          <h2 class="fr-alert__title">Cette formation existe peut-être déjà</h2>
          <p>Même certification et mêmes organismes que :</p>
          <ul>
            {p.doublons.map((d) => (
              <li key={d.id}>
                <a href={`/espace/formations/${encodeURIComponent(d.id)}`}>
                  {d.intitule ?? 'Formation sans intitulé'}
                </a>{' '}
                ({STATUT[d.statut as 'brouillon'] ?? d.statut})
              </li>
            ))}
          </ul>
          <p>
            Rien n’a été enregistré. Ouvrez la formation existante ; ou, s’il s’agit bien d’une autre
            formation, cochez <a href="#confirmer_doublon">« Il s’agit bien d’une autre formation »</a> en
            haut du formulaire, puis enregistrez de nouveau.
          </p>
        </div>
      )}
      {archivee ? (
        <section aria-labelledby="lecture">
          <h2 id="lecture">Contenu de la formation (lecture seule)</h2>
          <LignesFormation fiche={archivee} certification={p.certificationActuelle} modifiable={false} />
        </section>
      ) : (
        <Formulaire action={action} erreurs={e}>
          {p.jeton && <input type="hidden" name={JETON_ENVOI} value={p.jeton} />}
          {f && <ChampVersion version={p.version ?? f.version} />}
          {p.doublons && p.doublons.length > 0 && (
            <div class="fr-checkbox-group fr-mb-3w">
              <input type="checkbox" id="confirmer_doublon" name="confirmer_doublon" value="oui" />
              <label class="fr-label" for="confirmer_doublon">
                Il s’agit bien d’une autre formation : la créer quand même
                <span class="fr-hint-text">
                  Cochez, puis enregistrez de nouveau (bouton en bas du formulaire).
                </span>
              </label>
            </div>
          )}
          <ChampTexte
            name="intitule"
            label="Intitulé"
            hint={`${nombre(LONGUEURS_MAX.intitule)} caractères au plus, tel que le public le lira.`}
            valeur={v.intitule}
            erreurs={e}
          />
          <p class="fr-hint-text fr-mt-n2w fr-mb-3w" id="intitule-compteur" aria-live="polite" />
          <script type="module" src="/espace/compteur.js" />
          <ReglesDuChamp regles={regles} champ="intitule" />
          <ChampZoneTexte
            name="objectif"
            label={`Objectif${pourPublier('objectif')}`}
            hint={INDICATION_LHEO}
            valeur={v.objectif}
            erreurs={e}
          />
          <ReglesDuChamp regles={regles} champ="objectif" />
          <ChampZoneTexte
            name="contenu"
            id={ID_CONTENU}
            label="Contenu"
            hint={INDICATION_LHEO}
            valeur={v.contenu}
            erreurs={e}
            requis={false}
            lignes={6}
          />
          <ChampTexte name="url" label="Lien web" type="url" valeur={v.url} erreurs={e} requis={false} />
          <PickerCertification
            valeurs={v}
            recherche={p.recherche}
            resultats={p.resultats}
            actuelle={p.certificationActuelle}
            erreurs={e}
          />
          <ScriptsAutocompletion />
          <ReglesDuChamp regles={regles} champ="certification.rncp" />
          <ReglesDuChamp regles={regles} champ="certification.cfd" />
          <Conventionne
            valeurs={v}
            etablissements={p.etablissements}
            noms={p.fiche?.organismes}
            erreurs={e}
          />
          <ReglesDuChamp regles={regles} champ="mandataire.siret" />
          <h2 class="fr-h4 fr-mt-4w">Organismes</h2>
          <Organisme
            qui="responsable"
            label="Organisme responsable"
            valeur={v.responsable?.siret}
            etablissements={p.etablissements}
            noms={p.fiche?.organismes}
            erreurs={e}
            sousMandat={!!v.mandataire?.siret}
          />
          <ReglesDuChamp regles={regles} champ="responsable.siret" />
          <Organisme
            qui="formateur"
            label="Organisme formateur"
            valeur={v.formateur?.siret}
            etablissements={p.etablissements}
            noms={p.fiche?.organismes}
            erreurs={e}
            sousMandat={!!v.mandataire?.siret}
          />
          <ReglesDuChamp regles={regles} champ="formateur.siret" />
          <h2 class="fr-h4 fr-mt-4w">Modalités</h2>
          <OuiNon
            name="modalites.formation_continue"
            legende="Ouverte en formation continue"
            valeur={v.modalites?.formation_continue}
            erreurs={e}
          />
          <OuiNon
            name="modalites.contrat_professionnalisation"
            legende="Ouverte en contrat de professionnalisation"
            valeur={v.modalites?.contrat_professionnalisation}
            erreurs={e}
          />
          <OuiNon
            name="modalites.contrat_apprentissage"
            legende="Ouverte en contrat d’apprentissage"
            valeur={v.modalites?.contrat_apprentissage}
            erreurs={e}
          />
          <ReglesDuChamp regles={regles} champ="modalites.contrat_apprentissage" />
          <fieldset class="fr-fieldset" id="modalites.annees_apprentissage" aria-labelledby="annees-legende">
            <legend class="fr-fieldset__legend--regular fr-fieldset__legend" id="annees-legende">
              Années du cursus ouvertes à l’apprentissage{pourPublier('modalites.annees_apprentissage')}
            </legend>
            {[1, 2, 3, 4, 5].map((a) => (
              <div class="fr-fieldset__element fr-fieldset__element--inline" key={String(a)}>
                <div class="fr-checkbox-group">
                  <input
                    type="checkbox"
                    id={`modalites.annees_apprentissage.${a}`}
                    name={`modalites.annees_apprentissage.${a}`}
                    value="oui"
                    checked={v.modalites?.annees_apprentissage?.includes(a)}
                  />
                  <label class="fr-label" for={`modalites.annees_apprentissage.${a}`}>
                    {a === 1 ? '1re année' : `${a}e année`}
                  </label>
                </div>
              </div>
            ))}
          </fieldset>
          <ChampTexte
            name="modalites.duree_annees"
            label={`Durée du cursus (en années)${pourPublier('modalites.duree_annees')}`}
            hint={`Nombre entier d’années, de ${DUREE_ANNEES.min} à ${DUREE_ANNEES.max} ; 0 pour une formation de moins d’un an.`}
            type="number"
            inputMode="numeric"
            valeur={
              p.saisies?.['modalites.duree_annees'] ??
              (v.modalites?.duree_annees == null ? '' : String(v.modalites.duree_annees))
            }
            erreurs={e}
          />
          <ReglesDuChamp regles={regles} champ="modalites.duree_annees" />
          <Contacts contacts={v.contacts ?? []} erreurs={e} />
          <ReglesDuChamp regles={regles} champ="contacts" />
          <Boutons>
            <button class="fr-btn" type="submit" name="action" value="enregistrer">
              {LIBELLE_ENREGISTRER[f?.statut ?? 'brouillon']}
            </button>
            {f && publiable(f) && (
              <button class="fr-btn fr-btn--secondary" type="submit" name="action" value="publier">
                Enregistrer et publier
              </button>
            )}
          </Boutons>
        </Formulaire>
      )}
      {f && (
        <>
          {archivee ? (
            <section class="fr-mt-6w" aria-labelledby="sessions">
              <h2 id="sessions">Sessions</h2>
              <LignesSessions fiche={archivee} modifiable={false} />
            </section>
          ) : (
            <Sessions fiche={f} manquants={p.manquants} />
          )}
          <Publier fiche={f} horsDiffusion={horsDiffusion} dejaDiffusee={p.dejaDiffusee ?? true} />
          <SectionRetrait fiche={f} />
          {p.regles && (
            <Conformite
              regles={p.regles}
              horsDiffusion={horsDiffusion}
              base={archivee ? undefined : `/espace/formations/${encodeURIComponent(f.id)}`}
            />
          )}
          {p.regles && (
            <Plateformes
              regles={p.regles}
              historique={`/espace/formations/${encodeURIComponent(f.id)}/historique`}
            />
          )}
          {p.historique && (
            <HistoriqueSection
              historique={p.historique}
              titres={p.titresCertifications}
              sessions={f.saisie.sessions}
            />
          )}
        </>
      )}
    </Layout>
  );
}
