// Trivially simple passwords, pure: what a length rule alone lets through.

/**
 * Runs a trivially simple password is made of, lower-case: the alphabet, the digits (cyclic, so
 * « 7890123 » is one), and the letter rows of the AZERTY, QWERTY and QWERTZ keyboards read left to
 * right, row after row (« azertyuiop », « qsdfghjklm », « wxcvbn »). Each is also read backwards.
 */
const SUITES: readonly string[] = (() => {
  const endroit = [
    'abcdefghijklmnopqrstuvwxyz',
    '0123456789'.repeat(3),
    'azertyuiopqsdfghjklmwxcvbn',
    'qwertyuiopasdfghjklzxcvbnm',
    'qwertzuiopasdfghjklyxcvbnm',
  ];
  return [...endroit, ...endroit.map((s) => [...s].reverse().join(''))];
})();

/** Shortest piece of a run that counts: « ab » + « 12 » is not a pattern, « abc » + « 123 » is. */
const MORCEAU_MIN = 3;

/** At most this many distinct characters (case ignored) makes a password trivial: « aaaa… », « abab… ». */
export const CARACTERES_DISTINCTS_MIN = 4;

export type RaisonTropSimple = 'caracteres' | 'suite';

/**
 * Why a password is trivially simple, or null when it is not:
 * - `caracteres`: 3 distinct characters or fewer, case ignored (« aaaaaaaaaaaa », « abcabcabcabc »…);
 * - `suite`: made entirely of pieces (3 characters at least) of a straight run or of a keyboard
 *   row, forwards or backwards, case ignored: « abcdefghijkl », « 123456789012 », « azertyuiopqs »,
 *   « qwertyqwerty », « 987654321098 », « azerty123456 ».
 *
 * Source: ANSSI, « Recommandations relatives à l’authentification multifacteur et aux mots de
 * passe », v2.0 (2021, written with the CNIL), on password policies: the strength of a password
 * comes from its length and its unpredictability, so a policy sets a minimum length and refuses
 * the passwords an attacker tries first (repeated characters, suites, keyboard patterns). This
 * check adds no composition rule (one capital, one digit…): a long phrase of words passes.
 * https://cyber.gouv.fr/publications/recommandations-relatives-lauthentification-multifacteur-et-aux-mots-de-passe
 * Pure; the length bounds stay in services/comptes/mot-de-passe.ts.
 */
export function raisonTropSimple(password: string): RaisonTropSimple | null {
  const s = password.toLowerCase();
  if (new Set(s).size < CARACTERES_DISTINCTS_MIN) return 'caracteres';
  return couvertParSuites(s) ? 'suite' : null;
}

/** Whether `s` splits into pieces of MORCEAU_MIN characters or more, each inside one of SUITES. */
function couvertParSuites(s: string): boolean {
  // atteint[i]: s[0, i) splits so; 128 characters at most (MOT_DE_PASSE_MAX): a few thousand checks.
  const atteint = new Array<boolean>(s.length + 1).fill(false);
  atteint[0] = true;
  for (let i = MORCEAU_MIN; i <= s.length; i++)
    for (let j = 0; j + MORCEAU_MIN <= i && !atteint[i]; j++)
      if (atteint[j]) {
        const morceau = s.slice(j, i);
        atteint[i] = SUITES.some((suite) => suite.includes(morceau));
      }
  return atteint[s.length]!;
}

/** The French message of a refusal, naming what makes the password trivial and what to do. */
export function messageTropSimple(raison: RaisonTropSimple): string {
  const conseil = 'Choisissez plutôt une phrase de plusieurs mots, facile à retenir pour vous seul.';
  return raison === 'caracteres'
    ? `Le mot de passe est trop simple : il compte ${CARACTERES_DISTINCTS_MIN - 1} caractères différents ou moins (« aaaaaaaaaaaa », « abababababab »). ${conseil}`
    : `Le mot de passe est trop simple : c’est une suite (« abcdef… », « 123456… ») ou une rangée du clavier (« azerty… », « qwerty… »). ${conseil}`;
}
