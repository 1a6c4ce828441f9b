import { nombre } from '../../../domain/nombres.ts';
import { libelleStatutPlateforme } from '../../../domain/plateforme.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { LIBELLES_TABLE, phrasesComptes } from '../../../domain/referentiel.comptes.ts';
import { phrasePlusRecentes, phraseRenommages } from '../../../domain/renommages.ts';
import { LIBELLES_KIND } from '../../../referentiels/types.ts';
import {
  confirmationRequise,
  type Depot,
  motifsConfirmation,
  raisonsDepot,
  refusAdminRequis,
} from '../../../services/gestion/referentiels.service.ts';
import type { ExempleOffre, ImpactOffres } from '../../../services/referentiel-impact.ts';
import { Boutons, CaseConfirmation, Formulaire, ResumeErreurs } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { FilAriane, Layout } from '../layout.tsx';
import { exempleLigne } from './depot.exemples.ts';
import { dateHeure, VERDICT } from './libelles-gestion.ts';
import { ETAT_DEPOT, personne, Tableau } from './referentiels.page.tsx';

// /gestion/referentiels/:id: the preview of an uploaded reference file (its diff, its impact on
// the offers, measured by the rules on a rolled-back import), then "Appliquer" or "Annuler".

const TABLE = LIBELLES_TABLE;

const valeur = (champ: 'catalogue' | 'certifiee' | 'parcoursup' | 'affelnet', v: unknown): string => {
  if (champ === 'catalogue') return VERDICT[String(v)] ?? 'Non calculé';
  if (champ === 'certifiee') return v === true ? 'Certifiée' : v === false ? 'Non certifiée' : '—';
  return libelleStatutPlateforme(String(v));
};

/** A fact in a few words: its non-empty values, the first four. */
const fait = exempleLigne;

function Exemples(p: {
  titre: string;
  champ: 'catalogue' | 'certifiee' | 'parcoursup' | 'affelnet';
  exemples: readonly ExempleOffre[];
  regions: readonly string[] | null;
}) {
  if (!p.exemples.length) return null;
  const visible = (e: ExempleOffre) => p.regions === null || e.regions.some((r) => p.regions!.includes(r));
  return (
    <>
      <h4>{p.titre} : exemples</h4>
      <ul>
        {p.exemples.map((e) => (
          <li key={e.id}>
            {visible(e) ? (
              <a href={`/gestion/formations/${encodeURIComponent(e.id)}`}>{e.intitule ?? e.id}</a>
            ) : (
              `${e.intitule ?? e.id} (${e.id}, autre région)`
            )}{' '}
            : {valeur(p.champ, e.avant[p.champ])} → {valeur(p.champ, e.apres[p.champ])}
          </li>
        ))}
      </ul>
    </>
  );
}

function Impact({ o, regions }: { o: ImpactOffres; regions: readonly string[] | null }) {
  const miennes = regions === null ? [] : o.regions.filter((r) => regions.includes(r.region));
  const touchees = o.regions.filter((r) => r.touchees > 0);
  return (
    <>
      <p>
        {pluriel(o.recontrolees, 'offre recontrôlée', 'offres recontrôlées')} par les règles, sur{' '}
        {pluriel(o.total_catalogue, 'offre', 'offres')} au catalogue.
      </p>
      <Tableau
        caption="Offres dont l’état changerait"
        entetes={['Changement', 'Offres']}
        lignes={[
          ['Verdict du catalogue', nombre(o.catalogue)],
          ['… dont passage en Non réglementaire', nombre(o.vers_non_reglementaire)],
          ['Mention « Certifiée »', nombre(o.certifiee)],
          ['… dont mention retirée', nombre(o.decertifiees)],
          ['Statut Parcoursup', nombre(o.parcoursup)],
          ['Statut Affelnet', nombre(o.affelnet)],
        ]}
      />
      {(touchees.length > 0 || miennes.length > 0) && (
        <Tableau
          caption="Offres passant en Non réglementaire ou perdant « Certifiée », par région"
          entetes={['Région', 'Offres touchées', 'Offres au catalogue', 'Part']}
          lignes={[...miennes, ...touchees.filter((r) => !miennes.includes(r))].map((r) => [
            miennes.includes(r) ? `${r.libelle} (votre région)` : r.libelle,
            nombre(r.touchees),
            nombre(r.total),
            `${Math.round((r.touchees / Math.max(r.total, 1)) * 100)} %`,
          ])}
        />
      )}
      {o.codes.length > 0 && (
        <p>
          Règles en cause (offres qui y échoueraient du fait de l’import) :{' '}
          {o.codes
            .slice(0, 8)
            .map((c) => `${c.code} (${nombre(c.n)})`)
            .join(', ')}
          .
        </p>
      )}
      <Exemples
        titre="Verdict du catalogue"
        champ="catalogue"
        exemples={o.exemples.catalogue}
        regions={regions}
      />
      <Exemples
        titre="Mention « Certifiée »"
        champ="certifiee"
        exemples={o.exemples.certifiee}
        regions={regions}
      />
      <Exemples
        titre="Statut Parcoursup"
        champ="parcoursup"
        exemples={o.exemples.parcoursup}
        regions={regions}
      />
      <Exemples titre="Statut Affelnet" champ="affelnet" exemples={o.exemples.affelnet} regions={regions} />
    </>
  );
}

