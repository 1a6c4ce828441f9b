import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { ficheEspace } from '../../src/services/espace.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture, SIRET_A } from '../api/helpers.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { organismeDe } from '../helpers/acteurs.ts';
import { loadReferentiels } from './espace.helpers.ts';

// The session form of the space saved as a person would, with JavaScript off: the form as the page
// shows it, posted back. What an import stored and the form does not show (more réunions and
// bilans than a form's rows, entries and exits, the exact place) must survive such a save, and a
// save that changes nothing writes nothing.

let t: TestWeb;
let nav: Navigateur;
const SIREN_A = SIRET_A.slice(0, 9);
const OF = organismeDe(SIREN_A);

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  const a = await compte(t, { email: 'sam@cfa-saisie.test', role: 'organisme', siren: SIREN_A });
  nav = new Navigateur(t.app, '10.31.0.1');
  await nav.seConnecter(a.email, a.motDePasse);
});
afterAll(() => t.close());

const evenements = (n: number, quoi: string) =>
  Array.from({ length: n }, (_, i) => ({
    date: `2026-0${1 + (i % 8)}-1${i % 10}`,
    lieu: `Salle ${i + 1}`,
    libelle: `${quoi} ${i + 1}`,
  }));

/** As an LHEO file or the API stores it: the place with its INSEE code and the file's own coordinates. */
const LIEU = {
  adresse: '12 rue de Rivoli',
  code_postal: '75001',
  commune: 'PARIS 01',
  cedex: null,
  code_insee: '75101',
  uai: null,
  lat: 48.8601,
  lon: 2.3421,
};

/** The same place as the communes reference gives it (what the page finds again from 75001). */
const LIEU_REFERENTIEL = {
  ...LIEU,
  commune: 'Paris 1er Arrondissement',
  lat: 48.86256,
  lon: 2.33653,
};

type Session = FormationInput['sessions'][number];

/**
 * A formation of SIREN_A whose one session holds 7 réunions, 6 bilans, permanent entries and LIEU
 * (`over` changes the session, to test one of them alone).
 */
async function importee(cle: string, over: Partial<Session> = {}): Promise<{ id: string; sid: string }> {
  const f = formationFixture({ cle_externe: cle, intitule: `Session importée ${cle}` });
  const session: Session = {
    ...f.sessions[0]!,
    debut: '2026-09-01',
    fin: '2028-06-30',
    entree_sortie: 'permanente',
    lieu: LIEU,
    reunions_information: evenements(7, 'Réunion'),
    bilans: evenements(6, 'Bilan'),
    ...over,
  };
  const { id } = await saveFormation(t.ctx, OF, { ...f, sessions: [session] });
  const fiche = await ficheEspace(t.ctx.db, OF, id);
  return { id, sid: fiche.saisie.sessions[0]!.id! };
}

const stockee = async (id: string) => (await ficheEspace(t.ctx.db, OF, id)).saisie.sessions[0]!;

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attributs = (tag: string) =>
  Object.fromEntries([...tag.matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, decode(m[2] ?? '')]));

/** The fields the form posting to `action` sends as shown (what a browser sends on « Enregistrer »). */
function formulaire(html: string, action: string): Record<string, string> {
  const at = html.indexOf(`action="${action}"`);
  expect(at, `form ${action}`).toBeGreaterThan(0);
  const form = html.slice(html.lastIndexOf('<form', at), html.indexOf('</form>', at));
  const out: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const a = attributs(tag);
    if (!a.name || a.name === '_csrf') continue;
    if ((a.type === 'checkbox' || a.type === 'radio') && !('checked' in a)) continue;
    out[a.name] = a.value ?? '';
  }
  for (const m of form.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g))
    out[attributs(m[1]!).name!] = decode(
      /<option\b[^>]*value="([^"]*)"[^>]*\bselected\b/.exec(m[2]!)?.[1] ?? '',
    );
  for (const m of form.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/g))
    out[attributs(m[1]!).name!] = decode(m[2]!);
  return out;
}

