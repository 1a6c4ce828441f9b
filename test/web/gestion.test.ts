import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { lastReturnComment } from '../../src/services/gestion/validation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A, SIRET_B } from '../api/helpers.ts';
import { connecte, decider, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';

// The gestionnaire's validation queue over HTTP: a gestionnaire of Auvergne-Rhône-Alpes (84)
// decides on offers held in Lyon; one of Île-de-France (11) and the organisme are refused.

let t: TestWeb;
let g84: Navigateur;
let g11: Navigateur;
let orga: Navigateur;
const organisme: Acteur = {
  kind: 'utilisateur',
  id: 'x',
  email: 'cfa@a.test',
  nom: 'CFA',
  role: 'organisme',
  siren: SIREN_A,
  regions: [],
  academies: [],
};

async function offre(cle: string, intitule: string, etat?: 'ferme') {
  const f = formationFixture({ cle_externe: cle, intitule });
  const input = etat ? { ...f, sessions: f.sessions.map((s) => ({ ...s, etat_recrutement: etat })) } : f;
  const { id } = await saveFormation(t.ctx, organisme, input);
  await transition(t.ctx, organisme, id, 'publier');
  return id;
}

beforeAll(async () => {
  t = await testWeb();
  g84 = await connecte(
    t,
    {
      email: 'g84@region.test',
      role: 'gestionnaire',
      region: '84',
      nom: 'Gaëlle Carif',
    },
    '10.20.0.1',
  );
  g11 = await connecte(t, { email: 'g11@region.test', role: 'gestionnaire', region: '11' }, '10.20.0.2');
  orga = await connecte(t, { email: 'cfa@a.test', role: 'organisme', siren: SIREN_A }, '10.20.0.3');
});
afterAll(() => t.close());

describe('validation queue', () => {
  it('lists the région’s pending offers with counts and filters; other régions and organismes see none', async () => {
    const id = await offre('Q-1', 'BTS Queue un');
    const page = await g84.get('/gestion');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('BTS Queue un');
    expect(page.body).toContain(`/gestion/formations/${id}`);
    expect(page.body).toMatch(/1 nouvelle publication/);
    expect(texte(page.body)).not.toContain('dont 0 re-publication'); // said only when there is one
    const filtre = await g84.get('/gestion?nature=revision');
    expect(filtre.body).not.toContain('BTS Queue un');
    expect(filtre.body).toMatch(/0 offre retenue sur \d+ en attente/);
    expect((await g84.get('/gestion?departement=69')).body).toContain('BTS Queue un');
    // The départements by their name as well as their code (COG), in the table and the filter.
    const ligne = page.body.slice(page.body.indexOf('BTS Queue un'));
    expect(ligne.slice(0, ligne.indexOf('</tr>'))).toContain('<td>69 — Rhône</td>');
    expect(page.body).toMatch(/<option value="69"[^>]*>69 — Rhône<\/option>/);

    const autre = await g11.get('/gestion');
    expect(autre.statusCode).toBe(200);
    expect(autre.body).not.toContain('BTS Queue un');
    expect((await orga.get('/gestion')).statusCode).toBe(403);
    expect((await orga.get(`/gestion/formations/${id}`)).statusCode).toBe(403);
  });

  it('follows an offer whose session moves to another région (the régions kept by each recomputation)', async () => {
    const id = await offre('Q-MOVE', 'BTS Déménage');
    expect((await g84.get('/gestion')).body).toContain('BTS Déménage');
    expect((await g11.get('/gestion')).body).not.toContain('BTS Déménage');
    const paris = { adresse: '1 rue de Rivoli', code_postal: '75001', commune: 'Paris', code_insee: '75056' };
    const fixture = formationFixture({ cle_externe: 'Q-MOVE', intitule: 'BTS Déménage' });
    await saveFormation(t.ctx, organisme, {
      ...fixture,
      sessions: fixture.sessions.map((x) => ({ ...x, lieu: paris })),
    });
    const row = await t.ctx.db
      .selectFrom('formation')
      .select('statut')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    if (row.statut !== 'en_attente_validation') await transition(t.ctx, organisme, id, 'publier');
    expect((await g84.get('/gestion')).body).not.toContain('BTS Déménage');
    expect((await g11.get('/gestion')).body).toContain('BTS Déménage');
    const qualite = await g84.get('/gestion/qualite');
    expect(qualite.statusCode).toBe(200);
    expect(
      await t.ctx.db
        .selectFrom('formation_region')
        .select('code_region')
        .where('formation_id', '=', id)
        .execute(),
    ).toEqual([{ code_region: '11' }]);
  });

  it('refuses another région’s gestionnaire the review page, the forms and the API', async () => {
    const id = await offre('Q-2', 'BTS Frontière');
    // Not even readable by it (an offer of another région waiting for validation): never shown, but
    // said to exist elsewhere (403 naming its région), not « n’existe pas » (404).
    expect((await g11.get(`/gestion/formations/${id}`)).statusCode).toBe(403);
    await g11.get('/gestion');
    expect((await g11.post(`/gestion/formations/${id}/valider`, {})).statusCode).toBe(403);
    expect((await g11.post(`/gestion/formations/${id}/retourner`, { commentaire: 'non' })).statusCode).toBe(
      403,
    );
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/valider`,
      cookies: Object.fromEntries(g11.cookies),
      headers: { 'x-csrf-token': g11.csrf! },
    });
    expect([403, 404]).toContain(api.statusCode);
    // Nor may it create an offer held in another région (the write-perimeter fix).
    const cree = await t.app.inject({
      method: 'POST',
      url: '/api/v1/formations',
      cookies: Object.fromEntries(g11.cookies),
      headers: { 'x-csrf-token': g11.csrf! },
      payload: formationFixture({ cle_externe: 'G11-LYON' }),
    });
    expect(cree.statusCode).toBe(403);
    const n = await t.ctx.db
      .selectFrom('formation')
      .select('id')
      .where('cle_externe', '=', 'G11-LYON')
      .execute();
    expect(n).toHaveLength(0);
    // The organisme's own forged post is refused too.
    await orga.get('/compte');
    expect((await orga.post(`/gestion/formations/${id}/valider`, {})).statusCode).toBe(403);
    const row = await t.ctx.db
      .selectFrom('formation')
      .select('statut')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.statut).toBe('en_attente_validation');
  });

  it('returns an offer with a mandatory comment: e-mail, notification, comment for the « À corriger » tab', async () => {
    const id = await offre('Q-3', 'BTS À retourner');
    await g84.get(`/gestion/formations/${id}`);
    const vide = await decider(g84, id, 'retourner', { commentaire: '  ' });
    expect(vide.statusCode).toBe(400);
    expect(vide.body).toContain(
      'Commentaire pour l’organisme : indiquez à l’organisme ce qu’il doit corriger.',
    );
    expect(await lastReturnComment(t.ctx.db, id)).toBeNull();
    const ok = await decider(g84, id, 'retourner', {
      commentaire: 'Le référent handicap manque.',
    });
    expect(ok.statusCode).toBe(303);
    const mail = await t.smtp.attendre('cfa@a.test', /Offre à corriger : BTS À retourner/);
    expect(mail.text).toContain('Le référent handicap manque.');
    expect(await lastReturnComment(t.ctx.db, id)).toMatchObject({
      commentaire: 'Le référent handicap manque.',
      par: 'utilisateur:g84@region.test',
      revision: false,
    });
    const revue = await g84.get(`/gestion/formations/${id}`);
    expect(revue.body).toContain('Le référent handicap manque.');
    expect(revue.body).toContain('Retour à l’organisme');
    // The return is history with the person's name on the page, and through the API.
    expect(revue.body).toContain('<td>Gaëlle Carif (g84@region.test)</td>');
    const cle = await createApiKey(t.ctx, { name: 'lecture admin', scope: 'admin' });
    const h = await t.app.inject({
      url: `/api/v1/formations/${id}/historique`,
      headers: { authorization: `Bearer ${cle.key}` },
    });
    expect(h.json()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'retourner',
          acteur: 'utilisateur:g84@region.test',
          diff: expect.arrayContaining([
            expect.objectContaining({
              champ: 'commentaire_gestionnaire',
              apres: 'Le référent handicap manque.',
            }),
          ]),
        }),
      ]),
    );
  });

  it('validates an offer, then reviews a revision as a diff with its added session', async () => {
    const id = await offre('Q-4', 'BTS À valider');
    const revue = await g84.get(`/gestion/formations/${id}`);
    expect(revue.body).toContain('Première publication');
    // Read as a person reads it: French field names and values, never JSON or technical names.
    const champs = revue.body.slice(
      revue.body.indexOf('id="diff-champs"'),
      revue.body.indexOf('id="controles"'),
    );
    expect(champs).toContain('<th scope="row">Intitulé</th>');
    expect(champs).toContain('<th scope="row">Certification</th>');
    expect(champs).toContain('Contrat d’apprentissage');
    expect(champs).not.toMatch(/\{&quot;|\{"|>intitule<|>modalites<|>certification</);
    expect(revue.body).toMatch(/soumise aujourd’hui/);
    expect(revue.body).toContain('Contrôles de conformité');
    expect((await decider(g84, id, 'valider', {})).statusCode).toBe(303);
    await t.smtp.attendre('cfa@a.test', /Offre validée : BTS À valider/);
    const base = formationFixture({ cle_externe: 'Q-4', intitule: 'BTS À valider' });
    await saveFormation(
      t.ctx,
      organisme,
      {
        ...base,
        intitule: 'BTS À valider, modifié',
        sessions: [
          ...base.sessions,
          {
            ...base.sessions[0]!,
            cle_externe: 'S2027',
            debut: '2027-09-01',
            fin: '2029-06-30',
          },
        ],
      },
      { id },
    );
    const file = await g84.get('/gestion?nature=revision');
    expect(file.body).toContain(`/gestion/formations/${id}`);
    const diff = await g84.get(`/gestion/formations/${id}`);
    expect(diff.body).toContain('BTS À valider, modifié');
    // The session is named by its dates, not by its reference, as the history says it.
    expect(diff.body).toMatch(
      /<h3 class="fr-h6">Session du 1er septembre 2027 au 30 juin 2029 ajoutée \(69001 Lyon, recrutement ouvert\)<\/h3>/,
    );
    expect(diff.body).not.toMatch(/<h3 class="fr-h6">[^<]*\(se_/);
    // Diffused, so visible to Île-de-France's gestionnaire, but not in its région: refused (page, form, API).
    expect((await g11.get(`/gestion/formations/${id}`)).statusCode).toBe(403);
    await g11.get('/gestion');
    expect((await g11.post(`/gestion/formations/${id}/valider`, {})).statusCode).toBe(403);
    expect((await g11.get('/gestion?nature=revision')).body).not.toContain(`/gestion/formations/${id}`);
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/valider`,
      cookies: Object.fromEntries(g11.cookies),
      headers: { 'x-csrf-token': g11.csrf! },
    });
    expect(api.statusCode).toBe(403);
    const rev = await t.ctx.db
      .selectFrom('formation_revision')
      .select('statut')
      .where('formation_id', '=', id)
      .executeTakeFirst();
    expect(rev?.statut).toBe('en_attente_validation');
  });

  it('validates unchanged re-publications at once, and only those', async () => {
    // Its recruitment closed already: archiving it changes nothing more (it closes open sessions).
    const inchangee = await offre('Q-5', 'BTS Republiée', 'ferme');
    const modifiee = await offre('Q-6', 'BTS Republiée modifiée');
    const g: Acteur = {
      kind: 'utilisateur',
      id: 'g',
      email: 'g84@region.test',
      nom: 'G',
      role: 'gestionnaire',
      siren: null,
      regions: ['84'],
      academies: [],
    };
    for (const id of [inchangee, modifiee]) {
      await transition(t.ctx, g, id, 'valider');
      await transition(t.ctx, organisme, id, 'archiver');
    }
    // Republished first (an archived offer is not changed: FORMATION_ARCHIVEE), then changed.
    for (const id of [inchangee, modifiee]) await transition(t.ctx, organisme, id, 'publier');
    await saveFormation(
      t.ctx,
      organisme,
      formationFixture({ cle_externe: 'Q-6', intitule: 'BTS Republiée modifiée v2' }),
      { id: modifiee },
    );
    const page = await g84.get('/gestion');
    expect(page.body).toContain(`value="${inchangee}"`);
    expect(page.body).not.toContain(`value="${modifiee}"`);
    const r = await g84.post('/gestion/valider-inchangees', { ids: inchangee });
    expect(r.statusCode).toBe(303);
    // The second number: how many of them had no user to e-mail (none here: cfa@a.test).
    expect(r.headers.location).toBe('/gestion?info=validees-1-0');
    expect((await g84.get('/gestion?info=validees-1-0')).body).toContain(
      '1 re-publication inchangée validée : un courriel en informe l’organisme.',
    );
    expect((await g84.get('/gestion?info=validees-2-0')).body).toContain(
      '2 re-publications inchangées validées : un courriel en informe chaque organisme.',
    );
    expect(texte((await g84.get('/gestion?info=validees-2-1')).body)).toContain(
      '2 re-publications inchangées validées : un courriel en informe chaque organisme, sauf 1 offre dont l’organisme n’a aucun utilisateur à prévenir.',
    );
    expect(texte((await g84.get('/gestion?info=validees-1-1')).body)).toContain(
      '1 re-publication inchangée validée : aucun utilisateur de l’organisme à prévenir',
    );
    const statuts = await t.ctx.db
      .selectFrom('formation')
      .select(['id', 'statut'])
      .where('id', 'in', [inchangee, modifiee])
      .execute();
    expect(Object.fromEntries(statuts.map((s) => [s.id, s.statut]))).toEqual({
      [inchangee]: 'publiee',
      [modifiee]: 'en_attente_validation',
    });
    // A forged post naming the changed one validates nothing.
    await g84.get('/gestion');
    expect((await g84.post('/gestion/valider-inchangees', { ids: modifiee })).headers.location).toBe(
      '/gestion?info=validees-0-0',
    );
  });
});

