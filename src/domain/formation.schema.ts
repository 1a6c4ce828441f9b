import { z } from 'zod';
import { lireCodePostalCedex, messageCodePostalCedex } from './commune.ts';
import { isCourriel, MESSAGE_COURRIEL } from './courriel.ts';
import { IsoDateSchema } from './dates.ts';
import { isInconnu } from './inconnu.ts';
import { clesEnDouble, messageCleEnDouble } from './sessions-cles.ts';
import { isTelephonePossible, MESSAGE_TELEPHONE } from './telephone.ts';
import { TYPES_OFFRE } from './type-offre.ts';
import { completeUrl, isUrlWeb, MESSAGE_URL } from './url.ts';

// The formation JSON of docs/contrat.md: one source for TypeScript types, request/response
// validation and the OpenAPI document. Writes accept drafts (every text optional) but refuse
// what cannot be stored (wrong types, unknown enum values).

export const STATUTS = [
  'brouillon',
  'en_attente_validation',
  'a_corriger',
  'publiee',
  'archivee',
  'supprimee',
] as const;
export const ETATS_RECRUTEMENT = ['ouvert', 'suspendu', 'ferme'] as const;
export const FINANCEURS = ['region', 'france_travail', 'agefiph', 'opco'] as const;
export const TYPES_CONTACT = [
  'referent_handicap',
  'pedagogique',
  'accueil',
  'referent_apprentissage',
  'autre',
] as const;
export const CATALOGUES = ['general', 'non_reglementaire'] as const;

/**
 * A session's entries and exits (`entree_sortie`, LHEO `modalites-entrees-sorties`): the codes and
 * how they read after « Entrées et sorties » (form options, history, pages). The one source of both.
 */
export const ENTREES_SORTIES = {
  dates_fixes: 'à dates fixes',
  permanente: 'permanentes',
} as const satisfies Record<string, string>;
export type EntreeSortie = keyof typeof ENTREES_SORTIES;
const CODES_ENTREE_SORTIE = Object.keys(ENTREES_SORTIES) as [EntreeSortie, ...EntreeSortie[]];

/** Most réunions d’information, and most bilans, one session holds, on every channel. */
export const MAX_EVENEMENTS = 100;

/**
 * Most characters of the formation's free texts, on every channel (API, imports, forms: the
 * forms' `maxlength` and their refusals come from here).
 */
export const LONGUEURS_MAX = {
  intitule: 2000,
  objectif: 20_000,
  contenu: 20_000,
  url: 2000,
  siret: 20,
  nom: 200,
  telephone: 40,
  courriel: 320,
  /** A gestionnaire's return comment (contract: POST /formations/{id}/retourner). */
  commentaire: 5000,
} as const;

/** Years a session date may fall in (0001-01-01 or 9999-12-31 are typing errors, not sessions). */
export const ANNEES_SESSION = { min: 2000, max: 2100 } as const;
export const MESSAGE_ANNEE_SESSION = `date attendue entre ${ANNEES_SESSION.min} et ${ANNEES_SESSION.max}`;

const text = (max: number = LONGUEURS_MAX.contenu) => z.string().trim().max(max).nullish();
const isoDate = IsoDateSchema.nullish();
// A malformed date already has its format error: only a well-formed one is checked here.
const anneeSession = (v: string | null | undefined) =>
  v == null ||
  !/^\d{4}-/.test(v) ||
  (+v.slice(0, 4) >= ANNEES_SESSION.min && +v.slice(0, 4) <= ANNEES_SESSION.max);
const dateSession = isoDate.refine(anneeSession, { error: MESSAGE_ANNEE_SESSION });

export const StatutSchema = z.enum(STATUTS);
export const EtatRecrutementSchema = z.enum(ETATS_RECRUTEMENT);
export const FinanceurSchema = z.enum(FINANCEURS);

export const ContactSchema = z.object({
  type: z.enum(TYPES_CONTACT).default('autre'),
  nom: text(LONGUEURS_MAX.nom),
  telephone: text(LONGUEURS_MAX.telephone),
  courriel: text(LONGUEURS_MAX.courriel),
});

export const SessionContactSchema = ContactSchema.omit({ type: true });

