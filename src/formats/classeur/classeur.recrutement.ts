import type { SessionInput } from '../../domain/formation.schema.ts';
import { accord, enumeration, pluriel } from '../../domain/pluriel.ts';
import { periodeSession } from '../../domain/sessions-noms.ts';
import type { Cible, FormationVue } from './classeur.cibles.ts';
import type { Ecriture } from './classeur.ecriture.ts';
import type { LigneRapport } from './classeur.report.ts';

// The recruitment rule (domain/recrutement-direct.ts) seen from the workbook: the yellow rows of
// an organisme's published formation that only close recruitment of diffused sessions — no other
// row of the formation changes it, the formation is not archived — are written at once on the
// diffused version, without a revision (services/formation.service.ts appliquerRecrutement). The
// report says so instead of a wait for validation; the same decision as the service's, on the
// same plan (classeur.ecriture.ts).

export const CODE_RECRUTEMENT_FERME = 'CLASSEUR_RECRUTEMENT_FERME';

/** The diffused sessions the plan `ecriture` of `vue` closes at once, or null: not the recruitment rule's. */
export function recrutementsFermes(
  vue: FormationVue,
  cible: Cible,
  ecriture: Ecriture,
): SessionInput[] | null {
  if (!vue.enRevision || ecriture.archiver || !cible.lignes.every((l) => l.fermer)) return null;
  const diffusee = vue.publiee ?? vue.input;
  const avant = new Map(vue.input.sessions.map((s) => [s.id, s]));
  const changees = ecriture.input.sessions.filter(
    (s) => s.id && s.etat_recrutement !== avant.get(s.id)?.etat_recrutement,
  );
  const diffusees = new Map(diffusee.sessions.map((s) => [s.id, s]));
  // A session only the open revision has: its closing is the revision's (as the form's).
  if (changees.length === 0 || changees.some((s) => !diffusees.has(s.id))) return null;
  const fermees = changees.map((s) => diffusees.get(s.id)!).filter((s) => s.etat_recrutement !== 'ferme');
  return fermees.length > 0 ? fermees : null;
}

/**
 * The rows of the formations the recruitment rule closes at once: no longer « à valider »
 * (CLASSEUR_EN_REVISION dropped), each saying which diffused sessions of its place close and what
 * it means for the public, in the report's tense (CLASSEUR_RECRUTEMENT_FERME).
 */
export function annoncerRecrutementsFermes(
  lignes: LigneRapport[],
  cibles: ReadonlyMap<string, Cible>,
  formations: ReadonlyMap<string, FormationVue>,
  ecriture: (cible: Cible) => Ecriture,
  apercu: boolean,
): void {
  let index: Map<number, number> | undefined;
  for (const cible of cibles.values()) {
    const vue = cible.formationId ? formations.get(cible.formationId) : undefined;
    const fermees = vue ? recrutementsFermes(vue, cible, ecriture(cible)) : null;
    if (!vue || !fermees) continue;
    const ids = new Set(fermees.map((s) => s.id));
    const diffusee = vue.publiee ?? vue.input;
    // What the public still sees of the diffused version (domain/diffusion.ts sessionsDiffusees).
    const restantes = diffusee.sessions.filter(
      (s) => !ids.has(s.id) && s.etat_recrutement !== 'ferme',
    ).length;
    index ??= new Map(lignes.map((l, i) => [l.ligne, i]));
    for (const l of cible.lignes) {
      const i = index.get(l.ligne)!;
      const ligne = lignes[i]!;
      const duLieu = fermees.filter((s) => l.lieu?.sessions.some((x) => x.id === s.id));
      const avertissements = ligne.avertissements.filter((a) => a.code !== 'CLASSEUR_EN_REVISION');
      avertissements.push({
        colonne: '',
        code: CODE_RECRUTEMENT_FERME,
        message: `Ligne ${l.ligne} : ${messageRecrutementFerme(duLieu, restantes, !!vue.revisionOuverte, apercu)}`,
      });
      lignes[i] = { ...ligne, a_valider: false, avertissements };
    }
  }
}

/** « le recrutement des 2 sessions de ce lieu (du … au …, du … au …) sera fermé tout de suite… » */
export function messageRecrutementFerme(
  fermees: readonly SessionInput[],
  restantes: number,
  revision: boolean,
  apercu: boolean,
): string {
  const n = fermees.length;
  const periodes = enumeration(fermees.map((s) => periodeSession(s) ?? 'sans dates'));
  const quoi =
    n === 1
      ? `le recrutement de la session de ce lieu (${periodes})`
      : `le recrutement des ${pluriel(n, 'session', 'sessions')} de ce lieu (${periodes})`;
  const ferme = apercu ? 'sera fermé' : 'a été fermé';
  const suite =
    restantes === 0
      ? apercu
        ? 'elle ne sera plus proposée au public tant qu’aucune session n’est ouverte'
        : 'elle n’est plus proposée au public tant qu’aucune session n’est ouverte'
      : `${accord(restantes, 'sa session d’un autre lieu reste proposée', `ses ${pluriel(restantes, 'session', 'sessions')} d’autres lieux restent proposées`)} au public`;
  const enAttente = revision
    ? apercu
      ? ' ; la révision en attente de validation le reprendra'
      : ' ; la révision en attente de validation le reprend'
    : '';
  return `${quoi} ${ferme} tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; ${suite}${enAttente}.`;
}
