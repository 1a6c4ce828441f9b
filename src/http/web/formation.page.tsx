import { lignePostale } from '../../domain/adresse-lieu.ts';
import { jourIsoLong } from '../../domain/dates.ts';
import {
  recrutementAffiche,
  SESSION_TERMINEE,
  sessionsEnCours,
  sessionsPubliques,
  sessionTerminee,
} from '../../domain/diffusion.ts';
import { apostrophes } from '../../domain/elision.ts';
import { financement, financeursPublics } from '../../domain/financement.ts';
import type { Formation, Session } from '../../domain/formation.schema.ts';
import { siretLisible } from '../../domain/identifiants.ts';
import { nombre } from '../../domain/nombres.ts';
import { coursJsonLd, jsonPourScript } from '../../domain/schema-org.ts';
import {
  Acces,
  Bilans,
  Candidater,
  Fait,
  Financement,
  financementCourt,
  Handicap,
  Reunions,
  VueProfessionnelle,
} from './formation.sections.tsx';
import { FilAriane, Layout } from './layout.tsx';
import { ETAT_RECRUTEMENT, FINANCEUR, NIVEAU, ouiNon } from './libelles.ts';
import { TableDefilante } from './table-defilante.tsx';
import { ContactEnLigne } from './telephone.tsx';

// The formation page (docs/recherche.md « La page d’une formation »): what, where (address and a
// map link), when (upcoming sessions; a past start is never announced as upcoming), how to apply,
// entry requirements, accessibility contact, Parcoursup / Affelnet. Signed-in professionals
// (prescripteur, gestionnaire, admin) also see closed sessions, bilans and the sessions' contacts.

const BADGE: Readonly<Record<string, string>> = {
  ouvert: 'fr-badge--success',
  suspendu: 'fr-badge--warning',
  ferme: 'fr-badge--error',
};

/** A session's recruitment as the pages read it (recrutementAffiche): its état, or ended. */
const RECRUTEMENT: Readonly<Record<string, string>> = { ...ETAT_RECRUTEMENT, terminee: SESSION_TERMINEE };

export interface FormationPageProps {
  readonly f: Formation;
  /** The page's absolute canonical address (OFFRE_URL + /formations/{id}). */
  readonly url: string;
  /** 'YYYY-MM-DD': starts before it are past, not upcoming. */
  readonly aujourdhui: string;
  /** The professional view (f then holds closed sessions and bilans). */
  readonly professionnelle?: boolean;
  /** Its certification's type in the reference ('CAP', 'TP'…; null: unknown), for its entry requirements. */
  readonly typeDiplome?: string | null;
}

const DESCRIPTION_MAX = 160;

/**
 * The formation page's `<meta name="description">`: the first sentence of the objectif, else
 * « {intitulé} à {commune} — {organisme} »; whitespace collapsed, at most 160 characters (cut at a
 * word, « … »). Plain text: the renderer escapes it.
 */
export function descriptionFormation(f: Formation): string {
  const objectif = f.objectif?.replace(/\s+/g, ' ').trim();
  const phrase = objectif ? (/^.*?[.!?](?=\s|$)/.exec(objectif)?.[0] ?? objectif) : '';
  const commune = sessionsPubliques(f).find((s) => s.lieu.commune)?.lieu.commune;
  const organisme = f.responsable?.raison_sociale;
  const d =
    phrase ||
    [`${f.intitule ?? 'Formation'}${commune ? ` à ${commune}` : ''}`, ...(organisme ? [organisme] : [])].join(
      ' — ',
    );
  if (d.length <= DESCRIPTION_MAX) return d;
  const coupe = d.slice(0, DESCRIPTION_MAX - 1);
  return `${coupe.slice(0, coupe.lastIndexOf(' ') > 0 ? coupe.lastIndexOf(' ') : coupe.length)}…`;
}

