import { jourLong } from '../../../domain/dates.ts';
import { de } from '../../../domain/elision.ts';
import { nomRegion } from '../../../domain/geo.ts';
import { siretLisible } from '../../../domain/identifiants.ts';
import { motifDecision } from '../../../domain/inscription-region.ts';
import { avecDeclare } from '../../../domain/organisme-nom.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import type { InscriptionAExaminer } from '../../../services/comptes/structure.service.ts';
import { ChampZoneTexte, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { FilAriane, Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import { Annonce } from './connexion.page.tsx';

const jour = (d: Date) => jourLong(d);

/**
 * /gestion/inscriptions: the pending sign-ups of the gestionnaire's régions with what Sirene and
 * the DGEFP list say about each SIREN, and "Valider" / "Refuser" (with a reason).
 */
export function InscriptionsPage(p: {
  inscriptions: readonly InscriptionAExaminer[];
  annonce?: string;
  /** The refusal form in error (its SIREN and errors). */
  refus?: { siren: string; erreurs: Erreurs; motif: string };
}) {
  return (
    <Layout titre="Inscriptions à examiner">
      <FilAriane
        liens={[
          { libelle: 'Gestion', href: '/gestion' },
          { libelle: 'Inscriptions à examiner', href: '/gestion/inscriptions' },
        ]}
      />
      <h1>Inscriptions à examiner</h1>
      <Annonce texte={p.annonce} />
      {p.inscriptions.length === 0 && <p>Aucune inscription n’attend votre décision.</p>}
      {p.inscriptions.map((i) => (
        <section class="fr-card fr-mb-4w" key={i.siren} aria-labelledby={`structure-${i.siren}`}>
          <div class="fr-card__body">
            <div class="fr-card__content">
              <h2 class="fr-card__title fr-h4" id={`structure-${i.siren}`}>
                {avecDeclare(i.raison_sociale, i.declare)} – SIREN {i.siren}
              </h2>
              <p class="fr-card__desc">
                Demande du {jour(i.created_at)}, région demandée {i.region ? nomRegion(i.region) : '—'}, par{' '}
                {i.utilisateurs.map((u) => `${u.nom ?? ''} <${u.email}>`).join(', ')}.
              </p>
              {i.decision.ecart ? (
                <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w">
                  <p>{motifDecision(i.decision, i.region)}</p>
                </div>
              ) : (
                <p class="fr-card__desc">{motifDecision(i.decision, i.region)}</p>
              )}
              <Faits i={i} />
              <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w">
                <div class="fr-col-12 fr-col-md-4">
                  <Formulaire action={`/gestion/inscriptions/${i.siren}/approuver`}>
                    <button class="fr-btn" type="submit">
                      Valider {i.raison_sociale}
                    </button>
                  </Formulaire>
                </div>
                <div class="fr-col-12 fr-col-md-8">
                  <Formulaire
                    action={`/gestion/inscriptions/${i.siren}/refuser`}
                    erreurs={p.refus?.siren === i.siren ? p.refus.erreurs : []}
                  >
                    <ChampZoneTexte
                      name="motif"
                      id={`motif-${i.siren}`}
                      label={`Motif du refus ${de(i.raison_sociale)}`}
                      hint="Envoyé au demandeur."
                      lignes={2}
                      valeur={p.refus?.siren === i.siren ? p.refus.motif : ''}
                      erreurs={p.refus?.siren === i.siren ? p.refus.erreurs : []}
                    />
                    <button class="fr-btn fr-btn--secondary" type="submit">
                      Refuser {i.raison_sociale}
                    </button>
                  </Formulaire>
                </div>
              </div>
            </div>
          </div>
        </section>
      ))}
    </Layout>
  );
}

/** « Saint-Denis (93066) »; the INSEE code alone when the commune list does not know it. */
const communeLisible = (e: { code_commune: string | null; commune: string | null }) =>
  e.code_commune ? (e.commune ? `${e.commune} (${e.code_commune})` : e.code_commune) : '—';

function Faits({ i }: { i: InscriptionAExaminer }) {
  const hors = i.sirene.filter((e) => e.region && i.region && e.region !== i.region && e.etat === 'A');
  return (
    <TableDefilante nom="Faits officiels du SIREN" classes="fr-table--no-caption">
      <caption>Faits officiels du SIREN {i.siren}</caption>
      <thead>
        <tr>
          <th scope="col">Source</th>
          <th scope="col">Ce qu’elle dit</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Sirene</th>
          <td>
            {i.sirene.length === 0
              ? 'SIREN absent des données Sirene chargées : vérifiez-le.'
              : i.sirene
                  .map(
                    (e) =>
                      `${siretLisible(e.siret)} ${e.denomination ?? ''} (${e.etat === 'F' ? 'fermé' : 'actif'}, commune ${communeLisible(e)})`,
                  )
                  .join(' ; ')}
            {hors.length > 0 &&
              ` — attention : ${pluriel(hors.length, 'établissement actif', 'établissements actifs')} hors de la région demandée.`}
          </td>
        </tr>
        <tr>
          <th scope="row">Liste publique des organismes de formation (DGEFP)</th>
          <td>
            {i.dgefp.length === 0
              ? 'Aucune déclaration d’activité pour ce SIREN.'
              : i.dgefp
                  .map(
                    (d) =>
                      `NDA ${d.nda}${d.siret ? ` (SIRET ${siretLisible(d.siret)})` : ''}, Qualiopi apprentissage : ${d.qualiopi_apprentissage ? 'oui' : 'non'}`,
                  )
                  .join(' ; ')}
          </td>
        </tr>
        <tr>
          <th scope="row">Déclaré à l’inscription</th>
          <td>{i.declares.length ? i.declares.join(', ') : 'Aucun établissement déclaré.'}</td>
        </tr>
      </tbody>
    </TableDefilante>
  );
}
