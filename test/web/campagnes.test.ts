import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import {
  compte,
  deciderPlateforme,
  Navigateur,
  posterCalendrier,
  type TestWeb,
  testWeb,
} from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, REFERENTIELS } from '../conformite/formations.fixture.ts';

// Campaigns (issue 9 item 5) over HTTP, with a clock the test moves: the calendar page (the
// région's collection dates for its gestionnaire, the national ones for administrators), the
// deadlines on /espace, Affelnet's closing enforced (pages and API say why), the région's
// workbooks as one zip, the rollover per région, the current campaign switch; every boundary tried.

let maintenant = new Date('2026-11-28T10:00:00Z'); // collection of rentrée 2027
let t: TestWeb;
let g84: Navigateur;
let g11: Navigateur;
let admin: Navigateur;
let orga: Navigateur;
let instr: Navigateur;
let cap: string;
const sys = SYSTEME('test');
let comptes: { email: string; motDePasse: string }[];

/** Moves the clock; sessions are timed by it, so everyone signs in again. */
async function horloge(iso: string) {
  maintenant = new Date(iso);
  for (const [i, n] of [g84, g11, admin, orga, instr].entries()) {
    n.cookies.clear();
    await n.seConnecter(comptes[i]!.email, comptes[i]!.motDePasse);
  }
}

/** A CAP in apprenticeship in Lyon (région 84, académie 10), in Affelnet's scope, rentrée 2027. */
async function capPubliee() {
  const base = bts('CAP-2027', { intitule: 'CAP Cuisine', certification: { cfd: '50022141' } });
  const s = base.sessions[0]!;
  const { id } = await saveFormation(t.ctx, sys, {
    ...base,
    sessions: [{ ...s, cle_externe: 'S2027', debut: '2027-09-01', fin: '2029-06-30' }],
  });
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  return id;
}

const affelnet = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('affelnet').where('id', '=', id).executeTakeFirstOrThrow())
    .affelnet;

/** An API call with a signed-in person's session (and the page's CSRF token for writes). */
const api = (n: Navigateur, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    cookies: Object.fromEntries(n.cookies),
    headers: n.csrf ? { 'x-csrf-token': n.csrf } : {},
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

function entreesZip(buf: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (e: yauzl.Entry) =>
        zip.openReadStream(e, (er, s) => {
          if (er) return reject(er);
          const parts: Buffer[] = [];
          s.on('data', (c: Buffer) => parts.push(c)).on('end', () => {
            out.set(e.fileName, Buffer.concat(parts));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(out)).on('error', reject);
      zip.readEntry();
    });
  });
}

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => maintenant });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  cap = await capPubliee();
  comptes = await Promise.all([
    compte(t, { email: 'g84@region.test', role: 'gestionnaire', region: '84' }),
    compte(t, { email: 'g11@region.test', role: 'gestionnaire', region: '11' }),
    compte(t, { email: 'admin@offre.test', role: 'admin' }),
    compte(t, { email: 'cfa@a.test', role: 'organisme', siren: SIREN_A }),
    compte(t, { email: 'ines@ac-lyon.test', role: 'instructeur', academie: '10' }),
  ]);
  await t.ctx.db.updateTable('structure').set({ region: '84' }).where('siren', '=', SIREN_A).execute();
  [g84, g11, admin, orga, instr] = comptes.map((_, i) => new Navigateur(t.app, `10.65.0.${i + 1}`));
  for (const [i, n] of [g84, g11, admin, orga, instr].entries())
    await n!.seConnecter(comptes[i]!.email, comptes[i]!.motDePasse);
});
afterAll(() => t.close());

