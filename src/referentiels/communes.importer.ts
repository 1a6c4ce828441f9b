import { z } from 'zod';
import { cleNomCommune } from '../domain/commune.ts';
import type { PlusRecente } from '../domain/renommages.ts';
import { ACTUELLES, type CommuneDecoupage, decoupage, populationCog } from './decoupage.ts';
import { aColonnes, disposition } from './entetes.ts';
import { convertisseur, decimal, entier, requis, texte } from './rows.ts';
import { type Forme, premiereLigne } from './sniff.ts';
import { fileSource, readTable } from './table.reader.ts';
import type { Fait, Importer, Jeu, Lu } from './types.ts';

// Communes × postal codes with WGS84 centroids (INSEE COG + La Poste), UTF-8, `,`.

export const CommuneRow = z.object({
  insee_com: requis('insee_com').refine((v) => /^(\d{5}|2[AB]\d{3})$/.test(v), {
    message: 'code INSEE invalide',
  }),
  insee_reg: texte,
  insee_dep: texte,
  commune: requis('commune'),
  commune_article: texte,
  code_postal: requis('code_postal').refine((v) => /^\d{5}$/.test(v), {
    message: 'code postal invalide (5 chiffres attendus)',
  }),
  commune_type: texte,
  insee_parente: texte,
  lat: decimal,
  lng: decimal,
  /** Inhabitants; absent from older files (then null). */
  population_2021: entier,
});

const fait = (
  code_insee: string,
  code_postal: string,
  nom: string,
  dep: string | null,
  reg: string | null,
  lat: number | null,
  lon: number | null,
  population: number | null,
): Fait => ({
  table: 'commune',
  row: { code_insee, code_postal, nom, code_departement: dep, code_region: reg, lat, lon, population },
});

const ancienne = (
  code_insee: string,
  nom: string,
  code_insee_ancien: string | null,
  statut: 'deleguee' | 'associee',
): Fait => ({ table: 'commune_ancienne', row: { code_insee, nom, code_insee_ancien, statut } });

/**
 * One row of the communes file. The name is the official one WITH its article
 * (`commune_article`: "La Rochelle"; `commune` alone is the COG's sort name "Rochelle").
 * `COMD` rows (delegated communes, under their new commune's code) become names of that commune.
 */
export function communeDeLigne(r: z.output<typeof CommuneRow>): Lu {
  const nom = r.commune_article ?? r.commune;
  if (r.commune_type === 'COMD')
    return { faits: [ancienne(r.insee_parente ?? r.insee_com, nom, null, 'deleguee')] };
  const faits = [
    fait(r.insee_com, r.code_postal, nom, r.insee_dep, r.insee_reg, r.lat, r.lng, r.population_2021),
  ];
  // Paris/Lyon/Marseille: the file lists arrondissements only; places often carry the city's code.
  // The city's population is not in the file: the built-in COG list's (populationCog).
  if (r.commune_type === 'ARM' && r.insee_parente)
    faits.push(
      fait(
        r.insee_parente,
        r.code_postal,
        nom.replace(/\s+\d+(er|e)\s+Arrondissement$/i, ''),
        r.insee_dep,
        r.insee_reg,
        null,
        null,
        populationCog(r.insee_parente),
      ),
    );
  return { faits };
}

export const communesImporter: Importer = {
  kind: 'communes',
  libelle: 'communes et codes postaux',
  reconnaitre(forme: Forme): Jeu | null {
    const h = premiereLigne(forme);
    return aColonnes(h, 'insee_com', 'code_postal', 'commune')
      ? {
          jeu: 'communes',
          libelle: 'communes et codes postaux',
          format: 'csv',
          disposition: disposition(h, Object.keys(CommuneRow.shape)),
        }
      : null;
  },
  ouvrir(path, forme, _jeu, options) {
    const convert = convertisseur(CommuneRow, communeDeLigne, path.split('/').pop()!);
    return {
      tables: ['commune', 'commune_ancienne'],
      async *lire() {
        const cog = etatCog();
        // Per INSEE code of the file: its first coordinates and population; and every (code,
        // postal code) pair.
        const coords = new Map<string, { lat: unknown; lon: unknown; population: unknown }>();
        const paires = new Set<string>();
        for await (const { ligne, record } of readTable(fileSource(path, forme))) {
          const lu = convert(record, ligne);
          if (!('faits' in lu)) {
            yield lu;
            continue;
          }
          const faits: Fait[] = [];
          let note: PlusRecente | undefined;
          for (const f of lu.faits) {
            if (f.table !== 'commune') {
              faits.push(f);
              continue;
            }
            const r = plusRecent(cog, f);
            if (r.note) note = r.note;
            if (!r.fait) continue;
            const code = r.fait.row.code_insee as string;
            paires.add(`${code} ${r.fait.row.code_postal}`);
            if (!coords.has(code))
              coords.set(code, {
                lat: r.fait.row.lat,
                lon: r.fait.row.lon,
                population: r.fait.row.population,
              });
            faits.push(r.fait);
          }
          yield note ? { faits, plusRecente: note } : { faits };
        }
        // Every commune × postal code of the COG the file lacks (overseas collectivities, communes
        // created or given a postal code since the file) comes from the built-in list, with the
        // file's coordinates and population of the same commune when it has them (one commune, one
        // population, whatever the row read: 75116 with 75016 and 75116); delegated and associated
        // communes too.
        // A commune the file lacks keeps its stored coordinates (options.coordonnees): the list has
        // none, and a file's silence is not a new position (docs/referentiels.md § Communes).
        yield* complementCog(paires, coords, options.coordonnees);
      },
    };
  },
};

