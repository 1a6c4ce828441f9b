import {
  ATTENDU_FORMAT,
  ATTENDU_TYPE,
  type Attendu,
  compte,
  recuEnMots,
  valeursOu,
} from './issue-zod.mots.ts';
import { type IssueZod, type Lecture, lireIssue, type Probleme } from './issue-zod.ts';
import { nombre } from './nombres.ts';
import { accord } from './pluriel.ts';

// « Intitulé : 5 000 caractères, 300 au plus. » — a refused field in the words of the form's
// messages (« Libellé : problème. »), for the reports that name a field outside the HTTP API (the
// LHEO import, rejected rows of reference files). The issue is read by issue-zod.ts; the API's
// sentences are message-champ.ts.

/** « une liste attendue », « une adresse électronique attendue (nom@domaine.fr) ». */
const attendu = (a: Attendu | undefined, sinon: string) =>
  a?.mots ? `${a.mots} attendu${a.accord ?? ''}${a.exemple ? ` (${a.exemple})` : ''}` : sinon;

/** The bound as allowed: « 300 au plus », « 2 caractères au moins », « moins de 5 » (a strict bound). */
function borne(p: Extract<Probleme, { type: 'borne' }>, avecUnite: boolean): string {
  const n = nombre(p.limite);
  if (p.strict) return `${p.sens === 'max' ? 'moins' : 'plus'} de ${n}`;
  const u = avecUnite && p.unite ? compte(p.limite, p.unite, nombre) : n;
  return `${u} ${p.sens === 'max' ? 'au plus' : 'au moins'}`;
}

/** The problem alone, from what the issue says: « 5 000 caractères, 300 au plus ». */
export function problemeDe(l: Lecture): string {
  if (l.propre) return l.propre.replace(/\.$/, '');
  const p = l.probleme;
  const vu = l.recu === undefined ? '' : `, reçu ${recuEnMots(l.recu, nombre)}`;
  switch (p.type) {
    case 'borne': {
      if (p.vide) return p.unite === 'caractere' ? 'vide, à renseigner' : 'liste vide, un élément au moins';
      const recu =
        p.taille !== undefined && p.unite
          ? compte(p.taille, p.unite, nombre)
          : typeof l.recu === 'number' && Number.isFinite(l.recu)
            ? nombre(l.recu)
            : undefined;
      return recu ? `${recu}, ${borne(p, false)}` : borne(p, true);
    }
    case 'type': {
      const a = attendu(ATTENDU_TYPE[p.attendu ?? ''], 'une autre valeur attendue');
      return l.recu === undefined || l.recu === null ? `à renseigner : ${a}` : `${a}${vu}`;
    }
    case 'format':
      return `${attendu(ATTENDU_FORMAT[p.format ?? ''], 'format non reconnu')}${vu}`;
    case 'valeur':
      return p.valeurs.length
        ? `valeur non prévue, ${valeursOu(p.valeurs)} attendu${p.valeurs.length > 1 ? 'e' : ''}`
        : 'valeur non prévue';
    case 'inconnu':
      return p.cles.length
        ? `${accord(p.cles.length, 'champ inconnu', 'champs inconnus')} : ${p.cles.join(', ')}`
        : 'champ inconnu';
    default:
      return 'valeur invalide';
  }
}

/** The problem alone of one Zod issue (zod v4 shape, with `reportInput`). */
export const problemeDeIssue = (issue: IssueZod): string => problemeDe(lireIssue(issue));

/** « Libellé : problème. » (the form's erreurChamp shape) for one issue. */
export function messageDeIssue(libelle: string, issue: IssueZod): string {
  return `${libelle} : ${problemeDeIssue(issue)}.`;
}