describe('calendar', () => {
  it('shows the current campaign; the gestionnaire edits its région’s collection dates, errors under each field', async () => {
    const page = await g84.get('/gestion/campagnes');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Campagne courante : <strong>Rentrée 2027</strong>');
    expect(page.body).toContain('Calendrier Rentrée 2027 (région Auvergne-Rhône-Alpes)');
    expect(page.body).toContain('name="retour_attendu"');
    // National dates are shown, not editable by a gestionnaire.
    expect(page.body).not.toContain('name="fermeture_affelnet"');
    expect(page.body).toMatch(/Fermeture d’Affelnet : 31 janvier 2027/);

    const ko = await posterCalendrier(g84, '2027', {
      region: '84',
      ouverture_collecte: '2026-09-15',
      retour_attendu: '31/11/2026',
      transmission_catalogue: '2026-09-01',
    });
    expect(ko.statusCode).toBe(400);
    // Both problems in one send: the date that is none, and the date typed after it, judged
    // against the one in place (the national 30 November).
    expect(ko.body).toContain('Le formulaire contient 2 erreurs');
    expect(ko.body).toContain('href="#retour_attendu"');
    expect(ko.body).toContain(
      'id="retour_attendu-erreur">Retour des classeurs attendu : « 31/11/2026 » n’est pas une date du calendrier (JJ/MM/AAAA).',
    );
    expect(ko.body).toContain('href="#transmission_catalogue"');
    expect(ko.body).toContain(
      'id="transmission_catalogue-erreur">Transmission au catalogue national (1er septembre 2026) doit venir après retour des classeurs attendu (30 novembre 2026, date en vigueur : celle saisie est refusée).',
    );
    expect(await t.ctx.db.selectFrom('campagne_region').selectAll().execute()).toEqual([]);

    const ordre = await posterCalendrier(g84, '2027', {
      region: '84',
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-12-05',
      transmission_catalogue: '2026-12-01',
    });
    expect(ordre.statusCode).toBe(400);
    expect(ordre.body).toContain('href="#transmission_catalogue"');
    expect(ordre.body).toContain('Transmission au catalogue national (1er décembre 2026) doit venir après');

    const ok = await posterCalendrier(g84, '2027', {
      region: '84',
      ouverture_collecte: '15/09/2026',
      retour_attendu: '2026-12-05',
      transmission_catalogue: '2026-12-20',
    });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/gestion/campagnes?annee=2027&region=84&info=calendrier');
    const apres = await g84.get(ok.headers.location!);
    expect(apres.body).toContain('Calendrier enregistré.');
    expect(apres.body).toContain('value="2026-12-05"');
    // Every change is history, with its person, on the page and through the API.
    expect(apres.body).toContain(
      'g84@region.test : calendrier de la région Auvergne-Rhône-Alpes — Retour des classeurs attendu : 30 novembre 2026 → 5 décembre 2026 ; Transmission au catalogue national : 15 décembre 2026 → 20 décembre 2026',
    );
    const h = await api(g84, 'GET', '/campagnes/2027/historique');
    expect(h.json().data).toEqual([
      {
        action: 'calendrier_modifie',
        acteur: 'utilisateur:g84@region.test',
        at: '2026-11-28T10:00:00.000Z',
        region: '84',
        diff: [
          { champ: 'retour_attendu', avant: '2026-11-30', apres: '2026-12-05' },
          { champ: 'transmission_catalogue', avant: '2026-12-15', apres: '2026-12-20' },
        ],
      },
    ]);

    // A date left empty falls back to the national one (here the same day): nothing changed in
    // effect, so nothing is recorded — never « 15/09/2026 → — » for a date still in force.
    const vide = await posterCalendrier(g84, '2027', {
      region: '84',
      ouverture_collecte: '',
      retour_attendu: '2026-12-05',
      transmission_catalogue: '2026-12-20',
    });
    expect(vide.statusCode).toBe(303);
    const h2 = await api(g84, 'GET', '/campagnes/2027/historique');
    expect(h2.json().data).toHaveLength(1);
    expect((await g84.get(vide.headers.location!)).body).toContain('value="2026-09-15"');

    // The API reads the same calendar: région 84's own dates, the national defaults elsewhere.
    const r84 = await t.app.inject({ method: 'GET', url: '/api/v1/campagnes/2027?region=84' });
    expect(r84.json()).toMatchObject({
      annee: 2027,
      courante: true,
      region: '84',
      retour_attendu: '2026-12-05',
    });
    const r11 = await t.app.inject({ method: 'GET', url: '/api/v1/campagnes/2027?region=11' });
    expect(r11.json()).toMatchObject({ region: '11', retour_attendu: '2026-11-30' });
    const liste = await t.app.inject({ method: 'GET', url: '/api/v1/campagnes' });
    expect(liste.json().data.map((c: { annee: number; courante: boolean }) => [c.annee, c.courante])).toEqual(
      [
        [2027, true],
        [2026, false],
      ],
    );
    // A campaign that does not exist: its own code, the existing ones named.
    const inconnue = await t.app.inject({ method: 'GET', url: '/api/v1/campagnes/1999' });
    expect(inconnue.statusCode).toBe(404);
    expect(inconnue.json()).toMatchObject({ code: 'CAMPAGNE_INCONNUE', campagnes: [2027, 2026] });
    expect(inconnue.json().detail).toBe(
      'La campagne 1999 (rentrée 1999) n’existe pas : campagnes existantes 2027, 2026 ; un administrateur en crée une en la rendant courante.',
    );
  });

  it('refuses another région’s gestionnaire, the national calendar to gestionnaires, organismes and instructeurs', async () => {
    const form = {
      region: '84',
      ouverture_collecte: '',
      retour_attendu: '2026-10-01',
      transmission_catalogue: '',
    };
    await g11.get('/gestion/campagnes');
    expect((await posterCalendrier(g11, '2027', form)).statusCode).toBe(403);
    expect((await g11.get('/gestion/campagnes?region=84')).statusCode).toBe(403);
    expect((await api(g11, 'PUT', '/campagnes/2027/calendrier', form)).statusCode).toBe(403);
    // A gestionnaire posting the national calendar (no région).
    await g84.get('/gestion/campagnes');
    const national = await posterCalendrier(g84, '2027', {
      region: '',
      fenetre_debut: '2027-08-01',
    });
    expect(national.statusCode).toBe(403);
    expect((await g84.post('/gestion/campagnes/courante', { annee: '2028' })).statusCode).toBe(403);
    for (const n of [orga, instr]) {
      await n.get('/compte');
      expect((await n.get('/gestion/campagnes')).statusCode).toBe(403);
      expect((await posterCalendrier(n, '2027', form)).statusCode).toBe(403);
      expect((await n.post('/gestion/campagnes/courante', { annee: '2028' })).statusCode).toBe(403);
      expect((await n.post('/gestion/campagnes/2027/reconduction', { region: '84' })).statusCode).toBe(403);
      expect((await n.get('/gestion/campagnes/2027/classeurs.zip')).statusCode).toBe(403);
      expect((await api(n, 'PUT', '/campagnes/2027/calendrier', form)).statusCode).toBe(403);
      expect((await api(n, 'GET', '/campagnes/2027/historique')).statusCode).toBe(403);
    }
    const row = await t.ctx.db
      .selectFrom('campagne_region')
      .select('retour_attendu')
      .where('region', '=', '84')
      .executeTakeFirstOrThrow();
    expect(row.retour_attendu).toBe('2026-12-05');
  });

  // A fresh user's report (02/12): `region=2a` answered ACCES_REFUSE, a repeated `region` the
  // national calendar's refusal.
  it('names an unknown région (REGION_INCONNUE) and a repeated one (PARAMETRE_REPETE); another région stays ACCES_REFUSE', async () => {
    const form = { ouverture_collecte: '', retour_attendu: '2026-10-02', transmission_catalogue: '' };
    const code = (body: string) => /Code de l’erreur : <code>([A-Z_]+)<\/code>/.exec(body)?.[1];
    await g84.get('/gestion/campagnes');
    const avant = await t.ctx.db.selectFrom('campagne_region').selectAll().execute();
    for (const r of [
      await posterCalendrier(g84, '2027', { ...form, region: '2a' }),
      await g84.get('/gestion/campagnes?region=2a'),
      await admin.get('/gestion/campagnes/2027/reconduction?region=2a'),
    ]) {
      expect(r.statusCode).toBe(400);
      expect(code(r.body)).toBe('REGION_INCONNUE');
      expect(r.body).toContain('Région « 2a » inconnue : codes INSEE valides 01, 02, 03');
    }
    // A long value is echoed as everywhere else (`extrait`): 40 characters, then « … » (was cut
    // at 20, without saying so).
    const long = `${'x'.repeat(40)}YYYYYYYYYY`;
    for (const r of [
      await g84.get(`/gestion/campagnes?region=${long}`),
      await posterCalendrier(g84, '2027', { ...form, region: long }),
    ]) {
      expect(r.statusCode).toBe(400);
      expect(code(r.body)).toBe('REGION_INCONNUE');
      expect(r.body).toContain(`Région « ${'x'.repeat(40)}… » inconnue`);
      expect(r.body).not.toContain('YYY');
    }
    for (const r of [
      await posterCalendrier(g84, '2027', { ...form, region: ['84', '84'] }),
      await g84.get('/gestion/campagnes?region=84&region=84'),
      await g84.get('/gestion/campagnes/2027/classeurs.zip?region=84&region=11'),
    ]) {
      expect(r.statusCode).toBe(400);
      expect(code(r.body)).toBe('PARAMETRE_REPETE');
      expect(r.body).toContain(
        'Le paramètre « region » est donné plusieurs fois : donnez-le une seule fois.',
      );
    }
    for (const r of [
      await posterCalendrier(g84, '2027', { ...form, region: '11' }),
      await g84.get('/gestion/campagnes?region=11'),
    ]) {
      expect(r.statusCode).toBe(403);
      expect(code(r.body)).toBe('ACCES_REFUSE');
    }
    expect(await t.ctx.db.selectFrom('campagne_region').selectAll().execute()).toEqual(avant);
  });

  it('shows the organisation its deadlines ahead on /espace', async () => {
    const espace = await orga.get('/espace');
    expect(espace.statusCode).toBe(200);
    expect(espace.body).toContain('Campagne Rentrée 2027 : prochaines échéances');
    expect(espace.body).toContain(
      'Retour du classeur attendu au plus tard le 5 décembre 2026 (dans 7 jours).',
    );
    expect(espace.body).not.toContain('Ouverture de la collecte le'); // already past
  });
});

