import { de } from './elision.ts';
import {
  type EtatPlateforme,
  isAPublier,
  LIBELLES_ACTIONS_PLATEFORME,
  libelleStatutPlateforme,
  NOMS_PLATEFORMES,
  type Plateforme,
} from './plateforme.ts';
import { enumeration } from './pluriel.ts';
import { libelleRegle } from './regles/definitions.ts';

// Why the recomputation (services/conformite.service.ts, actor `systeme:conformite`) moved an
// offer's status on a platform: the reason written with the move in the offer's platform history
// (action RECALCUL), as every history page and the API show it (docs/conformite.md « Parcoursup
// et Affelnet »).

/** The platform history's action of a status moved by the recomputation. */
export const RECALCUL = 'recalcul';

/** What the recomputation read of an offer when it moved its status. */
export interface CauseRecalcul {
  /** Why the offer is outside the platforms' perimeter (horsPerimetrePlateformes), null inside. */
  readonly hors: string | null;
  /** Its failing rules that keep it from the platforms: of severity `plateforme`, and `bloquant` ones. */
  readonly echecs: readonly { readonly code: string; readonly severite: string }[];
  /** The scope rule that applies (regleApplicable), null when none covers the offer. */
  readonly regle: { readonly id: number; readonly statut: string } | null;
  /** Why the platform takes no more offers this campaign (campagne.ts fermeturePlateforme), or null. */
  readonly fermeture: string | null;
}

/** What a history entry of the recomputation records beside the move: its reason and the rules named. */
export interface RaisonRecalcul {
  readonly raison: string;
  /** Codes of the failing rules that made the offer non-publishable (empty otherwise). */
  readonly regles: readonly string[];
}

const nommee = (code: string) => {
  const l = libelleRegle(code);
  return l ? `${code} (${l})` : code;
};

const regleDe = (r: { readonly id: number; readonly statut: string }) =>
  `règle de périmètre n° ${r.id} : « ${libelleStatutPlateforme(r.statut)} »`;

/**
 * The reason the recomputation moved offer status `avant` to `apres` on `p`, from what it read
 * (`c`). Non-publishable: the first of — outside the perimeter (and the blocking rules that took it
 * out of the Catalogue général), the failing `plateforme` rules, no scope rule, a scope rule that
 * excludes it. Back in: an instructeur's decision kept applies again; published on the platform
 * the campaign before (ready for integration at once); else publishable (first time or again) —
 * « à publier »: an earlier « Publier » is not taken back, an instructeur decides again.
 */
export function raisonRecalcul(
  p: Plateforme,
  avant: Pick<EtatPlateforme, 'statut' | 'annee'>,
  apres: Pick<EtatPlateforme, 'statut' | 'decision' | 'annee'>,
  c: CauseRecalcul,
): RaisonRecalcul {
  const nom = NOMS_PLATEFORMES[p];
  const campagne = avant.annee !== apres.annee ? `Nouvelle campagne ${apres.annee} : ` : '';
  if (apres.statut === 'non_publiable') {
    if (c.hors) {
      const bloquants = c.echecs.filter((e) => e.severite === 'bloquant').map((e) => e.code);
      const detail = bloquants.length
        ? ` (${bloquants.length > 1 ? 'règles bloquantes en échec' : 'règle bloquante en échec'} : ${enumeration(bloquants.map(nommee))})`
        : '';
      return {
        raison: `${campagne}hors du périmètre ${de(nom)} : ${c.hors}${detail}.`,
        regles: bloquants,
      };
    }
    const echecs = c.echecs.filter((e) => e.severite === 'plateforme').map((e) => e.code);
    if (echecs.length)
      return {
        raison: `${campagne}${echecs.length > 1 ? 'règles en échec' : 'règle en échec'} : ${enumeration(echecs.map(nommee))}.`,
        regles: echecs,
      };
    if (!c.regle)
      return { raison: `${campagne}aucune règle de périmètre ${de(nom)} ne couvre l’offre.`, regles: [] };
    return { raison: `${campagne}la ${regleDe(c.regle)} exclut l’offre ${de(nom)}.`, regles: [] };
  }
  if (apres.decision && apres.statut === apres.decision) {
    const decision = apres.decision === 'non_publie' ? 'non_publier' : 'mettre_en_attente';
    return {
      raison: `${campagne}l’offre est de nouveau dans le périmètre ${de(nom)} : la décision d’instructeur « ${LIBELLES_ACTIONS_PLATEFORME[decision]} » gardée s’applique de nouveau.`,
      regles: [],
    };
  }
  if (apres.statut === 'pret_pour_integration')
    return {
      raison: `${campagne}publiée sur ${nom} la campagne précédente : prête pour intégration sans nouvelle décision.`,
      regles: [],
    };
  if (isAPublier(apres.statut)) {
    const regle = c.regle ? ` (${regleDe(c.regle)})` : '';
    const fermeture = c.fermeture ? ` ${c.fermeture}` : '';
    return {
      raison:
        avant.statut === 'non_publiable'
          ? `${campagne}l’offre devient publiable${regle} : plus aucune condition ne l’écarte ${de(nom)}. Un instructeur décide de sa publication (une décision « Publier » antérieure n’est pas reprise).${fermeture}`
          : `${campagne}l’offre est à publier${regle}.${fermeture}`,
      regles: [],
    };
  }
  return { raison: `${campagne}statut recalculé.`, regles: [] };
}
