/**
 * The stable code of an error shown to a user (« Code de l’erreur : FICHIER_VIDE »), the `code` of
 * the API's problem details and of `npm run docs:erreurs`: the one way every page says it (error
 * pages, form summaries, import reports, conflict alerts). `bloc`: its own small paragraph (under a
 * message), else inline, after a line break (in a list item, a table cell). `avertissement`: the
 * code of a warning (an import report's row accepted with a remark), « Code de l’avertissement : … ».
 */
export function CodeDeLErreur({
  code,
  bloc,
  classe,
  avertissement,
}: {
  code: string;
  bloc?: boolean;
  classe?: string;
  avertissement?: boolean;
}) {
  const contenu = (
    <>
      {avertissement ? 'Code de l’avertissement' : 'Code de l’erreur'} : <code>{code}</code>
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
