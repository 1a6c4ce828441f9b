import { z } from 'zod';
import { sansEspaces } from '../domain/identifiants.ts';
import { date, ouiNon, requis, siret, texte } from './rows.ts';

// France compétences RNCP/RS export, official column names (CSV members) and XML element names.

/** France compétences doubles apostrophes in some values (`d''affaires`). */
export const texteFc = texte.transform((v) => v?.replace(/''/g, "'") ?? null);

const numeroFiche = requis('Numero_Fiche').transform((v, ctx) => {
  const c = sansEspaces(v).toUpperCase();
  if (!/^(RNCP|RS)\d+$/.test(c)) {
    ctx.addIssue({ code: 'custom', message: `numéro de fiche « ${v} » invalide (RNCP… ou RS… attendu)` });
    return z.NEVER;
  }
  return c;
});

export const StandardRow = z.object({
  Numero_Fiche: numeroFiche,
  Intitule: texteFc,
  Abrege_Libelle: texteFc,
  Nomenclature_Europe_Niveau: texte,
  Date_dernier_jo: date,
  Date_Decision: date,
  Date_Fin_Enregistrement: date,
  Date_Effet: date,
  Type_Enregistrement: texte,
  Actif: texte,
});
export type StandardRow = z.output<typeof StandardRow>;

export const CertificateurRow = z.object({
  Numero_Fiche: numeroFiche,
  Siret_Certificateur: siret,
  Nom_Certificateur: texteFc,
});
export type CertificateurRow = z.output<typeof CertificateurRow>;

export const PartenaireRow = z.object({
  Numero_Fiche: numeroFiche,
  Nom_Partenaire: texteFc,
  Siret_Partenaire: siret,
  Habilitation_Partenaire: texte,
});
export type PartenaireRow = z.output<typeof PartenaireRow>;

export const VoieAccesRow = z.object({ Numero_Fiche: numeroFiche, Si_Jury: texteFc });
export const AncienneNouvelleRow = z.object({
  Numero_Fiche: numeroFiche,
  Ancienne_Certification: texte,
  Nouvelle_Certification: texte,
});
export const NsfRow = z.object({ Numero_Fiche: numeroFiche, Nsf_Code: texte });
export const RomeRow = z.object({
  Numero_Fiche: numeroFiche,
  Codes_Rome_Code: texte,
  Codes_Rome_Libelle: texteFc,
});
export const FormacodeRow = z.object({ Numero_Fiche: numeroFiche, Formacode_Code: texte });

/** One <FICHE> of the XML flavour, flattened to its element names (V2 to V4.1 variants already merged). */
export const FicheXmlRow = z.object({
  NUMERO_FICHE: numeroFiche,
  INTITULE: texteFc,
  ABREGE_CODE: texte,
  NIVEAU: texte,
  ACTIF: ouiNon,
  ETAT_FICHE: texte,
  TYPE_ENREGISTREMENT: texte,
  DATE_DECISION: date,
  DATE_EFFET: date,
  DATE_FIN_ENREGISTREMENT: date,
  SI_JURY_CA: ouiNon,
  CODES_NSF: z.array(z.string()),
  CODES_ROME: z.array(z.string()),
  /** The LIBELLE of each ROME of CODES_ROME, same order ('' when absent). */
  LIBELLES_ROME: z.array(z.string()),
  FORMACODES: z.array(z.string()),
  NOUVELLES_CERTIFICATIONS: z.array(z.string()),
  ANCIENNES_CERTIFICATIONS: z.array(z.string()),
  CERTIFICATEURS: z.array(z.object({ SIRET_CERTIFICATEUR: siret, NOM_CERTIFICATEUR: texteFc })),
  PARTENAIRES: z.array(
    z.object({ SIRET_PARTENAIRE: siret, NOM_PARTENAIRE: texteFc, HABILITATION_PARTENAIRE: texte }),
  ),
});
export type FicheXmlRow = z.output<typeof FicheXmlRow>;