/**
 * A held file seen by a gestionnaire: who may apply it (an administrator), why, and the stable
 * code of the refusal its application would get — instead of the checkbox and the button.
 */
function ReserveeAdmin({ d }: { d: Depot }) {
  const r = refusAdminRequis(d);
  return (
    <div class="fr-alert fr-alert--info fr-mb-4w" id="confirmation">
      <h3 class="fr-alert__title">Application réservée aux administrateurs</h3>
      <p>{r.message}</p>
      <p class="fr-text--sm">
        Code : <code>{r.code}</code>
      </p>
    </div>
  );
}

function Decision({ d, erreurs, admin }: { d: Depot; erreurs: Erreurs; admin: boolean }) {
  const base = `/gestion/referentiels/${encodeURIComponent(d.id)}`;
  const requise = confirmationRequise(d);
  const erreur = erreurs.find((e) => e.champ === 'confirmation')?.message;
  if (requise && !admin)
    return (
      <>
        <h2>Décision</h2>
        {/* A refused application (403) keeps its summary, linked to the notice below. */}
        {erreurs.length > 0 && <ResumeErreurs erreurs={erreurs} />}
        <ReserveeAdmin d={d} />
        <AnnulerDepot base={base} />
      </>
    );
  return (
    <>
      <h2>Décision</h2>
      <Formulaire action={`${base}/appliquer`} erreurs={erreurs}>
        {requise && (
          <fieldset
            class={`fr-fieldset${erreur ? ' fr-fieldset--error' : ''}`}
            aria-labelledby="confirmation-legende"
          >
            <legend class="fr-fieldset__legend" id="confirmation-legende">
              Confirmation requise
            </legend>
            <CaseConfirmation nom="confirmation" erreur={erreur}>
              J’ai vérifié ce fichier : je confirme vouloir appliquer ces changements malgré{' '}
              {motifsConfirmation(raisonsDepot(d)).malgre}.
            </CaseConfirmation>
          </fieldset>
        )}
        <Boutons>
          <button class="fr-btn" type="submit">
            Appliquer ce fichier
          </button>
        </Boutons>
      </Formulaire>
      <AnnulerDepot base={base} />
    </>
  );
}

/** The deposit's « Annuler ce dépôt » form: nothing applied, the deposit closed. */
function AnnulerDepot({ base }: { base: string }) {
  return (
    <Formulaire action={`${base}/annuler`} id="form-annuler">
      <Boutons>
        <button class="fr-btn fr-btn--secondary" type="submit">
          Annuler ce dépôt
        </button>
      </Boutons>
    </Formulaire>
  );
}