describe('Affelnet closing', () => {
  it('after the closing day no offer becomes « Prêt pour intégration » for Affelnet; page and API say why', async () => {
    expect(await affelnet(cap)).toBe('a_publier');
    await horloge('2027-02-01T09:00:00Z');
    const raison =
      'Affelnet est fermé pour la campagne Rentrée 2027 depuis le 31 janvier 2027 : aucune offre ne peut plus devenir « Prêt pour intégration » pour Affelnet cette campagne.';
    const etats = await api(admin, 'GET', `/formations/${cap}/plateformes`);
    expect(etats.json().data.find((e: { plateforme: string }) => e.plateforme === 'affelnet')).toMatchObject({
      statut: 'a_publier',
      blocage: raison,
    });
    await instr.get(`/instruction/affelnet/${cap}`);
    const page = await instr.get(`/instruction/affelnet/${cap}`);
    expect(page.body).toContain(`<li id="blocage">${raison.replaceAll('«', '«')}`);
    const refus = await deciderPlateforme(instr, 'affelnet', cap, { action: 'publier' });
    expect(refus.statusCode).toBe(409);
    expect(refus.body).toContain('href="#action"');
    const viaApi = await api(admin, 'POST', `/formations/${cap}/plateformes/affelnet/decision`, {
      action: 'publier',
    });
    expect([viaApi.statusCode, viaApi.json().code, viaApi.json().detail]).toEqual([
      409,
      'PLATEFORME_FERMEE',
      raison,
    ]);
    expect(await affelnet(cap)).toBe('a_publier');
    const fiche = await orga.get(`/espace/formations/${cap}`);
    expect(fiche.body).toContain(`Affelnet : À publier – ${raison}`);

    // An administrator moves the closing day: publishing works again.
    await admin.get('/gestion/campagnes');
    const maj = await api(admin, 'PUT', '/campagnes/2027/calendrier', {
      ouverture_collecte: '2026-09-15',
      retour_attendu: '2026-11-30',
      transmission_catalogue: '2026-12-15',
      fermeture_affelnet: '2027-02-15',
      ouverture_parcoursup: '2027-01-15',
      fermeture_parcoursup: '2027-09-15',
      fenetre_debut: '2027-08-01',
      fenetre_fin: '2028-07-31',
    });
    expect(maj.statusCode).toBe(200);
    expect(maj.json().calendrier.fermeture_affelnet).toBe('2027-02-15');
    expect((await deciderPlateforme(instr, 'affelnet', cap, { action: 'publier' })).statusCode).toBe(303);
    expect(await affelnet(cap)).toBe('pret_pour_integration');
    const invalide = await api(admin, 'PUT', '/campagnes/2027/calendrier', {
      fenetre_debut: '2028-08-01',
      fenetre_fin: '2028-07-31',
    });
    expect(invalide.statusCode).toBe(400);
    expect(invalide.json()).toMatchObject({
      code: 'CALENDRIER_INVALIDE',
      erreurs: [{ champ: 'fenetre_fin', code: 'CALENDRIER_INVALIDE' }],
    });
    await horloge('2026-11-28T10:00:00Z');
  });
});

