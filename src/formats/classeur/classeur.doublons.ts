import type { SessionInput } from '../../domain/formation.schema.ts';
import { LIGNE_LAISSEE } from '../../domain/import-apercu.ts';
import { enumeration } from '../../domain/pluriel.ts';
import { sessionEnDouble } from '../../domain/session-saisie.ts';
import { nomSession } from '../../domain/sessions-noms.ts';
import type { Cible, FormationVue } from './classeur.cibles.ts';
import { type CleColonne, type Colonne, FEUILLE_OFFRE } from './classeur.columns.ts';
import { sessionAjoutee } from './classeur.plan.ts';
import type { LigneLue } from './classeur.reader.ts';
import { avertirLigne, type LigneRapport } from './classeur.report.ts';
import { canoniser } from './classeur.values.ts';

// Two identical sessions of one formation (same days, same place) from a workbook: the check of
// the session form (domain/session-saisie.ts sessionEnDouble), said as a warning on the row that
// adds the second one. Nothing is refused: two groups may really start the same day at one place.

export const CODE_SESSION_EN_DOUBLE = 'CLASSEUR_SESSION_EN_DOUBLE';

/** A session the formation has or will have, with the row that adds it (null: already stored). */
type SessionVue = SessionInput & { readonly ligneClasseur: number | null };

/**
 * Adds CLASSEUR_SESSION_EN_DOUBLE to each valid row whose new session has the days and place of
 * one of its formation's: a stored one, or one an earlier row adds. Mutates `lignes`.
 */
export function signalerSessionsEnDouble(
  lignes: LigneRapport[],
  cibles: ReadonlyMap<string, Cible>,
  formations: ReadonlyMap<string, FormationVue>,
  apercu: boolean,
): void {
  for (const cible of cibles.values()) {
    const vue = cible.formationId ? formations.get(cible.formationId) : undefined;
    const sessions: SessionVue[] = (vue?.input.sessions ?? []).map((s) => ({ ...s, ligneClasseur: null }));
    for (const l of cible.lignes) {
      const s = sessionAjoutee(l);
      if (!s) continue;
      const double = sessionEnDouble(s, sessions);
      sessions.push({ ...s, ligneClasseur: l.ligne });
      if (!double) continue;
      avertirLigne(lignes, l.ligne, {
        colonne: '',
        code: CODE_SESSION_EN_DOUBLE,
        message: message(l.ligne, s, double, apercu, vue ? null : cible.lignes[0]!.ligne),
      });
    }
  }
}

const nom = (s: SessionInput) => nomSession(s) ?? 'session sans dates';

/** `premiere`: the first row of the new formation the rows create (null: an existing formation). */
function message(
  n: number,
  s: SessionInput,
  double: SessionVue,
  apercu: boolean,
  premiere: number | null,
): string {
  const autre =
    double.ligneClasseur !== null
      ? `la ${nom(double)} de la ligne ${double.ligneClasseur}`
      : `sa ${nom(double)} déjà enregistrée${double.id ? ` (référence ${double.id})` : ''}`;
  const formation =
    premiere === null
      ? `la formation ${apercu ? 'aura' : 'a'}`
      : `cette ligne et la ligne ${premiere} font une seule nouvelle formation, qui ${apercu ? 'aura' : 'a'}`;
  return `Ligne ${n} : ${formation} deux sessions identiques (mêmes dates, même lieu) : la ${nom(s)} de cette ligne et ${autre}. Vérifiez qu’il ne s’agit pas de la même session : si c’est le cas, supprimez l’une des deux.`;
}

// Two rows with the same reference (one session's row copied lower down, a sort gone wrong): each
// would be applied to the same session, the last one silently winning (a fresh user's report,
// 07/12/2026: « Capacité » 18 on row 4, 40 on its copy at row 15, the offer ended with 40). Rows
// that differ are all refused — which one is meant cannot be known — and the rest of the workbook
// is applied, as any row in error; an identical copy is applied once, by the first row, and the
// copy says so (a warning). Only references naming a session: a formation's reference alone is
// shared on purpose by the rows of its new places (CLASSEUR_SESSION_EN_DOUBLE above).

export const CODE_LIGNE_EN_DOUBLE = 'CLASSEUR_LIGNE_EN_DOUBLE';

/** A row whose reference another row of the sheet has too. */
export interface LigneEnDouble {
  /** An identical copy of an earlier row (a warning, the row changes nothing); else an error. */
  readonly copie: boolean;
  /**
   * A copy of row `originale` (the session as downloaded) that differs from it only by its
   * session's cells, at another place or with other dates, both given: it adds a session to the
   * formation, as a row of its reference alone would (no remark). Absent: `copie` decides.
   */
  readonly ajout?: { readonly originale: number };
  /** What the row's remark says after « Ligne n, colonne « Référence formation » : » (empty for `ajout`). */
  readonly message: string;
}

