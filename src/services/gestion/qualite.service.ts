import type { AppContext } from '../../context.ts';
import { lireCampagneCourante } from '../../db/campagne.repository.ts';
import {
  selectAgregatsQualite,
  selectFormationsEnEchec,
  selectRetoursClasseur,
} from '../../db/gestion.repository.ts';
import type { Acteur } from '../../domain/acteur.ts';
import { ageJours, quantile } from '../../domain/file-validation.ts';
import { LIBELLES_STATUT, libelleStatut } from '../../domain/statut.ts';
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
  const parLibelle = new Map<string, number>();
  for (const c of comptes) {
    parStatut[c.statut] = (parStatut[c.statut] ?? 0) + c.n;
    parVerdict[c.verdict] = (parVerdict[c.verdict] ?? 0) + c.n;
    const l = libelleStatut({ statut: c.statut, catalogue: c.verdict });
    parLibelle.set(l, (parLibelle.get(l) ?? 0) + c.n);
  }
  const now = ctx.now();
  const ages = depuis.map((d) => ageJours(d, now));
  return {
    total: comptes.reduce((s, c) => s + c.n, 0),
    parStatut,
    /** Offers by the statut label pages show (« Publiée — hors diffusion » apart), in life order. */
    parLibelle: [...parLibelle]
      .map(([libelle, n]) => ({ libelle, n }))
      .sort((a, b) => LIBELLES_STATUT.indexOf(a.libelle) - LIBELLES_STATUT.indexOf(b.libelle)),
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
