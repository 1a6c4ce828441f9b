import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OffreError } from '../../src/domain/errors.ts';
import { acceptInvitation } from '../../src/services/comptes/invitation.service.ts';
import { runCli } from '../cli/cli.helper.ts';
import { TEST_ENGINE, type TestDatabase, testDataDir } from '../helpers/db.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// A fresh user's report (06/12): the account forms cut a long text to 300 or 200 characters
// without a word, and kept bidirectional controls (U+202E) and control characters (BEL) as typed,
// shown raw to the gestionnaires. Every account and structure text is now checked as a
// formation's (domain/caracteres-texte.ts, texte-saisi.ts): too long, the bound said; a forbidden
// character, the field named; nothing stored.

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb({ smtp: false });
});
afterAll(() => t.close());

const RLO = '\u202E';
const compter = (table: 'structure' | 'utilisateur') => compterLignes(t.ctx.db, table);

describe('the sign-up form', () => {
  const inscription = {
    siren: '777000217',
    raison_sociale: 'CFA des Textes',
    region: '84',
    sirets: '',
    nom: 'Jean Dupont',
    email: 'jean@cfa-textes.test',
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
  };

  it('refuses a raison sociale too long or holding a bidi control, and a name with a control character: nothing stored', async () => {
    const nav = new Navigateur(t.app, '10.61.0.1');
    const avant = [await compter('structure'), await compter('utilisateur')];
    const cas: [Partial<typeof inscription>, [string, string][]][] = [
      [
        { raison_sociale: `${'Y'.repeat(200_000)}${RLO}`, nom: 'A\u0007B' },
        [
          [
            'raison_sociale',
            'Raison sociale : un caractère invisible de mise en forme (U+202E, forçage de droite à gauche) n’a pas sa place dans un champ d’une ligne ; retirez ce caractère (souvent venu d’un copier-coller).',
          ],
          [
            'nom',
            'Nom et prénom : un caractère de contrôle invisible (U+0007) n’a pas sa place dans un champ d’une ligne ; retirez ce caractère (souvent venu d’un copier-coller).',
          ],
        ],
      ],
      [
        { raison_sociale: 'Y'.repeat(301), nom: `Jean${RLO}Dupont` },
        [
          [
            'raison_sociale',
            'Raison sociale : 300 caractères au plus (301 saisis) : raccourcissez ce texte.',
          ],
          [
            'nom',
            'Nom et prénom : un caractère invisible de mise en forme (U+202E, forçage de droite à gauche) n’a pas sa place dans un champ d’une ligne ; retirez ce caractère (souvent venu d’un copier-coller).',
          ],
        ],
      ],
      [
        { nom: '🎓'.repeat(201) },
        [['nom', 'Nom et prénom : 200 caractères au plus (201 saisis) : raccourcissez ce texte.']],
      ],
    ];
    for (const [champs, attendu] of cas) {
      await nav.get('/inscription');
      const r = await nav.post('/inscription', { ...inscription, ...champs });
      expect(r.statusCode).toBe(400);
      for (const [champ, message] of attendu) {
        expect(r.body).toContain(`href="#${champ}"`);
        expect(texte(r.body)).toContain(message);
      }
    }
    expect([await compter('structure'), await compter('utilisateur')]).toEqual(avant);
  });

  it('keeps a raison sociale of 300 characters whole', async () => {
    const nav = new Navigateur(t.app, '10.61.0.2');
    await nav.get('/inscription');
    const raison = `CFA ${'é'.repeat(296)}`;
    const r = await nav.post('/inscription', { ...inscription, raison_sociale: raison });
    expect(r.statusCode).toBe(200);
    const s = await t.ctx.db
      .selectFrom('structure')
      .select('raison_sociale')
      .where('siren', '=', inscription.siren)
      .executeTakeFirstOrThrow();
    expect(s.raison_sociale).toBe(raison);
  });
});