/** /gestion/referentiels/:id */
export function DepotPage(p: {
  d: Depot;
  regions: readonly string[] | null;
  /** The viewer is an administrator: only one applies a file a guard holds. */
  admin: boolean;
  erreurs?: Erreurs;
  annonce?: string | undefined;
}) {
  const { d, erreurs = [] } = p;
  const a = d.apercu;
  const etat = ETAT_DEPOT[d.etat];
  return (
    <Layout titre={`Fichier de référence ${d.fichier_nom}`}>
      <FilAriane
        liens={[
          { libelle: 'Gestion', href: '/gestion' },
          { libelle: 'Données de référence', href: '/gestion/referentiels' },
        ]}
      />
      <h1>Fichier de référence « {d.fichier_nom} »</h1>
      {p.annonce && (
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-4w" role="status">
          <p>{p.annonce}</p>
        </div>
      )}
      <p>
        <span class={`fr-badge ${etat.badge}`}>{etat.libelle}</span>
      </p>
      <p>
        {LIBELLES_KIND[d.kind as keyof typeof LIBELLES_KIND] ?? d.kind} — déposé le{' '}
        {dateHeure(new Date(d.created_at))} par {personne(d.depose_par)}
        {d.decided_at
          ? ` ; ${d.etat === 'annulee' ? 'annulé' : 'appliqué'} le ${dateHeure(new Date(d.decided_at))} par ${personne(d.decide_par)}${d.confirme ? ` (avec confirmation ${motifsConfirmation(raisonsDepot(d)).de})` : ''}${d.run_id ? ` (import n° ${d.run_id})` : ''}`
          : ''}
        .
      </p>
      {d.erreur && d.etat === 'apercu' && (
        <div class="fr-alert fr-alert--error fr-mb-4w">
          <h2 class="fr-alert__title">La dernière tentative d’application a été refusée</h2>
          <p>{d.erreur.message}</p>
        </div>
      )}
      {a && (
        <>
          <h2>Aperçu</h2>
          {a.statut === 'inchange' ? (
            <p>Ce fichier est déjà chargé à l’identique : l’appliquer ne changera rien.</p>
          ) : (
            <>
              <p>
                Reconnu : {a.libelle}
                {a.disposition ? ` — ${a.disposition}` : ''}.{' '}
                {pluriel(a.lignes.lues, 'ligne lue', 'lignes lues')},{' '}
                {pluriel(a.lignes.gardees, 'gardée', 'gardées')},{' '}
                {pluriel(a.lignes.rejetees, 'rejetée', 'rejetées')}
                {a.lignes.ignorees ? `, ${pluriel(a.lignes.ignorees, 'ignorée', 'ignorées')}` : ''}.
              </p>
              <ul>
                {phrasesComptes(a).map((x) => (
                  <li key={x}>{x}</li>
                ))}
              </ul>
              {(a.avertissements ?? []).map((x) => (
                <div class="fr-alert fr-alert--warning fr-mb-4w" key={x.code}>
                  <h3 class="fr-alert__title">
                    {x.code === 'REFERENTIEL_ENCODAGE_SUSPECT'
                      ? 'Encodage du fichier douteux'
                      : 'Fichier sans retour à la ligne final'}
                  </h3>
                  <p>{x.message}</p>
                </div>
              ))}
              {a.alertes.map((x) => (
                <div class="fr-alert fr-alert--warning fr-mb-4w" key={x.code}>
                  <h3 class="fr-alert__title">
                    {x.code === 'REFERENTIEL_IMPACT_SUSPECT'
                      ? 'Impact important sur les offres'
                      : 'Fichier bien plus petit que les données qu’il remplace'}
                  </h3>
                  <p>{x.message}</p>
                </div>
              ))}
              <h3>Changements des données de référence</h3>
              <Tableau
                caption="Faits ajoutés, modifiés et retirés"
                entetes={['Données', 'Ajoutés', 'Modifiés', 'Retirés', 'Exemples']}
                lignes={Object.entries(a.diff).map(([t, x]) => [
                  TABLE[t] ?? t,
                  nombre(x!.ajouts),
                  nombre(x!.modifications),
                  nombre(x!.retraits),
                  [
                    ...x!.exemples.ajouts.slice(0, 2).map((r) => `+ ${fait(r)}`),
                    ...x!.exemples.modifications.slice(0, 2).map((r) => `~ ${fait(r)}`),
                    ...x!.exemples.retraits.slice(0, 2).map((r) => `− ${fait(r)}`),
                  ].join(' ; ') || '—',
                ])}
              />
              {phrasePlusRecentes(a.plus_recentes) && <p>{phrasePlusRecentes(a.plus_recentes)}</p>}
              {phraseRenommages(a.diff.commune?.renommages) && (
                <p>{phraseRenommages(a.diff.commune?.renommages)}</p>
              )}
              {a.rejets.length > 0 && (
                <>
                  <h3>Lignes rejetées</h3>
                  <ul>
                    {a.rejets.slice(0, 10).map((r) => (
                      <li key={`${r.ligne}-${r.colonne}-${r.message}`}>
                        Ligne {r.ligne ?? '?'}, colonne {r.colonne ?? '?'} : {r.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
              <h3>Impact sur les offres</h3>
              {a.offres ? (
                <Impact o={a.offres} regions={p.regions} />
              ) : (
                <p>Aucune offre n’utilise les données modifiées : aucun verdict ne change.</p>
              )}
            </>
          )}
        </>
      )}
      {(d.etat === 'apercu' || erreurs.length > 0) && <Decision d={d} erreurs={erreurs} admin={p.admin} />}
      <p class="fr-mt-4w">
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/gestion/referentiels">
          Retour aux données de référence
        </a>
      </p>
    </Layout>
  );
}
