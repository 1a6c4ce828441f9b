import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/services/apikey.service.ts';
import { SIREN_A, SIRET_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import {
  creerParFormulaire,
  ficheComplete,
  loadReferentiels,
  publieeParPages,
  retirerParPages,
  sessionAjouteeParApi,
  statutDe,
  versionDe,
  versionLue,
} from './espace.helpers.ts';

// A review of the space (05/12): « Abandonner la révision » carried no version. Tab 1 shows the
// offer with its revision (« titre v2 »); tab 2 (or the CFA's software through the API) changes
// the revision to « titre v3 »; tab 1 abandons: v3, never seen, was thrown away. The abandon form
// now carries the version its page showed, as « Confirmer la publication » does: a stale one is
// refused (409 FORMATION_MODIFIEE, nothing abandoned), the page shown again with what changed,
// by whom and when; without it, 400 VERSION_MANQUANTE. And « Archiver », confirmed on a page
// opened before a revision was proposed, abandoned it unsaid: its confirmation carries the version
// too, and says the revision in progress will be abandoned.

let t: TestWeb;
let org: Navigateur;
let g11: Navigateur;
let auth: { authorization: string };

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  await loadReferentiels(t.ctx);
  org = await connecte(t, { email: 'cfa@abandon.test', role: 'organisme', siren: SIREN_A }, '10.49.0.1');
  g11 = await connecte(t, { email: 'g11@abandon.test', role: 'gestionnaire', region: '11' }, '10.49.0.2');
  const cle = await createApiKey(t.ctx, { name: 'SI du CFA', scope: 'write', siren: SIREN_A });
  auth = { authorization: `Bearer ${cle.key}` };
}, 120_000);
afterAll(() => t?.close());

const revision = async (id: string) =>
  ((await t.ctx.db
    .selectFrom('formation_revision')
    .select('payload')
    .where('formation_id', '=', id)
    .where('statut', 'in', ['en_attente_validation', 'a_corriger'])
    .executeTakeFirst()) as { payload: { intitule: string } } | undefined) ?? null;

/** A published offer whose revision proposes `intitule` (saved through the page): its id. */
async function avecRevision(publie: string, intitule: string): Promise<string> {
  const id = await publieeParPages(org, g11, SIRET_A, publie);
  const url = `/espace/formations/${id}`;
  const r = await org.post(url, {
    ...ficheComplete(SIRET_A, { intitule }),
    version: await versionLue(org, url),
  });
  expect(r.statusCode, texte(r.body).slice(0, 400)).toBe(303);
  return id;
}

/** The abandon form of a formation page `html`: its hidden fields, the box ticked. */
function abandon(html: string): Record<string, string> {
  const debut = html.indexOf('/revision/abandonner"');
  expect(debut, 'the page offers « Abandonner la révision »').toBeGreaterThan(0);
  const form = html.slice(debut, html.indexOf('</form>', debut));
  const champ = (nom: string) => new RegExp(`name="${nom}" value="([^"]*)"`).exec(form)?.[1];
  const version = champ('version');
  const historique = champ('historique');
  return {
    confirmer_abandon: 'oui',
    ...(version !== undefined ? { version } : {}),
    ...(historique !== undefined ? { historique } : {}),
  };
}

/** The text of the version alert of a page (its `div`, nothing after it). */
const alerteDe = (html: string) => {
  const debut = html.indexOf('id="conflit"');
  return debut < 0 ? '' : texte(html.slice(debut, html.indexOf('</div>', debut)));
};

describe('« Abandonner la révision » after the revision changed elsewhere', () => {
  it('is refused (409), nothing abandoned; the page says what changed, by whom, and abandons then', async () => {
    const id = await avecRevision('Abandon périmé', 'Abandon périmé v2');
    const url = `/espace/formations/${id}`;
    // Tab 1: the page with its abandon form.
    const page = await org.get(url);
    const form = abandon(page.body);
    expect(form.version).toMatch(/^[0-9a-f]{32}$/);
    expect(form.historique).toMatch(/^\d+$/);
    // Tab 2: the revision changed again.
    const v3 = await org.post(url, {
      ...ficheComplete(SIRET_A, { intitule: 'Abandon périmé v3' }),
      version: await versionLue(org, url),
    });
    expect(v3.statusCode, texte(v3.body).slice(0, 400)).toBe(303);

    const r = await org.post(`${url}/revision/abandonner`, form);
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    expect(r.headers.location).toBeUndefined();
    expect((await revision(id))?.payload.intitule).toBe('Abandon périmé v3');
    const alerte = alerteDe(r.body);
    expect(r.body).toMatch(/class="fr-alert fr-alert--error[^"]*"[^>]*id="conflit"/);
    expect(alerte).toContain('Cette révision a changé depuis l’ouverture de la page');
    expect(alerte).toContain(
      'Cette formation a été modifiée depuis l’ouverture de la page (dernière modification par',
    );
    expect(alerte).toContain('rien n’a été abandonné');
    expect(alerte).toContain('Intitulé (actuellement « Abandon périmé v3 »)');
    expect(alerte).not.toContain('Vos saisies');
    expect(r.body.slice(r.body.indexOf('id="conflit"'))).toContain(`href="${url}"`);
    // The page below is the offer as it now stands; its abandon form carries the current version.
    const encore = abandon(r.body);
    expect(encore.version).not.toBe(form.version);
    expect(encore.version).toBe(versionDe((await org.get(url)).body));

    // Abandoned again, knowingly.
    const ok = await org.post(`${url}/revision/abandonner`, encore);
    expect(ok.statusCode, texte(ok.body).slice(0, 400)).toBe(303);
    expect(ok.headers.location).toBe(`${url}?info=revision_abandonnee`);
    expect(await revision(id)).toBeNull();
  });

  it('a change through the API refuses it the same, naming the API key', async () => {
    const id = await avecRevision('Abandon API', 'Abandon API v2');
    const url = `/espace/formations/${id}`;
    const form = abandon((await org.get(url)).body);
    await sessionAjouteeParApi(t, auth, id);
    const r = await org.post(`${url}/revision/abandonner`, form);
    expect(r.statusCode).toBe(409);
    expect(alerteDe(r.body)).toContain('par l’API (clé « SI du CFA »)');
    expect(alerteDe(r.body)).toContain('Session du 4 octobre 2027 au 30 juin 2029 ajoutée');
    expect(await revision(id)).not.toBeNull();
  });

  it('without its `version` field: 400 VERSION_MANQUANTE, nothing abandoned', async () => {
    const id = await avecRevision('Abandon sans version', 'Abandon sans version v2');
    const r = await org.post(`/espace/formations/${id}/revision/abandonner`, { confirmer_abandon: 'oui' });
    expect(r.statusCode).toBe(400);
    const alerte = alerteDe(r.body);
    expect(alerte).toContain('Formulaire incomplet');
    expect(alerte).toContain('« version »');
    expect(alerte).toContain('rien n’a été abandonné');
    expect((await revision(id))?.payload.intitule).toBe('Abandon sans version v2');
  });

  it('clicked twice on the same page: the second says there is no revision any more (no 409)', async () => {
    const id = await avecRevision('Abandon double', 'Abandon double v2');
    const url = `/espace/formations/${id}`;
    const form = abandon((await org.get(url)).body);
    const une = await org.post(`${url}/revision/abandonner`, form);
    expect(une.headers.location).toBe(`${url}?info=revision_abandonnee`);
    const deux = await org.post(`${url}/revision/abandonner`, form);
    expect(deux.statusCode).toBe(303);
    expect(deux.headers.location).toBe(`${url}?info=sans_revision`);
  });
});

