import type { Command } from 'commander';
import { dateHeureLongue } from '../../domain/dates.ts';
import { pluriel } from '../../domain/pluriel.ts';
import { withContext } from '../runtime.ts';
import { ecrireFichier, sortieDemandee, sortieStandard, sortieVerifiee } from '../sortie.ts';

// `offre partenaires`: the partner profiles, one file written now, the files the server keeps
// (docs/partenaires.md).

export function registerPartenaires(program: Command) {
  const cmd = program
    .command('partenaires')
    .description('fichiers des partenaires (profils, export, fichiers gardés)');
  cmd
    .command('list')
    .description('les profils partenaires : format, planification, offres prises, fichiers gardés')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { PROFILS_PARTENAIRE } = await import('../../domain/partenaires.ts');
      // --json keeps the codes (what a script compares); the lines read as the pages do.
      if (o.json) {
        process.stdout.write(`${JSON.stringify(PROFILS_PARTENAIRE, null, 2)}\n`);
        return;
      }
      const { FINANCEUR, TYPE_OFFRE } = await import('../../domain/libelles.ts');
      for (const p of PROFILS_PARTENAIRE)
        process.stdout.write(
          `${p.code}\t${p.format.toUpperCase()}\t${p.frequence} (${p.planification})\t${p.garder} gardés\t${p.libelle} — ${p.partenaire}` +
            `${p.types ? ` — offre : ${p.types.map((t) => TYPE_OFFRE[t]).join(', ')}` : ''}` +
            `${p.financeurs ? ` — sessions financées par ${p.financeurs.map((f) => FINANCEUR[f] ?? f).join(', ')}` : ''}\n`,
        );
    });
  cmd
    .command('export <profil>')
    .description('écrit maintenant le fichier du profil (sortie standard par défaut)')
    .option('-o, --out <fichier>', 'fichier à écrire')
    .option('--garder', 'le garder aussi dans la base, comme le fait le serveur à l’heure prévue')
    .action(async (code: string, o: { out?: string; garder?: boolean }) => {
      const svc = await import('../../services/partenaires.service.ts');
      const out = sortieDemandee(o.out);
      const chemin = out ? sortieVerifiee(out) : undefined;
      await withContext(async (ctx) => {
        const p = svc.profilOuErreur(code);
        if (o.garder) {
          const f = await svc.produceFichier(ctx, p.code);
          process.stderr.write(
            `Fichier « ${f.nom} » gardé : ${pluriel(f.formations, 'formation', 'formations')}, ${pluriel(f.sessions, 'session', 'sessions')}, ${pluriel(f.octets, 'octet', 'octets')}, sha256 ${f.sha256}.\n`,
          );
          if (!o.out) return;
        }
        // Nothing half-written left behind (an empty LHEO selection is refused before any byte).
        const n = chemin
          ? await ecrireFichier(chemin, (out) => svc.writeFichierPartenaire(ctx.db, p, out))
          : await svc.writeFichierPartenaire(ctx.db, p, sortieStandard(), { fermer: false });
        process.stderr.write(
          `Profil « ${p.code} » : ${pluriel(n.formations, 'formation', 'formations')}, ${pluriel(n.sessions, 'session', 'sessions')}${chemin ? ` écrites dans ${chemin}` : ''}.\n`,
        );
      });
    });
  cmd
    .command('fichiers [profil]')
    .description(
      'les fichiers gardés par le serveur (du plus récent au plus ancien), avec leurs comptes et empreintes',
    )
    .option('--json', 'sortie JSON')
    .action(async (profil: string | undefined, o: { json?: boolean }) => {
      const svc = await import('../../services/partenaires.service.ts');
      const { SYSTEME } = await import('../../domain/acteur.ts');
      await withContext(async (ctx) => {
        const fichiers = await svc.listFichierVues(ctx.db, SYSTEME('cli'), profil);
        if (o.json) process.stdout.write(`${JSON.stringify(fichiers, null, 2)}\n`);
        else if (fichiers.length === 0) process.stderr.write('Aucun fichier partenaire gardé.\n');
        else
          for (const f of fichiers)
            process.stdout.write(
              `${dateHeureLongue(f.cree_le)}\t${f.profil}\t${f.nom}\t${f.formations} formations\t${f.sessions} sessions\t${f.octets} octets\tsha256 ${f.sha256}\n`,
            );
      });
    });
}
