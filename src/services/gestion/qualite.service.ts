import type { AppContext } from '../../context.ts';
import { ensureCampagneCourante } from '../../db/campagne.repository.ts';
import {
  selectComptesStatut,
  selectEchecsParCode,
  selectFileValidation,
  selectFormationsEnEchec,
  selectOrganismesEnEchec,
  selectRetoursClasseur,
} from '../../db/gestion.repository.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { ageJours, quantile } from '../../domain/file-validation.ts';
import { regionsDeGestion } from './validation.service.ts';

// The data-quality dashboard of a région (/gestion/qualite): offers by status and catalogue
// verdict, the failing rule codes ranked, the organismes with the most failures, the queue's age,
// and the campaign's progress (structures whose workbook came back, or not yet).

/**
 * The dashboard of the actor's régions; `code` adds the offers failing that rule (first 50).
 * Ages in whole days. Errors: 403 for anyone but gestionnaires and administrators.
 */
export async function tableauQualite(ctx: AppContext, acteur: Acteur, code?: string) {
  const regions = regionsDeGestion(acteur);
  const campagne = await ensureCampagneCourante(ctx.db, ctx.now());
  const [comptes, codes, organismes, file, offresDuCode, retours] = await Promise.all([
    selectComptesStatut(ctx.db, regions),
    selectEchecsParCode(ctx.db, regions),
    selectOrganismesEnEchec(ctx.db, regions),
    selectFileValidation(ctx.db, regions),
    code ? selectFormationsEnEchec(ctx.db, regions, code) : Promise.resolve(null),
    selectRetoursClasseur(ctx.db, regions, campagne.annee),
  ]);
  const parStatut: Record<string, number> = {};
  const parVerdict: Record<string, number> = {};
  for (const c of comptes) {
    parStatut[c.statut] = (parStatut[c.statut] ?? 0) + c.n;
    parVerdict[c.verdict] = (parVerdict[c.verdict] ?? 0) + c.n;
  }
  const now = ctx.now();
  const ages = file.map((l) => ageJours(l.depuis, now));
  return {
    total: comptes.reduce((s, c) => s + c.n, 0),
    parStatut,
    parVerdict,
    codes,
    organismes,
    file: { total: file.length, mediane: quantile(ages, 0.5), p90: quantile(ages, 0.9) },
    code: code ? { code, offres: offresDuCode ?? [] } : null,
    campagne: {
      annee: campagne.annee,
      libelle: campagne.libelle,
      revenus: retours.filter((r) => r.retour_at),
      attendus: retours.filter((r) => !r.retour_at),
    },
  };
}
export type TableauQualite = Awaited<ReturnType<typeof tableauQualite>>;
