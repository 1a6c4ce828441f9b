// A start of `offre` (and so of `npm start`) that failed for a reason of the machine, not of
// Offre nor of its data: said in French in one paragraph, never as a stack trace.
//
// ETXTBSY (« text file busy »): Linux refuses to run a program file that some process holds open
// for writing. When the sources run through tsx (no current build in dist/, bin/offre.js), tsx
// starts esbuild's binary to compile them; right after `npm install`, on a loaded machine, that
// binary was once found still being written (by no code of Offre's: nothing here writes nor
// chmods it — npm puts it in place). Running the command again works.

/** The errors along `e`'s chain of causes (a few at most). */
function* chaine(e) {
  for (let x = e, n = 0; x && n < 5; x = x.cause, n++) yield x;
}

/**
 * The French message for a start that failed because a program could not be run (ETXTBSY), or
 * null for any other error (the caller rethrows it). `e`: anything thrown while loading or
 * starting the command; the error may have crossed the module loader's thread, keeping its
 * message (« spawn ETXTBSY ») rather than its `code`.
 */
export function messageDemarrageImpossible(e) {
  const occupe = [...chaine(e)].some(
    (x) => x?.code === 'ETXTBSY' || /\bETXTBSY\b/.test(String(x?.message ?? '')),
  );
  if (!occupe) return null;
  return [
    'Offre n’a pas pu démarrer : le programme esbuild, qui compile ses sources TypeScript au',
    'lancement, était encore ouvert en écriture quand il a fallu l’exécuter (spawn ETXTBSY ; cela',
    'arrive juste après npm install, sur une machine chargée). Rien n’a été lancé ni enregistré :',
    'relancez npm start (ou la même commande offre).',
  ].join('\n');
}
