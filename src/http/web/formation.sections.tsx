import { conditionsAcces, ficheOfficielle } from '../../domain/conditions-acces.ts';
import { jourIsoLong } from '../../domain/dates.ts';
import { sessionsPubliques } from '../../domain/diffusion.ts';
import { financement } from '../../domain/financement.ts';
import type { Formation, Session } from '../../domain/formation.schema.ts';
import { FINANCEUR, financeurDansLaPhrase } from '../../domain/libelles.ts';
import { enumeration } from '../../domain/pluriel.ts';
import { TYPE_CONTACT } from './libelles.ts';
import { Telephone } from './telephone.tsx';

// Sections of the formation page (./formation.page.tsx): how to apply, entry requirements,
// accessibility contact, and the professional-only blocks.

type Contact = Formation['contacts'][number];

/** A contact as one line: name — phone — e-mail link. */
function LigneContact({ c }: { c: Contact }) {
  return (
    <li>
      <strong>{TYPE_CONTACT[c.type] ?? 'Contact'}</strong>
      {c.nom && ` : ${c.nom}`}
      {c.telephone && (
        <>
          {' — '}
          <Telephone numero={c.telephone} />
        </>
      )}
      {c.courriel && (
        <>
          {' — '}
          <a href={`mailto:${c.courriel}`}>{c.courriel}</a>
        </>
      )}
    </li>
  );
}

/** « Formation financée par la Région » (by France Travail, l’Agefiph…); null when no public funder. */
export function phraseFinancement(codes: string[]): string | null {
  return codes.length > 0 ? `Formation financée par ${enumeration(codes.map(financeurDansLaPhrase))}` : null;
}

/** A session's public funders in the sessions table: « Région », « France Travail », or « — ». */
export const financementCourt = (codes: string[]): string =>
  codes.length > 0 ? codes.map((x) => FINANCEUR[x] ?? x).join(', ') : '—';

/**
 * « Financement » in « Quand et où »: for a job seeker a conventionné session is a free training,
 * bought by the Région, France Travail or the Agefiph. Nothing for an offer without public funder.
 */
export function Financement({ f, sessions }: { f: Formation; sessions: readonly Session[] }) {
  const { parSession, codes, toutes } = financement(f, sessions);
  const phrase = phraseFinancement(codes);
  if (!parSession && !phrase) return null;
  return (
    <p id="financement">
      <strong>Financement : </strong>
      {parSession
        ? toutes
          ? 'toutes les sessions sont financées, chacune par le financeur indiqué dans la colonne « Financement » du tableau.'
          : 'selon la session, certaines sont financées (voir la colonne « Financement » du tableau).'
        : `${phrase} : les frais de formation sont pris en charge par le financeur. Votre conseiller (France Travail, Mission locale, Cap emploi) vous dit si vous pouvez en bénéficier.`}
    </p>
  );
}

/** How to apply: the organisation's contacts and site, and whether the offer is on Parcoursup / Affelnet. */
export function Candidater({ f, professionnelle = false }: { f: Formation; professionnelle?: boolean }) {
  const contacts = f.contacts.filter((c) => c.type !== 'referent_handicap');
  const handicap = f.contacts.some((c) => c.type === 'referent_handicap');
  // The sessions' contacts (CONV_CONTACT) are for prescribers: on the pages, professionals only
  // (docs/conventionne.md « Champs réservés aux professionnels »).
  const contactsSessions = (professionnelle ? f.sessions : sessionsPubliques(f)).some(
    (s) => s.contact?.nom || s.contact?.telephone || s.contact?.courriel,
  );
  const organisme = f.responsable?.raison_sociale ?? f.formateur?.raison_sociale ?? 'l’organisme';
  return (
    <>
      <h2 class="fr-mt-5w" id="candidater">
        Comment candidater
      </h2>
      <ul>
        <li id="parcoursup">
          {f.conformite.parcoursup === 'publie' ? (
            <>
              Cette formation est sur <strong>Parcoursup</strong> : la candidature s’y fait (
              <a
                href="https://www.parcoursup.gouv.fr/"
                rel="noopener"
                target="_blank"
                title="Parcoursup (nouvelle fenêtre)"
              >
                parcoursup.gouv.fr
              </a>
              ).
            </>
          ) : (
            'Cette formation n’est pas sur Parcoursup.'
          )}
        </li>
        <li id="affelnet">
          {f.conformite.affelnet === 'publie' ? (
            <>
              Cette formation est sur <strong>Affelnet</strong> : après la 3e, les vœux se font avec le
              collège, par le service en ligne Affectation.
            </>
          ) : (
            'Cette formation n’est pas sur Affelnet.'
          )}
        </li>
        <li>
          {f.conformite.parcoursup === 'publie' || f.conformite.affelnet === 'publie'
            ? 'Candidatez aussi directement'
            : 'Candidatez directement'}{' '}
          auprès de {organisme}
          {contacts.length || f.url ? ' :' : '.'}
        </li>
      </ul>
      {contacts.length > 0 && (
        <ul id="contacts">
          {contacts.map((c, i) => (
            <LigneContact key={i} c={c} />
          ))}
        </ul>
      )}
      {f.url && (
        <p>
          <a
            class="fr-link"
            href={f.url}
            rel="noopener"
            target="_blank"
            title={`${f.intitule ?? 'Formation'} – site de l’organisme (nouvelle fenêtre)`}
          >
            Site de l’organisme
          </a>
        </p>
      )}
      {contacts.length === 0 &&
        !f.url &&
        (handicap || contactsSessions ? (
          <p id="sans-contact">
            L’organisme n’a indiqué ni contact pour candidater ni site pour cette formation.
            {contactsSessions &&
              (professionnelle
                ? ' Le contact de chaque session figure dans le tableau des sessions.'
                : ' Ses sessions ont un contact réservé aux prescripteurs : votre conseiller (France Travail, Mission locale, Cap emploi) peut vous mettre en relation.')}
            {handicap && ' Pour une question d’accessibilité, écrivez au référent handicap (plus bas).'}
          </p>
        ) : (
          <p>L’organisme n’a indiqué ni contact ni site pour cette formation.</p>
        ))}
    </>
  );
}