export function FormationPage({
  f,
  url,
  aujourdhui,
  professionnelle = false,
  typeDiplome = null,
}: FormationPageProps) {
  const titre = f.intitule ?? 'Formation sans intitulé';
  const sessions = professionnelle ? f.sessions : sessionsPubliques(f);
  // The public list: the sessions one can still join, the ended ones apart (docs/recherche.md).
  const enCours = sessionsEnCours(sessions, aujourdhui);
  const terminees = sessions.filter((s) => sessionTerminee(s, aujourdhui));
  const prochaine = sessionsPubliques(f)
    .map((s) => s.debut)
    .filter((d): d is string => !!d && d >= aujourdhui)
    .sort()[0];
  const m = f.modalites;
  const { parSession } = financement(f, sessions);
  return (
    <Layout
      titre={titre}
      canonique={url}
      description={descriptionFormation(f)}
      jsonLd={jsonPourScript(coursJsonLd(f, url))}
    >
      <FilAriane
        liens={[
          { libelle: 'Accueil', href: '/' },
          { libelle: titre, href: `/formations/${encodeURIComponent(f.id)}` },
        ]}
      />
      <h1>{titre}</h1>
      {professionnelle && <VueProfessionnelle />}
      <ul class="fr-badges-group fr-mb-3w">
        {f.certification.niveau && (
          <li>
            <p class="fr-badge fr-badge--info fr-badge--no-icon">
              {NIVEAU[f.certification.niveau] ?? `Niveau ${f.certification.niveau}`}
            </p>
          </li>
        )}
        {f.conformite.certifiee && (
          <li>
            <p class="fr-badge fr-badge--success">Organisme certifié Qualiopi (apprentissage)</p>
          </li>
        )}
      </ul>
      {f.objectif && <p class="fr-text--lead">{f.objectif}</p>}
      {f.contenu && <p>{f.contenu}</p>}

      <h2 class="fr-mt-5w" id="quand-ou">
        Quand et où
      </h2>
      <p id="prochaine-rentree">
        {prochaine
          ? `Prochaine rentrée : ${jourIsoLong(prochaine)}.`
          : sessions.length > 0 && sessions.every((s) => sessionTerminee(s, aujourdhui))
            ? 'Aucune rentrée à venir n’est annoncée : les sessions ci-dessous sont terminées.'
            : 'Aucune rentrée à venir n’est annoncée : les sessions ci-dessous ont déjà commencé. Renseignez-vous auprès de l’organisme pour une entrée en cours de formation.'}
      </p>
      <Financement f={f} sessions={sessions} />
      {professionnelle ? (
        <Sessions
          nom="Sessions de la formation"
          legende="Toutes les sessions de la formation, recrutement fermé, sessions terminées et retenues compris"
          sessions={sessions}
          aujourdhui={aujourdhui}
          professionnelle
          financeurs={parSession ? (s) => financeursPublics(f, s) : null}
        />
      ) : (
        <>
          {enCours.length > 0 ? (
            <Sessions
              nom="Sessions de la formation"
              legende="Sessions à venir ou en cours dont le recrutement n’est pas fermé"
              sessions={enCours}
              aujourdhui={aujourdhui}
              professionnelle={false}
              financeurs={parSession ? (s) => financeursPublics(f, s) : null}
            />
          ) : (
            sessions.length === 0 && <p id="aucune-session">Aucune session n’est annoncée.</p>
          )}
          {/* Ended sessions cannot be joined: apart, said so (domain/diffusion.ts sessionsEnCours). */}
          {terminees.length > 0 && (
            <>
              <h3 class="fr-h5 fr-mt-3w" id="sessions-terminees">
                Sessions terminées
              </h3>
              <p>On ne peut plus s’inscrire à ces sessions : elles sont affichées pour mémoire.</p>
              <Sessions
                nom="Sessions terminées"
                legende="Sessions terminées de la formation"
                sessions={terminees}
                aujourdhui={aujourdhui}
                professionnelle={false}
                financeurs={parSession ? (s) => financeursPublics(f, s) : null}
              />
            </>
          )}
        </>
      )}
      <Reunions sessions={sessions} aujourdhui={aujourdhui} professionnelle={professionnelle} />
      {professionnelle && <Bilans sessions={sessions} />}

      <Candidater f={f} professionnelle={professionnelle} />
      <Acces f={f} typeDiplome={typeDiplome} />
      <Handicap f={f} />

      <h2 class="fr-mt-5w">Certification préparée</h2>
      {f.certification.rncp || f.certification.cfd ? (
        <dl class="fr-pl-0">
          <Fait terme="Intitulé" valeur={f.certification.intitule} />
          <Fait terme="Code RNCP" valeur={f.certification.rncp} />
          <Fait terme="Code diplôme (CFD)" valeur={f.certification.cfd} />
          <Fait
            terme="Niveau"
            valeur={
              f.certification.niveau ? (NIVEAU[f.certification.niveau] ?? f.certification.niveau) : null
            }
          />
        </dl>
      ) : (
        <p id="non-certifiante">Action non certifiante</p>
      )}

      <h2 class="fr-mt-5w">Organismes</h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        {f.responsable && (
          <div class="fr-col-12 fr-col-md-6">
            <h3 class="fr-h5">Organisme responsable</h3>
            <dl class="fr-pl-0">
              <FaitOrganisme o={f.responsable} />
              <Fait terme="SIRET" valeur={siretLisible(f.responsable.siret)} />
              <Fait terme="UAI" valeur={f.responsable.uai} />
            </dl>
          </div>
        )}
        {f.formateur && (
          <div class="fr-col-12 fr-col-md-6">
            <h3 class="fr-h5">Organisme formateur</h3>
            <dl class="fr-pl-0">
              <FaitOrganisme o={f.formateur} />
              <Fait terme="SIRET" valeur={siretLisible(f.formateur.siret)} />
              <Fait terme="UAI" valeur={f.formateur.uai} />
            </dl>
          </div>
        )}
        {/* A conventionné action: the holder of the market, under whom it is entered (as the API shows it). */}
        {f.mandataire && (
          <div class="fr-col-12 fr-col-md-6">
            <h3 class="fr-h5">Mandataire (titulaire du marché)</h3>
            <dl class="fr-pl-0">
              <FaitOrganisme o={f.mandataire} />
              <Fait terme="SIRET" valeur={siretLisible(f.mandataire.siret)} />
              <Fait terme="UAI" valeur={f.mandataire.uai} />
            </dl>
          </div>
        )}
      </div>

      <h2 class="fr-mt-5w">Modalités</h2>
      <dl class="fr-pl-0">
        <Fait terme="Contrat d’apprentissage" valeur={ouiNon(m.contrat_apprentissage)} />
        <Fait terme="Contrat de professionnalisation" valeur={ouiNon(m.contrat_professionnalisation)} />
        <Fait terme="Formation continue" valeur={ouiNon(m.formation_continue)} />
        <Fait terme="Durée du cycle" valeur={dureeCycle(m.duree_annees)} vide="non renseignée" />
        {m.contrat_apprentissage !== false && (
          <Fait
            terme="Années ouvertes à l’apprentissage"
            valeur={
              m.annees_apprentissage.length
                ? m.annees_apprentissage.map((a) => `${a}${a === 1 ? 're' : 'e'} année`).join(', ')
                : null
            }
          />
        )}
        {f.financeurs.length > 0 && (
          <Fait terme="Financement public" valeur={f.financeurs.map((x) => FINANCEUR[x] ?? x).join(', ')} />
        )}
        <Fait terme="Sur Parcoursup" valeur={f.conformite.parcoursup === 'publie' ? 'oui' : 'non'} />
        <Fait terme="Sur Affelnet" valeur={f.conformite.affelnet === 'publie' ? 'oui' : 'non'} />
      </dl>
    </Layout>
  );
}