// Writes refuse a contact e-mail that is not an address and a telephone that cannot be a number
// (src/domain/courriel.ts, telephone.ts); reads (above) return what is stored. A placeholder
// (« Non renseigné », `-`) is an unknown value, not a wrong one (src/domain/inconnu.ts).
const courrielSaisi = text(LONGUEURS_MAX.courriel).refine(
  (v) => v == null || v === '' || isInconnu(v) || isCourriel(v),
  { error: MESSAGE_COURRIEL },
);
const telephoneSaisi = text(LONGUEURS_MAX.telephone).refine(
  (v) => v == null || v === '' || isInconnu(v) || isTelephonePossible(v),
  { error: MESSAGE_TELEPHONE },
);
export const ContactInputSchema = ContactSchema.extend({
  courriel: courrielSaisi,
  telephone: telephoneSaisi,
});
export const SessionContactInputSchema = SessionContactSchema.extend({
  courriel: courrielSaisi,
  telephone: telephoneSaisi,
});

// A postal code too long because it carries a CEDEX mention (« 53012 CEDEX », as on an envelope):
// said as such, not as a length (only beyond the length, so nothing storable before is refused).
const codePostal = z
  .string()
  .trim()
  .refine((v) => v.length <= 10 || !lireCodePostalCedex(v), {
    error: (iss) => messageCodePostalCedex(String(iss.input)),
    abort: true,
  })
  .max(10)
  .nullish();

export const LieuSchema = z.object({
  adresse: text(500),
  code_postal: codePostal,
  commune: text(200),
  cedex: text(50),
  code_insee: text(5),
  uai: text(8),
  lat: z.number().min(-90).max(90).nullish(),
  lon: z.number().min(-180).max(180).nullish(),
});

/**
 * A réunion d'information or a bilan. Strict (unknown keys refused, « contient un champ inconnu »):
 * an object written with other keys (`annee`, `texte`) would otherwise be kept as an empty event,
 * its data lost without a word. Elsewhere an unknown key is ignored (docs/api.md).
 */
export const EvenementSchema = z.strictObject({
  date: isoDate,
  lieu: text(500),
  libelle: text(500),
});

export const SessionInputSchema = z.object({
  id: z.string().max(64).nullish(),
  cle_externe: text(200),
  debut: dateSession,
  fin: dateSession,
  etat_recrutement: EtatRecrutementSchema.default('ouvert'),
  capacite: z.number().int().min(0).max(100_000).nullish(),
  entree_sortie: z.enum(CODES_ENTREE_SORTIE).nullish(),
  lieu: LieuSchema.default({}),
  contact: SessionContactInputSchema.nullish(),
  financeur: FinanceurSchema.nullish(),
  numero_marche: text(20),
  date_notification_marche: isoDate,
  /** Absent: the session's stored list is kept (a file or a reader that does not carry it); [] empties it. */
  reunions_information: z.array(EvenementSchema).max(MAX_EVENEMENTS).optional(),
  /** Absent: the stored bilans are kept (public exports and read keys never carry them); [] empties them. */
  bilans: z.array(EvenementSchema).max(MAX_EVENEMENTS).optional(),
});

export const OrganismeRefSchema = z.object({
  siret: text(LONGUEURS_MAX.siret),
  uai: text(8),
  raison_sociale: text(300),
  nda: text(20),
});

/**
 * Bounds of a formation's cycle duration (`modalites.duree_annees`), in whole years, inclusive:
 * 0 to 10. The one source for the schema (hence the API contract and its OpenAPI `minimum` and
 * `maximum`), the organisation's form and the campaign workbook's « Durée cycle (années) ».
 */
export const DUREE_ANNEES = Object.freeze({ min: 0, max: 10 } as const);

export const ModalitesSchema = z.object({
  formation_continue: z.boolean().nullish(),
  contrat_professionnalisation: z.boolean().nullish(),
  contrat_apprentissage: z.boolean().nullish(),
  annees_apprentissage: z.array(z.number().int().min(1).max(5)).max(5).default([]),
  duree_annees: z.number().int().min(DUREE_ANNEES.min).max(DUREE_ANNEES.max).nullish(),
});

export const CertificationRefSchema = z.object({
  rncp: text(20),
  cfd: text(10),
  certifinfo: text(20),
});

/** Most sessions one formation holds, on every channel (contract: maxItems in the OpenAPI document). */
export const MAX_SESSIONS = 500;

