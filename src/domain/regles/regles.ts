import { type TypeOffre, typesOffre } from '../type-offre.ts';
import { reglesCertification } from './certification.regles.ts';
import { reglesConventionne } from './conventionne.regles.ts';
import { REGLES } from './definitions.ts';
import { reglesFormation } from './formation.regles.ts';
import { reglesOrganismes } from './organismes.regles.ts';
import { nonApplicable } from './resultat.ts';
import { reglesSessions } from './sessions.regles.ts';
import type { ContexteControle, FormationAControler, ResultatControle, Severite } from './types.ts';

// Runs every rule of docs/regles.md (the table of codes, severities and labels: definitions.ts).

export { REGLES, type RegleDefinition } from './definitions.ts';

export const CODES = REGLES.map((x) => x.code);

/** The effect of a bloquant rule of session scope (docs/regles.md). */
export const EFFET_SESSION =
  'Session retenue : ni transmise ni visible ; les autres sessions restent diffusées';

export const EFFETS: Readonly<Record<Severite, string>> = {
  bloquant: 'Non réglementaire : ni transmise ni visible dans la recherche publique',
  plateforme: 'Reste au Catalogue général, mais ni Parcoursup ni Affelnet',
  alerte: 'Signalée au propriétaire et aux gestionnaires, sans effet sur la diffusion',
};

const PAR_CODE = new Map(REGLES.map((x) => [x.code, x]));
const NOMS_TYPES: Readonly<Record<TypeOffre, string>> = {
  apprentissage: 'l’offre en apprentissage',
  conventionne: 'l’offre conventionnée',
};

/**
 * The groups of rules, in the order of their results. Called through this list (one call site for
 * five functions), none is inlined into checkFormation: V8 compiles each group alone, and a group
 * that meets an object of a new shape (a session without a member, a FORM_DOUBLON failure naming
 * its formation) recompiles alone, not the whole rule set inlined into one function — recompiled
 * 3 to 5 times per import before (docs/mesures.md, « Import LHEO : où va le CPU du CLI »).
 */
const GROUPES: readonly ((f: FormationAControler, ctx: ContexteControle) => ResultatControle[])[] = [
  reglesOrganismes,
  reglesCertification,
  reglesFormation,
  reglesSessions,
  reglesConventionne,
];

/**
 * Every result of every rule for one formation. A rule that does not apply to the offer's types
 * is `non_applicable`, whatever it would have found, with a message naming the type it reads.
 */
export function checkFormation(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const types = typesOffre(f);
  const horsType = new Set<string>();
  const out: ResultatControle[] = [];
  const tous: ResultatControle[] = [];
  for (const groupe of GROUPES) for (const x of groupe(f, ctx)) tous.push(x);
  for (const x of tous) {
    const def = PAR_CODE.get(x.code);
    if (!def || def.types.some((t) => types.includes(t))) out.push(x);
    else if (!horsType.has(x.code)) {
      horsType.add(x.code);
      const pour = def.types.map((t) => NOMS_TYPES[t]).join(' et ');
      out.push(
        nonApplicable(
          x.code,
          null,
          `Règle propre à ${pour} : elle ne concerne pas cette offre.`,
          [],
          x.severite,
        ),
      );
    }
  }
  return out;
}

export interface Derives {
  readonly catalogue: 'general' | 'non_reglementaire';
  /** Ids of the sessions withheld from diffusion by a bloquant rule of session scope. */
  readonly sessionsRetenues: readonly string[];
  readonly certifiee: boolean;
  /** Some plateforme-severity rule fails: out of Parcoursup and Affelnet. */
  readonly echecPlateforme: boolean;
}

/** The index of the session a result names (`sessions[2].numero_marche` → 2), or null. */
export const indexSession = (champ: string | null): number | null => {
  const m = champ ? /^sessions\[(\d+)\]/.exec(champ) : null;
  return m ? Number(m[1]) : null;
};

/**
 * The verdicts of one formation from its results. A bloquant failure of session scope that names
 * its session withholds that session only; when it withholds every session, nothing is left to
 * diffuse and the formation is Non réglementaire as for any other bloquant failure.
 * `sessions`: the checked formation's sessions, in the order the results' `sessions[i]` count.
 */
export function deriver(
  resultats: readonly ResultatControle[],
  sessions: readonly { readonly id: string }[] = [],
): Derives {
  const echecs = resultats.filter((x) => x.resultat === 'echec');
  const retenues = new Set<string>();
  const bloquants = echecs.filter((x) => {
    if (x.severite !== 'bloquant') return false;
    const i = PAR_CODE.get(x.code)?.portee === 'session' ? indexSession(x.champ) : null;
    const s = i === null ? undefined : sessions[i];
    if (!s) return true;
    retenues.add(s.id);
    return false;
  });
  const toutRetenu = sessions.length > 0 && sessions.every((s) => retenues.has(s.id));
  return {
    catalogue: bloquants.length > 0 || toutRetenu ? 'non_reglementaire' : 'general',
    sessionsRetenues: [...retenues],
    certifiee: resultats.some((x) => x.code === 'ORG_QUALIOPI_APPRENTISSAGE' && x.resultat === 'passe'),
    echecPlateforme: echecs.some((x) => x.severite === 'plateforme'),
  };
}
