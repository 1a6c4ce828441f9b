// Field-level difference between two JSON values, for history and for a gestionnaire reviewing a
// revision. Objects recurse; arrays of objects carrying an `id` are matched by id (a session
// keeps its identity when others move); other arrays compare as whole values. null ≡ absent.

export interface Change {
  /** Path of the field: `intitule`, `modalites.duree_annees`, `sessions[se_…].lieu.code_postal`. */
  readonly champ: string;
  readonly avant: unknown;
  readonly apres: unknown;
  /**
   * True when the change takes back what an open revision proposed, the field going back to its
   * diffused value (domain/historique.ts entreDeuxRevisions): a session it put back never left
   * the diffused version. Never stored, never given by the API.
   */
  readonly retour?: true;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const norm = (v: unknown) => (v === undefined ? null : v);
const keyedById = (a: unknown[]) => a.every((x) => isObj(x) && typeof x.id === 'string');

export function equalJson(a: unknown, b: unknown): boolean {
  a = norm(a);
  b = norm(b);
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => equalJson(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!equalJson(a[k], b[k])) return false;
    return true;
  }
  return false;
}

const vide = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (isObj(v) && Object.values(v).every(vide));

/**
 * The same content for a person: equal once empty values are set aside (null, absent, '', [],
 * an object of empty values — a form's blank contact is the stored absent one). Arrays compare
 * element by element, in order.
 */
export function memeContenu(a: unknown, b: unknown): boolean {
  if (vide(a) && vide(b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => memeContenu(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) if (!memeContenu(a[k], b[k])) return false;
    return true;
  }
  return equalJson(a, b);
}

export function diff(avant: unknown, apres: unknown, champ = ''): Change[] {
  avant = norm(avant);
  apres = norm(apres);
  if (isObj(avant) && isObj(apres)) {
    const keys = [...new Set([...Object.keys(avant), ...Object.keys(apres)])].sort();
    return keys.flatMap((k) => diff(avant[k], apres[k], champ ? `${champ}.${k}` : k));
  }
  if (
    Array.isArray(avant) &&
    Array.isArray(apres) &&
    avant.length + apres.length > 0 &&
    keyedById([...avant, ...apres])
  ) {
    const before = new Map((avant as Obj[]).map((x) => [x.id as string, x]));
    const after = new Map((apres as Obj[]).map((x) => [x.id as string, x]));
    const ids = [...new Set([...before.keys(), ...after.keys()])];
    return ids.flatMap((id) => {
      const b = before.get(id);
      const a = after.get(id);
      const path = `${champ}[${id}]`;
      if (b && a) return diff(b, a, path);
      return [{ champ: path, avant: b ?? null, apres: a ?? null }];
    });
  }
  return equalJson(avant, apres) ? [] : [{ champ: champ || '.', avant, apres }];
}
