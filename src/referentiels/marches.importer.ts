import { z } from 'zod';
import { isValidSiret, sansEspaces } from '../domain/identifiants.ts';
import { FINANCEUR } from '../domain/libelles.ts';
import { FORMAT_NUMERO_MARCHE, MESSAGE_NUMERO_MARCHE, normalizeNumeroMarche } from '../domain/marche.ts';
import { FINANCEURS_PUBLICS } from '../domain/type-offre.ts';
import { aColonnes, cleEntete } from './entetes.ts';
import { convertisseur, date, RowError, requis, texte } from './rows.ts';
import type { Forme } from './sniff.ts';
import { fileSource, readTable } from './table.reader.ts';
import type { Importer, Jeu, Lu } from './types.ts';

// A funder's list of markets (Région, France Travail, Agefiph): CSV or XLSX, one market a line,
// headers read by normalised key (« Numéro de marché », « numero_marche »...). One file = one
// financeur's list; it replaces that financeur's list only (the dataset is the financeur).
// Columns: numéro de marché, financeur, organisme (SIRET or SIREN), intitulé, date de début,
// date de fin, date de notification (JJ/MM/AAAA or AAAA-MM-JJ).

/**
 * A public funder (the ones with markets, domain/type-offre.ts) as written in the file (any case,
 * accents, separators): its code, its name (domain/libelles.ts) or a former name → its code.
 */
const FINANCEURS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [...FINANCEURS_PUBLICS].flatMap((c) => [
      [cleEntete(c), c],
      [cleEntete(FINANCEUR[c] ?? c), c],
    ]),
  ),
  conseilregional: 'region',
  poleemploi: 'france_travail',
};
const NOMS = [...FINANCEURS_PUBLICS].map((c) => FINANCEUR[c] ?? c);

const financeur = (v: string): string | null => FINANCEURS[cleEntete(v)] ?? null;

export const MarcheRow = z.object({
  // Normalised as every channel enters it (« m 1451401 » → M1451401), then 8 characters or refused.
  numero_de_marche: requis('numéro de marché')
    .transform(normalizeNumeroMarche)
    .refine((v) => FORMAT_NUMERO_MARCHE.test(v), {
      error: (iss) => `numéro de marché « ${String(iss.input)} » invalide (${MESSAGE_NUMERO_MARCHE})`,
    }),
  financeur: requis('financeur').refine((v) => financeur(v) !== null, {
    message: `financeur inconnu (attendu ${NOMS.slice(0, -1).join(', ')} ou ${NOMS.at(-1)})`,
  }),
  organisme: texte.refine(
    (v) => v === null || /^\d{9}$/.test(sansEspaces(v)) || isValidSiret(sansEspaces(v)),
    {
      message: 'organisme invalide (SIRET de 14 chiffres ou SIREN de 9 chiffres attendu)',
    },
  ),
  intitule: texte,
  date_de_debut: date,
  date_de_fin: date,
  date_de_notification: date,
});

/** One row → a `marche` fact; a row of another financeur than the file's is rejected. */
export function marcheDeLigne(jeu: string) {
  return (r: z.output<typeof MarcheRow>): Lu => {
    const f = financeur(r.financeur)!;
    if (f !== jeu)
      throw new RowError(
        'financeur',
        `financeur « ${r.financeur} » différent de celui du fichier (${FINANCEUR[jeu]}) : une liste par financeur`,
      );
    if (r.date_de_debut && r.date_de_fin && r.date_de_fin < r.date_de_debut)
      throw new RowError('date_de_fin', 'date de fin antérieure à la date de début');
    return {
      faits: [
        {
          table: 'marche',
          row: {
            financeur: f,
            numero: r.numero_de_marche,
            organisme: sansEspaces(r.organisme) ?? null,
            intitule: r.intitule,
            date_debut: r.date_de_debut,
            date_fin: r.date_de_fin,
            date_notification: r.date_de_notification,
          },
        },
      ],
    };
  };
}

const entete = (forme: Forme): readonly string[] =>
  forme.type === 'csv' || forme.type === 'xlsx' ? (forme.lignes[0] ?? []) : [];

export const marchesImporter: Importer = {
  kind: 'marches',
  libelle: 'liste des marchés d’un financeur',
  reconnaitre(forme: Forme): Jeu | null {
    const h = entete(forme);
    if (!aColonnes(h, 'numero_de_marche', 'financeur', 'date_de_notification')) return null;
    // The dataset is the financeur of the first row (every row must share it).
    const i = h.findIndex((c) => cleEntete(c) === 'financeur');
    const premiere = forme.type === 'csv' || forme.type === 'xlsx' ? forme.lignes[1]?.[i] : undefined;
    const f = premiere ? financeur(premiere) : null;
    if (!f) return null;
    return {
      jeu: f,
      libelle: `liste des marchés (${FINANCEUR[f]})`,
      format: forme.type,
      // Funders have no official layout: every spelling of the columns is as good as another.
      disposition: null,
    };
  },
  ouvrir(path, forme, jeu) {
    const convert = convertisseur(MarcheRow, marcheDeLigne(jeu.jeu), path.split('/').pop()!);
    return {
      tables: ['marche'],
      async *lire() {
        for await (const { ligne, record } of readTable(fileSource(path, forme)))
          yield convert(record, ligne);
      },
    };
  },
};
