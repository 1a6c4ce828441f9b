import { dateHeureLongue } from '../../../domain/dates.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import { Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';

const heure = (d: Date | string) => dateHeureLongue(d);
const STATUTS: Record<string, string> = {
  en_attente: 'En attente (pas de SMTP)',
  echec: 'Échec d’envoi',
  envoye: 'Envoyé',
};

/** /admin/courriels: the outbox — messages kept when no SMTP server is set, or not delivered. */
export function CourrielsPage(p: {
  courriels: readonly {
    id: string;
    destinataire: string;
    sujet: string;
    texte: string | null;
    statut: string;
    erreur: string | null;
    created_at: Date | string;
  }[];
  smtp: boolean;
}) {
  return (
    <Layout titre="Boîte d’envoi des courriels">
      <h1>Boîte d’envoi des courriels</h1>
      <p>
        {p.smtp
          ? 'Un serveur SMTP est configuré : seuls les courriels qu’il n’a pas acceptés restent ici.'
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
                <td>
                  {STATUTS[c.statut] ?? c.statut}
                  {c.erreur ? ` : ${c.erreur}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </TableDefilante>
      )}
    </Layout>
  );
}
