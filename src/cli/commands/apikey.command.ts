import { type Command, Option } from 'commander';
import { SCOPES } from '../../domain/acteur.ts';
import { isoDay, jourIsoLong, jourLong } from '../../domain/dates.ts';
import { ancienNom, parOption } from '../options.ts';
import { withContext } from '../runtime.ts';

export function registerApikey(program: Command) {
  const apikey = program.command('apikey').description('clés d’API');
  apikey
    .command('add')
    .description('crée une clé d’API et l’affiche une seule fois (seule son empreinte est conservée)')
    .requiredOption('--name <nom>', 'qui utilise la clé (ex. « SI du CFA X », « Parcoursup »)')
    .addOption(new Option('--scope <portée>', 'ce que la clé permet').choices(SCOPES).default('read'))
    .option('--siren <siren>', 'SIREN de l’organisme (obligatoire pour une clé write)')
    .option(
      '--expire <date>',
      'dernier jour de validité (AAAA-MM-JJ) ; sans date, valable jusqu’à révocation',
    )
    .option(
      '--profils <codes>',
      'profils partenaires dont la clé (read) lira les fichiers, séparés par des virgules (voir « offre partenaires list »)',
    )
    .option('--json', 'sortie JSON')
    .action(
      async (o: {
        name: string;
        scope: string;
        siren?: string;
        expire?: string;
        profils?: string;
        json?: boolean;
      }) => {
        const { createApiKey, dernierJourValide } = await import('../../services/apikey.service.ts');
        await withContext(async (ctx) => {
          // A refused date named by its option (« --expire 2026-02-30 : Date d’expiration … »).
          const k = await parOption('--expire', o.expire, ['CLE_EXPIRATION'], () =>
            createApiKey(ctx, {
              name: o.name,
              scope: o.scope,
              siren: o.siren,
              expire: o.expire,
              profils: o.profils?.split(','),
            }),
          );
          if (o.json) process.stdout.write(`${JSON.stringify(k)}\n`);
          else {
            process.stdout.write(`${k.key}\n`);
            process.stderr.write(
              `Clé « ${k.name} » créée (portée ${k.scope}${k.siren ? `, SIREN ${k.siren}` : ''}${k.profils.length ? `, profils ${k.profils.join(', ')}` : ''}${k.expires_at ? `, valable jusqu’au ${jourIsoLong(dernierJourValide(k.expires_at))} inclus` : ''}). Conservez-la : elle ne sera plus affichée.\n` +
                'Usage : Authorization: Bearer <clé>\n',
            );
          }
        });
      },
    );

  apikey
    .command('list')
    .description(
      'liste les clés : portée, SIREN, création, expiration, dernier usage, appels des 30 derniers jours',
    )
    .option('--json', 'sortie JSON (avec les appels jour par jour)')
    .action(async (o: { json?: boolean }) => {
      const { dernierJourValide, listCles } = await import('../../services/apikey.service.ts');
      await withContext(async (ctx) => {
        const cles = await listCles(ctx);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(cles)}\n`);
          return;
        }
        if (cles.length === 0) {
          process.stdout.write('Aucune clé d’API. Créez-en une : offre apikey add --name <nom>\n');
          return;
        }
        const ETATS = { active: 'active', revoquee: 'révoquée', expiree: 'expirée' } as const;
        const lignes = [
          [
            'identifiant',
            'nom',
            'portée',
            'SIREN',
            'créée le',
            'valable jusqu’au',
            'état',
            'dernier usage',
            'appels (30 j)',
          ],
          ...cles.map((c) => [
            c.id,
            c.name,
            c.scope,
            c.siren ?? '–',
            jourLong(c.created_at),
            c.expires_at ? jourIsoLong(dernierJourValide(c.expires_at)) : '–',
            c.revoked_at ? `révoquée le ${jourLong(c.revoked_at)}` : ETATS[c.etat],
            c.dernier_usage ? jourLong(c.dernier_usage) : 'jamais',
            String(c.appels_30_jours),
          ]),
        ];
        const larg = lignes[0]!.map((_, i) => Math.max(...lignes.map((l) => l[i]!.length)));
        for (const l of lignes)
          process.stdout.write(
            `${l
              .map((v, i) => v.padEnd(larg[i]!))
              .join('  ')
              .trimEnd()}\n`,
          );
        for (const c of cles.filter((k) => k.appels_par_jour.length))
          process.stdout.write(
            `\n${c.name} (${c.id}) – appels par jour : ${c.appels_par_jour.map((a) => `${jourIsoLong(isoDay(new Date(a.jour)))} : ${a.appels}`).join(', ')}`,
          );
        if (cles.some((k) => k.appels_par_jour.length)) process.stdout.write('\n');
      });
    });
  apikey
    .command('revoke')
    .description('révoque une clé aussitôt : l’appel suivant reçoit 401')
    .argument('<cle>', 'nom ou identifiant de la clé (voir offre apikey list)')
    .action(async (cle: string) => {
      const { revokeCle } = await import('../../services/apikey.service.ts');
      const { SYSTEME } = await import('../../domain/acteur.ts');
      await withContext(async (ctx) => {
        const r = await revokeCle(ctx, cle, SYSTEME('cli'));
        process.stdout.write(`Clé « ${r.name} » (${r.id}) révoquée : elle reçoit désormais 401.\n`);
      });
    });
  apikey
    .command('profils')
    .description(
      'remplace les profils partenaires dont une clé read lit les fichiers (voir « offre partenaires list ») ; sans --profils : aucun',
    )
    .argument('<cle>', 'nom ou identifiant de la clé (voir offre apikey list)')
    .option('--profils <codes>', 'codes des profils, séparés par des virgules')
    .action(async (cle: string, o: { profils?: string }) => {
      const { updateProfilsApiKey } = await import('../../services/apikey.service.ts');
      const { SYSTEME } = await import('../../domain/acteur.ts');
      await withContext(async (ctx) => {
        const r = await updateProfilsApiKey(ctx, cle, o.profils?.split(','), SYSTEME('cli'));
        process.stdout.write(
          `Clé « ${r.name} » (${r.id}) : ${r.profils.length ? `profils ${r.profils.join(', ')}` : 'aucun profil partenaire'}.\n`,
        );
      });
    });
  const quota = apikey
    .command('quota')
    .description(
      'donne à une clé son propre quota de requêtes par fenêtre (ex. un système consommateur) ; sans valeur : le quota par défaut',
    )
    .argument('<cle>', 'nom ou identifiant de la clé (voir offre apikey list)')
    .option('--read <n>', 'lectures admises par fenêtre (vide ou absent : défaut OFFRE_QUOTA_LECTURE_CLE)')
    .option('--write <n>', 'écritures admises par fenêtre (vide ou absent : défaut OFFRE_QUOTA_ECRITURE_CLE)')
    .action(async (cle: string, o: { read?: string; write?: string }) => {
      const { updateQuotaApiKey } = await import('../../services/apikey.service.ts');
      const { SYSTEME } = await import('../../domain/acteur.ts');
      const { readConfig } = await import('../../config.ts');
      await withContext(async (ctx) => {
        const q = readConfig().quotas;
        const r = await updateQuotaApiKey(ctx, cle, { lecture: o.read, ecriture: o.write }, SYSTEME('cli'));
        process.stdout.write(
          `Clé « ${r.name} » (${r.id}) : ${r.quota_lecture ?? `${q.lectureCle} (défaut)`} lectures et ${r.quota_ecriture ?? `${q.ecritureCle} (défaut)`} écritures par ${q.fenetreS} s.\n`,
        );
      });
    });
  // Older French spellings, hidden from the help (CONTRIBUTING.md, "Noms").
  ancienNom(quota, '--lecture <n>', 'read');
  ancienNom(quota, '--ecriture <n>', 'write');
}
