import { apostrophes, capitale } from '../../../domain/elision.ts';
import {
  ENTREES_SORTIES,
  ETATS_RECRUTEMENT,
  FINANCEURS,
  MAX_EVENEMENTS,
} from '../../../domain/formation.schema.ts';
import { EXEMPLE_NUMERO_MARCHE } from '../../../domain/marche.ts';
import type { CommuneTrouvee } from '../../../services/espace.service.ts';
import type { SessionSaisie } from '../../../services/espace-sessions.service.ts';
import { Annonce } from '../comptes/connexion.page.tsx';
import { Boutons, CaseConfirmation, ChampSelect, ChampTexte, Formulaire } from '../form/champs.tsx';
import { dansLOrdre, type Erreurs } from '../form/formulaire.ts';
import { FilAriane, Layout } from '../layout.tsx';
import { ETAT_RECRUTEMENT, FINANCEUR } from '../libelles.ts';
import { ScriptsAutocompletion } from './fiche.page.tsx';
import { CHAMPS_SESSION } from './saisie.ts';
import { AlerteVersion, ChampVersion, type RefusVersion } from './version.tsx';

type Evenements = SessionSaisie['reunions_information'];

function Evenements({
  name,
  titre,
  liste,
  erreurs,
  saisies,
}: {
  name: 'reunions_information' | 'bilans';
  titre: string;
  liste: Evenements;
  erreurs: Erreurs;
  saisies: Readonly<Record<string, string>> | undefined;
}) {
  const rows = [...(liste ?? [])];
  if (rows.length < MAX_EVENEMENTS) rows.push({ date: null, lieu: null, libelle: null });
  return (
    <fieldset class="fr-fieldset" aria-labelledby={`${name}-legende`}>
      <legend class="fr-fieldset__legend" id={`${name}-legende`}>
        {titre}
        <span class="fr-hint-text">Une ligne vide apparaît après chaque enregistrement.</span>
      </legend>
      {rows.map((r, i) => (
        <div class="fr-fieldset__element" key={String(i)}>
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-3">
              <ChampTexte
                name={`${name}.${i}.date`}
                label={`${titre} ${i + 1} : date`}
                type="date"
                valeur={saisies?.[`${name}.${i}.date`] ?? r.date}
                erreurs={erreurs}
                requis={false}
              />
            </div>
            <div class="fr-col-12 fr-col-md-4">
              <ChampTexte
                name={`${name}.${i}.lieu`}
                label={`${titre} ${i + 1} : lieu`}
                valeur={r.lieu}
                erreurs={erreurs}
                requis={false}
              />
            </div>
            <div class="fr-col-12 fr-col-md-5">
              <ChampTexte
                name={`${name}.${i}.libelle`}
                label={`${titre} ${i + 1} : précisions`}
                valeur={r.libelle}
                erreurs={erreurs}
                requis={false}
              />
            </div>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

/**
 * A new session with the days and place of one of the formation's (SESSION_EN_DOUBLE: a form sent
 * twice, a double click): added again only once « autre session » is ticked, as a likely duplicate
 * formation is created only once confirmed.
 */
function ConfirmerDoublon({ erreurs }: { erreurs: Erreurs }) {
  const erreur = erreurs.find((x) => x.champ === 'confirmer_doublon')?.message;
  if (!erreur) return null;
  return (
    <fieldset class="fr-fieldset fr-fieldset--error" aria-labelledby="doublon-legende" id="doublon">
      <legend class="fr-fieldset__legend" id="doublon-legende">
        Cette session existe peut-être déjà
      </legend>
      <CaseConfirmation nom="confirmer_doublon" erreur={erreur}>
        Il s’agit bien d’une autre session : l’ajouter quand même
      </CaseConfirmation>
    </fieldset>
  );
}

/**
 * A new session already over (SESSION_PASSEE, on « Date de fin »: a typo of the year, most often):
 * stored only once « bien terminée » is ticked, for memory; the message proposes the dates.
 */
function ConfirmerPassee({ erreurs }: { erreurs: Erreurs }) {
  if (!erreurs.some((x) => x.code === 'SESSION_PASSEE')) return null;
  return (
    <fieldset class="fr-fieldset" aria-labelledby="passee-legende" id="passee">
      <legend class="fr-fieldset__legend" id="passee-legende">
        Cette session est déjà terminée
      </legend>
      <CaseConfirmation nom="confirmer_passee" erreur={undefined}>
        Cette session est bien terminée : l’enregistrer quand même
      </CaseConfirmation>
    </fieldset>
  );
}

/** /espace/formations/{id}/sessions/nouvelle and …/sessions/{sid}: one session's form. */
export function SessionPage(p: {
  formation: { id: string; intitule: string | null };
  /** null: a new session. */
  sessionId: string | null;
  diffusee: boolean;
  valeurs: SessionSaisie;
  /** What was typed in a field the form's reading refused, by field (saisie.ts readSession). */
  saisies?: Readonly<Record<string, string>>;
  communes: readonly CommuneTrouvee[] | null;
  erreurs: Erreurs;
  redatee: boolean;
  annonce?: string;
  /** The save just made changed nothing: said in a notice, nothing was written. */
  inchangee?: boolean;
  /** Why the save was refused as a whole (a published offer's change missing a mandatory field). */
  refus?: string;
  /** « Dupliquer »: the copied session's name (nomSession), said in a notice; nothing is stored yet. */
  copieDe?: string;
  /** The version an existing session's form carries (version.tsx). */
  version: string;
  /** A save refused for its version: the alert above the form, which keeps what was typed. */
  refusVersion?: RefusVersion;
}) {
  const base = `/espace/formations/${encodeURIComponent(p.formation.id)}`;
  const action = p.sessionId
    ? `${base}/sessions/${encodeURIComponent(p.sessionId)}`
    : `${base}/sessions/nouvelle`;
  const titre = p.sessionId ? 'Modifier la session' : 'Nouvelle session';
  const v = p.valeurs;
  // The summary lists the errors as the page shows the fields.
  const e = dansLOrdre(p.erreurs, CHAMPS_SESSION);
  // A diffused session keeps its dates (SESSION_REDATEE): shown, sent, not editable.
  const figee = p.diffusee
    ? { lectureSeule: true, hint: 'Session déjà diffusée : cette date ne peut plus changer.' }
    : {};
  return (
    <Layout titre={titre}>
      <FilAriane
        liens={[
          { libelle: 'Mon espace', href: '/espace' },
          { libelle: p.formation.intitule ?? 'Formation sans intitulé', href: base },
          { libelle: titre, href: action },
        ]}
      />
      <h1>{titre}</h1>
      {p.sessionId && (
        <p>
          Référence permanente de la session : <strong>{p.sessionId}</strong>
          {p.diffusee ? ' – déjà diffusée : ses dates ne peuvent plus changer.' : ''}
        </p>
      )}
      {p.inchangee ? (
        <div class="fr-notice fr-notice--info fr-mb-3w" id="session-inchangee">
          <div class="fr-container">
            <div class="fr-notice__body">
              <p class="fr-notice__title">Aucune modification : la session est inchangée.</p>
            </div>
          </div>
        </div>
      ) : (
        <Annonce texte={p.annonce} />
      )}
      {p.copieDe && (
        <div class="fr-notice fr-notice--info fr-mb-3w" id="session-copie">
          <div class="fr-container">
            <div class="fr-notice__body">
              <p class="fr-notice__title">
                Copie de la {p.copieDe} : changez au moins les dates, puis enregistrez. Rien n’est enregistré
                avant.
              </p>
            </div>
          </div>
        </div>
      )}
      <AlerteVersion refus={p.refusVersion} recharger={action} />
      {p.refus && <p class="fr-text--bold">{p.refus}</p>}
      <Formulaire action={action} erreurs={e}>
        {p.sessionId && <ChampVersion version={p.version} />}
        <ConfirmerDoublon erreurs={e} />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <ChampTexte
              name="debut"
              label="Date de début"
              type="date"
              valeur={p.saisies?.debut ?? v.debut}
              erreurs={e}
              {...figee}
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <ChampTexte
              name="fin"
              label="Date de fin"
              type="date"
              valeur={p.saisies?.fin ?? v.fin}
              erreurs={e}
              {...figee}
            />
          </div>
        </div>
        <ConfirmerPassee erreurs={e} />
        <h2 class="fr-h4 fr-mt-2w">Lieu</h2>
        <ChampTexte
          name="lieu.adresse"
          label="Adresse"
          valeur={v.lieu?.adresse}
          erreurs={e}
          requis={false}
          autocomplete="street-address"
        />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-4">
            <ChampTexte
              name="lieu.code_postal"
              label="Code postal"
              hint="5 chiffres. Sinon, le nom de la commune (ici ou dans le champ « Commune ») suffit : Offre trouve la commune, son code postal et son code INSEE."
              valeur={v.lieu?.code_postal}
              erreurs={e}
              inputMode="numeric"
              autocomplete="postal-code"
            />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <ChampTexte name="lieu.commune" label="Commune" valeur={v.lieu?.commune} erreurs={e} />
            <ScriptsAutocompletion />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <ChampTexte name="lieu.cedex" label="Cedex" valeur={v.lieu?.cedex} erreurs={e} requis={false} />
          </div>
        </div>
        {p.communes && p.communes.length > 0 && (
          <ChampSelect
            name="lieu.choix"
            label="Commune du lieu"
            hint="Plusieurs communes correspondent : choisissez la vôtre, puis enregistrez."
            options={p.communes.map(
              (c) =>
                [
                  `${c.code_insee}-${c.code_postal}`,
                  `${apostrophes(c.nom)} (${c.code_postal}, INSEE ${c.code_insee})`,
                ] as const,
            )}
            valeur={v.lieu?.choix}
            erreurs={e}
          />
        )}
        <ChampTexte
          name="lieu.uai"
          label="UAI du lieu de formation"
          hint="8 caractères, par exemple 0693446W."
          valeur={v.lieu?.uai}
          erreurs={e}
          requis={false}
        />
        <h2 class="fr-h4 fr-mt-2w">Recrutement</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <ChampSelect
              name="etat_recrutement"
              label="État du recrutement"
              options={ETATS_RECRUTEMENT.map((x) => [x, ETAT_RECRUTEMENT[x] ?? x] as const)}
              valeur={v.etat_recrutement ?? 'ouvert'}
              erreurs={e}
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <ChampTexte
              name="capacite"
              label="Capacité (nombre de places)"
              type="number"
              inputMode="numeric"
              valeur={p.saisies?.capacite ?? (v.capacite == null ? '' : String(v.capacite))}
              erreurs={e}
              requis={false}
            />
          </div>
        </div>
        <ChampSelect
          name="entree_sortie"
          label="Entrées et sorties"
          hint="À dates fixes : tous commencent et finissent ensemble. Permanentes : on entre et sort au fil de l’année."
          options={Object.entries(ENTREES_SORTIES).map(([code, l]) => [code, capitale(l)] as const)}
          valeur={v.entree_sortie}
          erreurs={e}
          requis={false}
        />
        <Evenements
          name="reunions_information"
          titre="Réunion d’information"
          liste={v.reunions_information}
          erreurs={e}
          saisies={p.saisies}
        />
        <Evenements
          name="bilans"
          titre="Bilan de progression"
          liste={v.bilans}
          erreurs={e}
          saisies={p.saisies}
        />
        <h2 class="fr-h4 fr-mt-2w">Contact de la session</h2>
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-4">
            <ChampTexte
              name="contact.nom"
              label="Nom du contact"
              valeur={v.contact?.nom}
              erreurs={e}
              requis={false}
            />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <ChampTexte
              name="contact.telephone"
              label="Téléphone du contact"
              type="tel"
              valeur={v.contact?.telephone}
              erreurs={e}
              requis={false}
            />
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <ChampTexte
              name="contact.courriel"
              label="Courriel du contact"
              type="email"
              valeur={v.contact?.courriel}
              erreurs={e}
              requis={false}
            />
          </div>
        </div>
        <h2 class="fr-h4 fr-mt-2w">Session conventionnée</h2>
        <ChampSelect
          name="financeur"
          label="Financeur"
          hint="Seulement pour une session achetée ou conventionnée."
          options={FINANCEURS.map((x) => [x, FINANCEUR[x] ?? x] as const)}
          valeur={v.financeur}
          erreurs={e}
          requis={false}
        />
        <div class="fr-grid-row fr-grid-row--gutters">
          <div class="fr-col-12 fr-col-md-6">
            <ChampTexte
              name="numero_marche"
              label="Numéro de marché"
              hint={`Donné par le financeur : ${EXEMPLE_NUMERO_MARCHE}.`}
              valeur={v.numero_marche}
              erreurs={e}
              requis={false}
            />
          </div>
          <div class="fr-col-12 fr-col-md-6">
            <ChampTexte
              name="date_notification_marche"
              label="Date de notification du marché"
              type="date"
              valeur={p.saisies?.date_notification_marche ?? v.date_notification_marche}
              erreurs={e}
              requis={false}
            />
          </div>
        </div>
        <Boutons>
          <button class="fr-btn" type="submit">
            Enregistrer la session
          </button>
          <a class="fr-btn fr-btn--secondary" href={base}>
            Revenir à la formation
          </a>
        </Boutons>
      </Formulaire>
      {p.redatee && (
        <div class="fr-mt-4w">
          <p>Pour proposer ces nouvelles dates, créez une nouvelle session (sa référence sera nouvelle) :</p>
          <Formulaire action={`${base}/sessions/nouvelle`} id="nouvelle-session">
            <input type="hidden" name="debut" value={v.debut ?? ''} />
            <input type="hidden" name="fin" value={v.fin ?? ''} />
            <input type="hidden" name="lieu.adresse" value={v.lieu?.adresse ?? ''} />
            <input type="hidden" name="lieu.code_postal" value={v.lieu?.code_postal ?? ''} />
            <input type="hidden" name="lieu.commune" value={v.lieu?.commune ?? ''} />
            <input type="hidden" name="lieu.cedex" value={v.lieu?.cedex ?? ''} />
            <input type="hidden" name="lieu.uai" value={v.lieu?.uai ?? ''} />
            <input type="hidden" name="capacite" value={v.capacite == null ? '' : String(v.capacite)} />
            <input type="hidden" name="pre_rempli" value="oui" />
            <button class="fr-btn fr-btn--secondary" type="submit">
              Créer une nouvelle session
            </button>
          </Formulaire>
        </div>
      )}
    </Layout>
  );
}
