import type { ComponentChild } from 'preact';
import { nombre } from '../../../domain/nombres.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { libelleStatut } from '../../../domain/statut.ts';
import type { TableauQualite } from '../../../services/gestion/qualite.service.ts';
import { type FiltreARefuser, FiltresACorriger } from '../filtres-refuses.tsx';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';
import { NavGestion } from './file.page.tsx';
import { Barres } from './graphique.tsx';
import { age, dateHeure, VERDICT } from './libelles-gestion.ts';

const SEVERITE: Readonly<Record<string, string>> = {
  bloquant: 'Bloquant',
  plateforme: 'Plateformes',
  alerte: 'Alerte',
};

function Table({
  caption,
  entetes,
  lignes,
}: {
  caption: string;
  entetes: readonly string[];
  lignes: readonly (readonly ComponentChild[])[];
}) {
  return (
    <TableDefilante nom="Qualité des données">
      <caption>{caption}</caption>
      <thead>
        <tr>
          {entetes.map((e) => (
            <th scope="col" key={e}>
              {e}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lignes.map((l, i) => (
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

/** /gestion/qualite: the région's data-quality dashboard. */
export function QualitePage({ t, refuses }: { t: TableauQualite; refuses?: readonly FiltreARefuser[] }) {
  const statuts = t.parLibelle.map(({ libelle, n }) => ({ libelle, valeur: n }));
  return (
    <Layout titre="Qualité des données">
      <h1>Qualité des données</h1>
      <NavGestion courant="/gestion/qualite" />
      <FiltresACorriger refuses={refuses} ancre={() => 'controles'} />
      <p class="fr-text--lead">{nombre(t.total)} offres dans votre région (hors supprimées).</p>

      <h2>Offres par statut</h2>
      <Barres id="graphique-statuts" titre="Offres par statut" barres={statuts} />
      <Table
        caption="Offres par statut"
        entetes={['Statut', 'Offres']}
        lignes={statuts.map((s) => [s.libelle, nombre(s.valeur)])}
      />

      <h2>Offres par verdict du catalogue</h2>
      <Table
        caption="Offres par verdict du catalogue"
        entetes={['Verdict', 'Offres']}
        lignes={Object.entries(t.parVerdict).map(([v, n]) => [VERDICT[v] ?? v, nombre(n)])}
      />

      <h2>File de validation</h2>
      <p>
        {pluriel(t.file.total, 'offre', 'offres')} en attente ; âge médian :{' '}
        {t.file.mediane === null ? '—' : age(t.file.mediane)} ; 90ᵉ centile :{' '}
        {t.file.p90 === null ? '—' : age(t.file.p90)}.
      </p>

      <h2 id="controles">Contrôles en échec, les plus fréquents d’abord</h2>
      {t.codes.length === 0 ? (
        <p>Aucun contrôle en échec.</p>
      ) : (
        <Table
          caption="Règles en échec et nombre d’offres concernées"
          entetes={['Règle', 'Sévérité', 'Offres']}
          lignes={t.codes.map((c) => [
            <a href={`/gestion/qualite?code=${encodeURIComponent(c.code)}#offres`} key={c.code}>
              {c.code}
            </a>,
            SEVERITE[c.severite] ?? c.severite,
            nombre(c.n),
          ])}
        />
      )}
      {t.code && (
        <>
          <h2 id="offres">Offres en échec sur {t.code.code}</h2>
          <Table
            caption={`Offres en échec sur ${t.code.code} (50 premières)`}
            entetes={['Formation', 'Statut', 'Message']}
            lignes={t.code.offres.map((o) => [
              <a href={`/gestion/formations/${encodeURIComponent(o.id)}`} key={o.id}>
                {o.intitule ?? o.id}
              </a>,
              libelleStatut(o),
              o.message,
            ])}
          />
        </>
      )}

      <h2 id="campagne">Campagne {t.campagne.libelle} : retour des classeurs</h2>
      <p>
        Classeur de la rentrée {t.campagne.annee} revenu :{' '}
        {pluriel(t.campagne.revenus.length, 'structure', 'structures')} ; pas encore revenu :{' '}
        {pluriel(t.campagne.attendus.length, 'structure', 'structures')} (imports faits par un utilisateur ou
        une clé de la structure).
      </p>
      {t.campagne.attendus.length > 0 && (
        <Table
          caption="Structures dont le classeur n’est pas revenu"
          entetes={['Structure', 'SIREN']}
          lignes={t.campagne.attendus.map((r) => [r.raison_sociale, r.siren])}
        />
      )}
      {t.campagne.revenus.length > 0 && (
        <Table
          caption="Structures dont le classeur est revenu"
          entetes={['Structure', 'SIREN', 'Dernier import']}
          lignes={t.campagne.revenus.map((r) => [
            r.raison_sociale,
            r.siren,
            r.retour_at ? dateHeure(r.retour_at) : '',
          ])}
        />
      )}

      <h2>Organismes aux échecs les plus nombreux</h2>
      <Table
        caption="Organismes (SIREN propriétaire) classés par nombre d’échecs"
        entetes={['Organisme', 'Offres en échec', 'Échecs']}
        lignes={t.organismes.map((o) => [`${o.nom ?? ''} (SIREN ${o.siren})`, o.formations, o.echecs])}
      />
    </Layout>
  );
}
