import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type CompteurRequetes, compteurRequetes } from '../../src/db/compteur-requetes.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { compterLignes } from '../helpers/lignes.ts';

// The last note's « Left open »: a platform's returns (Parcoursup publishing or rejecting offers,
// POST /api/v1/plateformes/{p}/retours or `offre plateformes retours`) were shown on the offer's page
// but told no one. Now each organisme gets one e-mail (and notification) per batch listing its
// offers rejected (motif, correction asked) and published; a batch repeating a known state is silent.

const ORG = 'claire@cfa-exemple.test';
const AUTRE = 'paul@autre-cfa.test';
let t: TestWeb;
let org: Navigateur;
let cle: string;
let compteur: CompteurRequetes;
const ids: Record<string, string> = {};

const retours = (payload: unknown) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/plateformes/parcoursup/retours',
    headers: { authorization: `Bearer ${cle}`, 'content-type': 'application/json' },
    payload: JSON.stringify(payload),
  });

beforeAll(async () => {
  // Its statements counted (src/db/compteur-requetes.ts): what a batch reads once.
  compteur = compteurRequetes();
  t = await testWeb({
    now: () => NOW,
    compteur,
  });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const sys = SYSTEME('test');
  for (const [nom, intitule] of [
    ['a', 'BTS retour publié'],
    ['b', 'BTS retour rejeté'],
    ['c', 'BTS d’un autre organisme'],
  ] as const) {
    ids[nom] = (await saveFormation(t.ctx, sys, bts(`RET-${nom}`, { intitule }))).id;
    // The third offer belongs to another organisme (its owner's SIREN).
    if (nom === 'c')
      await t.ctx.db
        .updateTable('formation')
        .set({ siren_proprietaire: '552100554' })
        .where('id', '=', ids.c!)
        .execute();
    await transition(t.ctx, sys, ids[nom]!, 'publier');
    await transition(t.ctx, sys, ids[nom]!, 'valider');
  }
  org = await connecte(t, { email: ORG, role: 'organisme', siren: '130025265' }, '10.53.0.1');
  await connecte(t, { email: AUTRE, role: 'organisme', siren: '552100554' }, '10.53.0.2');
  cle = (await createApiKey(t.ctx, { name: 'parcoursup', scope: 'admin' })).key;
  // Decided « publier » (Prêt pour intégration): the platform may now publish or reject them.
  for (const id of Object.values(ids)) {
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/plateformes/parcoursup/decision`,
      headers: { authorization: `Bearer ${cle}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ action: 'publier' }),
    });
    expect(r.statusCode, r.body).toBe(200);
  }
});
afterAll(() => t?.close());

it('e-mails each organisme once per batch: its rejected offers with motif and correction, its published ones', async () => {
  const r = await retours([
    { id: ids.a, statut: 'publie', id_plateforme: 'PS-2026-7' },
    {
      id: ids.b,
      statut: 'rejet_publication',
      motif: 'UAI inconnu de Parcoursup',
      action_corrective: 'Vérifier l’UAI dans ACCE',
    },
    { id: ids.c, statut: 'rejet_publication', motif: 'Capacité absente' },
    { id: 'inconnue', statut: 'publie' },
  ]);
  expect(r.statusCode, r.body).toBe(200);
  expect(r.json(), r.body).toMatchObject({ appliques: 3 });

  const m = await t.smtp.attendre(ORG, /^Parcoursup : 1 offre rejetée, 1 offre publiée$/);
  expect(m.text).toContain(
    'Parcoursup a transmis ses retours sur vos offres : 1 offre rejetée, 1 offre publiée.',
  );
  expect(m.text).toContain(
    '- « BTS retour rejeté »\n  Motif : UAI inconnu de Parcoursup\n  Action demandée : Vérifier l’UAI dans ACCE',
  );
  expect(m.text).toContain(`http://offre.test/espace/formations/${ids.b}#plateformes`);
  expect(m.text).toContain('- « BTS retour publié » (identifiant Parcoursup : PS-2026-7)');
  // Never the other organisme's offer.
  expect(m.text).not.toContain('autre organisme');
  const autre = await t.smtp.attendre(AUTRE, /^Parcoursup : 1 offre rejetée$/);
  expect(autre.text).toContain('Motif : Capacité absente');
  expect(autre.text).not.toContain('BTS retour');
  // One message each for the batch.
  expect(t.smtp.recus.filter((x) => x.to.includes(ORG) && x.subject.startsWith('Parcoursup'))).toHaveLength(
    1,
  );
  // And in the application.
  const notifs = texte((await org.get('/notifications')).body);
  expect(notifs).toContain('Parcoursup : 1 offre rejetée, 1 offre publiée');
  expect(notifs).toContain('À corriger : « BTS retour rejeté » (UAI inconnu de Parcoursup)');
});

