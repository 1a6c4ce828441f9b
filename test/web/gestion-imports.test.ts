import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { SIREN_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { exportClasseur, loadOffre, NOW, OFFRE, ouvrir } from '../classeur/classeur.helpers.ts';
import { attendre, classeurTitre, envoyer, texte } from './imports.helpers.ts';

// /gestion/imports: a gestionnaire imports the campaign workbook an organisme returned to it —
// upload, preview row by row, « Appliquer », annotated workbook — with the organisme's own pages
// (imports.routes.ts, one plugin per space). It sees the imports it sent, no one else's; the
// organisme then sees the applied import in its list, named after the gestionnaire (as an import
// a gestionnaire makes through the API: a fresh user's report, it read « API » / « clé d’API »).
// Every boundary is tried: other roles (403), another gestionnaire (of another région or of the
// same), the organisme's own jobs, the organisme opening the gestionnaire's job (404).

let t: TestWeb;
let ids: string[];
let g: Navigateur; // gestionnaire of Auvergne-Rhône-Alpes (84): Lyon, where OFFRE's places are
let g53: Navigateur; // gestionnaire of Bretagne
let collegue: Navigateur; // another gestionnaire of 84
let a: Navigateur; // the organisme
let admin: Navigateur;
let instructeur: Navigateur;
const GESTION = { base: '/gestion/imports' };
const PAR = 'Inès Martin (ines@carif-ara.test), gestionnaire de la région Auvergne-Rhône-Alpes';

const intitule = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('intitule').where('id', '=', id).executeTakeFirstOrThrow())
    .intitule;

/** The organisme's workbook of the 2027 campaign with `id`'s title changed (red, as Excel users mark it). */
const classeur = async (id: string, titre: string) =>
  (await classeurTitre(t.ctx, id, titre, { rouge: true, dates: ['07/09/2027', '30/06/2029'] })).buffer;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  ids = await loadOffre(t, 2);
  g = await connecte(
    t,
    { email: 'ines@carif-ara.test', role: 'gestionnaire', region: '84', nom: 'Inès Martin' },
    '10.8.3.1',
  );
  g53 = await connecte(
    t,
    { email: 'gestion@carif-bretagne.test', role: 'gestionnaire', region: '53' },
    '10.8.3.2',
  );
  collegue = await connecte(
    t,
    { email: 'paul@carif-ara.test', role: 'gestionnaire', region: '84' },
    '10.8.3.3',
  );
  a = await connecte(t, { email: 'imports@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.8.3.4');
  admin = await connecte(t, { email: 'admin@offre.test', role: 'admin' }, '10.8.3.5');
  instructeur = await connecte(
    t,
    { email: 'instruction@ac-lyon.test', role: 'instructeur', academie: '10' },
    '10.8.3.6',
  );
});
afterAll(() => t?.close());

