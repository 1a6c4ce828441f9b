import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SYSTEME } from '../../src/domain/acteur.ts';
import type { FormationInput } from '../../src/domain/formation.schema.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import type { LigneRapportLheo } from '../../src/formats/lheo/lheo.rapport.ts';
import { openLheoExport } from '../../src/services/export-lheo.service.ts';
import { saveFormation } from '../../src/services/formation.service.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { importLheo } from '../../src/services/import-lheo.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';
import { enBuffer, exportClasseur, ouvrir } from '../classeur/classeur.helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { sansVersion } from '../helpers/lheo-version.ts';

// The defect: an archived formation was still written by its organisme's LHEO import or the API —
// its sessions went from `ferme` back to `ouvert` while it stayed `archivee` — when the workbook
// refused it. Every door now refuses a write that changes an archived formation, with one code
// (FORMATION_ARCHIVEE, 409): the API answers it, the LHEO report and the workbook name it for
// that formation in its place and apply the others; the same content passes, unchanged. An
// archived offer is brought back explicitly: « Publier » (back through validation), then changed.

const t = useTestApi();
const ANNEE = 2026;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const organisme = organismeDe(SIREN_A);
const gestionnaire = gestionnaireDe('84');

async function api(method: 'POST' | 'PUT', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

/** Created, published and validated (so that the exports carry it), its recruitment closed by default. */
async function publiee(cle: string, input = fermee(cle)): Promise<string> {
  const r = await api('POST', '/formations', t.keys.writeA, input);
  const { id } = r.json();
  expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  return id;
}

const archiver = async (id: string) =>
  expect((await api('POST', `/formations/${id}/archiver`, t.keys.writeA)).json()).toMatchObject({
    statut: 'archivee',
  });

/** The fixture with its one session's recruitment closed. */
const fermee = (cle: string, over: Partial<FormationInput> = {}): FormationInput => {
  const f = formationFixture({ cle_externe: cle, ...over });
  return { ...f, sessions: f.sessions.map((s) => ({ ...s, etat_recrutement: 'ferme' as const })) };
};
const ouverte = (cle: string): FormationInput => {
  const f = formationFixture({ cle_externe: cle });
  return { ...f, sessions: f.sessions.map((s) => ({ ...s, etat_recrutement: 'ouvert' as const })) };
};

async function etat(id: string) {
  const f = await t.ctx.db
    .selectFrom('formation')
    .select(['intitule', 'statut', 'version'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const s = await t.ctx.db
    .selectFrom('session')
    .select(['etat_recrutement', 'capacite'])
    .where('formation_id', '=', id)
    .orderBy('id')
    .execute();
  const h = await t.ctx.db
    .selectFrom('historique')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('formation_id', '=', id)
    .executeTakeFirstOrThrow();
  return { ...f, sessions: s, historique: Number(h.n) };
}

describe('a write that changes an archived formation', () => {
  it('API: PUT and POST …/sessions answer 409 FORMATION_ARCHIVEE, for the organisme and the administrator; nothing stored', async () => {
    const id = await publiee('AR-API');
    await archiver(id);
    // Archived twice: refused, in French (« d’archiver », not « de archiver »).
    const encore = await api('POST', `/formations/${id}/archiver`, t.keys.writeA);
    expect(encore.statusCode).toBe(409);
    expect(encore.json()).toMatchObject({ code: 'TRANSITION_INVALIDE' });
    // Named as the organisme knows it (intitulé, reference), its internal id only a problem field.
    expect(encore.json().detail).toBe(
      'Impossible d’archiver la formation « BTS Management commercial opérationnel » (référence AR-API) : son statut est « Archivée ».',
    );
    expect(encore.json().formation_id).toBe(id);
    const avant = await etat(id);
    for (const key of [t.keys.writeA, t.keys.admin]) {
      const put = await api('PUT', `/formations/${id}`, key, ouverte('AR-API'));
      expect(put.statusCode).toBe(409);
      expect(put.headers['content-type']).toMatch(/^application\/problem\+json/);
      const e = put.json();
      expect(e).toMatchObject({ status: 409, code: 'FORMATION_ARCHIVEE' });
      expect(e.detail).toContain(id);
      expect(e.detail).toContain('est archivée');
      expect(e.detail).toContain('« Publier »');
      const session = await api('POST', `/formations/${id}/sessions`, key, {
        debut: '2027-09-01',
        fin: '2029-06-30',
        lieu: { adresse: '1 rue de la Paix', code_postal: '69001', commune: 'Lyon', code_insee: '69381' },
      });
      expect(session.statusCode).toBe(409);
      expect(session.json()).toMatchObject({ code: 'FORMATION_ARCHIVEE' });
    }
    await expect(saveFormation(t.ctx, gestionnaire, ouverte('AR-API'), { id })).rejects.toMatchObject({
      code: 'FORMATION_ARCHIVEE',
      status: 409,
    });
    expect(await etat(id)).toEqual(avant);
    // The same content passes, unchanged.
    const meme = await api('PUT', `/formations/${id}`, t.keys.writeA, fermee('AR-API'));
    expect(meme.statusCode).toBe(200);
    expect(meme.json()).toMatchObject({ changed: false });
    expect(await etat(id)).toEqual(avant);
    // Brought back explicitly (« Publier »: back through validation), it is written again.
    expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).json()).toMatchObject({
      statut: 'en_attente_validation',
    });
    const apres = await api('PUT', `/formations/${id}`, t.keys.writeA, ouverte('AR-API'));
    expect(apres.json()).toMatchObject({ changed: true });
    expect((await etat(id)).sessions.map((s) => s.etat_recrutement)).toEqual(['ouvert']);
  });

  it('the organisme’s LHEO import: that formation refused in its place, the others applied, the same either path', async () => {
    const archivee = await publiee('AR-LH-1');
    await publiee('AR-LH-2');
    const exp = await openLheoExport(t.ctx.db, SYSTEME('export-lheo'), { siret: SIRET_A }, new Date());
    let xml0 = '';
    for await (const c of exp.chunks) xml0 += c;
    // Without the versions: the archiving itself would refuse it as older (LHEO_VERSION_ANCIENNE).
    xml0 = sansVersion(xml0);
    await archiver(archivee);
    const avant = await etat(archivee);
    for (const writePath of ['single', 'bulk'] as const) {
      // Its recruitment reopened and its title changed: the defect wrote both.
      const xml = xml0
        .replace(/<intitule-formation>([^<]*)</g, `<intitule-formation>$1 (${writePath})<`)
        .replace(/<etat-recrutement>2<\/etat-recrutement>/g, '<etat-recrutement>1</etat-recrutement>');
      const lignes: LigneRapportLheo[] = [];
      const r = await importLheo(t.ctx, organisme, Readable.from([xml]), {
        writePath,
        onLigne: (l) => lignes.push(l),
      });
      const refus = r.rejets.filter((x) => x.code === 'FORMATION_ARCHIVEE');
      expect(refus).toHaveLength(1);
      expect(refus[0]!.message).toMatch(
        /^Formation n° \d+ \(ligne \d+\) : La formation \S+ « .+ » est archivée/,
      );
      expect(refus[0]!.message).toContain(archivee);
      expect(r.formations.rejetees).toBe(1);
      expect(r.formations.mises_a_jour).toBeGreaterThan(0);
      // In its place in the line-by-line report: between the lines of the other formations.
      const refusee = lignes.find((l) => l.code === 'FORMATION_ARCHIVEE')!;
      expect(refusee).toMatchObject({ resultat: 'refusee', numero: 'AR-LH-1' });
      const autres = lignes.filter((l) => l.numero === 'AR-LH-2');
      expect(autres.length).toBeGreaterThan(0);
      expect(autres.every((l) => l.resultat === 'modifiee')).toBe(true);
      expect(await etat(archivee)).toEqual(avant);
    }
  });

  it('the workbook: the row of an archived formation is an error FORMATION_ARCHIVEE, the others applied', async () => {
    // Open: the workbook carries the places whose recruitment is not closed.
    const archivee = await publiee('AR-CL-1', ouverte('AR-CL-1'));
    const autre = await publiee('AR-CL-2', ouverte('AR-CL-2'));
    const wb = await ouvrir(await exportClasseur(t, ANNEE, SIRET_A));
    await archiver(archivee);
    wb.getWorksheet('Offre')!.eachRow((row, n) => {
      if (n === 1) return;
      const ref = String(row.getCell(COL.reference!).value ?? '');
      if (ref.startsWith(`${archivee}/`) || ref.startsWith(`${autre}/`))
        row.getCell(COL.capacite!).value = 30;
    });
    const fichier = await enBuffer(wb);
    for (const writePath of ['single', 'bulk'] as const) {
      const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun: false, writePath });
      const ligne = rapport.lignes.find((l) => l.reference?.startsWith(`${archivee}/`))!;
      expect(ligne).toMatchObject({ verdict: 'erreur', erreurs: [{ code: 'FORMATION_ARCHIVEE' }] });
      expect(ligne.erreurs[0]!.message).toContain('archivée');
    }
    expect((await etat(archivee)).sessions.map((s) => s.capacite)).toEqual([24]);
    expect((await etat(autre)).statut).toBe('publiee');
  });
});
