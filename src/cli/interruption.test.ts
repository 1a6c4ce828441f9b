import { describe, expect, it } from 'vitest';
import { messageInterruption, messageSansBilan, messageTropTard } from './interruption.ts';

// User pass of 05/12: Ctrl-C on a command ended it (status 130) without a word. The line it now
// prints is true of the command: most write in one transaction, lost with the process; `demo` and
// `check` commit as they go; an import interrupted while it writes its report is already applied.
const rien = { enregistre: null, supprimes: [] };

describe('what Ctrl-C says', () => {
  it('a command writing in one transaction: nothing was saved; a file being written is removed', () => {
    expect(messageInterruption(['apikey', 'add'], rien)).toBe(
      'Commande interrompue (Ctrl-C) : rien n’a été enregistré.',
    );
    expect(
      messageInterruption(['export', 'csv', '--out', 'x.csv'], {
        enregistre: null,
        supprimes: ['/tmp/x.csv'],
      }),
    ).toBe(
      'Commande interrompue (Ctrl-C) : rien n’a été enregistré ; le fichier incomplet « /tmp/x.csv » est supprimé.',
    );
  });

  it('a command that commits as it goes says what stays', () => {
    expect(messageInterruption(['demo', '--formations', '5000'], rien)).toBe(
      'Commande interrompue (Ctrl-C) : les lots de formations déjà chargés restent enregistrés ; relancez « offre demo » avec les mêmes options pour terminer le chargement.',
    );
    expect(messageInterruption(['check'], rien)).toMatch(/: les formations déjà recontrôlées gardent/);
  });

  it('an import already applied, interrupted while writing its report', () => {
    expect(
      messageInterruption(['import', 'lheo', 'f.xml'], { enregistre: 'l’import', supprimes: ['/tmp/r.csv'] }),
    ).toBe(
      'Commande interrompue (Ctrl-C) : l’import était déjà enregistré, seule la suite a été abandonnée ; le fichier incomplet « /tmp/r.csv » est supprimé.',
    );
  });

  // A command run by `offre serve` whose answer never came (an older server): nothing claimed.
  it('without the server’s answer, what stays is said without claiming what was saved', () => {
    expect(messageSansBilan(['import', 'lheo', 'f.xml'], true)).toBe(
      'Commande interrompue (Ctrl-C) sans réponse du serveur « offre serve », qui l’annule : ce qu’elle avait déjà validé reste enregistré, sa transaction en cours est annulée.',
    );
    expect(messageSansBilan(['demo'], false)).toMatch(
      /^Commande interrompue \(Ctrl-C\) sans attendre le serveur .*: les lots de formations déjà chargés/,
    );
  });

  // Fresh user (05/12, M4): Ctrl-C reaching `offre serve` once the import had ended said nothing
  // (status 0): the caller could not tell whether the import was stopped.
  it('a command the server had already finished says that nothing was cancelled', () => {
    expect(messageTropTard(['import', 'lheo', 'f.xml'], 0)).toBe(
      'Interruption trop tardive (Ctrl-C) : l’import était déjà enregistré par le serveur « offre serve » ; rien n’a été annulé.',
    );
    expect(messageTropTard(['check'], 1)).toBe(
      'Interruption trop tardive (Ctrl-C) : la commande était déjà exécutée par le serveur « offre serve » (code 1) ; rien n’a été annulé.',
    );
  });
});
