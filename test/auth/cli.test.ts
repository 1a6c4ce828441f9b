import { rmSync } from 'node:fs';
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.ts';
import { signUpStructure } from '../../src/services/comptes/structure.service.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';
import { startSmtp } from '../helpers/smtp-server.ts';

// `offre structure list --pending | approve | refuse` and `offre mail outbox`, as a data manager
// runs them, on an embedded database folder (once: on the PGlite run).
it.skipIf(TEST_ENGINE === 'postgres')(
  'approves and refuses sign-ups from the command line; e-mails leave by SMTP or wait in the outbox',
  async () => {
    const dir = await testDataDir('offre-cli-comptes-');
    const smtp = await startSmtp();
    // In this process (the same main() as bin/offre.js): a child process would add nothing here.
    const run = async (env: Record<string, string>, ...args: string[]) => {
      const r = await runCli(args, { OFFRE_DATA_DIR: dir, DATABASE_URL: '', OFFRE_SMTP_URL: '', ...env });
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    try {
      const d = await openDatabase({ dataDir: dir });
      const ctx = { db: d.db, engine: d.engine, now: () => new Date() };
      const base = {
        region: '84',
        nom: 'Claire',
        mot_de_passe: 'une phrase de passe longue',
        confirmation: 'une phrase de passe longue',
      };
      await signUpStructure(ctx, {
        ...base,
        siren: '130025265',
        raison_sociale: 'CFA des Volcans',
        email: 'claire@volcans.test',
      });
      await signUpStructure(ctx, {
        ...base,
        siren: '552100554',
        raison_sociale: 'Faux CFA',
        email: 'faux@cfa.test',
      });
      await d.close();

      const list = await run({}, 'structure', 'list', '--pending', '--json');
      expect(
        list.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).siren),
      ).toEqual(['130025265', '552100554']);

      const ok = await run({ OFFRE_SMTP_URL: smtp.url }, 'structure', 'approve', '130025265');
      expect(ok.stderr).toContain('Structure 130025265 validée');
      expect((await smtp.attendre('claire@volcans.test', /compte Offre est ouvert/)).text).toContain(
        '/connexion',
      );

      const non = await run(
        {},
        'structure',
        'refuse',
        '552100554',
        '--motif',
        'Pas un organisme de formation.',
      );
      expect(non.stderr).toContain('refusée');
      const outbox = await run({}, 'mail', 'outbox', '--json');
      const mails = outbox.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(mails).toEqual([
        expect.objectContaining({
          // ISO in --json; the human output writes the date as the pages do.
          date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
          destinataire: 'faux@cfa.test',
          statut: 'en_attente',
          texte: expect.stringContaining('Pas un organisme de formation.'),
        }),
      ]);
      const lisible = (await run({}, 'mail', 'outbox')).stdout;
      expect(lisible).toMatch(
        /\d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4} à \d{2}:\d{2} {2}à faux@cfa\.test/,
      );
      expect(lisible).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
      expect(lisible).toContain('[En attente (pas de serveur SMTP)]');
      // Never tried (no mail server): not among those not sent after one attempt or more.
      expect((await run({}, 'mail', 'outbox', '--tentatives', '1', '--json')).stdout).toBe('');
    } finally {
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
  180_000,
);

