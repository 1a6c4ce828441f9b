import type { ComponentChild } from 'preact';
import { isoDay, jourIsoLong } from '../../../domain/dates.ts';
import { nombre } from '../../../domain/nombres.ts';
import { LIBELLES_KIND } from '../../../referentiels/types.ts';
import type { Depot, pageReferentiels } from '../../../services/gestion/referentiels.service.ts';
import { Boutons, ChampSelect, Formulaire } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import { NavGestion } from './file.page.tsx';
import { dateHeure } from './libelles-gestion.ts';

// /gestion/referentiels: what reference data is loaded, the upload form, the latest deposits.

export type VueReferentiels = Awaited<ReturnType<typeof pageReferentiels>>;

/** A file's date (its UTC day), in full. */
const jour = (iso: string | null) => (iso ? jourIsoLong(isoDay(new Date(iso))) : 'inconnue');

export const ETAT_DEPOT: Readonly<Record<Depot['etat'], { libelle: string; badge: string }>> = {
  apercu: { libelle: 'Aperçu à décider', badge: 'fr-badge--info' },
  en_cours: { libelle: 'Application en cours', badge: 'fr-badge--new' },
  appliquee: { libelle: 'Appliqué', badge: 'fr-badge--success' },
  annulee: { libelle: 'Annulé', badge: 'fr-badge--warning' },
};

/** "utilisateur:x@y" → "x@y" (how history writes people). */
export const personne = (label: string | null) => (label ?? '—').replace(/^(utilisateur|cle|systeme):/, '');

export function Tableau(p: {
  caption: string;
  entetes: readonly string[];
  lignes: readonly (readonly ComponentChild[])[];
}) {
  return (
    <TableDefilante nom="Référentiels" classes="fr-table--no-caption-top">
      <caption>{p.caption}</caption>
      <thead>
        <tr>
          {p.entetes.map((e) => (
            <th scope="col" key={e}>
              {e}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {p.lignes.map((l, i) => (
          <tr key={String(i)}>
            {l.map((c, j) => (
              <td key={String(j)}>{c}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </TableDefilante>
  );
}

function FormulaireDepot({
  erreurs,
  kind,
  tailleMax,
}: {
  erreurs: Erreurs;
  kind?: string;
  tailleMax: number;
}) {
  const erreurFichier = erreurs.find((e) => e.champ === 'fichier')?.message;
  // The token comes first in the body: the route checks it before reading the file (fichierVerifie).
  return (
    <Formulaire action="/gestion/referentiels" erreurs={erreurs} enctype="multipart/form-data">
      <ChampSelect
        name="kind"
        label="Type de fichier"
        hint="Le fichier est reconnu par son contenu : un fichier d’un autre type est refusé."
        options={Object.entries(LIBELLES_KIND)}
        valeur={kind}
        erreurs={erreurs}
      />
      <div class={`fr-upload-group${erreurFichier ? ' fr-upload-group--error' : ''}`}>
        <label class="fr-label" for="fichier">
          Fichier officiel
          <span class="fr-hint-text">
            Tel qu’il est publié (CSV, XLSX, XML ou zip), {tailleMax / 1024 / 1024} Mo au plus ; au-delà,
            utilisez « offre referentiel import ».
          </span>
        </label>
        <input
          class="fr-upload"
          type="file"
          id="fichier"
          name="fichier"
          aria-describedby={erreurFichier ? 'fichier-erreur' : undefined}
          required
        />
        {erreurFichier && (
          <p class="fr-error-text" id="fichier-erreur">
            {erreurFichier}
          </p>
        )}
      </div>
      <Boutons>
        <button class="fr-btn" type="submit">
          Envoyer et voir l’aperçu
        </button>
      </Boutons>
    </Formulaire>
  );
}

/** /gestion/referentiels */
export function ReferentielsPage(p: {
  v: VueReferentiels;
  tailleMax: number;
  erreurs?: Erreurs;
  kind?: string;
  annonce?: string | undefined;
}) {
  const { v, erreurs = [] } = p;
  return (
    <Layout titre="Données de référence">
      <h1>Données de référence</h1>
      <NavGestion courant="/gestion/referentiels" />
      {p.annonce && (
        <div class="fr-alert fr-alert--success fr-alert--sm fr-mb-4w" role="status">
          <p>{p.annonce}</p>
        </div>
      )}
      <p class="fr-text--lead">
        Les contrôles des offres s’appuient sur ces fichiers officiels. Ils sont nationaux : tout gestionnaire
        de région et tout administrateur peut en charger un nouveau. Rien n’est appliqué avant l’aperçu de ses
        changements et de leur impact sur les offres de toutes les régions ; un fichier retenu par prudence
        (impact important, fichier bien plus petit que les données qu’il remplace) n’est appliqué que par un
        administrateur de la plateforme.
      </p>

      <h2>Fichiers chargés</h2>
      {v.runs.length === 0 ? (
        <p>Aucun fichier de référence n’est chargé.</p>
      ) : (
        <Tableau
          caption="Fichiers de référence chargés"
          entetes={['Type', 'Jeu de données', 'Fichier', 'Date du fichier', 'Importé le', 'Lignes']}
          lignes={v.runs.map((r) => [
            LIBELLES_KIND[r.kind as keyof typeof LIBELLES_KIND] ?? r.kind,
            r.jeu,
            r.integree ? `liste intégrée (${r.fichier})` : r.fichier,
            jour(r.date_fichier),
            dateHeure(new Date(r.importe_le)),
            `${nombre(r.lignes_gardees)} gardées sur ${nombre(r.lignes_lues)}${r.lignes_rejetees ? `, ${nombre(r.lignes_rejetees)} rejetées` : ''}`,
          ])}
        />
      )}

      <h2>Charger un nouveau fichier</h2>
      <FormulaireDepot erreurs={erreurs} kind={p.kind} tailleMax={p.tailleMax} />

      <h2>Derniers dépôts</h2>
      {v.depots.length === 0 ? (
        <p>Aucun fichier n’a encore été déposé depuis cette page.</p>
      ) : (
        <Tableau
          caption="Derniers fichiers déposés"
          entetes={['Fichier', 'Type', 'État', 'Déposé', 'Décidé']}
          lignes={v.depots.map((d) => [
            <a href={`/gestion/referentiels/${encodeURIComponent(d.id)}`} key="a">
              {d.fichier_nom}
            </a>,
            LIBELLES_KIND[d.kind as keyof typeof LIBELLES_KIND] ?? d.kind,
            <span class={`fr-badge fr-badge--sm ${ETAT_DEPOT[d.etat].badge}`} key="b">
              {ETAT_DEPOT[d.etat].libelle}
            </span>,
            `${dateHeure(new Date(d.created_at))} par ${personne(d.depose_par)}`,
            d.decided_at ? `${dateHeure(new Date(d.decided_at))} par ${personne(d.decide_par)}` : '—',
          ])}
        />
      )}
    </Layout>
  );
}
