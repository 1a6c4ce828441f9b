import { z } from 'zod';
import { caractereInterdit, messageCaractere } from './caracteres-texte.ts';
import { lireCodePostalCedex, messageCodePostalCedex } from './commune.ts';
import { isCourriel, MESSAGE_COURRIEL } from './courriel.ts';
import { IsoDateSchema } from './dates.ts';
import { isInconnu } from './inconnu.ts';
import { FORMAT_NUMERO_MARCHE, MESSAGE_NUMERO_MARCHE, normalizeNumeroMarche } from './marche.ts';
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
 * forms' hints, the intitulé's counter and their refusals come from here). Characters are code
 * points, as Zod's bounds, PostgreSQL and LHEO's XSD (`xs:maxLength`) count them (« 🎓 » is one;
 * issue-zod.ts `longueur`); no form declares a `maxlength`, which counts UTF-16 code units. A
 * storage bound, not a quality rule: the intitulé's 300 is the form's own, and FORM_INTITULE
 * (docs/regles.md) alerts from 256 already.
 */
export const LONGUEURS_MAX = {
  intitule: 300,
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

/** The intitulé's bound before LONGUEURS_MAX.intitule: a revision stored then is still read back. */
const INTITULE_MAX_ANCIEN = 2000;

/** Years a session date may fall in (0001-01-01 or 9999-12-31 are typing errors, not sessions). */
export const ANNEES_SESSION = { min: 2000, max: 2100 } as const;
export const MESSAGE_ANNEE_SESSION = `date attendue entre ${ANNEES_SESSION.min} et ${ANNEES_SESSION.max}`;

const text = (max: number = LONGUEURS_MAX.contenu) => z.string().trim().max(max).nullish();
/**
 * A text as written (src/domain/caracteres-texte.ts): no bidirectional control and, unless
 * `multiligne` (objectif, contenu), no control character either — not even a line break.
 */
const saisi = (max: number, multiligne: boolean, texte: z.ZodString = z.string().trim()) =>
  texte
    .max(max)
    .superRefine((v, ctx) => {
      const c = caractereInterdit(v, multiligne);
      if (c)
        ctx.addIssue({
          code: 'custom',
          message: messageCaractere(c, multiligne),
          params: { code: 'CARACTERE_INTERDIT' },
        });
    })
    .nullish();
// A postal code too long because it carries a CEDEX mention (« 53012 CEDEX », as on an envelope):
// said as such, not as a length (only beyond the length, so nothing storable before is refused).
const codePostalCedex = z
  .string()
  .trim()
  // Full-width digits (« ５３０００ », typed with an Asian keyboard layout or pasted) are the digits.
  .normalize('NFKC')
  .refine((v) => v.length <= 10 || !lireCodePostalCedex(v), {
    error: (iss) => messageCodePostalCedex(String(iss.input)),
    abort: true,
  });
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

// Writes refuse a contact e-mail that is not an address and a telephone that cannot be a number
// (src/domain/courriel.ts, telephone.ts); reads return what is stored. A placeholder
// (« Non renseigné », `-`) is an unknown value, not a wrong one (src/domain/inconnu.ts).
const courrielSaisi = saisi(LONGUEURS_MAX.courriel, false).refine(
  (v) => v == null || v === '' || isInconnu(v) || isCourriel(v),
  { error: MESSAGE_COURRIEL },
);
const telephoneSaisi = saisi(LONGUEURS_MAX.telephone, false).refine(
  (v) => v == null || v === '' || isInconnu(v) || isTelephonePossible(v),
  { error: MESSAGE_TELEPHONE },
);

// `overwrite`, not `transform`: the same type in and out, so the contract's JSON Schema is unchanged.
const numeroMarcheSaisi = saisi(
  20,
  false,
  z
    .string()
    .trim()
    .overwrite((v) => {
      const n = normalizeNumeroMarche(v);
      return FORMAT_NUMERO_MARCHE.test(n) ? n : v;
    }),
).refine((v) => v == null || v === '' || isInconnu(v) || FORMAT_NUMERO_MARCHE.test(v), {
  error: MESSAGE_NUMERO_MARCHE,
  params: { code: 'CHAMP_FORMAT_INVALIDE' },
});

/**
 * The write schemas, built twice: `strict` for what is written now (every channel: API, forms,
 * LHEO, workbook), refusing control and bidirectional characters in one-line texts; lax for what
 * was stored before (a revision's payload, the API's answers), read back as it is.
 */
function ecriture(strict: boolean) {
  const ligne = (max: number) => (strict ? saisi(max, false) : text(max));
  const paragraphe = (max: number) => (strict ? saisi(max, true) : text(max));

  const Contact = z.object({
    type: z.enum(TYPES_CONTACT).default('autre'),
    nom: ligne(LONGUEURS_MAX.nom),
    telephone: text(LONGUEURS_MAX.telephone),
    courriel: text(LONGUEURS_MAX.courriel),
  });
  const SessionContact = Contact.omit({ type: true });

  const Lieu = z.object({
    adresse: ligne(500),
    code_postal: strict ? saisi(10, false, codePostalCedex) : text(10),
    commune: ligne(200),
    cedex: ligne(50),
    code_insee: ligne(5),
    uai: ligne(8),
    lat: z.number().min(-90).max(90).nullish(),
    lon: z.number().min(-180).max(180).nullish(),
  });

  /**
   * A réunion d'information or a bilan. Strict (unknown keys refused, « contient un champ inconnu »):
   * an object written with other keys (`annee`, `texte`) would otherwise be kept as an empty event,
   * its data lost without a word. Elsewhere an unknown key is ignored (docs/api.md).
   */
  const Evenement = z.strictObject({
    date: isoDate,
    lieu: ligne(500),
    libelle: ligne(500),
  });

  const SessionInput = z.object({
    id: z.string().max(64).nullish(),
    cle_externe: ligne(200),
    debut: dateSession,
    fin: dateSession,
    etat_recrutement: EtatRecrutementSchema.default('ouvert'),
    capacite: z.number().int().min(0).max(100_000).nullish(),
    entree_sortie: z.enum(CODES_ENTREE_SORTIE).nullish(),
    lieu: Lieu.default({}),
    contact: SessionContact.extend({ courriel: courrielSaisi, telephone: telephoneSaisi }).nullish(),
    financeur: FinanceurSchema.nullish(),
    // Entered normalised (« m 1451401 » → M1451401) and refused when not one letter then 7 digits,
    // whoever the financeur (src/domain/marche.ts); a placeholder is an unknown value, kept.
    numero_marche: strict ? numeroMarcheSaisi : ligne(20),
    date_notification_marche: isoDate,
    /** Absent: the session's stored list is kept (a file or a reader that does not carry it); [] empties it. */
    reunions_information: z.array(Evenement).max(MAX_EVENEMENTS).optional(),
    /** Absent: the stored bilans are kept (public exports and read keys never carry them); [] empties them. */
    bilans: z.array(Evenement).max(MAX_EVENEMENTS).optional(),
  });

  const OrganismeRef = z.object({
    siret: ligne(LONGUEURS_MAX.siret),
    uai: ligne(8),
    raison_sociale: ligne(300),
    nda: ligne(20),
  });

  const CertificationRef = z.object({
    rncp: ligne(20),
    cfd: ligne(10),
    certifinfo: ligne(20),
  });

  const FormationInput = z.object({
    cle_externe: ligne(200),
    intitule: strict ? saisi(LONGUEURS_MAX.intitule, false) : text(INTITULE_MAX_ANCIEN),
    objectif: paragraphe(LONGUEURS_MAX.objectif),
    contenu: paragraphe(LONGUEURS_MAX.contenu),
    // "www.cfa.fr" is merely incomplete: it is stored as https://www.cfa.fr (src/domain/url.ts).
    url: ligne(LONGUEURS_MAX.url)
      .transform((v) => completeUrl(v))
      .refine((v) => v == null || v === '' || isInconnu(v) || isUrlWeb(v), { error: MESSAGE_URL })
      .optional(),
    certification: CertificationRef.default({}),
    responsable: OrganismeRef.nullish(),
    formateur: OrganismeRef.nullish(),
    mandataire: OrganismeRef.nullish(),
    contacts: z
      .array(Contact.extend({ courriel: courrielSaisi, telephone: telephoneSaisi }))
      .max(50)
      .default([]),
    modalites: ModalitesSchema.default({ annees_apprentissage: [] }),
    financeurs: z.array(FinanceurSchema).max(10).default([]),
    sessions: z
      .array(SessionInput)
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
  return { Contact, SessionContact, Lieu, Evenement, SessionInput, FormationInput };
}

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

/** Most sessions one formation holds, on every channel (contract: maxItems in the OpenAPI document). */
export const MAX_SESSIONS = 500;

const STRICT = ecriture(true);
const LAX = ecriture(false);

/** A contact as stored and read (the API's answers). */
export const ContactSchema = LAX.Contact;
export const SessionContactSchema = LAX.SessionContact;
export const LieuSchema = LAX.Lieu;
export const EvenementSchema = LAX.Evenement;
export const SessionInputSchema = STRICT.SessionInput;
export const FormationInputSchema = STRICT.FormationInput;

/** A write payload stored before today's rules (revisions): read back without refusing old contact e-mails, old texts. */
export const FormationStockeeSchema = LAX.FormationInput.extend({
  contacts: z.array(ContactSchema).max(50).default([]),
  sessions: z
    .array(LAX.SessionInput.extend({ contact: SessionContactSchema.nullish(), debut: isoDate, fin: isoDate }))
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

export const SessionSchema = LAX.SessionInput.extend({
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
