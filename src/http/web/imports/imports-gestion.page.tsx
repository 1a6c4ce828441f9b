import type { ImportTacheResume } from '../../../db/import-tache.repository.ts';
import { nomRegion } from '../../../domain/geo.ts';
import { enumeration } from '../../../domain/pluriel.ts';
import type { Erreurs } from '../form/formulaire.ts';
import { NavGestion } from '../gestion/file.page.tsx';
import { Layout } from '../layout.tsx';
import { FormulaireEnvoi, ListeImports } from './imports.page.tsx';

// /gestion/imports: a gestionnaire sends the campaign workbook an organisme returned to it, sees
// the preview row by row and applies it (the job's page is the organisme's, import.page.tsx);
// below, the imports it sent, newest first.

export interface ImportsGestionVue {
  /** The gestionnaire's régions; null for an administrator (every région). */
  readonly regions: readonly string[] | null;
  readonly imports: readonly ImportTacheResume[];
  readonly tailleMax: number;
}

export function ImportsGestionPage({ v, erreurs = [] }: { v: ImportsGestionVue; erreurs?: Erreurs }) {
  const regions = v.regions && enumeration(v.regions.map(nomRegion));
  return (
    <Layout titre="Imports de classeurs">
      <h1>Imports de classeurs</h1>
      <p class="fr-text--lead">
        Importez le classeur de campagne qu’un organisme vous a renvoyé rempli. Rien n’est enregistré avant
        que vous ayez vu l’aperçu et cliqué sur « Appliquer ».
      </p>
      <NavGestion courant="/gestion/imports" />
      <p>
        {v.regions === null ? (
          'Administrateur, vous importez les lignes de toutes les régions.'
        ) : (
          <>
            Seules les lignes des formations {v.regions.length > 1 ? 'de vos régions' : 'de votre région'}
            {regions ? ` (${regions})` : ''} sont enregistrées ; les autres sont signalées en erreur dans
            l’aperçu, à faire importer par l’organisme ou par un gestionnaire de leur région.
          </>
        )}{' '}
        Une fois l’import appliqué, l’organisme le voit dans ses imports, avec votre nom. Les classeurs
        pré-remplis de vos organismes se téléchargent depuis la page{' '}
        <a href="/gestion/campagnes#classeurs">Campagnes</a>.
      </p>

      <h2 class="fr-mt-4w">Envoyer un classeur rempli</h2>
      <FormulaireEnvoi
        base="/gestion/imports"
        format="classeur"
        label="Classeur de campagne rempli"
        hint={`Format .xlsx, ${v.tailleMax / 1024 / 1024} Mo au plus.`}
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        erreurs={erreurs}
      />

      <h2 class="fr-mt-6w">Vos imports</h2>
      <ListeImports
        base="/gestion/imports"
        imports={v.imports}
        legende="Les classeurs que vous avez importés, du plus récent au plus ancien"
      />
    </Layout>
  );
}
