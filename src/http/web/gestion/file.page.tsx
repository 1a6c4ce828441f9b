import { libelleDepartement } from '../../../domain/departements.ts';
import { ageJours, type FiltresFile, typeOffre, verdictDe } from '../../../domain/file-validation.ts';
import { nomRegion } from '../../../domain/geo.ts';
import type { FileValidation } from '../../../services/gestion/validation.service.ts';
import { Annonce } from '../comptes/connexion.page.tsx';
import { type FiltreARefuser, FiltresACorriger } from '../filtres-refuses.tsx';
import { Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { accord, pluriel } from '../libelles.ts';
import { TableDefilante } from '../table-defilante.tsx';
import { age, NATURE, TYPE_OFFRE, VERDICT } from './libelles-gestion.ts';

function Filtre(p: {
  name: keyof FiltresFile;
  label: string;
  options: readonly (readonly [string, string])[];
  valeur?: string;
}) {
  return (
    <div class="fr-select-group fr-col-12 fr-col-md-4">
      <label class="fr-label" for={`filtre-${p.name}`}>
        {p.label}
      </label>
      <select class="fr-select" id={`filtre-${p.name}`} name={p.name}>
        <option value="" selected={!p.valeur}>
          Tous
        </option>
        {p.options.map(([v, l]) => (
          <option key={v} value={v} selected={v === p.valeur}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Links of the gestionnaire's workspace, at the top of each of its pages (the workbook imports: a
 * gestionnaire's only, an administrator imports through the API or the command line).
 */
export function NavGestion({ courant }: { courant: string }) {
  const liens = [
    ['/gestion', 'File de validation'],
    ['/gestion/structures', 'Structures'],
    ['/gestion/inscriptions', 'Inscriptions à examiner'],
    ['/gestion/qualite', 'Qualité des données'],
    ['/gestion/referentiels', 'Données de référence'],
    ['/gestion/campagnes', 'Campagnes'],
    ['/gestion/imports', 'Imports de classeurs'],
  ] as const;
  return (
    <nav class="fr-mb-4w" aria-label="Espace de gestion">
      <ul class="fr-tags-group">
        {liens.map(([href, libelle]) => (
          <li key={href}>
            <a class="fr-tag" href={href} aria-current={href === courant ? 'page' : undefined}>
              {libelle}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * /gestion: the validation queue of the gestionnaire's régions, oldest first, with filters (a GET
 * form, so a filtered queue is a shareable address), counts, and the unchanged re-publications
 * to validate at once.
 */
export function FilePage(p: {
  file: FileValidation;
  filtres: FiltresFile;
  regions: readonly string[] | null;
  annonce?: string;
  erreurs?: Erreurs;
  /** Filters of the address refused (not applied), said at the top. */
  refuses?: readonly FiltreARefuser[];
}) {
  const { file, filtres } = p;
  const c = file.comptes;
  const filtre = Object.values(filtres).some(Boolean);
  const inchangees = file.lignes.filter((l) => l.inchangee);
  return (
    <Layout titre="File de validation">
      <h1>File de validation</h1>
      <p class="fr-text--lead">
        {accord(p.regions?.length ?? 2, 'Région', 'Régions')} :{' '}
        {p.regions === null ? 'toutes' : p.regions.map(nomRegion).join(', ') || 'aucune'}.
      </p>
      <NavGestion courant="/gestion" />
      <Annonce texte={p.annonce} />
      <FiltresACorriger refuses={p.refuses} ancre={(champ) => `filtre-${champ}`} />
      <p id="comptes">
        {filtre
          ? `${pluriel(c.total, 'offre retenue', 'offres retenues')} sur ${file.comptesTotal.total} en attente`
          : `${pluriel(c.total, 'offre en attente', 'offres en attente')}`}{' '}
        : {pluriel(c.nouvelles, 'nouvelle publication', 'nouvelles publications')},{' '}
        {pluriel(c.revisions, 'révision', 'révisions')}
        {c.inchangees > 0
          ? `, dont ${pluriel(c.inchangees, 're-publication inchangée', 're-publications inchangées')}`
          : ''}
        .{' '}
        {Object.entries(c.parVerdict)
          .map(([v, n]) => `${VERDICT[v] ?? v} : ${n}`)
          .join(' ; ')}
      </p>
      <form method="get" action="/gestion" class="fr-mb-4w">
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Filtrer la file</legend>
          <div class="fr-grid-row fr-grid-row--gutters fr-col-12">
            <Filtre
              name="organisme"
              label="Organisme"
              options={file.facettes.organismes}
              valeur={filtres.organisme}
            />
            <Filtre
              name="departement"
              label="Département"
              options={file.facettes.departements.map((d) => [d, libelleDepartement(d)])}
              valeur={filtres.departement}
            />
            <Filtre
              name="type"
              label="Type d’offre"
              options={Object.entries(TYPE_OFFRE)}
              valeur={filtres.type}
            />
            <Filtre
              name="verdict"
              label="Verdict du catalogue (d’une révision : celui de la version diffusée)"
              options={Object.entries(VERDICT)}
              valeur={filtres.verdict}
            />
            <Filtre
              name="nature"
              label="Nouvelle ou révision"
              options={Object.entries(NATURE)}
              valeur={filtres.nature}
            />
          </div>
          <div class="fr-btns-group fr-btns-group--inline-md">
            <button class="fr-btn fr-btn--secondary" type="submit">
              Filtrer
            </button>
            {filtre && (
              <a class="fr-btn fr-btn--tertiary" href="/gestion">
                Retirer les filtres
              </a>
            )}
          </div>
        </fieldset>
      </form>
      {file.lignes.length === 0 ? (
        <p>Aucune offre n’attend de validation{filtre ? ' avec ces filtres' : ''}.</p>
      ) : (
        <Formulaire action="/gestion/valider-inchangees" erreurs={p.erreurs ?? []}>
          <TableDefilante nom="Offres en attente" id="ids">
            <caption>
              Offres en attente, les plus anciennes d’abord
              {c.total > file.lignes.length ? ` (${file.lignes.length} premières sur ${c.total})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">Formation</th>
                <th scope="col">Organisme</th>
                <th scope="col">Nature</th>
                <th scope="col">Type</th>
                <th scope="col">Départements</th>
                <th scope="col">Verdict</th>
                <th scope="col">Attente</th>
                <th scope="col">Re-publication inchangée</th>
              </tr>
            </thead>
            <tbody>
              {file.lignes.map((l) => (
                <tr key={l.id}>
                  <td>
                    <a href={`/gestion/formations/${encodeURIComponent(l.id)}`}>{l.intitule ?? l.id}</a>
                  </td>
                  <td>{l.organisme ?? `SIREN ${l.siren}`}</td>
                  <td>{NATURE[l.nature]}</td>
                  <td>{TYPE_OFFRE[typeOffre(l)]}</td>
                  <td>{l.departements.map(libelleDepartement).join(', ') || '—'}</td>
                  <td>
                    {l.nature === 'revision' ? (
                      // The queue does not run the rules on a revision: the published version's
                      // verdict, said as such (docs/gestion.md).
                      <>
                        Version diffusée : {VERDICT[verdictDe(l)]}
                        <br />
                        <span class="fr-text--xs">révision : verdict sur sa page de revue</span>
                      </>
                    ) : (
                      VERDICT[verdictDe(l)]
                    )}
                  </td>
                  <td>{age(ageJours(l.depuis, file.now))}</td>
                  <td>
                    {l.inchangee ? (
                      <div class="fr-checkbox-group fr-checkbox-group--sm">
                        <input type="checkbox" id={`ids-${l.id}`} name="ids" value={l.id} />
                        <label class="fr-label" for={`ids-${l.id}`}>
                          Valider « {l.intitule ?? l.id} »
                        </label>
                      </div>
                    ) : (
                      'non'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </TableDefilante>
          {inchangees.length > 0 && (
            <button class="fr-btn" type="submit">
              Valider les re-publications inchangées cochées
            </button>
          )}
        </Formulaire>
      )}
    </Layout>
  );
}