async function pageSession(id: string, sid: string) {
  const url = `/espace/formations/${id}/sessions/${sid}`;
  const r = await nav.get(url);
  expect(r.statusCode).toBe(200);
  return { url, html: r.body, champs: formulaire(r.body, url) };
}

/** Counts of what a write leaves: history entries, feed events, the offer's version. */
async function traces(id: string) {
  const [h, c, f] = await Promise.all([
    t.ctx.db
      .selectFrom('historique')
      .where('formation_id', '=', id)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
    t.ctx.db
      .selectFrom('change_event')
      .where('entite_id', '=', id)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
    t.ctx.db.selectFrom('formation').where('id', '=', id).select('version').executeTakeFirstOrThrow(),
  ]);
  return { historique: Number(h.n), evenements: Number(c.n), version: f.version };
}

describe('saving a session through the page keeps what the form did not change', () => {
  it('shows every réunion d’information and bilan of an imported session, and keeps them all', async () => {
    // A place and entries the page knows: only the events are at stake here.
    const { id, sid } = await importee('SAISIE-EVENEMENTS', { lieu: LIEU_REFERENTIEL, entree_sortie: null });
    const p = await pageSession(id, sid);
    expect(p.champs['reunions_information.6.libelle']).toBe('Réunion 7');
    expect(p.champs['bilans.5.lieu']).toBe('Salle 6');
    const r = await nav.post(p.url, { ...p.champs, capacite: '30' });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
    const s = await stockee(id);
    expect(s.capacite).toBe(30);
    expect(s.reunions_information).toEqual(evenements(7, 'Réunion'));
    expect(s.bilans).toEqual(evenements(6, 'Bilan'));
  });

  it('edits the entries and exits in French, and keeps them on a save that does not touch them', async () => {
    const { id, sid } = await importee('SAISIE-ENTREES');
    const p = await pageSession(id, sid);
    expect(p.html).toMatch(/<label[^>]*for="entree_sortie"[^>]*>\s*Entrées et sorties/);
    expect(p.html).toMatch(/<option value="dates_fixes"[^>]*>À dates fixes<\/option>/);
    expect(p.html).toMatch(/<option value="permanente" selected[^>]*>Permanentes<\/option>/);
    expect(p.champs.entree_sortie).toBe('permanente');
    expect((await nav.post(p.url, { ...p.champs, capacite: '12' })).statusCode).toBe(303);
    expect((await stockee(id)).entree_sortie).toBe('permanente');

    const q = await pageSession(id, sid);
    expect((await nav.post(q.url, { ...q.champs, entree_sortie: 'dates_fixes' })).statusCode).toBe(303);
    expect((await stockee(id)).entree_sortie).toBe('dates_fixes');
    // The history reads it in French, and names the session by its dates.
    const fiche = await nav.get(`/espace/formations/${id}`);
    expect(fiche.body).toContain(
      'Session du 1er septembre 2026 au 30 juin 2028 : entrées et sorties : permanentes → à dates fixes',
    );
    expect(fiche.body).not.toContain(`Session ${sid}`);
  });

  it('keeps the stored place exactly when address, postal code and commune are not changed', async () => {
    const { id, sid } = await importee('SAISIE-LIEU');
    const p = await pageSession(id, sid);
    const r = await nav.post(p.url, { ...p.champs, 'contact.nom': 'Accueil du site', capacite: '18' });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
    const s = await stockee(id);
    expect(s.capacite).toBe(18);
    expect(s.lieu).toEqual(LIEU);

    // A changed postal code is looked up again in the communes reference.
    const q = await pageSession(id, sid);
    const r2 = await nav.post(q.url, {
      ...q.champs,
      'lieu.code_postal': '75116',
      'lieu.commune': 'Paris 16e Arrondissement',
    });
    expect(r2.statusCode, r2.body.slice(0, 300)).toBe(303);
    expect((await stockee(id)).lieu).toMatchObject({ code_postal: '75116', code_insee: '75116' });
  });

  const CAS: [string, string, Partial<Session>][] = [
    [
      'a session the form shows whole',
      'SAISIE-INCHANGEE-SIMPLE',
      {
        lieu: LIEU_REFERENTIEL,
        entree_sortie: null,
        reunions_information: evenements(2, 'Réunion'),
        bilans: [],
      },
    ],
    ['an imported session (7 réunions, exact place, permanent entries)', 'SAISIE-INCHANGEE-IMPORT', {}],
  ];
  it.each(CAS)('writes nothing when the form of %s is saved as shown, and says so', async (_, cle, over) => {
    const { id, sid } = await importee(cle, over);
    const avant = await traces(id);
    const stockeeAvant = await stockee(id);
    const p = await pageSession(id, sid);
    const r = await nav.post(p.url, p.champs);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(303);
    expect(r.headers.location).toBe(`${p.url}?info=inchangee`);
    expect(await traces(id)).toEqual(avant);
    expect(await stockee(id)).toEqual(stockeeAvant);
    const page = await nav.get(String(r.headers.location));
    expect(page.body).toMatch(
      /<div class="fr-notice fr-notice--info[^"]*" id="session-inchangee">[\s\S]*Aucune modification : la session est inchangée\./,
    );
    expect(page.body).not.toContain('Session enregistrée.');
  });
});

