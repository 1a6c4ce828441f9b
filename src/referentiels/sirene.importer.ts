import { z } from 'zod';
import { cleanHeader } from './csv.reader.ts';
import { aColonnes, cleEntete } from './entetes.ts';
import { asRecord, convertisseur, requis, texte } from './rows.ts';
import { filtrerParSiren, prefixesConnus } from './sirene.rapide.ts';
import { type Forme, premiereLigne } from './sniff.ts';
import { openTableBytes, readTableOrMembre } from './table.reader.ts';
import type { Importer, Jeu, Lu, ReadOptions } from './types.ts';

// INSEE StockEtablissement: `,`, UTF-8, columns read by name (older files lack some), ~40M rows.

export const SireneRow = z
  .object({
    siren: requis('siren').refine((v) => /^\d{9}$/.test(v), {
      message: 'SIREN invalide (9 chiffres attendus)',
    }),
    nic: texte,
    siret: texte,
    etatAdministratifEtablissement: requis('etatAdministratifEtablissement').refine(
      (v) => v === 'A' || v === 'F',
      {
        message: 'état administratif inattendu (A ou F attendu)',
      },
    ),
    denominationUsuelleEtablissement: texte,
    enseigne1Etablissement: texte,
    codeCommuneEtablissement: texte,
    codePostalEtablissement: texte,
  })
  .transform((r, ctx) => {
    const siret = r.siret ?? (r.nic ? `${r.siren}${r.nic.padStart(5, '0')}` : null);
    if (!siret || !/^\d{14}$/.test(siret)) {
      ctx.addIssue({
        code: 'custom',
        path: ['siret'],
        message: `SIRET « ${siret ?? ''} » invalide (14 chiffres attendus)`,
      });
      return z.NEVER;
    }
    return { ...r, siret };
  });

export function etablissement(r: z.output<typeof SireneRow>): Lu {
  return {
    faits: [
      {
        table: 'etablissement',
        row: {
          siret: r.siret,
          siren: r.siren,
          etat: r.etatAdministratifEtablissement,
          denomination: r.denominationUsuelleEtablissement ?? r.enseigne1Etablissement,
          code_commune: r.codeCommuneEtablissement,
          code_postal: r.codePostalEtablissement,
        },
      },
    ],
  };
}

function isSirene(forme: Forme): boolean {
  const h = premiereLigne(forme);
  return (
    aColonnes(h, 'siren', 'etatAdministratifEtablissement') && (aColonnes(h, 'siret') || aColonnes(h, 'nic'))
  );
}

/** Why --only-known skips a row (the counts' explanation). */
const HORS_CONNUS = 'établissement d’un SIREN inconnu d’Offre (--only-known)';

export const sireneImporter: Importer = {
  kind: 'sirene',
  libelle: 'stock des établissements Sirene (INSEE)',
  reconnaitre(forme: Forme): Jeu | null {
    if (isSirene(forme))
      return { jeu: 'sirene', libelle: 'stock des établissements Sirene (INSEE)', format: 'csv' };
    if (forme.type === 'zip' && forme.membres.some((m) => isSirene(m.forme)))
      return { jeu: 'sirene', libelle: 'stock des établissements Sirene (INSEE, zip)', format: 'zip' };
    return null;
  },
  ouvrir(path, forme, _jeu, { connus }) {
    const convert = convertisseur(SireneRow, etablissement, path.split('/').pop()!);
    const garde = (record: Record<string, string>) =>
      !connus ||
      connus.sirens.has(record.siren?.trim() ?? '') ||
      connus.sirets.has(record.siret?.trim() ?? '');
    return {
      tables: ['etablissement'],
      async *lire() {
        // --only-known: filter before validating (40M rows, a few thousand kept).
        if (connus) {
          const rapide = yield* lireConnus(path, forme, connus, garde, convert);
          if (rapide) return;
        }
        for await (const { ligne, record } of readTableOrMembre(path, forme, isSirene)) {
          if (!garde(record)) {
            yield { ignore: true, motif: HORS_CONNUS };
            continue;
          }
          yield convert(record, ligne);
        }
      },
    };
  },
};

/**
 * The fast path of `--only-known` when the SIREN is the first column (the official layout):
 * rows of unknown SIRENs are counted from their first bytes, never decoded nor parsed. False
 * (nothing read) for another layout, which the generic reader handles.
 */
async function* lireConnus(
  path: string,
  forme: Forme,
  connus: NonNullable<ReadOptions['connus']>,
  garde: (record: Record<string, string>) => boolean,
  convert: (record: Record<string, unknown>, ligne: number | null) => Lu,
): AsyncGenerator<Lu, boolean> {
  const src = await openTableBytes(path, forme, isSirene);
  if (!src) return false;
  try {
    if (src.forme.type !== 'csv' || cleEntete(premiereLigne(src.forme)[0] ?? '') !== 'siren') return false;
    const filtre = filtrerParSiren(src.bytes, {
      encoding: src.forme.encoding,
      delimiter: src.forme.delimiter,
      garder: prefixesConnus(connus),
    });
    let entete: string[] | null = null;
    for await (const f of filtre) {
      if ('ignorees' in f) yield { ignore: true, lignes: f.ignorees, motif: HORS_CONNUS };
      else if (!entete) entete = cleanHeader(f.valeurs);
      else {
        const record = asRecord(entete, f.valeurs);
        yield garde(record) ? convert(record, f.ligne) : { ignore: true, motif: HORS_CONNUS };
      }
    }
    return true;
  } finally {
    src.bytes.destroy();
    src.close();
  }
}
