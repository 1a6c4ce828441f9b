import { auteur } from '../../../domain/acteur.ts';
import {
  type Calendrier,
  CHAMPS_NATIONAUX,
  CHAMPS_REGIONAUX,
  type ChampCalendrier,
  LIBELLE_ORIGINE,
  LIBELLES_CALENDRIER,
  type OrigineDate,
  type OriginesCollecte,
  origineCollecteLue,
} from '../../../domain/campagne.ts';
import { jourIsoLong } from '../../../domain/dates.ts';
import { nomRegion, REGIONS } from '../../../domain/geo.ts';
import { siretLisible } from '../../../domain/identifiants.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { laisseesDeCote, MOTIFS_LAISSEE } from '../../../domain/reconduction.ts';
import type { ModificationCampagne } from '../../../services/campagne.service.ts';
import type { RapportBascule } from '../../../services/rollover.service.ts';
import { Annonce } from '../comptes/connexion.page.tsx';
import { AlerteVersion, ChampVersion, type RefusVersion } from '../espace/version.tsx';
import { Boutons, ChampCases, ChampSelect, ChampTexte, CsrfInput, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import { NavGestion } from './file.page.tsx';
import { dateHeure } from './libelles-gestion.ts';

export interface CampagnesVue {
  /** Every campaign's national calendar, latest first. */
  readonly campagnes: readonly Calendrier[];
  /** The campaign shown, for `region` (its collection dates) or national (region null). */
  readonly cal: Calendrier;
  /** The régions the person manages (null: an administrator, every région). */
  readonly regions: readonly string[] | null;
  readonly annonce?: string;
  /** The calendar form in error: what was typed and the errors. */
  readonly saisie?: Readonly<Partial<Record<ChampCalendrier, string>>>;
  readonly erreurs?: Erreurs;
  /** The calendar saved with « Garder la date » ticked on these dates left empty: they are national. */
  readonly gardeesVides?: readonly ChampCalendrier[];
  /** The calendar form in error: the dates ticked « Garder cette date pour la région ». */
  readonly fixees?: readonly string[];
  /** The current-campaign form in error. */
  readonly erreursCourante?: Erreurs;
  /** A rollover preview to confirm. */
  readonly apercu?: RapportBascule;
  /** Whose each collection date of a région's calendar is (its own, or national); null: national calendar. */
  readonly origines?: OriginesCollecte | null;
  /** The calendar save refused for its version (another save since the page was opened, or none sent). */
  readonly refus?: RefusVersion;
  /** Who changed the campaign shown, latest first. */
  readonly historique?: readonly ModificationCampagne[];
}

/** The history names people by their e-mail, the command line and API keys in words (domain auteur). */
const SANS_NOMS: ReadonlyMap<string, string> = new Map();
const date = (d: string | null) => (d ? jourIsoLong(d) : '—');
const qs = (annee: number, region: string | null) => `?annee=${annee}${region ? `&region=${region}` : ''}`;

/**
 * The notice of a calendar saved with « Garder la date » ticked on empty dates: the national
 * date applies (emptying is the way back to it), and how to keep one for the région instead.
 */
function gardeesVides(
  champs: readonly ChampCalendrier[],
  nationale: Calendrier | undefined,
): string | undefined {
  if (champs.length === 0) return undefined;
  const noms = champs.map(
    (c) =>
      `« ${LIBELLES_CALENDRIER[c]} »${champs.length > 1 && nationale?.[c] ? ` (${date(nationale[c])})` : ''}`,
  );
  const liste = noms.length > 1 ? `${noms.slice(0, -1).join(', ')} et ${noms.at(-1)}` : noms[0];
  const seule = champs.length === 1;
  const dateNationale = seule && nationale?.[champs[0]!] ? ` (${date(nationale[champs[0]!])})` : '';
  return seule
    ? `La case « Garder la date » est cochée mais la date est vide pour ${liste} : la date nationale${dateNationale} s’applique. Pour garder une date pour la région, saisissez-la et cochez sa case.`
    : `La case « Garder la date » est cochée mais la date est vide pour ${liste} : les dates nationales s’appliquent. Pour garder une date pour la région, saisissez-la et cochez sa case.`;
}

/**
 * /gestion/campagnes: the campaigns and which is current, the calendar of one campaign (the
 * région's collection dates for its gestionnaires, the national dates for administrators), the
 * région's workbooks as one zip, and the rollover to the next campaign (preview, then apply).
 */
export function CampagnesPage(p: CampagnesVue) {
  const { cal } = p;
  const admin = p.regions === null;
  const editables: readonly ChampCalendrier[] =
    cal.region === null ? (admin ? [...CHAMPS_REGIONAUX, ...CHAMPS_NATIONAUX] : []) : CHAMPS_REGIONAUX;
  const lecture = (Object.keys(LIBELLES_CALENDRIER) as ChampCalendrier[]).filter(
    (c) => !editables.includes(c),
  );
  const choixRegions = p.regions ?? Object.keys(REGIONS);
  const courante = p.campagnes.find((c) => c.courante);
  const suivante = Math.max(...p.campagnes.map((c) => c.annee)) + 1;
  const portee = cal.region ? `région ${nomRegion(cal.region)}` : 'national';
  // The national calendar of the campaign shown: what a région's emptied date falls back to.
  const nationale = p.campagnes.find((c) => c.annee === cal.annee);
  return (
    <Layout titre="Campagnes">
      <h1>Campagnes de collecte</h1>
      <NavGestion courant="/gestion/campagnes" />
      <Annonce texte={p.annonce} />
      <Annonce texte={gardeesVides(p.gardeesVides ?? [], nationale)} type="info" />
      <p class="fr-text--lead">
        Campagne courante : <strong>{courante?.libelle ?? 'aucune'}</strong>.
      </p>
      <TableDefilante nom="Campagnes et calendrier national">
        <caption>Campagnes et calendrier national</caption>
        <thead>
          <tr>
            <th scope="col">Campagne</th>
            <th scope="col">Fermeture d’Affelnet</th>
            <th scope="col">Parcoursup</th>
            <th scope="col">Fenêtre des sessions</th>
            <th scope="col">Calendrier</th>
          </tr>
        </thead>
        <tbody>
          {p.campagnes.map((c) => (
            <tr key={String(c.annee)}>
              <td>
                {c.libelle}
                {c.courante && (
                  <>
                    {' '}
                    <span class="fr-badge fr-badge--info fr-badge--sm">Courante</span>
                  </>
                )}
              </td>
              <td>{date(c.fermeture_affelnet)}</td>
              <td>
                du {date(c.ouverture_parcoursup)} au {date(c.fermeture_parcoursup)}
              </td>
              <td>
                du {date(c.fenetre_debut)} au {date(c.fenetre_fin)}
              </td>
              <td>
                {/* The link's full name as aria-label, not a visually hidden span: DSFR's hidden
                      span is absolutely placed against .fr-table, outside the table's scrolling
                      box, and pushed the page sideways at 390 px (fresh user, 07/12). */}
                <a
                  href={`/gestion/campagnes${qs(c.annee, cal.region)}`}
                  aria-label={`Voir le calendrier de la campagne ${c.libelle}`}
                >
                  Voir le calendrier
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>

      <h2 id="calendrier">
        Calendrier {cal.libelle} ({portee})
      </h2>
      {(admin || choixRegions.length > 1) && (
        <form method="get" action="/gestion/campagnes" class="fr-mb-4w">
          <input type="hidden" name="annee" value={String(cal.annee)} />
          <div class="fr-select-group">
            <label class="fr-label" for="region-choix">
              Calendrier affiché
            </label>
            <select class="fr-select" id="region-choix" name="region">
              {admin && (
                <option value="" selected={cal.region === null}>
                  National (dates par défaut de la collecte)
                </option>
              )}
              {choixRegions.map((r) => (
                <option key={r} value={r} selected={r === cal.region}>
                  Région {nomRegion(r)}
                </option>
              ))}
            </select>
          </div>
          <button class="fr-btn fr-btn--secondary fr-btn--sm" type="submit">
            Afficher
          </button>
        </form>
      )}
      <AlerteVersion
        refus={p.refus}
        recharger={`/gestion/campagnes${qs(cal.annee, cal.region)}#calendrier`}
      />
      {lecture.length > 0 && (
        <>
          <p>
            {cal.region
              ? 'Dates nationales, fixées par les administrateurs de la plateforme :'
              : 'Dates fixées par les administrateurs de la plateforme :'}
          </p>
          <ul id="dates-nationales">
            {lecture.map((c) => (
              <li key={c}>
                {LIBELLES_CALENDRIER[c]} : {date(cal[c])}
              </li>
            ))}
          </ul>
        </>
      )}
      {cal.region && p.origines && (
        <>
          <p id="origine-collecte">
            Dates de collecte de la région {nomRegion(cal.region)} : {origineCollecteLue(p.origines)}.
          </p>
          <ul id="dates-collecte">
            {CHAMPS_REGIONAUX.map((c) => (
              <li key={c}>
                {LIBELLES_CALENDRIER[c]} : {date(cal[c])} ({LIBELLE_ORIGINE[p.origines![c]]})
                {p.origines![c] === 'region' && editables.includes(c) && (
                  <form
                    method="post"
                    action={`/gestion/campagnes/${cal.annee}/calendrier`}
                    class="fr-mt-1w fr-mb-2w"
                  >
                    <CsrfInput />
                    <ChampVersion version={cal.version} />
                    <input type="hidden" name="region" value={cal.region ?? ''} />
                    <button
                      class="fr-btn fr-btn--tertiary fr-btn--sm"
                      type="submit"
                      name="nationale"
                      value={c}
                    >
                      Revenir à la date nationale ({date(nationale?.[c] ?? null)})
                      <span class="fr-sr-only"> pour {LIBELLES_CALENDRIER[c].toLowerCase()}</span>
                    </button>
                  </form>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      {editables.length > 0 && (
        <Formulaire action={`/gestion/campagnes/${cal.annee}/calendrier`} erreurs={p.erreurs ?? []}>
          <ChampVersion version={cal.version} />
          <input type="hidden" name="region" value={cal.region ?? ''} />
          {editables.map((c) => (
            <ChampTexte
              key={c}
              name={c}
              type="date"
              label={LIBELLES_CALENDRIER[c]}
              hint={
                cal.region && nationale?.[c]
                  ? `Format JJ/MM/AAAA ; videz le champ pour suivre la date nationale (${date(nationale[c])}).`
                  : 'Format JJ/MM/AAAA'
              }
              requis={c === 'fenetre_debut' || c === 'fenetre_fin'}
              valeur={p.saisie?.[c] ?? cal[c]}
              erreurs={p.erreurs}
            />
          ))}
          {cal.region && (
            <ChampCases
              name="fixees"
              label="Dates gardées par la région"
              hint="Cochée, la date est celle de la région même égale à la date nationale : elle ne suit plus un changement de la date nationale. Décochée, une date égale à la date nationale suit la date nationale ; une autre date est celle de la région."
              requis={false}
              options={CHAMPS_REGIONAUX.map(
                (c) =>
                  [c, `Garder la date « ${LIBELLES_CALENDRIER[c].toLowerCase()} » pour la région`] as const,
              )}
              valeurs={p.fixees ?? CHAMPS_REGIONAUX.filter((c) => cal.origines[c] === 'region')}
              erreurs={p.erreurs}
            />
          )}
          <p class="fr-text--sm">
            Après la fermeture d’Affelnet, aucune offre ne devient « Prêt pour intégration » pour Affelnet
            dans cette campagne.
          </p>
          <Boutons>
            <button class="fr-btn" type="submit">
              Enregistrer le calendrier
            </button>
          </Boutons>
        </Formulaire>
      )}

      <Historique h={p.historique ?? []} libelle={cal.libelle} />

      {admin && (
        <>
          <h2 id="courante">Changer de campagne courante</h2>
          <Formulaire action="/gestion/campagnes/courante" erreurs={p.erreursCourante ?? []}>
            <ChampSelect
              name="annee"
              label="Nouvelle campagne courante"
              hint="Une campagne absente est créée avec le calendrier par défaut ; toutes les offres sont recalculées."
              options={[
                ...p.campagnes.filter((c) => !c.courante).map((c) => [String(c.annee), c.libelle] as const),
                ...(p.campagnes.some((c) => c.annee === suivante)
                  ? []
                  : [[String(suivante), `Rentrée ${suivante} (à créer)`] as const]),
              ]}
              erreurs={p.erreursCourante}
            />
            <Boutons>
              <button class="fr-btn fr-btn--secondary" type="submit">
                Changer de campagne courante
              </button>
            </Boutons>
          </Formulaire>
        </>
      )}

      <h2 id="classeurs">Classeurs pré-remplis</h2>
      <p>
        Les classeurs de la campagne {cal.libelle} de chaque organisme
        {cal.region
          ? ` de la région ${nomRegion(cal.region)}`
          : admin
            ? ' de toutes les régions'
            : ' de vos régions'}
        , réunis dans une archive ZIP (un fichier .xlsx par SIRET responsable).
      </p>
      <p>
        <a
          class="fr-link fr-link--download"
          download
          href={`/gestion/campagnes/${cal.annee}/classeurs.zip${cal.region ? `?region=${cal.region}` : ''}`}
        >
          Télécharger les classeurs {cal.libelle}
          <span class="fr-link__detail">Archive ZIP de classeurs XLSX</span>
        </a>
      </p>
      {!admin && (
        <p>
          Un organisme vous a renvoyé son classeur rempli ? Importez-le depuis la page{' '}
          <a href="/gestion/imports">Imports de classeurs</a> : aperçu ligne par ligne, puis « Appliquer ».
        </p>
      )}

      <h2 id="reconduction">Reconduction vers la rentrée {cal.annee + 1}</h2>
      <p>
        Chaque formation encore proposée reçoit, à chaque lieu ouvert en {cal.annee}, une nouvelle session un
        an plus tard. Un lieu déjà reconduit n’est pas touché.
      </p>
      {!p.apercu ? (
        <form method="get" action={`/gestion/campagnes/${cal.annee}/reconduction`}>
          {cal.region && <input type="hidden" name="region" value={cal.region} />}
          <button class="fr-btn fr-btn--secondary" type="submit">
            Voir l’aperçu de la reconduction
          </button>
        </form>
      ) : (
        <ApercuReconduction r={p.apercu} region={cal.region} />
      )}
    </Layout>
  );
}

/** The rollover preview (or its result): counts in words, sessions by organisme, the apply button. */
export function ApercuReconduction({ r, region }: { r: RapportBascule; region: string | null }) {
  return (
    <div id="apercu">
      <div class="fr-callout fr-mb-4w">
        <h3 class="fr-callout__title">
          {r.simulation ? 'Aperçu' : 'Reconduction faite'} : {r.de} → {r.vers}
        </h3>
        <p class="fr-callout__text">
          {r.simulation
            ? pluriel(r.sessions_creees, 'session à créer', 'sessions à créer')
            : pluriel(r.sessions_creees, 'session créée', 'sessions créées')}{' '}
          pour {pluriel(r.formations, 'formation', 'formations')} ;{' '}
          {pluriel(r.deja_reconduites, 'lieu déjà reconduit', 'lieux déjà reconduits')} ;{' '}
          {laisseesDeCote(r.en_revision)}.
          {r.campagne_creee ? ` La campagne ${r.vers} ${r.simulation ? 'sera créée' : 'a été créée'}.` : ''}
        </p>
      </div>
      {r.laissees.length > 0 && (
        <>
          <p>
            {r.simulation ? 'Laissées de côté' : 'Laissées de côté, sans aucune session ajoutée'} : elles
            attendent votre décision ou la correction de l’organisme. Reconduisez-les une fois décidées.
          </p>
          <ul>
            {r.laissees.map((f) => (
              <li key={f.id}>
                <a href={`/gestion/formations/${f.id}`}>{f.intitule ?? f.id}</a> ({MOTIFS_LAISSEE[f.motif]})
              </li>
            ))}
          </ul>
        </>
      )}
      <TableDefilante nom="Sessions par organisme">
        <caption>Sessions {r.simulation ? 'à créer' : 'créées'} par organisme</caption>
        <thead>
          <tr>
            <th scope="col">SIRET</th>
            <th scope="col">Organisme</th>
            <th scope="col">Sessions</th>
          </tr>
        </thead>
        <tbody>
          {r.organismes.map((o) => (
            <tr key={String(o.siret)}>
              <td>{o.siret ? siretLisible(o.siret) : '—'}</td>
              <td>{o.raison_sociale ?? '—'}</td>
              <td>{o.sessions}</td>
            </tr>
          ))}
        </tbody>
      </TableDefilante>
      {r.simulation && r.sessions_creees > 0 && (
        <form method="post" action={`/gestion/campagnes/${r.de}/reconduction`}>
          <CsrfInput />
          {region && <input type="hidden" name="region" value={region} />}
          <button class="fr-btn" type="submit">
            Appliquer la reconduction ({pluriel(r.sessions_creees, 'session', 'sessions')}
            {r.laissees.length > 0
              ? ` ; ${pluriel(r.laissees.length, 'formation laissée de côté', 'formations laissées de côté')}`
              : ''}
            )
          </button>
        </form>
      )}
    </div>
  );
}

const valeur = (champ: string, v: unknown) =>
  v === null || v === undefined
    ? '—'
    : champ === 'courante'
      ? `rentrée ${String(v)}`
      : typeof v === 'string'
        ? date(v)
        : String(v);

/** One change of the history in words; a date pinned or un-pinned at the same value says its origin. */
function changement(d: ModificationCampagne['diff'][number]): string {
  const origine = d.champ.startsWith('origine:');
  const champ = (origine ? d.champ.slice('origine:'.length) : d.champ) as ChampCalendrier;
  const libelle = LIBELLES_CALENDRIER[champ] ?? 'Campagne courante';
  const lu = (v: unknown) => (origine ? (LIBELLE_ORIGINE[v as OrigineDate] ?? '—') : valeur(champ, v));
  return `${libelle} : ${lu(d.avant)} → ${lu(d.apres)}`;
}

function Historique({ h, libelle }: { h: readonly ModificationCampagne[]; libelle: string }) {
  return (
    <>
      <h3 class="fr-h6" id="historique">
        Historique de la campagne {libelle}
      </h3>
      {h.length === 0 ? (
        <p>Aucune modification.</p>
      ) : (
        <ul>
          {h.map((m, i) => {
            const region = m.entite_id.split(':')[1];
            return (
              <li key={String(i)}>
                {dateHeure(m.at)}, {auteur(m.acteur, SANS_NOMS)}
                {m.action === 'campagne_courante'
                  ? ' : campagne courante'
                  : ` : calendrier ${region ? `de la région ${nomRegion(region)}` : 'national'}`}{' '}
                — {m.diff.map(changement).join(' ; ')}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
