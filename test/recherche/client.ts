import { expect } from 'vitest';

// Real HTTP to a started app for the search tests: pages and API answers (200 expected), the
// formations' external keys of an answer, a page's text without its tags.

export interface ReponseRecherche {
  data: { cle_externe: string }[];
  total: number;
  lieu_retenu?: { code_insee: string; nom: string; code_postal: string; rayon_km: number | null };
  lieux_proches?: unknown[];
  facettes: { type_diplome: { valeur: string; libelle: string; nombre: number }[] };
  suggestion: string | null;
  termes_ignores?: string[];
  requete_ignoree?: true;
}

export function clientRecherche(base: () => string) {
  const get = async (chemin: string) => {
    const r = await fetch(`${base()}${chemin}`);
    expect(r.status, chemin).toBe(200);
    return r;
  };
  return {
    get,
    api: async (params: Record<string, string>) =>
      (await (await get(`/api/v1/formations?${new URLSearchParams(params)}`)).json()) as ReponseRecherche,
    cles: (r: ReponseRecherche) => new Set(r.data.map((f) => f.cle_externe)),
    texte: (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' '),
  };
}
