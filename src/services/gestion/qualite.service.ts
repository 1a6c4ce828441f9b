import type { AppContext } from '../../context.ts';
import { lireCampagneCourante } from '../../db/campagne.repository.ts';
import {
  selectAgregatsQualite,
  selectFormationsEnEchec,
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
  // The aggregates in one statement; the campaign's returns and a rule's offers beside it.
  const [{ comptes, codes, organismes, depuis }, offresDuCode, { campagne, retours }] = await Promise.all([
    selectAgregatsQualite(ctx.db, regions),
    code ? selectFormationsEnEchec(ctx.db, regions, code) : Promise.resolve(null),
    lireCampagneCourante(ctx.db, ctx.now()).then(async (campagne) => ({
      campagne,
      retours: await selectRetoursClasseur(ctx.db, regions, campagne.annee),
    })),
  ]);
  const parStatut: Record<string, number> = {};
  const parVerdict: Record<string, number> = {};
  for (const c of comptes) {
    parStatut[c.statut] = (parStatut[c.statut] ?? 0) + c.n;
    parVerdict[c.verdict] = (parVerdict[c.verdict] ?? 0) + c.n;
  }
  const now = ctx.now();
  const ages = depuis.map((d) => ageJours(d, now));
  return {
    total: comptes.reduce((s, c) => s + c.n, 0),
    parStatut,
    parVerdict,
    codes,
    organismes,
    file: { total: depuis.length, mediane: quantile(ages, 0.5), p90: quantile(ages, 0.9) },
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
