// What every e-mail of Offre shares (courriel.modeles.ts and the longer messages beside it).

/** The closing lines of every message (plain text). */
export const signature =
  '\n\n—\nOffre, l’offre de formation contrôlée et diffusée.\nCe message est envoyé automatiquement : merci de ne pas y répondre.';

/** A formation as a message names it: its title, else « formation {id} ». */
export const intituleDe = (f: { intitule: string | null; id: string }) =>
  f.intitule?.trim() || `formation ${f.id}`;

export interface MessageRendu {
  readonly sujet: string;
  readonly texte: string;
  /** The in-app notification (null: none for this message). `lien` is a local path. */
  readonly notification: {
    readonly titre: string;
    readonly texte: string;
    readonly lien: string | null;
  } | null;
}
