import type { ImportTacheResume } from '../../../db/import-tache.repository.ts';
import { siretLisible } from '../../../domain/identifiants.ts';
import { Boutons, ChampSelect, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import {
  comptesDe,
  dateHeure,
  etatDe,
  FORMAT,
  fichierImport,
  ORIGINE,
  origineDe,
  taille,
} from './imports.libelles.ts';

// /espace/imports: download the campaign workbook, send it back (or an LHEO file), past imports.
// The gestionnaire's /gestion/imports (imports-gestion.page.tsx) shares its form and list.

/** Where a space's import pages live: the organisme's, or the gestionnaire's (a workbook returned to it). */
export type BaseImports = '/espace/imports' | '/gestion/imports';

export interface ImportsVue {
  readonly annee: number;
  readonly libelle: string;
  readonly etablissements: readonly {
    siret: string;
    raison_sociale: string | null;
    enseigne: string | null;
    commune: string | null;
  }[];
  /** SIRETs of the structure's offers that are not valid SIRETs (Luhn): no workbook for them. */
  readonly siretsInvalides: readonly string[];
  readonly imports: readonly ImportTacheResume[];
  readonly tailleMax: { classeur: number; lheo: number };
}

/** The tabs of the organisation's space this branch knows; /espace owns the full list. */
export function OngletsEspace({ actif }: { actif: 'imports' }) {
  return (
    <nav class="fr-mb-4w" aria-label="Mon espace">
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        <li>
          <a class="fr-btn fr-btn--tertiary" href="/espace">
            Mon espace
          </a>
        </li>
        <li>
          <a
            class="fr-btn fr-btn--secondary"
            href="/espace/imports"
            aria-current={actif === 'imports' ? 'page' : undefined}
          >
            Imports
          </a>
        </li>
      </ul>
    </nav>
  );
}

function ChampFichier(p: { id: string; label: string; hint: string; accept: string; erreurs: Erreurs }) {
  const erreur = p.erreurs.find((e) => e.champ === p.id)?.message;
  return (
    <div class={`fr-upload-group${erreur ? ' fr-upload-group--error' : ''}`}>
      <label class="fr-label" for={p.id}>
        {p.label}
        <span class="fr-hint-text">{p.hint}</span>
      </label>
      <input
        class="fr-upload"
        type="file"
        id={p.id}
        name="fichier"
        accept={p.accept}
        aria-describedby={erreur ? `${p.id}-erreur` : undefined}
        required
      />
      {erreur && (
        <p class="fr-error-text" id={`${p.id}-erreur`}>
          {erreur}
        </p>
      )}
    </div>
  );
}

export function FormulaireEnvoi(p: {
  base: BaseImports;
  format: 'classeur' | 'lheo';
  label: string;
  hint: string;
  accept: string;
  erreurs: Erreurs;
}) {
  const id = `fichier-${p.format}`;
  const erreurs = p.erreurs.filter((e) => e.champ === id);
  // The token comes first in the body: the route checks it before reading the file (fichierVerifie).
  return (
    <Formulaire action={`${p.base}/${p.format}`} erreurs={erreurs} enctype="multipart/form-data">
      <ChampFichier id={id} label={p.label} hint={p.hint} accept={p.accept} erreurs={erreurs} />
      <Boutons>
        <button class="fr-btn" type="submit">
          Envoyer et voir l’aperçu
        </button>
      </Boutons>
    </Formulaire>
  );
}

export function ImportsPage({ v, erreurs = [] }: { v: ImportsVue; erreurs?: Erreurs }) {
  const mo = (n: number) => `${n / 1024 / 1024} Mo`;
  return (
    <Layout titre="Imports">
      <OngletsEspace actif="imports" />
      <h1>Imports</h1>
      <p class="fr-text--lead">
        Déclarez toute votre offre d’un coup : téléchargez le classeur de campagne pré-rempli, complétez-le,
        renvoyez-le. Rien n’est enregistré avant que vous ayez vu l’aperçu et cliqué sur « Appliquer ».
      </p>

      <h2 id="telecharger">1. Télécharger le classeur de campagne</h2>
      {v.siretsInvalides.length > 0 && (
        <div class="fr-alert fr-alert--warning fr-alert--sm fr-mb-3w" id="sirets-invalides">
          <p>
            {v.siretsInvalides.length === 1 ? 'Le SIRET ' : 'Les SIRET '}
            <strong>{v.siretsInvalides.map(siretLisible).join(', ')}</strong>
            {v.siretsInvalides.length === 1
              ? ' n’est pas un SIRET valide (14 chiffres, clé de contrôle juste) : il n’a pas de classeur. '
              : ' ne sont pas des SIRET valides (14 chiffres, clé de contrôle juste) : ils n’ont pas de classeur. '}
            Corrigez le SIRET dans les formations qui le portent (règle « SIRET de 14 chiffres avec clé de
            Luhn valide ») en le recopiant depuis l’avis de situation Sirene de l’établissement.
          </p>
        </div>
      )}
      {v.etablissements.length === 0 ? (
        <p>
          {`Aucune formation n’est encore enregistrée pour votre structure${v.siretsInvalides.length > 0 ? ' sous un SIRET valide' : ''}`}{' '}
          : le classeur pré-rempli sera disponible dès votre première formation. Vous pouvez déjà envoyer un
          fichier LHEO.
        </p>
      ) : (
        <form method="get" action="/espace/imports/classeur">
          <input type="hidden" name="campagne" value={String(v.annee)} />
          <p>
            Campagne en cours : <strong>{v.libelle}</strong>. Le classeur contient une ligne par formation et
            par lieu ; les deux dernières colonnes sont les dates de la session de la campagne.
          </p>
          <ChampSelect
            name="siret"
            label="Établissement"
            options={v.etablissements.map((e) => [
              e.siret,
              `${siretLisible(e.siret)} – ${e.enseigne ?? e.raison_sociale ?? 'sans nom'}${e.commune ? ` (${e.commune})` : ''}`,
            ])}
            valeur={v.etablissements[0]!.siret}
            erreurs={[]}
          />
          <Boutons>
            <button class="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" type="submit">
              Télécharger le classeur (.xlsx)
            </button>
          </Boutons>
        </form>
      )}

      {(v.etablissements.length > 0 || v.siretsInvalides.length > 0) && (
        <p id="export-lheo">
          <a class="fr-link fr-icon-download-line fr-link--icon-left" href="/espace/imports/lheo">
            Télécharger votre offre au format LHEO 2.3 (.xml)
          </a>
          <br />
          <span class="fr-hint-text">
            Toutes vos formations ni archivées ni supprimées, brouillons et offres en attente de validation
            compris, telles que vous les voyez : pour votre système d’information ou une autre plateforme.
            Renvoyé plus tard, ce fichier ne défait pas ce qui a changé dans Offre depuis son téléchargement :
            ces formations-là sont refusées, téléchargez-le de nouveau.
          </span>
        </p>
      )}

      <h2 class="fr-mt-6w">2. Envoyer le classeur rempli</h2>
      <FormulaireEnvoi
        base="/espace/imports"
        format="classeur"
        label="Classeur de campagne rempli"
        hint={`Format .xlsx, ${mo(v.tailleMax.classeur)} au plus.`}
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        erreurs={erreurs}
      />

      <h2 class="fr-mt-6w">Ou envoyer un fichier LHEO</h2>
      <FormulaireEnvoi
        base="/espace/imports"
        format="lheo"
        label="Fichier LHEO 2.2 ou 2.3"
        hint={`Format .xml, ${mo(v.tailleMax.lheo)} au plus. Les formations sont reconnues par leur numéro : renvoyer le même fichier ne change rien.`}
        accept=".xml,application/xml,text/xml"
        erreurs={erreurs}
      />

      <h2 class="fr-mt-6w">Imports précédents</h2>
      <ListeImports
        base="/espace/imports"
        imports={v.imports}
        legende="Les imports de votre structure et ceux qui ont touché votre offre par la ligne de commande, l’API ou un gestionnaire, du plus récent au plus ancien"
      />
    </Layout>
  );
}

/** The past imports of a space, newest first, each linked to its page under `base`. */
export function ListeImports(p: {
  base: BaseImports;
  imports: readonly ImportTacheResume[];
  legende: string;
}) {
  if (p.imports.length === 0) return <p>Aucun import pour l’instant.</p>;
  return (
    <TableDefilante nom="Imports">
      <caption>{p.legende}</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Fichier</th>
          <th scope="col">Type</th>
          <th scope="col">Origine</th>
          <th scope="col">État</th>
          <th scope="col">Résultat</th>
        </tr>
      </thead>
      <tbody>
        {p.imports.map((t) => {
          const e = etatDe(t);
          return (
            <tr key={t.id}>
              <td>{dateHeure(t.created_at)}</td>
              <td>
                <a href={`${p.base}/${t.id}`}>{fichierImport(t)}</a>
                {t.taille !== null && ` (${taille(t.taille)})`}
              </td>
              <td>{FORMAT[t.format]}</td>
              {/* A gestionnaire lists its own page's jobs: no need to name itself. */}
              <td>{p.base === '/gestion/imports' ? ORIGINE[t.origine] : origineDe(t)}</td>
              <td>
                <p class={`fr-badge fr-badge--sm ${e.badge}`}>{e.libelle}</p>
              </td>
              <td>{t.etat === 'echouee' ? (t.erreur as { message: string }).message : comptesDe(t)}</td>
            </tr>
          );
        })}
      </tbody>
    </TableDefilante>
  );
}