/**
 * How a row's session cells compare with the session its reference names, as downloaded (the
 * sheet `Versions`; without it, as stored): `exacte`, its place and dates; `lieu`, its place, the
 * place having had no session of the campaign (the row may give its dates); null otherwise.
 */
export type SessionTelechargee = (l: LigneLue) => 'exacte' | 'lieu' | null;

/** The columns that tell one session from another: its place and its dates. */
const LIEU_ET_DATES: readonly CleColonne[] = ['adresse', 'codePostal', 'commune', 'uaiLieu', 'debut', 'fin'];

/** At most this many differing columns named in the message (then « et N autres colonnes »). */
const COLONNES_NOMMEES = 3;

const lesLignes = (ns: readonly number[]) =>
  ns.length === 1 ? `la ligne ${ns[0]}` : `les lignes ${enumeration(ns.map(String))}`;
const auxLignes = (ns: readonly number[]) =>
  ns.length === 1 ? `à la ligne ${ns[0]}` : `aux lignes ${enumeration(ns.map(String))}`;

/**
 * The rows of `lues` that share their reference (a session's) with another row, by row number.
 * Rows are the same when every cell has the same value as the import reads it (canoniser: « Oui »
 * and « oui », a date typed or as Excel writes it) and both are yellow or neither; a cell's red
 * colour aside (it changes nothing in the value applied).
 */
export function lignesEnDouble(
  lues: readonly LigneLue[],
  colonnes: readonly Colonne[],
  /** Absent: no row is read as a copy adding a session. */
  sessionTelechargee?: SessionTelechargee,
): Map<number, LigneEnDouble> {
  const resultat = new Map<number, LigneEnDouble>();
  // Most workbooks have no repeated reference: one pass over the raw cells, nothing else.
  const parReference = new Map<string, LigneLue[]>();
  let repetee = false;
  for (const l of lues) {
    const ref = l.valeurs.reference?.trim();
    if (!ref?.includes('/')) continue;
    const deja = parReference.get(ref);
    if (deja) {
      deja.push(l);
      repetee = true;
    } else parReference.set(ref, [l]);
  }
  if (!repetee) return resultat;
  const autres = colonnes.filter((c) => c.cle !== 'reference');
  for (const [reference, tout] of parReference) {
    if (tout.length < 2) continue;
    // Per row: each cell as compared, and as quoted.
    const toutesLues = tout.map((l) =>
      autres.map((c) => {
        const brut = l.valeurs[c.cle as CleColonne] ?? null;
        const r = canoniser(c, brut);
        const cle = r.ok ? `=${r.valeur ?? ''}` : `!${brut}`;
        const vue =
          r.ok && r.valeur !== null && c.genre === 'date'
            ? r.valeur.split('-').reverse().join('/')
            : brut?.trim();
        return { cle, vue: vue ? `« ${vue} »` : 'aucune valeur' };
      }),
    );
    const { originale, ajouts } = copiesAjoutees(tout, toutesLues, autres, sessionTelechargee);
    for (const j of ajouts)
      resultat.set(tout[j]!.ligne, {
        copie: false,
        ajout: { originale: tout[originale!]!.ligne },
        message: '',
      });
    // The other rows of the reference: copies of the original, or rows Offre cannot choose between.
    const groupe = tout.filter((_, j) => !ajouts.includes(j));
    const lues = toutesLues.filter((_, j) => !ajouts.includes(j));
    if (groupe.length < 2) continue;
    const fermees = groupe.map((l) => l.jaune === 'ligne');
    const differences: string[] = [];
    autres.forEach((c, i) => {
      const valeurs = new Map<string, { vue: string; lignes: number[] }>();
      lues.forEach((cellules, j) => {
        const { cle, vue } = cellules[i]!;
        const v = valeurs.get(cle) ?? { vue, lignes: [] };
        v.lignes.push(groupe[j]!.ligne);
        valeurs.set(cle, v);
      });
      if (valeurs.size > 1)
        differences.push(
          `« ${c.entete} » : ${[...valeurs.values()].map((v) => `${v.vue} ${auxLignes(v.lignes)}`).join(', ')}`,
        );
    });
    const jaunes = groupe.filter((_, j) => fermees[j]).map((l) => l.ligne);
    const numeros = groupe.map((l) => l.ligne);
    if (jaunes.length > 0 && jaunes.length < groupe.length)
      differences.unshift(
        `en jaune, pour fermer le lieu : ${lesLignes(jaunes)}, pas ${lesLignes(numeros.filter((n) => !jaunes.includes(n)))}`,
      );
    if (differences.length === 0) {
      const premiere = numeros[0]!;
      for (const n of numeros.slice(1))
        resultat.set(n, {
          copie: true,
          message: `cette ligne est une copie de la ligne ${premiere} de la feuille « ${FEUILLE_OFFRE} » (même référence « ${reference} », mêmes valeurs) : seule la ligne ${premiere} compte, celle-ci n’ajoute rien ; supprimez-la du classeur.`,
        });
      continue;
    }
    const nommees = differences.slice(0, COLONNES_NOMMEES).join(' ; ');
    const reste = differences.length - COLONNES_NOMMEES;
    const quoi =
      reste > 0 ? `${nommees} ; et ${reste} ${reste === 1 ? 'autre colonne' : 'autres colonnes'}` : nommees;
    // The rows that write another session (place or dates) than the original (else the first):
    // copies meant to add one, most likely; how to, said exactly.
    const base = originale === null ? 0 : groupe.indexOf(tout[originale]!);
    const idLieuEtDates = autres
      .map((c, i) => (LIEU_ET_DATES.includes(c.cle as CleColonne) ? i : -1))
      .filter((i) => i >= 0);
    const copiees = groupe
      .filter((_, j) => j !== base && idLieuEtDates.some((i) => lues[j]![i]!.cle !== lues[base]![i]!.cle))
      .map((l) => l.ligne);
    const formationId = reference.split('/')[0]!;
    const conseil =
      copiees.length > 0
        ? ` Pour ajouter une session à cette formation, gardez seulement « ${formationId} » dans la colonne « Référence formation » ${copiees.length === 1 ? `de la ligne copiée (ligne ${copiees[0]})` : `des lignes copiées (lignes ${enumeration(copiees.map(String))})`} : ${copiees.length === 1 ? 'elle ajoutera' : 'chacune ajoutera'} la session de son lieu et de ses dates.`
        : '';
    for (const n of numeros)
      resultat.set(n, {
        copie: false,
        message: `${lesLignes(numeros)} de la feuille « ${FEUILLE_OFFRE} » portent la même référence « ${reference} » avec des valeurs différentes (${quoi}) : Offre ne peut pas savoir laquelle appliquer. ${LIGNE_LAISSEE}, comme ${lesLignes(numeros.filter((x) => x !== n))} : gardez-en une seule, puis importez de nouveau le classeur.${conseil}`,
      });
  }
  return resultat;
}

