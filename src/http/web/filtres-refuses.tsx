import { extrait } from '../../domain/issue-zod.mots.ts';

// The filters of a signed-in list page's address (/gestion, /gestion/qualite, /espace) whose value
// is not one the page offers: said on the page (400, a DSFR warning naming each filter, a link to
// its field), the list shown without them — never an empty list that reads as "nothing waits".
// The same words as the public search's refusals (recherche.params.ts, « filtre à corriger »).

/** A filter of a page: its label as the form shows it, and whether a value is one it offers. */
export interface FiltreDePage {
  readonly libelle: string;
  readonly connu: (valeur: string) => boolean;
}

/** A refused filter: the field (its id on the page) and why, in French. */
export interface FiltreARefuser {
  readonly champ: string;
  readonly message: string;
}

/** The value as the refusal echoes it: as every refusal does (`extrait`, 40 characters then « … »). */
const saisi = (v: string) => extrait(v.trim());

/** The filters of `query` that `filtres` does not know (a repeated one too), in `filtres`' order. */
export function filtresInconnus(
  query: Readonly<Record<string, unknown>>,
  filtres: Readonly<Record<string, FiltreDePage>>,
): FiltreARefuser[] {
  const out: FiltreARefuser[] = [];
  for (const [champ, f] of Object.entries(filtres)) {
    const v = query[champ];
    if (Array.isArray(v))
      out.push({
        champ,
        message: `${f.libelle} demandé plusieurs fois : choisissez une seule valeur dans la liste.`,
      });
    else if (typeof v === 'string' && v.trim() !== '' && !f.connu(v.trim()))
      out.push({
        champ,
        message: `${f.libelle} « ${saisi(v)} » inconnu : choisissez une valeur dans la liste.`,
      });
  }
  return out;
}

/** The DSFR warning at the top of the page: each refused filter, a link to its field. */
export function FiltresACorriger({
  refuses,
  ancre = (champ) => champ,
}: {
  refuses?: readonly FiltreARefuser[];
  /** The id of a filter's field on the page. */
  ancre?: (champ: string) => string;
}) {
  if (!refuses?.length) return null;
  return (
    <div class="fr-alert fr-alert--warning fr-mb-3w" role="alert" id="filtres-a-corriger">
      <h2 class="fr-alert__title">Filtre à corriger : il n’a pas été appliqué</h2>
      <ul>
        {refuses.map((r) => (
          <li key={r.champ}>
            <a href={`#${ancre(r.champ)}`}>{r.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
