import { etatCourriel } from '../../../domain/courriel-envoi.ts';
import { dateHeureLongue } from '../../../domain/dates.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';

const heure = (d: Date | string) => dateHeureLongue(d);

/** /admin/courriels: the outbox — messages waiting (no SMTP server, not yet sent, to try again) or given up. */
export function CourrielsPage(p: {
  courriels: readonly {
    id: string;
    destinataire: string;
    sujet: string;
    texte: string | null;
    statut: string;
    erreur: string | null;
    created_at: Date | string;
    tentatives: number;
    prochain_essai_at: Date | string | null;
  }[];
  smtp: boolean;
}) {
  return (
    <Layout titre="Boîte d’envoi des courriels">
      <h1>Boîte d’envoi des courriels</h1>
      <p>
        {p.smtp
          ? 'Un serveur SMTP est configuré : les courriels partent dans les secondes qui suivent ; restent ici ceux qui attendent leur envoi, ceux que le serveur de courriel n’a pas encore acceptés (nouvel essai après 30 s, puis 1, 2, 4… minutes, au plus une heure), et ceux abandonnés après 10 essais.'
          : 'Aucun serveur SMTP n’est configuré (OFFRE_SMTP_URL) : les courriels sont gardés ici, à transmettre à leurs destinataires.'}
      </p>
      {p.courriels.length === 0 ? (
        <p>La boîte d’envoi est vide.</p>
      ) : (
        <TableDefilante nom="Courriels envoyés">
          <caption>
            {pluriel(p.courriels.length, 'courriel', 'courriels')}, du plus récent au plus ancien
          </caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Destinataire</th>
              <th scope="col">Objet et texte</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {p.courriels.map((c) => (
              <tr key={c.id}>
                <td>{heure(c.created_at)}</td>
                <td>{c.destinataire}</td>
                <td>
                  <details>
                    <summary>{c.sujet}</summary>
                    <pre class="fr-text--sm">{c.texte}</pre>
                  </details>
                </td>
                <td>{etatCourriel(c, p.smtp, heure)}</td>
              </tr>
            ))}
          </tbody>
        </TableDefilante>
      )}
    </Layout>
  );
}
