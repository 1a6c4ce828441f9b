// Plain French for a refused query or path parameter (API users read it, not developers): names
// the parameter and says what it must be, from the Zod issue (zod v4 issue shape).

interface Issue {
  code?: string;
  message?: string;
  expected?: string;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  values?: unknown[];
  format?: string;
}

const nombre = (n: number | bigint | undefined) => Number(n).toLocaleString('fr-FR');

const ATTENDU: Record<string, string> = {
  number: 'un nombre',
  int: 'un nombre entier',
  string: 'un texte',
  boolean: 'true ou false',
  date: 'une date',
};

/**
 * « Le paramètre <nom> … » for one issue; a message the schema wrote itself (starting with
 * « Le paramètre ») is kept as is.
 */
export function messageParametre(nom: string, issue: Issue | undefined, brut: string): string {
  if (issue?.message?.startsWith('Le paramètre ')) return issue.message;
  const p = `Le paramètre ${nom}`;
  switch (issue?.code) {
    case 'invalid_type':
      return `${p} doit être ${ATTENDU[issue.expected ?? ''] ?? 'une valeur valide'}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? `${p} ne doit pas dépasser ${nombre(issue.maximum)} caractères.`
        : `${p} doit être inférieur ou égal à ${nombre(issue.maximum)}.`;
    case 'too_small':
      return issue.origin === 'string'
        ? `${p} doit compter au moins ${nombre(issue.minimum)} caractère(s).`
        : `${p} doit être supérieur ou égal à ${nombre(issue.minimum)}.`;
    case 'invalid_value':
      return `${p} doit valoir l’une des valeurs : ${(issue.values ?? []).map(String).join(', ')}.`;
    case 'invalid_format':
      return `${p} n’a pas le format attendu${brut ? ` (${brut})` : ''}.`;
    default:
      return `${p} est invalide${brut ? ` : ${brut}` : ''}.`;
  }
}
