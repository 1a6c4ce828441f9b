import { API_PREFIX, AUTH_NOTE, type RouteDef, routes } from '../../contract/index.ts';
import { FilAriane, Layout } from './layout.tsx';

// The API reference as a plain page (/api/reference): every route of the contract — method,
// address, summary, who may call it, its query parameters — for readers without JavaScript, whom
// the interactive documentation (Swagger UI at /api/docs) leaves with a blank page. Built from the
// contract (src/contract), like the OpenAPI document: the two cannot disagree.

/** A route's query parameters: name and description (the Zod schemas' `.describe`). */
function parametres(r: RouteDef): { nom: string; description: string }[] {
  return Object.entries(r.querystring?.shape ?? {}).map(([nom, schema]) => ({
    nom,
    description: (schema as { description?: string }).description ?? '',
  }));
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
          <div class="fr-table">
            <table>
              <caption>
                {tag} : {rs.length} adresse(s)
              </caption>
              <thead>
                <tr>
                  <th scope="col">Adresse</th>
                  <th scope="col">Ce qu’elle fait</th>
                  <th scope="col">Paramètres de requête</th>
                  <th scope="col">Accès</th>
                </tr>
              </thead>
              <tbody>
                {rs.map((r) => {
                  const ps = parametres(r);
                  return (
                    <tr key={`${r.method} ${r.url}`}>
                      <td>
                        <code>
                          {r.method} {API_PREFIX}
                          {r.url}
                        </code>
                      </td>
                      <td>{r.summary}</td>
                      <td>
                        {ps.length === 0 ? (
                          'aucun'
                        ) : (
                          <ul>
                            {ps.map((p) => (
                              <li key={p.nom}>
                                <code>{p.nom}</code>
                                {p.description ? ` : ${p.description}` : ''}
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                      <td>{AUTH_NOTE[r.auth]}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </Layout>
  );
}
