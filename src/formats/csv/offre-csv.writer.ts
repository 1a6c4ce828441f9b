import { type Options, stringify } from 'csv-stringify/sync';
import type { Formation, Session } from '../../domain/formation.schema.ts';
import { mentionContrat } from '../../domain/type-offre.ts';

// The CSV export: one line per formation × session (a formation without session gets one line
// with empty session columns). Made for Excel as used in France AND for scripts:
// - UTF-8 with a BOM: without it Excel decodes UTF-8 as Windows-1252 and breaks every accent;
// - `;` separator: French Excel uses `,` as the decimal mark, so it splits CSV on `;`;
// - RFC 4180 quoting (fields with `;`, `"`, CR or LF quoted, quotes doubled; csv-stringify), CRLF line ends;
// - numbers keep `.` and dates are ISO (AAAA-MM-JJ), which Excel and every parser read alike.

export type Ligne = { f: Formation; s: Session | null };
export interface ColonneCsv {
  readonly nom: string;
  readonly valeur: (l: Ligne) => string | number | boolean | null | undefined;
  /** A date (AAAA-MM-JJ) or a timestamp (ISO 8601): a real date cell in the XLSX export. */
  readonly type?: 'date' | 'horodatage';
}

const contact = (f: Formation, handicap: boolean) =>
  f.contacts.find((c) => (c.type === 'referent_handicap') === handicap);

export const COLONNES_CSV: readonly ColonneCsv[] = [
  { nom: 'formation_id', valeur: ({ f }) => f.id },
  { nom: 'cle_externe', valeur: ({ f }) => f.cle_externe },
  { nom: 'intitule', valeur: ({ f }) => f.intitule },
  { nom: 'objectif', valeur: ({ f }) => f.objectif },
  { nom: 'contenu', valeur: ({ f }) => f.contenu },
  { nom: 'url', valeur: ({ f }) => f.url },
  { nom: 'rncp', valeur: ({ f }) => f.certification.rncp },
  { nom: 'cfd', valeur: ({ f }) => f.certification.cfd },
  { nom: 'certifinfo', valeur: ({ f }) => f.certification.certifinfo },
  { nom: 'certification_intitule', valeur: ({ f }) => f.certification.intitule },
  { nom: 'niveau', valeur: ({ f }) => f.certification.niveau },
  { nom: 'type_enregistrement', valeur: ({ f }) => f.certification.type_enregistrement },
  { nom: 'responsable_siret', valeur: ({ f }) => f.responsable?.siret },
  { nom: 'responsable_siren', valeur: ({ f }) => f.responsable?.siren },
  { nom: 'responsable_uai', valeur: ({ f }) => f.responsable?.uai },
  { nom: 'responsable_raison_sociale', valeur: ({ f }) => f.responsable?.raison_sociale },
  { nom: 'responsable_nda', valeur: ({ f }) => f.responsable?.nda },
  { nom: 'formateur_siret', valeur: ({ f }) => f.formateur?.siret },
  { nom: 'formateur_uai', valeur: ({ f }) => f.formateur?.uai },
  { nom: 'formateur_raison_sociale', valeur: ({ f }) => f.formateur?.raison_sociale },
  { nom: 'mandataire_siret', valeur: ({ f }) => f.mandataire?.siret },
  { nom: 'formation_continue', valeur: ({ f }) => f.modalites.formation_continue },
  { nom: 'contrat_professionnalisation', valeur: ({ f }) => f.modalites.contrat_professionnalisation },
  { nom: 'contrat_apprentissage', valeur: ({ f }) => f.modalites.contrat_apprentissage },
  { nom: 'annees_apprentissage', valeur: ({ f }) => f.modalites.annees_apprentissage.join(',') },
  { nom: 'duree_annees', valeur: ({ f }) => f.modalites.duree_annees },
  { nom: 'financeurs', valeur: ({ f }) => f.financeurs.join(',') },
  { nom: 'contact_type', valeur: ({ f }) => contact(f, false)?.type },
  { nom: 'contact_nom', valeur: ({ f }) => contact(f, false)?.nom },
  { nom: 'contact_telephone', valeur: ({ f }) => contact(f, false)?.telephone },
  { nom: 'contact_courriel', valeur: ({ f }) => contact(f, false)?.courriel },
  { nom: 'referent_handicap_nom', valeur: ({ f }) => contact(f, true)?.nom },
  { nom: 'referent_handicap_telephone', valeur: ({ f }) => contact(f, true)?.telephone },
  { nom: 'referent_handicap_courriel', valeur: ({ f }) => contact(f, true)?.courriel },
  { nom: 'statut', valeur: ({ f }) => f.statut },
  { nom: 'catalogue', valeur: ({ f }) => f.conformite.catalogue },
  { nom: 'certifiee', valeur: ({ f }) => f.conformite.certifiee },
  { nom: 'parcoursup', valeur: ({ f }) => f.conformite.parcoursup },
  { nom: 'affelnet', valeur: ({ f }) => f.conformite.affelnet },
  { nom: 'formation_created_at', type: 'horodatage', valeur: ({ f }) => f.created_at },
  { nom: 'formation_updated_at', type: 'horodatage', valeur: ({ f }) => f.updated_at },
  { nom: 'session_id', valeur: ({ s }) => s?.id },
  { nom: 'session_cle_externe', valeur: ({ s }) => s?.cle_externe },
  { nom: 'debut', type: 'date', valeur: ({ s }) => s?.debut },
  { nom: 'fin', type: 'date', valeur: ({ s }) => s?.fin },
  { nom: 'etat_recrutement', valeur: ({ s }) => s?.etat_recrutement },
  { nom: 'capacite', valeur: ({ s }) => s?.capacite },
  { nom: 'entree_sortie', valeur: ({ s }) => s?.entree_sortie },
  { nom: 'lieu_adresse', valeur: ({ s }) => s?.lieu.adresse },
  { nom: 'lieu_code_postal', valeur: ({ s }) => s?.lieu.code_postal },
  { nom: 'lieu_commune', valeur: ({ s }) => s?.lieu.commune },
  { nom: 'lieu_cedex', valeur: ({ s }) => s?.lieu.cedex },
  { nom: 'lieu_code_insee', valeur: ({ s }) => s?.lieu.code_insee },
  { nom: 'lieu_code_departement', valeur: ({ s }) => s?.lieu.code_departement },
  { nom: 'lieu_code_region', valeur: ({ s }) => s?.lieu.code_region },
  { nom: 'lieu_uai', valeur: ({ s }) => s?.lieu.uai },
  { nom: 'lieu_lat', valeur: ({ s }) => s?.lieu.lat },
  { nom: 'lieu_lon', valeur: ({ s }) => s?.lieu.lon },
  { nom: 'session_contact_nom', valeur: ({ s }) => s?.contact?.nom },
  { nom: 'session_contact_telephone', valeur: ({ s }) => s?.contact?.telephone },
  { nom: 'session_contact_courriel', valeur: ({ s }) => s?.contact?.courriel },
  { nom: 'financeur', valeur: ({ s }) => s?.financeur },
  { nom: 'numero_marche', valeur: ({ s }) => s?.numero_marche },
  { nom: 'date_notification_marche', type: 'date', valeur: ({ s }) => s?.date_notification_marche },
  { nom: 'session_diffusee', valeur: ({ s }) => s?.diffusee },
  // Issue 12: the offer types, and the Auvergne guide's mention derived from the modalités.
  { nom: 'types_offre', valeur: ({ f }) => f.types_offre.join(',') },
  { nom: 'mention_contrat', valeur: ({ f }) => mentionContrat(f.modalites) },
];

