import type { FastifyInstance } from 'fastify';
import { Parser } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { SIRET_A } from '../api/helpers.ts';
import { connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels as chargerFaits } from '../conformite/faits.helper.ts';
import { bts, REFERENTIELS } from '../conformite/formations.fixture.ts';
import { lienDans } from '../helpers/smtp-server.ts';
import {
  confirmer,
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  sessionForm,
} from './espace.helpers.ts';

// Every POST route of the web application (read from the application's own routes, not a list kept
// by hand: a new form is covered as soon as it exists) is posted as a person would, from the page
// that shows its form, signed in with the role that sees that page — a NUL character typed in its
// first text field. Each must give the form again (400) with « Libellé : le caractère nul… » under
// that field, never the bare page of the door (« Le champ « x » contient un caractère interdit »).
// Forms without a typed field (buttons, ticked boxes, hidden values) and file uploads have nothing
// to type a NUL into; the first are still walked (their pages must be found), the second skipped.

const SIREN_A = SIRET_A.slice(0, 9);

/**
 * Forms of a state this walk does not build (an applied import, a withdrawn session, a revision, a
 * deactivated account, the reconduction preview) — each read in its page: hidden fields, a ticked
 * box and a button, nothing typed. Any other route whose form the walk cannot find fails the test.
 */
const SANS_SAISIE_NON_PARCOURUS = [
  '/admin/utilisateurs/:x/reactiver', // utilisateurs.page.tsx: a button
  '/espace/formations/:x/confirmer', // relire.page.tsx: version, history read
  '/espace/formations/:x/revision/abandonner', // fiche.sections.tsx: version, a ticked box
  '/espace/formations/:x/sessions/:x/remettre', // fiche.sections.tsx: a button
  '/espace/imports/:x/appliquer', // imports/import.page.tsx: a button
  '/gestion/imports/:x/appliquer', // the same page
  '/gestion/campagnes/:x/reconduction', // campagnes.page.tsx: région (hidden), a button
  '/gestion/referentiels/:x/appliquer', // depot.page.tsx: a ticked box
  '/gestion/referentiels/:x/annuler', // depot.page.tsx: a button
];

/** The application's POST routes outside the API, as patterns (`/espace/formations/:id`), from its router. */
function routesPost(app: FastifyInstance): string[] {
  const arbre = app.printRoutes({ method: 'POST', commonPrefix: false });
  const pile: { profondeur: number; chemins: string[] }[] = [];
  const routes = new Set<string>();
  for (const ligne of arbre.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)( \(POST\))?/.exec(ligne);
    if (!m) continue;
    const profondeur = m[1]!.length / 4;
    while (pile.length > profondeur) pile.pop();
    const parents = pile.at(-1)?.chemins ?? [''];
    // A node « /:format|:id » stands for both parameters: one pattern each (they match the same paths).
    const [tete, ...alternatives] = m[2]!.split('|');
    const variantes = [tete!, ...alternatives.map((a) => tete!.replace(/[^/]+$/, a))];
    const chemins = parents.flatMap((p) => variantes.map((v) => p + v));
    pile.push({ profondeur, chemins });
    if (m[3]) for (const c of chemins) routes.add(c.replace(/:[^/]+/g, ':x'));
  }
  return [...routes].filter((r) => !r.startsWith('/api/')).sort();
}

const motif = (route: string) => new RegExp(`^${route.replace(/:x/g, '[^/]+')}$`);

interface Champ {
  tag: 'input' | 'textarea' | 'select';
  type: string;
  name: string;
  /** The field's id (its error is `<id>-erreur`): its name unless the page has several such forms. */
  id?: string;
  value: string;
  checked: boolean;
}
interface Formulaire {
  action: string;
  enctype: string;
  champs: Champ[];
}