// A first account made by `offre user add` (the README's first step) has its creation in the
// account's history and in the security journal, like one made by an administrator's form.
it.skipIf(TEST_ENGINE === 'postgres')(
  'offre user add records the creation in the account history and the security journal',
  async () => {
    const dir = await testDataDir('offre-cli-user-');
    try {
      const r = await runCli(['user', 'add', '--email', 'admin@carif.test', '--role', 'admin', '--json'], {
        OFFRE_DATA_DIR: dir,
        DATABASE_URL: '',
        OFFRE_SMTP_URL: '',
      });
      expect(r.code, r.stderr).toBe(0);
      const { id } = JSON.parse(r.stdout.trim());
      const d = await openDatabase({ dataDir: dir });
      try {
        const historique = await d.db
          .selectFrom('historique')
          .select(['action', 'acteur'])
          .where('entite', '=', 'utilisateur')
          .where('entite_id', '=', id)
          .execute();
        expect(historique).toEqual([{ action: 'creation', acteur: expect.stringContaining('cli') }]);
        const audit = await d.db
          .selectFrom('audit_securite')
          .select(['evenement', 'cible'])
          .where('evenement', '=', 'compte_cree')
          .execute();
        expect(audit).toEqual([{ evenement: 'compte_cree', cible: 'admin@carif.test' }]);
      } finally {
        await d.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);

// The structure an organisme user brings: named and placed by official data when it knows the
// SIREN, else by --raison-sociale / --region, else created with a warning saying what is missing
// (found by a fresh user: `--siren 130025265` on the demo made a structure named « 130025265 »).
it.skipIf(TEST_ENGINE === 'postgres')(
  'offre user add --role organisme names the new structure or warns that nothing knows it',
  async () => {
    const dir = await testDataDir('offre-cli-structure-');
    const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '', OFFRE_SMTP_URL: '' };
    try {
      const nu = await runCli(
        ['user', 'add', '--email', 'a@cfa.test', '--role', 'organisme', '--siren', '130025265'],
        env,
      );
      expect(nu.code, nu.stderr).toBe(0);
      expect(nu.stderr).toContain('Attention : structure 130025265 créée sans raison sociale ni région');
      expect(nu.stderr).toContain('--raison-sociale');
      const nomme = await runCli(
        [
          'user',
          'add',
          '--email',
          'b@cfa.test',
          '--role',
          'organisme',
          '--siren',
          '552100554',
          '--raison-sociale',
          'CFA des Volcans',
          '--region',
          '84',
          '--json',
        ],
        env,
      );
      expect(nomme.code, nomme.stderr).toBe(0);
      expect(JSON.parse(nomme.stdout).structure).toEqual({
        siren: '552100554',
        raison_sociale: 'CFA des Volcans',
        region: '84',
        connue: false,
      });
      const d = await openDatabase({ dataDir: dir });
      try {
        const s = await d.db
          .selectFrom('structure')
          .select(['siren', 'raison_sociale', 'region'])
          .orderBy('siren')
          .execute();
        expect(s).toEqual([
          { siren: '130025265', raison_sociale: '130025265', region: null },
          { siren: '552100554', raison_sociale: 'CFA des Volcans', region: '84' },
        ]);
      } finally {
        await d.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);

// `offre user list`: the users /admin/utilisateurs shows, for scripts and a data manager without a
// browser (fresh user, 06/12: there was only `user add`); never a password hash nor a token.
it.skipIf(TEST_ENGINE === 'postgres')(
  'offre user list lists every user with role and scope, filters by role, and never prints a secret',
  async () => {
    const dir = await testDataDir('offre-cli-user-list-');
    const env = { OFFRE_DATA_DIR: dir, DATABASE_URL: '', OFFRE_SMTP_URL: '' };
    const run = async (...args: string[]) => {
      const r = await runCli(args, env);
      expect(r.code, r.stderr).toBe(0);
      return r;
    };
    try {
      const admin = await run('user', 'add', '--email', 'admin@carif.test', '--role', 'admin', '--json');
      const motDePasse = JSON.parse(admin.stdout.trim()).password;
      await run(
        'user',
        'add',
        '--email',
        'gestion@carif.test',
        '--role',
        'gestionnaire',
        '--region',
        '52,84',
      );
      await run('user', 'add', '--email', 'cfa@laval.test', '--role', 'organisme', '--siren', '130025265');

      const json = await run('user', 'list', '--json');
      const lignes = json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lignes.map((u) => [u.email, u.role, u.siren, u.regions, u.actif])).toEqual([
        ['admin@carif.test', 'admin', null, [], true],
        ['gestion@carif.test', 'gestionnaire', null, ['52', '84'], true],
        ['cfa@laval.test', 'organisme', '130025265', [], true],
      ]);
      expect(json.stdout).not.toContain(motDePasse);
      expect(json.stdout).not.toMatch(/argon2|hash|jeton|token/i);

      const texte = await run('user', 'list', '--role', 'gestionnaire');
      // Under column headers, aligned as `offre apikey list` (fresh user, 07/12: no headers).
      expect(texte.stdout.split('\n')).toEqual([
        'adresse             rôle          périmètre     état   nom',
        'gestion@carif.test  gestionnaire  région 52,84  actif  —',
        '',
      ]);
      expect(texte.stderr).toContain('1 utilisateur.');

      const refus = await runCli(['user', 'list', '--role', 'directeur'], env);
      expect(refus.code).not.toBe(0);
      expect(refus.stderr).toContain('directeur');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