/** « 15/11/2026 Clermont-Ferrand : bilan intermédiaire », one event per line. */
const evenements = (
  evs: readonly { date?: string | null; lieu?: string | null; libelle?: string | null }[] | undefined,
) =>
  evs?.length
    ? evs
        .map((e) =>
          [e.date?.split('-').reverse().join('/'), [e.lieu, e.libelle].filter(Boolean).join(' : ')]
            .filter(Boolean)
            .join(' '),
        )
        .join('\n')
    : null;

/**
 * Columns for partners under agreement only (partner files, docs/partenaires.md), never in the open
 * exports: the sessions' information meetings and bilans (professional-only, issue 12 item 4).
 */
export const COLONNES_PROFESSIONNELLES: readonly ColonneCsv[] = [
  { nom: 'reunions_information', valeur: ({ s }) => evenements(s?.reunions_information) },
  { nom: 'bilans', valeur: ({ s }) => evenements(s?.bilans) },
];

const PAR_NOM = new Map([...COLONNES_CSV, ...COLONNES_PROFESSIONNELLES].map((c) => [c.nom, c]));

/** The columns named `noms` (open and professional ones), in that order; throws on an unknown name. */
export function colonnesNommees(noms: readonly string[]): readonly ColonneCsv[] {
  return noms.map((n) => {
    const c = PAR_NOM.get(n);
    if (!c) throw new Error(`Colonne d’export inconnue : ${n}`);
    return c;
  });
}

export const BOM = '\uFEFF';

/**
 * Text that a spreadsheet would run as a formula — starting with `=`, `@`, a tab or CR, or `+`/`-`
 * not followed by a number (so "+33 4 72 …" and "-12" stay as they are) — gets a leading
 * apostrophe (OWASP "CSV injection").
 */
export const neutralizeFormule = (s: string): string =>
  /^[=@\t\r]/.test(s) || /^[+-](?![\d\s().]*$)/.test(s) ? `'${s}` : s;

// csv-stringify does the RFC 4180 part (quotes only where needed, doubled inside); the casts are
// ours: booleans as oui/non, text through the formula guard.
const OPTIONS: Options = {
  delimiter: ';',
  record_delimiter: '\r\n',
  quote_record_delimiter: true, // a lone LF or CR inside a field is quoted too
  cast: { boolean: (v) => (v ? 'oui' : 'non'), string: neutralizeFormule },
};

type Valeur = string | number | boolean | null | undefined;

/** One field as it appears in the file. */
export const champCsv = (v: Valeur): string => stringify([[v]], OPTIONS).slice(0, -2);

export const enteteCsv = (colonnes: readonly ColonneCsv[] = COLONNES_CSV) =>
  `${BOM}${stringify([colonnes.map((c) => c.nom)], OPTIONS)}`;

/** The rows of one formation (one per session, or one with empty session columns). */
export const lignesDe = (f: Formation): Ligne[] =>
  (f.sessions.length ? f.sessions : [null]).map((s) => ({ f, s }));

/** The lines of one formation (one per session, or one with empty session columns). */
export function lignesCsv(f: Formation, colonnes: readonly ColonneCsv[] = COLONNES_CSV): string {
  const sessions: (Session | null)[] = f.sessions.length ? f.sessions : [null];
  return stringify(
    sessions.map((s) => colonnes.map((c) => c.valeur({ f, s }))),
    OPTIONS,
  );
}
