import { sessionsPubliques } from '../../domain/diffusion.ts';
import type { Formation } from '../../domain/formation.schema.ts';
import { Layout, SearchBar } from './layout.tsx';
import { dateLongue, ETAT_RECRUTEMENT, NIVEAU } from './libelles.ts';

export interface HomeProps {
  readonly q?: string;
  readonly formations: readonly Formation[];
  /** Cursor of the next page, null on the last one. */
  readonly suivante: string | null;
  /** Whether this is not the first page. */
  readonly pagine: boolean;
}

const href = (q: string | undefined, cursor?: string) => {
  const p = new URLSearchParams();
  if (q) p.set('q', q);
  if (cursor) p.set('cursor', cursor);
  const s = p.toString();
  return s ? `/?${s}` : '/';
};

export function HomePage({ q, formations, suivante, pagine }: HomeProps) {
  const titre = q ? `Formations pour « ${q} »` : 'Trouver une formation en apprentissage';
  return (
    <Layout titre={titre} q={q} sansRechercheEnTete>
      <h1>{titre}</h1>
      <div id="recherche" class="fr-mb-6w">
        <SearchBar id="q" q={q} large />
      </div>
      <h2 class="fr-h4" id="resultats">
        {formations.length === 0
          ? 'Aucune formation ne correspond à votre recherche.'
          : pagine
            ? 'Suite des formations diffusées'
            : 'Formations diffusées'}
      </h2>
      {formations.length > 0 && (
        <ul class="fr-grid-row fr-grid-row--gutters fr-raw-list" aria-labelledby="resultats">
          {formations.map((f) => (
            <li class="fr-col-12 fr-col-md-6" key={f.id}>
              <Carte f={f} />
            </li>
          ))}
        </ul>
      )}
      <nav class="fr-pagination fr-mt-4w" aria-label="Pagination">
        <ul class="fr-pagination__list">
          {pagine && (
            <li>
              <a class="fr-pagination__link fr-pagination__link--first" href={href(q)}>
                Première page
              </a>
            </li>
          )}
          {suivante && (
            <li>
              <a
                class="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label"
                href={href(q, suivante)}
              >
                Page suivante
              </a>
            </li>
          )}
        </ul>
      </nav>
    </Layout>
  );
}

function Carte({ f }: { f: Formation }) {
  const sessions = sessionsPubliques(f);
  const communes = [...new Set(sessions.map((s) => s.lieu.commune).filter(Boolean))];
  const prochaine = sessions
    .map((s) => s.debut)
    .filter((d): d is string => !!d)
    .sort()[0];
  const ouvert = sessions.some((s) => s.etat_recrutement === 'ouvert');
  return (
    <div class="fr-card fr-enlarge-link">
      <div class="fr-card__body">
        <div class="fr-card__content">
          <h3 class="fr-card__title">
            <a href={`/formations/${encodeURIComponent(f.id)}`}>{f.intitule ?? 'Formation sans intitulé'}</a>
          </h3>
          <p class="fr-card__desc">
            {f.responsable?.raison_sociale ?? 'Organisme non renseigné'}
            {communes.length > 0 && ` — ${communes.join(', ')}`}
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
              {prochaine ? `Sessions à partir du ${dateLongue(prochaine)}` : 'Dates à venir'}
              {' · '}
              {ETAT_RECRUTEMENT[ouvert ? 'ouvert' : 'suspendu']}
            </p>
          </div>
        </div>
      </div>
    </div>
  );
}
