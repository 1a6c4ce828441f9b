import { z } from 'zod';
import { aColonnes } from './entetes.ts';
import { convertisseur, requis, texte } from './rows.ts';
import { type Forme, premiereLigne } from './sniff.ts';
import { readTableOrMembre } from './table.reader.ts';
import type { Importer, Jeu, Lu } from './types.ts';

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
    return {
      tables: ['etablissement'],
      async *lire() {
        for await (const { ligne, record } of readTableOrMembre(path, forme, isSirene)) {
          // --only-known: filter before validating (40M rows, a few thousand kept).
          if (
            connus &&
            !connus.sirens.has(record.siren?.trim() ?? '') &&
            !connus.sirets.has(record.siret?.trim() ?? '')
          ) {
            yield { ignore: true };
            continue;
          }
          yield convert(record, ligne);
        }
      },
    };
  },
};
