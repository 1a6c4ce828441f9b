import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCampagne, setCampagneCourante } from '../../src/db/campagne.repository.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import { saveFormationTx } from '../../src/services/formation.service.ts';
import { formationFixture, SIRET_A, SIRET_B, type TestApi, testApi } from '../api/helpers.ts';
import { compter, enBuffer, loadOffre, NOW, ouvrir } from './classeur.helpers.ts';

// The workbook through the API: download, preview (dry_run), apply, annotated copy, access.

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COL = Object.fromEntries(colonnesClasseur(2027).map((c, i) => [c.cle, i + 1]));

describe('campaign workbook API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await testApi({ now: () => NOW });
    await loadOffre(api);
    // Owned by SIREN B, taught by SIRET A: never in A's workbook, whoever downloads it (A could not
    // send that row back); in B's (test/classeur/proprietaire-export.test.ts).
    const f = formationFixture({
      cle_externe: 'B-FORMATEUR-A',
      siret: SIRET_B,
      formateur: { siret: SIRET_A },
    });
    await api.ctx.db.transaction().execute((trx) => saveFormationTx(trx, SYSTEME('test'), f, { now: NOW }));
  });
  afterAll(() => api.close());

  const telecharger = (key: string) =>
    api.app.inject({
      method: 'GET',
      url: `/api/v1/organismes/${SIRET_A}/classeur?campagne=2027`,
      headers: { authorization: `Bearer ${key}` },
    });

  it('without campagne: the current campaign, as the CLI; none current → 400 naming campagne', async () => {
    const sans = () =>
      api.app.inject({
        method: 'GET',
        url: `/api/v1/organismes/${SIRET_A}/classeur`,
        headers: { authorization: `Bearer ${api.keys.writeA}` },
      });
    await ensureCampagne(api.ctx.db, 2027);
    await setCampagneCourante(api.ctx.db, 2027);
    const ok = await sans();
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-disposition']).toContain(`offre-${SIRET_A}-campagne-2027.xlsx`);
    await api.ctx.db.updateTable('campagne').set({ courante: false }).execute();
    const refus = await sans();
    expect(refus.statusCode).toBe(400);
    expect(refus.json()).toMatchObject({ code: 'REQUETE_INVALIDE' });
    expect(refus.json().detail).toContain('Aucune campagne courante');
    expect(refus.json().detail).toContain('campagne');
    await setCampagneCourante(api.ctx.db, 2027);
  });

  it('gives the workbook to a key of that SIREN or an admin, not to another organisation', async () => {
    const ok = await telecharger(api.keys.writeA);
    expect(ok.statusCode).toBe(200);
    expect(ok.headers['content-type']).toBe(XLSX);
    expect(ok.headers['content-disposition']).toContain(`offre-${SIRET_A}-campagne-2027.xlsx`);
    expect((await ouvrir(ok.rawPayload)).getWorksheet('Offre')!.actualRowCount).toBe(5);
    // An administrator gets the same selection as the organisme: the offer its SIREN owns.
    const admin = await telecharger(api.keys.admin);
    expect((await ouvrir(admin.rawPayload)).getWorksheet('Offre')!.actualRowCount).toBe(5);
    const deB = await api.app.inject({
      method: 'GET',
      url: `/api/v1/organismes/${SIRET_B}/classeur?campagne=2027`,
      headers: { authorization: `Bearer ${api.keys.admin}` },
    });
    expect((await ouvrir(deB.rawPayload)).getWorksheet('Offre')!.actualRowCount).toBe(2);
    // A key of another SIREN, a read key: refused (security review 04/12, with the gestionnaires').
    for (const cle of [api.keys.writeB, api.keys.read]) {
      const autre = await telecharger(cle);
      expect(autre.statusCode).toBe(403);
      expect(autre.json()).toMatchObject({ code: 'ACCES_REFUSE' });
    }
    expect(
      (await api.app.inject({ method: 'GET', url: `/api/v1/organismes/${SIRET_A}/classeur?campagne=2027` }))
        .statusCode,
    ).toBe(401);
  });

  it('previews, then applies, then gives back the annotated copy', async () => {
    const wb = await ouvrir((await telecharger(api.keys.writeA)).rawPayload);
    const ws = wb.getWorksheet('Offre')!;
    for (const r of [2, 3, 4]) {
      ws.getRow(r).getCell(COL.debut!).value = '01/09/2027';
      ws.getRow(r).getCell(COL.fin!).value = '30/06/2029';
    }
    // Row 5: half a pair of dates, an error naming the empty one (both empty: no 2027 session there).
    ws.getRow(5).getCell(COL.debut!).value = '01/09/2027';
    const fichier = await enBuffer(wb);
    const envoyer = (query: string, key = api.keys.writeA) =>
      api.app.inject({
        method: 'POST',
        url: `/api/v1/imports/classeur${query}`,
        headers: { authorization: `Bearer ${key}`, 'content-type': XLSX },
        payload: fichier,
      });
    const avant = await compter(api);
    const apercu = await envoyer('?dry_run=true');
    expect(apercu.statusCode).toBe(200);
    expect(apercu.json().totaux).toEqual({ nouvelle: 0, modifiee: 3, fermee: 0, inchangee: 0, erreur: 1 });
    expect(await compter(api)).toEqual(avant);

    const copie = await envoyer('?dry_run=true&format=xlsx');
    expect(copie.headers['content-type']).toBe(XLSX);
    expect(JSON.parse(String(copie.headers['x-offre-totaux']))).toMatchObject({ erreur: 1 });
    expect(
      String((await ouvrir(copie.rawPayload)).getWorksheet('Offre')!.getRow(5).getCell(26).value),
    ).toMatch(/^Ligne 5, colonne « Date de fin 2027 »/);

    // Multipart form, as a browser sends it.
    const boundary = '----offre';
    const corps = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="classeur.xlsx"\r\nContent-Type: ${XLSX}\r\n\r\n`,
      ),
      fichier,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const applique = await api.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur',
      headers: {
        authorization: `Bearer ${api.keys.writeA}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: corps,
    });
    expect(applique.statusCode).toBe(200);
    expect(applique.json().totaux).toEqual({ nouvelle: 0, modifiee: 3, fermee: 0, inchangee: 0, erreur: 1 });
    expect((await compter(api)).sessions).toBe(avant.sessions + 3);
    expect((await envoyer('')).json().totaux).toEqual({
      nouvelle: 0,
      modifiee: 0,
      fermee: 0,
      inchangee: 3,
      erreur: 1,
    });

    // Another organisme's key sending this organisme's workbook (its SIRET in the Versions sheet):
    // the whole file is refused once, nothing compared (test/classeur/autre-organisme.test.ts).
    const b = await envoyer('?dry_run=true', api.keys.writeB);
    expect(b.statusCode, b.body).toBe(403);
    expect(b.json()).toMatchObject({ code: 'CLASSEUR_AUTRE_ORGANISME' });
  });

  it('refuses a file that is not a workbook with a problem details', async () => {
    const r = await api.app.inject({
      method: 'POST',
      url: '/api/v1/imports/classeur',
      headers: { authorization: `Bearer ${api.keys.writeA}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('pas un classeur'),
    });
    expect(r.statusCode).toBe(422);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ code: 'CLASSEUR_PAS_XLSX' });
  });
});
