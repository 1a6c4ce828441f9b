import type { Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import { basculerCampagne, type RapportBascule } from '../../services/rollover.service.ts';
import { progress, UsageError, withContext } from '../runtime.ts';

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

const annee = (v: string, nom: string) => {
  if (!/^\d{4}$/.test(v)) throw new UsageError(`${nom} attend une année AAAA, pas « ${v} ».`);
  return Number(v);
};

export function registerCampagne(program: Command) {
  const campagne = program.command('campagne').description('campagnes de collecte');
  campagne
    .command('rollover')
    .description(
      'reconduit l’offre d’une campagne à la suivante : une nouvelle session un an plus tard par formation et lieu encore proposés',
    )
    .requiredOption('--de <annee>', 'campagne source (AAAA)')
    .requiredOption('--vers <annee>', 'campagne cible (AAAA, l’année suivante)')
    .option('--dry-run', 'aperçu de ce qui serait créé, sans rien enregistrer')
    .option('--json', 'rapport JSON sur la sortie standard')
    .action(async (opts: { de: string; vers: string; dryRun?: boolean; json?: boolean }) => {
      const [de, vers] = [annee(opts.de, '--de'), annee(opts.vers, '--vers')];
      await withContext(async (ctx) => {
        const bar = progress('Formations examinées');
        const r = await basculerCampagne(ctx, SYSTEME('bascule-campagne'), {
          de,
          vers,
          dryRun: !!opts.dryRun,
          onProgress: (n) => bar.tick(n),
        });
        bar.done();
        process.stdout.write(opts.json ? `${JSON.stringify(r)}\n` : render(r));
      });
    });
}
