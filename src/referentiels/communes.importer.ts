import { createRequire } from 'node:module';
import { z } from 'zod';
import { convertisseur, decimal, requis, texte } from './rows.ts';
import { type Forme, premiereLigne } from './sniff.ts';
import { fileSource, lireTable } from './table.reader.ts';
import type { Fait, Importer, Jeu, Lu } from './types.ts';

// Communes × postal codes with WGS84 centroids (INSEE COG + La Poste), UTF-8, `,`.

export const CommuneRow = z.object({
  insee_com: requis('insee_com').refine((v) => /^(\d{5}|2[AB]\d{3})$/.test(v), {
    message: 'code INSEE invalide',
  }),
  insee_reg: texte,
  insee_dep: texte,
  commune: requis('commune'),
  code_postal: requis('code_postal').refine((v) => /^\d{5}$/.test(v), {
    message: 'code postal invalide (5 chiffres attendus)',
  }),
  commune_type: texte,
  insee_parente: texte,
  lat: decimal,
  lng: decimal,
});

const fait = (
  code_insee: string,
  code_postal: string,
  nom: string,
  dep: string | null,
  reg: string | null,
  lat: number | null,
  lon: number | null,
): Fait => ({
  table: 'commune',
  row: { code_insee, code_postal, nom, code_departement: dep, code_region: reg, lat, lon },
});

export function communeDeLigne(r: z.output<typeof CommuneRow>): Lu {
  // Communes déléguées repeat the code of their new commune (or an old one): the new commune wins.
  if (r.commune_type === 'COMD') return { ignore: true };
  const faits = [fait(r.insee_com, r.code_postal, r.commune, r.insee_dep, r.insee_reg, r.lat, r.lng)];
  // Paris/Lyon/Marseille: the file lists arrondissements only; places often carry the city's code.
  if (r.commune_type === 'ARM' && r.insee_parente)
    faits.push(
      fait(
        r.insee_parente,
        r.code_postal,
        r.commune.replace(/\s+\d+(er|e)\s+Arrondissement$/i, ''),
        r.insee_dep,
        r.insee_reg,
        null,
        null,
      ),
    );
  return { faits };
}

export const communesImporter: Importer = {
  kind: 'communes',
  libelle: 'communes et codes postaux',
  reconnaitre(forme: Forme): Jeu | null {
    const h = premiereLigne(forme);
    return h.includes('insee_com') && h.includes('code_postal') && h.includes('commune')
      ? { jeu: 'communes', libelle: 'communes et codes postaux', format: 'csv' }
      : null;
  },
  ouvrir(path, forme) {
    const convert = convertisseur(CommuneRow, communeDeLigne, path.split('/').pop()!);
    return {
      tables: ['commune'],
      async *lire() {
        for await (const { ligne, record } of lireTable(fileSource(path, forme)))
          yield convert(record, ligne);
      },
    };
  },
};

interface CommuneDecoupage {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
}

const require = createRequire(import.meta.url);

/** The built-in default: current communes and municipal arrondissements × postal codes (no coordinates). */
export function communesParDefaut(): { version: string; lire(): AsyncIterable<Lu> } {
  const version = (require('@etalab/decoupage-administratif/package.json') as { version: string }).version;
  return {
    version,
    async *lire() {
      const communes = require('@etalab/decoupage-administratif/data/communes.json') as CommuneDecoupage[];
      for (const c of communes) {
        if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
        yield {
          faits: (c.codesPostaux ?? []).map((cp) =>
            fait(c.code, cp, c.nom, c.departement ?? null, c.region ?? null, null, null),
          ),
        };
      }
    },
  };
}