/** The cycle's duration: « moins d’un an » for a declared 0, null when not declared. */
export function dureeCycle(annees: number | null | undefined): string | null {
  if (annees == null) return null;
  if (annees === 0) return 'moins d’un an';
  return `${annees} an${annees > 1 ? 's' : ''}`;
}

/** The organisme's name, a link to its public page (/organismes/{siret}). */
function FaitOrganisme({ o }: { o: { siret: string; raison_sociale: string | null } }) {
  return (
    <div class="fr-mb-1w">
      <dt class="fr-text--bold fr-mb-0">Raison sociale</dt>
      <dd class="fr-ml-0">
        <a href={`/organismes/${encodeURIComponent(o.siret)}`}>
          {o.raison_sociale || `Organisme ${siretLisible(o.siret)}`}
        </a>
      </dd>
    </div>
  );
}

/** A link to the place on OpenStreetMap: at its coordinates, else a search of its address; null without either. */
export function carte(s: Session): string | null {
  const l = s.lieu;
  if (l.lat != null && l.lon != null)
    return `https://www.openstreetmap.org/?mlat=${l.lat}&mlon=${l.lon}#map=16/${l.lat}/${l.lon}`;
  const adresse = [l.adresse, l.code_postal, l.commune].filter(Boolean).join(' ');
  return adresse ? `https://www.openstreetmap.org/search?${new URLSearchParams({ query: adresse })}` : null;
}

/** "Début le …" for an upcoming start; a past start reads "Commencée le …", never as upcoming. */
function dates(s: Session, aujourdhui: string) {
  const fin = s.fin ? `, fin le ${jourIsoLong(s.fin)}` : '';
  if (!s.debut) return `Date de début non renseignée${fin}`;
  return s.debut >= aujourdhui
    ? `Début le ${jourIsoLong(s.debut)}${fin}`
    : `Commencée le ${jourIsoLong(s.debut)}${fin}`;
}