export const FormationInputSchema = z.object({
  cle_externe: text(200),
  intitule: text(LONGUEURS_MAX.intitule),
  objectif: text(LONGUEURS_MAX.objectif),
  contenu: text(LONGUEURS_MAX.contenu),
  // "www.cfa.fr" is merely incomplete: it is stored as https://www.cfa.fr (src/domain/url.ts).
  url: text(LONGUEURS_MAX.url)
    .transform((v) => completeUrl(v))
    .refine((v) => v == null || v === '' || isInconnu(v) || isUrlWeb(v), { error: MESSAGE_URL })
    .optional(),
  certification: CertificationRefSchema.default({}),
  responsable: OrganismeRefSchema.nullish(),
  formateur: OrganismeRefSchema.nullish(),
  mandataire: OrganismeRefSchema.nullish(),
  contacts: z.array(ContactInputSchema).max(50).default([]),
  modalites: ModalitesSchema.default({ annees_apprentissage: [] }),
  financeurs: z.array(FinanceurSchema).max(10).default([]),
  sessions: z
    .array(SessionInputSchema)
    .max(MAX_SESSIONS)
    // Each session its own cle_externe (src/domain/sessions-cles.ts), refused naming both.
    .superRefine((sessions, ctx) => {
      for (const d of clesEnDouble(sessions.map((s) => s.cle_externe)))
        ctx.addIssue({
          code: 'custom',
          path: [d.second, 'cle_externe'],
          message: messageCleEnDouble(d),
          params: { code: 'SESSION_CLE_EN_DOUBLE' },
        });
    })
    .default([]),
});

/** A write payload stored before today's rules (revisions): read back without refusing old contact e-mails. */
export const FormationStockeeSchema = FormationInputSchema.extend({
  contacts: z.array(ContactSchema).max(50).default([]),
  sessions: z
    .array(
      SessionInputSchema.extend({ contact: SessionContactSchema.nullish(), debut: isoDate, fin: isoDate }),
    )
    .max(MAX_SESSIONS)
    .default([]),
});

export type Statut = (typeof STATUTS)[number];
export type FormationInput = z.infer<typeof FormationInputSchema>;
export type SessionInput = z.infer<typeof SessionInputSchema>;
export type ContactInput = z.infer<typeof ContactSchema>;
export type LieuInput = z.infer<typeof LieuSchema>;

// ---- Output (what the API returns) ----

export const EchecSchema = z.object({
  code: z.string(),
  severite: z.enum(['bloquant', 'plateforme', 'alerte']),
  message: z.string(),
  champ: z.string().nullish(),
});

export const ConformiteSchema = z.object({
  catalogue: z.enum(CATALOGUES).nullable(),
  certifiee: z.boolean().nullable(),
  parcoursup: z.string(),
  affelnet: z.string(),
  echecs: z.array(EchecSchema),
});

export const SessionSchema = SessionInputSchema.extend({
  id: z.string(),
  /** Professional-only (src/domain/champs-professionnels.ts): absent for anonymous and `read` readers. */
  bilans: z.array(EvenementSchema).optional(),
  diffusee: z.boolean(),
  /**
   * Present (true) when a bloquant rule of session scope (CONV_MARCHE_INCONNU) withholds the session
   * from diffusion: only in the professional view — the other views leave such a session out.
   */
  retenue: z.literal(true).optional(),
  contact: SessionContactSchema.nullish(),
  lieu: LieuSchema.extend({ code_departement: z.string().nullish(), code_region: z.string().nullish() }),
});

export const FormationSchema = z.object({
  id: z.string(),
  cle_externe: z.string().nullable(),
  intitule: z.string().nullable(),
  objectif: z.string().nullable(),
  contenu: z.string().nullable(),
  url: z.string().nullable(),
  certification: z.object({
    rncp: z.string().nullable(),
    cfd: z.string().nullable(),
    certifinfo: z.string().nullable(),
    intitule: z.string().nullable(),
    niveau: z.string().nullable(),
    type_enregistrement: z.string().nullable(),
  }),
  responsable: z
    .object({
      siret: z.string(),
      siren: z.string(),
      uai: z.string().nullable(),
      raison_sociale: z.string().nullable(),
      nda: z.string().nullable(),
    })
    .nullable(),
  formateur: z
    .object({ siret: z.string(), uai: z.string().nullable(), raison_sociale: z.string().nullable() })
    .nullable(),
  mandataire: z
    .object({ siret: z.string(), uai: z.string().nullable(), raison_sociale: z.string().nullable() })
    .nullable(),
  contacts: z.array(ContactSchema),
  modalites: ModalitesSchema,
  financeurs: z.array(z.string()),
  /** Derived from the modalités and the funders (src/domain/type-offre.ts), never typed. */
  types_offre: z.array(z.enum(TYPES_OFFRE)),
  sessions: z.array(SessionSchema),
  statut: StatutSchema,
  revision_en_attente: z.boolean(),
  conformite: ConformiteSchema,
  created_at: z.string(),
  updated_at: z.string(),
});

export type Formation = z.infer<typeof FormationSchema>;
export type Session = z.infer<typeof SessionSchema>;
