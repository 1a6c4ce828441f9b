/**
 * The stable code of an error shown to a user (« Code de l’erreur : FICHIER_VIDE »), the `code` of
 * the API's problem details and of `npm run docs:erreurs`: the one way every page says it (error
 * pages, form summaries, import reports, conflict alerts). `bloc`: its own small paragraph (under a
 * message), else inline, after a line break (in a list item, a table cell).
 */
export function CodeDeLErreur({ code, bloc, classe }: { code: string; bloc?: boolean; classe?: string }) {
  const contenu = (
    <>
      Code de l’erreur : <code>{code}</code>
    </>
  );
  if (bloc) return <p class={classe ?? 'fr-text--sm'}>{contenu}</p>;
  return (
    <>
      <br />
      <span class="fr-text--sm">{contenu}</span>
    </>
  );
}
