import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import {
  creeeNonDiffusable,
  devientNonDiffusable,
  ligneCompteRegle,
  lignesRegles,
  phraseComptesRegles,
  phraseCreeesNonDiffusables,
  phraseNonDiffusables,
} from '../../domain/apercu-regles.ts';
import { pluriel } from '../../domain/pluriel.ts';
import {
  comptesFormations,
  elementDe,
  type FormationNommee,
  ligneChangement,
  phraseRevisionsGardees,
  RapportCsv,
} from '../../formats/lheo/lheo.rapport.ts';
import type { LheoRejet } from '../../formats/lheo/lheo.rejet.ts';
import type { LheoImportReport } from '../../services/import-lheo.service.ts';
import { lireFichier } from '../entree.ts';
import { commandeHebergee } from '../hote.context.ts';
import { noterEnregistrement } from '../interruption.ts';
import { avecProgression, fichierVerifie, withContext } from '../runtime.ts';
import { ecrireFichier, sortieVerifiee } from '../sortie.ts';

/** Formations and refusals printed at most per list; `--rapport` writes them all. */
const LISTE_CLI = 20;

const nom = (f: FormationNommee) =>
  `ligne ${f.ligne}, n° ${f.numero ?? '(sans numéro)'}${f.intitule ? ` « ${f.intitule} »` : ''}`;

/** « … et N autres » under a list cut at LISTE_CLI. */
const suite = (n: number, un: string, plusieurs: string, rapport?: string) =>
  n > 0
    ? [
        `  … et ${pluriel(n, un, plusieurs)}${rapport ? ` (toutes dans ${rapport})` : ' (--rapport <fichier.csv> pour la liste complète)'}.`,
      ]
    : [];

