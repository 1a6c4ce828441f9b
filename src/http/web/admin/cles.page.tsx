import type { QuotasConfig } from '../../../config.ts';
import { NOM_CLE_MAX } from '../../../domain/acteur.ts';
import { isoDay, jourIsoLong } from '../../../domain/dates.ts';
import { nombre } from '../../../domain/nombres.ts';
import { PROFILS_PARTENAIRE } from '../../../domain/partenaires.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { type ApiKeyVue, type CreatedApiKey, dernierJourValide } from '../../../services/apikey.service.ts';
import { AlerteVersion, ChampVersion, type RefusVersion } from '../espace/version.tsx';
import { Boutons, ChampCases, ChampSelect, ChampTexte, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { qui } from '../gestion/libelles-gestion.ts';
import { FilAriane, Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';

/** The UTC day of an instant or a day (keys expire and count calls by UTC day), in full. */
const jour = (iso: string | null) => (iso ? jourIsoLong(isoDay(new Date(iso))) : '–');
const ETATS = { active: 'Active', revoquee: 'Révoquée', expiree: 'Expirée' } as const;
const PORTEES: [string, string][] = [
  ['read', 'read – lecture'],
  ['write', 'write – écriture pour un SIREN'],
  ['admin', 'admin – tout voir et tout modifier'],
];

const PROFILS: [string, string][] = PROFILS_PARTENAIRE.map((p) => [p.code, `${p.libelle} (${p.code})`]);
const AIDE_PROFILS = 'Pour une clé read seulement : les fichiers partenaires que la clé pourra lire';

export interface NouvelleCle {
  name: string;
  scope: string;
  siren: string;
  expire: string;
  profils: string[];
}

/** The partner profiles' checkboxes (create and change). */
function CasesProfils({ valeurs, erreurs }: { valeurs: readonly string[]; erreurs: Erreurs }) {
  return (
    <ChampCases
      name="profils"
      label="Profils partenaires"
      hint={AIDE_PROFILS}
      requis={false}
      options={PROFILS}
      valeurs={valeurs}
      erreurs={erreurs}
    />
  );
}

/** /admin/cles: every API key with its use, the form to create one, a revoke link per active key. */
export function ClesPage(p: {
  cles: readonly ApiKeyVue[];
  saisie?: NouvelleCle;
  erreurs?: Erreurs;
  creee?: CreatedApiKey;
  message?: string;
  quotas: QuotasConfig;
}) {
  const v = p.saisie ?? { name: '', scope: 'read', siren: '', expire: '', profils: [] };
  return (
    <Layout titre="Clés d’API">
      <h1>Clés d’API</h1>
      {p.message && (
        <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
          <p>{p.message}</p>
        </div>
      )}
      {p.creee && (
        <div class="fr-alert fr-alert--warning fr-mb-4w" role="status">
          <h2 class="fr-alert__title">Clé « {p.creee.name} » créée : copiez-la maintenant</h2>
          <p>Elle ne sera plus jamais affichée (seule son empreinte est conservée).</p>
          <p>
            <code id="cle-secrete">{p.creee.key}</code>
          </p>
          <p>Usage : en-tête « Authorization: Bearer &lt;clé&gt; ».</p>
        </div>
      )}
      {p.cles.length === 0 ? (
        <p>Aucune clé d’API.</p>
      ) : (
        <TableDefilante nom="Clés d’API">
          <caption>{pluriel(p.cles.length, 'clé', 'clés')}, de la plus ancienne à la plus récente</caption>
          <thead>
            <tr>
              <th scope="col">Nom</th>
              <th scope="col">Portée</th>
              <th scope="col">Créée</th>
              <th scope="col">Valable jusqu’au</th>
              <th scope="col">État</th>
              <th scope="col">Dernier usage</th>
              <th scope="col">Appels par jour (30 jours)</th>
              <th scope="col">Quota par {p.quotas.fenetreS} s</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {p.cles.map((c) => (
              <tr key={c.id} id={`cle-${c.id}`}>
                <td>
                  {c.name}
                  <br />
                  <span class="fr-text--xs">
                    {c.id} · {c.prefix}…
                  </span>
                </td>
                <td>
                  {c.scope}
                  {c.siren ? ` (SIREN ${c.siren})` : ''}
                  {c.scope === 'read' && (
                    <>
                      <br />
                      <span class="fr-text--sm">
                        profils : {c.profils.length ? c.profils.join(', ') : 'aucun'}
                      </span>
                      {c.etat === 'active' && (
                        <>
                          <br />
                          <a
                            class="fr-link fr-text--sm"
                            href={`/admin/cles/${encodeURIComponent(c.id)}/profils`}
                            aria-label={`Modifier les profils partenaires de la clé ${c.name}`}
                          >
                            Modifier les profils
                          </a>
                        </>
                      )}
                    </>
                  )}
                </td>
                <td>
                  {jour(c.created_at)}
                  {c.created_by ? ` par ${qui(c.created_by)}` : ''}
                </td>
                <td>{c.expires_at ? jourIsoLong(dernierJourValide(c.expires_at)) : 'sans limite'}</td>
                <td>
                  {ETATS[c.etat]}
                  {c.revoked_at
                    ? ` le ${jour(c.revoked_at)}${c.revoked_by ? ` par ${qui(c.revoked_by)}` : ''}`
                    : ''}
                </td>
                <td>{c.dernier_usage ? jour(c.dernier_usage) : 'jamais'}</td>
                <td>
                  {c.appels_par_jour.length === 0 ? (
                    'aucun'
                  ) : (
                    <details>
                      <summary>{pluriel(c.appels_30_jours, 'appel', 'appels')}</summary>
                      <ul class="fr-text--sm">
                        {c.appels_par_jour.map((a) => (
                          <li key={a.jour}>
                            {jour(a.jour)} : {a.appels}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
                <td>
                  lectures :{' '}
                  {c.quota_lecture === null
                    ? `${nombre(p.quotas.lectureCle)} (défaut)`
                    : nombre(c.quota_lecture)}
                  <br />
                  écritures :{' '}
                  {c.quota_ecriture === null
                    ? `${nombre(p.quotas.ecritureCle)} (défaut)`
                    : nombre(c.quota_ecriture)}
                  {c.etat === 'active' && (
                    <>
                      <br />
                      <a
                        class="fr-link fr-text--sm"
                        href={`/admin/cles/${encodeURIComponent(c.id)}/quota`}
                        aria-label={`Modifier le quota de la clé ${c.name}`}
                      >
                        Modifier
                      </a>
                    </>
                  )}
                </td>
                <td>
                  {c.etat === 'active' && (
                    // A link to the confirmation page: revoking is for good, never one click away.
                    <a
                      class="fr-btn fr-btn--sm fr-btn--secondary"
                      href={`/admin/cles/${encodeURIComponent(c.id)}/revoquer`}
                      aria-label={`Révoquer la clé ${c.name}`}
                    >
                      Révoquer
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </TableDefilante>
      )}
      <h2>Créer une clé</h2>
      <Formulaire action="/admin/cles" erreurs={p.erreurs ?? []}>
        <ChampTexte
          name="name"
          label="Nom"
          hint={`Qui l’utilisera, par exemple « SI du CFA X » ou « Parcoursup » ; ${NOM_CLE_MAX} caractères au plus`}
          valeur={v.name}
          erreurs={p.erreurs ?? []}
        />
        <ChampSelect
          name="scope"
          label="Portée"
          options={PORTEES}
          valeur={v.scope}
          erreurs={p.erreurs ?? []}
        />
        <ChampTexte
          name="siren"
          label="SIREN de l’organisme"
          hint="9 chiffres, espaces admis ; obligatoire pour une clé write, vide sinon"
          requis={false}
          valeur={v.siren}
          erreurs={p.erreurs ?? []}
        />
        <ChampTexte
          name="expire"
          type="date"
          label="Dernier jour de validité"
          hint="Facultatif, au format AAAA-MM-JJ ; sans date, la clé vaut jusqu’à sa révocation"
          requis={false}
          valeur={v.expire}
          erreurs={p.erreurs ?? []}
        />
        <CasesProfils valeurs={v.profils} erreurs={p.erreurs ?? []} />
        <Boutons>
          <button class="fr-btn" type="submit">
            Créer la clé
          </button>
        </Boutons>
      </Formulaire>
    </Layout>
  );
}

/** /admin/cles/:id/quota: a key's own quotas (empty: the configured default). */
export function QuotaClePage(p: {
  cle: ApiKeyVue;
  quotas: QuotasConfig;
  saisie?: { lecture: string; ecriture: string };
  erreurs?: Erreurs;
}) {
  const v = p.saisie ?? {
    lecture: p.cle.quota_lecture === null ? '' : String(p.cle.quota_lecture),
    ecriture: p.cle.quota_ecriture === null ? '' : String(p.cle.quota_ecriture),
  };
  const erreurs = p.erreurs ?? [];
  return (
    <Layout titre={`Quota de la clé ${p.cle.name}`}>
      <FilAriane
        liens={[
          { libelle: 'Administration', href: '/admin' },
          { libelle: 'Clés d’API', href: '/admin/cles' },
          {
            libelle: `Quota de « ${p.cle.name} »`,
            href: `/admin/cles/${encodeURIComponent(p.cle.id)}/quota`,
          },
        ]}
      />
      <h1>Quota de la clé « {p.cle.name} »</h1>
      <p>
        Nombre de requêtes admises par fenêtre de {p.quotas.fenetreS} secondes, lectures et écritures comptées
        à part. Au-delà, l’API répond 429 avec l’en-tête Retry-After. Laissez vide pour le quota par défaut (
        {nombre(p.quotas.lectureCle)} lectures, {nombre(p.quotas.ecritureCle)} écritures). Un système
        consommateur qui parcourt toute l’offre peut recevoir un quota plus élevé.
      </p>
      <Formulaire action={`/admin/cles/${encodeURIComponent(p.cle.id)}/quota`} erreurs={erreurs}>
        <ChampTexte
          name="lecture"
          label="Lectures par fenêtre"
          hint={`Nombre entier ; vide : ${nombre(p.quotas.lectureCle)} (défaut)`}
          inputMode="numeric"
          requis={false}
          valeur={v.lecture}
          erreurs={erreurs}
        />
        <ChampTexte
          name="ecriture"
          label="Écritures par fenêtre"
          hint={`Nombre entier ; vide : ${nombre(p.quotas.ecritureCle)} (défaut)`}
          inputMode="numeric"
          requis={false}
          valeur={v.ecriture}
          erreurs={erreurs}
        />
        <Boutons>
          <button class="fr-btn" type="submit">
            Enregistrer le quota
          </button>
          <a class="fr-btn fr-btn--secondary" href="/admin/cles">
            Annuler
          </a>
        </Boutons>
      </Formulaire>
    </Layout>
  );
}

/** /admin/cles/:id/profils: the partner profiles whose files a `read` key reads. */
/**
 * /admin/cles/:id/profils: the key's partner profiles, ticked. The form carries the version of the
 * profiles shown (`version`, services/apikey.service.ts versionProfils): a save over a change made
 * meanwhile (another page, the CLI, the API) is refused and said (`refus`), the values typed kept.
 */
export function ProfilsClePage(p: {
  cle: ApiKeyVue;
  saisie?: string[];
  erreurs?: Erreurs;
  refus?: RefusVersion;
}) {
  const url = `/admin/cles/${encodeURIComponent(p.cle.id)}/profils`;
  const erreurs = p.erreurs ?? [];
  return (
    <Layout titre={`Profils partenaires de la clé ${p.cle.name}`}>
      <FilAriane
        liens={[
          { libelle: 'Administration', href: '/admin' },
          { libelle: 'Clés d’API', href: '/admin/cles' },
          { libelle: `Profils de « ${p.cle.name} »`, href: url },
        ]}
      />
      <h1>Profils partenaires de la clé « {p.cle.name} »</h1>
      <p>
        Une clé read liée à un profil lit les fichiers de ce profil (GET /api/v1/partenaires/fichiers). Le
        changement vaut dès l’appel suivant et s’inscrit à l’historique de la clé et au journal de sécurité.
      </p>
      <AlerteVersion refus={p.refus} recharger={url} />
      <Formulaire action={url} erreurs={erreurs}>
        <ChampVersion version={p.cle.version} />
        <CasesProfils valeurs={p.saisie ?? p.cle.profils} erreurs={erreurs} />
        <Boutons>
          <button class="fr-btn" type="submit">
            Enregistrer les profils
          </button>
          <a class="fr-btn fr-btn--secondary" href="/admin/cles">
            Annuler
          </a>
        </Boutons>
      </Formulaire>
    </Layout>
  );
}

/**
 * /admin/cles/:id/revoquer (GET): what revoking key `cle` means, then the POST that does it (a
 * plain form with its CSRF token: no JavaScript needed). A key no longer active gets no form.
 */
export function RevoquerClePage(p: { cle: ApiKeyVue }) {
  const { cle } = p;
  const url = `/admin/cles/${encodeURIComponent(cle.id)}/revoquer`;
  const titre = `Révoquer la clé « ${cle.name} » ?`;
  return (
    <Layout titre={titre}>
      <FilAriane
        liens={[
          { libelle: 'Administration', href: '/admin' },
          { libelle: 'Clés d’API', href: '/admin/cles' },
          { libelle: `Révoquer « ${cle.name} »`, href: url },
        ]}
      />
      <h1>{titre}</h1>
      <dl class="fr-mb-4w">
        <dt>Identifiant</dt>
        <dd>
          {cle.id} ({cle.prefix}…)
        </dd>
        <dt>Portée</dt>
        <dd>
          {cle.scope}
          {cle.siren ? ` (SIREN ${cle.siren})` : ''}
        </dd>
        <dt>Dernier usage</dt>
        <dd>
          {cle.dernier_usage ? jour(cle.dernier_usage) : 'jamais'} ;{' '}
          {pluriel(cle.appels_30_jours, 'appel', 'appels')} ces 30 derniers jours
        </dd>
      </dl>
      {cle.etat !== 'active' ? (
        <>
          <div class="fr-alert fr-alert--info fr-mb-4w">
            <p>
              Cette clé est déjà {cle.etat === 'revoquee' ? 'révoquée' : 'expirée'} : elle ne donne plus accès
              à l’API.
            </p>
          </div>
          <p>
            <a class="fr-link" href="/admin/cles">
              Retour aux clés d’API
            </a>
          </p>
        </>
      ) : (
        <>
          <div class="fr-alert fr-alert--warning fr-mb-4w">
            <h2 class="fr-alert__title">Ce que la révocation change</h2>
            <ul>
              <li>
                Dès la confirmation, tout appel à l’API avec cette clé reçoit une erreur 401 (clé invalide) :
                le système qui l’utilise ({cle.name}) ne peut plus lire ni écrire.
              </li>
              <li>
                La révocation est définitive : pour rendre l’accès, il faut créer une nouvelle clé et la
                transmettre à ses utilisateurs.
              </li>
              <li>La révocation est inscrite à l’historique de la clé avec votre nom.</li>
            </ul>
          </div>
          <Formulaire action={url}>
            <Boutons>
              <button class="fr-btn" type="submit">
                Révoquer définitivement la clé
              </button>
              <a class="fr-btn fr-btn--secondary" href="/admin/cles">
                Annuler
              </a>
            </Boutons>
          </Formulaire>
        </>
      )}
    </Layout>
  );
}
