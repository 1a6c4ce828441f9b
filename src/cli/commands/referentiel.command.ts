import { Argument, type Command } from 'commander';
import { dateHeureLongue, isoDay, jourIsoLong } from '../../domain/dates.ts';
import { nombre } from '../../domain/nombres.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { phrasesComptes } from '../../domain/referentiel.comptes.ts';
import { phrasePlusRecentes, phraseRenommages } from '../../domain/renommages.ts';
import { KINDS, LIBELLES_KIND } from '../../referentiels/types.ts';
import type { ImportResult } from '../../services/referentiel.service.ts';
import type { StatutReferentiel } from '../../services/referentiel-status.service.ts';
import { colonnes } from '../colonnes.ts';
import { avecProgression, fichierVerifie, withContext } from '../runtime.ts';

/** How many removed facts the summary names (the diff keeps as many examples). */
const RETRAITS_NOMMES = 5;

/** A removed fact as the summary names it: its key values, then its name (`93066 93380 Saint-Denis`). */
const faitRetire = (row: Record<string, unknown>) =>
  Object.values(row)
    .filter((v) => v !== null && v !== undefined && v !== '')
    .join(' ');

/** The facts an import removed (absent from the file), a few named per table, then « … et N autres ». */
function lignesRetraits(r: ImportResult): string[] {
  return Object.entries(r.diff)
    .filter(([, x]) => x!.retraits > 0)
    .map(([t, x]) => {
      const noms = x!.exemples.retraits.slice(0, RETRAITS_NOMMES) as Record<string, unknown>[];
      const reste = x!.retraits - noms.length;
      return `Retirés car absents du fichier : ${t} ${noms.map(faitRetire).join(', ')}${reste > 0 ? `… et ${pluriel(reste, 'autre', 'autres')}` : ''}.`;
    });
}

/** The communes the built-in list kept over the file, then those the import renamed, a few named (domain/renommages.ts). */
const lignesRenommages = (r: ImportResult) => {
  const phrases = [phrasePlusRecentes(r.plus_recentes), phraseRenommages(r.diff.commune?.renommages)];
  return phrases.filter((p): p is string => !!p);
};

/** What `offre referentiel import` prints on stderr after an import (French, several lines). */
export function resumeImport(r: ImportResult): string {
  if (r.statut === 'inchange')
    return `Fichier ${r.fichier} déjà importé à l’identique (import n° ${r.run_id}) : rien à faire.`;
  const l = r.lignes;
  const d = Object.entries(r.diff)
    .map(([t, x]) => `${t} +${x!.ajouts} ~${x!.modifications} -${x!.retraits}`)
    .join(', ');
  const lignes = [
    `Référentiel ${r.kind} (${r.jeu}) importé depuis ${r.fichier} : ${pluriel(l.lues, 'ligne lue', 'lignes lues')}, ${pluriel(l.gardees, 'gardée', 'gardées')}, ${pluriel(l.rejetees, 'rejetée', 'rejetées')}${l.ignorees ? `, ${pluriel(l.ignorees, 'ignorée', 'ignorées')}` : ''}${l.completees ? `, complété par la liste intégrée (${pluriel(l.completees, 'commune ou commune déléguée absente du fichier', 'communes ou communes déléguées absentes du fichier')})` : ''} (import n° ${r.run_id}, ${r.duree_ms} ms).`,
    `Reconnu : ${r.libelle}${r.disposition ? ` — ${r.disposition}` : ''}.`,
    ...phrasesComptes(r).map((p) => `  ${p}`),
    `Changements${d ? ' (+ ajoutés, ~ modifiés, - retirés)' : ''} : ${d || 'aucun'}.`,
    ...lignesRetraits(r),
    ...lignesRenommages(r),
    `Formations à recontrôler : ${r.impact.formations}.`,
  ];
  const o = r.offres;
  if (o)
    lignes.push(
      `Impact : ${pluriel(o.catalogue, 'offre change', 'offres changent')} de verdict du catalogue (dont ${nombre(o.vers_non_reglementaire)} en Non réglementaire), ${nombre(o.certifiee)} de mention « Certifiée » (dont ${pluriel(o.decertifiees, 'retirée', 'retirées')}), ${nombre(o.parcoursup)} de statut Parcoursup, ${nombre(o.affelnet)} de statut Affelnet.`,
    );
  for (const a of r.alertes) lignes.push(`Accepté avec --force : ${a.message}`);
  for (const a of r.avertissements ?? []) lignes.push(`Attention (${a.code}) : ${a.message}`);
  for (const x of r.rejets.slice(0, 20))
    lignes.push(
      `  rejet : ${x.fichier}, ligne ${x.ligne ?? '?'}, colonne ${x.colonne ?? '?'} : ${x.message}`,
    );
  if (r.rejets.length > 20) lignes.push(`  … et ${r.lignes.rejetees - 20} autres rejets (voir --json).`);
  return lignes.join('\n');
}