/** What a session's place reads: its address, postal line and a map link. */
function LieuSession({ s }: { s: Session }) {
  const l = s.lieu;
  const lien = carte(s);
  return (
    <>
      {l.adresse && (
        <>
          {l.adresse}
          <br />
        </>
      )}
      {apostrophes(lignePostale(l) ?? '') || 'Lieu non renseigné'}
      {lien && (
        <>
          <br />
          <a
            class="fr-link fr-link--sm"
            href={lien}
            rel="noopener"
            target="_blank"
            title="Voir le lieu sur une carte – OpenStreetMap (nouvelle fenêtre)"
          >
            Voir sur une carte
          </a>
        </>
      )}
    </>
  );
}

/** A session's recruitment badge (an ended session reads ended), and « retenue » for professionals. */
function RecrutementSession({ s, aujourdhui }: { s: Session; aujourdhui: string }) {
  const recrutement = recrutementAffiche(s, aujourdhui);
  return (
    <>
      <p class={`fr-badge fr-badge--sm ${BADGE[recrutement] ?? ''}`}>
        {RECRUTEMENT[recrutement] ?? recrutement}
      </p>
      {/* Only the professional view holds withheld sessions (domain/champs-professionnels.ts). */}
      {s.retenue && (
        <p class="fr-badge fr-badge--sm fr-badge--warning fr-mt-1v">Session retenue : non diffusée</p>
      )}
    </>
  );
}

const contactSession = (s: Session) =>
  (s.contact && <ContactEnLigne c={s.contact} sep=" — " />) || 'non renseigné';

interface SessionsProps {
  /** The accessible name of the table's scrolling box. */
  nom: string;
  /** The table's caption, the cards list's label. */
  legende: string;
  sessions: readonly Session[];
  aujourdhui: string;
  professionnelle: boolean;
  /** Each session's public funders, when the sessions differ (null: no « Financement » column). */
  financeurs: ((s: Session) => string[]) | null;
}

/**
 * Sessions, readable at every width without script: a table from the DSFR « md » breakpoint
 * (48em), one card per session below it (a phone: the table was 867 px wide in a 358 px box, only
 * dates showing). Each is hidden by DSFR's display utilities at the other widths (display: none,
 * so read once by screen readers too).
 */
function Sessions({ nom, legende, sessions, aujourdhui, professionnelle, financeurs }: SessionsProps) {
  return (
    <>
      <TableDefilante nom={nom} classes="fr-table--bordered fr-hidden fr-unhidden-md">
        <caption>{legende}</caption>
        <thead>
          <tr>
            <th scope="col">Dates</th>
            <th scope="col">Lieu</th>
            <th scope="col">Recrutement</th>
            <th scope="col">Places</th>
            {financeurs && <th scope="col">Financement</th>}
            {professionnelle && <th scope="col">Contact de la session</th>}
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <tr key={s.id}>
              <td>{dates(s, aujourdhui)}</td>
              <td>
                <LieuSession s={s} />
              </td>
              <td>
                <RecrutementSession s={s} aujourdhui={aujourdhui} />
              </td>
              <td>{s.capacite != null ? nombre(s.capacite) : '—'}</td>
              {financeurs && <td>{financementCourt(financeurs(s))}</td>}
              {professionnelle && <td>{contactSession(s)}</td>}
            </tr>
          ))}
        </tbody>
      </TableDefilante>
      <ul class="fr-hidden-md fr-raw-list fr-mb-3w" aria-label={legende}>
        {sessions.map((s) => (
          <li key={s.id} class="fr-card fr-card--sm fr-card--no-arrow fr-mb-2w">
            <div class="fr-card__body">
              <div class="fr-card__content">
                <p class="fr-card__title">{dates(s, aujourdhui)}</p>
                <dl class="fr-card__desc fr-pl-0">
                  <dt class="fr-text--bold fr-mb-0">Lieu</dt>
                  <dd class="fr-ml-0 fr-mb-1w">
                    <LieuSession s={s} />
                  </dd>
                  <dt class="fr-text--bold fr-mb-0">Recrutement</dt>
                  <dd class="fr-ml-0 fr-mb-1w">
                    <RecrutementSession s={s} aujourdhui={aujourdhui} />
                  </dd>
                  <dt class="fr-text--bold fr-mb-0">Places</dt>
                  <dd class="fr-ml-0 fr-mb-1w">{s.capacite != null ? nombre(s.capacite) : '—'}</dd>
                  {financeurs && (
                    <>
                      <dt class="fr-text--bold fr-mb-0">Financement</dt>
                      <dd class="fr-ml-0 fr-mb-1w">{financementCourt(financeurs(s))}</dd>
                    </>
                  )}
                  {professionnelle && (
                    <>
                      <dt class="fr-text--bold fr-mb-0">Contact de la session</dt>
                      <dd class="fr-ml-0 fr-mb-1w">{contactSession(s)}</dd>
                    </>
                  )}
                </dl>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
