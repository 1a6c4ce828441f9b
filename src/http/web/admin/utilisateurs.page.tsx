import { LIBELLES_ROLES, ROLES, type Role } from '../../../domain/acteur.ts';
import { dateHeureLongue } from '../../../domain/dates.ts';
import { nomRegionAvecCode } from '../../../domain/geo.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { nomAcademie } from '../../../domain/regles/academies.ts';
import {
  avisStructureNonValidee,
  etatCompte,
  type StructureNonValidee,
} from '../../../domain/structure-non-validee.ts';
import type { UtilisateurVue } from '../../../services/comptes/admin-utilisateurs.service.ts';
import { AlerteVersion, ChampVersion, type RefusVersion } from '../espace/version.tsx';
import {
  Boutons,
  CaseConfirmation,
  ChampSelect,
  ChampTexte,
  CsrfInput,
  Formulaire,
} from '../form/champs.tsx';
import type { ChampsLibelles, Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';

/**
 * The account creation form's fields in page order, each with its label: the page's labels and
 * the error summary's « Libellé : problème. » (erreursLibellees) read them here.
 */
export const CHAMPS_CREATION = [
  ['email', 'Adresse électronique'],
  ['nom', 'Nom'],
  ['role', 'Rôle'],
  ['siren', 'SIREN'],
  ['region', 'Régions'],
  ['academie', 'Académies'],
] as const satisfies ChampsLibelles;
const libelleCreation = (champ: (typeof CHAMPS_CREATION)[number][0]): string =>
  CHAMPS_CREATION.find(([c]) => c === champ)?.[1] ?? champ;
/**
 * A scope field is required for one role only: its label says which (as the offer form's
 * « (obligatoire pour publier) »), never « (facultatif) », and it has no `required` attribute
 * (the form is sent whatever the role; the server names what is missing).
 */
const POUR_ROLE = {
  siren: ' (obligatoire pour un organisme)',
  region: ' (obligatoire pour un gestionnaire)',
  academie: ' (obligatoire pour un instructeur)',
} as const;
const HINT_REGIONS = 'Codes INSEE séparés par des virgules, ex. 84,27 ; vide pour les autres rôles';
const HINT_ACADEMIES = 'Codes séparés par des virgules, ex. 10 ; vide pour les autres rôles';

/** The role select's options, named as everywhere else (acteur.ts LIBELLES_ROLES). */
const OPTIONS_ROLES: [string, string][] = ROLES.map((r) => [r, LIBELLES_ROLES[r]]);
/** Régions and académies named with their codes (« Auvergne-Rhône-Alpes (84) »): the codes the fields take. */
const perimetre = (u: UtilisateurVue) =>
  u.role === 'organisme'
    ? `SIREN ${u.siren}`
    : u.role === 'gestionnaire'
      ? `Régions : ${u.regions.map(nomRegionAvecCode).join(', ')}`
      : u.role === 'instructeur'
        ? `Académies : ${u.academies.map(nomAcademie).join(', ')}`
        : '–';

/** The account history's actions (services/comptes/admin-utilisateurs.service.ts). */
const ACTIONS_COMPTE: Readonly<Record<string, string>> = {
  creation: 'Création du compte',
  desactivation: 'Désactivation',
  reactivation: 'Réactivation',
  role: 'Changement de rôle ou de périmètre',
};

export type SaisieUtilisateur = Record<'email' | 'nom' | 'role' | 'siren' | 'region' | 'academie', string>;

/** /admin/utilisateurs: every user, create one (its one-time password shown once), disable / re-enable. */
export function UtilisateursPage(p: {
  utilisateurs: readonly UtilisateurVue[];
  /** The signed-in administrator's id: its own row offers no « Désactiver ». */
  soi: string;
  saisie?: SaisieUtilisateur;
  erreurs?: Erreurs;
  cree?: {
    email: string;
    password: string;
    nonValidee: StructureNonValidee | null;
  };
  message?: string;
  /** What was typed and not kept (régions or académies for a role without them). */
  infos?: readonly string[];
}) {
  const v = p.saisie ?? { email: '', nom: '', role: '', siren: '', region: '', academie: '' };
  const e = p.erreurs ?? [];
  return (
    <Layout titre="Utilisateurs">
      <h1>Utilisateurs</h1>
      {p.message && (
        <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
          <p>{p.message}</p>
        </div>
      )}
      {(p.infos ?? []).length > 0 && (
        <div class="fr-alert fr-alert--info fr-mb-4w" role="status">
          {(p.infos ?? []).map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      {p.cree && (
        <div class="fr-alert fr-alert--warning fr-mb-4w" role="status">
          <h2 class="fr-alert__title">Compte {p.cree.email} créé</h2>
          <p>
            Mot de passe à usage unique, à transmettre à la personne (il ne sera plus affiché ; elle le
            changera à sa première connexion) : <code id="mot-de-passe-unique">{p.cree.password}</code>
          </p>
          {p.cree.nonValidee && <NonValidee s={p.cree.nonValidee} />}
        </div>
      )}
      <TableDefilante nom="Utilisateurs">
        <caption>{pluriel(p.utilisateurs.length, 'utilisateur', 'utilisateurs')}, par rôle</caption>
        <thead>
          <tr>
            <th scope="col">Adresse</th>
            <th scope="col">Rôle</th>
            <th scope="col">Périmètre</th>
            <th scope="col">État</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {p.utilisateurs.map((u) => (
            <tr key={u.id}>
              <td>
                {u.email}
                {u.nom ? ` (${u.nom})` : ''}
              </td>
              <td>{LIBELLES_ROLES[u.role as Role] ?? u.role}</td>
              <td>{perimetre(u)}</td>
              <td>{etatCompte(u)}</td>
              <td>
                <a class="fr-link" href={`/admin/utilisateurs/${u.id}`} aria-label={`Modifier ${u.email}`}>
                  Modifier
                </a>
                {/* Disabling is confirmed on the account's page (a ticked box); re-enabling is one click. */}
                {u.id !== p.soi && u.actif && (
                  <>
                    {' '}
                    <a
                      class="fr-link"
                      href={`/admin/utilisateurs/${u.id}#desactivation`}
                      aria-label={`Désactiver ${u.email}`}
                    >
                      Désactiver
                    </a>
                  </>
                )}
                {u.id !== p.soi && !u.actif && (
                  <form method="post" action={`/admin/utilisateurs/${u.id}/reactiver`}>
                    <CsrfInput />
                    <button
                      class="fr-btn fr-btn--sm fr-btn--tertiary"
                      type="submit"
                      aria-label={`Réactiver ${u.email}`}
                    >
                      Réactiver
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>
      <h2>Créer un compte</h2>
      <Formulaire action="/admin/utilisateurs" erreurs={e}>
        <ChampTexte name="email" type="email" label={libelleCreation('email')} valeur={v.email} erreurs={e} />
        <ChampTexte name="nom" label={libelleCreation('nom')} requis={false} valeur={v.nom} erreurs={e} />
        <ChampSelect
          name="role"
          label={libelleCreation('role')}
          options={OPTIONS_ROLES}
          valeur={v.role}
          erreurs={e}
        />
        <ChampTexte
          name="siren"
          label={`${libelleCreation('siren')}${POUR_ROLE.siren}`}
          hint="9 chiffres ; vide pour les autres rôles"
          requis={false}
          conditionnel
          valeur={v.siren}
          erreurs={e}
        />
        <ChampTexte
          name="region"
          label={`${libelleCreation('region')}${POUR_ROLE.region}`}
          hint={HINT_REGIONS}
          requis={false}
          conditionnel
          valeur={v.region}
          erreurs={e}
        />
        <ChampTexte
          name="academie"
          label={`${libelleCreation('academie')}${POUR_ROLE.academie}`}
          hint={HINT_ACADEMIES}
          requis={false}
          conditionnel
          valeur={v.academie}
          erreurs={e}
        />
        <Boutons>
          <button class="fr-btn" type="submit">
            Créer le compte
          </button>
        </Boutons>
      </Formulaire>
    </Layout>
  );
}

/** What an account made for a structure not validated sees: nothing, until a gestionnaire decides. */
function NonValidee({ s }: { s: StructureNonValidee }) {
  return (
    <p>
      {avisStructureNonValidee(s)}
      {s.statut !== 'refusee' && (
        <>
          {' '}
          <a href={`/gestion/inscriptions#structure-${s.siren}`}>Examiner et valider l’inscription</a> (les
          administrateurs le peuvent aussi).
        </>
      )}
    </p>
  );
}

/** The name of the checkbox that confirms « Désactiver le compte ». */
export const CONFIRMER_DESACTIVATION = 'confirmer_desactivation';

/**
 * /admin/utilisateurs/{id}: change a user's role and scope; disable it (a ticked box confirms,
 * never offered on one's own account); its history with who did what.
 */
export function UtilisateurPage(p: {
  u: UtilisateurVue;
  /** The signed-in administrator's id: its own account offers no « Désactiver ». */
  soi: string;
  saisie?: { role: string; regions: string; academies: string };
  erreurs?: Erreurs;
  /** The version of the role and scope shown (hidden `version`): the current one, also after a refusal. */
  version: string;
  /** The role change refused for its version (changed since the page was opened, or none sent). */
  refus?: RefusVersion;
  historique: readonly { action: string; acteur: string; auteur: string; at: Date }[];
}) {
  const v = p.saisie ?? {
    role: p.u.role,
    regions: p.u.regions.join(','),
    academies: p.u.academies.join(','),
  };
  const e = (p.erreurs ?? []).filter((x) => x.champ !== CONFIRMER_DESACTIVATION);
  const erreurDesactivation = p.erreurs?.find((x) => x.champ === CONFIRMER_DESACTIVATION)?.message;
  return (
    <Layout titre={`Utilisateur ${p.u.email}`}>
      <h1>{p.u.email}</h1>
      <p>
        {p.u.actif ? 'Compte actif' : 'Compte désactivé'} – {perimetre(p.u)}
      </p>
      <h2>Rôle et périmètre</h2>
      <AlerteVersion refus={p.refus} recharger={`/admin/utilisateurs/${p.u.id}`} />
      <Formulaire action={`/admin/utilisateurs/${p.u.id}`} erreurs={e}>
        <ChampVersion version={p.version} />
        <ChampSelect name="role" label="Rôle" options={OPTIONS_ROLES} valeur={v.role} erreurs={e} />
        <ChampTexte
          name="regions"
          label={`Régions${POUR_ROLE.region}`}
          hint={HINT_REGIONS}
          requis={false}
          conditionnel
          valeur={v.regions}
          erreurs={e}
        />
        <ChampTexte
          name="academies"
          label={`Académies${POUR_ROLE.academie}`}
          hint={HINT_ACADEMIES}
          requis={false}
          conditionnel
          valeur={v.academies}
          erreurs={e}
        />
        <Boutons>
          <button class="fr-btn" type="submit">
            Enregistrer
          </button>
        </Boutons>
      </Formulaire>
      {p.u.actif && p.u.id !== p.soi && (
        <Formulaire action={`/admin/utilisateurs/${p.u.id}/desactiver`}>
          <fieldset
            class={`fr-fieldset${erreurDesactivation ? ' fr-fieldset--error' : ''}`}
            id="desactivation"
            aria-labelledby="desactivation-legende"
          >
            <legend class="fr-fieldset__legend" id="desactivation-legende">
              <h2 class="fr-h4 fr-mb-0">Désactiver le compte</h2>
            </legend>
            <CaseConfirmation nom={CONFIRMER_DESACTIVATION} erreur={erreurDesactivation}>
              Je confirme désactiver le compte {p.u.email} : il ne pourra plus se connecter et ses sessions
              ouvertes sont terminées (il pourra être réactivé).
            </CaseConfirmation>
            <div class="fr-fieldset__element">
              <button class="fr-btn fr-btn--secondary" type="submit">
                Désactiver le compte
              </button>
            </div>
          </fieldset>
        </Formulaire>
      )}
      <h2>Historique</h2>
      {p.historique.length === 0 ? (
        <p>Aucune décision enregistrée.</p>
      ) : (
        <ul>
          {p.historique.map((h, i) => (
            <li key={i}>
              {dateHeureLongue(h.at)} – {ACTIONS_COMPTE[h.action] ?? h.action} par {h.auteur}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