it('says nothing again for a batch that repeats the recorded states, and tells a new motif', async () => {
  const avant = t.smtp.recus.length;
  const r = await retours([
    { id: ids.a, statut: 'publie', id_plateforme: 'PS-2026-7' },
    {
      id: ids.b,
      statut: 'rejet_publication',
      motif: 'UAI inconnu de Parcoursup',
      action_corrective: 'Vérifier l’UAI dans ACCE',
    },
  ]);
  expect(r.json().appliques).toBe(2);
  const nouveau = await retours([{ id: ids.b, statut: 'rejet_publication', motif: 'Formation fermée' }]);
  expect(nouveau.json().appliques).toBe(1);
  const m = await t.smtp.attendre(ORG, /^Parcoursup : 1 offre rejetée$/);
  expect(m.text).toContain('Motif : Formation fermée');
  expect(m.text).not.toContain('Action demandée');
  // Only that last message: the repeated batch sent none.
  expect(
    t.smtp.recus
      .slice(avant)
      .map((x) => x.subject)
      .filter((s) => s.startsWith('Parcoursup :')),
  ).toEqual(['Parcoursup : 1 offre rejetée']);
});

it('reads the campaign once per batch, whatever its number of lines', async () => {
  const surCampagne = () => compteur.sqls.filter((s) => /campagne/i.test(s)).length;
  compteur.reset();
  expect(
    (await retours([{ id: ids.a, statut: 'publie', id_plateforme: 'PS-2026-7' }])).json().appliques,
  ).toBe(1);
  const une = surCampagne();
  compteur.reset();
  const trois = await retours([
    { id: ids.a, statut: 'publie', id_plateforme: 'PS-2026-7' },
    { id: ids.b, statut: 'rejet_publication', motif: 'Formation fermée' },
    { id: ids.c, statut: 'rejet_publication', motif: 'Capacité absente' },
  ]);
  expect(trois.json().appliques).toBe(3);
  expect(surCampagne(), compteur.sqls.join('\n')).toBe(une);
});

it('sends no e-mail nor notification for a batch that rolled back', async () => {
  // The second line's history entry fails (a fault of the server): the whole batch is undone,
  // the first line's new motif with it — the organisme is told nothing.
  await sql`create function panne_historique() returns trigger language plpgsql as $$
    begin
      if new.formation_id = ${sql.lit(ids.c!)} then raise exception 'panne de test'; end if;
      return new;
    end $$`.execute(t.ctx.db);
  await sql`create trigger panne_historique before insert on historique
    for each row execute function panne_historique()`.execute(t.ctx.db);
  try {
    const avant = t.smtp.recus.length;
    const notifs = () => compterLignes(t.ctx.db, 'notification');
    const notifsAvant = await notifs();
    const r = await retours([
      { id: ids.b, statut: 'rejet_publication', motif: 'Motif jamais annoncé' },
      { id: ids.c, statut: 'rejet_publication', motif: 'Autre motif' },
    ]);
    expect(r.statusCode, r.body).toBe(500);
    // The reply comes after any e-mail the batch sends (each is awaited): none was.
    expect(t.smtp.recus.slice(avant).map((m) => m.subject)).toEqual([]);
    expect(await notifs()).toBe(notifsAvant);
    const { rows } = await sql<{
      motif: string | null;
    }>`select motif from plateforme_etat where formation_id = ${ids.b!} and plateforme = 'parcoursup'`.execute(
      t.ctx.db,
    );
    expect(rows.map((x) => x.motif)).not.toContain('Motif jamais annoncé');
  } finally {
    await sql`drop trigger panne_historique on historique`.execute(t.ctx.db);
    await sql`drop function panne_historique()`.execute(t.ctx.db);
  }
});