/** Entry requirements (domain/conditions-acces.ts, by the certification's type) and the official fiche. */
export function Acces({ f, typeDiplome }: { f: Formation; typeDiplome: string | null }) {
  const lignes = conditionsAcces(f, typeDiplome);
  const fiche = ficheOfficielle(f);
  return (
    <>
      <h2 class="fr-mt-5w" id="conditions">
        Conditions d’accès
      </h2>
      {lignes.length > 0 ? (
        <ul>
          {lignes.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      ) : (
        <p>Renseignez-vous auprès de l’organisme.</p>
      )}
      {fiche && (
        <p>
          Prérequis exacts :{' '}
          <a
            class="fr-link"
            href={fiche.url}
            rel="noopener"
            target="_blank"
            title={`${fiche.libelle} (nouvelle fenêtre)`}
          >
            {fiche.libelle}
          </a>
        </p>
      )}
    </>
  );
}

/** The référent handicap: whom to ask about adjustments. */
export function Handicap({ f }: { f: Formation }) {
  return (
    <ReferentsHandicap
      referents={f.contacts.filter((c) => c.type === 'referent_handicap')}
      objet="la formation"
    />
  );
}

/** « Accessibilité et handicap »: the référents handicap (of a formation, or of an organisme's formations), or that none was given. */
export function ReferentsHandicap({ referents, objet }: { referents: readonly Contact[]; objet: string }) {
  return (
    <>
      <h2 class="fr-mt-5w" id="handicap">
        Accessibilité et handicap
      </h2>
      {referents.length > 0 ? (
        <>
          <p>Pour adapter {objet} ou l’accueil à une situation de handicap, contactez :</p>
          <ul>
            {referents.map((c, i) => (
              <LigneContact key={i} c={c} />
            ))}
          </ul>
        </>
      ) : (
        <p>
          L’organisme n’a pas indiqué de référent handicap : demandez à son accueil les aménagements
          possibles.
        </p>
      )}
    </>
  );
}

/** The notice that tells a signed-in professional what more this page shows. */
export function VueProfessionnelle() {
  return (
    <div class="fr-notice fr-notice--info fr-mb-3w" id="vue-professionnelle">
      <div class="fr-container">
        <div class="fr-notice__body">
          <p class="fr-notice__title">
            Vue professionnelle : cette page montre aussi les sessions dont le recrutement est fermé, les
            bilans et les contacts des sessions, que le public ne voit pas.
          </p>
        </div>
      </div>
    </div>
  );
}

/**
 * Information meetings of the sessions, by date. A past one (before `aujourdhui`, 'YYYY-MM-DD', from
 * ctx.now) is of no use to the public: hidden there, listed with « (passée) » for professionals.
 */
export function Reunions({
  sessions,
  aujourdhui,
  professionnelle = false,
}: {
  sessions: readonly Session[];
  aujourdhui: string;
  professionnelle?: boolean;
}) {
  const reunions = sessions
    .flatMap((s) =>
      (s.reunions_information ?? []).flatMap((r) =>
        r.date ? [{ ...r, date: r.date, commune: s.lieu.commune }] : [],
      ),
    )
    .filter((r) => professionnelle || r.date >= aujourdhui)
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  if (reunions.length === 0) return null;
  return (
    <>
      <h3 class="fr-h5 fr-mt-3w" id="reunions">
        Réunions d’information
      </h3>
      <ul>
        {reunions.map((r, i) => (
          <li key={i}>
            {jourIsoLong(r.date)} — {r.libelle ?? 'Réunion d’information'}
            {r.lieu ? ` (${r.lieu})` : r.commune ? ` (${r.commune})` : ''}
            {r.date < aujourdhui && ' (passée)'}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Progress reviews of the sessions: professionals only (domain/champs-professionnels.ts). */
export function Bilans({ sessions }: { sessions: readonly Session[] }) {
  const bilans = sessions.flatMap((s) => (s.bilans ?? []).map((b) => ({ ...b, commune: s.lieu.commune })));
  return (
    <>
      <h3 class="fr-h5 fr-mt-3w" id="bilans">
        Bilans des sessions
      </h3>
      {bilans.length ? (
        <ul>
          {bilans.map((b, i) => (
            <li key={i}>
              {jourIsoLong(b.date)} — {b.libelle ?? 'Bilan'}
              {b.lieu ? ` (${b.lieu})` : b.commune ? ` (${b.commune})` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun bilan n’est prévu.</p>
      )}
    </>
  );
}

export function Fait({
  terme,
  valeur,
  vide = 'non renseigné',
}: {
  terme: string;
  valeur: string | null | undefined;
  /** What an empty value reads, agreed with the term (« non renseignée » for a feminine one). */
  vide?: string;
}) {
  return (
    <div class="fr-mb-1w">
      <dt class="fr-text--bold fr-mb-0">{terme}</dt>
      <dd class="fr-ml-0">{valeur || vide}</dd>
    </div>
  );
}
