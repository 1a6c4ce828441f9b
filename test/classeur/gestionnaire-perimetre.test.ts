import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Acteur } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { RapportClasseur } from '../../src/formats/classeur/classeur.report.ts';
import { prepareClasseur } from '../../src/services/export-classeur.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, diffuseeParApi, formationFixture, SIRET_A, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe } from '../helpers/acteurs.ts';
import { enBuffer, ouvrir, peindre } from './classeur.helpers.ts';

// A gestionnaire's workbook lists the organisme's offer, drafts and offers waiting for validation
// included (export-classeur.service.ts). Its import must find what the store lets the
// gestionnaire see and change — the formations with a live session in its régions, diffused or
// not (domain/acces.ts isVisible with the formation's régions) — not only the diffused ones: a
// draft of its région came back « Référence inconnue ». A formation of another région stays out
// of its reach and of its workbook.

const t = useTestApi();
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const gestionnaire = gestionnaireDe('84');

const api = (method: 'POST' | 'GET', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(t.keys.writeA), payload });
const lire = async (id: string) =>
  (
    await t.app.inject({ method: 'GET', url: `/api/v1/formations/${id}`, headers: bearer(t.keys.admin) })
  ).json();

async function creer(cle: string, lieu?: object): Promise<string> {
  const f = formationFixture({ cle_externe: cle });
  if (lieu) f.sessions = [{ ...f.sessions[0]!, lieu: lieu as (typeof f.sessions)[0]['lieu'] }];
  return (await api('POST', '/formations', f)).json().id;
}

/** The workbook of SIRET_A as `acteur` downloads it, each formation's capacity set to `capacite`. */
async function classeurDe(acteur: Acteur, capacite: Record<string, number>): Promise<Buffer> {
  const c = await prepareClasseur(t.ctx, acteur, { siret: SIRET_A, annee: ANNEE });
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (b: Buffer) => chunks.push(b));
  await c.ecrire(out);
  const wb = await ouvrir(Buffer.concat(chunks));
  wb.getWorksheet('Offre')!.eachRow((row: ExcelJS.Row, r) => {
    if (r === 1) return;
    const id = String(row.getCell(COL.reference!).value ?? '').split('/')[0]!;
    if (capacite[id] === undefined) return;
    const cell = row.getCell(COL.capacite!);
    cell.value = capacite[id]!;
    peindre(cell, { font: { color: { argb: 'FFFF0000' } } });
  });
  return enBuffer(wb);
}

const ligneDe = (r: RapportClasseur, id: string) => r.lignes.find((l) => l.reference?.startsWith(`${id}/`));
const resume = (r: RapportClasseur) =>
  r.lignes.map((l) => ({ ligne: l.ligne, verdict: l.verdict, erreurs: l.erreurs.map((e) => e.code) }));

describe('a gestionnaire’s workbook: the non-diffused formations of its régions', () => {
  it('finds and changes a draft and an offer waiting for validation of its région; not a draft of another région', async () => {
    const brouillon = await creer('PER-BROUILLON');
    const enAttente = await creer('PER-ATTENTE');
    await api('POST', `/formations/${enAttente}/publier`);
    expect((await lire(enAttente)).statut).toBe('en_attente_validation');
    const ailleurs = await creer('PER-PARIS', {
      adresse: '1 rue de Rivoli',
      code_postal: '75001',
      commune: 'Paris',
      code_insee: '75101',
    });
    const diffusee = await diffuseeParApi(t, 'PER-DIFFUSEE');
    const capacites = { [brouillon]: 31, [enAttente]: 32, [ailleurs]: 33, [diffusee]: 34 };
    const fichier = await classeurDe(gestionnaire, capacites);

    for (const [engine, dryRun] of [
      ['aperçu', true],
      ['application', false],
    ] as const) {
      const r = (await importClasseur(t.ctx, gestionnaire, fichier, { dryRun })).rapport;
      for (const id of [brouillon, enAttente, diffusee])
        expect(ligneDe(r, id), `${engine} ${id}`).toMatchObject({
          verdict: 'modifiee',
          champs: ['Capacité'],
        });
      // Another région's draft: not even listed by the gestionnaire's export (security review 04/12).
      expect(ligneDe(r, ailleurs)).toBeUndefined();
      if (dryRun) expect(resume(r)).toEqual(resume(r));
    }
    expect((await lire(brouillon)).sessions[0].capacite).toBe(31);
    expect((await lire(enAttente)).sessions[0].capacite).toBe(32);
    expect((await lire(diffusee)).sessions[0].capacite).toBe(34);
    expect((await lire(ailleurs)).sessions[0].capacite).toBe(24);
  });
});
