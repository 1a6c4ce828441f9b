import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/cli/cli.helper.ts';
import { readConfig } from '../config.ts';
import { offreVersion } from '../paths.ts';
import { buildProgram } from './main.ts';
import { avecProgression, progress } from './progress.ts';

// The command line without a database: what commander parses and says, in French.

describe('offre: help, version and usage errors in French', () => {
  it('prints the version of package.json', async () => {
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${offreVersion()}\n` });
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('gives its help with French titles', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Utilisation : offre \[options\] \[commande\]/);
    expect(r.stdout).toContain('Commandes :');
    expect(r.stdout).toContain('Options :');
    expect(r.stdout).not.toMatch(/Usage:|Commands:|Options:|display help/);
    const sub = await runCli(['apikey', 'add', '--help']);
    expect(sub.stdout).toMatch(/\(valeurs : read, write, admin ; défaut\s+: read\)/);
  });

  it('`offre referentiel --help` and `… import --help` name every kind it imports, with its French name', async () => {
    const { KINDS, LIBELLES_KIND } = await import('../referentiels/types.ts');
    for (const args of [
      ['referentiel', '--help'],
      ['referentiel', 'import', '--help'],
      ['help', 'referentiel'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      for (const k of KINDS)
        expect(r.stdout, `${args.join(' ')}: ${k}`).toMatch(
          new RegExp(`^  ${k} +${LIBELLES_KIND[k].replace(/[()]/g, '\\$&')}$`, 'm'),
        );
    }
    // The kit apprentissage and the funders' markets too (they were missing from the group's line).
    expect((await runCli(['--help'])).stdout).toMatch(
      /referentiel +données de référence : rncp, bcn, kit,[\s\S]*marches/,
    );
  });

  it.each([
    [['frobnicate'], /^Erreur : commande inconnue « frobnicate »\. Voir « offre --help »\.\n$/],
    [['check', '--jsn'], /^Erreur : option inconnue « --jsn »\. Vouliez-vous dire --json \?/],
    [['apikey', 'add'], /^Erreur : option obligatoire « --name <nom> » absente\./],
    [['apikey', 'add', '--name'], /^Erreur : l’option « --name <nom> » attend une valeur\./],
    // An unknown option is said before a missing required one (a tester typed --nom, the name of
    // `user add`, and was told --name was missing); the contract's spellings stay the only ones.
    [['apikey', 'add', '--nom', 'X'], /^Erreur : option inconnue « --nom »\. Vouliez-vous dire --name \?/],
    [['user', 'add', '--name', 'X'], /^Erreur : option inconnue « --name »\. Vouliez-vous dire --nom \?/],
    [['apikey', 'add', '--scope', 'write', '--nom=X'], /^Erreur : option inconnue « --nom=X »\./],
    [['referentiel', 'import', 'rncp'], /^Erreur : argument obligatoire « fichier » manquant\./],
    [
      ['lheo', 'validate', 'a.xml', 'b.xml'],
      /^Erreur : trop d’arguments pour « validate » : 1 attendu, 2 reçus\./,
    ],
    [
      ['apikey', 'add', '--name', 'x', '--scope', 'tout'],
      /^Erreur : option « --scope <portée> » : valeur « tout » invalide — valeurs possibles : read, write, admin\./,
    ],
    [
      ['referentiel', 'import', 'rome', 'f.csv'],
      /^Erreur : argument « kind » : valeur « rome » invalide — valeurs possibles : rncp, bcn, kit, lpof, sirene, acce, communes, marches\./,
    ],
    [
      ['demo', '--formations', 'beaucoup'],
      /^Erreur : option « --formations <n> » : valeur « beaucoup » invalide — un entier supérieur ou égal à 1 est attendu\./,
    ],
    // A campaign option's refusal ends with its code, as CAMPAGNE_INCONNUE's does.
    [
      ['export', 'classeur', '--siret', '1', '--campagne', '27'],
      /^Erreur : --campagne « 27 » : année de campagne AAAA attendue \(ex\. 2026\)\. \[CAMPAGNE_INVALIDE\]\n$/,
    ],
    [
      ['export', 'classeur', '--siret', '1', '--campagne', 'abc'],
      /^Erreur : --campagne « abc » : année de campagne AAAA attendue \(ex\. 2026\)\. \[CAMPAGNE_INVALIDE\]\n$/,
    ],
    [
      ['campagne', 'rollover', '--from', 'abc', '--to', '2027'],
      /^Erreur : --from « abc » : année de campagne AAAA attendue \(ex\. 2026\)\. \[CAMPAGNE_INVALIDE\]\n$/,
    ],
    [
      ['campagne', 'courante', '20x6'],
      /^Erreur : <annee> « 20x6 » : année de campagne AAAA attendue \(ex\. 2026\)\. \[CAMPAGNE_INVALIDE\]\n$/,
    ],
    [['serve', '--port', '70000'], /un numéro de port entre 0 et 65535 est attendu\./],
  ])('offre %j: exit 1, a French message', async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/error:|required|unknown|Usage/);
  });

  it('stops on a bad environment variable, naming it', async () => {
    expect(() => readConfig({ PORT: 'quatre-vingts' })).toThrow(
      /variable d’environnement PORT = « quatre-vingts » : un numéro de port est attendu/,
    );
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL = « mysql:\/\/x »/);
    expect(() => readConfig({ OFFRE_API_CACHE: 'peut-être' })).toThrow(/OFFRE_API_CACHE/);
    expect(readConfig({ PORT: '8080', DATABASE_URL: '', OFFRE_API_CACHE: '0' })).toMatchObject({
      port: 8080,
      databaseUrl: undefined,
      apiCache: false,
    });
    const r = await runCli(['db', 'migrate'], { PORT: '80a', DATABASE_URL: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Erreur : Configuration invalide — variable d’environnement PORT = « 80a »/);
  });
});

/** Every command of the program with its path of words, groups included (`apikey`, `apikey add`…). */
function toutesLesCommandes(): { chemin: string[]; cmd: Command }[] {
  const out: { chemin: string[]; cmd: Command }[] = [];
  const visiter = (cmd: Command, chemin: string[]) => {
    out.push({ chemin, cmd });
    for (const c of cmd.commands) visiter(c, [...chemin, c.name()]);
  };
  visiter(buildProgram(), []);
  return out;
}

describe('offre: an unknown subcommand is an error in every group, even with --help or under help', () => {
  const groupes = toutesLesCommandes()
    .filter((c) => c.cmd.commands.length > 0)
    .map((c) => c.chemin);

  it('walks every group of the program', () => {
    expect(groupes.length).toBeGreaterThan(10);
    expect(groupes).toContainEqual(['apikey']);
  });

  it.each(groupes.map((g) => [g.join(' ') || 'offre', g]))('%s', async (_nom, g) => {
    const suite = `Voir « ${['offre', ...g].join(' ')} --help ».`;
    for (const args of [
      [...g, 'create'],
      [...g, 'create', '--help'],
      ['help', ...g, 'create'],
      [...g, 'help', 'create'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/^Erreur : commande inconnue « create »\./);
      expect(r.stderr, args.join(' ')).toContain(suite);
    }
  });

  it('a known command’s help still exits 0', async () => {
    for (const args of [
      ['apikey', '--help'],
      ['help', 'apikey'],
      ['apikey', 'help', 'add'],
      ['apikey', 'add', '--help'],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Utilisation : offre apikey/);
    }
  });
});

describe('offre: every command’s help gives each default once, and says which options are required', () => {
  it.each(toutesLesCommandes().map((c) => [['offre', ...c.chemin].join(' '), c.cmd]))(
    '%s --help',
    (_nom, cmd) => {
      const help = cmd.createHelp();
      for (const o of help.visibleOptions(cmd)) {
        const d = help.optionDescription(o);
        expect(d.match(/défaut\s*:/g)?.length ?? 0, `${o.flags} : ${d}`).toBeLessThanOrEqual(1);
        // A default says what it is: never « (défaut : ) ».
        expect(d, `${o.flags} : ${d}`).not.toMatch(/défaut\s*:\s*[);]/);
        const ajouts = /\(([^()]*)\)$/.exec(d)?.[1]?.split(' ; ') ?? [];
        expect(ajouts.includes('obligatoire'), `${o.flags} : ${d}`).toBe(o.mandatory);
      }
      // The whole help, as printed: no line says « (défaut : » twice.
      for (const ligne of cmd.helpInformation().split('\n'))
        expect(ligne.match(/\(défaut/g)?.length ?? 0, ligne).toBeLessThanOrEqual(1);
    },
  );
});

describe('offre: flags in one language, old spellings kept', () => {
  /** Parses `args` with the real definitions, the action replaced by a probe of its options. */
  async function optionsOf(path: string[], args: string[]): Promise<Record<string, unknown>> {
    const program = buildProgram();
    let cmd: Command = program;
    for (const name of path) cmd = cmd.commands.find((c) => c.name() === name)!;
    let seen: Record<string, unknown> = {};
    cmd.action((...a: unknown[]) => {
      seen = a.at(-2) as Record<string, unknown>;
    });
    await program.parseAsync([...path, ...args], { from: 'user' });
    return seen;
  }

  it('--from/--to, or the old --de/--vers, for the rollover', async () => {
    expect(await optionsOf(['campagne', 'rollover'], ['--from', '2026', '--to', '2027'])).toMatchObject({
      from: 2026,
      to: 2027,
    });
    expect(await optionsOf(['campagne', 'rollover'], ['--de', '2026', '--vers', '2027'])).toMatchObject({
      from: 2026,
      to: 2027,
    });
  });

  it('--all or --tout for the LHEO export, --errors or --erreurs for the workbook import', async () => {
    expect(await optionsOf(['export', 'lheo'], ['--all'])).toMatchObject({ all: true });
    expect(await optionsOf(['export', 'lheo'], ['--tout'])).toMatchObject({ all: true });
    expect(await optionsOf(['import', 'classeur'], ['f.xlsx', '--erreurs', 'e.xlsx'])).toMatchObject({
      errors: 'e.xlsx',
    });
  });

  it('shows only the new spellings in the help', async () => {
    const help = (await runCli(['campagne', 'rollover', '--help'])).stdout;
    expect(help).toContain('--from <annee>');
    expect(help).not.toMatch(/--de\b|--vers\b/);
    expect((await runCli(['export', 'lheo', '--help'])).stdout).not.toContain('--tout');
    const serve = (await runCli(['serve', '--help'])).stdout;
    expect(serve).toContain('--no-read-copy');
    expect(serve).not.toContain('--sans-copie-de-lecture');
  });

  it('serve: --no-read-copy, or its old French spelling, turns the read copy off', async () => {
    expect(await optionsOf(['serve'], [])).toMatchObject({ readCopy: true });
    expect(await optionsOf(['serve'], ['--no-read-copy'])).toMatchObject({ readCopy: false });
    expect(await optionsOf(['serve'], ['--sans-copie-de-lecture'])).toMatchObject({ readCopy: false });
  });

  it('an old spelling says on stderr which one replaces it', async () => {
    const r = await runCli(['export', 'lheo', '--tout', '--region', '84', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      'Note : « --tout » est l’ancienne orthographe de « --all », qui la remplace ; elle reste acceptée.\n',
    );
  });
});

describe('progress on stderr', () => {
  const fakeTerminal = () => {
    const s = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    const chunks: string[] = [];
    s.on('data', (d: Buffer) => chunks.push(d.toString()));
    return {
      stream: s as unknown as NodeJS.WritableStream & { isTTY: boolean },
      text: () => chunks.join(''),
    };
  };

  it('draws a bar on a terminal once the work lasts, with the counts', () => {
    const t = fakeTerminal();
    const bar = progress('Import bcn', { stream: t.stream, afterMs: 0 });
    bar.tick(3, 10);
    bar.tick(7, 10);
    bar.done('Terminé.');
    expect(t.text()).toContain('Import bcn');
    expect(t.text()).toMatch(/7 \/ 10/);
    expect(t.text()).toContain('Terminé.\n');
  });

  it('draws nothing for short work, nor when stderr is not a terminal', () => {
    const t = fakeTerminal();
    const short = progress('Court', { stream: t.stream });
    short.tick(1, 2);
    short.done();
    expect(t.text()).toBe('');
    const piped = Object.assign(new PassThrough(), { isTTY: false });
    let written = '';
    piped.on('data', (d: Buffer) => {
      written += d.toString();
    });
    const p = progress('Tube', { stream: piped, afterMs: 0 });
    p.tick(5, 10);
    p.done('résumé');
    expect(written).toBe('résumé\n');
  });
  it('a failure stops the bar: cursor and line wrapping restored, line ended before the error', async () => {
    const t = fakeTerminal();
    const refus = avecProgression(
      'Import acce',
      async (bar) => {
        bar.tick(5);
        throw new Error('REFERENTIEL_BAISSE_SUSPECTE');
      },
      { stream: t.stream, afterMs: 0 },
    );
    await expect(refus).rejects.toThrow('REFERENTIEL_BAISSE_SUSPECTE');
    const texte = t.text();
    expect(texte).toContain('\x1b[?25l'); // the bar hid the cursor…
    expect(texte.lastIndexOf('\x1b[?25h')).toBeGreaterThan(texte.lastIndexOf('\x1b[?25l')); // …and shows it again
    expect(texte.lastIndexOf('\x1b[?7h')).toBeGreaterThan(texte.lastIndexOf('\x1b[?7l'));
    expect(texte.slice(texte.lastIndexOf('Import acce : 5'))).toContain('\n'); // the error starts a line
    // Success: one summary, not two.
    const ok = fakeTerminal();
    await avecProgression(
      'Import bcn',
      async (bar) => {
        bar.tick(1, 2);
        bar.done('Terminé.');
      },
      { stream: ok.stream, afterMs: 0 },
    );
    expect(ok.text().match(/Terminé\./g)).toHaveLength(1);
  });
});
