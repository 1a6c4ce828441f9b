import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateRole } from '../../src/services/comptes/admin-utilisateurs.service.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, testDataDir } from '../helpers/db.ts';

// The audit trail of security events (issue 15 item 6): sign-ins, keys (creation, new address,
// refused, revocation), role changes, refused accesses; read by administrators only, on
// /admin/journal (filters) and with `offre audit list`; never a password nor a key.

let t: TestWeb;
let admin: Navigateur;
let adminCompte: { id: string; email: string; motDePasse: string };
let cleSecrete: string;
const MOT_DE_PASSE_ORG = 'Tr3s-secret du CFA!';

const evenements = async (evenement: string) =>
  t.ctx.db
    .selectFrom('audit_securite')
    .select(['acteur', 'ip', 'cible', 'details'])
    .where('evenement', '=', evenement)
    .orderBy('id')
    .execute();

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  adminCompte = await compte(t, { email: 'admin@offre.test', role: 'admin', nom: 'Ada Admin' });
  admin = new Navigateur(t.app, '10.2.0.1');
  await admin.seConnecter(adminCompte.email, adminCompte.motDePasse);
});
afterAll(() => t.close());

describe('audit trail', () => {
  it('records sign-ins, successful and failed, with the address; never what was typed as a password', async () => {
    await compte(t, { email: 'org@cfa.test', role: 'organisme', siren: '130025265' }, MOT_DE_PASSE_ORG);
    const n = new Navigateur(t.app, '10.2.0.2');
    expect((await n.seConnecter('org@cfa.test', 'mauvais mot de passe')).statusCode).toBe(401);
    // Someone types the password in the e-mail field: it must not land in the trail either.
    expect((await n.seConnecter(MOT_DE_PASSE_ORG, MOT_DE_PASSE_ORG)).statusCode).toBe(401);
    // An address that has no account: the address tried is recorded (a fresh user's report, 04/12:
    // the journal did not say which one), in lower case, never the password.
    expect((await n.seConnecter('  Inconnu@CFA.test ', 'mauvais mot de passe')).statusCode).toBe(401);
    expect((await n.seConnecter('org@cfa.test', MOT_DE_PASSE_ORG)).statusCode).toBe(303);
    const echecs = await evenements('connexion_echouee');
    expect(echecs.map((e) => [e.acteur, e.cible, e.ip, e.details])).toEqual([
      // The targeted account is the target; nobody is named the actor: the person was not signed in.
      [null, 'org@cfa.test', '10.2.0.2', { motif: 'mot_de_passe' }],
      [null, null, '10.2.0.2', { motif: 'compte_inconnu' }],
      [null, 'inconnu@cfa.test', '10.2.0.2', { motif: 'compte_inconnu' }],
    ]);
    const ok = await evenements('connexion_reussie');
    expect(ok.map((e) => [e.acteur, e.ip])).toContainEqual(['utilisateur:org@cfa.test', '10.2.0.2']);
  });

  it('records key creation, first use from each address, refusal after revocation, and revocation', async () => {
    const cree = await admin.post('/admin/cles', {
      name: 'SI Affelnet',
      scope: 'read',
      siren: '',
      expire: '',
    });
    cleSecrete = /<code id="cle-secrete">(offre_[A-Za-z0-9_-]+)<\/code>/.exec(cree.body)![1]!;
    const appel = (ip: string) =>
      t.app.inject({
        url: '/api/v1/formations?limit=1',
        remoteAddress: ip,
        headers: { authorization: `Bearer ${cleSecrete}` },
      });
    expect((await appel('192.0.2.10')).statusCode).toBe(200);
    expect((await appel('192.0.2.10')).statusCode).toBe(200);
    expect((await appel('192.0.2.11')).statusCode).toBe(200);
    const [creee] = await evenements('cle_creee');
    expect(creee).toMatchObject({
      acteur: 'utilisateur:admin@offre.test',
      details: { name: 'SI Affelnet', scope: 'read' },
    });
    const id = creee!.cible!;
    expect((await evenements('cle_nouvelle_ip')).map((e) => [e.cible, e.ip])).toEqual([
      [id, '192.0.2.10'],
      [id, '192.0.2.11'],
    ]);
    await admin.get('/admin/cles');
    expect((await admin.post(`/admin/cles/${id}/revoquer`, {})).statusCode).toBe(303);
    expect((await appel('192.0.2.10')).statusCode).toBe(401);
    expect(await evenements('cle_revoquee')).toMatchObject([
      { acteur: 'utilisateur:admin@offre.test', cible: id },
    ]);
    expect(await evenements('cle_refusee')).toMatchObject([
      { ip: '192.0.2.10', details: { prefixe: cleSecrete.slice(0, 12) } },
    ]);
  });

  it('records role changes and a key quota change, with who made them', async () => {
    const g = await compte(t, { email: 'gest@region.test', role: 'gestionnaire', region: '84' });
    await updateRole(
      t.ctx,
      {
        kind: 'utilisateur',
        id: adminCompte.id,
        email: adminCompte.email,
        nom: 'Ada',
        role: 'admin',
        siren: null,
        regions: [],
        academies: [],
      },
      g.id,
      { role: 'instructeur', regions: '', academies: '10' },
    );
    expect(await evenements('role_modifie')).toMatchObject([
      {
        acteur: 'utilisateur:admin@offre.test',
        cible: 'gest@region.test',
        details: { avant: { role: 'gestionnaire' }, apres: { role: 'instructeur', academies: ['10'] } },
      },
    ]);
  });

  it('records refused accesses (403) on the pages and the API', async () => {
    const org = new Navigateur(t.app, '10.2.0.3');
    await org.seConnecter('org@cfa.test', MOT_DE_PASSE_ORG);
    // Role boundary: the audit page itself is refused to a non-administrator.
    const r = await org.get('/admin/journal?evenement=connexion_reussie');
    expect(r.statusCode).toBe(403);
    expect(r.body).not.toContain('10.2.0.2');
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/cles',
      remoteAddress: '10.2.0.3',
      headers: {
        cookie: [...org.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': org.csrf!,
      },
      payload: { name: 'x', scope: 'admin' },
    });
    expect(api.statusCode).toBe(403);
    const refus = await evenements('acces_refuse');
    expect(refus.map((e) => [e.acteur, e.ip, e.cible])).toEqual([
      ['utilisateur:org@cfa.test', '10.2.0.3', 'GET /admin/journal'],
      ['utilisateur:org@cfa.test', '10.2.0.3', 'POST /api/v1/admin/cles'],
    ]);
    expect(refus[1]!.details).toEqual({ code: 'ACCES_REFUSE' });
    // Anonymous: sent to the sign-in page, the journal never shown.
    const anonyme = await t.app.inject({ url: '/admin/journal' });
    expect(anonyme.statusCode).toBe(303);
    expect(anonyme.headers.location).toContain('/connexion');
  });

  it('is readable by an administrator on /admin/journal, with filters and French errors', async () => {
    const tout = await admin.get('/admin/journal');
    expect(tout.statusCode).toBe(200);
    // Dates written as on every page (« 4 décembre 2026 à 00:21 »), never « 04/12/2026 00:20 ».
    expect(tout.body).toMatch(
      /\d{1,2}(?:er)? (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4} à \d{2}:\d{2}/,
    );
    expect(tout.body).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(tout.body).toContain('Journal de sécurité');
    expect(tout.body).toContain('Connexion refusée');
    expect(tout.body).toContain('Clé d’API révoquée');
    // Actors and details in French (a fresh user’s report, 04/12), never a code nor a JSON dump.
    expect(tout.body).not.toMatch(/utilisateur:|systeme:|mot_de_passe|&quot;role|"role"/);
    expect(tout.body).toContain('motif : mot de passe erroné');
    expect(tout.body).toContain('avant : rôle gestionnaire');
    // A refusal's code by its stable name then its French label, as `offre audit list` writes it
    // (a fresh user's report, 07/12: the page showed the label only), never the bare code.
    expect(tout.body).toContain('code : ACCES_REFUSE (Accès refusé)');
    expect(tout.body).not.toMatch(/code : ACCES_REFUSE(?! \(Accès refusé\))/);
    const echecs = await admin.get('/admin/journal?evenement=connexion_echouee&ip=10.2.0.2');
    expect(echecs.body).toContain('Connexion refusée');
    expect(echecs.body).not.toContain('Connexion réussie</td>');
    expect(echecs.body).toContain('3 événements');
    // The address tried without an account is shown (the target), with the reason.
    expect(echecs.body).toMatch(/<td>inconnu@cfa\.test<\/td>\s*<td>motif : compte inconnu<\/td>/);
    // One option selected, the filter's own; no second empty option (invalid HTML).
    const options = (b: string) => b.match(/<select[^>]*name="evenement"[\s\S]*?<\/select>/)![0];
    expect(options(echecs.body).match(/<option[^>]*selected/g)).toEqual([
      '<option value="connexion_echouee" selected',
    ]);
    expect(options(tout.body).match(/<option value(?:="")?[ >]/g)).toHaveLength(1);
    expect(options(tout.body)).not.toContain('Sélectionnez une option');
    const qui = await admin.get('/admin/journal?qui=GEST%40REGION');
    expect(qui.body).toContain('gest@region.test');
    expect(qui.body).not.toContain('SI Affelnet');
    const futur = await admin.get('/admin/journal?du=2999-01-01');
    expect(futur.body).toContain('Aucun événement ne correspond.');
    // An unknown event: said in French, naming the choices by their labels, never the stored codes;
    // the date's error too, both linked to their fields.
    const faux = await admin.get('/admin/journal?du=31%2F02%2F2026&evenement=inconnu');
    expect(faux.statusCode).toBe(400);
    expect(faux.body).toContain(
      'L’événement « inconnu » n’existe pas : choisissez-en un dans la liste « Événement » (Connexion réussie, Connexion refusée, Compte créé',
    );
    expect(faux.body).toContain('href="#evenement"');
    expect(faux.body).toContain('Date « 31/02/2026 » : pas une date du calendrier');
    for (const m of faux.body.match(/L’événement « inconnu »[^<]*/g)!) expect(m).not.toMatch(/[a-z]_[a-z]/);
    expect(faux.body).not.toContain('Événement « inconnu » inconnu');
    expect(options(faux.body)).not.toMatch(/selected/);
    // No search was run: the page does not say nothing matched.
    expect(faux.body).not.toContain('Aucun événement ne correspond.');
    // A filter given twice is refused on its field, never dropped (the list would look filtered).
    const deux = await admin.get('/admin/journal?evenement=connexion_echouee&evenement=xyz&qui=a&qui=b');
    expect(deux.statusCode).toBe(400);
    expect(deux.body).toContain(
      'Le paramètre « evenement » est donné plusieurs fois : donnez-le une seule fois.',
    );
    expect(deux.body).toContain('Le paramètre « qui » est donné plusieurs fois : donnez-le une seule fois.');
    expect(deux.body).toContain('href="#qui"');
    expect(deux.body).not.toContain('gest@region.test');
  });

  it('refuses on its field a « Du » after « Au » and a malformed IP, in French, never a 500 nor an empty list', async () => {
    const inverse = await admin.get('/admin/journal?du=2026-12-04&au=01%2F12%2F2026');
    expect(inverse.statusCode).toBe(400);
    expect(inverse.body).toContain(
      'La date « Au » (1er décembre 2026) est avant la date « Du » (4 décembre 2026) : donnez une date « Au » égale ou postérieure.',
    );
    expect(inverse.body).toContain('href="#au"');
    expect(inverse.body).not.toContain('Aucun événement ne correspond.');
    const ip = await admin.get('/admin/journal?ip=10.2.0');
    expect(ip.statusCode).toBe(400);
    expect(ip.body).toContain(
      'Adresse IP « 10.2.0 » : ni une adresse IPv4 (ex. 192.0.2.10) ni une adresse IPv6 (ex. 2001:db8::1).',
    );
    expect(ip.body).toContain('href="#ip"');
    expect(ip.body).not.toContain('Aucun événement ne correspond.');
    // Both at once, each on its field.
    const deux = await admin.get('/admin/journal?ip=pas-une-ip&du=2026-12-04&au=2026-12-01');
    expect(deux.statusCode).toBe(400);
    expect(deux.body).toContain('Le formulaire contient 2 erreurs');
    // The same day on both sides, an IPv6 address: accepted.
    expect((await admin.get('/admin/journal?du=2026-12-04&au=2026-12-04&ip=%3A%3A1')).statusCode).toBe(200);
    // `offre audit list` reads the filters through the same service: refused with its code.
    const { readAudit } = await import('../../src/services/audit.service.ts');
    await expect(readAudit(t.ctx, { du: '2026-12-04', au: '2026-12-01' })).rejects.toMatchObject({
      code: 'AUDIT_FILTRE',
      details: { champ: 'au' },
    });
    await expect(readAudit(t.ctx, { ip: '10.2.0' })).rejects.toMatchObject({
      code: 'AUDIT_FILTRE',
      details: { champ: 'ip' },
    });
  });

  it('never holds a password nor a key: every stored row searched for the secrets', async () => {
    expect(cleSecrete).toMatch(/^offre_/);
    const { rows } = await sql<{ ligne: string }>`select a::text as ligne from audit_securite a`.execute(
      t.ctx.db,
    );
    expect(rows.length).toBeGreaterThan(10);
    const tout = rows.map((r) => r.ligne).join('\n');
    expect(tout).toContain(cleSecrete.slice(0, 12)); // the prefix, to recognise the key
    for (const secret of [
      cleSecrete,
      cleSecrete.slice(12),
      MOT_DE_PASSE_ORG,
      adminCompte.motDePasse,
      'mauvais mot de passe',
    ])
      expect(tout).not.toContain(secret);
  });

  it('keeps events for the retention period only', async () => {
    const { purgeAudit } = await import('../../src/services/audit.service.ts');
    const ancien = new Date(Date.now() - (t.ctx.config!.auditRetentionJours + 1) * 86_400_000);
    await t.ctx.db
      .insertInto('audit_securite')
      .values({
        at: ancien,
        evenement: 'connexion_reussie',
        acteur: 'utilisateur:vieux@offre.test',
        details: '{}',
      })
      .execute();
    expect(await purgeAudit(t.ctx)).toBe(1);
    expect(await evenements('connexion_reussie')).not.toContainEqual(
      expect.objectContaining({ acteur: 'utilisateur:vieux@offre.test' }),
    );
  });
});