describe('the gestionnaire’s Imports page', () => {
  it('is for signed-in gestionnaires and administrators only, linked from their navigation', async () => {
    const anonyme = new Navigateur(t.app, '10.8.3.9');
    const r = await anonyme.get('/gestion/imports');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/connexion?retour=%2Fgestion%2Fimports');
    for (const nav of [a, instructeur]) {
      const refus = await nav.get('/gestion/imports');
      expect(refus.statusCode).toBe(403);
      expect(texte(refus.body)).toContain('Cette page est réservée à un autre profil que le vôtre.');
      expect((await envoyer(nav, 'classeur', 'c.xlsx', Buffer.from('PK\x03\x04'), GESTION)).statusCode).toBe(
        403,
      );
    }
    const page = await g.get('/gestion/imports');
    expect(page.statusCode).toBe(200);
    const p = texte(page.body);
    expect(p).toContain('Imports de classeurs');
    expect(p).toContain('Aucun import pour l’instant.');
    expect(page.body).toContain('<a class="fr-tag" href="/gestion/imports" aria-current="page">');
    expect((await g.get('/gestion')).body).toContain('href="/gestion/imports"');
    expect((await g.get('/gestion/campagnes')).body).toContain('href="/gestion/imports"');
    // An administrator is a gestionnaire of every région (a fresh user was refused this page only).
    expect((await admin.get('/gestion/campagnes')).body).toContain('href="/gestion/imports"');
    const pageAdmin = await admin.get('/gestion/imports');
    expect(pageAdmin.statusCode).toBe(200);
    expect(texte(pageAdmin.body)).toContain(
      'Administrateur, vous importez les lignes de toutes les régions.',
    );
    // A gestionnaire sends workbooks here, not LHEO files.
    const lheo = await envoyer(g, 'lheo', 'offre.xml', Buffer.from('<lheo/>'), GESTION);
    expect(lheo.statusCode).toBe(404);
  });

  let job: string;
  it('previews the returned workbook row by row, writing nothing', async () => {
    const post = await envoyer(
      g,
      'classeur',
      'retour-cfa.xlsx',
      await classeur(ids[0]!, 'BTS MCO (retour du CFA)'),
      GESTION,
    );
    expect(post.statusCode).toBe(303);
    job = post.headers.location as string;
    expect(job).toMatch(/^\/gestion\/imports\/imp_/);
    const p = texte((await attendre(g, job)).body);
    expect(p).toContain('Aperçu : rien n’est encore enregistré');
    expect(p).toMatch(
      /BTS MCO \(retour du CFA\) \S+ Modifiée Session ajoutée \(lieu : Lyon, du 7 septembre 2027 au 30 juin 2029\) à la formation « BTS MCO \(retour du CFA\) » ; ses autres sessions ne changent pas\. Colonnes modifiées : Intitulé/,
    );
    expect(p).toContain('Appliquer l’import');
    // Leaving does not discard the preview: said so (a fresh user read « Abandonner » that way).
    expect(p).toContain('Revenir aux imports sans appliquer');
    expect(p).not.toMatch(/\bAbandonner\b/);
    expect(await intitule(ids[0]!)).not.toBe('BTS MCO (retour du CFA)');
    const liste = texte((await g.get('/gestion/imports')).body);
    expect(liste).toContain('retour-cfa.xlsx');
    // Not the organisme's: neither its list nor its page shows a preview it did not make.
    expect(texte((await a.get('/espace/imports')).body)).not.toContain('retour-cfa.xlsx');
  });

  it('refuses the job to anyone else: another région’s gestionnaire, a colleague, the organisme', async () => {
    const id = job.split('/').pop()!;
    for (const nav of [g53, collegue]) {
      expect((await nav.get(job)).statusCode).toBe(404);
      expect((await nav.get(`${job}/classeur-annote.xlsx`)).statusCode).toBe(404);
      expect((await nav.get(`${job}/fichier`)).statusCode).toBe(404);
      expect((await nav.post(`${job}/appliquer`, {})).statusCode).toBe(404);
      expect(texte((await nav.get('/gestion/imports')).body)).not.toContain('retour-cfa.xlsx');
    }
    const croise = await a.get(`/espace/imports/${id}`);
    expect(croise.statusCode).toBe(404);
    expect((await a.get(`/espace/imports/${id}/fichier`)).statusCode).toBe(404);
    expect((await a.post(`/espace/imports/${id}/appliquer`, {})).statusCode).toBe(404);
    expect((await a.get(job)).statusCode).toBe(403);
  });

  it('applies it, gives the annotated workbook, and the organisme sees who imported', async () => {
    const r = await g.post(`${job}/appliquer`, {});
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe(`${job}?info=application`);
    const fin = texte((await attendre(g, r.headers.location as string)).body);
    expect(fin).toContain('Import appliqué');
    expect(await intitule(ids[0]!)).toBe('BTS MCO (retour du CFA)');
    const annote = await g.get(`${job}/classeur-annote.xlsx`);
    expect(annote.statusCode).toBe(200);
    expect(annote.headers['content-type']).toMatch(/spreadsheetml/);
    expect(annote.headers['cache-control']).toBe('private, no-store');
    expect(annote.headers['content-disposition']).toContain('retour-cfa.annote.xlsx');
    expect((await g.get(`${job}/fichier`)).statusCode).toBe(200);
    // Once applied, the organisme's list names the gestionnaire, and its detail its rows.
    const liste = texte((await a.get('/espace/imports')).body);
    expect(liste).toContain(
      `retour-cfa.xlsx Classeur de campagne Page des gestionnaires, par ${PAR} Appliqué`,
    );
    const trace = await t.ctx.db
      .selectFrom('import_tache')
      .select(['id', 'origine', 'utilisateur_id'])
      .where('siren', '=', SIREN_A)
      .where('fichier_nom', '=', 'retour-cfa.xlsx')
      .executeTakeFirstOrThrow();
    const detail = texte((await a.get(`/espace/imports/${trace.id}`)).body);
    expect(detail).toContain(`Cet import a été fait depuis la page Imports des gestionnaires, par ${PAR}.`);
    expect(detail).toContain('BTS MCO (retour du CFA)');
    // The organisme's row is the organisme's: the gestionnaire's pages do not open it.
    expect((await g.get(`/gestion/imports/${trace.id}`)).statusCode).toBe(404);
  });

  it('does not open an organisme’s own import; lists its own imports newest first', async () => {
    const propre = await envoyer(
      a,
      'classeur',
      'envoi-du-cfa.xlsx',
      await classeur(ids[1]!, 'CAP Cuisine (CFA)'),
    );
    const idCfa = (propre.headers.location as string).split('/').pop()!;
    await attendre(a, propre.headers.location as string);
    expect((await g.get(`/gestion/imports/${idCfa}`)).statusCode).toBe(404);
    expect((await g.get(`/gestion/imports/${idCfa}/classeur-annote.xlsx`)).statusCode).toBe(404);
    expect((await g.post(`/gestion/imports/${idCfa}/appliquer`, {})).statusCode).toBe(404);
    const second = await envoyer(
      g,
      'classeur',
      'second-retour.xlsx',
      await classeur(ids[1]!, 'CAP Cuisine (retour)'),
      GESTION,
    );
    await attendre(g, second.headers.location as string);
    const liste = texte((await g.get('/gestion/imports')).body);
    expect(liste).not.toContain('envoi-du-cfa.xlsx');
    expect(liste.indexOf('second-retour.xlsx')).toBeGreaterThan(-1);
    expect(liste.indexOf('second-retour.xlsx')).toBeLessThan(liste.indexOf('retour-cfa.xlsx'));
    // Its own imports: « Page », without its own name.
    expect(liste).toMatch(/retour-cfa\.xlsx \(\d+ Ko\) Classeur de campagne Page Appliqué/);
  });
});

