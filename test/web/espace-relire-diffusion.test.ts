import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { avecSessionFinAvantDebut } from '../helpers/formations.ts';

// A fresh user's report: « Relire avant publication » showed the offer and « Confirmer la
// publication » without a word when the offer, once validated, would not be diffused (a blocking
// rule failing: Non réglementaire) or would not reach Parcoursup and Affelnet (a platform rule
// failing). The page now says so above the offer, from the same results as its Conformité section
// (espace.service.ts reglesEspace: the draft's, or the revision's as validating it would store them).

let t: TestWeb;
let org: Navigateur;
const organisme = organismeDe(SIREN_A);
const AVIS = 'id="avis-diffusion"';
/** A start in the current campaign's session window (rentrée of next year: SESSION_CAMPAGNE passes). */
const RENTREE = `${new Date().getUTCFullYear() + (new Date().getUTCMonth() >= 7 ? 1 : 0)}-09-01`;

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  org = await connecte(t, { email: 'relire@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.34.0.1');
});
afterAll(() => t?.close());

const relire = async (id: string) => {
  const r = await org.get(`/espace/formations/${id}/relire`);
  expect(r.statusCode).toBe(200);
  return r;
};
/** The page's text from the warning to the offer itself. */
const avis = (body: string) => {
  const p = texte(body);
  const fin = p.indexOf('Voici l’offre');
  return p.slice(
    p.search(/Relire (avant publication|la révision)/),
    fin < 0 ? p.indexOf('Votre révision') : fin,
  );
};

describe('« Relire avant publication » says what will keep the offer from being diffused', () => {
  it('a draft failing a blocking rule: not diffused once validated, which rule, how to fix it', async () => {
    const { id } = await saveFormation(
      t.ctx,
      organisme,
      avecSessionFinAvantDebut(formationFixture({ cle_externe: 'RELIRE-BLOQUANT' })),
    );
    const r = await relire(id);
    expect(r.body).toContain(AVIS);
    expect(r.body).toMatch(/class="fr-alert fr-alert--warning[^"]*" id="avis-diffusion"/);
    const a = avis(r.body);
    expect(a).toContain('Cette offre ne sera pas diffusée : 1 règle bloquante en échec');
    expect(a).toContain(
      'ni dans la recherche publique, ni par l’API et les exports, ni vers Parcoursup et Affelnet',
    );
    expect(a).toContain('(SESSION_DATES)');
    expect(a).toContain('Pour corriger :');
    // Still sendable: the gestionnaire decides; the page says it before the button.
    expect(r.body).toContain('Confirmer la publication');
  });

  it('a draft failing a platform rule only: diffused, but neither Parcoursup nor Affelnet will have it', async () => {
    // Its one session starts before the current campaign's rentrée (SESSION_CAMPAGNE, plateforme).
    const { id } = await saveFormation(
      t.ctx,
      organisme,
      formationFixture({ cle_externe: 'RELIRE-PLATEFORME' }),
    );
    const a = avis((await relire(id)).body);
    expect(a).toContain('Parcoursup et Affelnet ne recevront pas cette offre');
    expect(a).toContain('(SESSION_CAMPAGNE)');
    expect(a).toContain('Pour corriger :');
    expect(a).not.toContain('ne sera pas diffusée');
  });

  it('a draft failing nothing that matters: no warning', async () => {
    const input = formationFixture({ cle_externe: 'RELIRE-OK' });
    const { id } = await saveFormation(t.ctx, organisme, {
      ...input,
      sessions: [
        ...input.sessions,
        { ...input.sessions[0]!, cle_externe: 'S-RENTREE', debut: RENTREE, fin: '2029-06-30' },
      ],
    });
    expect((await relire(id)).body).not.toContain(AVIS);
  });

  it('a revision failing a blocking rule of an offer diffused now: it would no longer be', async () => {
    const input = formationFixture({ cle_externe: 'RELIRE-REVISION' });
    const { id } = await saveFormation(t.ctx, organisme, input);
    await transition(t.ctx, organisme, id, 'publier');
    await transition(t.ctx, gestionnaireDe('84'), id, 'valider');
    await saveFormation(t.ctx, organisme, avecSessionFinAvantDebut(input), { id });
    const a = avis((await relire(id)).body);
    expect(a).toContain(
      'Validée en l’état, cette offre ne serait plus diffusée : 1 règle bloquante en échec',
    );
    expect(a).toContain('(SESSION_DATES)');
  });

  // A fresh user's report: on a published offer whose revision waits for validation, the page said
  // « Relire avant publication » with « Confirmer la publication », which could only be refused (409
  // « ne peut pas être soumise… statut « Publiée » »): a pending revision is already sent. The page
  // is now the revision's review, says it waits already, and has no button that can only fail.
  it('a published offer: the revision’s review, no « Confirmer la publication » that can only fail', async () => {
    const input = formationFixture({ cle_externe: 'RELIRE-PUBLIEE' });
    const { id } = await saveFormation(t.ctx, organisme, input);
    await transition(t.ctx, organisme, id, 'publier');
    await transition(t.ctx, gestionnaireDe('84'), id, 'valider');
    const sans = texte((await relire(id)).body);
    expect(sans).toContain('Cette formation est publiée, sans révision en cours : il n’y a rien à publier.');
    expect(sans).not.toContain('Confirmer la publication');
    await saveFormation(t.ctx, organisme, { ...input, intitule: `${input.intitule} (révisé)` }, { id });
    const r = await relire(id);
    const p = texte(r.body);
    expect(p).toContain('Relire la révision');
    expect(p).not.toContain('Relire avant publication');
    expect(p).toContain('Votre révision attend déjà la validation d’un gestionnaire');
    expect(p).toContain('(révisé)');
    expect(r.body).not.toContain('/confirmer');
    expect(p).not.toContain('Confirmer la publication');
  });

  // A fresh user's report (a CFA running Région-funded training): « Relire avant publication » says
  // « Voici l’offre telle qu’elle sera transmise » but its session lines left out what makes a
  // session conventionnée — financeur, market number and its notification, the session's contact,
  // its information meetings — which the gestionnaire's review shows.
  it('a conventionné session: its financeur, market, notification, contact and information meeting', async () => {
    const input = formationFixture({ cle_externe: 'RELIRE-CONV', financeurs: ['region'] });
    const session = {
      ...input.sessions[0]!,
      financeur: 'region' as const,
      numero_marche: 'M1451401',
      date_notification_marche: '2026-11-15',
      contact: { nom: 'Jeanne Martin', telephone: '04 72 00 00 00', courriel: 'jeanne.martin@cfa-a.test' },
      reunions_information: [{ date: '2027-02-10', lieu: 'Salle 3', libelle: 'Réunion de présentation' }],
    };
    const { id } = await saveFormation(t.ctx, organisme, { ...input, sessions: [session] });
    const p = texte((await relire(id)).body);
    const offre = p.slice(p.indexOf('Voici l’offre'));
    expect(offre).toContain('Financeur : Région');
    expect(offre).toContain('Numéro de marché : M1451401');
    expect(offre).toContain('Notification du marché : 15 novembre 2026');
    expect(offre).toContain(
      'Contact de la session : Jeanne Martin, 04 72 00 00 00, jeanne.martin@cfa-a.test',
    );
    expect(offre).toContain('Réunion d’information : 10 février 2027, Salle 3 (Réunion de présentation)');
  });
});