// The CLI opens its own embedded database: once, on the PGlite run.
it.skipIf(TEST_ENGINE === 'postgres')(
  'offre audit list / purge and offre apikey quota, in French; the older French spellings still work, hidden',
  async () => {
    const dir = await testDataDir('offre-audit-');
    const run = (...args: string[]) => runCli(args, { OFFRE_DATA_DIR: dir, DATABASE_URL: '' });
    try {
      const a = await run('apikey', 'add', '--name', 'Parcoursup', '--json');
      expect(a.code, a.stderr).toBe(0);
      const cle = JSON.parse(a.stdout) as { id: string; key: string };
      const q = await run('apikey', 'quota', 'Parcoursup', '--read', '5000');
      expect(q.code, q.stderr).toBe(0);
      expect(q.stdout).toMatch(
        /Clé « Parcoursup » \(cle_[^)]+\) : 5000 lectures et \d+ \(défaut\) écritures par 60 s/,
      );
      // --ecriture: the older spelling of --write.
      const faux = await run('apikey', 'quota', 'Parcoursup', '--ecriture', 'zéro');
      expect(faux.code).not.toBe(0);
      expect(faux.stderr).toContain('Quota « zéro » invalide');
      const l = await run('audit', 'list');
      expect(l.code, l.stderr).toBe(0);
      // In French (a fresh user’s report, 04/12): dates in words, labels, never a code nor `systeme:cli`.
      expect(l.stdout).toMatch(/Quota de clé d’API modifié +ligne de commande +– +cle_/);
      expect(l.stdout).toMatch(
        /^\d{1,2}(?:er)? \S+ \d{4} à \d{2}:\d{2} +Clé d’API créée +ligne de commande +– +cle_/m,
      );
      expect(l.stdout).not.toMatch(/\d{4}-\d{2}-\d{2}T|systeme:|cle_creee|cle_quota|quota_lecture/);
      expect(l.stdout).not.toContain(cle.key);
      const j = (await run('audit', 'list', '--evenement', 'cle_creee', '--json')).stdout.trim().split('\n');
      expect(j.map((x) => JSON.parse(x).evenement)).toEqual(['cle_creee']);
      const limite = await run('audit', 'list', '--json', '--limit', '1');
      expect(limite.stdout.trim().split('\n')).toHaveLength(1);
      const ancien = await run(
        'audit',
        'list',
        '--json',
        '--limite',
        '1',
        '--du',
        '2000-01-01',
        '--au',
        '2000-01-02',
      );
      expect(ancien.code, ancien.stderr).toBe(0);
      expect(ancien.stdout.trim()).toBe('');
      const aide = await run('audit', '--help');
      expect(aide.stdout).toContain('purge');
      expect(aide.stdout).not.toContain('purger');
      expect((await run('audit', 'list', '--help')).stdout).not.toMatch(/--limite|--du|--au|--qui/);
      const mauvais = await run('audit', 'list', '--evenement', 'nimporte');
      expect(mauvais.code).not.toBe(0);
      expect(mauvais.stderr).toContain('--evenement « nimporte » : événement inconnu (connexion_reussie, ');
      for (const nom of ['purge', 'purger']) {
        const p = await run('audit', nom);
        expect(p.code, p.stderr).toBe(0);
        expect(p.stdout).toContain('0 événement de plus de 400 jours supprimé');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  120_000,
);
