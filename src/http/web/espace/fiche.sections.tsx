import type { ComponentChildren } from 'preact';
import { auteur } from '../../../domain/acteur.ts';
import { adresseLieu } from '../../../domain/adresse-lieu.ts';
import { numeroDeSession, sessionsEnOrdre } from '../../../domain/champs-obligatoires.ts';
import { dateHeureLongue, jourIsoLong } from '../../../domain/dates.ts';
import {
  lignesDecision,
  phraseDerniereDecision,
  plateformeDeEntite,
  titreDecision,
} from '../../../domain/decision-plateforme.ts';
import type { Change } from '../../../domain/diff.ts';
import { rediffusee } from '../../../domain/diffusion.ts';
import { chronologie, horsDiffusionDe, phraseHorsDiffusion } from '../../../domain/historique.ts';
import { nombre } from '../../../domain/nombres.ts';
import { isAPublier, libelleStatutPlateforme, NOMS_PLATEFORMES } from '../../../domain/plateforme.ts';
import { preuveTexte } from '../../../domain/regles/resultat.ts';
import { type DatesSession, periodeSession } from '../../../domain/sessions-noms.ts';
import type { FicheEspace, Manquant, ReglesEspace } from '../../../services/espace.service.ts';
import { CaseConfirmation, CsrfInput, Formulaire } from '../form/champs.tsx';
import { ETAT_RECRUTEMENT } from '../libelles.ts';
import { TableDefilante } from '../table-defilante.tsx';
import { lignesHistorique, type NomsSessions, nomsAuFil } from './historique.ts';
import { ACTION, CATALOGUE, deAuteurs, LIBELLE_ENREGISTRER, parQui } from './libelles.ts';
import { CHAMP_HISTORIQUE_LU, ChampVersion } from './version.tsx';

// The sections of a formation's page below its form: sessions, "Publier", conformity, history.

/** The history as getHistorique gives it (oldest first; revision entries: what each write changed). */
export type Historique = readonly {
  at: string;
  acteur: string;
  action: string;
  entite: string;
  entite_id: string;
  origine: string | null;
  diff: readonly Change[];
  /** A Parcoursup or Affelnet entry: who decided, as the organisme is told (role and académie). */
  par?: string;
}[];

function Section({ titre, id, children }: { titre: string; id: string; children: ComponentChildren }) {
  return (
    <section class="fr-mt-6w" aria-labelledby={id}>
      <h2 id={id}>{titre}</h2>
      {children}
    </section>
  );
}

