import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { approveStructure, refuseStructure } from '../../src/services/comptes/structure.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { formationFixture } from '../helpers/formations.ts';
import { compte, Navigateur, type TestWeb, testWeb, texte } from './web.helpers.ts';

// The région typed at sign-up does not choose who approves: the gestionnaires of a région where
// the SIREN is (active Sirene establishments, offers, organisme records) decide; the requested
// région only for a SIREN none of those know. Over HTTP, with the real SMTP server.

const PUY = '848086823'; // Sirene: one active establishment in Haute-Loire (84)
const DEUX = '777000001'; // Sirene: active establishments in Loire-Atlantique (52) and Rhône (84)
const NEUF = '777000019'; // unknown anywhere: the requested région decides
const OFFRES = '777000027'; // no Sirene row, an offer with a session in Lyon (84)
const DIJON = '777000035'; // Sirene: one active establishment in Dijon (27), no gestionnaire of 27
const BESANCON = '777000043'; // unknown anywhere, requested in Bourgogne-Franche-Comté (27): no gestionnaire

let t: TestWeb;
let g52: Navigateur;
let g84: Navigateur;
let g11: Navigateur;
let admin: Navigateur;
const ADMIN = { email: 'admin@region.test', role: 'admin', nom: 'Admin' };
const G = {
  g52: { email: 'g52@region.test', role: 'gestionnaire', region: '52', nom: 'Gestion Pays de la Loire' },
  g84: { email: 'g84@region.test', role: 'gestionnaire', region: '84', nom: 'Gestion ARA' },
  g11: { email: 'g11@region.test', role: 'gestionnaire', region: '11', nom: 'Gestion IDF' },
};

let ip = 0;
async function inscrire(siren: string, region: string, email: string) {
  // Each from its own address: more sign-ups than one IP may make in a window (limite inscription).
  const nav = new Navigateur(t.app, `10.7.0.${++ip}`);
  await nav.get('/inscription');
  const r = await nav.post('/inscription', {
    siren,
    raison_sociale: `Structure ${siren}`,
    region,
    sirets: '',
    nom: 'Demandeur',
    email,
    mot_de_passe: 'une phrase de passe assez longue',
    confirmation: 'une phrase de passe assez longue',
  });
  expect(r.statusCode, r.body).toBe(200);
  return texte(r.body);
}

const region = async (siren: string) =>
  (await t.ctx.db
    .selectFrom('structure')
    .select(['region', 'statut'])
    .where('siren', '=', siren)
    .executeTakeFirst())!;

beforeAll(async () => {
  t = await testWeb();
  await t.ctx.db
    .insertInto('etablissement')
    .values([
      { siret: '84808682300012', siren: PUY, etat: 'A', denomination: 'CFA LE PUY', code_commune: '43157' },
      // A closed establishment does not count.
      { siret: '84808682300020', siren: PUY, etat: 'F', denomination: null, code_commune: '35238' },
      { siret: '77700000100019', siren: DEUX, etat: 'A', denomination: 'CFA DEUX', code_commune: '44109' },
      { siret: '77700000100027', siren: DEUX, etat: 'A', denomination: null, code_commune: '69123' },
      { siret: '77700003500012', siren: DIJON, etat: 'A', denomination: 'CFA DIJON', code_commune: '21231' },
    ])
    .execute();
  await saveFormation(
    t.ctx,
    SYSTEME('test'),
    formationFixture({ siret: '77700002700014', cle_externe: 'OFF-1' }),
  );
  const navs: Navigateur[] = [];
  for (const [i, g] of [G.g52, G.g84, G.g11].entries()) {
    const c = await compte(t, g);
    const nav = new Navigateur(t.app, `10.7.1.${i + 1}`);
    await nav.seConnecter(c.email, c.motDePasse);
    navs.push(nav);
  }
  [g52, g84, g11] = navs as [Navigateur, Navigateur, Navigateur];
  // The administrators: one active, one disabled (never told).
  const a = await compte(t, ADMIN);
  admin = new Navigateur(t.app, '10.7.2.1');
  await admin.seConnecter(a.email, a.motDePasse);
  const inactif = await compte(t, { email: 'ancien-admin@region.test', role: 'admin', nom: 'Ancien' });
  await t.ctx.db.updateTable('utilisateur').set({ actif: false }).where('id', '=', inactif.id).execute();
});

