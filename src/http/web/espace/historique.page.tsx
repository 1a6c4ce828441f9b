import { FilAriane, Layout } from '../layout.tsx';
import { type Historique, HistoriqueSection } from './fiche.sections.tsx';

// /espace/formations/{id}/historique: the whole history of one of the organisme's offers — every
// write, validation, return, and each Parcoursup and Affelnet decision with who decided (role and
// académie) and its motif — as the formation page lists it (HistoriqueSection, one wording).

export function HistoriquePage(p: {
  id: string;
  intitule: string | null;
  historique: Historique;
  titres: ReadonlyMap<string, string>;
  sessions: readonly { id?: string | null; debut?: string | null; fin?: string | null }[];
}) {
  const titre = p.intitule ?? 'Formation sans intitulé';
  const fiche = `/espace/formations/${encodeURIComponent(p.id)}`;
  return (
    <Layout titre={`Historique – ${titre}`}>
      <FilAriane
        liens={[
          { libelle: 'Mon espace', href: '/espace' },
          { libelle: titre, href: fiche },
          { libelle: 'Historique', href: `${fiche}/historique` },
        ]}
      />
      <h1>Historique de « {titre} »</h1>
      <p>
        Chaque modification, validation et retour du gestionnaire, et chaque décision Parcoursup et Affelnet
        avec son motif. <a href={`${fiche}#plateformes`}>État sur Parcoursup et Affelnet</a>
      </p>
      <HistoriqueSection
        historique={p.historique}
        titres={p.titres}
        sessions={p.sessions}
        titre="Chaque écriture et chaque décision"
      />
    </Layout>
  );
}
