import { readFile } from 'node:fs/promises';
import { Argument, type Command } from 'commander';
import { SYSTEME } from '../../domain/acteur.ts';
import { libelleStatutPlateforme, PLATEFORMES, type Plateforme } from '../../domain/plateforme.ts';
import { accord, pluriel } from '../../domain/pluriel.ts';
import { envoyerCourrielsDeLaCommande } from '../courriels.ts';
import { fichierVerifie, UsageError, withContext } from '../runtime.ts';

export function registerPlateformes(program: Command) {
  const p = program
    .command('plateformes')
    .description('Parcoursup et Affelnet : règles de périmètre, retours des plateformes');
  p.command('regles')
    .description(
      'liste les règles de périmètre (plateforme, niveau, type de diplôme, durée, année d’entrée, académie → statut, priorité)',
    )
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      const { listRegles } = await import('../../services/plateforme.service.ts');
      await withContext(async (ctx) => {
        const regles = await listRegles(ctx);
        if (o.json) return void process.stdout.write(`${JSON.stringify(regles)}\n`);
        const v = (x: unknown) => (x === null || x === undefined ? '*' : String(x));
        const lignes = regles.map((r) =>
          [
            String(r.id).padStart(3),
            r.plateforme.padEnd(10),
            v(r.niveau).padEnd(6),
            v(r.type_diplome).padEnd(10),
            v(r.duree).padEnd(5),
            v(r.annee_entree).padEnd(6),
            v(r.academie).padEnd(8),
            String(r.priorite).padStart(4),
            r.actif ? 'oui' : 'non',
            `v${r.version}`,
            libelleStatutPlateforme(r.statut),
          ].join('  '),
        );
        process.stdout.write(
          `${['id', 'plateforme', 'niveau', 'diplôme   ', 'durée', 'entrée', 'académie', 'prio', 'actif', 'version', 'statut'].join('  ')}\n${lignes.join('\n')}\n`,
        );
      });
    });
  p.command('retour')
    .description(
      'applique le retour d’une plateforme : fichier JSON [{"id", "statut": "publie"|"rejet_publication", "id_plateforme", "motif", "action_corrective"}]',
    )
    .addArgument(new Argument('<plateforme>', 'plateforme qui répond').choices(PLATEFORMES))
    .argument('<fichier>', 'fichier JSON du retour')
    .option('--json', 'rapport JSON')
    .action(async (plateforme: Plateforme, fichier: string, o: { json?: boolean }) => {
      fichierVerifie(fichier);
      const [{ z }, { RetourSchema }, { applyRetours }] = await Promise.all([
        import('zod'),
        import('../../contract/index.ts'),
        import('../../services/plateforme.service.ts'),
      ]);
      let brut: unknown;
      try {
        brut = JSON.parse(await readFile(fichier, 'utf8'));
      } catch (e) {
        throw new UsageError(`${fichier} : lecture impossible ou JSON invalide (${(e as Error).message}).`);
      }
      const liste = Array.isArray(brut) ? brut : ((brut as { retours?: unknown } | null)?.retours ?? brut);
      const parsed = z.array(RetourSchema).safeParse(liste);
      if (!parsed.success) {
        // Zod's own messages are English: name the element and the field, say what is expected.
        const champs = parsed.error.issues
          .filter((i) => i.path.length > 0)
          .map((i) => `élément ${Number(i.path[0]) + 1}, champ « ${i.path.slice(1).join('.')} »`);
        throw new UsageError(
          `${fichier} : ${champs.length ? `${[...new Set(champs)].join(', ')} ${accord(new Set(champs).size, 'invalide', 'invalides')}` : 'une liste de retours est attendue'} — format : [{"id", "statut": "publie"|"rejet_publication", "id_plateforme", "motif", "action_corrective"}].`,
        );
      }
      await withContext(async (ctx) => {
        const r = await applyRetours(ctx, SYSTEME(`retour-${plateforme}`), plateforme, parsed.data);
        await envoyerCourrielsDeLaCommande(ctx);
        if (o.json) process.stdout.write(`${JSON.stringify(r)}\n`);
        else
          process.stdout.write(
            `${pluriel(r.appliques, 'retour appliqué', 'retours appliqués')}, ${pluriel(r.erreurs.length, 'refusé', 'refusés')}.\n${r.erreurs.map((e) => `  ${e.id} : ${e.message}`).join('\n')}${r.erreurs.length ? '\n' : ''}`,
          );
        if (r.erreurs.length && r.appliques === 0) process.exitCode = 1;
      });
    });
}