describe('every page and form of /gestion refuses other roles', () => {
  it('answers 403 to an organisme and an instructeur, pages and posts alike', async () => {
    const instr = await connecte(
      t,
      { email: 'instr@academie.test', role: 'instructeur', academie: '10' },
      '10.20.0.4',
    );
    const id = await offre('Q-ROLES', 'BTS Rôles');
    const pages = ['/gestion', `/gestion/formations/${id}`, '/gestion/structures', '/gestion/qualite'];
    const posts = [
      `/gestion/formations/${id}/valider`,
      `/gestion/formations/${id}/retourner`,
      '/gestion/valider-inchangees',
      `/gestion/structures/${SIREN_A}/etablissements`,
      `/gestion/structures/${SIREN_A}/etablissements/${SIRET_B}/retirer`,
    ];
    for (const nav of [orga, instr]) {
      await nav.get('/compte');
      for (const url of pages) expect([url, (await nav.get(url)).statusCode]).toEqual([url, 403]);
      for (const url of posts)
        expect([
          url,
          (await nav.post(url, { commentaire: 'x', siret: SIRET_B, ids: id })).statusCode,
        ]).toEqual([url, 403]);
    }
    const row = await t.ctx.db
      .selectFrom('formation')
      .select('statut')
      .where('id', '=', id)
      .executeTakeFirst();
    expect(row?.statut).toBe('en_attente_validation');
  });
});

