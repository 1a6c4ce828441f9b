import type { ComponentChildren } from 'preact';
import { avisAvantEnvoi, nEstPasDiffusee } from '../../../domain/diffusion.ts';
import { corrigerRegle } from '../../../domain/regles/regles.help.ts';
import type { ReglesEspace } from '../../../services/espace.service.ts';
import { HORS_DIFFUSION } from './libelles.ts';

/**
 * The warning at the top of a published offer that a blocking rule keeps out of diffusion
 * (domain/diffusion.ts `publieeHorsDiffusion`, e.g. a revision validated with the confirmation
 * RETRAIT_A_CONFIRMER): that it is no longer diffused and where, why (each blocking rule failing,
 * with how to fix it), and how it comes back (`suite`: the organisme's and the gestionnaire's
 * pages each say what is theirs to do, in the words of domain/diffusion.ts `rediffusee`). `echecs`: the diffused
 * version's failing rules. `dejaDiffusee`: whether the offer was ever diffused (domain/diffusion.ts
 * nEstPasDiffusee).
 */
export function AvisHorsDiffusion({
  echecs,
  dejaDiffusee,
  suite,
}: {
  dejaDiffusee: boolean;
  echecs: readonly {
    code: string;
    champ: string | null;
    message: string;
    severite: string;
    resultat?: string;
  }[];
  suite: ComponentChildren;
}) {
  const bloquantes = echecs.filter((r) => r.severite === 'bloquant' && (r.resultat ?? 'echec') === 'echec');
  const s = bloquantes.length > 1 ? 's' : '';
  return (
    <div class="fr-alert fr-alert--warning fr-mb-4w" id="hors-diffusion">
      <h2 class="fr-alert__title">
        {HORS_DIFFUSION}
        {bloquantes.length > 0 && ` : ${bloquantes.length} règle${s} bloquante${s} en échec`}
      </h2>
      <p>
        Cette offre a été validée, mais elle est « Non réglementaire » : elle {nEstPasDiffusee(dejaDiffusee)},
        ni dans la recherche publique, ni par l’API et les exports, ni vers Parcoursup et Affelnet.
      </p>
      {bloquantes.length > 0 && (
        <ListeEchecs echecs={bloquantes.map((r) => ({ ...r, corriger: corrigerRegle(r.code, r.champ) }))} />
      )}
      <p>{suite}</p>
    </div>
  );
}

/**
 * « Relire avant publication »: what will keep the offer sent from being diffused, from the results
 * its Conformité section shows (espace.service.ts formationEspace, its `regles`: the draft's, or
 * its revision's as validating it would store them): Non réglementaire (a blocking rule failing), sessions withheld
 * (a blocking rule of session scope), Parcoursup and Affelnet out of reach (a platform rule
 * failing). Nothing when none of these. The offer may still be sent: the gestionnaire decides.
 */
export function AvisAvantEnvoi({ regles }: { regles: ReglesEspace }) {
  const rev = regles.revision;
  const avis = avisAvantEnvoi(rev ? rev.echecs : regles.echecs, rev ? rev.catalogue : regles.catalogue);
  if (!avis) return null;
  const { bloquantes, plateforme } = avis;
  const horsCatalogue = avis.cas === 'hors_catalogue';
  const n = bloquantes.length;
  const s = n > 1 ? 's' : '';
  const regle = `${n} règle${s} bloquante${s} en échec`;
  const titre = horsCatalogue
    ? `${rev && regles.catalogue === 'general' ? 'Validée en l’état, cette offre ne serait plus diffusée' : 'Cette offre ne sera pas diffusée'}${n > 0 ? ` : ${regle}` : ''}`
    : avis.cas === 'sessions'
      ? `Des sessions de cette offre ne seront pas diffusées : ${regle}`
      : 'Parcoursup et Affelnet ne recevront pas cette offre';
  return (
    <div class="fr-alert fr-alert--warning fr-mb-4w" id="avis-diffusion">
      <h2 class="fr-alert__title">{titre}</h2>
      {horsCatalogue && (
        <p>
          Validée par le Carif-Oref, elle resterait « Non réglementaire » : ni dans la recherche publique, ni
          par l’API et les exports, ni vers Parcoursup et Affelnet. Vous pouvez l’envoyer quand même ;
          corrigez plutôt d’abord :
        </p>
      )}
      {!horsCatalogue && n > 0 && (
        <p>Les sessions en cause ne seraient diffusées nulle part. Pour les corriger :</p>
      )}
      {n > 0 && <ListeEchecs echecs={bloquantes} />}
      {plateforme.length > 0 && (
        <>
          {(horsCatalogue || n > 0) && <p>Parcoursup et Affelnet ne la recevront pas non plus tant que :</p>}
          {!horsCatalogue && n === 0 && (
            <p>
              Elle sera diffusée une fois validée, mais ces plateformes exigent ce qui manque ici (offres en
              apprentissage) :
            </p>
          )}
          <ListeEchecs echecs={plateforme} />
        </>
      )}
    </div>
  );
}

/** Failing rules, each with how to fix it and its code. */
function ListeEchecs({
  echecs,
}: {
  echecs: readonly { code: string; champ: string | null; message: string; corriger: string | null }[];
}) {
  return (
    <ul>
      {echecs.map((r) => (
        <li key={`${r.code}-${r.champ}`}>
          {r.message}
          {r.corriger && <> Pour corriger : {r.corriger}</>} <span class="fr-text--xs">({r.code})</span>
        </li>
      ))}
    </ul>
  );
}
