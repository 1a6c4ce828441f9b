import { type Command, Option } from 'commander';
import { SCOPES } from '../../domain/acteur.ts';
import { withContext } from '../runtime.ts';

export function registerApikey(program: Command) {
  const apikey = program.command('apikey').description('clés d’API');
  apikey
    .command('add')
    .description('crée une clé d’API et l’affiche une seule fois (seule son empreinte est conservée)')
    .requiredOption('--name <nom>', 'qui utilise la clé (ex. « SI du CFA X », « Parcoursup »)')
    .addOption(new Option('--scope <portée>', 'ce que la clé permet').choices(SCOPES).default('read'))
    .option('--siren <siren>', 'SIREN de l’organisme (obligatoire pour une clé write)')
    .option('--json', 'sortie JSON')
    .action(async (o: { name: string; scope: string; siren?: string; json?: boolean }) => {
      const { createApiKey } = await import('../../services/apikey.service.ts');
      await withContext(async (ctx) => {
        const k = await createApiKey(ctx, { name: o.name, scope: o.scope, siren: o.siren });
        if (o.json) process.stdout.write(`${JSON.stringify(k)}\n`);
        else {
          process.stdout.write(`${k.key}\n`);
          process.stderr.write(
            `Clé « ${k.name} » créée (portée ${k.scope}${k.siren ? `, SIREN ${k.siren}` : ''}). Conservez-la : elle ne sera plus affichée.\n` +
              'Usage : Authorization: Bearer <clé>\n',
          );
        }
      });
    });
}
