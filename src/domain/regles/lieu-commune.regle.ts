import {
  memeCommune,
  memeDepartement,
  mentionDuLieu,
  prefixeDepartementPostal,
  readCommune,
} from '../commune.ts';
import type { CommuneAncienneFact, CommuneFact, Provenance } from '../referentiel.ts';
import { echec, nonApplicable, passe, preuve, referentielAbsent, source } from './resultat.ts';
import type { ContexteControle, FormationAControler, ResultatControle, SessionAControler } from './types.ts';

// LIEU_COMMUNE (docs/regles.md § Sessions et lieux, docs/referentiels.md § Communes): postal
// code, commune and INSEE code of a place agree with the communes reference. Names are compared
// as people write them (article, La Poste label, CEDEX: see ../commune.ts); a delegated or
// associated commune's name or former code gives an alerte naming the current commune; a postal
// code absent from the reference (CEDEX) whose commune and INSEE code agree is never bloquant.

const CODE = 'LIEU_COMMUNE';

// Paris, Lyon and Marseille: the communes reference lists the arrondissements, not the parent code.
const VILLES_A_ARRONDISSEMENTS: Readonly<Record<string, RegExp>> = {
  '75056': /^751\d\d$/,
  '69123': /^6938\d$/,
  '13055': /^132\d\d$/,
};

/** The reference rows of an INSEE code (the arrondissements for Paris, Lyon and Marseille). */
export function communesPour(code: string, ctx: ContexteControle): readonly CommuneFact[] {
  const direct = ctx.faits.communesParInsee.get(code);
  if (direct?.length) return direct;
  const re = VILLES_A_ARRONDISSEMENTS[code];
  if (!re) return [];
  return [...ctx.faits.communesParInsee.entries()].filter(([k]) => re.test(k)).flatMap(([, v]) => v);
}

/** Indexes delegated and associated communes by their current commune's code and by their own former code. */
export function indexCommunesAnciennes(
  anciennes: readonly CommuneAncienneFact[],
): Map<string, CommuneAncienneFact[]> {
  const m = new Map<string, CommuneAncienneFact[]>();
  for (const a of anciennes)
    for (const k of new Set([a.code_insee, a.code_insee_ancien])) {
      if (!k) continue;
      const l = m.get(k);
      if (l) l.push(a);
      else m.set(k, [a]);
    }
  return m;
}

/** The delegated or associated commune of these current communes that this name designates. */
function ancienneNommee(
  nom: string,
  codes: readonly string[],
  ctx: ContexteControle,
): CommuneAncienneFact | undefined {
  for (const code of new Set(codes))
    for (const a of ctx.faits.communesAnciennes.get(code) ?? [])
      if (a.code_insee === code && memeCommune(nom, a.nom)) return a;
  return undefined;
}

const STATUT = { deleguee: 'commune déléguée', associee: 'commune associée' } as const;

interface Lieu {
  readonly s: SessionAControler;
  readonly i: number;
  readonly champ: string;
  readonly ref: Provenance;
}

