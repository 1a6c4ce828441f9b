import { decider, type StatutRevision } from '../../../domain/workflow.ts';
import type { FicheEspace, ReglesEspace } from '../../../services/espace.service.ts';
import { CsrfInput } from '../form/champs.tsx';
import { Layout } from '../layout.tsx';
import { AvisAvantEnvoi } from './hors-diffusion.tsx';
import { LignesFormation, LignesSessions } from './lecture.tsx';
import { AlerteVersion, CHAMP_HISTORIQUE_LU, ChampVersion, type RefusVersion } from './version.tsx';

/**
 * /espace/formations/{id}/relire: what will be published, each part with "Modifier", then
 * "Confirmer la publication" — which carries the version shown (only that is sent: a change made
 * meanwhile brings the page back, `refus`, as it now stands) and the last history entry read
 * (`historiqueLu`: what changed since is listed).
 */
export function RelirePage({
  fiche,
  certification,
  historiqueLu,
  refus,
  regles,
}: {
  fiche: FicheEspace;
  /** What will keep it from being diffused (AvisAvantEnvoi). */
  regles: ReglesEspace;
  certification: string | null;
  historiqueLu: string | null;
  refus?: RefusVersion;
}) {
  const base = `/espace/formations/${encodeURIComponent(fiche.id)}`;
  // An archived offer is changed only once published again: nothing to link to before that.
  const modifiable = fiche.statut !== 'archivee';
  // A published offer is not published again: its pending revision already waits for validation
  // (and one without a revision has nothing to send); only a returned one is resubmitted here
  // (domain/workflow.ts decider). No button that can only be refused.
  const envoyable = decider(
    {
      statut: fiche.statut,
      revision: (fiche.revision?.statut as StatutRevision | undefined) ?? null,
      statutAvantSuppression: null,
    },
    'publier',
  ).ok;
  const attente = fiche.statut === 'publiee' && !envoyable ? (fiche.revision ? 'revision' : 'publiee') : null;
  const titre = attente ? 'Relire la révision' : 'Relire avant publication';
  if (attente === 'publiee')
    return (
      <Layout titre={titre}>
        <h1>{titre}</h1>
        <div class="fr-alert fr-alert--info fr-mb-4w">
          <p>
            Cette formation est publiée, sans révision en cours : il n’y a rien à publier. Une modification
            enregistrée sur sa page est envoyée pour validation (révision).
          </p>
        </div>
        <a class="fr-btn fr-btn--secondary" href={base}>
          Revenir à la formation
        </a>
      </Layout>
    );
  if (attente === 'revision')
    return (
      <Layout titre={titre}>
        <h1>{titre}</h1>
        <AvisAvantEnvoi regles={regles} />
        <div class="fr-alert fr-alert--info fr-mb-4w">
          <p>
            Votre révision attend déjà la validation d’un gestionnaire de la région où ont lieu les sessions :
            il n’y a rien à confirmer. La version validée reste diffusée jusque-là ; chaque modification
            enregistrée sur la page de la formation est ajoutée à la révision.
          </p>
        </div>
        <h2>Formation</h2>
        <LignesFormation fiche={fiche} certification={certification} modifiable />
        <h2>Sessions</h2>
        <LignesSessions fiche={fiche} modifiable />
        <a class="fr-btn fr-btn--secondary fr-mt-4w" href={base}>
          Revenir à la formation
        </a>
      </Layout>
    );
  return (
    <Layout titre={refus ? 'Erreur : Relire avant publication' : 'Relire avant publication'}>
      <h1>Relire avant publication</h1>
      <AlerteVersion refus={refus} recharger={`${base}/relire`} contexte="relecture" />
      <AvisAvantEnvoi regles={regles} />
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
        <ChampVersion version={fiche.version} />
        {historiqueLu !== null && <input type="hidden" name={CHAMP_HISTORIQUE_LU} value={historiqueLu} />}
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
