import { jourIsoLong } from '../../../domain/dates.ts';
import type { Statut } from '../../../domain/formation.schema.ts';
import { siretLisible } from '../../../domain/identifiants.ts';
import { referenceOrganisme } from '../../../domain/reference-organisme.ts';
import type { EcheancesEspace } from '../../../services/campagne.service.ts';
import {
  type CompteursEspace,
  compteOnglet,
  type FiltresEspace,
  type LigneEspace,
} from '../../../services/espace.service.ts';
import { Annonce } from '../comptes/connexion.page.tsx';
import { type FiltreARefuser, FiltresACorriger } from '../filtres-refuses.tsx';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import { EcheancesCampagne } from './echeances.tsx';
import { badgeDe, CATALOGUE } from './libelles.ts';

/** The tabs of /espace: `?statut=` filters; "À corriger" shows the gestionnaire's comment. */
export const ONGLETS: readonly { statut?: Statut; alertes?: true; libelle: string }[] = [
  { libelle: 'Mes formations' },
  { alertes: true, libelle: 'Alertes' },
  { statut: 'brouillon', libelle: 'Brouillons' },
  { statut: 'en_attente_validation', libelle: 'En attente de validation' },
  { statut: 'a_corriger', libelle: 'À corriger' },
  { statut: 'publiee', libelle: 'Publiées' },
  { statut: 'archivee', libelle: 'Archivées' },
  { statut: 'supprimee', libelle: 'Supprimées' },
];

function lien(f: FiltresEspace, over: Partial<FiltresEspace & { page: string }> = {}) {
  const p = new URLSearchParams();
  const v = { ...f, ...over };
  if (v.alertes) p.set('onglet', 'alertes');
  if (v.statut) p.set('statut', v.statut);
  if (v.catalogue) p.set('catalogue', v.catalogue);
  if (v.q) p.set('q', v.q);
  if (over.page) p.set('page', over.page);
  const s = p.toString();
  return s ? `/espace?${s}` : '/espace';
}

function Dates({ l }: { l: LigneEspace }) {
  const s = l.formation.sessions;
  if (!s.length) return <>aucune session</>;
  const debuts = s
    .map((x) => x.debut)
    .filter((d): d is string => !!d)
    .sort();
  const fins = s
    .map((x) => x.fin)
    .filter((d): d is string => !!d)
    .sort();
  return (
    <>
      {debuts[0] ? jourIsoLong(debuts[0]) : '?'} – {fins.length ? jourIsoLong(fins[fins.length - 1]) : '?'}
    </>
  );
}