/** One place: null when it agrees, else its result (bloquant or alerte). */
function checkLieu({ s, i, champ, ref }: Lieu, ctx: ContexteControle): ResultatControle | null {
  const cp = s.code_postal!;
  // The CEDEX mention, in the commune's name or in the « Cedex » field: the code is a CEDEX code.
  const lu = s.commune ? { cedex: mentionDuLieu(s) } : null;
  const parCp = ctx.faits.communesParCodePostal.get(cp) ?? [];
  const connues = parCp.map((c) => `${c.nom} (${c.code_insee})`).join(', ');
  const bloquant = (sous: string, message: string, fait: string) =>
    echec(CODE, `${champ}.${sous}`, message, preuve(ref, fait));
  const alerte = (sous: string, message: string, fait: string) =>
    echec(CODE, `${champ}.${sous}`, message, preuve(ref, fait), 'alerte');
  const cpInconnu = () =>
    bloquant(
      'code_postal',
      `Le code postal ${cp} de la session ${i + 1} n’existe pas dans le référentiel des communes${source(ref)} : corrigez-le.`,
      `code postal ${cp} absent`,
    );

  if (!s.code_insee) {
    if (parCp.length === 0)
      return lu?.cedex
        ? alerte(
            'code_insee',
            `Le code postal ${cp} de la session ${i + 1} est un code CEDEX (« ${readCommune(s.commune!).cedex ? s.commune : `${s.commune} ${lu.cedex}`} ») que le référentiel des communes ne liste pas : renseignez le code INSEE de la commune pour qu’il soit vérifié.`,
            `code postal ${cp} absent (CEDEX)`,
          )
        : cpInconnu();
    if (parCp.some((c) => memeCommune(s.commune!, c.nom))) return null;
    const a = ancienneNommee(
      s.commune!,
      parCp.map((c) => c.code_insee),
      ctx,
    );
    if (a) return ancienneAlerte(a, parCp, lieuDe(s, i), alerte);
    return bloquant(
      'commune',
      `La commune « ${s.commune} » ne correspond pas au code postal ${cp} de la session ${i + 1} (${connues}) : corrigez la commune ou le code postal.`,
      `code postal ${cp} : ${connues}`,
    );
  }

  // A former code (delegated or associated commune): read as its current commune.
  const code = s.code_insee;
  let candidates = communesPour(code, ctx);
  const ancienCode =
    candidates.length === 0
      ? (ctx.faits.communesAnciennes.get(code) ?? []).find(
          (a) => a.code_insee_ancien === code && a.code_insee !== code,
        )
      : undefined;
  if (ancienCode) candidates = communesPour(ancienCode.code_insee, ctx);
  const match = candidates.find((c) => c.code_postal === cp);
  const nomConcorde = (c: readonly CommuneFact[]) =>
    !lu || c.some((x) => memeCommune(s.commune!, x.nom)) || !!ancienneNommee(s.commune!, codes(c), ctx);

  if (!match) {
    // A postal code the reference does not list (CEDEX) or a CEDEX label: the department, the
    // commune and the INSEE code decide; never bloquant when they agree.
    // The département: the INSEE code's, or that of a postal code of the commune (a commune served
    // by an office across a border, e.g. Claret (04) by 05110).
    const prefixe = prefixeDepartementPostal(cp);
    const departement =
      memeDepartement(cp, code) || (!!prefixe && candidates.some((c) => c.code_postal.startsWith(prefixe)));
    if ((lu?.cedex || parCp.length === 0) && candidates.length > 0 && departement) {
      if (nomConcorde(candidates)) {
        if (lu?.cedex) return null;
        return alerte(
          'code_postal',
          `Le code postal ${cp} de la session ${i + 1} n’existe pas dans le référentiel des communes${source(ref)} ; la commune et le code INSEE ${code} (${candidates[0]!.nom}) concordent : s’il s’agit d’un code CEDEX, écrivez « CEDEX » après la commune, sinon corrigez le code postal.`,
          `code postal ${cp} absent ; ${code} : ${candidates[0]!.nom}`,
        );
      }
    }
    if (parCp.length === 0) return cpInconnu();
    return bloquant(
      'code_insee',
      `Le code INSEE ${code} ne correspond pas au code postal ${cp} de la session ${i + 1} : ce code postal couvre ${connues}. Corrigez le code INSEE ou le code postal.`,
      `code postal ${cp} : ${connues}`,
    );
  }
  if (ancienCode && (!lu || memeCommune(s.commune!, ancienCode.nom) || nomConcorde(candidates)))
    return alerte(
      'code_insee',
      `Le code INSEE ${code} de la session ${i + 1} est celui de l’ancienne commune ${ancienCode.nom}, aujourd’hui ${STATUT[ancienCode.statut]} de ${match.nom} (${match.code_insee}) : utilisez le code INSEE ${match.code_insee}.`,
      `${code} : ${ancienCode.nom}, ${STATUT[ancienCode.statut]} de ${match.nom} (${match.code_insee})`,
    );
  if (lu && !candidates.some((c) => memeCommune(s.commune!, c.nom))) {
    const a = ancienneNommee(s.commune!, codes(candidates), ctx);
    if (a) return ancienneAlerte(a, [match], lieuDe(s, i), alerte);
    return bloquant(
      'commune',
      `La commune « ${s.commune} » de la session ${i + 1} ne correspond pas au code INSEE ${code} (${match.nom}) : corrigez le nom de la commune.`,
      `${code} : ${match.nom}`,
    );
  }
  return null;
}

const codes = (c: readonly CommuneFact[]) => c.map((x) => x.code_insee);
const lieuDe = (s: SessionAControler, i: number) => ({ commune: s.commune!, n: i + 1 });

function ancienneAlerte(
  a: CommuneAncienneFact,
  actuelles: readonly CommuneFact[],
  lieu: { commune: string; n: number },
  alerte: (sous: string, message: string, fait: string) => ResultatControle,
): ResultatControle {
  const actuelle = actuelles.find((c) => c.code_insee === a.code_insee) ?? actuelles[0]!;
  const nom = `${actuelle.nom} (${a.code_insee})`;
  return alerte(
    'commune',
    `« ${lieu.commune} » (session ${lieu.n}) est une ${STATUT[a.statut]} de ${nom} : écrivez de préférence le nom de la commune actuelle, ${actuelle.nom}.`,
    `${a.nom} : ${STATUT[a.statut]} de ${nom}`,
  );
}

export function lieuCommune(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  if (f.sessions.length === 0) return [nonApplicable(CODE, 'sessions', 'Aucune session.')];
  const ref = ctx.faits.charges.communes;
  if (!ref) return [referentielAbsent(CODE, 'sessions', 'communes')];
  const out: ResultatControle[] = [];
  f.sessions.forEach((s, i) => {
    if (!s.code_postal || (!s.code_insee && !s.commune)) return;
    const r = checkLieu({ s, i, champ: `sessions[${i}].lieu`, ref }, ctx);
    if (r) out.push(r);
  });
  if (out.length) return out;
  const verifiees = f.sessions.some((s) => s.code_postal && (s.code_insee || s.commune));
  return [
    verifiees
      ? passe(
          CODE,
          'sessions',
          'Code postal, commune et code INSEE des lieux concordent.',
          preuve(ref, 'communes des lieux trouvées'),
        )
      : nonApplicable(CODE, 'sessions', 'Lieux non renseignés : voir le champ obligatoire.'),
  ];
}
