import { describe, expect, it } from 'vitest';
import { messageInterruption, noterEnregistrement } from './interruption.ts';

// User pass of 05/12: Ctrl-C on a command ended it (status 130) without a word. The line it now
// prints is true of the command: most write in one transaction, lost with the process; `demo` and
// `check` commit as they go; an import interrupted while it writes its report is already applied.
describe('what Ctrl-C says', () => {
  it('a command writing in one transaction: nothing was saved; a file being written is removed', () => {
    expect(messageInterruption(['apikey', 'add'], [])).toBe(
      'Commande interrompue (Ctrl-C) : rien n’a été enregistré.',
    );
    expect(messageInterruption(['export', 'csv', '--out', 'x.csv'], ['/tmp/x.csv'])).toBe(
      'Commande interrompue (Ctrl-C) : rien n’a été enregistré ; le fichier incomplet « /tmp/x.csv » est supprimé.',
    );
  });

  it('a command that commits as it goes says what stays', () => {
    expect(messageInterruption(['demo', '--formations', '5000'], [])).toBe(
      'Commande interrompue (Ctrl-C) : les lots de formations déjà chargés restent enregistrés ; relancez « offre demo » avec les mêmes options pour terminer le chargement.',
    );
    expect(messageInterruption(['check'], [])).toMatch(/: les formations déjà recontrôlées gardent/);
  });

  it('an import already applied, interrupted while writing its report', () => {
    noterEnregistrement('l’import');
    expect(messageInterruption(['import', 'lheo', 'f.xml'], ['/tmp/r.csv'])).toBe(
      'Commande interrompue (Ctrl-C) : l’import était déjà enregistré, seule la suite a été abandonnée ; le fichier incomplet « /tmp/r.csv » est supprimé.',
    );
  });
});