/** The POST forms of a page, with their fields as the browser would send them (htmlparser2). */
function formulairesDe(html: string, page: string): Formulaire[] {
  const formulaires: Formulaire[] = [];
  let courant: Formulaire | null = null;
  let zone: Champ | null = null;
  let select: Champ | null = null;
  let option: { value: string | undefined; selected: boolean; texte: string } | null = null;
  let premiereOption: string | null = null;
  const parser = new Parser(
    {
      onopentag(nom, a) {
        if (nom === 'form') {
          courant =
            (a.method ?? 'get').toLowerCase() === 'post'
              ? { action: a.action || page, enctype: a.enctype ?? '', champs: [] }
              : null;
          if (courant) formulaires.push(courant);
          return;
        }
        if (!courant || a.disabled !== undefined) return;
        if (nom === 'input' && a.name) {
          courant.champs.push({
            tag: 'input',
            type: (a.type ?? 'text').toLowerCase(),
            name: a.name,
            id: a.id,
            value: a.value ?? '',
            checked: a.checked !== undefined,
          });
        } else if (nom === 'button' && a.name && (a.type ?? 'submit') === 'submit') {
          courant.champs.push({
            tag: 'input',
            type: 'submit',
            name: a.name,
            value: a.value ?? '',
            checked: false,
          });
        } else if (nom === 'textarea' && a.name) {
          zone = { tag: 'textarea', type: 'textarea', name: a.name, id: a.id, value: '', checked: false };
          courant.champs.push(zone);
        } else if (nom === 'select' && a.name) {
          select = { tag: 'select', type: 'select', name: a.name, value: '', checked: false };
          premiereOption = null;
          courant.champs.push(select);
        } else if (nom === 'option' && select) {
          option = { value: a.value, selected: a.selected !== undefined, texte: '' };
        }
      },
      ontext(t) {
        if (zone) zone.value += t;
        if (option) option.texte += t;
      },
      onclosetag(nom) {
        if (nom === 'form') courant = null;
        else if (nom === 'textarea') zone = null;
        else if (nom === 'option' && select && option) {
          const v = option.value ?? option.texte.trim();
          premiereOption ??= v;
          if (option.selected) select.checked = true;
          if (option.selected || !select.checked) select.value = option.selected ? v : (premiereOption ?? '');
          option = null;
        } else if (nom === 'select') select = null;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return formulaires;
}

const TAPES = new Set(['text', 'email', 'password', 'search', 'tel', 'url', 'date', 'number', 'textarea']);

/** The body the browser sends: hidden and typed values, ticked boxes, chosen options, the first submit button. */
function corps(f: Formulaire): Record<string, string | string[]> {
  const out: Record<string, string[]> = {};
  const ajouter = (k: string, v: string) => {
    out[k] = [...(out[k] ?? []), v];
  };
  let bouton = false;
  for (const c of f.champs) {
    if (c.name === '_csrf') continue;
    if (c.type === 'submit') {
      if (!bouton) ajouter(c.name, c.value);
      bouton = true;
    } else if (c.type === 'checkbox' || c.type === 'radio') {
      if (c.checked) ajouter(c.name, c.value || 'on');
    } else if (c.type !== 'file' && c.type !== 'reset' && c.type !== 'button') ajouter(c.name, c.value);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.length === 1 ? v[0]! : v]));
}

const sousLeChamp = (html: string, id: string) =>
  texte(new RegExp(`id="${id.replace(/\./g, '\\.')}-erreur">([^<]*)<`).exec(html)?.[1] ?? '').trim();

let t: TestWeb;
beforeAll(async () => {
  t = await testWeb();
});
afterAll(() => t.close());

describe('a NUL character in any page form', () => {
  it('every POST route of the web app: the form again, « Libellé : le caractère nul… » under the field', async () => {
    await chargerFaits(t.ctx.db, REFERENTIELS);
    await loadReferentiels(t.ctx);
    const org = await connecte(
      t,
      { email: 'org@cfa-a.test', role: 'organisme', siren: SIREN_A },
      '10.72.0.1',
    );
    const gest = await connecte(
      t,
      { email: 'g@region.test', role: 'gestionnaire', region: '11' },
      '10.72.0.2',
    );
    const instr = await connecte(
      t,
      { email: 'i@academie.test', role: 'instructeur', academie: '10' },
      '10.72.0.3',
    );
    const admin = await connecte(t, { email: 'a@offre.test', role: 'admin' }, '10.72.0.4');
    const anonyme = new Navigateur(t.app, '10.72.0.5');

    // What the pages show forms for: offers at each step, a pending sign-up, a key, an e-mailed link.
    const brouillon = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Brouillon NUL' }));
    await org.post(`/espace/formations/${brouillon}/sessions/nouvelle`, sessionForm());
    const soumise = await creerParFormulaire(org, ficheComplete(SIRET_A, { intitule: 'Soumise NUL' }));
    await org.post(`/espace/formations/${soumise}/sessions/nouvelle`, sessionForm());
    await confirmer(org, soumise);
    // An offer in an instructeur's académie (Lyon, 10) for Parcoursup, published by the system.
    const { id: instruite } = await saveFormation(
      t.ctx,
      SYSTEME('test'),
      bts('NUL-I', { intitule: 'BTS NUL-I' }),
    );
    await transition(t.ctx, SYSTEME('test'), instruite, 'publier');
    await transition(t.ctx, SYSTEME('test'), instruite, 'valider');
    await anonyme.get('/inscription');
    const inscrite = await anonyme.post('/inscription', {
      siren: '732829320',
      raison_sociale: 'CFA en attente',
      region: '11',
      sirets: '',
      nom: 'Claire Attente',
      email: 'claire@cfa-attente.test',
      mot_de_passe: 'une phrase de passe assez longue',
      confirmation: 'une phrase de passe assez longue',
    });
    await admin.get('/admin/cles');
    expect(inscrite.statusCode, texte(inscrite.body).slice(0, 400)).toBe(200);
    const cle = await admin.post('/admin/cles', { name: 'Partenaire', scope: 'read', siren: '', expire: '' });
    expect(cle.statusCode, texte(cle.body).slice(0, 400)).toBe(201);
    await org.get('/compte');
    await org.post('/compte/invitations', { email: 'collegue@cfa-a.test' });
    const invitation = lienDans((await t.smtp.attendre('collegue@cfa-a.test')).text, '/invitation');
    await anonyme.get('/mot-de-passe/oublie');
    await anonyme.post('/mot-de-passe/oublie', { email: 'org@cfa-a.test' });
    const reinit = lienDans(
      (await t.smtp.attendre('org@cfa-a.test', /Réinitialisation/)).text,
      '/mot-de-passe',
    );
    const local = (u: string) => {
      const x = new URL(u);
      return `${x.pathname}${x.search}`;
    };

    // Each role's pages, walked by their links from its home: the forms each shows.
    const roles: [string, Navigateur, string[]][] = [
      [
        'anonyme',
        anonyme,
        ['/connexion', '/inscription', '/mot-de-passe/oublie', local(invitation), local(reinit)],
      ],
      ['organisme', org, ['/espace', '/compte', `/espace/formations/${brouillon}`]],
      ['gestionnaire', gest, ['/gestion', `/gestion/formations/${soumise}`]],
      ['instructeur', instr, ['/instruction', `/instruction/parcoursup/${instruite}`]],
      ['admin', admin, ['/admin', '/admin/perimetre/nouvelle']],
    ];
    const trouves = new Map<string, { role: string; nav: Navigateur; page: string; f: Formulaire }>();
    const routes = routesPost(t.app);
    for (const [role, nav, depart] of roles) {
      const vus = new Set<string>();
      const file = [...depart];
      const parChemin = new Map<string, number>();
      while (file.length > 0 && vus.size < 250) {
        const url = file.shift()!;
        if (vus.has(url)) continue;
        vus.add(url);
        const r = await nav.get(url);
        if (r.statusCode !== 200 || !String(r.headers['content-type']).startsWith('text/html')) continue;
        for (const f of formulairesDe(r.body, url.split('#')[0]!)) {
          const chemin = f.action.split(/[?#]/)[0]!;
          // The most specific route first (`/nouvelle` before `/:id`), as the router does.
          const route = routes
            .filter((x) => motif(x).test(chemin))
            .sort((a, b) => a.split(':').length - b.split(':').length)[0];
          if (route && !trouves.has(route)) trouves.set(route, { role, nav, page: url, f });
        }
        for (const [, href] of r.body.matchAll(/<a [^>]*href="(\/[^"#]*)/g)) {
          const lien = href!.replace(/&amp;/g, '&');
          if (/^\/(api|dsfr|static|assets)\b|\.(csv|xlsx|xml|json|zip|pdf)\b|^\/deconnexion/.test(lien))
            continue;
          const chemin = lien.split('?')[0]!;
          // A few variants of a listing (filters, pages) are enough to reach its forms.
          const n = parChemin.get(chemin) ?? 0;
          if (vus.has(lien) || n >= 3) continue;
          parChemin.set(chemin, n + 1);
          file.push(lien);
        }
      }
    }

    expect(SANS_SAISIE_NON_PARCOURUS.filter((r) => !routes.includes(r))).toEqual([]);
    const introuvables = routes.filter((r) => !trouves.has(r) && !SANS_SAISIE_NON_PARCOURUS.includes(r));
    const echecs: string[] = [];
    let verifies = 0;
    for (const route of routes) {
      const trouve = trouves.get(route);
      if (!trouve || trouve.f.enctype.includes('multipart')) continue;
      const { role, nav, page, f } = trouve;
      const tape = f.champs.find((c) => TAPES.has(c.type) && c.tag !== 'select');
      if (!tape) continue;
      await nav.get(page);
      const envoi = corps(f);
      envoi[tape.name] = `${tape.value || 'abc'}\u0000`;
      const r = await nav.post(f.action, envoi);
      verifies++;
      const sous = sousLeChamp(r.body, tape.id ?? tape.name);
      const ok =
        r.statusCode === 400 &&
        String(r.headers['content-type']).startsWith('text/html') &&
        /^[^:]+ : le caractère nul \(U\+0000\), invisible, n’est pas accepté/.test(sous) &&
        !texte(r.body).includes('contient un caractère interdit');
      if (!ok)
        echecs.push(
          `${route} (${role}, champ ${tape.name}, depuis ${page}) → ${r.statusCode} « ${sous || texte(r.body).slice(0, 160)} »`,
        );
    }
    // Every route's form was found on a page (else the walk, or the seeds above, must reach it).
    expect({ introuvables, echecs }).toEqual({ introuvables: [], echecs: [] });
    expect(verifies).toBeGreaterThan(15);
  }, 600_000);
});
