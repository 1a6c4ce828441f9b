import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listHistorique } from '../../src/db/historique.repository.ts';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import type { OffreError } from '../../src/domain/errors.ts';
import {
  addSession,
  getFormation,
  saveFormation,
  saveFormationTx,
} from '../../src/services/formation.service.ts';
import { getRevision, transition } from '../../src/services/workflow.service.ts';
import {
  countRows,
  formationFixture,
  SIREN_A,
  SIREN_B,
  SIRET_A,
  setCatalogue,
  type TestApi,
  testApi,
} from '../api/helpers.ts';

let t: TestApi;
const cleA: Acteur = { kind: 'cle', id: 'k-a', name: 'si-cfa-a', scope: 'write', siren: SIREN_A };
const cleB: Acteur = { kind: 'cle', id: 'k-b', name: 'si-cfa-b', scope: 'write', siren: SIREN_B };
const gestionnaire: Acteur = {
  kind: 'utilisateur',
  id: 'u-g',
  email: 'gestion@carif.example',
  nom: 'Gestion ARA',
  role: 'gestionnaire',
  siren: null,
  regions: ['84'],
  academies: [],
};
const admin = SYSTEME('test');

beforeAll(async () => {
  t = await testApi();
});
afterAll(() => t.close());

const refusal = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as OffreError;
  }
  throw new Error('expected a refusal');
};

describe('saveFormation', () => {
  it('is idempotent: the same input twice changes nothing, writes no history and no feed event', async () => {
    const input = formationFixture({ cle_externe: 'IDEM-1' });
    const first = await saveFormation(t.ctx, cleA, input);
    expect(first).toMatchObject({ created: true, changed: true });
    const [h, c] = [await countRows(t.ctx, 'historique'), await countRows(t.ctx, 'change_event')];
    const again = await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'IDEM-1' }));
    expect(again).toEqual({ id: first.id, created: false, changed: false });
    expect([await countRows(t.ctx, 'historique'), await countRows(t.ctx, 'change_event')]).toEqual([h, c]);
  });

  it('upserts by the owner’s cle_externe and records who changed which field', async () => {
    const { id } = await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'HIST-1' }));
    const r = await saveFormation(
      t.ctx,
      cleA,
      formationFixture({ cle_externe: 'HIST-1', intitule: 'BTS MCO (alternance)' }),
    );
    expect(r).toMatchObject({ id, created: false, changed: true });
    const h = await listHistorique(t.ctx.db, id);
    expect(h.map((e) => [e.action, e.acteur])).toEqual([
      ['create', 'cle:si-cfa-a'],
      ['update', 'cle:si-cfa-a'],
    ]);
    expect(h[1]!.diff).toEqual([
      { champ: 'intitule', avant: 'BTS Management commercial opérationnel', apres: 'BTS MCO (alternance)' },
    ]);
  });

  it('refuses a responsable outside the key’s SIREN, and hides other SIRENs’ drafts', async () => {
    const e = await refusal(saveFormation(t.ctx, cleB, formationFixture({ cle_externe: 'X' })));
    expect(e.code).toBe('ACCES_REFUSE');
    expect(e.message).toContain(SIREN_B);
    const { id } = await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'PRIVE' }));
    expect(await getFormation(t.ctx.db, cleB, id)).toBeNull();
    expect((await refusal(saveFormation(t.ctx, cleB, formationFixture(), { id }))).code).toBe('INTROUVABLE');
    expect((await getFormation(t.ctx.db, cleA, id))?.responsable).toMatchObject({
      siret: SIRET_A,
      siren: SIREN_A,
      uai: '0693446W',
    });
  });

  it('accepts an incomplete draft but refuses to publish it, listing every missing field', async () => {
    const { id } = await saveFormation(t.ctx, cleA, {
      ...formationFixture({ cle_externe: 'DRAFT' }),
      objectif: null,
      sessions: [],
      contacts: [],
    });
    const e = await refusal(transition(t.ctx, cleA, id, 'publier'));
    expect(e.code).toBe('PUBLICATION_INCOMPLETE');
    expect((e.details.erreurs as { champ: string }[]).map((x) => x.champ)).toEqual([
      'objectif',
      'contacts',
      'sessions',
    ]);
    expect(e.message).toBe('Publication impossible : 3 champs à renseigner ou corriger.');
    // One field missing: said in the singular.
    const seul = await saveFormation(t.ctx, cleA, {
      ...formationFixture({ cle_externe: 'DRAFT-1' }),
      objectif: null,
    });
    const e1 = await refusal(transition(t.ctx, cleA, seul.id, 'publier'));
    expect(e1.code).toBe('PUBLICATION_INCOMPLETE');
    expect(e1.message).toBe('Publication impossible : 1 champ à renseigner ou corriger.');
  });
});

