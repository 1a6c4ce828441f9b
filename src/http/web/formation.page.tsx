import { lignePostale } from '../../domain/adresse-lieu.ts';
import { jourIsoLong } from '../../domain/dates.ts';
import {
  recrutementAffiche,
  SESSION_TERMINEE,
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

export function FormationPage({ f, url, aujourdhui, professionnelle = false }: FormationPageProps) {
  const titre = f.intitule ?? 'Formation sans intitulé';
  const sessions = professionnelle ? f.sessions : sessionsPubliques(f);
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
      <TableDefilante nom="Sessions de la formation" classes="fr-table--bordered">
        <caption>
          {professionnelle
            ? 'Toutes les sessions de la formation, recrutement fermé et sessions retenues compris'
            : 'Sessions de la formation dont le recrutement n’est pas fermé'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Dates</th>
            <th scope="col">Lieu</th>
            <th scope="col">Recrutement</th>
            <th scope="col">Places</th>
            {parSession && <th scope="col">Financement</th>}
            {professionnelle && <th scope="col">Contact de la session</th>}
          </tr>
        </thead>
        <tbody>
          {sessions.map((s) => (
            <LigneSession
              key={s.id}
              s={s}
              aujourdhui={aujourdhui}
              professionnelle={professionnelle}
              financeurs={parSession ? financeursPublics(f, s) : null}
            />
          ))}
        </tbody>
      </TableDefilante>
      <Reunions sessions={sessions} aujourdhui={aujourdhui} professionnelle={professionnelle} />
      {professionnelle && <Bilans sessions={sessions} />}

      <Candidater f={f} professionnelle={professionnelle} />
      <Acces f={f} />
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

function LigneSession({
  s,
  aujourdhui,
  professionnelle,
  financeurs,
}: {
  s: Session;
  aujourdhui: string;
  professionnelle: boolean;
  /** Its public funders, when the sessions differ (null: no « Financement » column). */
  financeurs: string[] | null;
}) {
  const l = s.lieu;
  const lien = carte(s);
  const recrutement = recrutementAffiche(s, aujourdhui);
  return (
    <tr>
      <td>{dates(s, aujourdhui)}</td>
      <td>
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
      </td>
      <td>
        <p class={`fr-badge fr-badge--sm ${BADGE[recrutement] ?? ''}`}>
          {RECRUTEMENT[recrutement] ?? recrutement}
        </p>
        {/* Only the professional view holds withheld sessions (domain/champs-professionnels.ts). */}
        {s.retenue && (
          <p class="fr-badge fr-badge--sm fr-badge--warning fr-mt-1v">Session retenue : non diffusée</p>
        )}
      </td>
      <td>{s.capacite != null ? nombre(s.capacite) : '—'}</td>
      {financeurs && <td>{financementCourt(financeurs)}</td>}
      {professionnelle && (
        <td>
          {s.contact
            ? [s.contact.nom, s.contact.telephone, s.contact.courriel].filter(Boolean).join(' — ') ||
              'non renseigné'
            : 'non renseigné'}
        </td>
      )}
    </tr>
  );
}
