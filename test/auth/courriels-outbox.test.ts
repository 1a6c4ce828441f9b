import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config.ts';
import type { AppContext } from '../../src/context.ts';
import { openDatabase } from '../../src/db/database.ts';
import { PREMIER_DELAI_MS, TENTATIVES_MAX } from '../../src/domain/courriel-envoi.ts';
import { envoyerCourriels, ligneEchec } from '../../src/services/comptes/courriel.envoi.ts';
import { boiteEnvoi, enqueueCourriel } from '../../src/services/comptes/courriel.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { TEST_ENGINE, type TestDatabase, testDatabase } from '../helpers/db.ts';
import { startSmtp, type TestSmtp } from '../helpers/smtp-server.ts';
import { connecte, decider, type TestWeb, testWeb } from './web.helpers.ts';

// The outbox (services/comptes/courriel.service.ts, courriel.envoi.ts): a message is written in
// the action's transaction and sent afterwards, by a sender, with retries — all against a real SMTP
// server in this process, and the real database of the run (PGlite or PostgreSQL).

describe('a gestionnaire’s decision', () => {
  let t: TestWeb;
  beforeAll(async () => {
    t = await testWeb();
  });
  afterAll(() => t?.close());

  it('answers while the mail server holds every message; the organisme’s e-mail arrives afterwards', async () => {
    const g = await connecte(
      t,
      { email: 'g84@outbox.test', role: 'gestionnaire', region: '84' },
      '10.81.0.1',
    );
    await connecte(t, { email: 'cfa@outbox.test', role: 'organisme', siren: SIREN_A }, '10.81.0.2');
    const { id } = await saveFormation(
      t.ctx,
      organismeDe(SIREN_A),
      formationFixture({ cle_externe: 'OUTBOX-1', intitule: 'BTS Outbox' }),
    );
    await transition(t.ctx, organismeDe(SIREN_A), id, 'publier');
    const liberer = t.smtp.retenir();
    try {
      const r = await Promise.race([
        decider(g, id, 'valider'),
        new Promise<'retenu'>((ok) => setTimeout(() => ok('retenu'), 5000)),
      ]);
      expect(r, 'the page waited for the mail server').not.toBe('retenu');
      if (r === 'retenu') return;
      expect(r.statusCode).toBe(303);
    } finally {
      liberer();
    }
    const mail = await t.smtp.attendre('cfa@outbox.test', /validée/);
    expect(mail.text).toContain('BTS Outbox');
  });
});