/** What the built-in list (newer than the usual file) knows of communes merged since. */
interface EtatCog {
  /** Current communes by INSEE code. */
  readonly actuelles: ReadonlyMap<string, CommuneDecoupage>;
  /** A former commune's code → the current commune it was merged into (not itself current). */
  readonly absorbees: ReadonlyMap<string, string>;
}

function etatCog(): EtatCog {
  const actuelles = new Map<string, CommuneDecoupage>();
  const absorbees = new Map<string, string>();
  for (const c of decoupage().communes()) {
    if (ACTUELLES.has(c.type)) {
      actuelles.set(c.code, c);
      for (const a of c.anciensCodes ?? []) if (a !== c.code) absorbees.set(a, c.code);
    }
  }
  for (const code of actuelles.keys()) absorbees.delete(code);
  return { actuelles, absorbees };
}

/**
 * A commune fact of the file against the built-in list: a commune the list knows merged into
 * another since the file (Pierrefitte-sur-Seine 93059, into Saint-Denis 93066) is not a current
 * commune any more (null fact); a commune the file names otherwise than the list, beyond spelling
 * (cleNomCommune: 19248 Saint-Ybard, now Les Trois-Saints; 12083 Cransac, now Cransac-les-Thermes)
 * gets the list's name and population. Either is noted. A mere spelling (« L’Ile-d’Yeu ») is the file's.
 */
function plusRecent(cog: EtatCog, f: Fait): { fait: Fait | null; note?: PlusRecente } {
  const code = f.row.code_insee as string;
  const nom = f.row.nom as string;
  const dans = cog.absorbees.get(code);
  if (dans) {
    const c = cog.actuelles.get(dans)!;
    return {
      fait: null,
      note: { code_insee: code, fichier: nom, liste: `commune déléguée de ${c.nom} (${c.code})` },
    };
  }
  const c = cog.actuelles.get(code);
  const cle = cleNomCommune(nom);
  if (!c || cle === cleNomCommune(c.nom)) return { fait: f };
  return {
    fait: { table: 'commune', row: { ...f.row, nom: c.nom, population: c.population ?? null } },
    note: { code_insee: code, fichier: nom, liste: c.nom },
  };
}

const STATUTS: Readonly<Record<string, 'deleguee' | 'associee'>> = {
  'commune-deleguee': 'deleguee',
  'commune-associee': 'associee',
};

/** Facts of one commune of @etalab/decoupage-administratif (none for a commune without postal code). */
function faitsDecoupage(c: CommuneDecoupage): Fait[] {
  const statut = STATUTS[c.type];
  if (statut) return c.chefLieu ? [ancienne(c.chefLieu, c.nom, c.code, statut)] : [];
  if (!ACTUELLES.has(c.type)) return [];
  return (c.codesPostaux ?? []).map((cp) =>
    fait(c.code, cp, c.nom, c.departement ?? null, c.region ?? null, null, null, c.population ?? null),
  );
}

/**
 * The built-in list's current communes × postal codes not in `paires` ("code postal"), with the
 * file's coordinates and population of the same code (`coords`) when it has them, else the stored
 * coordinates of that code (`stockees`), and every delegated or associated commune.
 */
async function* complementCog(
  paires: ReadonlySet<string>,
  coords: ReadonlyMap<string, { lat: unknown; lon: unknown; population: unknown }>,
  stockees: ReadonlyMap<string, { lat: number; lon: number }> = new Map(),
): AsyncIterable<Lu> {
  for (const c of decoupage().communes()) {
    const xy = coords.get(c.code) ?? stockees.get(c.code);
    const faits = faitsDecoupage(c)
      .filter((f) => f.table !== 'commune' || !paires.has(`${c.code} ${f.row.code_postal}`))
      .map((f) => (f.table === 'commune' && xy ? { table: f.table, row: { ...f.row, ...xy } } : f));
    if (faits.length) yield { faits, complement: true };
  }
}

/**
 * The built-in default: current communes and municipal arrondissements × postal codes (no
 * coordinates), delegated and associated communes with their chef-lieu; INSEE COG as published
 * by @etalab/decoupage-administratif.
 */
export function communesParDefaut(): { version: string; lire(): AsyncIterable<Lu> } {
  const { version, communes } = decoupage();
  return {
    version,
    async *lire() {
      for (const c of communes()) {
        const faits = faitsDecoupage(c);
        if (faits.length) yield { faits };
      }
    },
  };
}
