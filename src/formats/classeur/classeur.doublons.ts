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
  /** What the row's remark says after « Ligne n, colonne « Référence formation » : ». */
  readonly message: string;
}

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
  for (const [reference, groupe] of parReference) {
    if (groupe.length < 2) continue;
    // Per row: each cell as compared, and as quoted.
    const lues = groupe.map((l) =>
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
    for (const n of numeros)
      resultat.set(n, {
        copie: false,
        message: `${lesLignes(numeros)} de la feuille « ${FEUILLE_OFFRE} » portent la même référence « ${reference} » avec des valeurs différentes (${quoi}) : Offre ne peut pas savoir laquelle appliquer. ${LIGNE_LAISSEE}, comme ${lesLignes(numeros.filter((x) => x !== n))} : gardez-en une seule, puis importez de nouveau le classeur.`,
      });
  }
  return resultat;
}
