import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import {
  creeeNonDiffusable,
  devientNonDiffusable,
  lignesRegles,
  phraseCreeesNonDiffusables,
  phraseNonDiffusables,
} from '../../domain/apercu-regles.ts';
import { dateHeureLongue } from '../../domain/dates.ts';
import { conseilApercu, conseilApplique, etatApercu } from '../../domain/import-apercu.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { enteteDeSession } from '../../formats/classeur/classeur.columns.ts';
import {
  comptesConseil,
  parentheseSessionAjoutee,
  type RapportClasseur,
  resultatLigne,
  resumeRapport,
} from '../../formats/classeur/classeur.report.ts';
import { lireTout } from '../entree.ts';
import { cheminLocal } from '../hote.context.ts';
import { noterEnregistrement } from '../interruption.ts';
import { ancienNom, annee, parOption } from '../options.ts';
import { fichierVerifie, UsageError, withContext } from '../runtime.ts';
import { ecrireFichier, sortieVerifiee } from '../sortie.ts';

/** The report as text; `annote`: where the annotated workbook is written, when it is. */
export function renderRapportClasseur(r: RapportClasseur, dryRun: boolean, annote: string | null): string {
  const lines = [
    `${dryRun ? 'Simulation (rien n’a été enregistré) — ' : 'Classeur appliqué — '}lignes : ${resumeRapport(r)}.`,
  ];
  const c = comptesConseil(r);
  const ou = annote ? `dans le classeur annoté (colonne « Erreurs ») : ${annote}` : 'dans le classeur';
  // Applied with rows in error: the valid rows are saved, those are not (exit code 1 says only « error »).
  if (!dryRun && c.erreurs > 0)
    lines.push(conseilApplique(c, 'ligne', ou, 'relancez la commande avec le classeur corrigé'));
  // A dry run with rows in error says what the page's preview says (domain/import-apercu.ts).
  if (dryRun && c.erreurs > 0)
    lines.push(
      `${etatApercu(c.erreurs, c.applicables, 'ligne').libelle}.`,
      conseilApercu(c, 'ligne', ou, 'relancez la commande avec le classeur corrigé'),
    );
  // The preview's formations that would leave the Catalogue général (imports/apercu-regles.ts).
  if (r.non_diffusables) lines.push(phraseNonDiffusables(r.non_diffusables, 'ligne'));
  // The preview's formations created that would be Non réglementaire.
  if (r.creees_non_diffusables) lines.push(phraseCreeesNonDiffusables(r.creees_non_diffusables, 'ligne'));
  const deja = r.fichier?.deja_importe_le;
  if (deja)
    lines.push(
      `Ce fichier a déjà été importé le ${dateHeureLongue(deja)} : ce qui était déjà appliqué ne change pas.`,
    );
  for (const l of r.lignes) {
    if (l.verdict === 'inchangee' && l.avertissements.length === 0) continue;
    // A row adding a session: that session, not its place and dates as changed columns.
    const ajout = l.verdict === 'modifiee' ? l.session_ajoutee : undefined;
    const champs = ajout ? l.champs.filter((c) => !enteteDeSession(c)) : l.champs;
    lines.push(
      `  ligne ${l.ligne}${l.intitule ? ` « ${l.intitule} »` : ''} : ${l.verdict === 'erreur' ? 'ERREUR' : resultatLigne(l).toLowerCase()}${ajout ? ` — session ajoutée ${parentheseSessionAjoutee(ajout)}${ajout.copiee_de !== undefined ? ` (ligne copiée de la ligne ${ajout.copiee_de})` : ''}` : ''}${champs.length ? ` (${champs.join(', ')})` : ''}${l.formation_creee ? ` — formation créée : ${l.formation_creee}` : ''}${l.formation_existante ? ` — formation créée par un envoi précédent : ${l.formation_existante}` : ''}${devientNonDiffusable(l.regles) ? ' — deviendrait non diffusable' : ''}${creeeNonDiffusable(l.regles) && l.verdict !== 'erreur' ? ' — ne serait pas diffusable' : ''}`,
    );
    for (const e of l.erreurs) lines.push(`    ✗ [${e.code}] ${e.message}`);
    for (const a of l.avertissements) lines.push(`    ! [${a.code}] ${a.message}`);
    lines.push(...lignesRegles(l.regles).map((x) => `    ${x}`));
  }
  return `${lines.join('\n')}\n`;
}

