import { sessionsPubliques } from '../../domain/diffusion.ts';
import type { Formation, Session } from '../../domain/formation.schema.ts';
import { coursJsonLd, jsonPourScript } from '../../domain/schema-org.ts';
import { Layout } from './layout.tsx';
import { dateLongue, ETAT_RECRUTEMENT, FINANCEUR, NIVEAU, ouiNon, TYPE_CONTACT } from './libelles.ts';

const BADGE: Readonly<Record<string, string>> = {
  ouvert: 'fr-badge--success',
  suspendu: 'fr-badge--warning',
  ferme: 'fr-badge--error',
};

/** `url`: the page's absolute canonical address (OFFRE_URL + /formations/{id}). */
export function FormationPage({ f, url }: { f: Formation; url: string }) {
  const titre = f.intitule ?? 'Formation sans intitulé';
  const sessions = sessionsPubliques(f);
  const m = f.modalites;
  return (
    <Layout titre={titre} canonique={url} jsonLd={jsonPourScript(coursJsonLd(f, url))}>
      <nav class="fr-breadcrumb" aria-label="vous êtes ici :">
        <button type="button" class="fr-breadcrumb__button" aria-expanded="false" aria-controls="fil-ariane">
          Voir le fil d’Ariane
        </button>
        <div class="fr-collapse" id="fil-ariane">
          <ol class="fr-breadcrumb__list">
            <li>
              <a class="fr-breadcrumb__link" href="/">
                Accueil
              </a>
            </li>
            <li>
              {/* biome-ignore lint/a11y/useValidAnchor: the DSFR breadcrumb marks the current page as a link without href. */}
              <a class="fr-breadcrumb__link" aria-current="page">
                {titre}
              </a>
            </li>
          </ol>
        </div>
      </nav>
      <h1>{titre}</h1>
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
      {f.url && (
        <p>
          <a
            class="fr-link"
            href={f.url}
            rel="noopener"
            target="_blank"
            title={`${titre} – site de l’organisme (nouvelle fenêtre)`}
          >
            Site de l’organisme
          </a>
        </p>
      )}

      <h2 class="fr-mt-5w">Sessions et lieux</h2>
      <div class="fr-table fr-table--bordered">
        <table>
          <caption>Sessions de la formation dont le recrutement n’est pas fermé</caption>
          <thead>
            <tr>
              <th scope="col">Dates</th>
              <th scope="col">Lieu</th>
              <th scope="col">Recrutement</th>
              <th scope="col">Places</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <LigneSession key={s.id} s={s} />
            ))}
          </tbody>
        </table>
      </div>
      <Reunions sessions={sessions} />

      <h2 class="fr-mt-5w">Certification préparée</h2>
      <dl class="fr-pl-0">
        <Fait terme="Intitulé" valeur={f.certification.intitule} />
        <Fait terme="Code RNCP" valeur={f.certification.rncp} />
        <Fait terme="Code diplôme (CFD)" valeur={f.certification.cfd} />
        <Fait
          terme="Niveau"
          valeur={f.certification.niveau ? (NIVEAU[f.certification.niveau] ?? f.certification.niveau) : null}
        />
      </dl>

      <h2 class="fr-mt-5w">Organismes</h2>
      <div class="fr-grid-row fr-grid-row--gutters">
        {f.responsable && (
          <div class="fr-col-12 fr-col-md-6">
            <h3 class="fr-h5">Organisme responsable</h3>
            <dl class="fr-pl-0">
              <Fait terme="Raison sociale" valeur={f.responsable.raison_sociale} />
              <Fait terme="SIRET" valeur={f.responsable.siret} />
              <Fait terme="UAI" valeur={f.responsable.uai} />
            </dl>
          </div>
        )}
        {f.formateur && (
          <div class="fr-col-12 fr-col-md-6">
            <h3 class="fr-h5">Organisme formateur</h3>
            <dl class="fr-pl-0">
              <Fait terme="Raison sociale" valeur={f.formateur.raison_sociale} />
              <Fait terme="SIRET" valeur={f.formateur.siret} />
              <Fait terme="UAI" valeur={f.formateur.uai} />
            </dl>
          </div>
        )}
      </div>

      <h2 class="fr-mt-5w">Modalités</h2>
      <dl class="fr-pl-0">
        <Fait terme="Contrat d’apprentissage" valeur={ouiNon(m.contrat_apprentissage)} />
        <Fait terme="Contrat de professionnalisation" valeur={ouiNon(m.contrat_professionnalisation)} />
        <Fait terme="Formation continue" valeur={ouiNon(m.formation_continue)} />
        <Fait
          terme="Durée du cycle"
          valeur={m.duree_annees ? `${m.duree_annees} an${m.duree_annees > 1 ? 's' : ''}` : null}
        />
        <Fait
          terme="Années ouvertes à l’apprentissage"
          valeur={
            m.annees_apprentissage.length
              ? m.annees_apprentissage.map((a) => `${a}${a === 1 ? 're' : 'e'} année`).join(', ')
              : null
          }
        />
        {f.financeurs.length > 0 && (
          <Fait terme="Financement public" valeur={f.financeurs.map((x) => FINANCEUR[x] ?? x).join(', ')} />
        )}
        <Fait terme="Sur Parcoursup" valeur={f.conformite.parcoursup === 'publie' ? 'oui' : 'non'} />
        <Fait terme="Sur Affelnet" valeur={f.conformite.affelnet === 'publie' ? 'oui' : 'non'} />
      </dl>

      {f.contacts.length > 0 && (
        <>
          <h2 class="fr-mt-5w">Contacts</h2>
          <ul>
            {f.contacts.map((c, i) => (
              <li key={i}>
                <strong>{TYPE_CONTACT[c.type] ?? 'Contact'}</strong>
                {c.nom && ` : ${c.nom}`}
                {c.telephone && ` — ${c.telephone}`}
                {c.courriel && (
                  <>
                    {' — '}
                    <a href={`mailto:${c.courriel}`}>{c.courriel}</a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}

/** A link to the place on OpenStreetMap: at its coordinates, else a search of its address; null without either. */
function carte(s: Session): string | null {
  const l = s.lieu;
  if (l.lat != null && l.lon != null)
    return `https://www.openstreetmap.org/?mlat=${l.lat}&mlon=${l.lon}#map=16/${l.lat}/${l.lon}`;
  const adresse = [l.adresse, l.code_postal, l.commune].filter(Boolean).join(' ');
  return adresse ? `https://www.openstreetmap.org/search?${new URLSearchParams({ query: adresse })}` : null;
}

function LigneSession({ s }: { s: Session }) {
  const l = s.lieu;
  return (
    <tr>
      <td>
        du {dateLongue(s.debut)} au {dateLongue(s.fin)}
      </td>
      <td>
        {l.adresse && (
          <>
            {l.adresse}
            <br />
          </>
        )}
        {[l.code_postal, l.commune].filter(Boolean).join(' ') || 'Lieu non renseigné'}
        {carte(s) && (
          <>
            <br />
            <a
              class="fr-link fr-link--sm"
              href={carte(s)!}
              rel="noopener"
              target="_blank"
              title={`Voir le lieu sur une carte – OpenStreetMap (nouvelle fenêtre)`}
            >
              Voir sur une carte
            </a>
          </>
        )}
      </td>
      <td>
        <p class={`fr-badge fr-badge--sm ${BADGE[s.etat_recrutement] ?? ''}`}>
          {ETAT_RECRUTEMENT[s.etat_recrutement] ?? s.etat_recrutement}
        </p>
      </td>
      <td>{s.capacite ?? '—'}</td>
    </tr>
  );
}

function Reunions({ sessions }: { sessions: readonly Session[] }) {
  const reunions = sessions.flatMap((s) =>
    s.reunions_information.map((r) => ({ ...r, commune: s.lieu.commune })),
  );
  if (reunions.length === 0) return null;
  return (
    <>
      <h3 class="fr-h5">Réunions d’information</h3>
      <ul>
        {reunions.map((r, i) => (
          <li key={i}>
            {dateLongue(r.date)} — {r.libelle ?? 'Réunion d’information'}
            {r.lieu ? ` (${r.lieu})` : r.commune ? ` (${r.commune})` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

function Fait({ terme, valeur }: { terme: string; valeur: string | null | undefined }) {
  return (
    <div class="fr-mb-1w">
      <dt class="fr-text--bold fr-mb-0">{terme}</dt>
      <dd class="fr-ml-0">{valeur || 'non renseigné'}</dd>
    </div>
  );
}
