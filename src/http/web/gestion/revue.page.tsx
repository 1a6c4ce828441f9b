import { dateHeureLongue } from '../../../domain/dates.ts';
import { lignesDecision, plateformeDeEntite, titreDecision } from '../../../domain/decision-plateforme.ts';
import type { Change } from '../../../domain/diff.ts';
import { publieeHorsDiffusion, rediffusee } from '../../../domain/diffusion.ts';
import { ageJours } from '../../../domain/file-validation.ts';
import { LONGUEURS_MAX } from '../../../domain/formation.schema.ts';
import {
  chronologie,
  horsDiffusionDe,
  phraseHorsDiffusion,
  phraseRetour,
} from '../../../domain/historique.ts';
import { organismeLisible } from '../../../domain/identifiants.ts';
import { nombre } from '../../../domain/nombres.ts';
import { preuveTexte } from '../../../domain/regles/resultat.ts';
import { type SessionDatee, sessionEnDouble } from '../../../domain/session-saisie.ts';
import { nomSession } from '../../../domain/sessions-noms.ts';
import { libelleStatut } from '../../../domain/statut.ts';
import { LIBELLE_COMMENTAIRE } from '../../../domain/workflow.ts';
import type { DiffLu, RevueFormation } from '../../../services/gestion/validation.service.ts';
import { Annonce } from '../comptes/connexion.page.tsx';
import {
  conventionnementSession,
  lignesHistorique,
  type NomsSessions,
  nomsSessions,
  phraseSession,
  valeurHistorique,
} from '../espace/historique.ts';
import { AvisHorsDiffusion } from '../espace/hors-diffusion.tsx';
import { auteurEtOrigine } from '../espace/libelles.ts';
import { CaseConfirmation, ChampZoneTexte, Formulaire, ResumeErreurs } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { FilAriane, Layout } from '../layout.tsx';
import { ouiNon, pluriel } from '../libelles.ts';
import { TableDefilante } from '../table-defilante.tsx';
import { NavGestion } from './file.page.tsx';
import { ACTION_HISTORIQUE, ilYa, NATURE, qui, VERDICT } from './libelles-gestion.ts';

/** The changes as the history reads them (espace/historique.ts): French names, readable values. */
const lignes = (
  changes: readonly Change[],
  prefixe = '',
  noms?: NomsSessions,
  titres?: ReadonlyMap<string, string>,
) =>
  lignesHistorique(
    changes.map((c) => ({ ...c, champ: `${prefixe}${c.champ}` })),
    titres,
    noms,
  );

/** Who made a history entry, and the import it came from: « Claire (claire@cfa.fr) via un classeur ». */
const par = (h: { auteur: string; acteur: string; origine: string | null }) =>
  auteurEtOrigine(h.acteur, h.origine, h.auteur);

/** « 2 champs modifiés »: the fields an entry changed as the history shows them (coordinates aside); '' for none. */
const champsChanges = (diff: readonly Change[]) => {
  const n = lignesHistorique(diff).length;
  return n ? pluriel(n, 'champ modifié', 'champs modifiés') : '';
};

/**
 * A decision's detail: the statut it set and a return's comment as the event it is (« Retournée à
 * l’organisme pour correction : « … » », as the organisme's history says it); a comment cleared
 * by a validation is not said. '' when the entry is no decision.
 */
const detailDecision = (diff: readonly Change[]) =>
  diff
    .map((c) =>
      c.champ === 'statut'
        ? `statut : ${valeurHistorique(c.champ, c.apres)}`
        : phraseRetour(c.champ, c.apres),
    )
    .filter((x): x is string => !!x)
    .join(' ; ');

