import { API_PREFIX, AUTH_NOTE, type RouteDef, routes } from '../../contract/index.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { type Champ, champsDuSchema } from './api-reference.champs.ts';
import { FilAriane, Layout } from './layout.tsx';
import { TableDefilante } from './table-defilante.tsx';

// The API reference as a plain page (/api/reference): every route of the contract — method,
// address, summary, who may call it, its path and query parameters, its If-Match, its request body (each
// field's type and whether it is required) — for readers without JavaScript, whom the interactive
// documentation (Swagger UI at /api/docs) leaves with a blank page. Built from the contract
// (src/contract), like the OpenAPI document: the two cannot disagree.

function Champs({ champs }: { champs: readonly Champ[] }) {
  return (
    <ul>
      {champs.map((c) => (
        <li key={c.nom}>
          <code>{c.nom}</code> ({c.type}, {c.requis ? 'obligatoire' : 'facultatif'})
          {c.description ? ` : ${c.description}` : ''}
        </li>
      ))}
    </ul>
  );
}

/** A route's path parameters, query parameters and request body, each field with its type. */
function Entrees({ r }: { r: RouteDef }) {
  const chemin = r.params ? champsDuSchema(r.params) : [];
  const requete = r.querystring ? champsDuSchema(r.querystring) : [];
  const corps = r.body && !r.consumes ? champsDuSchema(r.body) : [];
  if (!chemin.length && !requete.length && !r.body && !r.ifMatch) return <>aucun</>;
  return (
    <>
      {r.ifMatch && (
        <p class="fr-mb-0">
          En-tête : <code>If-Match</code> (facultatif) : la version lue entre guillemets droits (
          <code>"v12"</code>, <code>*</code> ou une liste séparée par des virgules) ; mal formé, 400
          IF_MATCH_INVALIDE ; périmé, 412 PRECONDITION_ECHOUEE.
        </p>
      )}
      {chemin.length > 0 && (
        <>
          <p class="fr-mb-0">Chemin :</p>
          <Champs champs={chemin} />
        </>
      )}
      {requete.length > 0 && (
        <>
          <p class="fr-mb-0">Requête :</p>
          <Champs champs={requete} />
        </>
      )}
      {r.consumes ? (
        <p>Corps : un fichier ({r.consumes.join(', ')}).</p>
      ) : r.body ? (
        <details>
          <summary>Corps JSON : {pluriel(corps.length, 'champ', 'champs')}</summary>
          <Champs champs={corps} />
        </details>
      ) : null}
    </>
  );
}

/** The routes grouped by their first tag, in the contract's order. */
function parGroupe(): [string, RouteDef[]][] {
  const groupes = new Map<string, RouteDef[]>();
  for (const r of routes) {
    const tag = r.tags[0] ?? 'Autres';
    groupes.set(tag, [...(groupes.get(tag) ?? []), r]);
  }
  return [...groupes];
}

const ancre = (tag: string) =>
  `groupe-${tag
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')}`;

export function ApiReferencePage() {
  const groupes = parGroupe();
  return (
    <Layout titre="Référence de l’API" description="Chaque adresse de l’API d’Offre, sans JavaScript.">
      <FilAriane
        liens={[
          { libelle: 'Accueil', href: '/' },
          { libelle: 'Référence de l’API', href: '/api/reference' },
        ]}
      />
      <h1>Référence de l’API</h1>
      <p>
        Toutes les adresses de l’API, sous <code>{API_PREFIX}</code>. La documentation interactive, qui permet
        de les essayer, est à <a href="/api/docs">/api/docs</a> (elle demande JavaScript) ; le document
        OpenAPI 3.1, à lire par un programme, à{' '}
        <a href={`${API_PREFIX}/openapi.json`}>{`${API_PREFIX}/openapi.json`}</a>.
      </p>
      <nav aria-label="Groupes d’adresses" class="fr-mb-4w">
        <ul>
          {groupes.map(([tag, rs]) => (
            <li key={tag}>
              <a href={`#${ancre(tag)}`}>{tag}</a> ({rs.length})
            </li>
          ))}
        </ul>
      </nav>
      {groupes.map(([tag, rs]) => (
        <section key={tag} aria-labelledby={ancre(tag)}>
          <h2 id={ancre(tag)} class="fr-mt-5w">
            {tag}
          </h2>
          <TableDefilante nom={`Adresses du groupe ${tag}`}>
            <caption>
              {tag} : {pluriel(rs.length, 'adresse', 'adresses')}
            </caption>
            <thead>
              <tr>
                <th scope="col">Adresse</th>
                <th scope="col">Ce qu’elle fait</th>
                <th scope="col">Paramètres et corps</th>
                <th scope="col">Accès</th>
              </tr>
            </thead>
            <tbody>
              {rs.map((r) => (
                <tr key={`${r.method} ${r.url}`}>
                  <td>
                    <code>
                      {r.method} {API_PREFIX}
                      {r.url}
                    </code>
                  </td>
                  <td>{r.summary}</td>
                  <td>
                    <Entrees r={r} />
                  </td>
                  <td>{AUTH_NOTE[r.auth]}</td>
                </tr>
              ))}
            </tbody>
          </TableDefilante>
        </section>
      ))}
    </Layout>
  );
}
