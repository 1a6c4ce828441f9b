import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { recomputeAll } from '../../src/services/conformite.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { compte, connecte, Navigateur, type TestWeb, testWeb, texte } from '../auth/web.helpers.ts';
import { loadReferentiels } from '../conformite/faits.helper.ts';
import { bts, NOW, REFERENTIELS, SIRET_A } from '../conformite/formations.fixture.ts';

// /instruction showed an action's responsable, not its mandataire: a conventionné action open to
// apprenticeship (Région market) is owned by the market holder, whom the instructeur needs to know
// (docs/conventionne.md). The list and the offer's file name it by raison sociale and SIRET; an
// instructeur of another académie, a gestionnaire of another région cannot open its page.

let t: TestWeb;
const sys = SYSTEME('test');
let lyon: Navigateur;
let conventionnee: string;
let apprentissage: string;
const MANDATAIRE = '34111111100017';
const MARCHE = {
  financeur: 'region',
  numero_marche: 'M1451401',
  date_notification_marche: '2026-03-10',
  contact: { nom: 'M. Martin', telephone: '0473000000' },
} as const;

beforeAll(async () => {
  t = await testWeb({ smtp: false, now: () => NOW });
  await loadReferentiels(t.ctx.db, REFERENTIELS);
  const publiee = async (f: ReturnType<typeof bts>) => {
    const { id } = await saveFormation(t.ctx, sys, f);
    await transition(t.ctx, sys, id, 'publier');
    await transition(t.ctx, sys, id, 'valider');
    return id;
  };
  const action = bts('INSTR-CONV', {
    intitule: 'BTS sous marché Région',
    mandataire: { siret: MANDATAIRE, raison_sociale: 'Groupement mandataire AURA' },
    financeurs: ['region'],
  });
  // Its sessions complete for the Région (market, contact): CONV_MARCHE / CONV_CONTACT check the
  // sessions of a Région-funded action, their own funder given or not (docs/conventionne.md).
  conventionnee = await publiee({ ...action, sessions: action.sessions.map((s) => ({ ...s, ...MARCHE })) });
  apprentissage = await publiee(bts('INSTR-APP', { intitule: 'BTS sans marché' }));
  await recomputeAll(t.ctx);
  const i = await compte(t, { email: 'ines@ac-lyon.test', role: 'instructeur', academie: '10' });
  lyon = new Navigateur(t.app, '10.41.0.1');
  await lyon.seConnecter(i.email, i.motDePasse);
});
afterAll(() => t?.close());

it('the list names the mandataire by raison sociale and SIRET, « – » for an offer without one', async () => {
  const r = await lyon.get('/instruction?plateforme=parcoursup');
  expect(r.statusCode).toBe(200);
  expect(r.body).toContain('<th scope="col">Mandataire</th>');
  const ligne = (intitule: string) =>
    texte(r.body.split('<tr').find((l) => l.includes(intitule)) ?? '').replace(/\s+/g, ' ');
  expect(ligne('BTS sous marché Région')).toContain(
    'CFA Exemple Groupement mandataire AURA (SIRET 341 111 111 00017)',
  );
  expect(ligne('BTS sans marché')).toContain('CFA Exemple –');
});

it('the offer’s file names the responsable, the formateur and the mandataire', async () => {
  const r = await lyon.get(`/instruction/parcoursup/${conventionnee}`);
  expect(r.statusCode, texte(r.body).slice(0, 300)).toBe(200);
  const t0 = texte(r.body);
  expect(t0).toContain(`Organisme responsable : CFA Exemple (SIRET 130 025 265 00013)`);
  expect(t0).toContain(
    'Mandataire (titulaire du marché, propriétaire de l’offre) : Groupement mandataire AURA (SIRET 341 111 111 00017)',
  );
  // An apprenticeship offer has none: the line is not there.
  const sans = await lyon.get(`/instruction/parcoursup/${apprentissage}`);
  expect(sans.statusCode).toBe(200);
  expect(sans.body).not.toContain('id="organisme-mandataire"');
  expect(texte(sans.body)).toContain(
    `Organisme formateur : CFA Exemple (SIRET ${SIRET_A.replace(/^(\d{3})(\d{3})(\d{3})/, '$1 $2 $3 ')})`,
  );
});

it('an instructeur of another académie, a gestionnaire of another région: the action’s page is not theirs', async () => {
  const i = await compte(t, { email: 'ian@ac-lille.test', role: 'instructeur', academie: '09' });
  const lille = new Navigateur(t.app, '10.41.0.2');
  await lille.seConnecter(i.email, i.motDePasse);
  expect(texte((await lille.get('/instruction?plateforme=parcoursup')).body)).not.toContain(
    'Groupement mandataire',
  );
  const page = await lille.get(`/instruction/parcoursup/${conventionnee}`);
  expect(page.statusCode).toBe(403);
  expect(page.body).not.toContain('Groupement mandataire');
  // The gestionnaire of Île-de-France: the review of a Lyon action is refused (403), without its mandataire.
  const g11 = await connecte(
    t,
    { email: 'g11@region.test', role: 'gestionnaire', region: '11' },
    '10.41.0.3',
  );
  const revue = await g11.get(`/gestion/formations/${conventionnee}`);
  expect(revue.statusCode).toBe(403);
  expect(revue.body).not.toContain('Groupement mandataire');
  // Its own région's gestionnaire reads it, mandataire included.
  const g84 = await connecte(
    t,
    { email: 'g84@region.test', role: 'gestionnaire', region: '84' },
    '10.41.0.4',
  );
  expect(texte((await g84.get(`/gestion/formations/${conventionnee}`)).body)).toContain(
    'Groupement mandataire AURA (SIRET 341 111 111 00017)',
  );
});
