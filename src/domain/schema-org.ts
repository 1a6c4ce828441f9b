import { sessionsPubliques } from './diffusion.ts';
import type { Formation } from './formation.schema.ts';

// schema.org Course / CourseInstance of a public formation page (https://schema.org/Course), as
// search engines read it from a <script type="application/ld+json"> block. Pure.

const sans = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '')) as T;

/** The JSON-LD object of formation `f` shown at `url` (absolute); only the sessions the public sees. */
export function coursJsonLd(f: Formation, url: string): Record<string, unknown> {
  const organisme = f.responsable?.raison_sociale;
  return sans({
    '@context': 'https://schema.org',
    '@type': 'Course',
    name: f.intitule ?? 'Formation',
    description: f.objectif ?? f.certification.intitule ?? f.intitule ?? 'Formation',
    url,
    courseCode: f.certification.rncp ?? f.certification.cfd,
    educationalCredentialAwarded: f.certification.intitule,
    provider: organisme ? { '@type': 'Organization', name: organisme } : undefined,
    hasCourseInstance: sessionsPubliques(f).map((s) =>
      sans({
        '@type': 'CourseInstance',
        courseMode: 'onsite',
        startDate: s.debut,
        endDate: s.fin,
        location: sans({
          '@type': 'Place',
          name: s.lieu.commune,
          address: sans({
            '@type': 'PostalAddress',
            streetAddress: s.lieu.adresse,
            postalCode: s.lieu.code_postal,
            addressLocality: s.lieu.commune,
            addressCountry: 'FR',
          }),
          geo:
            s.lieu.lat != null && s.lieu.lon != null
              ? { '@type': 'GeoCoordinates', latitude: s.lieu.lat, longitude: s.lieu.lon }
              : undefined,
        }),
      }),
    ),
  });
}

/** The facts the public sees of an organisme (its page /organismes/{siret}). */
export interface OrganismeFaits {
  readonly siret: string;
  /** Raison sociale (or enseigne), else the name its formations give it; null when none is known. */
  readonly nom: string | null;
  readonly uai: string | null;
  readonly adresse: string | null;
  readonly code_postal: string | null;
  readonly commune: string | null;
}

/** What `organismeJsonLd` reads: the facts, and each public formation's absolute page address. */
export interface OrganismeLd extends OrganismeFaits {
  readonly formations: readonly { readonly intitule: string | null; readonly url: string }[];
}

/**
 * The schema.org EducationalOrganization of an organisme's public page at `url` (absolute):
 * name, SIRET and UAI as identifiers, postal address, its public formations as Course offers.
 */
export function organismeJsonLd(o: OrganismeLd, url: string): Record<string, unknown> {
  return sans({
    '@context': 'https://schema.org',
    '@type': 'EducationalOrganization',
    name: o.nom ?? `Organisme ${o.siret}`,
    url,
    identifier: [
      { '@type': 'PropertyValue', propertyID: 'SIRET', value: o.siret },
      ...(o.uai ? [{ '@type': 'PropertyValue', propertyID: 'UAI', value: o.uai }] : []),
    ],
    address:
      o.adresse || o.code_postal || o.commune
        ? sans({
            '@type': 'PostalAddress',
            streetAddress: o.adresse,
            postalCode: o.code_postal,
            addressLocality: o.commune,
            addressCountry: 'FR',
          })
        : undefined,
    hasOfferCatalog: {
      '@type': 'OfferCatalog',
      name: 'Formations',
      itemListElement: o.formations.map((f) => ({
        '@type': 'Course',
        name: f.intitule ?? 'Formation',
        url: f.url,
      })),
    },
  });
}

/** JSON for a <script> data block: '<' escaped so that the text cannot close the element. */
export const jsonPourScript = (o: unknown) => JSON.stringify(o).replace(/</g, '\\u003c');
