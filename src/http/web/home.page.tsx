import { libelleCommune } from '../../domain/communes-suggerees.ts';
import { jourIsoLong } from '../../domain/dates.ts';
import { libelleDepartement, NOMS_DEPARTEMENT } from '../../domain/departements.ts';
import { recrutementDeCarte, SESSION_TERMINEE, sessionsPubliques } from '../../domain/diffusion.ts';
import { apostrophes } from '../../domain/elision.ts';
import type { Formation } from '../../domain/formation.schema.ts';
import { nomRegion } from '../../domain/geo.ts';
import type { PourquoiLieu } from '../../domain/lieu-retenu.ts';
import { nombre } from '../../domain/nombres.ts';
import { RAYON_MAX_KM } from '../../domain/plus-loin.ts';
import { type Compte, codesCommune, RAYONS_KM } from '../../domain/recherche.ts';
import { libelleTypeDiplome } from '../../domain/types-diplome.ts';
import { MESSAGE_COMMUNE_INTROUVABLE, type Resultats } from '../../services/recherche.service.ts';
import { Layout } from './layout.tsx';
import { deCommune, ETAT_RECRUTEMENT, NIVEAU, pluriel, TYPE_OFFRE } from './libelles.ts';
import {
  AvertissementPage,
  AvertissementRayon,
  AvertissementTermes,
  AvertissementTri,
} from './recherche.avertissements.tsx';
import { adresse, type ChampFiltre, type EtatRecherche, type FiltreRefuse } from './recherche.params.ts';

// The public search page (docs/recherche.md): one GET form (words, place, radius, filters, sort),
// the count, "Vouliez-vous dire", the result cards and numbered pages; every state is in the URL.

export interface HomeProps {
  readonly etat: EtatRecherche;
  readonly r: Resultats;
  /** Professional view (signed-in prescripteur, gestionnaire, admin): closed sessions count and show. */
  readonly pro?: boolean;
  /** The app's day (ctx.now, YYYY-MM-DD): an ended session reads as ended on the cards. */
  readonly aujourdhui: string;
}

/** The heading's end when no search is made: it follows the type-of-offer filter (none: every offer). */
const ACCUEIL: Readonly<Record<string, string>> = {
  apprentissage: ' en apprentissage',
  conventionne: ' conventionnée',
};
const TRI: Readonly<Record<string, string>> = {
  pertinence: 'Pertinence',
  distance: 'Distance',
  debut: 'Date de début',
};

// Formatters built once, not per call (a page formats ~150 counts).
const KM = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });
const km = (d: number) => `${KM.format(d)} km`;

/** The DSFR error text under field `id` (the input's aria-describedby is `{id}-erreur`). */
function ErreurChamp({ id, message }: { id: string; message?: string }) {
  return message ? (
    <p class="fr-error-text" id={`${id}-erreur`}>
      {message}
    </p>
  ) : null;
}