/** The e-mails `email` received whose text names `siren`. */
const recus = (email: string, siren: string) =>
  t.smtp.recus.filter((m) => m.to.includes(email) && m.text.includes(siren));
afterAll(() => t.close());

describe('who decides on a sign-up: where the SIREN is, not the région typed', () => {
  it('a SIREN of Haute-Loire signed up « Pays de la Loire »: g84 is told, sees and approves; g52 is refused everywhere', async () => {
    // The confirmation names who reviews it, where the SIREN is (a fresh user's report, 05/12:
    // « transmise au gestionnaire de votre région », the région chosen being another).
    expect(await inscrire(PUY, '52', 'puy@cfa.test')).toContain(
      `La demande de compte de CFA LE PUY (déclaré : Structure ${PUY}) est transmise aux gestionnaires de la région Auvergne-Rhône-Alpes, où se trouve ce SIREN selon Sirene, les offres ou les organismes connus (et non Pays de la Loire, choisie dans le formulaire).`,
    );
    const recu = (await t.smtp.attendre(G.g84.email, /Nouvelle inscription/)).text;
    expect(recu).toContain(PUY);
    expect(recu).toContain(
      'dans la région Pays de la Loire. Ce SIREN se trouve dans la région Auvergne-Rhône-Alpes (établissements actifs selon Sirene, offres, organismes) : l’inscription revient à ses gestionnaires.',
    );

    // g52: not in its queue nor its structures, and refused on each decision, naming who decides.
    expect(texte((await g52.get('/gestion/inscriptions')).body)).toContain(
      'Aucune inscription n’attend votre décision',
    );
    expect((await g52.get('/gestion/structures')).body).not.toContain(PUY);
    for (const [url, corps] of [
      [`/gestion/inscriptions/${PUY}/approuver`, {}],
      [`/gestion/inscriptions/${PUY}/refuser`, { motif: 'Pas chez nous.' }],
      [`/gestion/structures/${PUY}/etablissements`, { siret: '84808682300012' }],
    ] as const) {
      const r = await g52.post(url, corps);
      expect(r.statusCode, url).toBe(403);
      expect(texte(r.body), url).toContain(
        'relève des gestionnaires de la région Auvergne-Rhône-Alpes, où se trouve ce SIREN',
      );
    }
    expect((await region(PUY)).statut).toBe('en_attente');

    // g84: sees it with the requested région and the discrepancy, and approves.
    const file = texte((await g84.get('/gestion/inscriptions')).body);
    // Named as Sirene names it, the name typed on the form beside it.
    expect(file).toContain(`CFA LE PUY (déclaré : Structure ${PUY}) – SIREN ${PUY}`);
    expect(file).toContain('région demandée Pays de la Loire');
    expect(file).toContain(
      'Région où se trouve ce SIREN (établissements actifs selon Sirene, offres, organismes) : Auvergne-Rhône-Alpes. Attention : la région demandée, Pays de la Loire, n’en fait pas partie',
    );
    const ok = await g84.post(`/gestion/inscriptions/${PUY}/approuver`, {});
    expect(ok.statusCode).toBe(303);
    // Filed under the deciding région: g84 manages it from now on, not g52.
    expect(await region(PUY)).toEqual({ region: '84', statut: 'active' });
    expect((await g84.get('/gestion/structures')).body).toContain(PUY);
    expect((await g52.get('/gestion/structures')).body).not.toContain(PUY);
    const hist = await t.ctx.db
      .selectFrom('historique')
      .select(['action', 'diff'])
      .where('entite_id', '=', PUY)
      .where('action', '=', 'approbation')
      .executeTakeFirstOrThrow();
    expect(hist.diff).toEqual([{ champ: 'region', avant: '52', apres: '84' }]);
    // Only the deciding région's gestionnaire was e-mailed.
    expect(t.smtp.recus.filter((m) => m.to.includes(G.g52.email))).toEqual([]);
    // The applicant is told who decided, truthfully: a gestionnaire of the région the structure is
    // filed under (not « de votre région »: Pays de la Loire was chosen), never the person.
    const ouvert = (await t.smtp.attendre('puy@cfa.test', /Votre compte Offre est ouvert/)).text;
    expect(ouvert).toContain('a été validée par un gestionnaire de la région Auvergne-Rhône-Alpes.');
    expect(ouvert).not.toContain(G.g84.email);
    expect(ouvert).not.toContain(G.g84.nom);
  });

  it('a SIREN of a région without gestionnaire: the administrators are told, review it and the e-mail says they decided', async () => {
    expect(await inscrire(DIJON, '11', 'dijon@cfa.test')).toContain(
      'est transmise aux administrateurs d’Offre : aucun gestionnaire n’est encore désigné pour la région Bourgogne-Franche-Comté, où se trouve ce SIREN selon Sirene, les offres ou les organismes connus (et non Île-de-France, choisie dans le formulaire).',
    );
    // The active administrator is e-mailed (a fresh user's report, 05/12: nobody was), with why it
    // is theirs; neither the chosen région's gestionnaire nor a disabled administrator is.
    const recu = (await t.smtp.attendre(ADMIN.email, /Nouvelle inscription/)).text;
    expect(recu).toContain(
      'dans la région Île-de-France. Ce SIREN se trouve dans la région Bourgogne-Franche-Comté (établissements actifs selon Sirene, offres, organismes). Aucun gestionnaire n’est désigné pour la région Bourgogne-Franche-Comté : l’inscription revient aux administrateurs d’Offre.',
    );
    expect(recu).toContain('http://offre.test/gestion/inscriptions');
    expect(recus('ancien-admin@region.test', DIJON)).toEqual([]);
    expect(recus(G.g11.email, DIJON)).toEqual([]);
    // …and notified in the application.
    const notif = texte((await admin.get('/notifications')).body);
    expect(notif).toContain(`CFA DIJON (déclaré : Structure ${DIJON}) (SIREN ${DIJON}) demande un compte.`);
    expect((await g11.get('/gestion/inscriptions')).body).not.toContain(DIJON);
    expect((await admin.get('/gestion/inscriptions')).body).toContain(`SIREN ${DIJON}`);

    // An administrator approves: the applicant reads that the Offre administration decided.
    expect((await admin.post(`/gestion/inscriptions/${DIJON}/approuver`, {})).statusCode).toBe(303);
    const ouvert = (await t.smtp.attendre('dijon@cfa.test', /Votre compte Offre est ouvert/)).text;
    expect(ouvert).toContain('a été validée par l’administration d’Offre.');
    expect(ouvert).not.toContain('gestionnaire');
    expect(ouvert).not.toContain(ADMIN.email);
  });

  it('an unknown SIREN requested in a région without gestionnaire: the administrators are told; a refusal says they refused', async () => {
    expect(await inscrire(BESANCON, '27', 'besancon@cfa.test')).toContain(
      'est transmise aux administrateurs d’Offre : aucun gestionnaire n’est encore désigné pour la région Bourgogne-Franche-Comté.',
    );
    const recu = (await t.smtp.attendre(ADMIN.email, new RegExp(`Structure ${BESANCON}`))).text;
    expect(recu).toContain(
      'dans la région Bourgogne-Franche-Comté. Aucun gestionnaire n’est désigné pour la région Bourgogne-Franche-Comté : l’inscription revient aux administrateurs d’Offre.',
    );
    expect(
      (await admin.post(`/gestion/inscriptions/${BESANCON}/refuser`, { motif: 'SIREN inconnu.' })).statusCode,
    ).toBe(303);
    const refus = (await t.smtp.attendre('besancon@cfa.test', /n’a pas été acceptée/)).text;
    expect(refus).toContain('n’a pas été acceptée par l’administration d’Offre.\nMotif : SIREN inconnu.');
    expect(refus).not.toContain('gestionnaire');
  });

  it('a SIREN unknown to the reference and the offers: the requested région decides', async () => {
    expect(await inscrire(NEUF, '52', 'neuf@cfa.test')).toContain(
      `La demande de compte de Structure ${NEUF} est transmise aux gestionnaires de la région Pays de la Loire.`,
    );
    await t.smtp.attendre(G.g52.email, /Nouvelle inscription/);
    expect((await g84.get('/gestion/inscriptions')).body).not.toContain(NEUF);
    const r = await g84.post(`/gestion/inscriptions/${NEUF}/approuver`, {});
    expect(r.statusCode).toBe(403);
    expect(texte(r.body)).toContain(
      'relève des gestionnaires de la région Pays de la Loire, demandée à l’inscription',
    );
    const file = texte((await g52.get('/gestion/inscriptions')).body);
    expect(file).toContain(
      'SIREN inconnu des données de référence et des offres : décidé par la région demandée (Pays de la Loire).',
    );
    expect((await g52.post(`/gestion/inscriptions/${NEUF}/approuver`, {})).statusCode).toBe(303);
    expect(await region(NEUF)).toEqual({ region: '52', statut: 'active' });
  });

  it('a SIREN with establishments in two régions: either région’s gestionnaires decide, no other', async () => {
    await inscrire(DEUX, '11', 'deux@cfa.test');
    await t.smtp.attendre(G.g52.email, new RegExp(`Structure ${DEUX}`));
    await t.smtp.attendre(G.g84.email, new RegExp(`Structure ${DEUX}`));
    expect(t.smtp.recus.filter((m) => m.to.includes(G.g11.email))).toEqual([]);
    expect((await g52.get('/gestion/inscriptions')).body).toContain(`SIREN ${DEUX}`);
    expect((await g84.get('/gestion/inscriptions')).body).toContain(`SIREN ${DEUX}`);
    expect((await g11.get('/gestion/inscriptions')).body).not.toContain(`SIREN ${DEUX}`);
    const refus = await g11.post(`/gestion/inscriptions/${DEUX}/refuser`, { motif: 'Non.' });
    expect(refus.statusCode).toBe(403);
    expect(texte(refus.body)).toContain(
      'relève des gestionnaires des régions Pays de la Loire ou Auvergne-Rhône-Alpes',
    );
    // g52 refuses: the refusal is filed under its région (who may read the decision).
    expect((await g52.post(`/gestion/inscriptions/${DEUX}/refuser`, { motif: 'Doublon.' })).statusCode).toBe(
      303,
    );
    const h = await t.ctx.db
      .selectFrom('historique')
      .select('diff')
      .where('entite_id', '=', DEUX)
      .where('action', '=', 'refus')
      .executeTakeFirstOrThrow();
    expect(h.diff).toContainEqual({ champ: 'region', avant: '52', apres: null });
    const mail = (await t.smtp.attendre('deux@cfa.test', /n’a pas été acceptée/)).text;
    expect(mail).toContain('n’a pas été acceptée par un gestionnaire de la région Pays de la Loire.');
    expect(mail).not.toContain(G.g52.email);
    // No administrator is told of a sign-up its régions' gestionnaires review.
    expect(recus(ADMIN.email, DEUX)).toEqual([]);
  });

  it('a SIREN known by its offers only: the région of their sessions decides, through the service too', async () => {
    await inscrire(OFFRES, '11', 'offres@cfa.test');
    const g11Acteur = {
      kind: 'utilisateur' as const,
      id: 'g11',
      email: G.g11.email,
      nom: G.g11.nom,
      role: 'gestionnaire' as const,
      siren: null,
      regions: ['11'],
      academies: [],
    };
    await expect(approveStructure(t.ctx, g11Acteur, OFFRES)).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Auvergne-Rhône-Alpes'),
    });
    await expect(refuseStructure(t.ctx, g11Acteur, OFFRES, 'Non.')).rejects.toMatchObject({ status: 403 });
    expect((await g84.get('/gestion/inscriptions')).body).toContain(`SIREN ${OFFRES}`);
    // The CLI (system) and administrators decide anywhere: the Offre administration decided.
    await approveStructure(t.ctx, SYSTEME('cli'), OFFRES);
    expect(await region(OFFRES)).toEqual({ region: '84', statut: 'active' });
    expect((await t.smtp.attendre('offres@cfa.test', /Votre compte Offre est ouvert/)).text).toContain(
      'a été validée par l’administration d’Offre.',
    );
  });
});