function TableChanges({
  changes,
  caption,
  id,
  prefixe,
  noms,
  titres,
}: {
  changes: readonly Change[];
  caption: string;
  id?: string;
  /** `sessions[id].` for a session's fields. */
  prefixe?: string;
  noms?: NomsSessions;
  /** The certifications' titles, by code (RevueFormation `titres`). */
  titres?: ReadonlyMap<string, string>;
}) {
  return (
    <TableDefilante nom={caption} id={id}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Champ</th>
          <th scope="col">Dernière version validée</th>
          <th scope="col">Proposé</th>
        </tr>
      </thead>
      <tbody>
        {lignes(changes, prefixe, noms, titres).map((l, i) => (
          <tr key={String(i)}>
            <th scope="row">{l.champ}</th>
            <td>
              <del>{l.avant}</del>
            </td>
            <td>
              <ins>{l.apres}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </TableDefilante>
  );
}

/**
 * One session's changes as the history reads them (espace/historique.ts, the one wording): a
 * session added, removed or put back is a sentence (« Session du … retirée »), its other fields a table.
 */
function SessionChangee({
  s,
  noms,
  double,
  stockee,
}: {
  s: DiffLu['sessions'][number];
  noms: NomsSessions;
  /** The session as stored (a changed session's diff carries its changed fields only). */
  stockee?: unknown;
  /** The name of a stored session this added one repeats (same days, same place), if any. */
  double?: string | undefined;
}) {
  const champ = `sessions[${s.id}]`;
  const changes =
    s.etat === 'modifiee'
      ? s.champs.map((c) => ({ ...c, champ: `${champ}.${c.champ}` }))
      : [{ champ, avant: s.avant, apres: s.apres }];
  const ls = lignesHistorique(changes, undefined, noms);
  const phrases = ls.flatMap((l) => (l.phrase ? [l.phrase] : []));
  const nom = noms.get(s.id) ?? `session ${s.id}`;
  const autres = s.champs.filter((c) => !phraseSession(`${champ}.${c.champ}`, c.avant, c.apres, noms));
  // Its financeur, market and notification date: what makes it conventionnée, to check before validating.
  // A changed session: as stored, with the proposed values of its changed fields.
  const proposee =
    s.etat === 'supprimee'
      ? s.avant
      : (s.apres ?? {
          ...(typeof stockee === 'object' ? stockee : {}),
          ...Object.fromEntries(s.champs.map((c) => [c.champ, c.apres])),
        });
  const convention = conventionnementSession(proposee);
  return (
    <div class="fr-mb-3w">
      <h3 class="fr-h6">{phrases[0] ?? `Session modifiée : ${nom}`}</h3>
      {phrases.slice(1).map((p) => (
        <p key={p}>{p}</p>
      ))}
      {convention.length > 0 && (
        <ul class="fr-mb-1w">
          {convention.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {double && (
        <p class="fr-message fr-message--warning">
          Identique à la {double} déjà enregistrée (mêmes dates, même lieu) : vérifiez qu’il ne s’agit pas de
          la même session.
        </p>
      )}
      {autres.length > 0 && (
        <TableChanges
          changes={autres}
          caption={`Champs modifiés de la ${nom}`}
          prefixe={`${champ}.`}
          noms={noms}
        />
      )}
    </div>
  );
}

/**
 * The stored session an added one repeats (the organisme's form asks to confirm such a session:
 * domain/session-saisie.ts `sessionEnDouble`), named by its dates; undefined otherwise.
 */
function doubleDe(s: DiffLu['sessions'][number], r: RevueFormation): string | undefined {
  if (s.etat !== 'ajoutee' || typeof s.apres !== 'object' || s.apres === null) return undefined;
  const autres = (r.formation?.sessions ?? []).filter((x) => x.id !== s.id);
  const double = sessionEnDouble(s.apres as SessionDatee, autres);
  return double ? (nomSession(double) ?? undefined) : undefined;
}

function Modifications({ r }: { r: RevueFormation }) {
  if (!r.diff) return <p>Aucune version à comparer.</p>;
  // Only an offer in the queue is a publication (first, or again): an archived offer, a draft… is not.
  const publication = !!r.enFile;
  if (r.diff.champs.length === 0 && r.diff.sessions.length === 0)
    return (
      <p id="sans-modification">
        Aucune modification depuis la dernière validation
        {publication ? ' : re-publication inchangée.' : '.'}
      </p>
    );
  // Sessions are named by their dates (the offer as stored, else the dates the change carries).
  const noms = nomsSessions(r.formation?.sessions ?? [], [
    ...r.diff.sessions.map((s) => ({ champ: `sessions[${s.id}]`, avant: s.avant, apres: s.apres })),
  ]);
  return (
    <>
      {r.base === 'aucune' && (
        <p id="jamais-validee">
          {publication
            ? 'Première publication : aucune version validée à comparer, tout le contenu est nouveau.'
            : 'Jamais validée : aucune version validée à comparer, voici tout son contenu.'}
        </p>
      )}
      {r.diff.champs.length > 0 && (
        <TableChanges
          changes={r.diff.champs}
          caption="Champs de la formation"
          id="diff-champs"
          titres={r.titres}
        />
      )}
      {r.diff.sessions.map((s) => (
        <SessionChangee
          key={s.id}
          s={s}
          noms={noms}
          double={doubleDe(s, r)}
          stockee={(r.formation?.sessions ?? []).find((x) => x.id === s.id)}
        />
      ))}
    </>
  );
}

const resultat = (c: { resultat: string; severite: string } | undefined) =>
  !c
    ? '—'
    : c.resultat === 'echec'
      ? `Échec (${c.severite})`
      : c.resultat === 'passe'
        ? 'Conforme'
        : 'Non applicable';

/** One line per failing code the revision fixes or introduces (what validating it would change). */
function Ecarts({ ecarts }: { ecarts: NonNullable<RevueFormation['ecarts']> }) {
  if (ecarts.corrige.length === 0 && ecarts.introduit.length === 0)
    return <p id="ecarts">Cette révision ne change aucun contrôle en échec.</p>;
  return (
    <ul id="ecarts">
      {ecarts.corrige.map((code) => (
        <li key={`c-${code}`}>
          Cette révision corrige <strong>{code}</strong> (en échec sur la version diffusée).
        </li>
      ))}
      {ecarts.introduit.map((code) => (
        <li key={`i-${code}`}>
          Cette révision introduit <strong>{code}</strong> (conforme sur la version diffusée).
        </li>
      ))}
    </ul>
  );
}

/**
 * The rule results with their evidence: of the pending revision as validating it would store it,
 * beside the diffused version's result of each rule; else of the offer as stored.
 */
function Controles({ r }: { r: RevueFormation }) {
  const echecs = r.controles.filter((c) => c.resultat === 'echec');
  // One result per code of the diffused version (a code failing on one field counts as failing).
  const diffusee = new Map<string, { resultat: string; severite: string }>();
  for (const c of r.controlesDiffusee ?? [])
    if (!diffusee.has(c.code) || c.resultat === 'echec') diffusee.set(c.code, c);
  return (
    <>
      <p>
        {echecs.length === 0
          ? 'Aucun contrôle en échec'
          : `${pluriel(echecs.length, 'contrôle', 'contrôles')} en échec sur ${r.controles.length}`}
        {r.revision
          ? ' sur la révision, telle qu’elle serait diffusée une fois validée ; la colonne « Version diffusée » donne le résultat de la version en ligne.'
          : '.'}
      </p>
      {r.ecarts && <Ecarts ecarts={r.ecarts} />}
      <TableDefilante
        nom={
          r.revision
            ? 'Résultats des règles sur la révision et leurs preuves'
            : 'Résultats des règles et leurs preuves'
        }
      >
        <caption>
          {r.revision
            ? 'Résultats des règles sur la révision et leurs preuves'
            : 'Résultats des règles et leurs preuves'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Règle</th>
            <th scope="col">{r.revision ? 'Révision' : 'Résultat'}</th>
            {r.revision && <th scope="col">Version diffusée</th>}
            <th scope="col">Message</th>
            <th scope="col">Preuves</th>
          </tr>
        </thead>
        <tbody>
          {[...echecs, ...r.controles.filter((c) => c.resultat !== 'echec')].map((c, i) => (
            <tr key={`${c.code}-${i}`}>
              <th scope="row">{c.code}</th>
              <td>{resultat(c)}</td>
              {r.revision && <td>{resultat(diffusee.get(c.code))}</td>}
              <td>{c.message}</td>
              <td>{c.preuves.map((x) => preuveTexte(x)).join(' ; ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>
    </>
  );
}

/**
 * Validating this revision would take the diffused offer out of diffusion: says so, lists the
 * blocking rules, and asks a ticked confirmation (without it, nothing is validated).
 */
function ConfirmerRetrait({ r, erreurs }: { r: RevueFormation; erreurs: Erreurs }) {
  const erreur = erreurs.find((e) => e.champ === 'confirmer_retrait')?.message;
  return (
    <fieldset
      class={`fr-fieldset${erreur ? ' fr-fieldset--error' : ''}`}
      aria-labelledby="confirmer-retrait-legende"
      id="retrait"
    >
      <legend class="fr-fieldset__legend" id="confirmer-retrait-legende">
        Validée, cette révision retirerait l’offre de la diffusion
      </legend>
      <div class="fr-fieldset__element">
        <p>
          L’offre est diffusée (Catalogue général) ; la révision ferait échouer{' '}
          {r.retrait.length > 1 ? 'ces règles bloquantes' : 'cette règle bloquante'} : l’offre deviendrait «
          Non réglementaire » et ne serait plus diffusée (API, recherche publique, exports, plateformes).
        </p>
        <ul>
          {r.retrait.map((x) => (
            <li key={`${x.code}-${x.message}`}>
              {x.code} : {x.message}
            </li>
          ))}
        </ul>
      </div>
      <CaseConfirmation nom="confirmer_retrait" erreur={erreur}>
        Je confirme valider cette révision : l’offre ne sera plus diffusée tant que ces règles sont en échec.
      </CaseConfirmation>
    </fieldset>
  );
}

/**
 * A decision refused (the offer moved on, or misses a mandatory field), at the top of the page with the focus on it: why,
 * and the comment the gestionnaire wrote when there is no return form to keep it in any more.
 */
function RefusDecision({ message, commentaire }: { message: string; commentaire?: string }) {
  return (
    // biome-ignore lint/a11y/noAutofocus: the focus moves to the refusal of a decision (RGAA 11.10)
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert" id="refus-decision" tabIndex={-1} autoFocus>
      <h2 class="fr-alert__title">Décision non enregistrée</h2>
      <p>{message}</p>
      {commentaire?.trim() ? (
        <p>Votre commentaire, qui n’a pas été envoyé : « {commentaire.trim()} »</p>
      ) : null}
    </div>
  );
}

/** The offer's statut and stored verdict, as domain/diffusion.ts reads them (the diffused version's). */
const statutDe = (r: RevueFormation) => ({ statut: r.statut, catalogue: r.formation.conformite.catalogue });

/** /gestion/formations/:id: one offer to decide on, from its diff, rule results, facts and history. */
export function RevuePage(p: {
  r: RevueFormation;
  erreurs?: Erreurs;
  /** The « Valider » form's error: the confirmation of a withdrawal from diffusion was not ticked. */
  erreursValider?: Erreurs;
  commentaire?: string;
  annonce?: string;
  /** The decision was refused: the offer moved on (decided elsewhere, changed since read), or it misses a mandatory field. */
  refus?: string;
}) {
  const { r } = p;
  const f = r.formation;
  const decidable = !!r.enFile;
  // Every form error, summarised at the top of the page and linked to its field (the fields repeat them).
  const erreursPage = [...(p.erreursValider ?? []), ...(p.erreurs ?? [])];
  // Named by its title, never its id (as the organisme's pages).
  const titre = f.intitule ?? 'Formation sans intitulé';
  const ces = r.autresRegions.length > 1 ? 'ces régions' : 'cette région';
  return (
    <Layout titre={`Revue : ${titre}`}>
      <FilAriane
        liens={[
          { libelle: 'File de validation', href: '/gestion' },
          { libelle: titre, href: `/gestion/formations/${encodeURIComponent(r.id)}` },
        ]}
      />
      <NavGestion courant="" />
      <h1>{titre}</h1>
      <Annonce texte={p.annonce} />
      {p.refus ? <RefusDecision message={p.refus} commentaire={decidable ? '' : p.commentaire} /> : null}
      <ResumeErreurs erreurs={erreursPage} />
      <ul>
        <li>Statut : {libelleStatut(statutDe(r))}</li>
        {r.enFile && (
          <li>
            {NATURE[r.enFile.nature]}, soumise {ilYa(ageJours(r.enFile.depuis, r.now))}
            {r.enFile.inchangee ? ' — re-publication inchangée' : ''}
          </li>
        )}
        {/* Any région of the offer (sessions, open revision) may decide; the first decision wins (docs/gestion.md). */}
        {r.autresRegions.length > 0 && (
          <li id="autres-regions">
            Cette offre concerne aussi : {r.autresRegions.join(', ')}.{' '}
            {decidable
              ? `Elle est aussi dans la file de validation de ${ces} : la première décision, la vôtre ou celle d’un gestionnaire de ${ces}, est retenue et la retire de toutes les files.`
              : `Les gestionnaires de ${ces} la voient aussi.`}
          </li>
        )}
        <li>Verdict du catalogue : {VERDICT[f.conformite.catalogue ?? 'non_calcule']}</li>
        <li>
          Organisme responsable :{' '}
          {f.responsable ? organismeLisible(f.responsable.siret, f.responsable.raison_sociale) : '—'}
        </li>
        {f.formateur && f.formateur.siret !== f.responsable?.siret && (
          <li>Organisme formateur : {organismeLisible(f.formateur.siret, f.formateur.raison_sociale)}</li>
        )}
        {/* A conventionné action is entered and owned by its mandataire (docs/conventionne.md). */}
        {f.mandataire && (
          <li>
            Mandataire (titulaire du marché, propriétaire de l’offre) :{' '}
            {organismeLisible(f.mandataire.siret, f.mandataire.raison_sociale)}
          </li>
        )}
      </ul>
      {publieeHorsDiffusion(statutDe(r)) && (
        <AvisHorsDiffusion
          echecs={r.controlesDiffusee ?? r.controles}
          dejaDiffusee={r.dejaDiffusee}
          suite={
            <>
              {r.revision
                ? `Une révision de l’organisme est ouverte : une fois validée sans règle bloquante en échec, l’offre sera ${rediffusee(r.dejaDiffusee)}.`
                : `L’organisme peut la corriger : ses modifications formeront une révision, qui viendra dans la file de validation ; une fois validée sans règle bloquante en échec, l’offre sera ${rediffusee(r.dejaDiffusee)}.`}{' '}
              Le détail et les preuves : <a href="#controles">Contrôles de conformité</a>.
            </>
          }
        />
      )}
      {r.revision && (
        <div class="fr-alert fr-alert--info fr-mb-4w" id="revision-ouverte">
          <h2 class="fr-alert__title">
            Révision {r.revision.statut === 'a_corriger' ? 'retournée, toujours ouverte' : 'en attente'} :
            l’offre ne peut pas être modifiée directement
          </h2>
          <p>
            Proposée par {qui(r.revision.created_by)} le {dateHeureLongue(r.revision.created_at)}. Tant
            qu’elle est ouverte, toute modification directe de l’offre{' '}
            {publieeHorsDiffusion(statutDe(r)) ? 'publiée (hors diffusion)' : 'diffusée'} (import d’un
            classeur ou d’un fichier LHEO, API, ligne de commande) est refusée (REVISION_EN_ATTENTE) : la
            valider ensuite l’effacerait.{' '}
            {decidable ? <a href="#decision">Décidez d’abord la révision</a> : 'Décidez d’abord la révision'}{' '}
            (valider, ou retourner à l’organisme : une révision retournée reste ouverte jusqu’à sa correction
            et sa validation), puis réimportez ou modifiez.
          </p>
        </div>
      )}
      {r.statut === 'archivee' && (
        <div class="fr-alert fr-alert--info fr-mb-4w" id="archivee">
          <h2 class="fr-alert__title">Offre archivée : elle n’attend pas de validation</h2>
          <p>
            Elle n’est plus diffusée, et personne ne peut la modifier (ni l’organisme, ni un gestionnaire, ni
            un import) tant qu’elle n’est pas republiée. Si l’organisme la republie (« Publier »), elle
            revient dans la file de validation, comparée à sa dernière version validée.
          </p>
        </div>
      )}
      {r.dernierRetour && (
        <div class="fr-alert fr-alert--warning fr-mb-4w">
          <h2 class="fr-alert__title">Retournée à l’organisme le {dateHeureLongue(r.dernierRetour.at)}</h2>
          <p>{r.dernierRetour.commentaire}</p>
        </div>
      )}

      <h2 id="modifications">Modifications par rapport à la dernière version validée</h2>
      <Modifications r={r} />

      <h2 id="controles">Contrôles de conformité</h2>
      <Controles r={r} />

      <h2 id="organisme">Faits officiels sur l’organisme</h2>
      {r.organisme ? (
        <ul>
          <li>
            Sirene :{' '}
            {r.organisme.referentiels.sirene
              ? `${r.organisme.referentiels.sirene.denomination ?? ''} — établissement ${r.organisme.referentiels.sirene.etat}`
              : 'SIRET absent des données Sirene chargées'}
          </li>
          <li>
            Liste publique des organismes de formation (DGEFP) :{' '}
            {r.organisme.referentiels.declarations.length
              ? r.organisme.referentiels.declarations
                  .map(
                    (d) =>
                      `NDA ${d.nda}, Qualiopi apprentissage : ${ouiNon(d.qualiopi.apprentissage)}, actions de formation : ${ouiNon(d.qualiopi.actions_formation)}`,
                  )
                  .join(' ; ')
              : 'aucune déclaration d’activité'}
          </li>
          <li>
            UAI (ACCE) :{' '}
            {r.organisme.referentiels.uai.length
              ? r.organisme.referentiels.uai.map((u) => `${u.uai} ${u.denomination ?? ''}`).join(' ; ')
              : `aucune UAI rattachée à ce SIRET${r.organisme.uai ? ` (déclarée : ${r.organisme.uai})` : ''}`}
          </li>
        </ul>
      ) : (
        <p>Organisme responsable inconnu des référentiels.</p>
      )}

      <h2 id="historique">Historique</h2>
      <TableDefilante nom="Historique de la formation">
        <caption>Chaque changement, avec la personne qui l’a fait, le plus récent en premier</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Action</th>
            <th scope="col">Par</th>
            <th scope="col">Détail</th>
          </tr>
        </thead>
        <tbody>
          {chronologie(r.historique).map(({ entree: h }) => (
            <tr key={String(h.id)}>
              <td>{dateHeureLongue(h.at)}</td>
              <td>
                {h.validation
                  ? 'Modifications validées (révision)'
                  : plateformeDeEntite(h.entite)
                    ? titreDecision(plateformeDeEntite(h.entite)!, h.action)
                    : (ACTION_HISTORIQUE[h.action] ?? h.action)}
              </td>
              <td>
                {h.validation && h.auteurs
                  ? `${h.auteurs.map(par).join(' et ')}, validées par ${h.validation.auteur}`
                  : par(h)}
              </td>
              <td>
                {horsDiffusionDe(h) && <p class="fr-mb-1v">{phraseHorsDiffusion(horsDiffusionDe(h)!)}</p>}
                {plateformeDeEntite(h.entite)
                  ? // A Parcoursup or Affelnet entry: its status, motif, or the recomputation's reason.
                    lignesDecision(plateformeDeEntite(h.entite)!, h.diff).join(' ; ')
                  : detailDecision(h.diff) || champsChanges(h.diff)}
              </td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>

      {decidable ? (
        <>
          <h2 id="decision">Décision</h2>
          <div class="fr-grid-row fr-grid-row--gutters">
            <div class="fr-col-12 fr-col-md-4">
              <Formulaire action={`/gestion/formations/${encodeURIComponent(r.id)}/valider`}>
                <input type="hidden" name="version" value={r.version} />
                {r.retrait.length > 0 && <ConfirmerRetrait r={r} erreurs={p.erreursValider ?? []} />}
                <button class="fr-btn" type="submit">
                  {r.retrait.length > 0 ? 'Valider malgré tout' : 'Valider'}
                </button>
              </Formulaire>
            </div>
            <div class="fr-col-12 fr-col-md-8">
              <Formulaire action={`/gestion/formations/${encodeURIComponent(r.id)}/retourner`}>
                <input type="hidden" name="version" value={r.version} />
                <ChampZoneTexte
                  name="commentaire"
                  label={LIBELLE_COMMENTAIRE}
                  hint={`Obligatoire : ce qu’il doit corriger, en ${nombre(LONGUEURS_MAX.commentaire)} caractères au plus. Il le reçoit par courriel et le voit dans son onglet « À corriger ».`}
                  lignes={4}
                  valeur={p.commentaire ?? ''}
                  erreurs={p.erreurs ?? []}
                />
                <button class="fr-btn fr-btn--secondary" type="submit">
                  Retourner à l’organisme
                </button>
              </Formulaire>
            </div>
          </div>
        </>
      ) : (
        <p id="sans-decision">
          {r.statut === 'archivee'
            ? 'Cette offre est archivée : elle n’attend pas de validation, aucune décision n’est à prendre.'
            : 'Cette offre n’attend pas de validation.'}
        </p>
      )}
    </Layout>
  );
}
