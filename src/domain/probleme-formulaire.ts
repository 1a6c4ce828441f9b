import type { Lecture } from './issue-zod.ts';
import { nombre } from './nombres.ts';

// « le texte est trop long : 3 412 caractères, 3 000 au plus » — a schema's refusal in the words of
// the space's forms (the formation and the session forms, espace.service.ts `valider`), the issue
// read by the one reader (issue-zod.ts). The LHEO report and the reference files word the same
// Lecture their way (probleme-champ.ts), the API its own (message-champ.ts).

const PAS_VALIDE = 'la valeur n’est pas valide';

/** Past a maximum: the bound and what was sent, when it is a text, a list or a number. */
function tropGrand(p: Extract<Lecture['probleme'], { type: 'borne' }>, recu: unknown): string {
  // A number's strict bound (`.lt(10)`) reads as the whole number below it, as the forms always said.
  const max = p.strict ? p.limite - 1 : p.limite;
  if (!Number.isFinite(max)) return 'le texte est trop long';
  if (p.unite === 'caractere' && p.taille !== undefined)
    // Characters as the schema counts them (code points: an emoji is one).
    return `le texte est trop long : ${nombre(p.taille)} caractères, ${nombre(max)} au plus`;
  if (p.unite === 'element' && Array.isArray(recu))
    return `trop d’éléments : ${nombre(recu.length)}, ${nombre(max)} au plus`;
  if (p.unite === undefined && typeof recu === 'number')
    return `la valeur est trop grande : ${nombre(recu)}, ${nombre(max)} au plus`;
  return 'le texte est trop long';
}

/**
 * The problem alone, as the space's forms say it. Only a refinement's own message is kept (a
 * schema's message on a format, a type or a bound gives way to these words); « valeur non
 * proposée » for a value not among the allowed ones.
 */
export function problemeDuFormulaire(l: Lecture): string {
  const p = l.probleme;
  switch (p.type) {
    case 'borne':
      return p.sens === 'max' ? tropGrand(p, l.recu) : 'la valeur est trop petite';
    case 'format':
      return 'le format n’est pas valide';
    case 'valeur':
      return 'valeur non proposée : choisissez-en une dans la liste';
    case 'autre':
      return l.propre ?? PAS_VALIDE;
    default:
      return PAS_VALIDE;
  }
}