describe('sessions', () => {
  it('never re-dates a diffused session, deletes a dropped draft session and archives a dropped diffused one', async () => {
    const input = formationFixture({ cle_externe: 'SESS-1' });
    const { id } = await saveFormation(t.ctx, cleA, input);
    const extra = await addSession(t.ctx, cleA, id, {
      ...input.sessions[0]!,
      cle_externe: 'S-DRAFT',
      debut: '2027-09-01',
      fin: '2029-06-30',
    } as never);
    expect(extra.created).toBe(true);
    await transition(t.ctx, cleA, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    const diffused = (await getFormation(t.ctx.db, admin, id))!.sessions;
    expect(diffused.every((s) => s.diffusee)).toBe(true);

    // The validator edits directly: re-dating S2026 is refused, whoever asks.
    const redate = formationFixture({ cle_externe: 'SESS-1' });
    redate.sessions[0]!.debut = '2026-10-01';
    const e = await refusal(saveFormation(t.ctx, gestionnaire, redate, { id }));
    expect(e.code).toBe('SESSION_REDATEE');
    expect(e.message).toMatch(/déjà été diffusée.*créez une nouvelle session/s);
    expect(e.details.champ).toBe('sessions.0.debut');

    // A new session appears; the diffused S-DRAFT left out is archived (kept), not deleted.
    const next = formationFixture({ cle_externe: 'SESS-1' });
    next.sessions.push({
      ...next.sessions[0]!,
      cle_externe: 'S2027',
      debut: '2027-09-01',
      fin: '2029-06-30',
    });
    const r = await saveFormation(t.ctx, gestionnaire, next, { id });
    expect(r.changed).toBe(true);
    const rows = await t.ctx.db
      .selectFrom('session')
      .select(['cle_externe', 'archivee'])
      .where('formation_id', '=', id)
      .orderBy('cle_externe')
      .execute();
    expect(rows).toEqual([
      { cle_externe: 'S-DRAFT', archivee: true },
      { cle_externe: 'S2026', archivee: false },
      { cle_externe: 'S2027', archivee: false },
    ]);
    expect((await getFormation(t.ctx.db, admin, id))!.sessions.map((s) => s.cle_externe)).toEqual([
      'S2026',
      'S2027',
    ]);
  });

  it('deletes a never-diffused session left out of a full update', async () => {
    const input = formationFixture({ cle_externe: 'SESS-2' });
    input.sessions.push({ ...input.sessions[0]!, cle_externe: 'S2027', debut: '2027-09-01' });
    const { id } = await saveFormation(t.ctx, cleA, input);
    await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'SESS-2' }));
    const rows = await t.ctx.db
      .selectFrom('session')
      .select('cle_externe')
      .where('formation_id', '=', id)
      .execute();
    expect(rows).toEqual([{ cle_externe: 'S2026' }]);
  });
});

