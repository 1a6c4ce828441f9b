import type { FicheEspace } from '../../../services/espace.service.ts';
import { CsrfInput } from '../form/champs.tsx';
import { Layout } from '../layout.tsx';
import { LignesFormation, LignesSessions } from './lecture.tsx';

/** /espace/formations/{id}/relire: what will be published, each part with "Modifier", then "Confirmer la publication". */
export function RelirePage({ fiche, certification }: { fiche: FicheEspace; certification: string | null }) {
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  // An archived offer is changed only once published again: nothing to link to before that.
  const modifiable = fiche.statut !== 'archivee';
  return (
    <Layout titre="Relire avant publication">
      <h1>Relire avant publication</h1>
      <p class="fr-text--lead">
        Voici l’offre telle qu’elle sera transmise pour validation au Carif-Oref de la région où ont lieu ses
        sessions, puis diffusée.
      </p>
      {!modifiable && (
        <p>
          Cette formation est archivée : elle ne se modifie qu’une fois republiée. Confirmez la publication,
          puis modifiez-la si besoin pendant qu’elle attend la validation.
        </p>
      )}
      <h2>Formation</h2>
      <LignesFormation fiche={fiche} certification={certification} modifiable={modifiable} />
      <h2>Sessions</h2>
      <LignesSessions fiche={fiche} modifiable={modifiable} />
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