describe('an administrator on /gestion/imports', () => {
  it('previews and applies a workbook for an organisme; no gestionnaire opens its job, nor it theirs', async () => {
    const post = await envoyer(
      admin,
      'classeur',
      'par-admin.xlsx',
      await classeur(ids[1]!, 'CAP Cuisine (par l’administrateur)'),
      GESTION,
    );
    expect(post.statusCode).toBe(303);
    const job = post.headers.location as string;
    expect(job).toMatch(/^\/gestion\/imports\/imp_/);
    expect(texte((await attendre(admin, job)).body)).toMatch(
      /CAP Cuisine \(par l’administrateur\) \S+ Modifiée Colonnes modifiées : Intitulé/,
    );
    for (const nav of [g, g53]) {
      expect((await nav.get(job)).statusCode).toBe(404);
      expect((await nav.post(`${job}/appliquer`, {})).statusCode).toBe(404);
      expect(texte((await nav.get('/gestion/imports')).body)).not.toContain('par-admin.xlsx');
    }
    for (const nav of [a, instructeur]) expect((await nav.get(job)).statusCode).toBe(403);
    const autre = (await g.get('/gestion/imports')).body.match(/\/gestion\/imports\/(imp_\w+)/)?.[1];
    expect(autre).toBeDefined();
    expect((await admin.get(`/gestion/imports/${autre}`)).statusCode).toBe(404);
    const r = await admin.post(`${job}/appliquer`, {});
    expect(r.statusCode).toBe(303);
    expect(texte((await attendre(admin, r.headers.location as string)).body)).toContain('Import appliqué');
    expect(await intitule(ids[1]!)).toBe('CAP Cuisine (par l’administrateur)');
  });
});

