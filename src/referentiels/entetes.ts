// Official column names as publishers actually write them: the same list comes with
// `certifications.actionsDeFormationParApprentissage` from the DGEFP and with
// `certifications_actionsdeformationparapprentissage` from the open-data portal. Headers are
// recognised and read by a normalised key: no case, accents, spaces or separators (. _ - ').

/** 'Certifications_ActionsDeFormation' → 'certificationsactionsdeformation'. */
export function cleEntete(cell: string): string {
  return cell
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Whether a header row has every one of these columns, by normalised key. */
export function aColonnes(header: readonly string[], ...colonnes: string[]): boolean {
  const cles = new Set(header.map(cleEntete));
  return colonnes.every((c) => cles.has(cleEntete(c)));
}

/**
 * How a recognised header spells these columns: null when exactly as the schema does, else a
 * French note naming every column read under another spelling for the report.
 */
export function disposition(header: readonly string[], colonnes: readonly string[]): string | null {
  const exacts = new Set(header);
  const parCle = new Map(header.map((h) => [cleEntete(h), h]));
  const ecarts = colonnes
    .filter((c) => !exacts.has(c) && parCle.has(cleEntete(c)))
    .map((c) => `« ${parCle.get(cleEntete(c))} » pour « ${c} »`);
  if (ecarts.length === 0) return null;
  return `en-têtes reconnus à la casse, aux accents et aux séparateurs près (${ecarts.join(', ')})`;
}

/**
 * Renames a record's keys to the schema's column names when they match by normalised key (the
 * mapping is worked out on the first record: every record of a table has the same keys).
 */
export function renommeurColonnes(
  colonnes: readonly string[],
): (record: Record<string, unknown>) => Record<string, unknown> {
  const parCle = new Map(colonnes.map((c) => [cleEntete(c), c]));
  let renommages: [string, string][] | null = null;
  return (record) => {
    if (!renommages) {
      renommages = [];
      for (const k of Object.keys(record)) {
        const c = parCle.get(cleEntete(k));
        if (c && c !== k && !(c in record)) renommages.push([k, c]);
      }
    }
    if (renommages.length === 0) return record;
    const out = { ...record };
    for (const [k, c] of renommages) out[c] = record[k];
    return out;
  };
}
