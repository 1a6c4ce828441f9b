import stringWidth from 'string-width';

/**
 * Rows of text cells laid out in aligned columns, two spaces apart, trailing spaces trimmed.
 * Widths are counted on screen (string-width): `padEnd` counts UTF-16 units, so a label written
 * with a combining accent (« é » as e + U+0301, as some files and keyboards give it) or a wide
 * character would shift every following column.
 */
export function colonnes(lignes: readonly (readonly string[])[]): string[] {
  const largeurs: number[] = [];
  for (const l of lignes)
    l.forEach((c, i) => {
      largeurs[i] = Math.max(largeurs[i] ?? 0, stringWidth(c));
    });
  return lignes.map((l) =>
    l
      .map((c, i) => (i === l.length - 1 ? c : c + ' '.repeat(largeurs[i]! - stringWidth(c))))
      .join('  ')
      .trimEnd(),
  );
}