/** The field error shown under `champ` (its DSFR message), or null. */
const erreurDuChamp = (html: string, champ: string) => {
  const m = new RegExp(
    `<p class="fr-message fr-message--error" id="${champ.replace(/\./g, '\\.')}-erreur">([\\s\\S]*?)</p>`,
  ).exec(html);
  return m ? texte(m[1]!) : null;
};
/** The fields the DSFR error summary links to, in its order. */
const resume = (html: string) => {
  const bloc =
    /<div class="fr-alert fr-alert--error[^"]*"[^>]*id="resume-erreurs"[\s\S]*?<\/div>/.exec(html)?.[0] ?? '';
  return [...bloc.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]!);
};

describe('the session form refuses what cannot be true, all at once, and stores nothing', () => {
  it('refuses a UAI that is not 7 digits and its check letter, on the field', async () => {
    const { id, sid } = await importee('SAISIE-UAI', { lieu: LIEU_REFERENTIEL });
    const avant = await traces(id);
    const p = await pageSession(id, sid);
    for (const [uai, message] of [
      [
        '123',
        'UAI du lieu de formation : « 123 » doit compter 8 caractères : 7 chiffres et une lettre de contrôle (par exemple 0693446W).',
      ],
      [
        '0693446X',
        'UAI du lieu de formation : « 0693446X » n’a pas la bonne lettre de contrôle : pour 0693446, c’est W.',
      ],
    ]) {
      const r = await nav.post(p.url, { ...p.champs, 'lieu.uai': uai! });
      expect(r.statusCode, uai).toBe(400);
      expect(erreurDuChamp(r.body, 'lieu.uai')).toBe(message);
      expect(resume(r.body)).toEqual(['lieu.uai']);
    }
    expect(await traces(id)).toEqual(avant);
    expect((await stockee(id)).lieu.uai).toBeNull();
    const ok = await nav.post(p.url, { ...p.champs, 'lieu.uai': '0693446W' });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
    expect((await stockee(id)).lieu.uai).toBe('0693446W');
  });

  it('reports every field error of a published formation’s new session in one answer', async () => {
    const { id } = await importee('SAISIE-TOUT', { lieu: LIEU_REFERENTIEL });
    await t.ctx.db.updateTable('formation').set({ statut: 'publiee' }).where('id', '=', id).execute();
    const avant = await traces(id);
    const url = `/espace/formations/${id}/sessions/nouvelle`;
    await nav.get(url);
    const r = await nav.post(url, {
      debut: '2026-09-08',
      fin: '',
      capacite: '-5',
      etat_recrutement: 'bidon',
      entree_sortie: 'xx',
      'lieu.code_postal': '99999',
      'lieu.commune': '',
    });
    expect(r.statusCode).toBe(400);
    const attendu: [string, string][] = [
      [
        'etat_recrutement',
        'État du recrutement : valeur non proposée (« bidon ») : choisissez-en une dans la liste.',
      ],
      ['capacite', 'Capacité : indiquez un nombre entier de 0 à 100 000.'],
      [
        'entree_sortie',
        'Entrées et sorties : valeur non proposée (« xx ») : choisissez-en une dans la liste.',
      ],
      [
        'lieu.code_postal',
        'Code postal : aucune commune n’a le code postal 99999 dans le référentiel des communes : vérifiez-le.',
      ],
      ['fin', 'Date de fin : obligatoire pour une session d’une formation publiée.'],
    ];
    expect(texte(r.body)).toContain(`Le formulaire contient ${attendu.length} erreurs`);
    expect(resume(r.body).sort()).toEqual(attendu.map(([c]) => c).sort());
    for (const [champ, message] of attendu) expect(erreurDuChamp(r.body, champ), champ).toBe(message);
    expect(await traces(id)).toEqual(avant);
    expect((await ficheEspace(t.ctx.db, OF, id)).saisie.sessions).toHaveLength(1);
  });

  it('refuses a réunion d’information after the session’s end and a bilan of 1900, naming each', async () => {
    const { id, sid } = await importee('SAISIE-EVENEMENTS-DATES', {
      lieu: LIEU_REFERENTIEL,
      reunions_information: [],
      bilans: [],
    });
    const avant = await traces(id);
    const p = await pageSession(id, sid);
    const r = await nav.post(p.url, {
      ...p.champs,
      'reunions_information.0.date': '2035-01-01',
      'bilans.0.date': '1900-01-01',
    });
    expect(r.statusCode).toBe(400);
    expect(resume(r.body)).toEqual(['reunions_information.0.date', 'bilans.0.date']);
    expect(erreurDuChamp(r.body, 'reunions_information.0.date')).toBe(
      'Réunion d’information 1 : le 1er janvier 2035 n’est pas une date plausible pour cette session ' +
        '(entre le 1er septembre 2024 et le 30 juin 2028 : une réunion d’information précède ou accompagne la session).',
    );
    expect(erreurDuChamp(r.body, 'bilans.0.date')).toBe(
      'Bilan de progression 1 : le 1er janvier 1900 n’est pas une date plausible pour cette session ' +
        '(entre le 1er septembre 2025 et le 30 juin 2030 : un bilan se tient pendant la session ou après).',
    );
    expect(await traces(id)).toEqual(avant);
    const ok = await nav.post(p.url, {
      ...p.champs,
      'reunions_information.0.date': '2026-06-15',
      'bilans.0.date': '2028-09-01',
    });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(303);
    expect((await stockee(id)).bilans).toEqual([{ date: '2028-09-01', lieu: null, libelle: null }]);
  });

  it('names a diffused session’s dates in French when it refuses to re-date it', async () => {
    const { id, sid } = await importee('SAISIE-REDATEE', { lieu: LIEU_REFERENTIEL });
    await t.ctx.db.updateTable('session').set({ diffusee_at: new Date() }).where('id', '=', sid).execute();
    const p = await pageSession(id, sid);
    const r = await nav.post(p.url, { ...p.champs, debut: '2026-09-08' });
    expect(r.statusCode).toBe(400);
    // Named by its dates, never by its internal id (fresh user's report, 03/12).
    expect(erreurDuChamp(r.body, 'debut')).toContain(
      'La session du 1er septembre 2026 au 30 juin 2028 a déjà été diffusée',
    );
    expect(erreurDuChamp(r.body, 'debut')).not.toContain(sid);
    expect(r.body).not.toContain('2026-09-01 au 2028-06-30');
  });
});
