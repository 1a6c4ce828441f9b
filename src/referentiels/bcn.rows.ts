import { z } from 'zod';
import { date, requis, texte } from './rows.ts';

// BCN tables, official column names (current and 2020 layouts: columns absent from one layout are optional).

const cfd = requis('FORMATION_DIPLOME').transform((v, ctx) => {
  const c = v.toUpperCase();
  if (!/^[0-9A-Z]{8}$/.test(c)) {
    ctx.addIssue({ code: 'custom', message: `code diplôme « ${v} » invalide (8 caractères attendus)` });
    return z.NEVER;
  }
  return c;
});

/** N_FORMATION_DIPLOME / V_FORMATION_DIPLOME (V has no successions). */
export const FormationDiplomeRow = z.object({
  FORMATION_DIPLOME: cfd,
  NIVEAU_FORMATION_DIPLOME: texte,
  LIBELLE_COURT: texte,
  LIBELLE_LONG_200: texte,
  DATE_OUVERTURE: date,
  DATE_FERMETURE: date,
  NIVEAU_QUALIFICATION_RNCP: texte, // current layout only
  ANCIEN_DIPLOME_1: texte,
  ANCIEN_DIPLOME_2: texte,
  ANCIEN_DIPLOME_3: texte,
  ANCIEN_DIPLOME_4: texte,
  ANCIEN_DIPLOME_5: texte,
  ANCIEN_DIPLOME_6: texte,
  ANCIEN_DIPLOME_7: texte,
  NOUVEAU_DIPLOME_1: texte,
  NOUVEAU_DIPLOME_2: texte,
  NOUVEAU_DIPLOME_3: texte,
  NOUVEAU_DIPLOME_4: texte,
  NOUVEAU_DIPLOME_5: texte,
  NOUVEAU_DIPLOME_6: texte,
  NOUVEAU_DIPLOME_7: texte,
});
export type FormationDiplomeRow = z.output<typeof FormationDiplomeRow>;

export const NiveauRow = z.object({
  NIVEAU_FORMATION_DIPLOME: requis('NIVEAU_FORMATION_DIPLOME'),
  NIVEAU_INTERMINISTERIEL: texte,
  LIBELLE_COURT: texte,
  LIBELLE_100: texte,
  DATE_OUVERTURE: date,
  DATE_FERMETURE: date,
  NIVEAU_QUALIFICATION_RNCP: texte,
});
export type NiveauRow = z.output<typeof NiveauRow>;

export const MefRow = z.object({
  MEF: requis('MEF').refine((v) => /^[0-9A-Z]{10}$/.test(v), {
    message: 'code MEF invalide (10 caractères attendus)',
  }),
  FORMATION_DIPLOME: cfd,
  DISPOSITIF_FORMATION: texte,
  DATE_OUVERTURE: date,
  DATE_FERMETURE: date,
});
export type MefRow = z.output<typeof MefRow>;

export const DispositifRow = z.object({
  DISPOSITIF_FORMATION: requis('DISPOSITIF_FORMATION'),
  NIVEAU_FORMATION_DIPLOME: texte,
  LIBELLE_COURT: texte,
  LIBELLE_LONG: texte,
  DATE_OUVERTURE: date,
  DATE_FERMETURE: date,
});
export type DispositifRow = z.output<typeof DispositifRow>;

export const LettreSpecialiteRow = z.object({
  LETTRE_SPECIALITE: requis('LETTRE_SPECIALITE'),
  LIBELLE_COURT: texte,
  LIBELLE_LONG: texte,
  DATE_OUVERTURE: date,
  DATE_FERMETURE: date,
});
export type LettreSpecialiteRow = z.output<typeof LettreSpecialiteRow>;