export function HomePage({ etat: tape, r, pro, aujourdhui }: HomeProps) {
  // A place typed among the words (« bts mco 69 »): the page reads as the search was made, the words in
  // « q » and the place in « Où ? » — its form, heading and links (pages, filters) — and says so; the
  // apprenticeship typed among them (« cap cuisine en apprentissage »), in the « Type d’offre » filter.
  // « près de moi » typed among them is no word: the words without it.
  const moi = r.presDeMoiDansQ ? { ...tape, q: r.presDeMoiDansQ.q || undefined } : tape;
  const m = r.modaliteDansQ;
  const lu = m ? { ...moi, q: m.q || undefined, facettes: { ...moi.facettes, modalite: m.modalite } } : moi;
  const etat = r.lieuDansQ ? { ...lu, q: r.lieuDansQ.q || undefined, ou: r.lieuDansQ.terme } : lu;
  const cherche = !etat.erreurs && !!(etat.q || etat.ou);
  const titre = cherche
    ? `Formations${etat.q ? ` pour « ${etat.q} »` : ''}${
        r.lieu
          ? ` près ${deCommune(r.lieu.nom)}${
              // Typed with its département (« Saint-Denis 974 »): the title tells it from its homonyms
              // (a city with arrondissements whole has none: « Paris (Paris) » said nothing).
              r.lieu.pourquoi === 'nom_et_departement' && !villeEntiere(r.lieu)
                ? ` (${NOMS_DEPARTEMENT[r.lieu.code_departement] ?? r.lieu.code_departement})`
                : ''
            }`
          : r.departement
            ? ` dans le département ${libelleDepartement(r.departement.code_departement)}`
            : r.region
              ? ` dans la région ${r.region.nom}`
              : ''
      }`
    : `Trouver une formation${ACCUEIL[etat.facettes.modalite ?? ''] ?? ''}`;
  // A place « Où ? » cannot read is an error too: the title says it first (RGAA 8.6), the answer stays 200.
  const titrePage =
    etat.erreurs || etat.inconnus
      ? `Erreur : ${titre}`
      : r.lieuInconnu
        ? `Erreur : lieu introuvable – ${titre}`
        : r.page > 1
          ? `${titre} – page ${r.page} sur ${r.pages}`
          : titre;
  const erreurs = etat.erreurs ?? {};
  const rayonRefuse = etat.inconnus?.rayon?.message;
  return (
    <Layout titre={titrePage} q={etat.q} sansRechercheEnTete>
      <h1>{titre}</h1>
      {pro && (
        <div class="fr-notice fr-notice--info fr-mb-3w" id="vue-professionnelle">
          <div class="fr-container">
            <div class="fr-notice__body">
              <p class="fr-notice__title">
                Vue professionnelle : les sessions dont le recrutement est fermé comptent dans les résultats ;
                les fiches montrent aussi les bilans, les réunions d’information et les contacts des sessions.
              </p>
            </div>
          </div>
        </div>
      )}
      <form action="/" method="get" id="recherche" class="fr-mb-4w">
        {etat.erreurs && (
          <div class="fr-alert fr-alert--error fr-mb-3w" role="alert" id="erreurs-recherche">
            <h2 class="fr-alert__title">La recherche n’a pas été faite</h2>
            <ul>
              {erreurs.q && (
                <li>
                  <a href="#q">Rechercher une formation : {erreurs.q}</a>
                </li>
              )}
              {erreurs.ou && (
                <li>
                  <a href="#ou">Où ? : {erreurs.ou}</a>
                </li>
              )}
            </ul>
          </div>
        )}
        <LieuxInconnus etat={etat} />
        <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div class="fr-col-12 fr-col-md-5">
            <div class={erreurs.q ? 'fr-input-group fr-input-group--error' : 'fr-input-group'}>
              <label class="fr-label" for="q">
                Rechercher une formation
                <span class="fr-hint-text">Métier, diplôme, organisme, code RNCP ou diplôme</span>
              </label>
              <input
                class={erreurs.q ? 'fr-input fr-input--error' : 'fr-input'}
                type="search"
                id="q"
                name="q"
                value={etat.q ?? ''}
                aria-describedby={erreurs.q ? 'q-erreur' : undefined}
              />
              <ErreurChamp id="q" message={erreurs.q} />
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-3">
            <div class={erreurs.ou ? 'fr-input-group fr-input-group--error' : 'fr-input-group'}>
              <label class="fr-label" for="ou">
                Où ?<span class="fr-hint-text">Commune, code postal ou département</span>
              </label>
              <input
                class={erreurs.ou ? 'fr-input fr-input--error' : 'fr-input'}
                type="text"
                id="ou"
                name="ou"
                value={etat.ou ?? ''}
                aria-describedby={
                  [erreurs.ou ? 'ou-erreur' : '', presDeMoiSansLieu(r) ? 'pres-de-moi-dans-q' : '']
                    .filter(Boolean)
                    .join(' ') || undefined
                }
                autocomplete="off"
                list="ou-communes"
                data-communes=""
              />
              <ErreurChamp id="ou" message={erreurs.ou} />
              <datalist id="ou-communes" />
              <script src="/scripts/ou.js" defer />
            </div>
          </div>
          <div class="fr-col-6 fr-col-md-2">
            {/* Its own bottom margin: on a small screen it is the tallest of its row, whose next line
                (« Commune retenue ») otherwise sat flush under it (fresh user, 06/12, 390 px). */}
            <div class={`fr-select-group fr-mb-3w${rayonRefuse ? ' fr-select-group--error' : ''}`}>
              <label class="fr-label" for="rayon">
                Dans un rayon de
              </label>
              <select
                class={rayonRefuse ? 'fr-select fr-select--error' : 'fr-select'}
                id="rayon"
                name="rayon"
                aria-describedby={rayonRefuse ? 'rayon-erreur' : undefined}
              >
                {RAYONS_KM.map((k) => (
                  <option key={k} value={k} selected={k === etat.rayon}>
                    {k} km
                  </option>
                ))}
              </select>
              <ErreurChamp id="rayon" message={rayonRefuse} />
            </div>
          </div>
          <div class="fr-col-6 fr-col-md-2">
            <button class="fr-btn fr-mb-3w" type="submit">
              Rechercher
            </button>
          </div>
        </div>
        <LieuDansQ etat={etat} r={r} />
        <ModaliteDansQ etat={etat} r={r} />
        <PresDeMoiDansQ r={r} />
        <Lieu etat={etat} r={r} />
        <MotsCommunes etat={etat} r={r} />
        <AvertissementRayon etat={etat} />
        <AvertissementTri etat={etat} />
        <div class="fr-grid-row fr-grid-row--gutters fr-mt-2w" hidden={!!etat.erreurs}>
          <div class="fr-col-12 fr-col-md-4">
            <Filtres etat={etat} r={r} />
          </div>
          <div class="fr-col-12 fr-col-md-8">
            <Resultat etat={etat} r={r} pro={pro} aujourdhui={aujourdhui} />
          </div>
        </div>
      </form>
    </Layout>
  );
}

