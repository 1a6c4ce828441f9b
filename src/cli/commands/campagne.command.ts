import type { Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import type { RapportBascule } from '../../services/rollover.service.ts';
import { ancienNom, annee } from '../options.ts';
import { progress, withContext } from '../runtime.ts';

function render(r: RapportBascule): string {
  const lines = [
    `${r.simulation ? 'Simulation (rien n’a été enregistré) — ' : ''}bascule ${r.de} → ${r.vers} : ${r.sessions_creees} session(s) ${r.simulation ? 'à créer' : 'créée(s)'} pour ${r.formations} formation(s) ; ${r.deja_reconduites} lieu(x) déjà reconduit(s).`,
    ...(r.campagne_creee
      ? [`Campagne ${r.vers} ${r.simulation ? 'à créer' : 'créée'} avec le calendrier par défaut.`]
      : []),
    ...r.organismes.map((o) => `  ${o.siret ?? '—'}  ${o.raison_sociale ?? ''}  ${o.sessions} session(s)`),
  ];
  return `${lines.join('\n')}\n`;
}

export function registerCampagne(program: Command) {
  const campagne = program.command('campagne').description('campagnes de collecte');
  const rollover = campagne
    .command('rollover')
    .description(
      'reconduit l’offre d’une campagne à la suivante : une nouvelle session un an plus tard par formation et lieu encore proposés',
    )
    .requiredOption('--from <annee>', 'campagne source (AAAA)', annee)
    .requiredOption('--to <annee>', 'campagne cible (AAAA, l’année suivante)', annee)
    .option('--dry-run', 'aperçu de ce qui serait créé, sans rien enregistrer')
    .option('--json', 'rapport JSON sur la sortie standard');
  ancienNom(rollover, '--de <annee>', 'from', annee);
  ancienNom(rollover, '--vers <annee>', 'to', annee);
  rollover.action(async (opts: { from: number; to: number; dryRun?: boolean; json?: boolean }) => {
    const { basculerCampagne } = await import('../../services/rollover.service.ts');
    await withContext(async (ctx) => {
      const bar = progress('Formations examinées');
      const r = await basculerCampagne(ctx, SYSTEME('bascule-campagne'), {
        de: opts.from,
        vers: opts.to,
        dryRun: !!opts.dryRun,
        onProgress: (n) => bar.tick(n),
      });
      bar.done();
      process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : render(r));
    });
  });
}