it('the invitation refuses a name with a bidi control before anything else', async () => {
  const e = await acceptInvitation(t.ctx, 'jeton-inconnu', {
    nom: `Jean${RLO}Dupont`,
    nouveau: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
  }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(OffreError);
  expect((e as OffreError).code).toBe('CARACTERE_INTERDIT');
  expect((e as OffreError).details.champ).toBe('nom');
});

describe('administrators', () => {
  let admin: Navigateur;
  beforeAll(async () => {
    admin = await connecte(t, { email: 'admin@textes.test', role: 'admin', nom: 'Ada' }, '10.61.0.3');
  });

  it('/admin/utilisateurs refuses a name too long or holding a bidi control: nothing stored', async () => {
    const avant = await compter('utilisateur');
    for (const [nom, message] of [
      [
        `${'X'.repeat(508)}${RLO}`,
        'Nom : un caractère invisible de mise en forme (U+202E, forçage de droite à gauche) n’a pas sa place dans un champ d’une ligne ; retirez ce caractère (souvent venu d’un copier-coller).',
      ],
      ['X'.repeat(201), 'Nom : 200 caractères au plus (201 saisis) : raccourcissez ce texte.'],
    ] as const) {
      await admin.get('/admin/utilisateurs');
      const r = await admin.post('/admin/utilisateurs', {
        email: 'long@offre.test',
        nom,
        role: 'prescripteur',
        siren: '',
        region: '',
        academie: '',
      });
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain('href="#nom"');
      expect(texte(r.body)).toContain(message);
    }
    expect(await compter('utilisateur')).toBe(avant);
  });

  it('a refusal’s reason with a bidi control is refused on its field: the sign-up stays pending', async () => {
    const nav = new Navigateur(t.app, '10.61.0.4');
    await nav.get('/inscription');
    const siren = '777000225';
    const ok = await nav.post('/inscription', {
      siren,
      raison_sociale: 'CFA du Motif',
      region: '84',
      sirets: '',
      nom: 'Marc Motif',
      email: 'marc@cfa-motif.test',
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longue',
    });
    expect(ok.statusCode).toBe(200);
    await admin.get('/gestion/inscriptions');
    const r = await admin.post(`/gestion/inscriptions/${siren}/refuser`, { motif: `SIREN ${RLO}faux` });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain(`href="#motif-${siren}"`);
    expect(texte(r.body)).toContain(
      'Motif du refus : un caractère invisible de mise en forme (U+202E, forçage de droite à gauche) n’est pas accepté ; retirez ce caractère (souvent venu d’un copier-coller).',
    );
    const s = await t.ctx.db
      .selectFrom('structure')
      .select('statut')
      .where('siren', '=', siren)
      .executeTakeFirstOrThrow();
    expect(s.statut).toBe('en_attente');
  });
});

// The command line on the test's own database (PostgreSQL) or a migrated folder (PGlite).
it('offre user add and offre structure refuse name the refused option; nothing stored', async () => {
  const dir = TEST_ENGINE === 'postgres' ? null : await testDataDir('offre-textes-comptes-');
  const env = dir
    ? { OFFRE_DATA_DIR: dir, DATABASE_URL: '', OFFRE_SMTP_URL: '' }
    : { DATABASE_URL: (t.database as TestDatabase).url, OFFRE_SMTP_URL: '' };
  try {
    const bidi = await runCli(
      ['user', 'add', '--email', 'x@offre.test', '--role', 'prescripteur', '--nom', `X${RLO}Y`],
      env,
    );
    expect(bidi.code).toBe(1);
    expect(bidi.stderr).toContain(
      'Erreur : Nom (--nom) : un caractère invisible de mise en forme (U+202E, forçage de droite à gauche) n’a pas sa place dans un champ d’une ligne',
    );
    expect(bidi.stderr).toContain('[CARACTERE_INTERDIT]');
    const long = await runCli(
      [
        'user',
        'add',
        '--email',
        'y@offre.test',
        '--role',
        'organisme',
        '--siren',
        '130025265',
        '--raison-sociale',
        'R'.repeat(301),
      ],
      env,
    );
    expect(long.code).toBe(1);
    expect(long.stderr).toContain(
      'Erreur : Raison sociale (--raison-sociale) : 300 caractères au plus (301 saisis) : raccourcissez ce texte.',
    );
    expect(long.stderr).toContain('[TEXTE_TROP_LONG]');
    const liste = await runCli(['user', 'list', '--json'], env);
    expect(liste.stdout).not.toMatch(/x@offre\.test|y@offre\.test/);
    const motif = await runCli(['structure', 'refuse', '777000233', '--motif', `a\u0007b`], env);
    expect(motif.code).toBe(1);
    expect(motif.stderr).toContain('Erreur : Motif (--motif) : un caractère de contrôle invisible (U+0007)');
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});
