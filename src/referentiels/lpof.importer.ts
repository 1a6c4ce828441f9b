import { z } from 'zod';
import { sansEspaces } from '../domain/identifiants.ts';
import { aColonnes, disposition } from './entetes.ts';
import { booleen, convertisseur, requis, texte } from './rows.ts';
import { type Forme, premiereLigne } from './sniff.ts';
import { fileSource, readTable } from './table.reader.ts';
import type { Importer, Jeu, Lu } from './types.ts';

// DGEFP public list of training organisations: `;`, trailing `;`, booleans true/false.

const QUALIOPI_APPRENTISSAGE = 'certifications.actionsDeFormationParApprentissage';

export const LpofRow = z.object({
  numeroDeclarationActivite: requis('numeroDeclarationActivite').refine((v) => /^[0-9A-Z]{11}$/.test(v), {
    message: 'numéro de déclaration d’activité invalide (11 caractères attendus)',
  }),
  denomination: texte,
  siren: requis('siren').refine((v) => /^\d{9}$/.test(v), {
    message: 'SIREN invalide (9 chiffres attendus)',
  }),
  // An invalid establishment SIRET does not void the declaration (it is matched by SIREN too).
  siretEtablissementDeclarant: texte.transform((v) =>
    v && /^\d{14}$/.test(sansEspaces(v)) ? sansEspaces(v) : null,
  ),
  'certifications.actionsDeFormation': booleen,
  'certifications.bilansDeCompetences': booleen,
  'certifications.VAE': booleen,
  [QUALIOPI_APPRENTISSAGE]: booleen,
});

export function organismeDeclare(r: z.output<typeof LpofRow>): Lu {
  return {
    faits: [
      {
        table: 'organisme_declare',
        row: {
          nda: r.numeroDeclarationActivite,
          siren: r.siren,
          siret: r.siretEtablissementDeclarant,
          denomination: r.denomination,
          qualiopi_actions_formation: r['certifications.actionsDeFormation'],
          qualiopi_bilans: r['certifications.bilansDeCompetences'],
          qualiopi_vae: r['certifications.VAE'],
          qualiopi_apprentissage: r[QUALIOPI_APPRENTISSAGE],
        },
      },
    ],
  };
}

export const lpofImporter: Importer = {
  kind: 'lpof',
  libelle: 'liste publique des organismes de formation (DGEFP)',
  reconnaitre(forme: Forme): Jeu | null {
    const h = premiereLigne(forme);
    if (!aColonnes(h, 'numeroDeclarationActivite', 'siren', QUALIOPI_APPRENTISSAGE)) return null;
    const d = disposition(h, Object.keys(LpofRow.shape));
    return {
      jeu: 'lpof',
      libelle: `liste publique des organismes de formation (DGEFP${d ? ', export du portail open data' : ''})`,
      format: 'csv',
      disposition: d,
    };
  },
  ouvrir(path, forme) {
    const convert = convertisseur(LpofRow, organismeDeclare, path.split('/').pop()!);
    return {
      tables: ['organisme_declare'],
      async *lire() {
        for await (const { ligne, record } of readTable(fileSource(path, forme)))
          yield convert(record, ligne);
      },
    };
  },
};
