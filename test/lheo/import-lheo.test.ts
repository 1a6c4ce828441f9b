import { createReadStream, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { listFormations } from '../../src/services/formation.service.ts';
import { importLheo, previewLheo } from '../../src/services/import-lheo.service.ts';
import { SIREN_A, type TestApi, testApi } from '../api/helpers.ts';

const fixture = (name: string) => new URL(`../fixtures/lheo/${name}`, import.meta.url);
const systeme = SYSTEME('test-lheo');

let t: TestApi;
beforeAll(async () => {
  let clock = Date.UTC(2026, 0, 15);
  t = await testApi({ now: () => new Date(clock++) });
});
afterAll(async () => t?.close());

// The fixture's action 2 names code-financeur 13 (État, autre), which Offre does not model: said,
// not stored (h-fuite item 2).
const FINANCEUR_13 = {
  chemin: '/lheo/offres/formation[1]/action[2]/organisme-financeur[2]/code-financeur',
  code: 'LHEO_FINANCEUR_NON_REPRIS',
  ligne: 98,
  message:
    'Formation n° 1 (ligne 98) : action 2, code-financeur « 13 » : financeur du dictionnaire LHEO qu’Offre ne distingue pas (Offre reprend 2 Région, 4 France Travail, 7 Agefiph, 16 OPCO) ; il n’est pas enregistré.',
  numero: 'F-BTS-MCO',
};

const all = async () => (await listFormations(t.ctx.db, systeme, {}, { limit: 1000 })).data;

describe('LHEO import', () => {
  it('previews without storing anything', async () => {
    const creee = expect.objectContaining({ publiee: false, levees: [], catalogue_avant: null });
    const report = await previewLheo(t.ctx, systeme, createReadStream(fixture('offre-2.3.xml')), {
      fichier: 'offre-2.3.xml',
    });
    expect(report).toEqual({
      formations: { creees: 3, mises_a_jour: 0, inchangees: 0, rejetees: 0 },
      rejets: [],
      rejets_total: 0,
      // A preview names the blocking rules of each formation created (imports/apercu-regles.ts).
      creees: [
        { ligne: 4, numero: 'F-BTS-MCO', intitule: 'BTS Management commercial opérationnel', regles: creee },
        { ligne: 118, numero: 'F-CAP-CUISINE', intitule: 'CAP Cuisine', regles: creee },
        {
          ligne: 158,
          numero: 'F-TP-SECRETAIRE',
          intitule: 'Titre professionnel Secrétaire assistant',
          regles: creee,
        },
      ],
      modifiees: [],
      // A preview counts the updates that would stop being diffused (none here: only creations).
      non_diffusables: 0,
      creees_non_diffusables: expect.any(Number),
      regles_par_code: expect.any(Array),
      revisions_gardees: 0,
      avertissements: [FINANCEUR_13],
      avertissements_total: 1,
    });
    expect(await all()).toHaveLength(0);
  });

  it('imports LHEO 2.3, then a second import changes nothing', async () => {
    const first = await importLheo(t.ctx, systeme, createReadStream(fixture('offre-2.3.xml')));
    expect(first.formations).toEqual({ creees: 3, mises_a_jour: 0, inchangees: 0, rejetees: 0 });
    const stored = await all();
    const bts = stored.find((f) => f.cle_externe === 'F-BTS-MCO')!;
    expect(bts.responsable).toMatchObject({
      siret: '13002526500013',
      siren: SIREN_A,
      raison_sociale: 'CFA Lumière',
      nda: '84691234569',
    });
    expect(bts.sessions.map((s) => [s.cle_externe, s.debut, s.fin, s.etat_recrutement])).toEqual([
      ['S-2025', '2025-09-01', '2027-06-30', 'ferme'],
      ['S-2026', '2026-09-01', '2028-06-30', 'ouvert'],
      ['S-PERM', null, null, 'suspendu'],
    ]);
    expect(bts.contacts.map((c) => c.type)).toEqual(['pedagogique', 'referent_handicap']);

    const again = await importLheo(t.ctx, systeme, createReadStream(fixture('offre-2.3.xml')));
    expect(again).toEqual({
      formations: { creees: 0, mises_a_jour: 0, inchangees: 3, rejetees: 0 },
      rejets: [],
      rejets_total: 0,
      creees: [],
      modifiees: [],
      revisions_gardees: 0,
      avertissements: [FINANCEUR_13],
      avertissements_total: 1,
    });
    expect(await all()).toHaveLength(3);
  });

  it('updates by numero instead of duplicating', async () => {
    const xml = readFileSync(fixture('offre-2.3.xml'), 'utf8').replace(
      '<intitule-formation>CAP Cuisine<',
      '<intitule-formation>CAP Cuisine (nouvel intitulé)<',
    );
    const report = await importLheo(t.ctx, systeme, [xml]);
    expect(report.formations).toEqual({ creees: 0, mises_a_jour: 1, inchangees: 2, rejetees: 0 });
    expect((await all()).map((f) => f.intitule)).toContain('CAP Cuisine (nouvel intitulé)');
  });

  it('imports LHEO 2.2 (ISO-8859-1)', async () => {
    const report = await importLheo(t.ctx, systeme, createReadStream(fixture('offre-2.2.xml')));
    expect(report.formations).toEqual({ creees: 2, mises_a_jour: 0, inchangees: 0, rejetees: 0 });
    const bp = (await all()).find((f) => f.cle_externe === '22-BP-BOULANGER')!;
    expect(bp.responsable?.raison_sociale).toBe('CFA des métiers de Limoges');
  });

  it('stores the valid records and rejects the others with their XML path', async () => {
    const report = await importLheo(t.ctx, systeme, createReadStream(fixture('avec-erreurs.xml')));
    expect(report.formations).toEqual({ creees: 1, mises_a_jour: 0, inchangees: 0, rejetees: 2 });
    expect(report.rejets.map((r) => [r.chemin, r.code])).toEqual([
      ['/lheo/offres/formation[2]/action[1]/session[2]/periode/debut', 'LHEO_DATE_INVALIDE'],
      ['/lheo/offres/formation[3]/@numero', 'LHEO_NUMERO_ABSENT'],
      ['/lheo/offres/formation[3]/action[1]/session[1]/etat-recrutement', 'LHEO_ETAT_RECRUTEMENT'],
    ]);
    const keys = (await all()).map((f) => f.cle_externe);
    expect(keys).toContain('OK-1');
    expect(keys).not.toContain('KO-2');
  });

  it('rejects a record the store refuses, leaving the others applied', async () => {
    const xml = `<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>
      <formation numero="SANS-RESPONSABLE"><intitule-formation>Orpheline</intitule-formation></formation>
      <formation numero="AVEC"><intitule-formation>Avec responsable</intitule-formation>
        <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation></organisme-formation-responsable></formation>
      <formation numero="AVEC"><intitule-formation>Doublon</intitule-formation>
        <organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation></organisme-formation-responsable></formation>
    </offres></lheo>`;
    const report = await importLheo(t.ctx, systeme, [xml]);
    expect(report.formations).toEqual({ creees: 1, mises_a_jour: 0, inchangees: 0, rejetees: 2 });
    expect(report.rejets.map((r) => [r.chemin, r.code])).toEqual([
      ['/lheo/offres/formation[1]/organisme-formation-responsable', 'PROPRIETAIRE_INCONNU'],
      ['/lheo/offres/formation[3]/@numero', 'LHEO_NUMERO_DOUBLON'],
    ]);
    expect((await all()).map((f) => f.cle_externe)).not.toContain('SANS-RESPONSABLE');
  });

  it('rejects a formation with an empty or absent title (XSD: required, at least one character), by element and line', async () => {
    const resp =
      '<organisme-formation-responsable><SIRET-organisme-formation><SIRET>13002526500013</SIRET></SIRET-organisme-formation></organisme-formation-responsable>';
    const xml = `<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>
      <formation numero="VIDE"><intitule-formation></intitule-formation>${resp}</formation>
      <formation numero="BLANC">
        <intitule-formation>   </intitule-formation>${resp}</formation>
      <formation numero="ABSENT">${resp}</formation>
      <formation numero="TITREE"><intitule-formation>Titrée</intitule-formation>${resp}</formation>
    </offres></lheo>`;
    const report = await importLheo(t.ctx, systeme, [xml], { fichier: 'sans-titre.xml' });
    expect(report.formations).toEqual({ creees: 1, mises_a_jour: 0, inchangees: 0, rejetees: 3 });
    expect(report.rejets.map((r) => [r.chemin, r.code, r.ligne, r.numero])).toEqual([
      ['/lheo/offres/formation[1]/intitule-formation', 'LHEO_INTITULE_ABSENT', 2, 'VIDE'],
      ['/lheo/offres/formation[2]/intitule-formation', 'LHEO_INTITULE_ABSENT', 4, 'BLANC'],
      ['/lheo/offres/formation[3]/intitule-formation', 'LHEO_INTITULE_ABSENT', 5, 'ABSENT'],
    ]);
    expect(report.rejets[0]!.message).toBe(
      'Formation n° 1 (ligne 2) : élément « intitule-formation » vide : l’intitulé de la formation est obligatoire, même pour un brouillon.',
    );
    expect(report.rejets[2]!.message).toContain('« intitule-formation » absent');
    const keys = (await all()).map((f) => f.cle_externe);
    expect(keys).toContain('TITREE');
    for (const k of ['VIDE', 'BLANC', 'ABSENT']) expect(keys).not.toContain(k);
  });

  it.each(['xxe.xml', 'billion-laughs.xml'])('refuses %s and stores nothing', async (name) => {
    const before = (await all()).length;
    await expect(
      importLheo(t.ctx, systeme, createReadStream(fixture(name)), { fichier: name }),
    ).rejects.toMatchObject({
      code: 'LHEO_ENTITES_INTERDITES',
      details: { fichier: name },
    });
    expect(await all()).toHaveLength(before);
  });

  it('rolls the whole file back when the XML breaks half-way', async () => {
    const before = (await all()).length;
    const xml = readFileSync(fixture('offre-2.3.xml'), 'utf8')
      .replace('</offres>', '<formation numero="Z"><intitule-formation>cassé</formation></offres>')
      .replaceAll('F-', 'G-');
    await expect(importLheo(t.ctx, systeme, [xml])).rejects.toMatchObject({ code: 'LHEO_XML_INVALIDE' });
    expect(await all()).toHaveLength(before);
  });
});

describe('POST /api/v1/imports/lheo', () => {
  const post = (key: string | null, body: string, qs = '') =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/lheo${qs}`,
      headers: { 'content-type': 'application/xml', ...(key ? { authorization: `Bearer ${key}` } : {}) },
      payload: body,
    });

  it('needs a write key', async () => {
    expect((await post(null, '<lheo/>')).statusCode).toBe(401);
    expect((await post(t.keys.read, '<lheo/>')).statusCode).toBe(403);
  });

  it('imports for an organisation its own offers only, with a preview first', async () => {
    const xml = readFileSync(fixture('offre-2.3.xml'), 'utf8').replaceAll('numero="F-', 'numero="API-');
    const preview = await post(t.keys.writeA, xml, '?dry_run=true');
    expect(preview.statusCode).toBe(200);
    expect(preview.json().formations).toEqual({ creees: 1, mises_a_jour: 0, inchangees: 0, rejetees: 2 });
    expect(preview.json().rejets.map((r: { chemin: string; code: string }) => [r.chemin, r.code])).toEqual([
      ['/lheo/offres/formation[2]/organisme-formation-responsable', 'ACCES_REFUSE'],
      ['/lheo/offres/formation[3]/organisme-formation-responsable', 'ACCES_REFUSE'],
    ]);
    expect((await all()).map((f) => f.cle_externe)).not.toContain('API-BTS-MCO');
    const applied = await post(t.keys.writeA, xml);
    expect(applied.json().formations.creees).toBe(1);
    expect((await post(t.keys.writeA, xml)).json().formations).toEqual({
      creees: 0,
      mises_a_jour: 0,
      inchangees: 1,
      rejetees: 2,
    });
  });

  it('answers a problem for hostile or broken XML', async () => {
    const res = await post(t.keys.admin, readFileSync(fixture('xxe.xml'), 'utf8'));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('LHEO_ENTITES_INTERDITES');
  });
});
