import { type Command, Option } from 'commander';
import { messagePerimetreIgnore, perimetreIgnore, ROLES, SYSTEME } from '../../domain/acteur.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { avisStructureNonValidee } from '../../domain/structure-non-validee.ts';
import { colonnes } from '../colonnes.ts';
import { withContext } from '../runtime.ts';

/** Who a user acts for, in one cell: the structure's SIREN, the régions or the académies. */
const perimetre = (u: { siren: string | null; regions: string[]; academies: string[] }) =>
  u.siren
    ? `SIREN ${u.siren}`
    : u.regions.length
      ? `région ${u.regions.join(',')}`
      : u.academies.length
        ? `académie ${u.academies.join(',')}`
        : '—';

/** One user as `offre user list` shows it: address, role, perimeter, state, name. */
const cellules = (u: {
  email: string;
  role: string;
  siren: string | null;
  regions: string[];
  academies: string[];
  actif: boolean;
  nom: string | null;
}) => [u.email, u.role, perimetre(u), u.actif ? 'actif' : 'désactivé', u.nom ?? '—'];

export function registerUtilisateur(program: Command) {
  const user = program.command('user').description('utilisateurs');
  user
    .command('list')
    .description('liste les utilisateurs, par rôle puis adresse (comme /admin/utilisateurs)')
    .addOption(new Option('--role <rôle>', 'seulement ce rôle').choices(ROLES))
    .option('--json', 'une ligne JSON par utilisateur')
    .action(async (o: { role?: string; json?: boolean }) => {
      const { listUtilisateurs } = await import('../../services/comptes/admin-utilisateurs.service.ts');
      await withContext(async (ctx) => {
        const rows = (await listUtilisateurs(ctx)).filter((u) => !o.role || u.role === o.role);
        if (!o.json) {
          // Aligned columns under their headers, as `offre apikey list` (fresh user, 07/12: no headers).
          const entete = ['adresse', 'rôle', 'périmètre', 'état', 'nom'];
          for (const l of colonnes([entete, ...rows.map(cellules)])) process.stdout.write(`${l}\n`);
          process.stderr.write(`${pluriel(rows.length, 'utilisateur', 'utilisateurs')}.\n`);
          return;
        }
        for (const u of rows) {
          // Never a password hash nor a token: the administrator's view only (UtilisateurVue).
          const line = {
            email: u.email,
            nom: u.nom,
            role: u.role,
            siren: u.siren,
            regions: u.regions,
            academies: u.academies,
            actif: u.actif,
            structure_statut: u.structure_statut,
            created_at: u.created_at,
          };
          process.stdout.write(`${JSON.stringify(line)}\n`);
        }
      });
    });
  user
    .command('add')
    .description('crée un utilisateur et affiche son mot de passe à usage unique')
    .requiredOption('--email <email>', 'adresse électronique (identifiant)')
    .addOption(new Option('--role <rôle>', 'rôle de l’utilisateur').choices(ROLES).makeOptionMandatory())
    .option('--nom <nom>', 'nom et prénom, affichés dans l’en-tête')
    .option('--siren <siren>', 'SIREN de la structure (rôle organisme ; la structure est créée validée)')
    .option(
      '--raison-sociale <nom>',
      'nom de la structure créée, si les référentiels (Sirene, liste DGEFP) ne connaissent pas le SIREN',
    )
    .option(
      '--region <codes>',
      'codes INSEE de région, séparés par des virgules (gestionnaire, ex. 84,27 ; organisme : région de la structure créée, si les référentiels ne la donnent pas)',
    )
    .option('--academie <codes>', 'codes d’académie, séparés par des virgules (rôle instructeur)')
    .option('--json', 'sortie JSON')
    .action(
      async (o: {
        email: string;
        role: string;
        nom?: string;
        siren?: string;
        raisonSociale?: string;
        region?: string;
        academie?: string;
        json?: boolean;
      }) => {
        const { addUtilisateur } = await import('../../services/comptes/admin-utilisateurs.service.ts');
        await withContext(async (ctx) => {
          const u = await addUtilisateur(
            ctx,
            SYSTEME('cli'),
            { ...o, raison_sociale: o.raisonSociale },
            'cli',
          );
          if (o.json) process.stdout.write(`${JSON.stringify(u)}\n`);
          else {
            process.stdout.write(`${u.password}\n`);
            process.stderr.write(
              `Utilisateur ${u.email} (${u.role}) créé. Mot de passe à usage unique ci-dessus : à changer à la première connexion.\n`,
            );
            // --region / --academie given for a role without them: not kept, as the page says.
            const ignores = perimetreIgnore(o.role, { regions: o.region, academies: o.academie }, true);
            for (const c of ignores) process.stderr.write(`Attention : ${messagePerimetreIgnore(c)}\n`);
            const n = u.nonValidee;
            if (n)
              process.stderr.write(
                `Attention : ${avisStructureNonValidee(n)}${n.statut === 'refusee' ? '' : ` Pour la valider : offre structure approve ${n.siren}.`}\n`,
              );
            const s = u.structure;
            if (s)
              process.stderr.write(
                s.raison_sociale === s.siren || !s.region
                  ? `Attention : structure ${s.siren} créée ${s.raison_sociale === s.siren ? 'sans raison sociale' : `« ${s.raison_sociale} »`}${s.region ? '' : s.raison_sociale === s.siren ? ' ni région' : ' sans région'} — les référentiels chargés ne connaissent pas ce SIREN. Précisez --raison-sociale et --region, ou importez Sirene / la liste DGEFP avant de créer le compte.\n`
                  : `Structure ${s.siren} « ${s.raison_sociale} » (région ${s.region}) créée et validée${s.connue ? ' selon les référentiels' : ''}.\n`,
              );
          }
        });
      },
    );
}
