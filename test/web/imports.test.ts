import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { pluriel } from '../../src/domain/pluriel.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { countRows, formationFixture, SIREN_A, SIREN_B, SIRET_A, SIRET_B } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import {
  compter,
  enBuffer,
  exportClasseur,
  NOW,
  OFFRE,
  ouvrir,
  peindre,
} from '../classeur/classeur.helpers.ts';
import { attendre, COL, envoyer, ligneDe, texte } from './imports.helpers.ts';

// The Imports tab (/espace/imports) over HTTP: download, upload, preview, apply, the annotated
// workbook; one SIREN never touches another's offers or imports; bad files get a French message
// and leave nothing behind.

let t: TestWeb;
let idsA: string[];
let idB: string;
let a: Navigateur;
let b: Navigateur;
const RED = { font: { color: { argb: 'FFFF0000' } } };
/** Gives every row of the sheet its dates of the 2027 campaign (mandatory on a row that is not closed). */
const dater = (ws: import('exceljs').Worksheet) => {
  for (let r = 2; r <= ws.rowCount; r++) {
    ws.getRow(r).getCell(COL.debut!).value = '07/09/2027';
    ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
  }
};
const lheo = (nom: string) => readFileSync(new URL(`../fixtures/lheo/${nom}`, import.meta.url));

const intitule = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('intitule').where('id', '=', id).executeTakeFirstOrThrow())
    .intitule;
const taches = () => countRows(t.ctx, 'import_tache');
const formations = () => countRows(t.ctx, 'formation');

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await t.ctx.db.transaction().execute(async (trx) => {
    idsA = [];
    for (const f of OFFRE.slice(0, 2))
      idsA.push((await saveFormationTx(trx, SYSTEME('test'), f, { now: NOW })).id);
    idB = (
      await saveFormationTx(
        trx,
        SYSTEME('test'),
        formationFixture({ cle_externe: 'B1', intitule: 'Formation de B', siret: SIRET_B }),
        { now: NOW },
      )
    ).id;
  });
  const ua = await compte(t, { email: 'imports@cfa-a.test', role: 'organisme', siren: SIREN_A });
  const ub = await compte(t, { email: 'imports@cfa-b.test', role: 'organisme', siren: SIREN_B });
  a = new Navigateur(t.app, '10.8.0.1');
  b = new Navigateur(t.app, '10.8.0.2');
  await a.seConnecter(ua.email, ua.motDePasse);
  await b.seConnecter(ub.email, ub.motDePasse);
});
afterAll(() => t?.close());