describe('revisions of a published formation', () => {
  it('keeps the validated version diffused until the revision is validated, and shows it as a diff', async () => {
    const { id } = await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'REV-1' }));
    await transition(t.ctx, cleA, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    await setCatalogue(t.ctx, id, 'general');
    const feedBefore = await countRows(t.ctx, 'change_event');

    const r = await saveFormation(
      t.ctx,
      cleA,
      formationFixture({ cle_externe: 'REV-1', intitule: 'BTS MCO — nouvelle version' }),
    );
    expect(r).toMatchObject({ id, changed: true, revision: true });
    const anonyme: Acteur = { kind: 'anonyme' };
    expect(await getFormation(t.ctx.db, anonyme, id)).toMatchObject({
      intitule: 'BTS Management commercial opérationnel',
      revision_en_attente: true,
    });
    // The diffused content is unchanged, but its document now says a revision waits: one `update`.
    expect(await countRows(t.ctx, 'change_event')).toBe(feedBefore + 1);
    // Proposing the same revision again is a no-op.
    expect(
      await saveFormation(
        t.ctx,
        cleA,
        formationFixture({ cle_externe: 'REV-1', intitule: 'BTS MCO — nouvelle version' }),
      ),
    ).toMatchObject({ changed: false });

    const rev = await getRevision(t.ctx.db, gestionnaire, id, t.ctx.now());
    expect(rev.diff).toEqual([
      {
        champ: 'intitule',
        avant: 'BTS Management commercial opérationnel',
        apres: 'BTS MCO — nouvelle version',
      },
    ]);
    await transition(t.ctx, gestionnaire, id, 'retourner', 'Précisez l’intitulé officiel.');
    expect((await getRevision(t.ctx.db, cleA, id, t.ctx.now())).statut).toBe('a_corriger');
    await transition(t.ctx, cleA, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    await setCatalogue(t.ctx, id, 'general');
    expect(await getFormation(t.ctx.db, anonyme, id)).toMatchObject({
      intitule: 'BTS MCO — nouvelle version',
      revision_en_attente: false,
    });
    expect(await countRows(t.ctx, 'change_event')).toBe(feedBefore + 2); // the revision proposed, then validated
  });

  it('gives a session proposed in a revision its permanent id before validation', async () => {
    const { id } = await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'REV-SESS' }));
    await transition(t.ctx, cleA, id, 'publier');
    await transition(t.ctx, gestionnaire, id, 'valider');
    const base = formationFixture().sessions[0]!;
    const added = await addSession(t.ctx, cleA, id, {
      ...base,
      cle_externe: 'S2027',
      debut: '2027-09-01',
      fin: '2029-06-30',
    });
    expect(added.created).toBe(true);
    expect(await countRows(t.ctx, 'session')).toBeGreaterThan(0);
    expect(
      await t.ctx.db.selectFrom('session').select('id').where('id', '=', added.sessionId).executeTakeFirst(),
    ).toBeUndefined();
    // Proposed again (same cle_externe): same id, nothing new.
    const again = await addSession(t.ctx, cleA, id, {
      ...base,
      cle_externe: 'S2027',
      debut: '2027-09-01',
      fin: '2029-06-30',
    });
    expect(again).toEqual({ sessionId: added.sessionId, created: false });
    await transition(t.ctx, gestionnaire, id, 'valider');
    const s = await t.ctx.db
      .selectFrom('session')
      .select(['id', 'diffusee_at'])
      .where('id', '=', added.sessionId)
      .executeTakeFirstOrThrow();
    expect(s.diffusee_at).not.toBeNull();
  });

  it('lets an importer create a formation directly as published (sessions diffused)', async () => {
    const r = await t.ctx.db.transaction().execute((trx) =>
      saveFormationTx(trx, admin, formationFixture({ cle_externe: 'IMPORT-PUB' }), {
        now: new Date(),
        statut: 'publiee',
      }),
    );
    const f = (await getFormation(t.ctx.db, admin, r.id))!;
    expect(f.statut).toBe('publiee');
    expect(f.sessions.every((x) => x.diffusee)).toBe(true);
  });

  it('limits a gestionnaire to its region', async () => {
    const idf: Acteur = { ...gestionnaire, email: 'idf@carif.example', regions: ['11'] } as Acteur;
    const { id } = await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'REGION-1' }));
    await transition(t.ctx, cleA, id, 'publier');
    expect((await refusal(transition(t.ctx, idf, id, 'valider'))).code).toBe('INTROUVABLE');
    await transition(t.ctx, gestionnaire, id, 'valider');
    await setCatalogue(t.ctx, id, 'general');
    const horsPerimetre = await refusal(transition(t.ctx, idf, id, 'archiver'));
    expect(horsPerimetre.code).toBe('ACCES_REFUSE');
    // Named by its intitulé and reference, never by Offre's internal id (kept as a problem field).
    expect(horsPerimetre.message).toMatch(
      /^La formation « BTS Management commercial opérationnel » \(référence REGION-1\) de l’organisme SIREN \d{9} n’est pas dans votre périmètre : vous ne pouvez pas la modifier\.$/,
    );
    expect(horsPerimetre.message).not.toContain(id);
    expect(horsPerimetre.details.formation_id).toBe(id);
    expect(await getFormation(t.ctx.db, idf, id)).toMatchObject({ id }); // diffused: readable by all
  });

  it('archives, soft-deletes and restores (restore by a gestionnaire only)', async () => {
    const { id } = await saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'DEL-1' }));
    await transition(t.ctx, cleA, id, 'archiver');
    // An organisme deletes only a draft never published (domain/sortie-espace.ts suppressionPermise).
    expect((await refusal(transition(t.ctx, cleA, id, 'supprimer'))).code).toBe('TRANSITION_INVALIDE');
    await transition(t.ctx, gestionnaire, id, 'supprimer');
    expect((await refusal(transition(t.ctx, cleA, id, 'restaurer'))).code).toBe('ACCES_REFUSE');
    const supprimee = await refusal(saveFormation(t.ctx, cleA, formationFixture({ cle_externe: 'DEL-1' })));
    expect(supprimee.code).toBe('FORMATION_SUPPRIMEE');
    expect(supprimee.message).toBe(
      'La formation « BTS Management commercial opérationnel » (référence DEL-1) est supprimée : un gestionnaire doit d’abord la restaurer.',
    );
    expect(supprimee.details.formation_id).toBe(id);
    expect(await transition(t.ctx, gestionnaire, id, 'restaurer')).toMatchObject({ statut: 'archivee' });
    const actions = (
      await t.ctx.db
        .selectFrom('change_event')
        .select('action')
        .where('entite_id', '=', id)
        .orderBy('seq')
        .execute()
    ).map((e) => e.action);
    // Archiving closes the open session first (an update), then archives.
    expect(actions).toEqual(['create', 'update', 'archive', 'delete', 'update']);
  });
});