describe('« Archiver » confirmed on a page opened before a revision was proposed', () => {
  it('is refused (409), nothing archived; the confirmation again says the revision will be abandoned', async () => {
    const id = await publieeParPages(org, g11, SIRET_A, 'Archivage périmé');
    const url = `/espace/formations/${id}`;
    const confirmation = await org.get(`${url}/archiver`);
    expect(texte(confirmation.body)).not.toContain('révision en cours');
    const version = versionDe(confirmation.body);
    expect(version).toMatch(/^[0-9a-f]{32}$/);
    // Another tab proposes a revision.
    const v2 = await org.post(url, {
      ...ficheComplete(SIRET_A, { intitule: 'Archivage périmé v2' }),
      version: await versionLue(org, url),
    });
    expect(v2.statusCode).toBe(303);

    const r = await org.post(`${url}/archiver`, { statut: 'publiee', version });
    expect(r.statusCode, texte(r.body).slice(0, 600)).toBe(409);
    const lu = texte(r.body);
    expect(lu).toContain('Cette formation a été modifiée depuis l’affichage de la confirmation');
    expect(lu).toContain('rien n’a été fait');
    expect(lu).toContain('la révision en cours abandonnée');
    expect(await statutDe(t.ctx, id)).toBe('publiee');
    expect(await revision(id)).not.toBeNull();
    // Confirmed again on the page that says it: archived.
    const ok = await org.post(`${url}/archiver`, { statut: 'publiee', version: versionDe(r.body) });
    expect(ok.statusCode, texte(ok.body).slice(0, 400)).toBe(303);
    expect(ok.headers.location).toBe(`/espace?info=archivee&formation=${id}`);
  });
});

// A review of the If-Match work (05/12): the archive / delete-draft confirmation's version was
// optional (a form without it was checked on its statut only, for pages opened before the field):
// a hand-made or truncated form could archive an offer whose revision it never showed. Required
// now, as « Abandonner la révision » and « Confirmer la publication » require theirs.
describe('« Archiver » / « Supprimer le brouillon » without the `version` field', () => {
  it('is refused (400 VERSION_MANQUANTE), nothing done; the confirmation is shown again, with its version', async () => {
    const publiee = await publieeParPages(org, g11, SIRET_A, 'Archivage sans version');
    const brouillon = await creerParFormulaire(
      org,
      ficheComplete(SIRET_A, { intitule: 'Brouillon sans version' }),
    );
    for (const [id, retrait, statut] of [
      [publiee, 'archiver', 'publiee'],
      [brouillon, 'supprimer', 'brouillon'],
    ] as const) {
      const url = `/espace/formations/${id}/${retrait}`;
      for (const version of [undefined, '', '  ']) {
        const r = await org.post(url, { statut, ...(version === undefined ? {} : { version }) });
        expect(
          r.statusCode,
          `${retrait} version=${JSON.stringify(version)}: ${texte(r.body).slice(0, 300)}`,
        ).toBe(400);
        const lu = texte(r.body);
        expect(lu).toContain('Formulaire incomplet');
        expect(lu).toContain(
          'Le formulaire envoyé ne porte pas le champ « version » (la version de la formation affichée par la page) : rien n’a été fait.',
        );
        expect(await statutDe(t.ctx, id)).toBe(statut);
        // The confirmation shown again carries the version: confirming it does it.
        expect(versionDe(r.body)).toMatch(/^[0-9a-f]{32}$/);
      }
      const { r: ok } = await retirerParPages(org, id, retrait, statut);
      expect(ok.statusCode, texte(ok.body).slice(0, 400)).toBe(303);
    }
  });
});