/** /espace: the structure's offers by tab, with counts, a verdict filter, a search box and pages. */
export function EspacePage(p: {
  structure: string;
  siren: string;
  compteurs: CompteursEspace;
  filtres: FiltresEspace;
  lignes: readonly LigneEspace[];
  suivante: string | null;
  pagine: boolean;
  /** The address asked a page the list never handed out: the first page is shown. */
  pageInexistante?: boolean;
  annonce?: string;
  /** The current campaign's deadlines ahead. */
  campagne?: EcheancesEspace;
  /** Filters of the address refused (not applied), said at the top. */
  refuses?: readonly FiltreARefuser[];
}) {
  const f = p.filtres;
  const onglet = ONGLETS.find((o) => o.statut === f.statut && !!o.alertes === !!f.alertes) ?? ONGLETS[0]!;
  const n = (o: (typeof ONGLETS)[number]) => compteOnglet(p.compteurs, o);
  const aCorriger = f.statut === 'a_corriger';
  return (
    <Layout titre={`Mon espace – ${onglet.libelle}`}>
      <h1>Mon espace</h1>
      <p class="fr-text--lead">
        Structure {p.structure} – SIREN {p.siren}
      </p>
      <Annonce texte={p.annonce} />
      <FiltresACorriger refuses={p.refuses} ancre={(champ) => (champ === 'catalogue' ? 'catalogue' : 'q')} />
      {p.campagne && <EcheancesCampagne c={p.campagne} />}
      <ul class="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        <li>
          <a class="fr-btn fr-icon-add-line" href="/espace/formations/nouvelle">
            Créer une formation
          </a>
        </li>
        <li>
          <a class="fr-btn fr-btn--tertiary" href="/compte">
            Mon compte et mes collègues
          </a>
        </li>
      </ul>
      <nav class="fr-mt-2w" aria-label="Onglets de mes formations">
        <ul class="fr-tags-group">
          {ONGLETS.map((o) => (
            <li key={o.libelle}>
              <a
                class="fr-tag"
                href={lien({ q: f.q, catalogue: f.catalogue }, { statut: o.statut, alertes: o.alertes })}
                aria-current={o === onglet ? 'page' : undefined}
              >
                {o.libelle} ({n(o)})
              </a>
            </li>
          ))}
          <li>
            <a class="fr-tag" href="/espace/imports">
              Imports
            </a>
          </li>
        </ul>
      </nav>
      <form method="get" action="/espace" class="fr-mt-2w">
        {f.statut && <input type="hidden" name="statut" value={f.statut} />}
        {f.alertes && <input type="hidden" name="onglet" value="alertes" />}
        <div class="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div class="fr-col-12 fr-col-md-5">
            <div class="fr-input-group">
              <label class="fr-label" for="q">
                Rechercher dans les intitulés
              </label>
              <input class="fr-input" id="q" name="q" type="search" value={f.q ?? ''} />
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-4">
            <div class="fr-select-group">
              <label class="fr-label" for="catalogue">
                Verdict de conformité
              </label>
              <select class="fr-select" id="catalogue" name="catalogue">
                <option value="" selected={!f.catalogue}>
                  Tous les verdicts
                </option>
                {(['general', 'non_reglementaire'] as const).map((c) => (
                  <option key={c} value={c} selected={f.catalogue === c}>
                    {CATALOGUE[c]} ({p.compteurs.catalogue[c]})
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div class="fr-col-12 fr-col-md-3">
            <button class="fr-btn fr-mb-3w" type="submit">
              Filtrer
            </button>
          </div>
        </div>
      </form>
      {p.pageInexistante && (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mt-2w" id="page-inexistante">
          <p>
            Cette page n’existe pas : le lien de page est incomplet ou trop ancien. Voici la première page,{' '}
            <a href={lien(f)}>à son adresse</a>.
          </p>
        </div>
      )}
      <h2 class="fr-mt-2w">
        {onglet.libelle}
        {f.catalogue ? ` – ${CATALOGUE[f.catalogue]}` : ''}
        {f.q ? ` – « ${f.q} »` : ''}
      </h2>
      {p.lignes.length === 0 ? (
        <p>
          Aucune formation ici.{' '}
          {!f.statut && !f.q && !f.catalogue && (
            <a href="/espace/formations/nouvelle">Créez votre première formation</a>
          )}
        </p>
      ) : (
        <TableDefilante nom="Liste des formations" classes="fr-table--no-caption">
          <caption>{onglet.libelle}</caption>
          <thead>
            <tr>
              <th scope="col">Référence</th>
              <th scope="col">Intitulé</th>
              <th scope="col">Certification</th>
              <th scope="col">Responsable</th>
              <th scope="col">Dates</th>
              <th scope="col">Sessions</th>
              <th scope="col">Conformité</th>
              <th scope="col">Statut</th>
              {aCorriger && <th scope="col">Commentaire du gestionnaire</th>}
            </tr>
          </thead>
          <tbody>
            {p.lignes.map((l) => {
              const x = l.formation;
              const c = x.certification;
              const badge = badgeDe({ statut: x.statut, catalogue: x.conformite.catalogue });
              return (
                <tr key={x.id}>
                  <td>{referenceOrganisme(x.cle_externe) ?? '—'}</td>
                  <td>
                    <a href={`/espace/formations/${encodeURIComponent(x.id)}`}>
                      {x.intitule ?? '(sans intitulé)'}
                    </a>
                  </td>
                  <td>{c.rncp ?? c.cfd ?? '—'}</td>
                  <td>
                    {x.responsable?.raison_sociale ??
                      (x.responsable?.siret ? siretLisible(x.responsable.siret) : '—')}
                  </td>
                  <td>
                    <Dates l={l} />
                  </td>
                  <td>{x.sessions.length}</td>
                  <td>
                    {CATALOGUE[x.conformite.catalogue ?? 'inconnu']}
                    {x.conformite.echecs.length > 0 &&
                      ` – ${x.conformite.echecs.length} règle${x.conformite.echecs.length > 1 ? 's' : ''} en échec`}
                  </td>
                  <td>
                    <p class={`fr-badge fr-badge--sm ${badge.classe}`}>{badge.libelle}</p>
                    {x.revision_en_attente && (
                      <p class="fr-text--xs fr-mb-0">
                        {l.revisionACorriger ? 'révision à corriger' : 'révision en attente'}
                      </p>
                    )}
                  </td>
                  {aCorriger && <td>{l.commentaire ?? '—'}</td>}
                </tr>
              );
            })}
          </tbody>
        </TableDefilante>
      )}
      {(p.suivante || p.pagine) && (
        <nav class="fr-pagination" aria-label="Pagination">
          <ul class="fr-pagination__list">
            {p.pagine && (
              <li>
                <a class="fr-pagination__link fr-pagination__link--first" href={lien(f)}>
                  Première page
                </a>
              </li>
            )}
            {p.suivante && (
              <li>
                <a class="fr-pagination__link fr-pagination__link--next" href={lien(f, { page: p.suivante })}>
                  Page suivante
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </Layout>
  );
}
