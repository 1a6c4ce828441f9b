import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Acteur, SYSTEME } from '../../src/domain/acteur.ts';
import { loadDemo } from '../../src/services/demo.service.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import {
  TAILLE_MAX_REFERENTIEL,
  uploadReferentiel,
} from '../../src/services/gestion/referentiels.service.ts';
import { compte, Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { compterLignes } from '../helpers/lignes.ts';
import { fixture, tmp } from '../referentiels/helpers.ts';
import { texte } from './imports.helpers.ts';

// /gestion/referentiels over HTTP (issue 9 item 4, issue 15 defect 11): a gestionnaire uploads
// official files over the demo, reads the preview, applies (with the confirmation a large impact
// requires) or cancels; organisme and instructeur users are refused every page and form.

let t: TestWeb;
let gest: Navigateur;
let admin: Navigateur;
let orga: Navigateur;
let instr: Navigateur;
let region: string;

const DGEFP = fixture('organismes/liste-publique-of.csv');
const KIT = fixture('kit/kit-apprentissage-v3.0.csv');

/** Posts the upload form as a browser does (multipart: the CSRF token, `kind`, then the file). */
async function deposer(nav: Navigateur, kind: string, nom: string, contenu: Buffer, csrf = nav.csrf) {
  const form = new FormData();
  if (csrf) form.append('_csrf', csrf);
  form.append('kind', kind);
  form.append('fichier', new Blob([new Uint8Array(contenu)]), nom);
  const req = new Request('http://offre.test/', { method: 'POST', body: form });
  return nav.app.inject({
    method: 'POST',
    url: '/gestion/referentiels',
    remoteAddress: nav.ip,
    headers: {
      cookie: [...nav.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': req.headers.get('content-type')!,
    },
    payload: Buffer.from(await req.arrayBuffer()),
  });
}

const compter = (table: 'referentiel_depot' | 'ref_run') => compterLignes(t.ctx.db, table);
const nonReglementaires = async () =>
  (await t.ctx.db.selectFrom('formation').select('id').where('catalogue', '=', 'non_reglementaire').execute())
    .length;

beforeAll(async () => {
  t = await testWeb();
  await loadDemo(t.ctx, { formations: 40, seed: 42, chunk: 40 });
  const r = await t.ctx.db
    .selectFrom('session')
    .select(['code_region', (eb) => eb.fn.countAll().as('n')])
    .where('code_region', 'is not', null)
    .groupBy('code_region')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  region = r.code_region!;
  const comptes = await Promise.all([
    compte(t, { email: 'g@region.test', role: 'gestionnaire', region }),
    compte(t, { email: 'admin@offre.test', role: 'admin' }),
    compte(t, { email: 'cfa@a.test', role: 'organisme', siren: '130025265' }),
    compte(t, { email: 'i@academie.test', role: 'instructeur', academie: '10' }),
  ]);
  [gest, admin, orga, instr] = comptes.map((_, i) => new Navigateur(t.app, `10.30.0.${i + 1}`));
  for (const [i, nav] of [gest, admin, orga, instr].entries())
    await nav!.seConnecter(comptes[i]!.email, comptes[i]!.motDePasse);
}, 120_000);
afterAll(() => t.close());

describe('reference data page', () => {
  it('shows the loaded files (kind, file, dates, rows) and the upload form to a gestionnaire and an admin', async () => {
    for (const nav of [gest, admin]) {
      const page = await nav.get('/gestion/referentiels');
      expect(page.statusCode).toBe(200);
      const txt = texte(page.body);
      expect(txt).toContain('Fichiers chargés');
      expect(txt).toMatch(/Liste publique des organismes de formation \(DGEFP, Qualiopi\)/);
      expect(page.body).toContain('enctype="multipart/form-data"');
      // Dates in full (« 3 décembre 2026 à 22:14 »), never « 03/12/2026 ».
      expect(txt).toMatch(/(1er|\d\d?) [a-zéû]+ 20\d\d à \d\d:\d\d/);
      expect(txt).not.toMatch(/\d\d\/\d\d\/\d{4}/);
    }
  });

  // A fresh user's report (06/12): a regional gestionnaire's single checkbox applied an 11-row BCN
  // sample nationwide. A file a guard holds is applied by an administrator only; a gestionnaire
  // uploads and previews it, and is told who may apply it, with the stable code.
  it('refuses a gestionnaire the forced application of a held file (403, code, nothing changed)', async () => {
    const declares = () => compterLignes(t.ctx.db, 'organisme_declare');
    const avant = {
      nr: await nonReglementaires(),
      runs: await compter('ref_run'),
      declares: await declares(),
    };
    await gest.get('/gestion/referentiels');
    const envoi = await deposer(gest, 'lpof', 'liste-publique-of.csv', readFileSync(DGEFP));
    expect(envoi.statusCode, envoi.body).toBe(303);
    const url = envoi.headers.location as string;
    const apercu = texte((await gest.get(url)).body);
    expect(apercu).toContain('Application réservée aux administrateurs');
    expect(apercu).toContain('REFERENTIEL_ADMIN_REQUIS');
    expect(apercu).not.toContain('je confirme vouloir appliquer');
    expect(apercu).toContain('(votre région)');

    for (const corps of [{ confirmation: 'oui' }, {}] as Record<string, string>[]) {
      const refuse = await gest.post(`${url}/appliquer`, corps);
      expect(refuse.statusCode).toBe(403);
      const txt = texte(refuse.body);
      expect(txt).toMatch(/seul un administrateur de la plateforme peut l’appliquer/i);
      expect(txt).toContain('Code de l’erreur : REFERENTIEL_ADMIN_REQUIS');
      expect(await nonReglementaires()).toBe(avant.nr);
      expect(await compter('ref_run')).toBe(avant.runs);
      expect(await declares()).toBe(avant.declares);
      const d = await t.ctx.db
        .selectFrom('referentiel_depot')
        .select(['etat', 'erreur'])
        .where('id', '=', decodeURIComponent(url.split('/').pop()!))
        .executeTakeFirstOrThrow();
      expect(d.etat).toBe('apercu');
    }

    // Cancelled: the next test has an administrator apply the same file.
    expect((await gest.post(`${url}/annuler`, {})).statusCode).toBe(303);
  });

  it('previews the one-row DGEFP file: impact stated, an administrator applies it with the explicit confirmation', async () => {
    const avant = { nr: await nonReglementaires(), runs: await compter('ref_run') };
    await admin.get('/gestion/referentiels');
    const envoi = await deposer(admin, 'lpof', 'liste-publique-of.csv', readFileSync(DGEFP));
    expect(envoi.statusCode, envoi.body).toBe(303);
    const url = envoi.headers.location as string;
    const apercu = await admin.get(url);
    expect(apercu.statusCode).toBe(200);
    const txt = texte(apercu.body);
    expect(txt).toMatch(/Impact important sur les offres/);
    expect(txt).toMatch(/ferait passer [\d\u202f]+ offres? en Non réglementaire/);
    expect(txt).toMatch(/Organismes déclarés \(DGEFP, Qualiopi\) \d+ \d+ \d+/);
    expect(txt).toMatch(/… dont passage en Non réglementaire \d+/);
    expect(apercu.body).toMatch(/href="\/gestion\/formations\/[^"]+"/);
    expect(txt).toContain('Confirmation requise');
    // Held for both reasons the preview lists: the checkbox names both.
    expect(txt).toContain(
      'je confirme vouloir appliquer ces changements malgré leur impact sur les offres et la taille du fichier, bien plus petit que les données qu’il remplace.',
    );
    // nothing applied by the preview
    expect(await nonReglementaires()).toBe(avant.nr);
    expect(await compter('ref_run')).toBe(avant.runs);

    const sans = await admin.post(`${url}/appliquer`, {});
    expect(sans.statusCode).toBe(400);
    expect(texte(sans.body)).toMatch(/Confirmation : L’import .*Cochez la case de confirmation/);
    expect(await nonReglementaires()).toBe(avant.nr);
    expect(await compter('ref_run')).toBe(avant.runs);

    const avec = await admin.post(`${url}/appliquer`, { confirmation: 'oui' });
    expect(avec.statusCode).toBe(303);
    const fin = texte((await admin.get(avec.headers.location as string)).body);
    expect(fin).toMatch(/Appliqué/);
    expect(fin).toMatch(
      /par admin@offre\.test \(avec confirmation de l’impact et de la taille du fichier\) \(import n° \d+\)/,
    );
    expect(await nonReglementaires()).toBeGreaterThan(avant.nr);
    expect(await compter('ref_run')).toBe(avant.runs + 1);
    // decided once
    expect((await admin.post(`${url}/appliquer`, { confirmation: 'oui' })).statusCode).toBe(409);
  });

  it('previews a communes file older than the built-in list: the communes it kept named', async () => {
    const nom = 'communes-plus-recentes.csv';
    const envoi = await deposer(gest, 'communes', nom, readFileSync(fixture(`communes/${nom}`)));
    expect(envoi.statusCode, envoi.body).toBe(303);
    const txt = texte((await gest.get(envoi.headers.location as string)).body);
    expect(txt).toContain(
      'Communes gardées comme la liste intégrée, plus récente que le fichier, les connaît : 19248 Saint-Ybard → Les Trois-Saints,',
    );
    expect(txt).toContain('93059 Pierrefitte-sur-Seine → commune déléguée de Saint-Denis (93066)');
    await gest.post(`${envoi.headers.location as string}/annuler`, {});
  });

  it('previews a BCN file whose labels hold U+FFFD with a warning naming file, line and column', async () => {
    const contenu = Buffer.from(
      'FORMATION_DIPLOME;NIVEAU_FORMATION_DIPLOME;LIBELLE_COURT;LIBELLE_LONG_200;DATE_OUVERTURE;DATE_FERMETURE\n' +
        '13531364;135;MASTER;INFORMATIQUE;01/09/2014;01/01/1900\n' +
        '25022208;250;LIC PRO;CHIMIE : FORMULATION (LP ORL\uFFFDANS);01/09/2002;31/08/2099\n',
      'utf8',
    );
    const envoi = await deposer(gest, 'bcn', 'V_FORMATION_DIPLOME.csv', contenu);
    expect(envoi.statusCode, envoi.body).toBe(303);
    const txt = texte((await gest.get(envoi.headers.location as string)).body);
    expect(txt).toContain('Encodage du fichier douteux');
    expect(txt).toContain(
      'Caractère de remplacement « \uFFFD » dans 1 ligne du fichier (première : V_FORMATION_DIPLOME.csv, ligne 3, colonne LIBELLE_LONG_200)',
    );
    await gest.post(`${envoi.headers.location as string}/annuler`, {});
  });

  it('applies a kit file without confirmation when its impact is small; cancels another deposit', async () => {
    await admin.get('/gestion/referentiels');
    const envoi = await deposer(admin, 'kit', 'kit-apprentissage-v3.0.csv', readFileSync(KIT));
    expect(envoi.statusCode, envoi.body).toBe(303);
    const url = envoi.headers.location as string;
    const apercu = texte((await admin.get(url)).body);
    expect(apercu).toMatch(/Liens CFD ↔ RNCP/);
    // What each count is (LOW, 07/12), in the CLI's words (domain/referentiel.comptes.ts).
    expect(apercu).toContain('1 ligne ignorée : code RNCP « NR » (non renseigné) ou absent.');
    expect(apercu).toMatch(/Les \d+ lignes gardées donnent \d+ faits distincts \(Liens CFD ↔ RNCP : \d+\)/);
    expect(apercu).not.toContain('Confirmation requise');
    const r = await admin.post(`${url}/appliquer`, {});
    expect(r.statusCode).toBe(303);

    await gest.get('/gestion/referentiels');
    const autre = await deposer(
      gest,
      'lpof',
      'liste-publique-of-opendata.csv',
      readFileSync(fixture('organismes/liste-publique-of-opendata.csv')),
    );
    const url2 = autre.headers.location as string;
    await gest.get(url2);
    expect((await gest.post(`${url2}/annuler`, {})).statusCode).toBe(303);
    expect(texte((await gest.get('/gestion/referentiels')).body)).toMatch(
      /liste-publique-of-opendata\.csv .*Annulé/,
    );
    expect((await gest.post(`${url2}/appliquer`, { confirmation: 'oui' })).statusCode).toBe(409);
  });

  it('holds an ACCE extract for its size only, says so; a refusal at application redirects (PRG); the demo run leaves the list', async () => {
    const ACCE = readFileSync(fixture('organismes/ACCE_UAI.csv'));
    await gest.get('/gestion/referentiels');
    const envoi = await deposer(gest, 'acce', 'ACCE_UAI.csv', ACCE);
    expect(envoi.statusCode, envoi.body).toBe(303);
    const url = envoi.headers.location as string;
    const apercu = texte((await admin.get(url)).body);
    expect(apercu).toContain('Fichier bien plus petit que les données qu’il remplace');
    expect(apercu).not.toContain('Impact important sur les offres');
    expect(apercu).toContain(
      'je confirme vouloir appliquer ces changements malgré la taille du fichier, bien plus petit que les données qu’il remplace.',
    );
    expect(apercu).not.toContain('malgré leur impact');

    expect(texte((await gest.get(url)).body)).toContain('Application réservée aux administrateurs');

    // The data changed since a clean preview (simulated: the preview's alerts wiped), so the
    // guard holds the file only when applied: the refusal is stored, the browser sent back (303)
    // to the deposit's page, which shows it and now asks for the confirmation. A reload re-reads.
    const id = decodeURIComponent(url.split('/').pop()!);
    await t.ctx.db
      .updateTable('referentiel_depot')
      .set({ apercu: sql`jsonb_set(apercu, '{alertes}', '[]'::jsonb)` })
      .where('id', '=', id)
      .execute();
    expect(texte((await gest.get(url)).body)).not.toContain('Confirmation requise');
    const refuse = await gest.post(`${url}/appliquer`, {});
    expect(refuse.statusCode).toBe(303);
    expect(refuse.headers.location).toBe(url);
    const apres = texte((await gest.get(url)).body);
    expect(apres).toContain('La dernière tentative d’application a été refusée');
    expect(apres).toMatch(
      /retirerait \d+ des \d+ lignes de « uai ».* Rien n’a été appliqué : vérifiez le fichier ; un administrateur peut l’appliquer malgré tout en cochant la case de confirmation/,
    );
    expect(apres).not.toContain('--force');
    // Held now: the gestionnaire is told who applies it; the administrator has the checkbox.
    expect(apres).toContain('Application réservée aux administrateurs');
    expect(texte((await admin.get(url)).body)).toContain(
      'malgré la taille du fichier, bien plus petit que les données qu’il remplace.',
    );
    // The address a refused form leaves is no dead end.
    const adresse = await gest.get(`${url}/appliquer`);
    expect(adresse.statusCode).toBe(303);
    expect(adresse.headers.location).toBe(url);

    const sans = await admin.post(`${url}/appliquer`, {});
    expect(sans.statusCode).toBe(400);
    expect(texte(sans.body)).toMatch(/retirerait \d+ des \d+ lignes.*case de confirmation/);
    expect(texte(sans.body)).not.toContain('--force');
    const avec = await admin.post(`${url}/appliquer`, { confirmation: 'oui' });
    expect(avec.statusCode).toBe(303);
    expect(texte((await admin.get(avec.headers.location as string)).body)).toMatch(
      /\(avec confirmation de la taille du fichier\)/,
    );

    // The ACCE file replaced the demonstration's UAI: one ACCE file in force, not two.
    const liste = texte((await gest.get('/gestion/referentiels')).body);
    expect(liste).toMatch(/ACCE \(UAI des établissements\) acce ACCE_UAI\.csv/);
    expect(liste).not.toMatch(/ACCE \(UAI des établissements\) +démonstration/);
    expect(liste).toMatch(/Sirene \(établissements, INSEE\) +démonstration/);
  });

  it('refuses a campaign workbook sent as a kit file, naming it and what was expected; nothing stored', async () => {
    const { siret } = await t.ctx.db
      .selectFrom('organisme')
      .select('siret')
      .orderBy('siret')
      .executeTakeFirstOrThrow();
    const c = await prepareClasseur(t.ctx, SYSTEME('test'), { siret, annee: 2027 });
    const chemin = join(tmp(), 'campagne.xlsx');
    const out = createWriteStream(chemin);
    await c.ecrire(out);
    await finished(out); // whole on disk before it is read
    const avant = await compter('referentiel_depot');
    await gest.get('/gestion/referentiels');
    const r = await deposer(gest, 'kit', 'campagne.xlsx', readFileSync(chemin));
    expect(r.statusCode).toBe(400);
    expect(texte(r.body)).toMatch(
      /Fichier officiel : le fichier campagne\.xlsx est un classeur de campagne d’Offre .* pas : kit apprentissage/,
    );
    expect(r.body).toContain('href="#fichier"');
    expect(await compter('referentiel_depot')).toBe(avant);
  });

  it('refuses an empty file and one over the size limit, nothing stored', async () => {
    const avant = await compter('referentiel_depot');
    await gest.get('/gestion/referentiels');
    const vide = await deposer(gest, 'kit', 'vide.csv', Buffer.alloc(0));
    expect(vide.statusCode).toBe(400);
    // « Libellé : problème. » as every form says it, and the stable code the CLI prints.
    expect(texte(vide.body)).toContain('Fichier officiel : le fichier « vide.csv » est vide.');
    expect(texte(vide.body)).toContain('Code de l’erreur : FICHIER_VIDE');
    // A file of another kind (the communes sent as BCN): its message and its code, as the CLI's.
    const autre = await deposer(gest, 'bcn', 'communes.csv', readFileSync(fixture('communes/communes.csv')));
    expect(autre.statusCode).toBe(400);
    expect(texte(autre.body)).toMatch(/Fichier officiel : le fichier communes\.csv /);
    expect(texte(autre.body)).toContain('Code de l’erreur : REFERENTIEL_MAUVAIS_TYPE');
    const sansType = await deposer(gest, '', 'kit.csv', readFileSync(KIT));
    expect(sansType.statusCode).toBe(400);
    expect(sansType.body).toContain('href="#kind"');
    expect(texte(sansType.body)).toContain('Type de fichier : choisissez le type de fichier de référence');
    // A forged upload (no token in the body, or a bad one): the French 403 page, nothing stored.
    for (const jeton of ['', 'faux-jeton']) {
      const forge = await deposer(gest, 'kit', 'kit.csv', readFileSync(KIT), jeton);
      expect(forge.statusCode).toBe(403);
      expect(texte(forge.body)).toContain('Ce formulaire a expiré ou ne vient pas de ce site');
    }
    const gestionnaire: Acteur = {
      kind: 'utilisateur',
      id: 'g',
      email: 'g@region.test',
      nom: 'G',
      role: 'gestionnaire',
      siren: null,
      regions: [region],
      academies: [],
    };
    const gros = Buffer.alloc(TAILLE_MAX_REFERENTIEL + 1, 0x41);
    await expect(
      uploadReferentiel(t.ctx, gestionnaire, { kind: 'kit', nom: 'gros.csv', contenu: gros }),
    ).rejects.toMatchObject({
      code: 'FICHIER_TROP_VOLUMINEUX',
      status: 413,
      details: { champ: 'fichier' },
    });
    expect(await compter('referentiel_depot')).toBe(avant);
  });

  it('refuses organisme and instructeur users every page and form (403), and sends the anonymous to sign in', async () => {
    await gest.get('/gestion/referentiels');
    const envoi = await deposer(gest, 'kit', 'kit-apprentissage-v3.0.csv', readFileSync(KIT));
    const url = envoi.headers.location as string;
    for (const nav of [orga, instr]) {
      expect((await nav.get('/gestion/referentiels')).statusCode).toBe(403);
      expect((await nav.get(url)).statusCode).toBe(403);
      await nav.get('/compte');
      expect((await deposer(nav, 'kit', 'kit.csv', readFileSync(KIT))).statusCode).toBe(403);
      expect((await nav.post(`${url}/appliquer`, { confirmation: 'oui' })).statusCode).toBe(403);
      expect((await nav.post(`${url}/annuler`, {})).statusCode).toBe(403);
    }
    const anonyme = await t.app.inject({ method: 'GET', url: '/gestion/referentiels' });
    expect(anonyme.statusCode).toBe(303);
    expect((await gest.get(url)).body).toContain('Aperçu à décider');
  });

  // A fresh user's report (06/12): the same file deposited twice made two identical « Aperçu à
  // décider ». The second deposit leads to the pending one (same content, same kind), with a notice.
  it('leads a second deposit of the same file to its pending preview; nothing computed or stored again', async () => {
    await gest.get('/gestion/referentiels');
    const contenu = readFileSync(fixture('organismes/liste-publique-of-opendata.csv'));
    const premier = await deposer(gest, 'lpof', 'opendata.csv', contenu);
    expect(premier.statusCode, premier.body).toBe(303);
    const url = premier.headers.location as string;
    const depots = await compter('referentiel_depot');
    const runs = await compter('ref_run');
    const second = await deposer(gest, 'lpof', 'opendata (1).csv', contenu);
    expect(second.statusCode, second.body).toBe(303);
    expect(second.headers.location).toBe(`${url}?info=deja_depose`);
    expect(await compter('referentiel_depot')).toBe(depots);
    expect(await compter('ref_run')).toBe(runs);
    expect(texte((await gest.get(String(second.headers.location))).body)).toContain(
      'Ce fichier (même contenu, même type) a déjà été déposé et attend une décision',
    );
    // Once decided (here: cancelled), the same file makes a new deposit again.
    expect((await gest.post(`${url}/annuler`, {})).statusCode).toBe(303);
    const apres = await deposer(gest, 'lpof', 'opendata.csv', contenu);
    expect(apres.headers.location).not.toContain(url);
    expect((await gest.post(`${apres.headers.location}/annuler`, {})).statusCode).toBe(303);
  });
});