/**
 * A département's number or a postal code typed among the words (services/recherche.service.ts
 * lieuDansQ), searched as the place: said, with the search of the words everywhere one link away.
 */
function LieuDansQ({ etat, r }: Omit<HomeProps, 'aujourdhui'>) {
  const l = r.lieuDansQ;
  if (!l || !(r.departement || r.lieu)) return null;
  const lieu = r.departement
    ? `le département ${libelleDepartement(r.departement.code_departement)}`
    : apostrophes(r.lieu!.nom);
  return (
    <p class="fr-text--sm" id="lieu-dans-q">
      « {l.terme} » est lu comme le lieu de la recherche : {lieu}.{' '}
      <a href={adresse({ ...etat, ou: undefined, page: 1 })}>
        {l.q ? `Chercher « ${l.q} » dans toute la France` : 'Chercher dans toute la France'}
      </a>
    </p>
  );
}

/**
 * The apprenticeship typed among the words (services/recherche.service.ts modaliteDansQ), searched as
 * the « Type d’offre » filter: said, with the search of the words in every offer one link away.
 */
function ModaliteDansQ({ etat, r }: Omit<HomeProps, 'aujourdhui'>) {
  const m = r.modaliteDansQ;
  if (!m) return null;
  return (
    <p class="fr-text--sm" id="modalite-dans-q">
      « {m.terme} » est lu comme le type d’offre : {TYPE_OFFRE[m.modalite]}.{' '}
      <a href={adresse({ ...etat, facettes: { ...etat.facettes, modalite: undefined }, page: 1 })}>
        {etat.q ? `Chercher « ${etat.q} » dans toutes les offres` : 'Chercher dans toutes les offres'}
      </a>
    </p>
  );
}

/** « près de moi » typed among the words and no place given: the search was made everywhere. */
const presDeMoiSansLieu = (r: HomeProps['r']) =>
  !!r.presDeMoiDansQ && !r.lieu && !r.departement && !r.region && !r.lieuInconnu;

/**
 * « près de moi » typed among the words (services/recherche.service.ts presDeMoiDansQ) without a
 * place: the site does not know where the user is (it locates no one, with or without JavaScript);
 * said, with a link to « Où ? » (which this text also describes).
 */
function PresDeMoiDansQ({ r }: Pick<HomeProps, 'r'>) {
  if (!presDeMoiSansLieu(r)) return null;
  return (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" id="pres-de-moi-dans-q">
      <p>
        « {r.presDeMoiDansQ!.terme} » : ce site ne connaît pas votre position, la recherche porte sur toute la
        France. <a href="#ou">Indiquez votre commune, votre code postal ou votre département dans « Où ? »</a>
        .
      </p>
    </div>
  );
}

