import { annees } from '../../../domain/dates.ts';
import type { FicheEspace } from '../../../services/espace.service.ts';
import { CsrfInput } from '../form/champs.tsx';
import { Layout } from '../layout.tsx';
import { dateLongue, ETAT_RECRUTEMENT, ouiNon, TYPE_CONTACT } from '../libelles.ts';
import { ID_CONTENU } from './fiche.page.tsx';

function Ligne({ terme, valeur, modifier }: { terme: string; valeur: string; modifier: string }) {
  return (
    <div class="fr-grid-row fr-mb-1w">
      <dt class="fr-col-12 fr-col-md-4 fr-text--bold">{terme}</dt>
      <dd class="fr-col-10 fr-col-md-6">{valeur}</dd>
      <dd class="fr-col-2 fr-col-md-2">
        <a class="fr-link fr-link--sm" href={modifier}>
          Modifier<span class="fr-sr-only"> {terme.toLowerCase()}</span>
        </a>
      </dd>
    </div>
  );
}

/** /espace/formations/{id}/relire: what will be published, each part with "Modifier", then "Confirmer la publication". */
export function RelirePage({ fiche, certification }: { fiche: FicheEspace; certification: string | null }) {
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  const s = fiche.saisie;
  const m = s.modalites;
  const vide = 'non renseigné';
  return (
    <Layout titre="Relire avant publication">
      <h1>Relire avant publication</h1>
      <p class="fr-text--lead">
        Voici l’offre telle qu’elle sera transmise pour validation au Carif-Oref de la région où ont lieu ses
        sessions, puis diffusée.
      </p>
      <h2>Formation</h2>
      <dl>
        <Ligne terme="Intitulé" valeur={s.intitule ?? vide} modifier={`${base}#intitule`} />
        <Ligne terme="Objectif" valeur={s.objectif ?? vide} modifier={`${base}#objectif`} />
        <Ligne terme="Contenu" valeur={s.contenu ?? vide} modifier={`${base}#${ID_CONTENU}`} />
        <Ligne terme="Lien web" valeur={s.url ?? vide} modifier={`${base}#url`} />
        <Ligne terme="Certification" valeur={certification ?? vide} modifier={`${base}#certification`} />
        <Ligne
          terme="Organisme responsable"
          valeur={s.responsable?.siret ? `SIRET ${s.responsable.siret}` : vide}
          modifier={`${base}#responsable.siret`}
        />
        <Ligne
          terme="Organisme formateur"
          valeur={s.formateur?.siret ? `SIRET ${s.formateur.siret}` : vide}
          modifier={`${base}#formateur.siret`}
        />
        <Ligne
          terme="Formation continue"
          valeur={ouiNon(m.formation_continue)}
          modifier={`${base}#modalites.formation_continue`}
        />
        <Ligne
          terme="Contrat de professionnalisation"
          valeur={ouiNon(m.contrat_professionnalisation)}
          modifier={`${base}#modalites.contrat_professionnalisation`}
        />
        <Ligne
          terme="Contrat d’apprentissage"
          valeur={ouiNon(m.contrat_apprentissage)}
          modifier={`${base}#modalites.contrat_apprentissage`}
        />
        <Ligne
          terme="Années ouvertes à l’apprentissage"
          valeur={
            m.annees_apprentissage.length
              ? m.annees_apprentissage.map((a) => `${a}${a === 1 ? 're' : 'e'}`).join(', ')
              : 'aucune'
          }
          modifier={`${base}#modalites.annees_apprentissage`}
        />
        <Ligne
          terme="Durée du cursus"
          valeur={m.duree_annees == null ? vide : annees(m.duree_annees)}
          modifier={`${base}#modalites.duree_annees`}
        />
        <Ligne
          terme="Contacts"
          valeur={
            s.contacts
              .map(
                (c) =>
                  `${TYPE_CONTACT[c.type] ?? c.type} : ${[c.nom, c.telephone, c.courriel].filter(Boolean).join(', ')}`,
              )
              .join(' ; ') || vide
          }
          modifier={`${base}#contacts`}
        />
      </dl>
      <h2>Sessions</h2>
      <dl>
        {s.sessions.map((x, i) => (
          <Ligne
            key={x.id ?? String(i)}
            terme={`Session ${i + 1}`}
            valeur={`${dateLongue(x.debut)} – ${dateLongue(x.fin)}, ${[x.lieu?.adresse, x.lieu?.code_postal, x.lieu?.commune, x.lieu?.cedex].filter(Boolean).join(' ') || 'lieu non renseigné'}, ${(ETAT_RECRUTEMENT[x.etat_recrutement ?? 'ouvert'] ?? '').toLowerCase()}${x.capacite != null ? `, ${x.capacite} places` : ''}`}
            modifier={`${base}/sessions/${encodeURIComponent(x.id ?? '')}`}
          />
        ))}
      </dl>
      <form method="post" action={`${base}/confirmer`} class="fr-mt-4w">
        <CsrfInput />
        <ul class="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button class="fr-btn" type="submit">
              Confirmer la publication
            </button>
          </li>
          <li>
            <a class="fr-btn fr-btn--secondary" href={base}>
              Revenir à la formation
            </a>
          </li>
        </ul>
      </form>
    </Layout>
  );
}
