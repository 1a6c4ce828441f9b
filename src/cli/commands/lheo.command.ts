import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { type Acteur, SYSTEME } from '../../domain/acteur.ts';
import { OffreError } from '../../domain/errors.ts';
import { nombre } from '../../domain/nombres.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { ancienNom, filtresExport } from '../options.ts';
import { fichierVerifie, withContext } from '../runtime.ts';
import { ecrireSortie, sortieDemandee, sortieVerifiee } from '../sortie.ts';

const PUBLIC: Acteur = { kind: 'anonyme' };

export function registerExportLheo(exportCmd: Command) {
  const cmd = filtresExport(
    exportCmd
      .command('lheo')
      .description('exporte l’offre diffusée en LHEO 2.3, valide selon le schéma XSD officiel')
      .option('-o, --out <fichier>', 'fichier de sortie (sinon la sortie standard)'),
  ).option('--all', 'toutes les formations de la base (sauf les supprimées), pas seulement l’offre diffusée');
  ancienNom(cmd, '--tout', 'all');
  cmd.action(async (options: { out?: string; region?: string; siret?: string; all?: boolean }) => {
    const opts = { ...options, out: sortieDemandee(options.out) };
    const { openLheoExport } = await import('../../services/export-lheo.service.ts');
    if (opts.out) sortieVerifiee(opts.out);
    await withContext(async (ctx) => {
      const exp = await openLheoExport(
        ctx.db,
        opts.all ? SYSTEME('export-lheo') : PUBLIC,
        {
          region: opts.region,
          siret: opts.siret,
          // A deleted offer is out of the file (docs/formats.md): imported back, it would be refused
          // (FORMATION_SUPPRIMEE), or brought back to life as a draft in another database.
          ...(opts.all ? { nonSupprimees: true } : {}),
        },
        ctx.now(),
      ).catch((e: unknown) => {
        // Nothing diffused yet (a new folder, offers not published): the other file exists.
        if (!opts.all && e instanceof OffreError && e.code === 'AUCUNE_FORMATION')
          throw new OffreError(
            e.code,
            `${e.message} Sans --all, seule l’offre diffusée (publiée) est exportée ; « offre export lheo --all » exporte toutes les formations de la base.`,
            e.details,
            e.status,
          );
        throw e;
      });
      await ecrireSortie(Readable.from(exp.chunks), opts.out);
      const t = exp.totaux();
      process.stderr.write(
        `${pluriel(t.formations, 'formation exportée', 'formations exportées')}${opts.out ? ` dans ${opts.out}` : ''}, ${pluriel(t.avertissements, 'avertissement', 'avertissements')}.\n`,
      );
      for (const w of exp.avertissements.slice(0, 20))
        process.stderr.write(`  ! formation ${w.formation} : ${w.message}\n`);
      if (t.avertissements > 20)
        process.stderr.write(`  … et ${pluriel(t.avertissements - 20, 'autre', 'autres')}.\n`);
    });
  });
}

export function registerLheo(program: Command) {
  const lheo = program.command('lheo').description('format LHEO');
  lheo
    .command('validate <fichier>')
    .description(
      'valide un fichier selon le schéma LHEO 2.3 officiel (formation par formation, mémoire bornée)',
    )
    .option('--json', 'rapport JSON sur la sortie standard')
    .option('--xsd <fichier>', 'schéma LHEO 2.3 officiel (défaut : OFFRE_LHEO_XSD, puis shared/reference)')
    .action(async (fichier: string, opts: { json?: boolean; xsd?: string }) => {
      fichierVerifie(fichier);
      if (opts.xsd) fichierVerifie(opts.xsd, 'Schéma');
      // libxml2 in WebAssembly weighs ~140 MB: loaded by this command only, not by every `offre` start.
      const { lheoXsdPath, validateLheo } = await import('../../formats/lheo/lheo.validator.ts');
      const r = await validateLheo(createReadStream(fichier), fichier, 200, lheoXsdPath(opts.xsd));
      if (opts.json) process.stdout.write(`${JSON.stringify({ valide: r.erreurs.length === 0, ...r })}\n`);
      else if (r.erreurs.length === 0)
        process.stdout.write(
          `${fichier} : valide selon LHEO 2.3 (${pluriel(r.formations, 'formation', 'formations')}).\n`,
        );
      else {
        process.stdout.write(
          `${fichier} : INVALIDE selon LHEO 2.3 — ${r.erreursTronquees ? `${nombre(r.erreurs.length)}+ erreurs` : pluriel(r.erreurs.length, 'erreur', 'erreurs')} sur ${pluriel(r.formations, 'formation', 'formations')}.\n`,
        );
        for (const e of r.erreurs)
          process.stdout.write(`  ligne ${e.ligne} (formation n° ${e.formation}) : ${e.message}\n`);
      }
      if (r.erreurs.length > 0) process.exitCode = 1;
    });
}
