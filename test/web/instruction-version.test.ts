import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS } from '../conformite/formations.fixture.ts';

// The instructeur's decision form carried no version (team notes, 05/12): a decision recorded from a
// page opened before another instructeur decided, or before the offer changed, silently replaced
// what the instructeur never saw. The page now carries the version it shows (hidden `version`), as
// the space's forms and the gestionnaire's review do: a stale one is refused (409
// FORMATION_MODIFIEE) with what changed and what deciding again would replace, nothing decided; a
// form without it 400 VERSION_MANQUANTE. Through the API, `If-Match` with the state's `version`
// (412 PRECONDITION_ECHOUEE), optional as for the gestionnaire's decisions.

let t: TestWeb;
const sys = SYSTEME('test');
let ines: Navigateur;
let paul: Navigateur;
let auth: { authorization: string };

const statut = async (id: string) =>
  (await t.ctx.db.selectFrom('formation').select('parcoursup').where('id', '=', id).executeTakeFirstOrThrow())
    .parcoursup;

async function publiee(cle: string) {
  const input = bts(cle, { intitule: `BTS ${cle}` });
  const { id } = await saveFormation(t.ctx, sys, input);
  await transition(t.ctx, sys, id, 'publier');
  await transition(t.ctx, sys, id, 'valider');
  return { id, input };
}

/** The hidden `version` field of the decision form. */
const versionDe = (html: string) => /name="version" value="([^"]*)"/.exec(html)?.[1] ?? '';

/** The text of the version alert of a page (its `div`, nothing after it). */
const alerteDe = (html: string) => {
  const debut = html.indexOf('id="conflit"');
  return debut < 0 ? '' : texte(html.slice(debut, html.indexOf('</div>', debut)));
};

/** A decision refused for the version it carries (409): the text of the page's alert. */
async function refusee(nav: Navigateur, id: string, saisie: Record<string, string>) {
  const r = await nav.post(`/instruction/parcoursup/${id}`, saisie);
  expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
  return alerteDe(r.body);
}

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const a = await compte(t, {
    email: 'ines@ac-lyon.test',
    role: 'instructeur',
    academie: '10',
    nom: 'Inès Martin',
  });
  const b = await compte(t, {
    email: 'paul@ac-lyon.test',
    role: 'instructeur',
    academie: '10',
    nom: 'Paul Roux',
  });
  ines = new Navigateur(t.app, '10.61.0.1');
  await ines.seConnecter(a.email, a.motDePasse);
  paul = new Navigateur(t.app, '10.61.0.2');
  await paul.seConnecter(b.email, b.motDePasse);
  const cle = await createApiKey(t.ctx, { name: 'scripts instruction', scope: 'admin' });
  auth = { authorization: `Bearer ${cle.key}` };
});
afterAll(() => t?.close());