/** One dataset in force, as `offre referentiel status` lists it: its cells, in columns (lignesStatut). */
export function cellulesStatut(r: StatutReferentiel): string[] {
  const source = r.integree ? `liste intégrée (${r.fichier})` : r.fichier;
  // A file whose date is not known (neither in its name nor in its members): said so, not « du ? ».
  const date = r.date_fichier
    ? `du ${jourIsoLong(isoDay(new Date(r.date_fichier)))}`
    : 'date du fichier inconnue';
  const rejetees = r.lignes_rejetees ? `, ${r.lignes_rejetees} rejetées` : '';
  return [
    r.kind,
    // The dataset only when it says more than the kind (« communes  communes », fresh user 07/12).
    r.jeu === r.kind ? '' : r.jeu,
    source,
    date,
    `importé le ${dateHeureLongue(r.importe_le)}`,
    `${r.lignes_gardees}/${r.lignes_lues} lignes${rejetees}`,
  ];
}

/** The datasets in force, one line each, their columns aligned (fresh user, 06/12: they were not). */
export const lignesStatut = (runs: readonly StatutReferentiel[]): string[] =>
  colonnes(runs.map(cellulesStatut));

/** Every kind `offre referentiel import` accepts, with its French name (the reference data page's). */
const typesDeFichier = () =>
  `\nTypes de fichier (<kind> de « offre referentiel import ») :\n${KINDS.map(
    (k) => `  ${k.padEnd(9)} ${LIBELLES_KIND[k]}`,
  ).join('\n')}\n`;

export function registerReferentiel(program: Command) {
  const ref = program
    .command('referentiel')
    .description(`données de référence : ${KINDS.join(', ')}`)
    .addHelpText('after', typesDeFichier);
  ref
    .command('import')
    .description('importe un fichier officiel de référence')
    .addArgument(new Argument('<kind>', 'type de fichier, voir la liste ci-dessous').choices(KINDS))
    .addHelpText('after', typesDeFichier)
    .argument('<fichier>', 'fichier officiel tel qu’il est publié (CSV, XLSX, XML ou zip)')
    .option(
      '--force',
      'accepte un fichier qui a nettement moins de lignes que le précédent (sous un seuil par type : 90 % pour les communes, voir docs/referentiels.md), ou dont l’impact dépasse la part réglée (OFFRE_REFERENTIEL_IMPACT_PCT) des offres passant en Non réglementaire',
    )
    .option('--only-known', 'sirene : ne garde que les SIRET/SIREN des organismes connus d’Offre')
    .option('--json', 'affiche le compte rendu en JSON sur la sortie standard')
    .action(
      async (
        kind: string,
        fichier: string,
        opts: { force?: boolean; onlyKnown?: boolean; json?: boolean },
      ) => {
        fichierVerifie(fichier);
        const { importReferentiel } = await import('../../services/referentiel.service.ts');
        await withContext(async (ctx) => {
          // The bar is stopped on a refusal too (REFERENTIEL_BAISSE_SUSPECTE…): terminal restored.
          const r = await avecProgression(`Import ${kind}`, (bar) =>
            importReferentiel(ctx, {
              kind,
              fichier,
              force: opts.force,
              onlyKnown: opts.onlyKnown,
              onProgress: (n) => bar.tick(n),
            }),
          );
          if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
          else process.stderr.write(`${resumeImport(r)}\n`);
        });
      },
    );
  ref
    .command('status')
    .description('liste les référentiels chargés : fichier, date, lignes')
    .option('--json', 'sortie JSON')
    .action(async (opts: { json?: boolean }) => {
      const { statutReferentiels } = await import('../../services/referentiel-status.service.ts');
      await withContext(async (ctx) => {
        const s = await statutReferentiels(ctx);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(s)}\n`);
          return;
        }
        if (s.runs.length === 0) process.stdout.write('Aucun référentiel chargé.\n');
        for (const l of lignesStatut(s.runs)) process.stdout.write(`${l}\n`);
        process.stdout.write(
          `Faits : ${Object.entries(s.faits)
            .map(([t, n]) => `${t} ${n}`)
            .join(', ')}\n`,
        );
      });
    });
}