describe('the sender', () => {
  let database: TestDatabase;
  let smtp: TestSmtp | null = null;
  let port = 0;
  let maintenant = new Date('2026-12-07T10:00:00Z');
  let ctx: AppContext;
  beforeAll(async () => {
    database = await testDatabase();
    // A port where no mail server listens (yet): the server is down.
    const libre = await startSmtp();
    port = Number(new URL(libre.url).port);
    await libre.close();
    ctx = {
      db: database.db,
      engine: database.engine,
      now: () => maintenant,
      config: { ...readConfig({}), urlPublique: 'http://offre.test', smtpUrl: `smtp://127.0.0.1:${port}` },
    };
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.close();
  });

  const courriel = (id: string) =>
    ctx.db.selectFrom('courriel').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const ecrire = (email: string) =>
    ctx.db.transaction().execute((trx) =>
      enqueueCourriel(
        ctx,
        trx,
        { email },
        {
          modele: 'compte_refuse',
          structure: 'CFA des Essais',
          siren: '130025265',
          motif: 'Essai du serveur de courriel.',
          decideur: { par: 'administration' },
        },
      ),
    );

  it('writes nothing when the action’s transaction rolls back', async () => {
    await expect(
      ctx.db.transaction().execute(async (trx) => {
        await enqueueCourriel(
          ctx,
          trx,
          { email: 'annulee@outbox.test' },
          {
            modele: 'compte_refuse',
            structure: 'CFA annulé',
            siren: '130025265',
            motif: 'Jamais envoyé.',
            decideur: { par: 'administration' },
          },
        );
        throw new Error('action annulée');
      }),
    ).rejects.toThrow('action annulée');
    expect(
      await ctx.db
        .selectFrom('courriel')
        .select('id')
        .where('destinataire', '=', 'annulee@outbox.test')
        .execute(),
    ).toEqual([]);
  });

  it('keeps a message while the mail server is down, and sends it once it is back, after the delay', async () => {
    const id = await ecrire('panne@outbox.test');
    const lignes: string[] = [];
    expect(await envoyerCourriels(ctx, { onEchec: (e) => lignes.push(ligneEchec(e)) })).toEqual({
      envoyes: 0,
      echecs: 1,
    });
    const apres1 = await courriel(id);
    expect(apres1).toMatchObject({ statut: 'en_attente', tentatives: 1 });
    expect(apres1.erreur).toMatch(/ECONNREFUSED/);
    expect(new Date(apres1.prochain_essai_at!).getTime()).toBe(maintenant.getTime() + PREMIER_DELAI_MS);
    expect(lignes).toEqual([
      expect.stringMatching(
        /^Courriel mel_\S+ à panne@outbox\.test non remis \(essai 1 sur 10\) : .*ECONNREFUSED.* ; nouvel essai le /,
      ),
    ]);
    // Listed for the operator as not sent after one attempt.
    expect((await boiteEnvoi(ctx, { tentativesMin: 1 })).map((c) => c.id)).toEqual([id]);

    smtp = await startSmtp(port);
    // Back up, but the delay has not passed: not tried again yet.
    expect(await envoyerCourriels(ctx)).toEqual({ envoyes: 0, echecs: 0 });
    maintenant = new Date(maintenant.getTime() + PREMIER_DELAI_MS);
    expect(await envoyerCourriels(ctx)).toEqual({ envoyes: 1, echecs: 0 });
    const recu = await smtp.attendre('panne@outbox.test', /Offre/);
    expect(recu.text).toContain('Essai du serveur de courriel.');
    expect(await courriel(id)).toMatchObject({ statut: 'envoye', tentatives: 2, texte: null });
    expect(smtp.recus.filter((r) => r.to.includes('panne@outbox.test'))).toHaveLength(1);
  });

  it('gives a message up after the last attempt, and lists it for the operator', async () => {
    await smtp?.close();
    smtp = null;
    const id = await ecrire('abandon@outbox.test');
    for (let n = 1; n <= TENTATIVES_MAX; n++) {
      expect(await envoyerCourriels(ctx)).toEqual({ envoyes: 0, echecs: 1 });
      maintenant = new Date(maintenant.getTime() + 3_600_000);
    }
    expect(await courriel(id)).toMatchObject({ statut: 'echec', tentatives: TENTATIVES_MAX });
    expect(await envoyerCourriels(ctx)).toEqual({ envoyes: 0, echecs: 0 });
    const listes = await boiteEnvoi(ctx, { tentativesMin: TENTATIVES_MAX });
    expect(listes.map((c) => [c.destinataire, c.statut])).toEqual([['abandon@outbox.test', 'echec']]);
  });

  it('sends each message once with two senders on one database (on PostgreSQL: two connection pools)', async () => {
    smtp = await startSmtp(port);
    const adresses = Array.from({ length: 12 }, (_, i) => `deux-${i}@outbox.test`);
    for (const a of adresses) await ecrire(a);
    // A second handle on the same database, as a second server process has (PGlite: one process only).
    const autre = TEST_ENGINE === 'postgres' ? await openDatabase({ url: database.url! }) : null;
    try {
      const ctx2: AppContext = { ...ctx, db: autre?.db ?? ctx.db };
      const [a, b] = await Promise.all([envoyerCourriels(ctx), envoyerCourriels(ctx2)]);
      expect(a.envoyes + b.envoyes).toBe(12);
      expect(a.echecs + b.echecs).toBe(0);
    } finally {
      await autre?.close();
    }
    for (const adresse of adresses)
      expect(
        smtp.recus.filter((r) => r.to.includes(adresse)),
        adresse,
      ).toHaveLength(1);
  });
});