/**
 * Of rows sharing one session's reference (`lues`: each cell's compared key, in `autres`' order),
 * the original — the one row that is the session as downloaded (sessionTelechargee: `exacte`,
 * several only when identical; else the one `lieu`) — and the copies that add a session: not
 * yellow, differing from it only by session cells (place, capacity, dates), with another place or
 * other dates, both dates given, while every other row is an identical copy of it. Indices in
 * `groupe`; none when any of that is not so (the rows are then refused, or copies).
 */
function copiesAjoutees(
  groupe: readonly LigneLue[],
  lues: readonly (readonly { cle: string }[])[],
  autres: readonly Colonne[],
  sessionTelechargee: SessionTelechargee | undefined,
): { originale: number | null; ajouts: number[] } {
  const aucune = { originale: null, ajouts: [] };
  if (!sessionTelechargee) return aucune;
  const statuts = groupe.map(sessionTelechargee);
  const differe = (j: number, k: number) =>
    autres.map((_, i) => i).filter((i) => lues[j]![i]!.cle !== lues[k]![i]!.cle);
  const exactes = statuts.flatMap((s, j) => (s === 'exacte' ? [j] : []));
  const parLieu = statuts.flatMap((s, j) => (s === 'lieu' ? [j] : []));
  const o =
    exactes.length > 0
      ? exactes.every((j) => differe(j, exactes[0]!).length === 0)
        ? exactes[0]!
        : null
      : parLieu.length === 1
        ? parLieu[0]!
        : null;
  if (o === null) return aucune;
  if (groupe.some((l) => l.jaune === 'ligne')) return { originale: o, ajouts: [] };
  const session = (i: number) => autres[i]!.portee === 'lieu' || autres[i]!.portee === 'date';
  const identite = (i: number) => LIEU_ET_DATES.includes(autres[i]!.cle as CleColonne);
  const date = (cle: CleColonne) => {
    const i = autres.findIndex((c) => c.cle === cle);
    return (j: number) => lues[j]![i]!.cle.length > 1 && lues[j]![i]!.cle.startsWith('=');
  };
  const [debut, fin] = [date('debut'), date('fin')];
  const ajouts: number[] = [];
  for (let j = 0; j < groupe.length; j++) {
    if (j === o) continue;
    const d = differe(j, o);
    if (d.length === 0) continue;
    if (!d.every(session) || !d.some(identite) || !debut(j) || !fin(j)) return { originale: o, ajouts: [] };
    ajouts.push(j);
  }
  return { originale: o, ajouts };
}
