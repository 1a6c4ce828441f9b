// One example row of a referentiel upload's preview, as text: its key fields, and for a
// modification each changed field as « champ : avant → après » (referentiel.repository.ts
// diffStaged gives modifications as { ...cles, champs: { champ: { avant, apres } } }).

const texte = (v: unknown): string =>
  v === null || v === undefined || v === ''
    ? '—'
    : Array.isArray(v)
      ? v.map(texte).join(',')
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** Key fields of an added, removed or changed row: `champ valeur · …` (4 at most, run_id left out). */
export function exempleLigne(row: unknown): string {
  const r = (row ?? {}) as Record<string, unknown>;
  const cles = Object.entries(r)
    .filter(([k, v]) => k !== 'champs' && k !== 'run_id' && v !== null && v !== '')
    .slice(0, 4)
    .map(([k, v]) => `${k} ${texte(v)}`)
    .join(' · ');
  const champs = r.champs as Record<string, { avant: unknown; apres: unknown }> | undefined;
  if (!champs || typeof champs !== 'object') return cles;
  const changes = Object.entries(champs).map(([c, d]) => `${c} : ${texte(d?.avant)} → ${texte(d?.apres)}`);
  return [cles, changes.join(' ; ')].filter(Boolean).join(' — ');
}
