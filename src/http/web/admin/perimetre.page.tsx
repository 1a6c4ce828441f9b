import { dateHeureLongue } from '../../../domain/dates.ts';
import {
  libelleStatutPlateforme,
  NOMS_PLATEFORMES,
  PLATEFORMES,
  STATUTS_DE_SCOPE,
} from '../../../domain/plateforme.ts';
import { accord, pluriel } from '../../../domain/pluriel.ts';
import { NOMS_ACADEMIES } from '../../../domain/regles/academies.ts';
import type { ApercuRegle } from '../../../services/plateforme.service.ts';
import { Boutons, ChampSelect, ChampTexte, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { qui } from '../gestion/libelles-gestion.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import type { SaisieRegle } from './perimetre.form.ts';

// /admin/perimetre: the scope rules of Parcoursup and Affelnet, each editable as a new version
// after a preview of the offers it would reclassify (issue 9 item 7).

const statut = libelleStatutPlateforme;
const plateforme = (p: string) => NOMS_PLATEFORMES[p as keyof typeof NOMS_PLATEFORMES] ?? p;
const date = (d: Date | string) => dateHeureLongue(d);

export interface RegleVue {
  id: number;
  plateforme: string;
  niveau: string | null;
  type_diplome: string | null;
  duree: number | null;
  annee_entree: number | null;
  academie: string | null;
  statut: string;
  priorite: number;
  actif: boolean;
  version: number;
  updated_at: Date | string;
  updated_by: string | null;
}

/** « niveau 5, BTS, 2 ans, entrée en 1re année, académie de Lyon », or « toutes les offres ». */
export function criteres(r: Omit<RegleVue, 'id' | 'version' | 'updated_at' | 'updated_by'>): string {
  const c = [
    r.niveau && `niveau ${r.niveau}`,
    r.type_diplome,
    r.duree && `${r.duree} an${r.duree > 1 ? 's' : ''}`,
    r.annee_entree && `entrée en ${r.annee_entree === 1 ? '1re' : `${r.annee_entree}e`} année`,
    r.academie && `académie ${NOMS_ACADEMIES[r.academie] ?? r.academie} (${r.academie})`,
  ].filter(Boolean);
  return c.length ? c.join(', ') : 'toutes les offres';
}

/** The list of every rule, per platform, with a link to edit each and one to add a rule. */
export function PerimetrePage(p: { regles: readonly RegleVue[]; message?: string }) {
  return (
    <Layout titre="Règles de périmètre">
      <h1>Règles de périmètre Parcoursup et Affelnet</h1>
      <p>
        Une règle dit quel statut reçoivent les offres qui remplissent tous ses critères. Pour une offre, la
        règle active de plus haute priorité s’applique (à priorité égale, la plus ancienne). Chaque
        modification est une nouvelle version, avec son auteur ; avant de l’enregistrer, la page montre les
        offres qu’elle reclasserait.
      </p>
      {p.message && (
        <div class="fr-alert fr-alert--success fr-mb-4w" role="status">
          <p>{p.message}</p>
        </div>
      )}
      <p>
        <a class="fr-btn fr-btn--icon-left fr-icon-add-line" href="/admin/perimetre/nouvelle">
          Ajouter une règle
        </a>
      </p>
      {PLATEFORMES.map((pl) => {
        const regles = p.regles.filter((r) => r.plateforme === pl);
        return (
          <section key={pl}>
            <h2>{NOMS_PLATEFORMES[pl]}</h2>
            {regles.length === 0 ? (
              <p>Aucune règle : aucune offre n’est à publier sur {NOMS_PLATEFORMES[pl]}.</p>
            ) : (
              <TableDefilante nom="Règles de la plateforme">
                <caption>
                  {pluriel(regles.length, 'règle', 'règles')} {NOMS_PLATEFORMES[pl]}, de la plus prioritaire à
                  la moins prioritaire
                </caption>
                <thead>
                  <tr>
                    <th scope="col">N°</th>
                    <th scope="col">Critères</th>
                    <th scope="col">Statut donné</th>
                    <th scope="col">Priorité</th>
                    <th scope="col">État</th>
                    <th scope="col">Version</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {regles.map((r) => (
                    <tr key={r.id} id={`regle-${r.id}`}>
                      <td>{r.id}</td>
                      <td>{criteres(r)}</td>
                      <td>{statut(r.statut)}</td>
                      <td>{r.priorite}</td>
                      <td>{r.actif ? 'Active' : 'Inactive'}</td>
                      <td>
                        {r.version}, le {date(r.updated_at)}
                        {r.updated_by ? ` par ${qui(r.updated_by)}` : ''}
                      </td>
                      <td>
                        <a href={`/admin/perimetre/${r.id}`} aria-label={`Modifier la règle ${r.id}`}>
                          Modifier
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </TableDefilante>
            )}
          </section>
        );
      })}
    </Layout>
  );
}

export interface VersionVue {
  version: number;
  action: string;
  valeur: unknown;
  acteur: string;
  at: string;
}

const OUI_NON: [string, string][] = [
  ['oui', 'Active'],
  ['non', 'Inactive'],
];

/** The preview: moves per platform (before → after) with counts, then examples. */
function Apercu({ a }: { a: ApercuRegle }) {
  return (
    <section class="fr-mb-4w" id="apercu" aria-labelledby="apercu-titre">
      <h2 id="apercu-titre">Offres reclassées si vous enregistrez</h2>
      {a.offres === 0 ? (
        <p>Aucune des {a.controlees} offres ne changerait de statut.</p>
      ) : (
        <>
          <p>
            {pluriel(a.offres, 'offre', 'offres')} sur {a.controlees}{' '}
            {accord(a.offres, 'changerait', 'changeraient')} de statut.
          </p>
          <TableDefilante nom="Changements de statut par plateforme">
            <caption>Changements de statut par plateforme</caption>
            <thead>
              <tr>
                <th scope="col">Plateforme</th>
                <th scope="col">Statut aujourd’hui</th>
                <th scope="col">Statut après</th>
                <th scope="col">Offres</th>
              </tr>
            </thead>
            <tbody>
              {a.mouvements.map((m) => (
                <tr key={`${m.plateforme}-${m.avant}-${m.apres}`}>
                  <td>{plateforme(m.plateforme)}</td>
                  <td>{statut(m.avant)}</td>
                  <td>{statut(m.apres)}</td>
                  <td>{m.offres}</td>
                </tr>
              ))}
            </tbody>
          </TableDefilante>
          <h3>Exemples</h3>
          <ul>
            {a.exemples.map((e) => (
              <li key={`${e.id}-${e.plateforme}`}>
                <a href={`/instruction/${e.plateforme}/${encodeURIComponent(e.id)}`}>{e.intitule ?? e.id}</a>{' '}
                ({plateforme(e.plateforme)}) : {statut(e.avant)} → {statut(e.apres)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * A rule's form (`id` null: a new rule). « Voir les offres reclassées » previews; once a preview
 * of these very values is shown, « Enregistrer » saves them as a new version.
 */
export function ReglePage(p: {
  id: number | null;
  version?: number;
  saisie: SaisieRegle;
  erreurs?: Erreurs;
  apercu?: ApercuRegle;
  empreinte?: string;
  historique?: readonly VersionVue[];
  message?: string;
}) {
  const e = p.erreurs ?? [];
  const v = p.saisie;
  const titre = p.id === null ? 'Nouvelle règle de périmètre' : `Règle de périmètre n° ${p.id}`;
  return (
    <Layout titre={titre}>
      <p>
        <a class="fr-link fr-icon-arrow-left-line fr-link--icon-left" href="/admin/perimetre">
          Toutes les règles
        </a>
      </p>
      <h1>{titre}</h1>
      {p.message && (
        <div class="fr-alert fr-alert--info fr-mb-4w" role="status">
          <p>{p.message}</p>
        </div>
      )}
      {p.apercu && <Apercu a={p.apercu} />}
      <Formulaire
        action={p.id === null ? '/admin/perimetre/nouvelle' : `/admin/perimetre/${p.id}`}
        erreurs={e}
      >
        {p.empreinte && <input type="hidden" name="empreinte" value={p.empreinte} />}
        {p.id !== null && <input type="hidden" name="version" value={String(p.version ?? 0)} />}
        <ChampSelect
          name="plateforme"
          label="Plateforme"
          options={PLATEFORMES.map((x) => [x, NOMS_PLATEFORMES[x]] as [string, string])}
          valeur={v.plateforme}
          erreurs={e}
        />
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Critères (un critère vide ne filtre pas)</legend>
          <div class="fr-fieldset__element">
            <ChampTexte
              name="niveau"
              label="Niveau de qualification"
              hint="Niveau du cadre national des certifications, de 3 à 8 (par exemple 5 pour un BTS)"
              requis={false}
              inputMode="numeric"
              valeur={v.niveau}
              erreurs={e}
            />
          </div>
          <div class="fr-fieldset__element">
            <ChampTexte
              name="type_diplome"
              label="Type de diplôme"
              hint="Par exemple BTS, CAP, BAC PRO, LICENCE (couvre les licences professionnelles), TITRE"
              requis={false}
              valeur={v.type_diplome}
              erreurs={e}
            />
          </div>
          <div class="fr-fieldset__element">
            <ChampTexte
              name="duree"
              label="Durée de la formation, en années"
              hint="Nombre entier de 1 à 8"
              requis={false}
              inputMode="numeric"
              valeur={v.duree}
              erreurs={e}
            />
          </div>
          <div class="fr-fieldset__element">
            <ChampTexte
              name="annee_entree"
              label="Année d’entrée en apprentissage"
              hint="Nombre entier de 1 à 5 (1 pour une entrée en première année)"
              requis={false}
              inputMode="numeric"
              valeur={v.annee_entree}
              erreurs={e}
            />
          </div>
          <div class="fr-fieldset__element">
            <ChampSelect
              name="academie"
              label="Académie"
              hint="D’un lieu de session ou du responsable"
              requis={false}
              options={Object.entries(NOMS_ACADEMIES)
                .sort((a, b) => a[1].localeCompare(b[1], 'fr'))
                .map(([code, nom]) => [code, `${nom} (${code})`] as [string, string])}
              valeur={v.academie}
              erreurs={e}
            />
          </div>
        </fieldset>
        <ChampSelect
          name="statut"
          label="Statut donné aux offres couvertes"
          options={STATUTS_DE_SCOPE.map((s) => [s, statut(s)] as [string, string])}
          valeur={v.statut}
          erreurs={e}
        />
        <ChampTexte
          name="priorite"
          label="Priorité"
          hint="Nombre entier de 0 à 10 000 ; la règle de plus haute priorité l’emporte"
          inputMode="numeric"
          valeur={v.priorite}
          erreurs={e}
        />
        <ChampSelect name="actif" label="État" options={OUI_NON} valeur={v.actif} erreurs={e} />
        <Boutons>
          <button
            class={`fr-btn${p.empreinte ? ' fr-btn--secondary' : ''}`}
            type="submit"
            name="etape"
            value="apercu"
          >
            Voir les offres reclassées
          </button>
          {p.empreinte && (
            <button class="fr-btn" type="submit" name="etape" value="enregistrer">
              {p.id === null ? 'Enregistrer la règle' : `Enregistrer la version ${(p.version ?? 0) + 1}`}
            </button>
          )}
        </Boutons>
      </Formulaire>
      {p.historique && p.historique.length > 0 && (
        <section class="fr-mt-6w">
          <h2>Historique des versions</h2>
          <TableDefilante nom="Versions de la règle">
            <caption>Versions de la règle, de la première à la dernière</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Quand</th>
                <th scope="col">Qui</th>
                <th scope="col">Règle</th>
              </tr>
            </thead>
            <tbody>
              {p.historique.map((h) => {
                const r = (typeof h.valeur === 'string' ? JSON.parse(h.valeur) : h.valeur) as RegleVue;
                return (
                  <tr key={h.version}>
                    <td>
                      {h.version} ({h.action === 'create' ? 'création' : 'modification'})
                    </td>
                    <td>{date(h.at)}</td>
                    <td>{qui(h.acteur)}</td>
                    <td>
                      {criteres(r)} → {statut(r.statut)}, priorité {r.priorite}
                      {r.actif ? '' : ', inactive'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </TableDefilante>
        </section>
      )}
    </Layout>
  );
}