describe('the decision page carries the version it shows', () => {
  it('a decision with it goes through', async () => {
    const { id } = await publiee('IV-1');
    const page = await ines.get(`/instruction/parcoursup/${id}`);
    const version = versionDe(page.body);
    expect(version).toMatch(/^[0-9a-f]{16}-[0-9a-f]{16}$/);
    const r = await ines.post(`/instruction/parcoursup/${id}`, { action: 'publier', motif: '', version });
    expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
    expect(await statut(id)).toBe('pret_pour_integration');
  });

  it('another instructeur decided meanwhile: 409, what changed and what deciding again would replace, nothing decided', async () => {
    const { id } = await publiee('IV-2');
    const chezPaul = versionDe((await paul.get(`/instruction/parcoursup/${id}`)).body);
    const chezInes = versionDe((await ines.get(`/instruction/parcoursup/${id}`)).body);
    expect(chezPaul).toBe(chezInes);
    expect(
      (
        await ines.post(`/instruction/parcoursup/${id}`, {
          action: 'non_publier',
          motif: 'Capacité non confirmée',
          version: chezInes,
        })
      ).statusCode,
    ).toBe(303);

    const r = await paul.post(`/instruction/parcoursup/${id}`, {
      action: 'mettre_en_attente',
      motif: 'Attente du recteur',
      version: chezPaul,
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    const alerte = alerteDe(r.body);
    expect(alerte).toMatch(
      /Cette offre a changé depuis l’ouverture de la page : la décision Parcoursup « Ne pas publier » a été prise par Inès Martin \(ines@ac-lyon\.test\) le \d+/,
    );
    expect(alerte).toContain('votre décision n’a pas été enregistrée');
    expect(alerte).toContain('Si vous enregistrez de nouveau, ces champs remplaceront la version actuelle :');
    expect(alerte).toContain('Statut Parcoursup (actuellement « Non publié »)');
    expect(alerte).toContain('Décision de l’instructeur (actuellement « Non publié »)');
    expect(alerte).toContain('Motif (actuellement « Capacité non confirmée »)');
    expect(await statut(id)).toBe('non_publie');
    // What Paul chose is kept; the form now carries the current version.
    expect(r.body).toMatch(/<option value="mettre_en_attente" selected/);
    expect(r.body).toMatch(/<textarea[^>]*name="motif"[^>]*>Attente du recteur<\/textarea>/);
    const nouvelle = versionDe(r.body);
    expect(nouvelle).not.toBe(chezPaul);
    const ok = await paul.post(`/instruction/parcoursup/${id}`, {
      action: 'mettre_en_attente',
      motif: 'Attente du recteur',
      version: nouvelle,
    });
    expect(ok.statusCode).toBe(303);
    expect(await statut(id)).toBe('en_attente_mise_a_jour');
  });

  // Fresh user, 07/12: after « Publier » in another tab, the box said the decision was « vide ».
  it('« Publier » taken meanwhile: the box gives the current decision « Publier », never « vide »', async () => {
    const { id } = await publiee('IV-2B');
    const chezPaul = versionDe((await paul.get(`/instruction/parcoursup/${id}`)).body);
    const chezInes = versionDe((await ines.get(`/instruction/parcoursup/${id}`)).body);
    expect(
      (await ines.post(`/instruction/parcoursup/${id}`, { action: 'publier', motif: '', version: chezInes }))
        .statusCode,
    ).toBe(303);
    const r = await paul.post(`/instruction/parcoursup/${id}`, {
      action: 'non_publier',
      motif: 'Capacité non confirmée',
      version: chezPaul,
    });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    const alerte = alerteDe(r.body);
    expect(alerte).toMatch(/la décision Parcoursup « Publier » a été prise par Inès Martin/);
    expect(alerte).toContain('Décision de l’instructeur (actuellement « Publier »)');
    expect(alerte).not.toContain('Décision de l’instructeur (actuellement vide)');
    expect(await statut(id)).toBe('pret_pour_integration');
  });

  // An offer renewed by the campaign rollover reaches « Prêt pour intégration » with no decision:
  // the box said « Publier », as if an instructeur had chosen it this campaign.
  it('renewed automatically meanwhile: the box says so, never « Publier »', async () => {
    const etats = () =>
      t.ctx.db
        .selectFrom('plateforme_etat')
        .select(['identite', 'annee'])
        .where('plateforme', '=', 'parcoursup')
        .execute();
    const avant = new Set((await etats()).map((e) => e.identite));
    const { id } = await publiee('IV-2C');
    const etat = (await etats()).find((e) => !avant.has(e.identite))!;
    const chezPaul = versionDe((await paul.get(`/instruction/parcoursup/${id}`)).body);
    // What the rollover leaves (domain/plateforme.ts recalculer): published on Parcoursup the
    // campaign before, ready for integration in this one without a decision.
    await t.ctx.db
      .updateTable('plateforme_etat')
      .set({ statut: 'pret_pour_integration', publie_annee: etat.annee - 1 })
      .where('plateforme', '=', 'parcoursup')
      .where('identite', '=', etat.identite)
      .execute();
    const alerte = await refusee(paul, id, { action: 'non_publier', motif: 'Motif', version: chezPaul });
    expect(alerte).toContain('Statut Parcoursup (actuellement « Prêt pour intégration »)');
    expect(alerte).toContain(
      'Décision de l’instructeur (actuellement « Reconduite automatiquement (publiée la campagne précédente) »)',
    );
    expect(alerte).not.toContain('« Publier »');
  });

  it('the offer changed meanwhile: 409 naming who changed it', async () => {
    const { id, input } = await publiee('IV-3');
    const version = versionDe((await ines.get(`/instruction/parcoursup/${id}`)).body);
    // A write of the diffused offer (the system's writes apply directly, as a validated revision does).
    await saveFormation(t.ctx, sys, { ...input, intitule: 'BTS IV-3 modifié' }, { id });
    const r = await ines.post(`/instruction/parcoursup/${id}`, { action: 'publier', motif: '', version });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    expect(alerteDe(r.body)).toMatch(
      /Cette offre a changé depuis l’ouverture de la page : la formation a été modifiée par .+ le \d+/,
    );
    expect(await statut(id)).toBe('a_publier');
    expect(r.body).toContain('BTS IV-3 modifié');
  });

  it('a form without its version: 400 VERSION_MANQUANTE, nothing decided, the choice kept', async () => {
    const { id } = await publiee('IV-4');
    const r = await ines.post(`/instruction/parcoursup/${id}`, {
      action: 'non_publier',
      motif: 'Sans version',
    });
    expect(r.statusCode).toBe(400);
    expect(alerteDe(r.body)).toContain('ne porte pas le champ « version »');
    expect(r.body).toMatch(/<textarea[^>]*name="motif"[^>]*>Sans version<\/textarea>/);
    expect(versionDe(r.body)).not.toBe('');
    expect(await statut(id)).toBe('a_publier');
  });
});

describe('through the API', () => {
  const decision = (id: string, body: object, ifMatch?: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/formations/${id}/plateformes/parcoursup/decision`,
      headers: { ...auth, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
      payload: JSON.stringify(body),
    });
  const versionLue = async (id: string) => {
    const r = await t.app.inject({ url: `/api/v1/formations/${id}/plateformes`, headers: auth });
    return (r.json().data as { plateforme: string; version: string }[]).find(
      (e) => e.plateforme === 'parcoursup',
    )!.version;
  };

  it('If-Match with the state’s version: 412 PRECONDITION_ECHOUEE once it changed, 200 with the current one', async () => {
    const { id } = await publiee('IV-API');
    const lue = await versionLue(id);
    expect(lue).toMatch(/^[0-9a-f]{16}-[0-9a-f]{16}$/);
    // The same version as the page shows.
    expect(versionDe((await ines.get(`/instruction/parcoursup/${id}`)).body)).toBe(lue);
    expect(
      (
        await ines.post(`/instruction/parcoursup/${id}`, {
          action: 'non_publier',
          motif: 'Dossier',
          version: lue,
        })
      ).statusCode,
    ).toBe(303);
    const perime = await decision(id, { action: 'reprendre' }, `"${lue}"`);
    expect(perime.statusCode).toBe(412);
    expect(perime.json().code).toBe('PRECONDITION_ECHOUEE');
    expect(perime.json().detail).toContain('Inès Martin');
    // An API client has no page: the text names the version sent and the current one, also the ETag.
    const courante = await versionLue(id);
    expect(perime.json().detail).not.toContain('page');
    expect(perime.json().detail).toMatch(
      new RegExp(
        `^La version "${lue}" envoyée dans If-Match n’est plus la version courante "${courante}" de l’état Parcoursup de la formation ${id} : la décision Parcoursup « Ne pas publier » a été prise par Inès Martin`,
      ),
    );
    expect(perime.headers.etag).toBe(`"${courante}"`);
    expect(perime.json()).toMatchObject({ etag_actuel: `"${courante}"`, version_actuelle: courante });
    expect(await statut(id)).toBe('non_publie');
    // One platform's state, with its ETag (the list holds two states: their `version` only).
    const un = await t.app.inject({ url: `/api/v1/formations/${id}/plateformes/parcoursup`, headers: auth });
    expect(un.statusCode, un.body).toBe(200);
    expect(un.json()).toMatchObject({ plateforme: 'parcoursup', version: courante });
    expect(un.headers.etag).toBe(`"${courante}"`);
    const ok = await decision(id, { action: 'reprendre' }, un.headers.etag as string);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().version).toMatch(/^[0-9a-f]{16}-[0-9a-f]{16}$/);
    expect(ok.headers.etag).toBe(`"${ok.json().version}"`);
    // A malformed If-Match is the header's fault (400), not a change (412).
    const malforme = await decision(id, { action: 'reprendre' }, ok.json().version);
    expect(malforme.statusCode).toBe(400);
    expect(malforme.json().code).toBe('IF_MATCH_INVALIDE');
    // Without If-Match, as before: the decision of the moment.
    expect((await decision(id, { action: 'publier' })).statusCode).toBe(200);
    expect(await statut(id)).toBe('pret_pour_integration');
  });
});
