import { dateHeureLongue } from '../../../domain/dates.ts';
import { nomRegion } from '../../../domain/geo.ts';
import { siretLisible } from '../../../domain/identifiants.ts';
import type { StructureDeRegion } from '../../../services/gestion/structures.service.ts';
import { Annonce } from '../comptes/connexion.page.tsx';
import { ChampTexte, CsrfInput, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { NavGestion } from './file.page.tsx';

/** The structure history's actions (services/comptes/structure.service.ts, gestion/structures.service.ts). */
const ACTIONS_STRUCTURE: Readonly<Record<string, string>> = {
  inscription: 'Inscription',
  approbation: 'Inscription approuvée',
  refus: 'Inscription refusée',
  etablissement_ajoute: 'Établissement ajouté',
  etablissement_retire: 'Établissement retiré',
};

/**
 * /gestion/structures: the structure accounts of the gestionnaire's régions, their users, and the
 * establishments each may declare (add one, even of another SIREN as formateur; withdraw one).
 */
export function StructuresPage(p: {
  structures: readonly StructureDeRegion[];
  annonce?: string;
  /** The add form in error: its structure, errors and value. */
  ajout?: { siren: string; erreurs: Erreurs; siret: string };
}) {
  return (
    <Layout titre="Structures de la région">
      <h1>Structures de la région</h1>
      <NavGestion courant="/gestion/structures" />
      <Annonce texte={p.annonce} />
      <p>
        Les inscriptions en attente se décident dans{' '}
        <a href="/gestion/inscriptions">Inscriptions à examiner</a> (avec les faits Sirene et DGEFP du SIREN).
      </p>
      {p.structures.length === 0 && <p>Aucune structure dans votre région.</p>}
      {p.structures.map((s) => {
        const erreurs = p.ajout?.siren === s.siren ? p.ajout.erreurs : [];
        return (
          <section class="fr-mb-6w" key={s.siren} aria-labelledby={`s-${s.siren}`}>
            <h2 class="fr-h4" id={`s-${s.siren}`}>
              {s.raison_sociale} – SIREN {s.siren}
            </h2>
            <p>
              {s.statut === 'active'
                ? 'Compte actif'
                : s.statut === 'refusee'
                  ? 'Inscription refusée (comptes créés par un administrateur conservés)'
                  : 'Inscription en attente'}
              , région {s.region ? nomRegion(s.region) : '—'}.
            </p>
            <h3 class="fr-h6">Utilisateurs</h3>
            {s.utilisateurs.length === 0 ? (
              <p>Aucun utilisateur.</p>
            ) : (
              <ul>
                {s.utilisateurs.map((u) => (
                  <li key={u.email}>
                    {u.nom ?? ''} &lt;{u.email}&gt;{u.actif ? '' : ' (désactivé)'}
                  </li>
                ))}
              </ul>
            )}
            <h3 class="fr-h6">Établissements qu’elle peut déclarer</h3>
            {s.etablissements.length === 0 ? (
              <p>Aucun établissement déclaré.</p>
            ) : (
              <ul>
                {s.etablissements.map((e) => (
                  <li key={e.siret}>
                    {/* On one line by a DSFR row, not an inline style (the CSP refuses it). */}
                    <div class="fr-grid-row fr-grid-row--middle">
                      <span class="fr-mr-2w">
                        SIRET {siretLisible(e.siret)}
                        {e.autreSiren ? ' (autre SIREN, en tant que formateur)' : ''}
                      </span>
                      <form
                        method="post"
                        action={`/gestion/structures/${s.siren}/etablissements/${e.siret}/retirer`}
                      >
                        <CsrfInput />
                        <button class="fr-btn fr-btn--tertiary fr-btn--sm" type="submit">
                          Retirer {siretLisible(e.siret)}
                        </button>
                      </form>
                    </div>
                  </li>
                ))}
              </ul>
            )}
            <Formulaire action={`/gestion/structures/${s.siren}/etablissements`} erreurs={erreurs}>
              <ChampTexte
                name="siret"
                id={`siret-${s.siren}`}
                label={`Ajouter un établissement à ${s.raison_sociale}`}
                hint="SIRET à 14 chiffres, de la structure ou d’un autre SIREN dont elle déclare l’offre en tant que formateur."
                valeur={p.ajout?.siren === s.siren ? p.ajout.siret : ''}
                erreurs={erreurs}
              />
              <button class="fr-btn fr-btn--secondary" type="submit">
                Ajouter l’établissement
              </button>
            </Formulaire>
            <h3 class="fr-h6">Décisions</h3>
            {s.historique.length === 0 ? (
              <p>Aucune décision enregistrée.</p>
            ) : (
              <ul id={`historique-${s.siren}`}>
                {s.historique.map((h, i) => (
                  <li key={i}>
                    {dateHeureLongue(h.at)} – {ACTIONS_STRUCTURE[h.action] ?? h.action} par {h.auteur}
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
    </Layout>
  );
}
