import type { FormationInput, SessionInput } from '../../domain/formation.schema.ts';
import { accord, enumeration, pluriel } from '../../domain/pluriel.ts';
import { effetRecrutement, recrutementsSeuls } from '../../domain/recrutement-direct.ts';
import { messageRevisionRamenee, messageRevisionSansObjet, revisionRamenee } from '../../domain/revision.ts';
import { periodeSession } from '../../domain/sessions-noms.ts';
import type { Cible, FormationVue } from './classeur.cibles.ts';
import type { Ecriture } from './classeur.ecriture.ts';
import { type LigneRapport, remplacerLignes } from './classeur.report.ts';

// What a yellow row's closing does to the diffused version of a published formation, when the
// formation is not archived, said on the row (CLASSEUR_RECRUTEMENT_FERME): the sessions closed at
// once and what the public still sees. For the organisme, the recruitment rule
// (domain/recrutement-direct.ts): when the rows only close diffused sessions' recruitment, the
// rule's own decision (effetRecrutement, the one services/formation.service.ts writes) — closed at
// once, no revision, carried by the open revision or abandoning it when it had nothing else to
// propose (CLASSEUR_REVISION_ABANDONNEE). For a validateur (a gestionnaire, the command line), every
// write of a published formation is direct: its closing too (with an open revision it is refused
// before, classeur.analyzer.ts refuserRevisionsOuvertes). On the same plan (classeur.ecriture.ts).

export const CODE_RECRUTEMENT_FERME = 'CLASSEUR_RECRUTEMENT_FERME';

/** The closing at once of diffused sessions (fermeturesImmediates). */
export interface FermetureImmediate {
  /** The diffused sessions whose recruitment closes. */
  readonly fermees: readonly SessionInput[];
  /** The diffused version once written. */
  readonly apres: FormationInput;
  /** The recruitment rule's write (an organisme's), not a validateur's direct one. */
  readonly regle: boolean;
  /** The open revision carries the closing (`reprend`), or had nothing else and is abandoned. */
  readonly revision: 'reprend' | 'abandonnee' | null;
}

/** What the plan `ecriture` of `vue` closes at once on its diffused version, or null: nothing, or not at once. */
export function fermetureImmediate(vue: FormationVue, ecriture: Ecriture): FermetureImmediate | null {
  if (vue.statut !== 'publiee' || ecriture.archiver) return null;
  const diffusee = vue.publiee ?? vue.input;
  let apres = ecriture.input;
  let revision: FermetureImmediate['revision'] = null;
  if (vue.enRevision) {
    // The organisme's: the recruitment rule's decision, or a revision (null).
    const etats = recrutementsSeuls(diffusee, vue.input, ecriture.input);
    const effet = etats ? effetRecrutement(diffusee, vue.input, etats, !!vue.revisionOuverte) : null;
    if (!effet) return null;
    apres = effet.diffusee;
    revision = effet.revisionAbandonnee ? 'abandonnee' : effet.revision ? 'reprend' : null;
  }
  const etatApres = new Map(apres.sessions.map((s) => [s.id, s.etat_recrutement]));
  const fermees = diffusee.sessions.filter(
    (s) => s.id && s.etat_recrutement !== 'ferme' && etatApres.get(s.id) === 'ferme',
  );
  return fermees.length > 0 ? { fermees, apres, regle: vue.enRevision, revision } : null;
}

/**
 * What each published formation's planned write does at once, said on its rows, in one pass over
 * the targets:
 * - its yellow rows' closing, written at once (fermetureImmediate): each says which diffused
 *   sessions of its place close and what it means for the public, in the report's tense
 *   (CLASSEUR_RECRUTEMENT_FERME); the recruitment rule's are no longer « à valider »
 *   (CLASSEUR_EN_REVISION dropped) and name the revision they abandon (CLASSEUR_REVISION_ABANDONNEE);
 * - otherwise, the organisme's write that brings its open revision back to the diffused version
 *   (revisionRamenee, the decision services/formation.service.ts proposeRevision applies: a yellow
 *   row closing sessions the revision had reopened, a red cell restoring the diffused value…): its
 *   rows are no longer « à valider » and name the revision abandoned (CLASSEUR_REVISION_ABANDONNEE).
 * Mutates `lignes` (rows replaced, never moved).
 */
export function annoncerEcrituresImmediates(
  lignes: LigneRapport[],
  cibles: ReadonlyMap<string, Cible>,
  formations: ReadonlyMap<string, FormationVue>,
  ecriture: (cible: Cible) => Ecriture,
  apercu: boolean,
): void {
  for (const cible of cibles.values()) {
    const vue = cible.formationId ? formations.get(cible.formationId) : undefined;
    if (!vue) continue;
    const fermer = cible.lignes.some((l) => l.fermer);
    const revision = vue.enRevision && vue.statut === 'publiee' ? vue.revisionOuverte : null;
    if (!fermer && !revision) continue;
    const e = ecriture(cible);
    const f = fermetureImmediate(vue, e);
    if (f) {
      if (fermer) annoncerFermeture(lignes, cible, vue, f, apercu);
    } else if (revision && vue.publiee && !e.archiver && revisionRamenee(vue.publiee, e.input)) {
      const nom = { id: vue.id, intitule: vue.publiee.intitule ?? null };
      remplacerLignes(lignes, cible, (ligne, l) => ({
        ...ligne,
        a_valider: false,
        avertissements: [
          ...ligne.avertissements.filter((a) => a.code !== 'CLASSEUR_EN_REVISION'),
          {
            colonne: '',
            code: 'CLASSEUR_REVISION_ABANDONNEE',
            message: `Ligne ${l.ligne} : ${messageRevisionRamenee(nom, revision, apercu)}`,
          },
        ],
      }));
    }
  }
}

/** The rows of `cible` once its closing `f` is written at once (annoncerEcrituresImmediates). */
function annoncerFermeture(
  lignes: LigneRapport[],
  cible: Cible,
  vue: FormationVue,
  f: FermetureImmediate,
  apercu: boolean,
): void {
  const ids = new Set(f.fermees.map((s) => s.id));
  // What the public still sees of the diffused version (domain/diffusion.ts sessionsDiffusees).
  const restantes = f.apres.sessions.filter((s) => !ids.has(s.id) && s.etat_recrutement !== 'ferme').length;
  const nom = { id: vue.id, intitule: vue.publiee?.intitule ?? vue.input.intitule ?? null };
  remplacerLignes(lignes, cible, (ligne, l) => {
    const duLieu = l.fermer ? f.fermees.filter((s) => l.lieu?.sessions.some((x) => x.id === s.id)) : [];
    const avertissements = f.regle
      ? ligne.avertissements.filter((a) => a.code !== 'CLASSEUR_EN_REVISION')
      : [...ligne.avertissements];
    if (duLieu.length > 0) {
      avertissements.push({
        colonne: '',
        code: CODE_RECRUTEMENT_FERME,
        message: `Ligne ${l.ligne} : ${messageRecrutementFerme(duLieu, restantes, f.revision === 'reprend', apercu)}`,
      });
      if (f.revision === 'abandonnee' && vue.revisionOuverte)
        avertissements.push({
          colonne: '',
          code: 'CLASSEUR_REVISION_ABANDONNEE',
          message: `Ligne ${l.ligne} : ${messageRevisionSansObjet(nom, vue.revisionOuverte, apercu)}`,
        });
    }
    return f.regle ? { ...ligne, a_valider: false, avertissements } : { ...ligne, avertissements };
  });
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
