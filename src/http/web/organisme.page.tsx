import { siretLisible } from '../../domain/identifiants.ts';
import { jsonPourScript, organismeJsonLd } from '../../domain/schema-org.ts';
import type { OrganismePublic } from '../../services/catalogue-public.service.ts';
import { Fait, ReferentsHandicap } from './formation.sections.tsx';
import { FilAriane, Layout } from './layout.tsx';
import { NIVEAU } from './libelles.ts';

// The public page of an organisme (docs/recherche.md « La page d’un organisme »): its name,
// address and UAI, its formations the public is shown (links to their pages), its référents
// handicap. Only organismes with at least one such formation have a page.

export function OrganismePage({ o, base }: { o: OrganismePublic; base: string }) {
  const titre = o.nom ?? `Organisme ${siretLisible(o.siret)}`;
  const url = `${base}/organismes/${o.siret}`;
  const lien = (id: string) => `/formations/${encodeURIComponent(id)}`;
  const ld = organismeJsonLd(
    { ...o, formations: o.formations.map((f) => ({ intitule: f.intitule, url: `${base}${lien(f.id)}` })) },
    url,
  );
  return (
    <Layout titre={titre} canonique={url} jsonLd={jsonPourScript(ld)}>
      <FilAriane
        liens={[
          { libelle: 'Accueil', href: '/' },
          { libelle: titre, href: `/organismes/${o.siret}` },
        ]}
      />
      <h1>{titre}</h1>
      <dl class="fr-pl-0">
        <Fait
          terme="Adresse"
          valeur={[o.adresse, [o.code_postal, o.commune].filter(Boolean).join(' ')]
            .filter(Boolean)
            .join(', ')}
        />
        <Fait terme="UAI" valeur={o.uai} />
        <Fait terme="SIRET" valeur={siretLisible(o.siret)} />
      </dl>

      <h2 class="fr-mt-5w" id="formations">
        {o.formations.length === 1 ? 'Sa formation' : `Ses ${o.formations.length} formations`}
      </h2>
      <ul>
        {o.formations.map((f) => (
          <li key={f.id}>
            <a href={lien(f.id)}>{f.intitule ?? 'Formation sans intitulé'}</a>
            {f.certification.niveau &&
              ` — ${NIVEAU[f.certification.niveau] ?? `niveau ${f.certification.niveau}`}`}
          </li>
        ))}
      </ul>

      <ReferentsHandicap referents={o.referentsHandicap} objet="une formation" />
    </Layout>
  );
}