function Lieu({ etat, r }: Omit<HomeProps, 'aujourdhui'>) {
  if (r.lieuDiscordant && r.lieuxProches.length) {
    const [, nom, cp] = /^(.*?)\s*\((\d{5})\)$/.exec((etat.ou ?? '').trim()) ?? [];
    return (
      <div class="fr-alert fr-alert--warning fr-alert--sm" role="alert" id="lieu-inconnu">
        <p>
          « {nom} » et le code postal {cp} ne désignent pas la même commune : aucune recherche n’a été faite.
          Vouliez-vous dire{' '}
          {r.lieuxProches.map((l, i) => (
            <>
              {i > 0 && ' ou '}
              <a href={adresse({ ...etat, ou: libelleCommune(l), page: 1 })}>
                {apostrophes(libelleCommune(l))}
              </a>
            </>
          ))}{' '}
          ?
        </p>
      </div>
    );
  }
  if (r.lieuInconnu && r.lieuxProches.length)
    return (
      <div class="fr-alert fr-alert--warning fr-alert--sm" role="alert" id="lieu-inconnu">
        <p>
          Aucune commune ne correspond à « {etat.ou} ». Vouliez-vous dire{' '}
          {r.lieuxProches.map((l, i) => (
            <>
              {i > 0 && ' ou '}
              <a href={adresse({ ...etat, ou: l.nom, page: 1 })}>{apostrophes(l.nom)}</a>
            </>
          ))}{' '}
          ?
        </p>
      </div>
    );
  if (r.region)
    return (
      <p class="fr-text--sm" id="region-retenue">
        Région retenue : {r.region.nom} : la recherche porte sur toute la région, le rayon ne s’y applique
        pas. Pour chercher autour d’une commune, saisissez son nom ou son code postal.
      </p>
    );
  if (r.departement) {
    const d = r.departement;
    const communes = r.aussiCommunes ?? [];
    // A name (« Rhône ») rather than the number: why no commune was searched — none bears it, or
    // only villages (« La Réunion », 47), each one link away.
    const raison =
      d.pourquoi !== 'nom'
        ? ''
        : communes.length
          ? ' (le nom d’un département passe avant celui d’une commune de moins de 10 000 habitants)'
          : ` (aucune commune ne s’appelle « ${(etat.ou ?? '').trim()} »)`;
    return (
      <>
        <p class="fr-text--sm" id="departement-retenu">
          Département retenu : {libelleDepartement(d.code_departement)}
          {raison} : la recherche porte sur tout le département, le rayon ne s’y applique pas. Pour chercher
          autour d’une commune, saisissez son nom ou son code postal.
        </p>
        {communes.length > 0 && (
          <p class="fr-text--sm" id="communes-du-nom">
            Vous cherchiez la commune ?{' '}
            {communes.map((l, i) => (
              <>
                {i > 0 && ', '}
                <a href={adresse({ ...etat, ou: libelleCommune(l), page: 1 })}>{nomLieu(l)}</a>
              </>
            ))}
          </p>
        )}
      </>
    );
  }
  if (r.lieuInconnu)
    return (
      <div class="fr-alert fr-alert--warning fr-alert--sm" role="alert" id="lieu-inconnu">
        <p>{MESSAGE_COMMUNE_INTROUVABLE(etat.ou ?? '')}</p>
      </div>
    );
  if (!r.lieu) return null;
  const lieu = r.lieu;
  // The city of an arrondissement searched alone, offered beside it (« Paris (toute la ville) »).
  const ville = r.autresLieux.find((l) => codesCommune(l.code_insee).length > 1);
  const departement = (
    <a
      href={adresse({
        ...etat,
        ou: undefined,
        page: 1,
        facettes: { ...etat.facettes, departement: lieu.code_departement },
      })}
    >
      tout le département {libelleDepartement(lieu.code_departement)}
    </a>
  );
  // Wider searches offered when the radius could not be counted from the commune's own centre.
  const ailleurs = (
    <>
      {ville && (
        <>
          <a href={adresse({ ...etat, ou: ville.nom, page: 1 })}>{ville.nom} (toute la ville)</a> ou{' '}
        </>
      )}
      {departement}
    </>
  );
  // An arrondissement without a position: the radius counted from its city's centre (recherche.service.ts).
  const rayonVille = r.centreVille && (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" id="rayon-ville">
      <p>
        La position {deCommune(lieu.nom)} n’est pas connue de ce site : le rayon de {etat.rayon} km est compté
        depuis le centre {deCommune(r.centreVille.nom)}. Pour chercher autrement : {ailleurs}.
      </p>
    </div>
  );
  const rayon = r.rayonIgnore && (
    <div class="fr-alert fr-alert--info fr-alert--sm fr-mb-2w" id="rayon-ignore">
      <p>
        La position {deCommune(lieu.nom)} n’est pas connue de ce site : le rayon de {etat.rayon} km n’a pas
        été appliqué, les formations affichées sont celles de la commune seule. Pour chercher plus large :{' '}
        {ailleurs}.
      </p>
    </div>
  );
  // A commune that bears a département's name (« Vienne », « Marne »): the département is one link away.
  const depNomme = r.aussiDepartement?.code_departement;
  const aussiDepartement = depNomme && (
    <p class="fr-text--sm" id="aussi-departement">
      Vous cherchiez le département ?{' '}
      <a href={adresse({ ...etat, ou: depNomme, page: 1 })}>
        Tout le département {libelleDepartement(depNomme)}
      </a>
    </p>
  );
  // A name typed with its département's number is said even without homonyms: the API's reason, worded.
  if (r.autresLieux.length === 0 && lieu.pourquoi !== 'nom_et_departement')
    return rayon || rayonVille || aussiDepartement ? (
      <>
        {rayon}
        {rayonVille}
        {aussiDepartement}
      </>
    ) : null;
  // Homonyms (not an arrondissement and its city): why this one was searched, as the service decided it.
  const pourquoi = lieu.pourquoi
    ? POURQUOI[lieu.pourquoi]((etat.ou ?? '').trim(), lieu.code_departement, r.autresLieux.length === 0)
    : '';
  return (
    <>
      {rayon}
      {rayonVille}
      <p class="fr-text--sm" id="lieu-retenu">
        Commune retenue : {nomLieu(lieu)}
        {pourquoi}.{r.autresLieux.length > 0 && ' Vous pensiez à une autre commune ? '}
        {r.autresLieux.map((l, i) => (
          <>
            {i > 0 && ', '}
            {codesCommune(l.code_insee).length > 1 ? (
              // A city with arrondissements, offered beside one of them: its name alone is the whole city.
              <a href={adresse({ ...etat, ou: l.nom, page: 1 })}>{apostrophes(l.nom)} (toute la ville)</a>
            ) : (
              <a href={adresse({ ...etat, ou: libelleCommune(l), page: 1 })}>{nomLieu(l)}</a>
            )}
          </>
        ))}
      </p>
      {aussiDepartement}
    </>
  );
}