export function registerImportClasseur(importCmd: Command) {
  const cmd = importCmd
    .command('classeur <fichier>')
    .description('importe un classeur de campagne rempli (couleurs et valeurs comparées à l’offre)')
    .option(
      '--dry-run',
      'aperçu : affiche le rapport ligne par ligne sans rien enregistrer (code de sortie 1 si une ligne est en erreur, comme l’import)',
    )
    .option('--json', 'rapport JSON sur la sortie standard')
    .option(
      '--errors <fichier>',
      'où écrire la copie du classeur avec la colonne « Erreurs » (défaut : <nom>.erreurs.xlsx à côté)',
    );
  ancienNom(cmd, '--erreurs <fichier>', 'errors');
  cmd.action(async (fichier: string, opts: { dryRun?: boolean; json?: boolean; errors?: string }) => {
    fichierVerifie(fichier);
    // Refused before the import is applied, not after (SORTIE_IMPOSSIBLE).
    if (opts.errors) sortieVerifiee(opts.errors);
    const { importClasseur } = await import('../../services/import-classeur.service.ts');
    await withContext(async (ctx) => {
      const res = await importClasseur(ctx, SYSTEME('import-classeur'), await lireTout(fichier), {
        nom: fichier,
        dryRun: !!opts.dryRun,
        // Listed on each organisme's « Mes imports » page (docs/espace.md).
        trace: { origine: 'cli', nom: basename(fichier) },
      });
      // Applied: a Ctrl-C while the annotated copy is written no longer says « rien n’a été enregistré ».
      if (!opts.dryRun) noterEnregistrement('l’import');
      // A rule a preview's row would introduce is said in the annotated workbook too (classeur.errors.ts).
      const aSignaler = res.rapport.lignes.some(
        (l) => l.erreurs.length || l.avertissements.length || l.regles?.introduites.length,
      );
      const cible =
        aSignaler || opts.errors
          ? cheminLocal(
              opts.errors ??
                join(dirname(fichier), `${basename(fichier).replace(/\.xlsx$/i, '')}.erreurs.xlsx`),
            )
          : null;
      process.stdout.write(
        opts.json
          ? `${JSON.stringify(res.rapport)}\n`
          : renderRapportClasseur(res.rapport, !!opts.dryRun, cible),
      );
      if (cible) {
        const annote = await res.classeurErreurs();
        await ecrireFichier(cible, async (f) => {
          f.end(annote);
        });
        process.stderr.write(`Classeur annoté (colonne « Erreurs ») : ${cible}\n`);
      }
      // Rows in error are a data error for scripts, even though the valid ones were applied.
      if (res.rapport.totaux.erreur > 0) process.exitCode = 1;
    });
  });
}

export function registerExportClasseur(exportCmd: Command) {
  exportCmd
    .command('classeur')
    .description('classeur de campagne d’un organisme, pré-rempli avec son offre')
    .requiredOption(
      '--siret <siret>',
      'SIRET de l’organisme : les offres de sa structure qui le nomment (responsable, formateur ou mandataire)',
    )
    .option(
      '--campagne <annee>',
      'année de la rentrée (AAAA ; défaut : la campagne courante)',
      annee('--campagne'),
    )
    .option('-o, --out <fichier>', 'fichier à écrire (défaut : offre-<siret>-campagne-<annee>.xlsx)')
    .action(async (opts: { siret: string; campagne?: number; out?: string }) => {
      if (opts.out) sortieVerifiee(opts.out);
      const { prepareClasseur } = await import('../../services/export-classeur.service.ts');
      const { getCampagneCourante } = await import('../../db/campagne.repository.ts');
      await withContext(async (ctx) => {
        // The current campaign by default, as the organisme's page offers it.
        const annee = opts.campagne ?? (await getCampagneCourante(ctx.db))?.annee;
        if (annee === undefined)
          throw new UsageError(
            'Aucune campagne courante n’est définie : indiquez l’année avec --campagne AAAA (ou choisissez la campagne courante : offre campagne courante AAAA).',
          );
        // A campaign that does not exist is refused, named by --campagne (CAMPAGNE_INCONNUE).
        const c = await parOption('--campagne', annee, ['CAMPAGNE_INCONNUE'], () =>
          prepareClasseur(ctx, SYSTEME('export-classeur'), { siret: opts.siret, annee }),
        );
        const out = sortieVerifiee(opts.out ?? c.nomFichier);
        // On disk (or its write error) before the command says it is done.
        const n = await ecrireFichier(out, (fichier) => c.ecrire(fichier));
        process.stderr.write(`${pluriel(n, 'ligne écrite', 'lignes écrites')} dans ${out}\n`);
      });
    });
}