/** The text report (standard output): counts, then the first formations modified (fields) and created. */
export function renderRapportLheo(r: LheoImportReport, dryRun: boolean, rapport?: string): string {
  const f = r.formations;
  const lines = [
    `${dryRun ? 'Simulation (rien n’a été enregistré) — ' : ''}formations : ${comptesFormations(f.creees, f.mises_a_jour, f.inchangees, f.rejetees)}.`,
  ];
  if (r.revisions_gardees > 0) lines.push(phraseRevisionsGardees(r.revisions_gardees));
  if (r.non_diffusables) lines.push(phraseNonDiffusables(r.non_diffusables));
  if (r.creees_non_diffusables) lines.push(phraseCreeesNonDiffusables(r.creees_non_diffusables));
  // Each rule over every formation: the lists below stop at LISTE_CLI.
  if (r.regles_par_code?.length) {
    lines.push('Règles bloquantes introduites ou levées, par code :');
    for (const c of r.regles_par_code) lines.push(`  ${ligneCompteRegle(c)}`);
    lines.push(`  ${phraseComptesRegles(LISTE_CLI)}`);
  }
  const modifiees = r.modifiees.slice(0, LISTE_CLI);
  if (modifiees.length) lines.push('Modifiées :');
  for (const m of modifiees) {
    lines.push(
      `  ~ ${nom(m)}${m.revision ? ' (publiée : à valider)' : ''}${devientNonDiffusable(m.regles) ? ' — deviendrait non diffusable' : ''}`,
    );
    for (const c of m.changements) lines.push(`      ${ligneChangement(c)}`);
    if (m.changements_total > m.changements.length)
      lines.push(
        `      … et ${pluriel(m.changements_total - m.changements.length, 'autre champ', 'autres champs')}.`,
      );
    // The preview's blocking rules (imports/apercu-regles.ts).
    lines.push(...lignesRegles(m.regles).map((l) => `      ${l}`));
  }
  lines.push(
    ...suite(
      f.mises_a_jour - modifiees.length,
      'autre formation modifiée',
      'autres formations modifiées',
      rapport,
    ),
  );
  const creees = r.creees.slice(0, LISTE_CLI);
  if (creees.length) lines.push('Créées :');
  for (const c of creees) {
    lines.push(`  + ${nom(c)}${creeeNonDiffusable(c.regles) ? ' — ne serait pas diffusable' : ''}`);
    lines.push(...lignesRegles(c.regles).map((l) => `      ${l}`));
  }
  lines.push(
    ...suite(f.creees - creees.length, 'autre formation créée', 'autres formations créées', rapport),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The refusals, then the warnings (standard error), as the command's other errors: the file, the
 * formation's rank and line (in the message), its number and the element, then the stable code.
 */
function renderRefus(r: LheoImportReport, fichier: string, rapport?: string): string {
  const liste = (
    quoi: 'Refus' | 'Avertissement',
    tous: readonly LheoRejet[],
    total: number,
    autres: readonly [string, string],
  ) => {
    const premiers = tous.slice(0, LISTE_CLI);
    return [
      ...premiers.map(
        (x) =>
          `${quoi} : ${fichier} : ${x.message} (numéro ${x.numero ?? 'absent'}, élément ${elementDe(x.chemin)}) [${x.code}]`,
      ),
      ...suite(total - premiers.length, autres[0], autres[1], rapport).map((l) => l.trim()),
    ];
  };
  const lines = [
    ...liste('Refus', r.rejets, r.rejets_total, ['autre refus', 'autres refus']),
    ...liste('Avertissement', r.avertissements, r.avertissements_total, [
      'autre avertissement',
      'autres avertissements',
    ]),
  ];
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function registerImportLheo(importCmd: Command) {
  importCmd
    .command('lheo <fichier>')
    .description('importe un fichier LHEO 2.2 ou 2.3 (mise à jour par numéro de formation et de session)')
    .option(
      '--dry-run',
      'simule l’import et affiche le rapport sans rien enregistrer (code de sortie 1 si une formation est rejetée, comme l’import)',
    )
    .option('--json', 'rapport JSON sur la sortie standard')
    .option(
      '--rapport <fichier.csv>',
      'écrit le rapport complet (CSV UTF-8, « ; ») : chaque formation créée ou inchangée, chaque champ modifié, chaque refus, chaque avertissement ; avec --dry-run, chaque règle bloquante introduite ou levée',
    )
    .action(async (fichier: string, opts: { dryRun?: boolean; json?: boolean; rapport?: string }) => {
      fichierVerifie(fichier);
      // Refused before the import is applied, not after (SORTIE_IMPOSSIBLE).
      if (opts.rapport) sortieVerifiee(opts.rapport);
      const { importLheo } = await import('../../services/import-lheo.service.ts');
      await withContext(
        async (ctx) => {
          const rapport = opts.rapport ? sortieVerifiee(opts.rapport) : undefined;
          const complet = rapport ? new RapportCsv() : null;
          const report = await avecProgression('Formations LHEO lues', (bar) =>
            importLheo(ctx, SYSTEME('import-lheo'), lireFichier(fichier), {
              fichier,
              dryRun: opts.dryRun,
              onProgress: (n) => bar.tick(n),
              onLigne: complet ? (l) => complet.ecrire(l) : undefined,
              // Listed on each organisme's « Mes imports » page (docs/espace.md).
              trace: { origine: 'cli', nom: basename(fichier) },
              // Read in a worker thread, on the other core (formats/lheo/lheo.fil.ts).
              lecture: 'fil',
              // Run by `offre serve` for a CLI: its caller's Ctrl-C stops the read and the worker at once.
              signal: commandeHebergee()?.signal,
            }),
          );
          // Applied: a Ctrl-C while the report is written no longer says « rien n’a été enregistré ».
          if (!opts.dryRun) noterEnregistrement('l’import');
          if (complet && rapport)
            await ecrireFichier(rapport, (f) => pipeline(Readable.from([complet.fin()]), createGunzip(), f));
          if (rapport) process.stderr.write(`Rapport complet (CSV) : ${rapport}\n`);
          process.stdout.write(
            opts.json ? `${JSON.stringify(report)}\n` : renderRapportLheo(report, !!opts.dryRun, rapport),
          );
          process.stderr.write(renderRefus(report, fichier, rapport));
          // Rejected records are a data error for scripts, even though the valid ones were applied.
          if (report.formations.rejetees > 0) process.exitCode = 1;
        },
        { tightHeap: true },
      );
    });
}