/**
 * Words of « q » that are also a commune (« macon », Mâcon; services/recherche.service.ts
 * motsCommunes): each a link searching that commune, the word left out of « q », the area filters
 * (région, département) with it.
 */
function MotsCommunes({ etat, r }: Omit<HomeProps, 'aujourdhui'>) {
  if (!r.motsCommunes.length) return null;
  return (
    <div id="aussi-commune">
      {r.motsCommunes.map((m) => (
        <p class="fr-text--sm" key={m.mot}>
          {m.arrondissementInexistant &&
            `${apostrophes(m.commune)} n’a pas de ${m.arrondissementInexistant.numero}e arrondissement (elle en a ${m.arrondissementInexistant.arrondissements}). `}
          {apostrophes(m.commune)} est aussi une commune :{' '}
          <a
            href={adresse({
              ...etat,
              q: m.q || undefined,
              ou: m.commune,
              page: 1,
              facettes: { ...etat.facettes, region: undefined, departement: undefined },
            })}
          >
            voir les formations à {apostrophes(m.commune)}
          </a>
        </p>
      ))}
    </div>
  );
}

/**
 * Why « Où ? » retained the commune (domain/lieu-retenu.ts), worded with what was typed, the
 * commune's département and whether no other commune answered (`seule`).
 */
const POURQUOI: Readonly<
  Record<PourquoiLieu, (tape: string, departement: string, seule: boolean) => string>
> = {
  arrondissement: () => '',
  code_postal: () => ', la plus peuplée des communes de ce code postal',
  homonymes: (tape) => `, la plus peuplée des communes qui s’appellent « ${tape} »`,
  seule: (tape) => `, la seule commune qui s’appelle « ${tape} »`,
  debut_du_nom: (tape) => `, la plus peuplée des communes qui répondent à « ${tape} »`,
  nom_et_departement: (tape, departement, seule) =>
    seule
      ? `, la seule commune du département ${libelleDepartement(departement)} qui répond à « ${tape} »`
      : `, la plus peuplée des communes du département ${libelleDepartement(departement)} qui répondent à « ${tape} »`,
};

/** « Saint-Denis (93200, Seine-Saint-Denis) »: a commune told apart from its homonyms. */
// A commune with its postal code and département (« Nantes (44000, Loire-Atlantique) »); a city with
// arrondissements whole (no postal code of its own) by its name alone: « Paris (Paris) » said nothing.
const villeEntiere = (l: { code_insee: string; code_postal: string }) =>
  !l.code_postal && codesCommune(l.code_insee).length > 1;
const nomLieu = (l: { code_insee: string; nom: string; code_postal: string; code_departement: string }) =>
  villeEntiere(l)
    ? apostrophes(l.nom)
    : `${apostrophes(l.nom)} (${[l.code_postal, NOMS_DEPARTEMENT[l.code_departement] ?? l.code_departement].filter(Boolean).join(', ')})`;

const LIBELLE_FILTRE: Record<ChampFiltre, string> = {
  niveau: 'Niveau',
  type: 'Type de diplôme',
  rentree: 'Rentrée',
  modalite: 'Type d’offre',
  region: 'Région',
  departement: 'Département',
  rayon: 'Rayon',
  ouvert: 'Recrutement ouvert',
  parcoursup: 'Sur Parcoursup',
  affelnet: 'Sur Affelnet',
  tri: 'Trier par',
};

