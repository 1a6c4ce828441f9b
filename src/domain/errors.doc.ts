import { CODES_ERREUR, ERREURS } from './errors.catalogue.ts';

// The table of error codes in docs/api.md, generated from the catalogue (npm run docs:erreurs),
// between two markers, so that the guide cannot drift from the codes the server answers.

export const DEBUT_ERREURS = '<!-- erreurs:debut (généré par « npm run docs:erreurs », ne pas modifier) -->';
export const FIN_ERREURS = '<!-- erreurs:fin -->';

const cellule = (s: string) => s.replaceAll('|', '\\|');

/** The Markdown tables of the catalogue: HTTP codes first, then the command line's own. */
export function tableErreurs(): string {
  const ligne = (c: (typeof CODES_ERREUR)[number]) =>
    `| \`${c}\` | ${ERREURS[c].status} | ${cellule(ERREURS[c].titre)} |`;
  const http = CODES_ERREUR.filter((c) => !('cli' in ERREURS[c]));
  const cli = CODES_ERREUR.filter((c) => 'cli' in ERREURS[c]);
  return [
    `${http.length} codes peuvent répondre à une requête HTTP (\`code\` du problem+json ; titre = \`title\`) :`,
    '',
    '| code | statut HTTP | titre |',
    '|---|---|---|',
    ...http.map(ligne),
    '',
    `${cli.length} codes ne concernent que la ligne de commande (message d’erreur, code de sortie 1) :`,
    '',
    '| code | statut nominal | titre |',
    '|---|---|---|',
    ...cli.map(ligne),
  ].join('\n');
}

/** `doc` with the text between the markers replaced by the table; throws when a marker is missing. */
export function avecTableErreurs(doc: string): string {
  const debut = doc.indexOf(DEBUT_ERREURS);
  const fin = doc.indexOf(FIN_ERREURS);
  if (debut < 0 || fin < debut)
    throw new Error(`Marqueurs ${DEBUT_ERREURS} … ${FIN_ERREURS} absents de docs/api.md.`);
  return `${doc.slice(0, debut + DEBUT_ERREURS.length)}\n${tableErreurs()}\n${doc.slice(fin)}`;
}