describe('structures and data quality', () => {
  it('lists the région’s structures and lets its gestionnaire add another SIREN’s establishment', async () => {
    const page = await g84.get('/gestion/structures');
    expect(page.statusCode).toBe(200);
    await t.ctx.db.updateTable('structure').set({ region: '84' }).where('siren', '=', SIREN_A).execute();
    expect((await g84.get('/gestion/structures')).body).toContain('cfa@a.test');
    const faux = await g84.post(`/gestion/structures/${SIREN_A}/etablissements`, { siret: '123' });
    expect(faux.statusCode).toBe(400);
    expect(texte(faux.body)).toContain(
      'Le SIRET « 123 » a 3 chiffres au lieu de 14 : vérifiez-le sur l’avis de situation Sirene.',
    );
    // 14 digits with a wrong key: the key is named, not the length (user pass of 05/12).
    const cle = await g84.post(`/gestion/structures/${SIREN_A}/etablissements`, {
      siret: '130 025 265 00014',
    });
    expect(cle.statusCode).toBe(400);
    expect(texte(cle.body)).toContain(
      'Le SIRET 130 025 265 00014 a 14 chiffres mais sa clé de contrôle est fausse : vérifiez-le sur l’avis de situation Sirene.',
    );
    const ok = await g84.post(`/gestion/structures/${SIREN_A}/etablissements`, { siret: SIRET_B });
    expect(ok.statusCode).toBe(303);
    const apres = (await g84.get('/gestion/structures')).body;
    expect(apres).toContain('autre SIREN, en tant que formateur');
    // The decision's date in full, Paris time (« 3 décembre 2026 à 22:14 »), never « 03/12/2026 ».
    const decisions = new RegExp(`<ul id="historique-${SIREN_A}">[\\s\\S]*?</ul>`).exec(apres)![0];
    expect(decisions).toMatch(/<li>(1er|\d\d?) [a-zéû]+ 20\d\d à \d\d:\d\d – Établissement ajouté par/);
    expect(decisions).not.toMatch(/\d\d\/\d\d\/\d{4}/);
    // Another région's gestionnaire cannot see nor change it; an organisme cannot either.
    expect((await g11.get('/gestion/structures')).body).not.toContain('cfa@a.test');
    await g11.get('/gestion/structures');
    expect(
      (await g11.post(`/gestion/structures/${SIREN_A}/etablissements/${SIRET_B}/retirer`, {})).statusCode,
    ).toBe(403);
    expect((await orga.get('/gestion/structures')).statusCode).toBe(403);
    const reste = await t.ctx.db
      .selectFrom('structure_etablissement')
      .select('siret')
      .where('siren', '=', SIREN_A)
      .execute();
    expect(reste.map((r) => r.siret)).toContain(SIRET_B);
  });

  it('shows the région’s data quality with an SVG chart, failing codes linked to their offers', async () => {
    const page = await g84.get('/gestion/qualite');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<svg');
    expect(page.body).toMatch(/role="img"/);
    const { rows } = await (await import('kysely')).sql<{ code: string; n: number }>`
      select e.code, count(distinct e.formation_id)::int as n from controle_echec e
      join formation f on f.id = e.formation_id where f.statut <> 'supprimee'
      group by e.code order by n desc, e.code limit 1`.execute(t.ctx.db);
    if (rows[0]) {
      expect(page.body).toContain(`code=${encodeURIComponent(rows[0].code)}`);
      const detail = await g84.get(`/gestion/qualite?code=${encodeURIComponent(rows[0].code)}`);
      expect(detail.body).toContain('/gestion/formations/');
    }
    // Campaign progress: the structure's workbook has not come back, then it has.
    expect(page.body).toContain('Structures dont le classeur n’est pas revenu');
    const campagne = await t.ctx.db
      .selectFrom('campagne')
      .select('annee')
      .where('courante', '=', true)
      .executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('classeur_import')
      .values({
        empreinte: 'x',
        fichier: 'classeur.xlsx',
        annee: campagne.annee,
        acteur: 'utilisateur:cfa@a.test',
        totaux: JSON.stringify({}),
        at: new Date(),
      })
      .execute();
    const apres = await g84.get('/gestion/qualite');
    expect(apres.body).toContain('Structures dont le classeur est revenu');
    // Counted without a pronoun that cannot agree (« 1 structure a renvoyé leur classeur »).
    expect(texte(apres.body)).toMatch(
      /Classeur de la rentrée \d{4} revenu : [1-9]\d* structures? ; pas encore revenu : 0 structure \(/,
    );
    expect(apres.body).not.toContain('Structures dont le classeur n’est pas revenu');
    expect((await orga.get('/gestion/qualite')).statusCode).toBe(403);
  });
});

// Fresh user: an invalid filter value in the address gave an empty page with no message
// (« 0 offre retenue sur 5 », an empty « Offres en échec sur NOPE », an empty table on /espace).
describe('signed-in list pages: a filter value the page does not offer is said (400), not an empty list', () => {
  it('/gestion, /gestion/qualite and /espace name the refused filter and show the list without it', async () => {
    await offre('Q-FILTRE', 'BTS Filtre refusé');
    for (const [filtre, libelle] of [
      ['nature=xx', 'Nouvelle ou révision « xx » inconnu'],
      ['departement=99', 'Département « 99 » inconnu'],
      ['verdict=zz', 'Verdict du catalogue « zz » inconnu'],
      ['organisme=123', 'Organisme (SIREN) « 123 » inconnu'],
    ]) {
      const r = await g84.get(`/gestion?${filtre}`);
      expect(r.statusCode, filtre).toBe(400);
      expect(texte(r.body), filtre).toContain('Filtre à corriger : il n’a pas été appliqué');
      expect(texte(r.body), filtre).toContain(libelle);
      // The page still works: the queue is listed without the refused filter.
      expect(r.body, filtre).toContain('BTS Filtre refusé');
    }
    // A long value: 40 characters echoed, then « … », as every refusal (was cut at 20, silently).
    const long = await g84.get(`/gestion?departement=${'9'.repeat(40)}ZZZZZ`);
    expect(long.statusCode).toBe(400);
    expect(texte(long.body)).toContain(`Département « ${'9'.repeat(40)}… » inconnu`);
    expect(long.body).not.toContain('ZZZ');
    const ok = await g84.get('/gestion?nature=nouvelle&departement=69');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).not.toContain('filtres-a-corriger');

    const q = await g84.get('/gestion/qualite?code=NOPE');
    expect(q.statusCode).toBe(400);
    expect(texte(q.body)).toContain('Code de règle « NOPE » inconnu');
    expect(q.body).not.toContain('Offres en échec sur NOPE');
    expect((await g84.get('/gestion/qualite?code=FORM_DUREE')).statusCode).toBe(200);

    const e = await orga.get('/espace?statut=bogus');
    expect(e.statusCode).toBe(400);
    expect(texte(e.body)).toContain('Statut « bogus » inconnu');
    expect((await orga.get('/espace?statut=brouillon')).statusCode).toBe(200);
  });
});
