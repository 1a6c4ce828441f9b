import { OffreError } from '../domain/errors.ts';
import { type IssueZod, lireIssue } from '../domain/issue-zod.ts';
import { messageChamp as phraseDe } from '../domain/message-champ.ts';

// One refused field of an API request (body, query or path), from its Zod issue: this module only
// names the request's place; the issue is read and worded in the domain (issue-zod.ts,
// message-champ.ts). src/http/errors.handler.ts calls it for every route. Also the query's own
// refusal: a parameter given twice.

/** Where the field was: the JSON body, or a query or path parameter. */
export type Lieu = 'body' | 'querystring' | 'params' | 'headers';

/**
 * A query parameter sent more than once (`?limit=5&limit=6`, which the query parser makes a list)
 * where one value is expected: « Le paramètre « limit » est donné plusieurs fois : donnez-le une
 * seule fois. » (code PARAMETRE_REPETE); null for anything else.
 */
export function messageRepete(chemin: string, lieu: Lieu, input: unknown): string | null {
  if (lieu !== 'querystring' || !Array.isArray(input) || !chemin || chemin.includes('.')) return null;
  return `Le paramètre « ${chemin} » est donné plusieurs fois : donnez-le une seule fois.`;
}

/**
 * A page's parameter expected once (`?region=`, `?annee=`, a journal filter): its value, or, when
 * the query gives it several times, 400 PARAMETRE_REPETE on its field (messageRepete) — neither
 * value is taken, as the API refuses a repeated parameter.
 */
export function parametreUnique(v: unknown, champ: string, lieu: Lieu = 'querystring'): unknown {
  const repete = messageRepete(champ, lieu, v);
  if (repete) throw new OffreError('PARAMETRE_REPETE', repete, { champ });
  return v;
}

/**
 * « Le champ « sessions[0].debut » doit être … ; reçu : … » for one issue at `chemin` (dotted
 * path, as in `erreurs[].champ`), `input` being the value sent there (undefined when absent).
 * Query and path parameters say « Le paramètre ».
 */
export function messageChamp(chemin: string, lieu: Lieu, issue: IssueZod, input: unknown): string {
  return phraseDe(lireIssue(issue, chemin, input), lieu === 'querystring' || lieu === 'params');
}