/** The DSFR warning at the top of the form: each refused filter, a link to its field. */
function LieuxInconnus({ etat }: { etat: EtatRecherche }) {
  const refuses = Object.entries(etat.inconnus ?? {}) as [ChampFiltre, FiltreRefuse][];
  if (!refuses.length) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert" id="lieux-inconnus">
      <h2 class="fr-alert__title">Aucune formation affichée : filtre à corriger</h2>
      <ul>
        {refuses.map(([champ, r]) => (
          <li key={champ}>
            <a href={`#${champ}`}>
              {LIBELLE_FILTRE[champ]} : {r.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Choix({
  id,
  label,
  compte,
  valeur,
  libelle,
  tous,
  erreur,
}: {
  id: string;
  label: string;
  compte: Compte;
  valeur: string | undefined;
  libelle: (v: string) => string;
  tous: string;
  /** Why the value chosen is refused (the DSFR error state of the field). */
  erreur?: string;
}) {
  // The chosen value stays offered even when nothing matches it any more; a refused value is not
  // (the field's error names it): offering it would make it look like a real choice.
  const choisie = erreur ? undefined : valeur;
  const valeurs =
    choisie && !compte.some((c) => c.valeur === choisie)
      ? [...compte, { valeur: choisie, nombre: 0 }]
      : compte;
  return (
    <div class={erreur ? 'fr-select-group fr-select-group--error' : 'fr-select-group'}>
      <label class="fr-label" for={id}>
        {label}
      </label>
      <select
        class={erreur ? 'fr-select fr-select--error' : 'fr-select'}
        id={id}
        name={id}
        aria-describedby={erreur ? `${id}-erreur` : undefined}
      >
        <option value="">{tous}</option>
        {valeurs.map((c) => (
          <option key={c.valeur} value={c.valeur} selected={c.valeur === choisie}>
            {`${libelle(c.valeur)} (${nombre(c.nombre)})`}
          </option>
        ))}
      </select>
      <ErreurChamp id={id} message={erreur} />
    </div>
  );
}

function Case({
  id,
  label,
  compte,
  coche,
  erreur,
}: {
  id: string;
  label: string;
  compte: Compte;
  coche: boolean;
  /** Why the value asked is refused (the DSFR error state of the checkbox). */
  erreur?: string;
}) {
  const n = compte.find((c) => c.valeur === 'true')?.nombre ?? 0;
  return (
    <div class="fr-fieldset__element">
      <div class={erreur ? 'fr-checkbox-group fr-checkbox-group--error' : 'fr-checkbox-group'}>
        <input
          type="checkbox"
          id={id}
          name={id}
          value="1"
          checked={coche}
          aria-describedby={erreur ? `${id}-erreur` : undefined}
        />
        <label class="fr-label" for={id}>
          {`${label} (${nombre(n)})`}
        </label>
        <ErreurChamp id={id} message={erreur} />
      </div>
    </div>
  );
}

function Filtres({ etat, r }: Omit<HomeProps, 'aujourdhui'>) {
  const f = r.facettes;
  const e = etat.facettes;
  const inconnus = etat.inconnus ?? {};
  return (
    <fieldset class="fr-fieldset" aria-labelledby="filtres-titre">
      <legend class="fr-fieldset__legend" id="filtres-titre">
        Affiner la recherche
      </legend>
      <div class="fr-fieldset__element">
        <Choix
          id="niveau"
          label="Niveau"
          compte={f.niveau}
          valeur={e.niveau ?? inconnus.niveau?.saisi}
          libelle={(v) => NIVEAU[v] ?? `Niveau ${v}`}
          tous="Tous les niveaux"
          erreur={inconnus.niveau?.message}
        />
        <Choix
          id="type"
          label="Type de diplôme"
          compte={f.type_diplome}
          valeur={e.type_diplome ?? inconnus.type?.saisi}
          libelle={libelleTypeDiplome}
          tous="Tous les diplômes"
          erreur={inconnus.type?.message}
        />
        <Choix
          id="rentree"
          label="Rentrée"
          compte={f.rentree}
          valeur={e.rentree ? String(e.rentree) : inconnus.rentree?.saisi}
          libelle={(v) => `Rentrée ${v}`}
          tous="Toutes les rentrées"
          erreur={inconnus.rentree?.message}
        />
        <Choix
          id="modalite"
          label="Type d’offre"
          compte={f.modalite}
          valeur={e.modalite ?? inconnus.modalite?.saisi}
          libelle={(v) => TYPE_OFFRE[v as keyof typeof TYPE_OFFRE] ?? v}
          tous="Toutes les offres"
          erreur={inconnus.modalite?.message}
        />
        <Choix
          id="region"
          label="Région"
          compte={f.region}
          valeur={e.region ?? inconnus.region?.saisi}
          libelle={nomRegion}
          tous="Toutes les régions"
          erreur={inconnus.region?.message}
        />
        <Choix
          id="departement"
          label="Département"
          compte={f.departement}
          valeur={e.departement ?? inconnus.departement?.saisi}
          libelle={libelleDepartement}
          tous="Tous les départements"
          erreur={inconnus.departement?.message}
        />
      </div>
      <Case
        id="ouvert"
        label="Recrutement ouvert"
        compte={f.ouvert}
        coche={!!e.ouvert}
        erreur={inconnus.ouvert?.message}
      />
      <Case
        id="parcoursup"
        label="Sur Parcoursup"
        compte={f.parcoursup}
        coche={!!e.parcoursup}
        erreur={inconnus.parcoursup?.message}
      />
      <Case
        id="affelnet"
        label="Sur Affelnet"
        compte={f.affelnet}
        coche={!!e.affelnet}
        erreur={inconnus.affelnet?.message}
      />
      <div class="fr-fieldset__element">
        <button class="fr-btn fr-btn--secondary" type="submit">
          Appliquer les filtres
        </button>
      </div>
    </fieldset>
  );
}

function Resultat({ etat, r, pro, aujourdhui }: HomeProps) {
  const triRefuse = etat.inconnus?.tri?.message;
  return (
    <>
      <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-2w">
        <div class="fr-col">
          <h2 class="fr-h4 fr-mb-0" id="resultats">
            {etat.erreurs || etat.inconnus
              ? 'La recherche n’a pas été faite.'
              : r.total === 0
                ? 'Aucune formation ne correspond à votre recherche.'
                : pluriel(r.total, 'formation trouvée', 'formations trouvées')}
          </h2>
        </div>
        <div class="fr-col-auto">
          <div
            class={triRefuse ? 'fr-select-group fr-select-group--error fr-mb-0' : 'fr-select-group fr-mb-0'}
          >
            <label class="fr-label" for="tri">
              Trier par
            </label>
            <select
              class={triRefuse ? 'fr-select fr-select--error' : 'fr-select'}
              id="tri"
              name="tri"
              aria-describedby={triRefuse ? 'tri-erreur' : undefined}
            >
              {Object.entries(TRI).map(([v, l]) => (
                <option key={v} value={v} selected={!triRefuse && v === etat.tri}>
                  {l}
                </option>
              ))}
            </select>
            <ErreurChamp id="tri" message={triRefuse} />
          </div>
        </div>
      </div>
      {r.suggestion && (
        <p class="fr-text--lg" id="suggestion">
          {r.corrigee ? (
            <>
              Aucune formation pour « {etat.q} ». Résultats pour « <strong>{r.suggestion}</strong> ».
            </>
          ) : (
            <>
              Vouliez-vous dire{' '}
              <a href={adresse({ ...etat, q: r.suggestion, page: 1 })}>« {r.suggestion} »</a> ?
            </>
          )}
        </p>
      )}
      {r.racinesElargies.length > 0 && (
        <p class="fr-text--lg" id="racines-elargies">
          Aucune formation pour « {etat.q} ». Résultats pour les mots qui commencent par{' '}
          {r.racinesElargies.map((e, i) => (
            <span key={e.mot}>
              {i > 0 && (i === r.racinesElargies.length - 1 ? ' et ' : ', ')}« <strong>{e.racine}…</strong> »
            </span>
          ))}{' '}
          (même famille que {r.racinesElargies.map((e) => `« ${e.mot} »`).join(', ')}).
        </p>
      )}
      <PlusLoinAvis etat={etat} r={r} />
      {r.moinsDeMots.length > 0 && (
        <div class="fr-mb-2w" id="moins-de-mots">
          <p class="fr-mb-1w">
            {r.plusLoin
              ? 'Ou, dans la zone cherchée, rechercher avec moins de mots :'
              : 'Aucune formation ne contient tous les mots de votre recherche. Rechercher avec moins de mots :'}
          </p>
          <ul>
            {r.moinsDeMots.map((m) => (
              <li key={m.sans}>
                <a href={adresse({ ...etat, q: m.q, page: 1 })}>« {m.q} »</a> (sans « {m.sans} ») :{' '}
                {pluriel(m.total, 'formation', 'formations')}
              </li>
            ))}
          </ul>
        </div>
      )}
      <AvertissementTermes etat={etat} r={r} />
      <AvertissementPage etat={etat} r={r} />
      {r.formations.length > 0 && (
        <ul class="fr-grid-row fr-grid-row--gutters fr-raw-list" aria-labelledby="resultats">
          {r.formations.map((f) => (
            <li class="fr-col-12" key={f.id}>
              <Carte
                f={f}
                distance={r.distances.get(f.id)}
                prochain={r.prochainDebut.get(f.id)}
                pro={pro}
                aujourdhui={aujourdhui}
              />
            </li>
          ))}
        </ul>
      )}
      <Pagination etat={etat} r={r} />
    </>
  );
}

/**
 * The place excludes every formation the words find (recherche.service.ts plusLoin): said of the
 * place, not of the words, with the radius that reaches the nearest one, or the search everywhere.
 */
function PlusLoinAvis({ etat, r }: { etat: EtatRecherche; r: Resultats }) {
  const p = r.plusLoin;
  if (!p || !r.lieu) return null;
  const ici =
    r.rayonKm !== null
      ? `à moins de ${p.rayonKm === null ? Math.max(r.rayonKm, RAYON_MAX_KM) : r.rayonKm} km ${deCommune(r.lieu.nom)}`
      : `à ${apostrophes(r.lieu.nom)}`;
  const combien = ` (${pluriel(p.total, 'formation', 'formations')})`;
  return (
    <p class="fr-mb-2w" id="plus-loin">
      Aucune formation {ici}.{' '}
      {p.rayonKm !== null ? (
        <>
          La plus proche est à {km(p.distanceKm ?? 0)} :{' '}
          <a href={adresse({ ...etat, rayon: p.rayonKm, page: 1 })}>
            voir les formations dans un rayon de {p.rayonKm} km
          </a>
          {combien}.
        </>
      ) : (
        <>
          <a href={adresse({ ...etat, ou: '', page: 1 })}>voir les formations partout en France</a>
          {combien}.
        </>
      )}
    </p>
  );
}

function Pagination({ etat, r }: Omit<HomeProps, 'aujourdhui'>) {
  if (r.pages <= 1) return null;
  const lien = (page: number) => adresse({ ...etat, page });
  const debut = Math.max(1, r.page - 2);
  const fin = Math.min(r.pages, r.page + 2);
  const numeros = Array.from({ length: fin - debut + 1 }, (_, i) => debut + i);
  const bout = (cls: string, texte: string, page: number, actif: boolean) => (
    <li>
      {actif ? (
        <a class={`fr-pagination__link ${cls}`} href={lien(page)}>
          {texte}
        </a>
      ) : (
        // biome-ignore lint/a11y/useValidAnchor: the DSFR pagination's disabled link (no href, aria-disabled).
        <a class={`fr-pagination__link ${cls}`} aria-disabled="true" role="link">
          {texte}
        </a>
      )}
    </li>
  );
  return (
    <nav class="fr-pagination fr-mt-4w" aria-label="Pagination">
      <ul class="fr-pagination__list">
        {bout('fr-pagination__link--first', 'Première page', 1, r.page > 1)}
        {bout(
          'fr-pagination__link--prev fr-pagination__link--lg-label',
          'Page précédente',
          r.page - 1,
          r.page > 1,
        )}
        {numeros.map((n) => (
          <li key={n}>
            <a
              class="fr-pagination__link"
              href={lien(n)}
              title={`Page ${n}`}
              aria-current={n === r.page ? 'page' : undefined}
            >
              {n}
            </a>
          </li>
        ))}
        {bout(
          'fr-pagination__link--next fr-pagination__link--lg-label',
          'Page suivante',
          r.page + 1,
          r.page < r.pages,
        )}
        {bout('fr-pagination__link--last', 'Dernière page', r.pages, r.page < r.pages)}
      </ul>
    </nav>
  );
}

function Carte({
  f,
  distance,
  prochain,
  pro,
  aujourdhui,
}: {
  f: Formation;
  distance?: number;
  prochain?: string;
  pro?: boolean;
  aujourdhui: string;
}) {
  const sessions = pro ? f.sessions : sessionsPubliques(f);
  const communes = [...new Set(sessions.map((s) => s.lieu.commune).filter(Boolean))];
  // An ended session is never advertised as open (domain/diffusion.ts recrutementDeCarte).
  const r = recrutementDeCarte(sessions, aujourdhui);
  const etat =
    r.etat === 'terminee'
      ? r.plusieurs
        ? 'Sessions terminées'
        : SESSION_TERMINEE
      : ETAT_RECRUTEMENT[r.etat];
  return (
    <div class="fr-card fr-card--horizontal fr-enlarge-link">
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">
            <a href={`/formations/${encodeURIComponent(f.id)}`}>{f.intitule ?? 'Formation sans intitulé'}</a>
          </h3>
          <p class="fr-card__desc">
            {f.responsable?.raison_sociale ?? 'Organisme non renseigné'}
            {communes.length > 0 && ` — ${apostrophes(communes.join(', '))}`}
            {/* A session in the commune searched without coordinates counts at 0 (recherche.repository.ts). */}
            {distance !== undefined && (distance === 0 ? ' — dans la commune' : ` — à ${km(distance)}`)}
          </p>
          <div class="fr-card__start">
            <ul class="fr-tags-group">
              {f.certification.niveau && (
                <li>
                  <p class="fr-tag">{NIVEAU[f.certification.niveau] ?? `Niveau ${f.certification.niveau}`}</p>
                </li>
              )}
              {f.conformite.certifiee && (
                <li>
                  <p class="fr-tag">Certifiée Qualiopi</p>
                </li>
              )}
            </ul>
          </div>
          <div class="fr-card__end">
            <p class="fr-card__detail">
              {prochain ? `Prochaine session le ${jourIsoLong(prochain)}` : 'Prochaine date à venir'}
              {' · '}
              {etat}
            </p>
          </div>
        </div>
      </div>
    </div>
  );
}