describe('workbooks, rollover, current campaign', () => {
  it('streams the région’s pre-filled workbooks as one zip', async () => {
    const res = await g84.get('/gestion/campagnes/2027/classeurs.zip');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="classeurs-84-campagne-2027.zip"');
    const entrees = await entreesZip(res.rawPayload);
    expect([...entrees.keys()]).toEqual([`offre-${SIRET_A}-campagne-2027.xlsx`]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(entrees.get(`offre-${SIRET_A}-campagne-2027.xlsx`)! as never);
    const valeurs = wb.worksheets[0]!.getSheetValues().flat().map(String);
    expect(valeurs).toContain('CAP Cuisine');
    // Île-de-France has no organisme here; it may not ask for Auvergne-Rhône-Alpes'.
    const vide = await entreesZip((await g11.get('/gestion/campagnes/2027/classeurs.zip')).rawPayload);
    expect(vide.size).toBe(0);
    expect((await g11.get('/gestion/campagnes/2027/classeurs.zip?region=84')).statusCode).toBe(403);
  });

  it('previews the rollover by organisme, applies it for the région only', async () => {
    const autre = await g11.get('/gestion/campagnes/2027/reconduction');
    expect(autre.statusCode).toBe(200);
    expect(autre.body).toContain('0 session à créer pour 0 formation');
    const apercu = await g84.get('/gestion/campagnes/2027/reconduction');
    expect(apercu.body).toContain('1 session à créer pour 1 formation');
    // SIRET_A, grouped as pages show SIRETs.
    expect(apercu.body).toContain('<td>130 025 265 00013</td>');
    expect(apercu.body).toContain('Appliquer la reconduction (1 session)');
    const sessions = () =>
      t.ctx.db
        .selectFrom('session')
        .select('debut')
        .where('formation_id', '=', cap)
        .orderBy('debut')
        .execute();
    expect((await sessions()).map((s) => s.debut)).toEqual(['2027-09-01']);
    const fait = await g84.post('/gestion/campagnes/2027/reconduction', { region: '84' });
    expect(fait.statusCode).toBe(303);
    expect(fait.headers.location).toContain('info=reconduite-1');
    expect((await sessions()).map((s) => s.debut)).toEqual(['2027-09-01', '2028-09-01']);
    await g11.get('/gestion/campagnes');
    expect((await g11.post('/gestion/campagnes/2027/reconduction', { region: '84' })).statusCode).toBe(403);
  });

  it('lets an administrator switch to the next campaign', async () => {
    const page = await admin.get('/gestion/campagnes');
    expect(page.body).toContain('name="fermeture_affelnet"');
    // The rollover created rentrée 2028; the one after is offered to create.
    expect(page.body).toContain('<option value="2028">Rentrée 2028</option>');
    expect(page.body).toContain('Rentrée 2029 (à créer)');
    const vide = await admin.post('/gestion/campagnes/courante', { annee: '' });
    expect(vide.statusCode).toBe(400);
    expect(vide.body).toContain('href="#annee"');
    const ok = await admin.post('/gestion/campagnes/courante', { annee: '2028' });
    expect(ok.statusCode).toBe(303);
    const c = await t.ctx.db.selectFrom('campagne').select(['annee', 'courante']).orderBy('annee').execute();
    expect(c).toEqual([
      { annee: 2026, courante: false },
      { annee: 2027, courante: false },
      { annee: 2028, courante: true },
    ]);
    const apres = await admin.get('/gestion/campagnes');
    expect(apres.body).toContain('Campagne courante : <strong>Rentrée 2028</strong>');
    expect(apres.body).toContain(
      'admin@offre.test : campagne courante — Campagne courante : rentrée 2027 → rentrée 2028',
    );
  });
});
