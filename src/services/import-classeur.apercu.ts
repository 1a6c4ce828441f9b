import type { AppContext } from '../context.ts';
import { withSavepoint } from '../db/savepoint.ts';
import type { Acteur } from '../domain/acteur.ts';
import { OffreError } from '../domain/errors.ts';
import { type Analyse, type FormationVue, sansPromesse } from '../formats/classeur/classeur.analyzer.ts';
import { planMaj } from '../formats/classeur/classeur.plan.ts';
import type { Fenetre } from '../formats/classeur/classeur.rows.ts';
import { saveFormationTx } from './formation.service.ts';

/** Thrown to roll the trial writes of the preview back. */
class Essai extends Error {}

/**
 * The preview of a workbook (nothing applied) runs the store's own check on the formations
 * waiting for validation its rows change: the write the applied import would make, in a
 * transaction rolled back, each in a savepoint. A write the store refuses (PUBLICATION_INCOMPLETE,
 * a mandatory field lost: domain/publication.ts refusRevisionIncomplete) turns its rows into
 * errors with the store's message, since the applied import would refuse the whole file for it;
 * its target is dropped. Only those formations are written: the others' checks are the analysis's.
 * Mutates `analyse`.
 */
export async function verifierEnAttente(
  ctx: AppContext,
  acteur: Acteur,
  analyse: Analyse,
  o: { formations: ReadonlyMap<string, FormationVue>; fenetre: Fenetre; now: Date },
): Promise<void> {
  const aVerifier = [...analyse.cibles].flatMap(([cle, cible]) => {
    const vue = cible.formationId ? o.formations.get(cible.formationId) : undefined;
    if (vue?.statut !== 'en_attente_validation') return [];
    const { input, archiver } = planMaj(vue, cible, o.fenetre);
    return archiver ? [] : [{ cle, cible, input, id: vue.id }];
  });
  if (aVerifier.length === 0) return;
  const refus: { cle: string; erreur: OffreError }[] = [];
  await ctx.db
    .transaction()
    .execute(async (trx) => {
      for (const v of aVerifier)
        await withSavepoint(trx, 'apercu_classeur', () =>
          saveFormationTx(trx, acteur, v.input, { id: v.id, now: o.now }),
        ).catch((e: unknown) => {
          if (!(e instanceof OffreError)) throw e;
          refus.push({ cle: v.cle, erreur: e });
        });
      throw new Essai();
    })
    .catch((e: unknown) => {
      if (!(e instanceof Essai)) throw e;
    });
  const index = new Map(analyse.lignes.map((l, i) => [l.ligne, i]));
  for (const { cle, erreur } of refus) {
    const cible = analyse.cibles.get(cle)!;
    analyse.cibles.delete(cle);
    for (const l of cible.lignes) {
      const i = index.get(l.ligne)!;
      const ligne = analyse.lignes[i]!;
      analyse.lignes[i] = {
        ...ligne,
        verdict: 'erreur',
        a_valider: false,
        champs: [],
        erreurs: [
          {
            colonne: '',
            code: erreur.code,
            message: `Ligne ${l.ligne} : ${erreur.message} Importé tel quel, le classeur serait refusé en entier : aucune de ses lignes ne serait appliquée.`,
          },
        ],
        avertissements: sansPromesse(ligne.avertissements),
      };
    }
  }
}