export function Sessions({ fiche, manquants }: { fiche: FicheEspace; manquants: readonly Manquant[] }) {
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  // In the order, and with the numbers, the rules' messages use.
  const sessions = sessionsEnOrdre(fiche.saisie.sessions);
  return (
    <Section titre="Sessions" id="sessions">
      {sessions.length === 0 ? (
        <p>Aucune session : une offre se publie avec au moins une session.</p>
      ) : (
        <ul class="fr-raw-list">
          {sessions.map((s, i) => {
            const sid = s.id!;
            const manque = manquants.filter((m) => m.sessionId === sid);
            return (
              <li key={sid} id={`session-${sid}`} class="fr-card fr-card--no-arrow fr-mb-2w">
                <div class="fr-card__body">
                  <div class="fr-card__content">
                    <h3 class="fr-card__title">
                      Session {numeroDeSession(sessions, i)} : {s.debut ? jourIsoLong(s.debut) : 'début ?'} –{' '}
                      {s.fin ? jourIsoLong(s.fin) : 'fin ?'}
                    </h3>
                    <p class="fr-card__desc">
                      Référence permanente : {sid}
                      {fiche.diffusees.has(sid) ? ' (diffusée : ses dates ne changent plus)' : ''}
                      <br />
                      Lieu : {adresseLieu(s.lieu) || 'non renseigné'}
                      {s.lieu?.code_insee ? ` (INSEE ${s.lieu.code_insee})` : ''}
                      <br />
                      {ETAT_RECRUTEMENT[s.etat_recrutement ?? 'ouvert']}
                      {s.capacite != null ? ` – ${nombre(s.capacite)} places` : ''}
                    </p>
                    {manque.map((m) => (
                      <p class="fr-message fr-message--error" key={m.message}>
                        {m.message}
                      </p>
                    ))}
                  </div>
                  <div class="fr-card__footer">
                    <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
                      <li>
                        <a
                          class="fr-btn fr-btn--secondary"
                          href={`${base}/sessions/${encodeURIComponent(sid)}`}
                        >
                          Modifier la session {i + 1}
                        </a>
                      </li>
                      <li>
                        <a
                          class="fr-btn fr-btn--tertiary"
                          href={`${base}/sessions/nouvelle?depuis=${encodeURIComponent(sid)}`}
                        >
                          Dupliquer la session {i + 1}
                        </a>
                      </li>
                      {fiche.statut === 'publiee' && fiche.diffusees.has(sid) && (
                        <li>
                          <RecrutementSession
                            action={`${base}/sessions/${encodeURIComponent(sid)}/recrutement`}
                            etat={s.etat_recrutement ?? 'ouvert'}
                            numero={i + 1}
                          />
                        </li>
                      )}
                      <li>
                        <form method="post" action={`${base}/sessions/${encodeURIComponent(sid)}/retirer`}>
                          <CsrfInput />
                          <button class="fr-btn fr-btn--tertiary" type="submit">
                            Retirer la session {i + 1}
                          </button>
                        </form>
                      </li>
                    </ul>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <a
        class="fr-btn fr-btn--secondary fr-icon-add-line fr-btn--icon-left"
        href={`${base}/sessions/nouvelle`}
      >
        Ajouter une session
      </a>
      {fiche.retirees.length > 0 && <SessionsRetirees fiche={fiche} />}
    </Section>
  );
}

/** The recruitment actions of each state: the states it may go to, and their buttons' words. */
const ACTIONS_RECRUTEMENT: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  ouvert: [
    ['ferme', 'Fermer le recrutement'],
    ['suspendu', 'Suspendre le recrutement'],
  ],
  suspendu: [
    ['ouvert', 'Rouvrir le recrutement'],
    ['ferme', 'Fermer le recrutement'],
  ],
  ferme: [['ouvert', 'Rouvrir le recrutement']],
};

/**
 * A diffused session's recruitment actions on a published offer: one POST form, a button per state
 * (services/espace-sessions.service.ts setRecrutement), applied at once without validation.
 */
function RecrutementSession({ action, etat, numero }: { action: string; etat: string; numero: number }) {
  return (
    <form method="post" action={action}>
      <CsrfInput />
      {(ACTIONS_RECRUTEMENT[etat] ?? []).map(([vers, libelle]) => (
        <button
          key={vers}
          class="fr-btn fr-btn--secondary fr-mr-1w"
          type="submit"
          name="etat_recrutement"
          value={vers}
        >
          {libelle} de la session {numero}
        </button>
      ))}
    </form>
  );
}

/** « du 1er septembre 2027 au 30 juin 2028 » (a missing date as « ? »), else « sans dates ». */
const periode = (s: DatesSession) => periodeSession(s) ?? 'sans dates';

/**
 * The published sessions the open revision retires, each with « Remettre la session » (a POST
 * form, services/espace-revision.service.ts restoreSession): put back as published.
 */
function SessionsRetirees({ fiche }: { fiche: FicheEspace }) {
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  return (
    <>
      <h3 id="sessions-retirees" class="fr-mt-4w">
        Sessions retirées par votre révision
      </h3>
      <p>
        Ces sessions de la version publiée ne sont plus dans votre révision : à sa validation, une session
        déjà diffusée est archivée (sa référence reste), une autre est supprimée. Jusque-là, elles restent
        diffusées.
      </p>
      <ul class="fr-raw-list" aria-labelledby="sessions-retirees">
        {fiche.retirees.map((s) => {
          const sid = s.id!;
          return (
            <li key={sid} id={`session-retiree-${sid}`} class="fr-card fr-card--no-arrow fr-mb-2w">
              <div class="fr-card__body">
                <div class="fr-card__content">
                  <p class="fr-card__title">Session {periode(s)} (retirée)</p>
                  <p class="fr-card__desc">
                    Référence permanente : {sid}
                    {fiche.diffusees.has(sid) ? ' (diffusée)' : ''}
                    <br />
                    Lieu : {adresseLieu(s.lieu) || 'non renseigné'}
                  </p>
                </div>
                <div class="fr-card__footer">
                  <form method="post" action={`${base}/sessions/${encodeURIComponent(sid)}/remettre`}>
                    <CsrfInput />
                    <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">
                      Remettre la session<span class="fr-sr-only"> {periode(s)}</span>
                    </button>
                  </form>
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The name of the checkbox that confirms « Abandonner la révision ». */
export const CONFIRMER_ABANDON = 'confirmer_abandon';

/**
 * « Abandonner la révision » of a published offer whose revision is open (pending or returned):
 * a ticked confirmation, then the diffused version stays as it is (services/espace-revision.service.ts).
 * It carries the version the page shows and its last history entry (version.tsx): a revision
 * changed since is not abandoned, and the page then says what changed.
 */
export function AbandonRevision({
  id,
  erreur,
  version,
  historiqueLu,
}: {
  id: string;
  erreur: string | undefined;
  version: string;
  historiqueLu: string | null;
}) {
  return (
    <Formulaire action={`/espace/formations/${encodeURIComponent(id)}/revision/abandonner`}>
      <ChampVersion version={version} />
      {historiqueLu !== null && <input type="hidden" name={CHAMP_HISTORIQUE_LU} value={historiqueLu} />}
      <fieldset
        class={`fr-fieldset${erreur ? ' fr-fieldset--error' : ''}`}
        id="abandon-revision"
        aria-labelledby="abandon-revision-legende"
      >
        <legend class="fr-fieldset__legend" id="abandon-revision-legende">
          Abandonner la révision
        </legend>
        <CaseConfirmation nom={CONFIRMER_ABANDON} erreur={erreur}>
          Je confirme abandonner toutes les modifications de cette révision : l’offre diffusée reste
          inchangée.
        </CaseConfirmation>
        <div class="fr-fieldset__element">
          <button class="fr-btn fr-btn--secondary" type="submit">
            Abandonner la révision
          </button>
        </div>
      </fieldset>
    </Formulaire>
  );
}

/**
 * "Publier" when there is something to send to validation; otherwise where the offer stands. A
 * published offer's returned revision is sent again by the form's save (the button the return's
 * e-mail names, which sends it even unchanged): no second button with the same effect.
 */
export function Publier({
  fiche,
  horsDiffusion,
  dejaDiffusee = true,
}: {
  fiche: FicheEspace;
  horsDiffusion: boolean;
  /** Out of diffusion: whether it ever was diffused (« de nouveau diffusée ») or never (« diffusée »). */
  dejaDiffusee?: boolean;
}) {
  const attente =
    fiche.statut === 'en_attente_validation' || fiche.revision?.statut === 'en_attente_validation';
  const rien = fiche.statut === 'supprimee' || (fiche.statut === 'publiee' && !fiche.revision);
  const revisionARenvoyer = fiche.statut === 'publiee' && fiche.revision?.statut === 'a_corriger';
  return (
    <Section titre="Publier" id="publier">
      {attente ? (
        <p>
          En attente de validation par le Carif-Oref de la région où ont lieu ses sessions : rien à envoyer
          pour l’instant.
        </p>
      ) : revisionARenvoyer ? (
        <p>
          Votre révision a été retournée pour correction : corrigez-la ci-dessus, chaque enregistrement (la
          formation ou une session) la renvoie pour validation au Carif-Oref de la région où ont lieu ses
          sessions. Sans autre changement, « {LIBELLE_ENREGISTRER.publiee} » la renvoie telle quelle (rien à
          publier).
        </p>
      ) : rien ? (
        <p>
          {fiche.statut === 'supprimee'
            ? 'Cette offre est supprimée : un gestionnaire peut la restaurer.'
            : horsDiffusion
              ? `Cette offre est publiée mais hors diffusion (une règle bloquante est en échec). Corrigez-la : vos changements formeront une révision, envoyée pour validation au Carif-Oref de la région où ont lieu ses sessions ; validée, l’offre sera ${rediffusee(dejaDiffusee)}.`
              : 'Cette offre est publiée. Modifiez-la : vos changements formeront une révision, envoyée dès l’enregistrement pour validation au Carif-Oref de la région où ont lieu ses sessions (rien à publier).'}
        </p>
      ) : (
        <>
          <p>
            {fiche.statut === 'archivee'
              ? 'Cette offre est archivée : la publier est le seul moyen de la faire revivre. '
              : ''}
            « Publier » vérifie les champs obligatoires, puis vous relisez l’offre entière avant de confirmer
            : elle part alors en validation chez le Carif-Oref de la région où ont lieu ses sessions.
          </p>
          <form method="post" action={`/espace/formations/${encodeURIComponent(fiche.id)}/publier`}>
            <CsrfInput />
            <button class="fr-btn" type="submit">
              Publier
            </button>
          </form>
        </>
      )}
    </Section>
  );
}

/**
 * The failing rules with their evidence and fix (or « Aucune règle en échec. »). `base`: the
 * formation's page when its sessions may be edited — a rule naming a session then links to that
 * session's form, at the field it names.
 */
function TableEchecs({
  echecs,
  titre,
  base,
}: {
  echecs: ReglesEspace['echecs'];
  titre: string;
  base?: string | undefined;
}) {
  if (echecs.length === 0) return <p>Aucune règle en échec.</p>;
  return (
    <TableDefilante nom={titre}>
      <caption>{titre}</caption>
      <thead>
        <tr>
          <th scope="col">Règle</th>
          <th scope="col">Message</th>
          <th scope="col">Pour corriger</th>
          <th scope="col">Preuve</th>
        </tr>
      </thead>
      <tbody>
        {echecs.map((r) => (
          <tr key={`${r.code}-${r.champ}`}>
            <td>
              {r.code}
              <br />
              <span class="fr-text--xs">{r.severite}</span>
            </td>
            <td>{r.message}</td>
            <td>
              {r.corriger ?? (base && r.session_id ? '' : '—')}
              {base && r.session_id && (
                <>
                  {r.corriger ? ' ' : ''}
                  <a href={`${base}/sessions/${encodeURIComponent(r.session_id)}#${champDeSession(r.champ)}`}>
                    Corriger dans la session
                  </a>
                </>
              )}
            </td>
            <td>{r.preuves.length ? r.preuves.map((p) => preuveTexte(p)).join(' ; ') : '—'}</td>
          </tr>
        ))}
      </tbody>
    </TableDefilante>
  );
}

const Verdict = ({ catalogue, certifiee }: { catalogue: string | null; certifiee: boolean | null }) => (
  <ul class="fr-tags-group">
    <li>
      <p class={`fr-badge ${catalogue === 'general' ? 'fr-badge--success' : 'fr-badge--warning'}`}>
        {CATALOGUE[catalogue ?? 'inconnu']}
      </p>
    </li>
    {certifiee && (
      <li>
        <p class="fr-badge fr-badge--info">Certifiée</p>
      </li>
    )}
  </ul>
);

/** The id, on the session form, of the field a rule names (`sessions[0].numero_marche` → `numero_marche`). */
function champDeSession(champ: string | null): string {
  const c = champ?.replace(/^sessions\[\d+\]\.?/, '') ?? '';
  // A rule on the whole place, contact or session: its first field, or the page's content.
  return ({ '': 'contenu', lieu: 'lieu.commune', contact: 'contact.nom' } as Record<string, string>)[c] ?? c;
}

export function Conformite({
  regles,
  horsDiffusion,
  base,
}: {
  regles: ReglesEspace;
  horsDiffusion: boolean;
  /** The formation's page when its sessions may be edited (see TableEchecs). */
  base?: string | undefined;
}) {
  const rev = regles.revision;
  // The validated version, which a blocking rule may keep out of diffusion.
  const version = horsDiffusion ? 'version validée (hors diffusion)' : 'version diffusée';
  return (
    <Section titre="Conformité" id="conformite">
      {rev && (
        <>
          <h3 id="conformite-revision">
            {rev.statut === 'a_corriger'
              ? 'Votre révision à corriger'
              : 'Votre révision en attente de validation'}
          </h3>
          <p>
            Les règles évaluées sur la révision telle que sa validation l’enregistrerait : ce que voit le
            gestionnaire.
            {rev.catalogue === 'non_reglementaire' && regles.catalogue === 'general'
              ? ' Validée en l’état, l’offre ne serait plus diffusée (une règle bloquante est en échec).'
              : ''}
          </p>
          <Verdict catalogue={rev.catalogue} certifiee={rev.certifiee} />
          <TableEchecs echecs={rev.echecs} titre="Règles en échec de la révision" base={base} />
          <h3 id="conformite-diffusee">La {version}</h3>
        </>
      )}
      <Verdict catalogue={regles.catalogue} certifiee={regles.certifiee} />
      <TableEchecs
        echecs={regles.echecs}
        titre={rev ? `Règles en échec de la ${version}` : 'Règles en échec'}
        base={base}
      />
    </Section>
  );
}

/**
 * Parcoursup and Affelnet: each platform's status (and why it is not publishable), then its latest
 * decision or return — when, who (role and académie), the motif, the platform's corrective action
 * — and the way to the whole history (`historique`: the history page's address).
 */
export function Plateformes({ regles, historique }: { regles: ReglesEspace; historique: string }) {
  return (
    <Section titre="Parcoursup et Affelnet" id="plateformes">
      <ul>
        {regles.plateformes.map((p) => {
          const d = p.derniere;
          const nom = NOMS_PLATEFORMES[p.plateforme];
          return (
            <li key={p.plateforme} id={`plateforme-${p.plateforme}`}>
              {nom} : {libelleStatutPlateforme(p.statut)}
              {p.raisons.length > 0 &&
                (isAPublier(p.statut) ? (
                  <> – {p.raisons.join(' ; ')}</>
                ) : (
                  <> – parce que {p.raisons.join(' ; ')}</>
                ))}
              {d && (
                <ul>
                  <li>{phraseDerniereDecision(p.plateforme, d.action, dateHeureLongue(d.at), d.par)}</li>
                  {d.motif && (
                    <li>
                      <strong>Motif :</strong> {d.motif}
                    </li>
                  )}
                  {d.actionCorrective && (
                    <li>
                      Action corrective demandée par {nom} : {d.actionCorrective}
                    </li>
                  )}
                  {d.idPlateforme && (
                    <li>
                      Identifiant {nom} : {d.idPlateforme}
                    </li>
                  )}
                </ul>
              )}
            </li>
          );
        })}
      </ul>
      <p>
        <a class="fr-link" href={historique}>
          Historique de la formation, décisions Parcoursup et Affelnet comprises
        </a>
      </p>
    </Section>
  );
}

function Changements({
  diff,
  titres,
  noms,
}: {
  diff: Historique[number]['diff'];
  titres: ReadonlyMap<string, string>;
  noms: NomsSessions;
}) {
  const lignes = lignesHistorique(diff, titres, noms);
  if (lignes.length === 0) return null;
  return (
    <ul class="fr-text--sm">
      {lignes.slice(0, 30).map((d, j) => (
        <li key={String(j)}>{d.phrase ?? `${d.champ} : ${d.avant} → ${d.apres}`}</li>
      ))}
      {lignes.length > 30 && <li>… et {lignes.length - 30} autres champs</li>}
    </ul>
  );
}

export function HistoriqueSection({
  historique,
  titres = new Map(),
  sessions = [],
  titre = 'Historique',
}: {
  historique: Historique;
  /** The section's heading (the history page has its own title). */
  titre?: string;
  /** Titles of the certifications the history names, by code. */
  titres?: ReadonlyMap<string, string>;
  /** The offer's sessions: the history names them by their dates, not by their reference. */
  sessions?: readonly { id?: string | null; debut?: string | null; fin?: string | null }[];
}) {
  // Newest first; each entry names the sessions by their dates as of that entry.
  const entrees = chronologie(historique, (lues) => nomsAuFil(sessions, lues));
  return (
    <Section titre={titre} id="historique">
      {historique.length === 0 ? (
        <p>Aucune modification enregistrée.</p>
      ) : (
        <>
          {/* The times are Paris's (domain/dates.ts FUSEAU), whatever the reader's own. */}
          <p class="fr-text--sm fr-mb-2w">Dates et heures de Paris, la plus récente en premier.</p>
          <ol class="fr-raw-list">
            {entrees.map(({ entree: h, au: noms }, i) => {
              const horsDiffusion = horsDiffusionDe(h);
              return (
                <li key={String(i)} class="fr-mb-2w">
                  <p class="fr-mb-1v">
                    {plateformeDeEntite(h.entite) ? (
                      // A Parcoursup or Affelnet decision or return: who decided by role and académie.
                      <>
                        <strong>{titreDecision(plateformeDeEntite(h.entite)!, h.action)}</strong> le{' '}
                        {dateHeureLongue(h.at)} {h.par ? `par ${h.par}` : parQui(h.acteur, h.origine)}
                      </>
                    ) : h.validation && h.auteurs ? (
                      // A validated revision: its authors' changes, then who validated them.
                      <>
                        <strong>Modifications</strong> {deAuteurs(h.auteurs)}, validées par{' '}
                        {auteur(h.validation.acteur, new Map())} le {dateHeureLongue(h.at)}
                      </>
                    ) : (
                      <>
                        <strong>{ACTION[h.action] ?? h.action}</strong> le {dateHeureLongue(h.at)}{' '}
                        {parQui(h.acteur, h.origine)}
                      </>
                    )}
                  </p>
                  {horsDiffusion && <p class="fr-mb-1v">{phraseHorsDiffusion(horsDiffusion)}</p>}
                  {plateformeDeEntite(h.entite) ? (
                    <ul class="fr-text--sm">
                      {lignesDecision(plateformeDeEntite(h.entite)!, h.diff).map((l) => (
                        <li key={l}>{l}</li>
                      ))}
                    </ul>
                  ) : (
                    <Changements diff={h.diff} titres={titres} noms={noms ?? new Map()} />
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </Section>
  );
}
