import { ATTENDU_FORMAT, ATTENDU_TYPE, compte, recuEnMots, valeursOu } from './issue-zod.mots.ts';
import { type Lecture, nomDuChamp, type Probleme } from './issue-zod.ts';
import { nombreBrut } from './nombres.ts';

// « Le champ « sessions[0].debut » doit être … ; reçu : … » — one refused field of an API request
// in the API's words (docs/api.md « Erreurs »), from what its Zod issue says (issue-zod.ts): names
// the field as the contract writes it, says what was expected and, for a short scalar, what was
// received. Numbers with a plain space: the message is read in JSON, often in a terminal. The
// forms' words are probleme-champ.ts.

/** The bound in words: « ne doit pas dépasser 300 caractères », « doit être inférieur ou égal à 90 ». */
function borne(p: Extract<Probleme, { type: 'borne' }>): string {
  const n = p.unite ? compte(p.limite, p.unite, nombreBrut) : nombreBrut(p.limite);
  if (p.sens === 'max') {
    if (p.unite === 'caractere') return `ne doit pas dépasser ${n}`;
    if (p.unite) return `doit compter au plus ${n}`;
    return `doit être ${p.strict ? 'strictement inférieur à' : 'inférieur ou égal à'} ${n}`;
  }
  if (p.vide && p.unite === 'caractere') return 'ne doit pas être vide';
  if (p.unite) return `doit compter au moins ${n}`;
  return `doit être ${p.strict ? 'strictement supérieur à' : 'supérieur ou égal à'} ${n}`;
}

/**
 * The sentence for what one issue says (`l.chemin` names the field), a query or path `parametre`
 * saying « Le paramètre ». A message the schema wrote as a whole sentence about the parameter or
 * parameters (« Le paramètre limit … », « Les paramètres lon et rayon_km … ») is kept as is, the
 * value received added as to any other; so is one the schema wrote about body fields it names
 * itself (« Les champs « sessions[0].cle_externe » et « sessions[2].cle_externe » valent tous
 * deux … »), which quotes what it needs.
 */
export function messageChamp(l: Lecture, parametre: boolean): string {
  const propre = l.propre;
  if (propre && !parametre && /^Les? champs? « /.test(propre)) return propre;
  const nom = nomDuChamp(l.chemin);
  const sujet = parametre ? `Le paramètre ${nom}` : nom ? `Le champ « ${nom} »` : 'Le corps de la requête';
  const absent = l.recu === undefined;
  const recuDe = absent ? '' : ` ; reçu : ${recuEnMots(l.recu, nombreBrut, parametre)}`;
  if (propre) {
    // The value received, here for every message (07/12/2026: « limit=0 » and « rayon_km=0 » were
    // refused without it) — unless the message already quotes it (« département « 999 » inconnu »):
    // a bare `0` found in « plus de 0 et 1 000 » is no quote of it.
    const echo = absent || (typeof l.recu === 'string' && propre.includes(`« ${l.recu} »`)) ? '' : recuDe;
    const phrase = parametre && /^Les? paramètres? /.test(propre);
    return `${phrase ? '' : `${sujet} est invalide : `}${propre.replace(/\.$/, '')}${echo}.`;
  }
  const p = l.probleme;
  switch (p.type) {
    case 'type': {
      const a = ATTENDU_TYPE[p.attendu ?? ''];
      // In a URL a text is bare: « un texte », never « (chaîne JSON entre guillemets) ».
      const mots =
        (parametre && p.attendu === 'string' ? a?.mots : (a?.json ?? a?.mots)) ?? 'une valeur valide';
      if (absent) return `${sujet} est obligatoire : ${mots} est attendu.`;
      return `${sujet} doit être ${mots}${recuDe}.`;
    }
    case 'borne': {
      if (p.vide && p.unite === 'caractere' && typeof l.recu === 'string' && l.recu)
        return `${sujet} ne doit pas être vide (espaces seuls).`;
      const taille =
        p.taille !== undefined && p.unite
          ? compte(p.taille, p.unite, nombreBrut)
          : recuEnMots(l.recu, nombreBrut, parametre);
      return `${sujet} ${borne(p)} ; reçu : ${taille}.`;
    }
    case 'valeur':
      return p.valeurs.length <= 2
        ? `${sujet} doit valoir ${valeursOu(p.valeurs)}${recuDe}.`
        : `${sujet} doit valoir l’une des valeurs ${valeursOu(p.valeurs)}${recuDe}.`;
    case 'format': {
      const a = ATTENDU_FORMAT[p.format ?? ''];
      if (a?.mots) return `${sujet} doit être ${a.mots}${a.exemple ? ` (${a.exemple})` : ''}${recuDe}.`;
      return `${sujet} n’a pas le format attendu${p.format ? ` (${p.format})` : ''}${recuDe}.`;
    }
    case 'inconnu':
      return `${sujet} contient un champ inconnu : ${p.cles.join(', ')}.`;
    case 'union':
      if (!p.proche) return `${sujet} n’a aucune des formes admises (voir docs/api.md)${recuDe}.`;
      return `${sujet} n’a aucune des formes admises ; la plus proche demande : ${p.proche.map((s) => messageChamp(s, parametre)).join(' ')}`;
    case 'multiple':
      return `${sujet} n’est pas un multiple admis${recuDe}.`;
    default:
      return `${sujet} est invalide${recuDe}.`;
  }
}
