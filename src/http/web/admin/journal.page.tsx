import { acteurAudit, detailsLisibles, EVENEMENTS_SECURITE } from '../../../domain/audit.ts';
import { dateHeureLongue } from '../../../domain/dates.ts';
import { pluriel } from '../../../domain/pluriel.ts';
import type { FiltreAuditSaisi, LigneAudit } from '../../../services/audit.service.ts';
import { Boutons, ChampSelect, ChampTexte, ResumeErreurs } from '../form/champs.tsx';
import type { Erreurs } from '../form/formulaire.ts';
import { FilAriane, Layout } from '../layout.tsx';
import { TableDefilante } from '../table-defilante.tsx';

const OPTIONS: [string, string][] = [
  ['', 'Tous les événements'],
  ...Object.entries(EVENEMENTS_SECURITE).map(([k, v]) => [k, v] as [string, string]),
];

const quand = (iso: string) => dateHeureLongue(iso);

const detail = detailsLisibles;

/** /admin/journal: the audit trail of security events, newest first, with filters (a GET form). */
export function JournalPage(p: {
  lignes: readonly LigneAudit[];
  filtre: FiltreAuditSaisi;
  suivant: string | null;
  retentionJours: number;
  erreurs?: Erreurs;
}) {
  const f = p.filtre;
  const erreurs = p.erreurs ?? [];
  const suite = new URLSearchParams(
    Object.entries({ ...f, apres: p.suivant ?? '' }).filter(([, v]) => !!v) as [string, string][],
  );
  return (
    <Layout titre="Journal de sécurité">
      <FilAriane
        liens={[
          { libelle: 'Administration', href: '/admin' },
          { libelle: 'Journal de sécurité', href: '/admin/journal' },
        ]}
      />
      <h1>Journal de sécurité</h1>
      <p>
        Connexions réussies et refusées, comptes et rôles, clés d’API (création, révocation, quota, nouvelle
        adresse, clé refusée), accès refusés et limites de requêtes dépassées. Ni mot de passe ni clé n’y
        figure. Conservé {p.retentionJours} jours.
      </p>
      <ResumeErreurs erreurs={erreurs} />
      <form method="get" action="/admin/journal" class="fr-mb-4w">
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Filtrer</legend>
          <div class="fr-fieldset__element">
            <ChampSelect
              name="evenement"
              label="Événement"
              options={OPTIONS}
              valeur={f.evenement ?? ''}
              requis={false}
              erreurs={erreurs}
            />
          </div>
          <div class="fr-fieldset__element">
            <ChampTexte
              name="qui"
              label="Acteur ou cible"
              hint="Une partie d’adresse électronique, un nom de clé, un identifiant de clé"
              valeur={f.qui ?? ''}
              requis={false}
              erreurs={erreurs}
            />
          </div>
          <div class="fr-fieldset__element">
            <ChampTexte name="ip" label="Adresse IP" valeur={f.ip ?? ''} requis={false} erreurs={erreurs} />
          </div>
          <div class="fr-fieldset__element">
            <ChampTexte
              name="du"
              type="date"
              label="Du"
              hint="AAAA-MM-JJ, inclus"
              valeur={f.du ?? ''}
              requis={false}
              erreurs={erreurs}
            />
          </div>
          <div class="fr-fieldset__element">
            <ChampTexte
              name="au"
              type="date"
              label="Au"
              hint="AAAA-MM-JJ, inclus"
              valeur={f.au ?? ''}
              requis={false}
              erreurs={erreurs}
            />
          </div>
        </fieldset>
        <Boutons>
          <button class="fr-btn" type="submit">
            Filtrer
          </button>
          <a class="fr-btn fr-btn--secondary" href="/admin/journal">
            Tout afficher
          </a>
        </Boutons>
      </form>
      {p.erreurs?.length ? null : p.lignes.length === 0 ? (
        <p>Aucun événement ne correspond.</p>
      ) : (
        <TableDefilante nom="Journal de sécurité">
          <caption>
            {pluriel(p.lignes.length, 'événement', 'événements')}, du plus récent au plus ancien
          </caption>
          <thead>
            <tr>
              <th scope="col">Date (heure de Paris)</th>
              <th scope="col">Événement</th>
              <th scope="col">Acteur</th>
              <th scope="col">Adresse IP</th>
              <th scope="col">Cible</th>
              <th scope="col">Détails</th>
            </tr>
          </thead>
          <tbody>
            {p.lignes.map((l) => (
              <tr key={l.id}>
                <td>{quand(l.at)}</td>
                <td>{l.libelle}</td>
                <td>{acteurAudit(l.acteur)}</td>
                <td>{l.ip ?? '–'}</td>
                <td>{l.cible ?? '–'}</td>
                <td>{detail(l.details) || '–'}</td>
              </tr>
            ))}
          </tbody>
        </TableDefilante>
      )}
      {p.suivant && (
        <nav aria-label="Pages du journal">
          <a class="fr-link fr-icon-arrow-right-line fr-link--icon-right" href={`/admin/journal?${suite}`}>
            Événements plus anciens
          </a>
        </nav>
      )}
    </Layout>
  );
}
