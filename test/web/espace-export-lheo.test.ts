import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveFormation } from '../../src/services/formation.service.ts';
import { transition } from '../../src/services/workflow.service.ts';
import { formationFixture, SIREN_A, SIREN_B, SIRET_B } from '../api/helpers.ts';
import { connecte, type Navigateur, type TestWeb, testWeb } from '../auth/web.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { attendre, envoyer, texte } from './imports.helpers.ts';

// A fresh user's report: an organisme had no way to download its own offer in LHEO from its space
// (the export existed for the API and the command line only). The Imports page of /espace now
// links to /espace/imports/lheo: the organisme's own formations (neither archived nor deleted,
// whatever their statut), never another organisme's — even diffused ones, which the API's export
// gives every key; and the page is the organisme's only (another role is refused).

let t: TestWeb;
let orgA: Navigateur;
let orgB: Navigateur;
let g11: Navigateur;
let brouillon = '';

beforeAll(async () => {
  t = await testWeb({ smtp: false });
  orgA = await connecte(t, { email: 'lheo@cfa-a.test', role: 'organisme', siren: SIREN_A }, '10.33.0.1');
  orgB = await connecte(t, { email: 'lheo@cfa-b.test', role: 'organisme', siren: SIREN_B }, '10.33.0.2');
  g11 = await connecte(t, { email: 'lheo@region.test', role: 'gestionnaire', region: '84' }, '10.33.0.3');
  const a = organismeDe(SIREN_A);
  const g = gestionnaireDe('84');
  // A's: one validated (diffused), one draft, one archived.
  const publiee = await saveFormation(
    t.ctx,
    a,
    formationFixture({ cle_externe: 'A-PUB', intitule: 'BTS Offre de A publiée' }),
  );
  await transition(t.ctx, a, publiee.id, 'publier');
  await transition(t.ctx, g, publiee.id, 'valider');
  brouillon = (
    await saveFormation(
      t.ctx,
      a,
      formationFixture({ cle_externe: 'A-BROUILLON', intitule: 'CAP Brouillon de A' }),
    )
  ).id;
  const archivee = await saveFormation(
    t.ctx,
    a,
    formationFixture({ cle_externe: 'A-ARCH', intitule: 'BP Archivée de A' }),
  );
  await transition(t.ctx, a, archivee.id, 'publier');
  await transition(t.ctx, g, archivee.id, 'valider');
  await transition(t.ctx, a, archivee.id, 'archiver');
  // B's, validated: diffused, so in the API's export for any key, never in A's.
  const b = organismeDe(SIREN_B);
  const deB = await saveFormation(
    t.ctx,
    b,
    formationFixture({ cle_externe: 'B-PUB', intitule: 'BTS Offre de B publiée', siret: SIRET_B }),
  );
  await transition(t.ctx, b, deB.id, 'publier');
  await transition(t.ctx, g, deB.id, 'valider');
});
afterAll(() => t?.close());

describe('the organisme’s own offer in LHEO, from its space', () => {
  it('the Imports page links to it', async () => {
    const r = await orgA.get('/espace/imports');
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('href="/espace/imports/lheo"');
    expect(r.body).toContain('Télécharger votre offre au format LHEO 2.3 (.xml)');
  });

  it('holds its own formations, drafts included, neither archived ones nor another organisme’s', async () => {
    const r = await orgA.get('/espace/imports/lheo');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/xml');
    expect(String(r.headers['content-disposition'])).toMatch(
      /^attachment; filename="offre-lheo-2\.3-siren-\d{9}-\d{4}-\d{2}-\d{2}\.xml"/,
    );
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(r.body).toContain('BTS Offre de A publiée');
    expect(r.body).toContain('CAP Brouillon de A');
    expect(r.body).not.toContain('BP Archivée de A');
    expect(r.body).not.toContain('Offre de B');
    // B's own export has B's offer and nothing of A's.
    const deB = await orgB.get('/espace/imports/lheo');
    expect(deB.statusCode).toBe(200);
    expect(deB.body).toContain('BTS Offre de B publiée');
    expect(deB.body).not.toContain('de A');
  });

  it('is refused to another role and to nobody signed in', async () => {
    const g = await g11.get('/espace/imports/lheo');
    expect(g.statusCode).toBe(403);
    expect(g.body).not.toContain('<lheo');
    const anonyme = await t.app.inject({ method: 'GET', url: '/espace/imports/lheo' });
    expect([302, 303, 401]).toContain(anonyme.statusCode);
    expect(anonyme.body).not.toContain('<lheo');
  });

  // A fresh user's HIGH (07/12): the earlier export sent back undid a change made in Offre since.
  it('sent back after a change in Offre: the preview and the report refuse that formation, say why and what to do; the others are applied', async () => {
    const xml = (await orgA.get('/espace/imports/lheo')).body;
    expect(xml).toContain(`<extra info="formation">${brouillon}</extra>`);
    expect(xml).toMatch(/<extra info="exporte-le">\d{4}-\d{2}-\d{2}T[^<]+<\/extra>/);
    // Changed in Offre after the export (the space's form, a workbook…).
    await saveFormation(
      t.ctx,
      organismeDe(SIREN_A),
      formationFixture({ cle_externe: 'A-BROUILLON', intitule: 'CAP Brouillon de A (modifié dans Offre)' }),
    );
    // The earlier file, another formation's title edited.
    const ancien = xml.replace('BTS Offre de A publiée<', 'BTS Offre de A publiée (fichier)<');
    await orgA.get('/espace/imports');
    const job = (await envoyer(orgA, 'lheo', 'offre-ancienne.xml', Buffer.from(ancien))).headers
      .location as string;
    const dire = (page: string, apercu: boolean) => {
      expect(page).toContain('LHEO_VERSION_ANCIENNE');
      expect(page).toContain(
        'la formation « A-BROUILLON » a été modifiée dans Offre depuis l’export de ce fichier le ',
      );
      expect(page).toContain(
        apercu
          ? 'elle ne sera pas mise à jour par ce fichier'
          : 'elle n’a pas été mise à jour par ce fichier',
      );
      expect(page).toContain('Exportez de nouveau votre offre');
    };
    dire(texte((await attendre(orgA, job)).body), true);
    await orgA.post(`${job}/appliquer`, {});
    dire(texte((await attendre(orgA, job)).body), false);
    const titres = await t.ctx.db
      .selectFrom('formation')
      .select(['cle_externe', 'intitule'])
      .where('cle_externe', '=', 'A-BROUILLON')
      .execute();
    expect(titres).toEqual([
      { cle_externe: 'A-BROUILLON', intitule: 'CAP Brouillon de A (modifié dans Offre)' },
    ]);
  });
});