describe('the Imports page', () => {
  it('is for signed-in organisme users only', async () => {
    const anonyme = new Navigateur(t.app, '10.8.0.9');
    const r = await anonyme.get('/espace/imports');
    expect(r.statusCode).toBe(303);
    expect(r.headers.location).toBe('/connexion?retour=%2Fespace%2Fimports');
    const g = await compte(t, { email: 'g@carif.test', role: 'gestionnaire', region: '84' });
    const nav = new Navigateur(t.app, '10.8.0.10');
    await nav.seConnecter(g.email, g.motDePasse);
    expect((await nav.get('/espace/imports')).statusCode).toBe(403);
    expect((await envoyer(nav, 'classeur', 'c.xlsx', Buffer.from('PK\x03\x04'))).statusCode).toBe(403);
  });

  it('offers the workbook of the user’s own establishments only', async () => {
    const page = await a.get('/espace/imports');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${SIRET_A}"`);
    expect(page.body).not.toContain(SIRET_B);
    expect(texte(page.body)).toContain('Campagne en cours : Rentrée 2027');
    const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=2027`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toMatch(/spreadsheetml/);
    expect(x.headers['cache-control']).toBe('private, no-store');
    const ws = (await ouvrir(x.rawPayload)).getWorksheet('Offre')!;
    expect(ligneDe(ws, idsA[0]!)).toBeGreaterThan(1);
    const autre = await a.get(`/espace/imports/classeur?siret=${SIRET_B}&campagne=2027`);
    expect(autre.statusCode).toBe(403);
    expect(texte(autre.body)).toContain('réservé à son SIREN');
  });
});

describe('a campaign workbook', () => {
  let url: string;
  // A fresh user's report: the workbook downloaded from this page and sent back untouched failed
  // CLASSEUR_DATE_MANQUANTE on each row of a place without a 2027 session (its two dates empty).
  it('downloaded and sent back untouched: every row « inchangée », no error, nothing written', async () => {
    const x = await a.get(`/espace/imports/classeur?siret=${SIRET_A}&campagne=2027`);
    expect(x.statusCode).toBe(200);
    const ws = (await ouvrir(x.rawPayload)).getWorksheet('Offre')!;
    const n = ws.actualRowCount - 1;
    expect(ws.getRow(2).getCell(COL.debut!).value).toBeNull();
    const avant = await compter(t as never);
    const post = await envoyer(a, 'classeur', 'offre-inchange.xlsx', x.rawPayload);
    const job = post.headers.location as string;
    expect(texte((await attendre(a, job)).body)).toContain(
      `0 nouvelle, 0 modifiée, 0 fermée, ${pluriel(n, 'inchangée', 'inchangées')}, 0 en erreur`,
    );
    expect((await a.post(`${job}/appliquer`, {})).statusCode).toBe(303);
    const fin = texte((await attendre(a, job)).body);
    expect(fin).toContain('Import appliqué');
    expect(fin).toContain(
      `0 nouvelle, 0 modifiée, 0 fermée, ${pluriel(n, 'inchangée', 'inchangées')}, 0 en erreur`,
    );
    expect(await compter(t as never)).toEqual(avant);
  });

  it('is previewed row by row without storing anything, then applied', async () => {
    const wb = await ouvrir(await exportClasseur({ ctx: t.ctx } as never));
    const ws = wb.getWorksheet('Offre')!;
    dater(ws);
    const r = ligneDe(ws, idsA[0]!);
    ws.getRow(r).getCell(COL.intitule!).value = 'BTS MCO (apprentissage)';
    peindre(ws.getRow(r).getCell(COL.intitule!), RED);
    const r2 = ligneDe(ws, idsA[1]!);
    ws.getRow(r2).getCell(COL.capacite!).value = 'douze';
    peindre(ws.getRow(r2).getCell(COL.capacite!), RED);
    const avant = await intitule(idsA[0]!);

    const post = await envoyer(a, 'classeur', 'offre-rentree-2027.xlsx', await enBuffer(wb));
    expect(post.statusCode).toBe(303);
    url = post.headers.location as string;
    expect(url).toMatch(/^\/espace\/imports\/imp_/);
    const apercu = await attendre(a, url);
    const p = texte(apercu.body);
    expect(p).toContain('Aperçu : rien n’est encore enregistré');
    expect(p).toContain('0 nouvelle, 1 modifiée, 0 fermée, 0 inchangée, 1 en erreur');
    // Each row named by its formation's title, then its reference and result.
    expect(p).toContain('Feuille, ligne Formation Référence Résultat Détail');
    expect(p).toMatch(
      new RegExp(
        // Its 2027 dates, typed into a place without a session of 2027, add that session: said as such.
        `Offre, ligne ${r} BTS MCO \\(apprentissage\\) ${idsA[0]}/\\S+ Modifiée Session ajoutée \\(lieu : Lyon, du 7 septembre 2027 au 30 juin 2029\\) à la formation « BTS MCO \\(apprentissage\\) » ; ses autres sessions ne changent pas\\. Colonnes modifiées : Intitulé`,
      ),
    );
    expect(p).toMatch(
      new RegExp(
        `Offre, ligne ${r2} ${OFFRE[1]!.intitule} ${idsA[1]}/\\S+ Erreur Ligne ${r2}, colonne « Capacité »`,
      ),
    );
    expect(await intitule(idsA[0]!)).toBe(avant);

    const annote = await a.get(`${url}/classeur-annote.xlsx`);
    expect(annote.statusCode).toBe(200);
    const feuille = (await ouvrir(annote.rawPayload)).getWorksheet('Offre')!;
    const entetes = (feuille.getRow(1).values as unknown[]).map(String);
    const colErreurs = entetes.indexOf('Erreurs');
    expect(colErreurs).toBeGreaterThan(0);
    expect(String(feuille.getRow(r2).getCell(colErreurs).value)).toContain('Capacité');

    await a.get(url);
    const applique = await a.post(`${url}/appliquer`, {});
    expect(applique.statusCode).toBe(303);
    const fin = texte((await attendre(a, url)).body);
    expect(fin).toContain('Import appliqué');
    // The page "Appliquer" leads to, once applied, no longer says the import is running.
    const annonce = texte((await a.get(String(applique.headers.location))).body);
    expect(annonce).toContain('Appliqué');
    expect(annonce).not.toContain('l’import est en cours');
    expect(await intitule(idsA[0]!)).toBe('BTS MCO (apprentissage)');
    // Applying twice is refused, and the list shows the import with its result.
    expect((await a.post(`${url}/appliquer`, {})).statusCode).toBe(409);
    const liste = texte((await a.get('/espace/imports')).body);
    expect(liste).toContain('offre-rentree-2027.xlsx');
    expect(liste).toContain('Appliqué');
  });

  it('never touches another SIREN’s offer, even with its reference forged in a row', async () => {
    const wb = await ouvrir(await exportClasseur({ ctx: t.ctx } as never));
    const ws = wb.getWorksheet('Offre')!;
    dater(ws);
    const r = ligneDe(ws, idsA[1]!);
    ws.getRow(r).getCell(COL.reference!).value = idB;
    ws.getRow(r).getCell(COL.intitule!).value = 'Détournée par A';
    peindre(ws.getRow(r).getCell(COL.intitule!), RED);
    // And a new (blue) row declaring B as responsable.
    const n = ws.rowCount + 1;
    const nouvelle: Record<string, unknown> = {
      intitule: 'Nouvelle formation au nom de B',
      objectif: 'Apprendre.',
      rncp: 'RNCP37098',
      siretResponsable: SIRET_B,
      siretFormateur: SIRET_B,
      adresse: '5 place Bellecour',
      codePostal: '69002',
      commune: 'Lyon',
      duree: 1,
      annees: '1',
      contratPro: 'non',
      formationContinue: 'non',
      capacite: 10,
      contactNom: 'Lou Bernard',
      contactTelephone: '04 72 00 00 00',
      debut: '07/09/2027',
      fin: '30/06/2028',
    };
    for (const [cle, v] of Object.entries(nouvelle)) {
      ws.getRow(n).getCell(COL[cle]!).value = v as never;
      peindre(ws.getRow(n).getCell(COL[cle]!), { font: { color: { argb: 'FF0070C0' } } });
    }
    const post = await envoyer(a, 'classeur', 'forge.xlsx', await enBuffer(wb));
    const job = post.headers.location as string;
    const p = texte((await attendre(a, job)).body);
    expect(p).toMatch(/ 0 fermée, \d inchangées?, 2 en erreur/);
    expect(p).toContain(
      `Offre, ligne ${n} Nouvelle formation au nom de B — Erreur Ligne ${n}, colonne « SIRET responsable » : votre accès ne couvre pas le SIREN ${SIREN_B}. Code de l’erreur : CLASSEUR_ACCES`,
    );
    // The last row of the table (its « Règles bloquantes » cell, « — », when the preview has that column).
    expect(p).toMatch(/Code de l’erreur : CLASSEUR_ACCES (?:— )?Retour aux imports/);
    expect(p).toContain(
      `Offre, ligne ${r} Détournée par A ${idB} Erreur Ligne ${r}, colonne « Référence formation » : aucune formation « ${idB} » dans l’offre de cet organisme`,
    );
    await a.get(job);
    await a.post(`${job}/appliquer`, {});
    await attendre(a, job);
    expect(await intitule(idB)).toBe('Formation de B');
    expect(
      await t.ctx.db.selectFrom('formation').select('id').where('siren_proprietaire', '=', SIREN_B).execute(),
    ).toEqual([{ id: idB }]);
    // B cannot see, apply or download A's imports (404, as for an unknown one).
    for (const u of [job, `${job}/classeur-annote.xlsx`, `${job}/fichier`])
      expect((await b.get(u)).statusCode).toBe(404);
    await b.get('/espace/imports');
    expect((await b.post(`${url}/appliquer`, {})).statusCode).toBe(404);
    expect(texte((await b.get('/espace/imports')).body)).not.toContain('forge.xlsx');
  });
});

describe('an LHEO file', () => {
  it('creates the user’s own formation and rejects those of other SIRENs', async () => {
    const n = await formations();
    const post = await envoyer(a, 'lheo', 'offre-2.3.xml', lheo('offre-2.3.xml'));
    const job = post.headers.location as string;
    const p = texte((await attendre(a, job)).body);
    expect(p).toContain('1 créée, 0 mise à jour, 0 inchangée, 2 rejetées');
    expect(p).toContain(
      '118 F-CAP-CUISINE formation[2]/organisme-formation-responsable ACCES_REFUSE Formation n° 2 (ligne 118) : Votre accès est limité au SIREN 130025265 : le responsable indiqué (SIREN 552100554) n’en fait pas partie.',
    );
    expect(await formations()).toBe(n);
    await a.get(job);
    await a.post(`${job}/appliquer`, {});
    expect(texte((await attendre(a, job)).body)).toContain('Import appliqué');
    expect(await formations()).toBe(n + 1);
    const cles = await t.ctx.db
      .selectFrom('formation')
      .select(['cle_externe', 'siren_proprietaire'])
      .execute();
    expect(cles.filter((c) => c.cle_externe?.startsWith('F-'))).toEqual([
      { cle_externe: 'F-BTS-MCO', siren_proprietaire: SIREN_A },
    ]);
  });
});

describe('bad files', () => {
  it('refuses on the form, in French, and stores nothing', async () => {
    await a.get('/espace/imports');
    const avant = await taches();
    const cas: [string, string, Buffer, number, RegExp][] = [
      ['classeur', 'vide.xlsx', Buffer.alloc(0), 400, /Le fichier « vide\.xlsx » est vide\./],
      [
        'classeur',
        'notes.txt',
        Buffer.from('bonjour'),
        400,
        /« notes\.txt » n’est pas un classeur Excel \(\.xlsx\)/,
      ],
      [
        'classeur',
        'ancien.xls',
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]),
        400,
        /ancien format Excel \(\.xls\)/,
      ],
      [
        'lheo',
        'classeur.xlsx',
        Buffer.from('PK\x03\x04abc'),
        422,
        /« classeur\.xlsx » est une archive zip \(un classeur Excel \.xlsx \?\), pas un fichier LHEO/,
      ],
      [
        'classeur',
        'enorme.xlsx',
        Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(20 * 1024 * 1024)]),
        413,
        /« enorme\.xlsx » dépasse 20 Mo/,
      ],
    ];
    for (const [format, nom, contenu, status, message] of cas) {
      const r = await envoyer(a, format, nom, contenu);
      expect(r.statusCode, nom).toBe(status);
      expect(texte(r.body), nom).toMatch(message);
      expect(r.body, nom).toContain(`id="fichier-${format}-erreur"`);
    }
    const sansFichier = await envoyer(a, 'classeur', 'x.xlsx', Buffer.from('PK'), { champ: 'autre' });
    expect(texte(sansFichier.body)).toContain('Choisissez un fichier à envoyer.');
    expect((await envoyer(a, 'csv', 'x.csv', Buffer.from('a;b'))).statusCode).toBe(404);
    expect(await taches()).toBe(avant);
  });
});

describe('the upload forms’ CSRF token', () => {
  it('travels in the body, before the file, never in the form’s action', async () => {
    const page = await a.get('/espace/imports');
    const formulaires = [
      ...page.body.matchAll(
        /<form method="post" action="([^"]*)" enctype="multipart\/form-data"[^>]*>([\s\S]*?)<\/form>/g,
      ),
    ];
    expect(formulaires.map((f) => f[1])).toEqual(['/espace/imports/classeur', '/espace/imports/lheo']);
    for (const [, , corps] of formulaires) {
      expect(corps!.indexOf('name="_csrf"')).toBeGreaterThan(-1);
      expect(corps!.indexOf('name="_csrf"')).toBeLessThan(corps!.indexOf('type="file"'));
    }
    expect(page.body).not.toContain('?_csrf=');
  });

  it('refuses a forged upload (no token, a bad one, one in the URL) with the French 403 page, before reading the file; nothing stored', async () => {
    await a.get('/espace/imports');
    const avant = await taches();
    const xlsx = await exportClasseur({ ctx: t.ctx } as never);
    // Over the size limit too: refused as forged (403), not as too large (413): the file is not read.
    const enorme = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(21 * 1024 * 1024)]);
    const cas: [string, Parameters<typeof envoyer>[4]][] = [
      ['sans jeton', { csrf: null }],
      ['jeton faux', { csrf: 'faux-jeton' }],
      ['jeton dans l’adresse (l’ancienne façon)', { csrfDansUrl: true }],
    ];
    for (const [nom, opts] of cas)
      for (const contenu of [xlsx, enorme]) {
        const r = await envoyer(a, 'classeur', 'offre.xlsx', contenu, opts);
        expect(r.statusCode, nom).toBe(403);
        expect(r.headers['content-type'], nom).toMatch(/^text\/html/);
        expect(texte(r.body), nom).toContain('Ce formulaire a expiré ou ne vient pas de ce site');
      }
    expect(await taches()).toBe(avant);
    // The same file with the token in the body goes through.
    const ok = await envoyer(a, 'classeur', 'offre.xlsx', xlsx);
    expect(ok.statusCode).toBe(303);
    expect(await taches()).toBe(avant + 1);
  });

  it('shows why a file could not be read, and changes no offer', async () => {
    const n = await formations();
    const cas: [string, string, Buffer, RegExp][] = [
      ['classeur', 'casse.xlsx', Buffer.from('PK\x03\x04 pas une archive'), /« casse\.xlsx »/],
      [
        'lheo',
        'tronque.xml',
        Buffer.from('<?xml version="1.0"?><lheo xmlns="http://lheo.gouv.fr/2.3"><offres><formation'),
        /tronque\.xml/,
      ],
      ['lheo', 'xxe.xml', lheo('xxe.xml'), /xxe\.xml/],
      // Latin-1 accents in a file that declares no encoding (issue 15, defect 14): refused, not read as U+FFFD.
      [
        'lheo',
        'latin1.xml',
        lheo('offre-2.2.xml').subarray(lheo('offre-2.2.xml').indexOf('?>') + 2),
        /latin1\.xml », ligne 7 : octets invalides pour l’encodage UTF-8/,
      ],
      // UTF-8 bytes under an ISO-8859-1 declaration: refused, not stored as « Ã© ».
      [
        'lheo',
        'declare-latin1.xml',
        Buffer.from(
          lheo('offre-2.3.xml').toString('utf8').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'),
        ),
        /declare-latin1\.xml », ligne 8 : le fichier déclare l’encodage ISO-8859-1, mais ses octets sont de l’UTF-8/,
      ], // A bare « & » (a fresh user's report, 03/12): French all through, with its line and column.
      [
        'lheo',
        'esperluette.xml',
        Buffer.from(
          lheo('offre-2.3.xml')
            .toString('utf8')
            .replace(/<intitule-formation>/, '<intitule-formation>Boulanger & pâtissier ; '),
        ),
        /esperluette\.xml » : XML mal formé à la ligne \d+, colonne \d+ : caractère interdit dans un nom d’entité \(un « & » seul s’écrit &amp;\)/,
      ],
    ];
    for (const [format, nom, contenu, message] of cas) {
      const post = await envoyer(a, format, nom, contenu);
      expect(post.statusCode, nom).toBe(303);
      const r = await attendre(a, post.headers.location as string);
      expect(r.statusCode, nom).toBe(200);
      const p = texte(r.body);
      expect(p, nom).toContain('L’import n’a pas pu être fait');
      expect(p, nom).toMatch(message);
      // The refusal's stable code, as every error page says it (a fresh user's report, 06/12).
      expect(p, nom).toMatch(/Code de l’erreur : [A-Z][A-Z0-9_]+/);
      expect(p, nom).not.toMatch(/\b(?:entity|name|in)\b/);
      expect(r.body, nom).not.toContain('Appliquer l’import');
    }
    expect(await formations()).toBe(n);
  });
});

describe('a stored job', () => {
  const job = (
    over: { acteur: string; fichier: Buffer; etat: 'en_attente' | 'en_cours' } & Record<string, unknown>,
  ) => ({
    id: `imp_${Math.random().toString(36).slice(2)}`,
    siren: SIREN_A,
    utilisateur_id: null,
    format: 'lheo' as const,
    fichier_nom: 'national.xml',
    taille: 10,
    empreinte: 'x',
    etape: 'application' as const,
    created_at: NOW,
    updated_at: NOW,
    ...over,
  });

  it('shows its progress while it runs, with a link to refresh the page', async () => {
    const j = job({
      acteur: JSON.stringify({ kind: 'systeme', label: 'test' }),
      fichier: Buffer.from('<lheo/>'),
      etat: 'en_cours',
      format: 'classeur',
      progression: 120,
      total: 500,
    });
    await t.ctx.db.insertInto('import_tache').values(j).execute();
    const r = await a.get(`/espace/imports/${j.id}`);
    const p = texte(r.body);
    expect(p).toContain('L’import est en cours d’application');
    expect(p).toContain('120 lignes traitées sur 500.');
    expect(r.body).toMatch(/<progress id="progression" max="500" value="120">/);
    expect(r.body).toContain(`href="/espace/imports/${j.id}">Actualiser</a>`);
    expect(r.body).not.toContain('Appliquer l’import');
    expect((await a.post(`/espace/imports/${j.id}/appliquer`, {})).statusCode).toBe(409);
  });

  it('silent for long, is shown as interrupted (its server stopped), nothing applied', async () => {
    const j = job({
      acteur: JSON.stringify({ kind: 'systeme', label: 'test' }),
      fichier: Buffer.from('<lheo/>'),
      etat: 'en_cours',
      fichier_nom: 'arrete.xml',
      updated_at: new Date(NOW.getTime() - 16 * 60 * 1000),
    });
    await t.ctx.db.insertInto('import_tache').values(j).execute();
    const p = texte((await a.get(`/espace/imports/${j.id}`)).body);
    expect(p).toContain('L’import n’a pas pu être fait');
    expect(p).toContain('L’import a été interrompu (arrêt du serveur) avant sa fin');
    const liste = texte((await a.get('/espace/imports')).body);
    expect(liste.slice(liste.indexOf(j.fichier_nom)).slice(0, 300)).toContain('Échec');
    const appliquer = await a.post(`/espace/imports/${j.id}/appliquer`, {});
    expect([appliquer.statusCode, appliquer.body.includes('IMPORT_ECHOUE')]).toEqual([409, true]);
    // Said, not written: a page view needs no write (test/web/import-page-pendant-ecriture.test.ts).
    const row = await t.ctx.db
      .selectFrom('import_tache')
      .select('etat')
      .where('id', '=', j.id)
      .executeTakeFirstOrThrow();
    expect(row.etat).toBe('en_cours');
  });

  it('left waiting by a stopped server, starts when its page is opened', async () => {
    const ua = await t.ctx.db
      .selectFrom('utilisateur')
      .selectAll()
      .where('email', '=', 'imports@cfa-a.test')
      .executeTakeFirstOrThrow();
    const acteur = {
      kind: 'utilisateur',
      id: ua.id,
      email: ua.email,
      nom: ua.email,
      role: 'organisme',
      siren: SIREN_A,
      regions: [],
      academies: [],
    };
    const j = job({
      acteur: JSON.stringify(acteur),
      fichier: lheo('offre-2.3.xml'),
      etat: 'en_attente',
      etape: 'apercu',
    });
    await t.ctx.db.insertInto('import_tache').values(j).execute();
    const p = texte((await attendre(a, `/espace/imports/${j.id}`)).body);
    expect(p).toContain('Aperçu : rien n’est encore enregistré');
    expect(p).toContain('0 créée, 0 mise à jour, 1 inchangée, 2 rejetées');
  });
});