describe('an import a gestionnaire makes through the API (session)', () => {
  it('is named after the gestionnaire in the organisme’s list and detail, not « clé d’API »', async () => {
    const form = new FormData();
    form.append(
      'fichier',
      new Blob([new Uint8Array(await classeur(ids[0]!, 'BTS MCO (par l’API)'))]),
      'api-retour.xlsx',
    );
    const req = new Request('http://offre.test/', { method: 'POST', body: form });
    await g.get('/gestion');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur',
      remoteAddress: g.ip,
      headers: {
        cookie: [...g.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': g.csrf!,
        'content-type': req.headers.get('content-type')!,
      },
      payload: Buffer.from(await req.arrayBuffer()),
    });
    expect(r.statusCode).toBe(200);
    const liste = texte((await a.get('/espace/imports')).body);
    expect(liste).toContain(`api-retour.xlsx Classeur de campagne API, par ${PAR} Appliqué`);
    const row = await t.ctx.db
      .selectFrom('import_tache')
      .select('id')
      .where('siren', '=', SIREN_A)
      .where('fichier_nom', '=', 'api-retour.xlsx')
      .executeTakeFirstOrThrow();
    const detail = texte((await a.get(`/espace/imports/${row.id}`)).body);
    expect(detail).toContain(`Cet import a été fait par l’API (/api/v1/imports), par ${PAR}.`);
    expect(detail).not.toContain('clé d’API');
  });
});

describe('a gestionnaire of another région uploading an organisme’s workbook', () => {
  // A fresh tester (05/12/2026): the preview echoed, row by row, what the organisme changed in
  // Offre since the export (« inchangé dans le classeur, modifié dans Offre … (« … ») »), though
  // that gestionnaire may not read those offers (403 on their review page).
  it('previews it, page and API, without anything of Offre’s content he may not read', async () => {
    const SECRET = 'Intitulé confidentiel du CFA';
    const original = await exportClasseur({ ctx: t.ctx });
    await t.ctx.db
      .transaction()
      .execute((trx) =>
        saveFormationTx(trx, SYSTEME('test'), { ...OFFRE[1]!, intitule: SECRET }, { id: ids[1]!, now: NOW }),
      );
    const post = await envoyer(g53, 'classeur', 'original-cfa.xlsx', original, GESTION);
    expect(post.statusCode).toBe(303);
    const page = texte((await attendre(g53, post.headers.location as string)).body);
    expect(page).toContain('Aperçu : rien n’est encore enregistré');
    expect(page).not.toContain(SECRET);
    const annote = await g53.get(`${post.headers.location as string}/classeur-annote.xlsx`);
    expect(annote.statusCode).toBe(200);
    const wb = await ouvrir(annote.rawPayload);
    const cellules: string[] = [];
    wb.getWorksheet('Offre')!.eachRow((row) => {
      cellules.push(...(row.values as unknown[]).map((v) => String(v ?? '')));
    });
    expect(cellules.join(' ')).not.toContain(SECRET);
    // The API with his session: the same report.
    const form = new FormData();
    form.append('fichier', new Blob([new Uint8Array(original)]), 'original-cfa.xlsx');
    const req = new Request('http://offre.test/', { method: 'POST', body: form });
    await g53.get('/gestion');
    const r = await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur?dry_run=true',
      remoteAddress: g53.ip,
      headers: {
        cookie: [...g53.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': g53.csrf!,
        'content-type': req.headers.get('content-type')!,
      },
      payload: Buffer.from(await req.arrayBuffer()),
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.body).not.toContain(SECRET);
    // His own région's gestionnaire still reads it.
    const ici = await envoyer(g, 'classeur', 'original-cfa.xlsx', original, GESTION);
    expect(texte((await attendre(g, ici.headers.location as string)).body)).toContain(SECRET);
  });
});
